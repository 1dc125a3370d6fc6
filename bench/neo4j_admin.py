"""Export for neo4j-admin and the offline import of it, against a live push (issue 18, item 3)."""

from __future__ import annotations

SUITES: tuple = ()
"""(name, function(run)) pairs, run after bench.suites.SUITES."""
TASKS: dict = {}
"""Worker tasks: name -> function(args) -> dict."""
