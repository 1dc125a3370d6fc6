// Team coverage: how much of each roadmap the pushed team knows.
// params: none
// returns: roadmap (id), name, topics (its topics and subtopics), covered (topics at least one
// person KNOWS with state 'done'), coverage (covered, in %), mean_per_person (each person's
// done topics as a share of the roadmap's, averaged over every Person, in %), holders (people
// who have done at least one of its topics); by name
// -- the coverage of `kgraph team matrix` (team_matrix(...).coverage, every roadmap), for the
// team of `kgraph neo4j push --team DIR`. No Person nodes: no rows.
// Percentages are rounded to one decimal as Python's round(x, 1) rounds the float, which
// Cypher's round() does not always do: it rounds the shortest decimal text half up, so 6.25
// becomes 6.3 (Python: 6.2, the tie goes to even) and 0.15 becomes 0.2 (Python: 0.1, as the
// float is a little below 0.15). Each share a/b is rounded with integers: k = 10a / b tenths
// and the remainder's side of one half; only on an exact tie does the float decide, by the
// sign of 20q - (2k + 1) (exact: 16q - (2k + 1) is, and adding 4q keeps the sign): above
// rounds up, below down, equal to the even tenth.
MATCH (p:Person)
WITH count(p) AS people
WHERE people > 0
MATCH (t:Topic)
WHERE t.roadmap IS NOT NULL
WITH people, t.roadmap AS roadmap, COUNT { (:Person)-[:KNOWS {state: 'done'}]->(t) } AS done_by
WITH people, roadmap, count(*) AS topics, count(CASE WHEN done_by > 0 THEN 1 END) AS covered, sum(done_by) AS done
OPTIONAL MATCH (r:Roadmap {id: roadmap})
WITH roadmap, coalesce(r.name, roadmap) AS name, topics, covered,
     COUNT { MATCH (p:Person)-[:KNOWS {state: 'done'}]->(:Topic {roadmap: roadmap}) RETURN DISTINCT p } AS holders,
     [['coverage', 100 * covered, topics], ['mean_per_person', 100 * done, topics * people]] AS shares
UNWIND shares AS share
WITH roadmap, name, topics, covered, holders, share[0] AS measure, share[1] AS a, share[2] AS b
WITH roadmap, name, topics, covered, holders, measure, toFloat(a) / b AS q, (10 * a) / b AS k,
     sign(2 * ((10 * a) % b) - b) AS side
WITH roadmap, name, topics, covered, holders, measure,
     CASE side
       WHEN -1 THEN k
       WHEN 1 THEN k + 1
       ELSE CASE sign((16 * q - (2 * k + 1)) + 4 * q) WHEN 1 THEN k + 1 WHEN -1 THEN k ELSE k + k % 2 END
     END / 10.0 AS percent
WITH roadmap, name, topics, covered, holders, collect([measure, percent]) AS percents
RETURN roadmap, name, topics, covered,
       [m IN percents WHERE m[0] = 'coverage'][0][1] AS coverage,
       [m IN percents WHERE m[0] = 'mean_per_person'][0][1] AS mean_per_person,
       holders
ORDER BY name, roadmap
