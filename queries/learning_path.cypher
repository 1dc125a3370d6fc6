// Learning path: shortest prerequisite chain from a start to a goal.
// params: $from (topic id you know or start from), $to (goal topic id), $with_recommended (also follow recommended edges)
// defaults: with_recommended=false
// returns: one row per step, from $from (step 0) to $to, with the path length (REQUIRES edges),
// and for each step but the last the edge to the next one: strength and the part needed (if any)
// The goal REQUIRES ... REQUIRES the start, so the path is searched from the goal down and
// listed the other way round; only essential edges are followed (and recommended ones with
// $with_recommended). No row: no chain of prerequisites joins the two topics.
MATCH (start:Topic {id: $from}), (goal:Topic {id: $to})
MATCH chain = shortestPath((goal)-[:REQUIRES*0..]->(start))
WHERE all(r IN relationships(chain) WHERE $with_recommended OR coalesce(r.strength, 'essential') = 'essential')
WITH chain, reverse(nodes(chain)) AS steps, reverse(relationships(chain)) AS edges
UNWIND range(0, size(steps) - 1) AS step
RETURN step, steps[step].id AS id, steps[step].name AS name, steps[step].roadmap AS roadmap,
       length(chain) AS length,
       CASE WHEN step < size(edges) THEN coalesce(edges[step].strength, 'essential') END AS strength,
       CASE WHEN step < size(edges) THEN edges[step].needs END AS part
ORDER BY step
