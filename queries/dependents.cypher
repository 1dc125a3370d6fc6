// Dependents: what a topic unlocks (topics transitively REQUIRING it).
// params: $topic (topic id, e.g. topic:docker/core-competencies/image-building)
// returns: depth (fewest REQUIRES steps to the topic), id, name, roadmap, level
MATCH (d:Topic)-[:REQUIRES*1..]->(t:Topic {id: $topic})
WITH DISTINCT d, t
MATCH chain = shortestPath((d)-[:REQUIRES*1..]->(t))
RETURN length(chain) AS depth, d.id AS id, d.name AS name, d.roadmap AS roadmap, d.level AS level
ORDER BY depth, id
