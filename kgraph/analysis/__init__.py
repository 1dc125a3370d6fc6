"""Pure functions over the knowledge graph: summaries, paths, plans, orderings, centrality."""
