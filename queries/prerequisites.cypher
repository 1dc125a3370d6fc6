// Prerequisites: what a topic transitively REQUIRES, nearest first.
// params: $topic (topic id, e.g. topic:kubernetes/security-aspects/rbac)
// returns: depth (fewest REQUIRES steps from the topic), id, name, roadmap, level, effort_hours
// Members of an any-of group are all listed (the topic needs only one of them).
MATCH (t:Topic {id: $topic})-[:REQUIRES*1..]->(p:Topic)
WITH DISTINCT t, p
MATCH chain = shortestPath((t)-[:REQUIRES*1..]->(p))
RETURN length(chain) AS depth, p.id AS id, p.name AS name, p.roadmap AS roadmap, p.level AS level,
       p.effort_hours AS effort_hours
ORDER BY depth, id
