"""The ``kgraph`` command line: a thin layer over the Python API."""

from kgraph.cli import (  # noqa: F401  (registers the commands)
    analysis_commands,
    graph_commands,
    neo4j_commands,
    plan_commands,
    team_commands,
    viz_commands,
)
from kgraph.cli.app import cli, main

__all__ = ["cli", "main"]
