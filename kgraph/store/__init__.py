"""Persistence: graph files (node-link JSON, GraphML, GEXF, CSV) and Neo4j."""
