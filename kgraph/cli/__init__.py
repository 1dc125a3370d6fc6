"""The ``kgraph`` command line: a thin layer over the Python API."""

from kgraph.cli import analysis_commands, graph_commands, neo4j_commands, viz_commands  # noqa: F401  (registers)
from kgraph.cli.app import cli, main

__all__ = ["cli", "main"]
