// Dependents: what a topic unlocks: topics that transitively REQUIRE it.
// params: $topic (topic id, e.g. topic:docker/core-competencies/image-building), $with_recommended (also follow recommended edges)
// defaults: with_recommended=false
// returns: depth (fewest REQUIRES steps to the topic), id, name, roadmap, level
// Edges followed: essential ones (and recommended with $with_recommended). A topic that needs
// only a part of another does not depend on that other's prerequisites.
MATCH path = (d:Topic)-[:REQUIRES*1..]->(t:Topic {id: $topic})
WHERE all(r IN relationships(path) WHERE $with_recommended OR coalesce(r.strength, 'essential') = 'essential')
  AND all(r IN relationships(path)[..-1] WHERE r.hours IS NULL)
RETURN min(length(path)) AS depth, d.id AS id, d.name AS name, d.roadmap AS roadmap, d.level AS level
ORDER BY depth, id
