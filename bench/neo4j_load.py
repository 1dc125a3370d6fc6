"""First load into an empty Neo4j: the bulk path against the MERGE path and a naive push (issue 18, item 3)."""

from __future__ import annotations

SUITES: tuple = ()
"""(name, function(run)) pairs, run after bench.suites.SUITES."""
TASKS: dict = {}
"""Worker tasks: name -> function(args) -> dict."""
