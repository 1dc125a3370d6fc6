"""Commands answered from the compact store: 100k against the built-in data (issue 18, items 1-2)."""

from __future__ import annotations

SUITES: tuple = ()
"""(name, function(run)) pairs, run after bench.suites.SUITES."""
TASKS: dict = {}
"""Worker tasks: name -> function(args) -> dict."""
