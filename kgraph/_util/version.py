"""kgraph's version (one place: the package, the CLI and the Neo4j user agent read it)."""

__version__ = "0.1.0"
