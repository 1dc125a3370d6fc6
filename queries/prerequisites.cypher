// Prerequisites: what a topic transitively REQUIRES, nearest first.
// params: $topic (topic id, e.g. topic:kubernetes/security-aspects/rbac), $with_recommended (also follow recommended edges)
// defaults: with_recommended=false
// returns: depth (fewest REQUIRES steps from the topic), id, name, roadmap, level, effort_hours,
// strength (essential, or recommended when only recommended edges lead there), part (the part
// needed, when every edge into it needs only a part) and hours (the hours that part counts,
// else the topic's effort).
// Edges followed: essential ones (and recommended with $with_recommended); a prerequisite
// needed only in part does not bring in its own prerequisites. Members of an any-of group are
// all listed (the topic needs only one of them).
MATCH path = (t:Topic {id: $topic})-[:REQUIRES*1..]->(p:Topic)
WHERE all(r IN relationships(path) WHERE $with_recommended OR coalesce(r.strength, 'essential') = 'essential')
  AND all(r IN relationships(path)[..-1] WHERE r.hours IS NULL)
WITH p, path, last(relationships(path)) AS into,
     all(r IN relationships(path) WHERE coalesce(r.strength, 'essential') = 'essential') AS essential
ORDER BY startNode(into).id
WITH p, min(length(path)) AS depth, collect(DISTINCT into) AS intos, max(CASE WHEN essential THEN 1 ELSE 0 END) AS essential
WITH p, depth, essential, [r IN intos WHERE r.hours IS NULL] AS whole, [r IN intos WHERE r.hours IS NOT NULL] AS parts
WITH p, depth, essential, whole, parts,
     reduce(most = 0.0, r IN parts | CASE WHEN r.hours > most THEN r.hours ELSE most END) AS part_hours
RETURN depth, p.id AS id, p.name AS name, p.roadmap AS roadmap, p.level AS level, p.effort_hours AS effort_hours,
       CASE WHEN essential = 1 THEN 'essential' ELSE 'recommended' END AS strength,
       CASE WHEN size(whole) = 0 THEN reduce(text = '', n IN reduce(seen = [], r IN parts | CASE WHEN r.needs IN seen THEN seen ELSE seen + r.needs END) | text + CASE WHEN text = '' THEN '' ELSE '; ' END + n) END AS part,
       CASE WHEN size(whole) = 0 AND part_hours < p.effort_hours THEN part_hours ELSE coalesce(p.effort_hours, 0) END AS hours
ORDER BY depth, id
