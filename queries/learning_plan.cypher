// Learning plan: what to learn before a goal, in order, minus known.
// params: $goal (goal topic id), $known (list of topic ids you know; their prerequisites count as known too)
// defaults: known=[]
// returns: stage, id, name, roadmap, level, effort_hours -- every transitive prerequisite of $goal
// that is neither in $known nor a prerequisite of a known topic (the goal itself is not listed).
// Order: stage = length of the longest REQUIRES chain below the topic inside the plan, so each
// topic comes after all of its prerequisites in the plan; topics of one stage can be learned in
// any order. Any-of groups: REQUIRES edges of a topic sharing a `group` are alternatives and
// the topic needs only ONE of them; this Cypher plan lists ALL members of each group (plain
// Cypher cannot choose well), while the NetworkX planner (`kgraph plan`) picks one.
MATCH (goal:Topic {id: $goal})-[:REQUIRES*1..]->(p:Topic)
WITH collect(DISTINCT p) AS needed
OPTIONAL MATCH (k:Topic)-[:REQUIRES*0..]->(done:Topic)
  WHERE k.id IN $known
WITH needed, collect(DISTINCT done.id) AS covered
WITH [p IN needed WHERE NOT p.id IN covered] AS plan
WITH plan, [p IN plan | p.id] AS ids
UNWIND plan AS p
OPTIONAL MATCH chain = (p)-[:REQUIRES*1..]->(q:Topic)
  WHERE all(n IN nodes(chain) WHERE n.id IN ids)
WITH p, coalesce(max(length(chain)), 0) AS stage
RETURN stage, p.id AS id, p.name AS name, p.roadmap AS roadmap, p.level AS level,
       p.effort_hours AS effort_hours
ORDER BY stage, id
