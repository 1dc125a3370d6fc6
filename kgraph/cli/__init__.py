"""The ``kgraph`` command line: a thin layer over the Python API."""

from kgraph.cli import analysis_commands, graph_commands  # noqa: F401  (registers the commands)
from kgraph.cli.app import cli, main

__all__ = ["cli", "main"]
