"""Exact bridging centrality on 10k against python-igraph's subset betweenness (issue 18, item 5)."""

from __future__ import annotations

SUITES: tuple = ()
"""(name, function(run)) pairs, run after bench.suites.SUITES."""
TASKS: dict = {}
"""Worker tasks: name -> function(args) -> dict."""
