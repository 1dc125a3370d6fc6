// Learning path: shortest prerequisite chain from a start to a goal.
// params: $from (topic id you know or start from), $to (goal topic id)
// returns: one row per step, from $from (step 0) to $to, with the path length (REQUIRES edges)
// The goal REQUIRES ... REQUIRES the start, so the path is searched from the goal down and
// listed the other way round. No row: no chain of prerequisites joins the two topics.
MATCH (start:Topic {id: $from}), (goal:Topic {id: $to})
MATCH chain = shortestPath((goal)-[:REQUIRES*0..]->(start))
WITH chain, reverse(nodes(chain)) AS steps
UNWIND range(0, size(steps) - 1) AS step
RETURN step, steps[step].id AS id, steps[step].name AS name, steps[step].roadmap AS roadmap,
       length(chain) AS length
ORDER BY step
