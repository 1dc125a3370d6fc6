// Bus factor: topics exactly one person knows, most depended-on first.
// params: none
// returns: topic (id), name, roadmap, holder (the one person's handle), holder_name,
// dependents (topics that need it: that REQUIRE it directly or through a chain of essential
// edges, every member of an any-of group and a prerequisite needed only in part included);
// by dependents (most first), then name
// -- the single-holder topics of `kgraph team risks` (team_risks(...).single, no targets), for
// the team of `kgraph neo4j push --team DIR`; a person knows a topic they marked done.
MATCH (p:Person)-[:KNOWS {state: 'done'}]->(t:Topic)
WITH t, collect(p) AS holders
WHERE size(holders) = 1
WITH t, holders[0] AS p
RETURN t.id AS topic, t.name AS name, t.roadmap AS roadmap, p.handle AS holder, p.name AS holder_name,
       COUNT {
         MATCH chain = (d:Topic)-[:REQUIRES*1..]->(t)
         WHERE all(r IN relationships(chain) WHERE coalesce(r.strength, 'essential') = 'essential')
           AND all(n IN nodes(chain) WHERE n:Topic)
         RETURN DISTINCT d
       } AS dependents
ORDER BY dependents DESC, name, topic
