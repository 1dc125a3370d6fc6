"""Memory of pulling the graph back from Neo4j and of running the queries (issue 18, item 4)."""

from __future__ import annotations

SUITES: tuple = ()
"""(name, function(run)) pairs, run after bench.suites.SUITES."""
TASKS: dict = {}
"""Worker tasks: name -> function(args) -> dict."""
