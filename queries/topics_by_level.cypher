// Topics by level: how many topics sit at each competency level.
// params: none
// returns: level (none: no level given), rank (order of the levels), topics, effort_hours,
// roadmaps (how many roadmaps have topics at that level)
MATCH (t:Topic)
OPTIONAL MATCH (t)-[:AT_LEVEL]->(l:Level)
WITH coalesce(t.level, '(none)') AS level, min(l.rank) AS rank, count(t) AS topics,
     sum(coalesce(t.effort_hours, 0)) AS effort_hours, count(DISTINCT t.roadmap) AS roadmaps
RETURN level, rank, topics, effort_hours, roadmaps
ORDER BY rank IS NULL, rank, level
