"""Shared settings of the benchmark harness: where things live, the sizes, small statistics."""

from __future__ import annotations

import math
import os
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / ".bench-cache"
"""Generated plugin folders, the build cache the benchmarks use, the bench Neo4j server, pages."""
PYTHON = Path(sys.executable)
KGRAPH = PYTHON.parent / "kgraph"
GOAL = "kubernetes:HPA"
"""The goal of the cold-process ``kgraph plan`` timing (built-in data)."""


@dataclass(frozen=True)
class Size:
    """A synthetic graph size: ``roadmaps`` roadmaps of ``topics`` topics each."""

    label: str
    roadmaps: int
    topics: int

    @property
    def shape(self) -> str:
        """``roadmaps × topics`` as text."""
        return f"{self.roadmaps} × {self.topics}"


SIZES = {
    "1k": Size("1k", 10, 100),
    "10k": Size("10k", 20, 500),
    "100k": Size("100k", 100, 1000),
}
VIZ_SIZE = Size("5k", 10, 480)
"""The graph drawn in the browser: about 5,000 nodes (topics, concepts, categories, roadmaps)."""


@dataclass(frozen=True)
class Settings:
    """How much to measure: repetitions, query counts and time limits."""

    sizes: tuple[str, ...]
    quick: bool
    neo4j: bool
    browser: bool
    cli_runs: int
    queries: int
    query_budget: float
    viz_loads: int
    naive_rows: int
    timeout: float


def child_env(**extra: str) -> dict[str, str]:
    """The environment of every child process: kgraph's build cache in ``.bench-cache``, no
    progress file and no extra plugin folders from the machine, so runs are repeatable."""
    env = {k: v for k, v in os.environ.items() if k not in ("KGRAPH_PLUGIN_PATH", "KGRAPH_NO_CACHE")}
    env["KGRAPH_CACHE_DIR"] = str(CACHE / "kgraph-cache")
    env["KGRAPH_PROGRESS"] = str(CACHE / "no-progress.yaml")
    env.update(extra)
    return env


def median(values: list[float]) -> float | None:
    """The median, or ``None`` for no values."""
    return statistics.median(values) if values else None


def percentile(values: list[float], share: float) -> float | None:
    """The ``share`` quantile (nearest rank), or ``None`` for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def slope(x1: float, y1: float | None, x2: float, y2: float | None) -> float | None:
    """The slope between two points on a log-log scale: 1 means cost grows linearly with size."""
    if not y1 or not y2 or y1 <= 0 or y2 <= 0 or x1 <= 0 or x2 <= 0 or x1 == x2:
        return None
    return math.log(y2 / y1) / math.log(x2 / x1)
