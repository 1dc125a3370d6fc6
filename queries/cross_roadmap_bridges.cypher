// Cross-roadmap bridges: concepts and topics joining the most roadmaps.
// params: $limit (rows of each kind)
// defaults: limit=10
// returns: kind (concept | topic), id, name, roadmaps (how many), links, roadmap_ids
// A concept joins the roadmaps of the topics that MENTION it (links: those topics).
// A topic joins its own roadmap and the roadmaps of its neighbourhood: topics it REQUIRES or
// that REQUIRE it, and topics mentioning a concept it mentions (links: neighbour topics in
// other roadmaps). Only rows joining two or more roadmaps; most roadmaps first, then links.
CALL {
  MATCH (c:Concept)
  WITH c,
       COLLECT { MATCH (t:Topic)-[:MENTIONS]->(c) RETURN DISTINCT t.roadmap AS r ORDER BY r } AS roadmap_ids,
       COUNT { (:Topic)-[:MENTIONS]->(c) } AS links
  WHERE size(roadmap_ids) >= 2
  RETURN 'concept' AS kind, c.id AS id, c.name AS name, size(roadmap_ids) AS roadmaps, links, roadmap_ids
  ORDER BY roadmaps DESC, links DESC, id
  LIMIT $limit
  UNION ALL
  MATCH (t:Topic)
  WITH t,
       [(t)-[:REQUIRES]-(n:Topic) WHERE n.roadmap <> t.roadmap | n] +
       [(t)-[:MENTIONS]->(:Concept)<-[:MENTIONS]-(n:Topic) WHERE n.roadmap <> t.roadmap | n] AS hood
  WHERE size(hood) > 0
  WITH t, COLLECT { UNWIND hood AS n RETURN DISTINCT n.roadmap AS r ORDER BY r } AS others,
       size(COLLECT { UNWIND hood AS n RETURN DISTINCT n }) AS links
  RETURN 'topic' AS kind, t.id AS id, t.name AS name, 1 + size(others) AS roadmaps, links,
         [t.roadmap] + others AS roadmap_ids
  ORDER BY roadmaps DESC, links DESC, id
  LIMIT $limit
}
RETURN kind, id, name, roadmaps, links, roadmap_ids
ORDER BY kind, roadmaps DESC, links DESC, id
