// Roadmap overview: size, prerequisites, concepts, effort per roadmap.
// params: none
// returns: id, name, categories, topics (top level), subtopics, prerequisites (REQUIRES edges
// from its topics), recommended (those of them that are recommended, not essential),
// cross_roadmap (those pointing into another roadmap), concepts (distinct concepts its topics
// mention), effort_hours (every topic and subtopic counted once: a parent carries only its own
// overview, never the sum of its subtopics)
MATCH (r:Roadmap)
OPTIONAL MATCH (t:Topic {roadmap: r.id})
WITH r, collect(t) AS topics
RETURN r.id AS id, r.name AS name,
       COUNT { (r)-[:HAS_CATEGORY]->(:Category) } AS categories,
       size([t IN topics WHERE t.parent IS NULL]) AS topics,
       size([t IN topics WHERE t.parent IS NOT NULL]) AS subtopics,
       COUNT { (t:Topic {roadmap: r.id})-[:REQUIRES]->(:Topic) } AS prerequisites,
       COUNT { (t:Topic {roadmap: r.id})-[q:REQUIRES]->(:Topic) WHERE q.strength = 'recommended' } AS recommended,
       COUNT { (t:Topic {roadmap: r.id})-[:REQUIRES]->(p:Topic) WHERE p.roadmap <> r.id } AS cross_roadmap,
       COUNT { MATCH (t:Topic {roadmap: r.id})-[:MENTIONS]->(c:Concept) RETURN DISTINCT c } AS concepts,
       reduce(hours = 0.0, t IN topics | hours + coalesce(t.effort_hours, 0)) AS effort_hours
ORDER BY name
