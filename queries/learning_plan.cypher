// Learning plan: what to learn before a goal, in order, minus known.
// params: $goal (goal topic id), $known (topic ids you know; what they need in full counts as known), $with_recommended
// defaults: known=[] with_recommended=false
// returns: stage, id, name, roadmap, level, effort_hours (the topic's own), part (the parts needed, when no
// plan topic needs all of it) and hours (what the plan counts: the largest part's hours, capped at the
// effort; else the effort)
// -- every prerequisite of $goal still to learn (the goal itself is not listed).
// Edges followed: essential ones (and recommended with $with_recommended); a prerequisite needed
// only in part does not bring in its own prerequisites. Any-of groups: the group's default member
// is followed (all members where a group has no default); `kgraph plan` also takes a member you
// know, one in progress or one you --prefer. Known: $known and what they need in full, through
// essential edges outside groups.
// Order: stage = length of the longest chain of plan edges below the topic inside the plan, so
// each topic comes after all of its prerequisites in the plan (a part also comes after the
// topic's own prerequisites that the plan holds anyway); topics of one stage can be learned in
// any order.
MATCH (goal:Topic {id: $goal})
OPTIONAL MATCH kpath = (k:Topic)-[:REQUIRES*0..]->(done:Topic)
  WHERE k.id IN $known
    AND all(r IN relationships(kpath) WHERE coalesce(r.strength, 'essential') = 'essential' AND r.group IS NULL AND r.hours IS NULL)
WITH goal, collect(DISTINCT done.id) AS covered
MATCH path = (goal)-[:REQUIRES*1..]->(p:Topic)
WHERE NOT p.id IN covered
  AND all(r IN relationships(path) WHERE ($with_recommended OR coalesce(r.strength, 'essential') = 'essential')
                                      AND (r.default IS NULL OR r.default = endNode(r).id))
  AND all(r IN relationships(path)[..-1] WHERE r.hours IS NULL)
  AND all(n IN nodes(path)[1..-1] WHERE NOT n.id IN covered)
WITH DISTINCT p, last(relationships(path)) AS into
ORDER BY startNode(into).id
WITH p, collect(into) AS intos
WITH p, [r IN intos WHERE r.hours IS NULL] AS whole, [r IN intos WHERE r.hours IS NOT NULL] AS parts
WITH collect({topic: p, full: size(whole) > 0, parts: parts}) AS plan
WITH plan, [x IN plan | x.topic.id] AS ids, [x IN plan WHERE x.full | x.topic.id] AS full_ids
UNWIND plan AS x
WITH x, ids, full_ids, x.topic AS p
OPTIONAL MATCH chain = (p)-[:REQUIRES*1..]->(q:Topic)
  WHERE all(n IN nodes(chain) WHERE n.id IN ids)
    AND all(i IN range(0, length(chain) - 1) WHERE
          ($with_recommended OR coalesce(relationships(chain)[i].strength, 'essential') = 'essential')
          AND CASE WHEN nodes(chain)[i].id IN full_ids
                THEN relationships(chain)[i].default IS NULL OR relationships(chain)[i].default = nodes(chain)[i + 1].id
                ELSE nodes(chain)[i + 1].id IN full_ids END)
WITH x, p, coalesce(max(length(chain)), 0) AS stage,
     reduce(most = 0.0, r IN x.parts | CASE WHEN r.hours > most THEN r.hours ELSE most END) AS part_hours
RETURN stage, p.id AS id, p.name AS name, p.roadmap AS roadmap, p.level AS level, p.effort_hours AS effort_hours,
       CASE WHEN NOT x.full THEN reduce(text = '', n IN reduce(seen = [], r IN x.parts | CASE WHEN r.needs IN seen THEN seen ELSE seen + r.needs END) | text + CASE WHEN text = '' THEN '' ELSE '; ' END + n) END AS part,
       CASE WHEN NOT x.full AND part_hours < p.effort_hours THEN part_hours ELSE coalesce(p.effort_hours, 0) END AS hours
ORDER BY stage, id
