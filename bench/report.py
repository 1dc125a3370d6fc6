"""Results of a run: checks against targets, costs per size, and their text and Markdown tables."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from bench.common import slope

PASS, FAIL, INFO, SKIPPED, TIMEOUT, ERROR = "PASS", "FAIL", "info", "skipped", "timeout", "ERROR"


# ---------------------------------------------------------------- formatting


def fmt_seconds(value: float) -> str:
    """Seconds in a readable unit (µs, ms or s)."""
    if value < 1e-3:
        return f"{value * 1e6:.0f} µs"
    if value < 1:
        return f"{value * 1e3:.3g} ms" if value < 0.1 else f"{value * 1e3:.0f} ms"
    return f"{value:.3g} s" if value < 100 else f"{value:.0f} s"


def fmt_bytes(value: float) -> str:
    """Bytes in MiB or GiB."""
    return f"{value / 1024**3:.2f} GiB" if value >= 1024**3 else f"{value / 1024**2:.0f} MiB"


def fmt_value(value: float | None, unit: str) -> str:
    """``value`` in ``unit`` (``s``, ``bytes``, ``rows/s``, ``share``, ``x`` or ``slope``) as text."""
    if value is None:
        return "—"
    if unit == "s":
        return fmt_seconds(value)
    if unit == "bytes":
        return fmt_bytes(value)
    if unit == "rows/s":
        return f"{value:,.0f} rows/s"
    if unit == "x":
        return f"{value:.3g}×" if value < 100 else f"{value:,.0f}×"
    if unit in ("share", "slope"):
        return f"{value:.2f}"
    return f"{value:g} {unit}".strip()


# ---------------------------------------------------------------- checks


@dataclass
class Check:
    """One measurement, its baseline from the same run, and the target it is held to.

    ``ratio`` is measured / baseline (not shown when ``show_ratio`` is false). ``target_on``
    says whether the target bounds the measured value or the ratio; ``op`` is ``<``, ``<=``
    or ``>=``.
    """

    group: str
    name: str
    measured: float | None = None
    unit: str = "s"
    baseline: float | None = None
    baseline_name: str = ""
    limit: float | None = None
    op: str = "<"
    target_on: str = "measured"
    error: str | None = None
    skipped: str | None = None
    note: str = ""
    show_ratio: bool = True

    @property
    def ratio(self) -> float | None:
        """Measured / baseline, when both exist (and the ratio means something)."""
        if self.measured is None or not self.baseline or not self.show_ratio:
            return None
        return self.measured / self.baseline

    @property
    def status(self) -> str:
        """PASS / FAIL against the target; ``info`` without one; ``skipped``; a timeout is a FAIL
        where there is a target; ERROR when the measurement failed."""
        if self.skipped:
            return SKIPPED
        if self.error:
            if self.error.startswith("timeout"):
                return FAIL if self.limit is not None else TIMEOUT
            return ERROR
        if self.limit is None:
            return INFO
        value = self.ratio if self.target_on == "ratio" else self.measured
        if value is None:
            return ERROR
        ok = {"<": value < self.limit, "<=": value <= self.limit, ">=": value >= self.limit}[self.op]
        return PASS if ok else FAIL

    def measured_text(self) -> str:
        """The measured value, or why there is none."""
        if self.skipped:
            return "—"
        if self.error:
            return f"({self.error})"
        return fmt_value(self.measured, self.unit)

    def baseline_text(self) -> str:
        """The baseline value and what it is."""
        if self.baseline is None:
            return "—"
        return f"{fmt_value(self.baseline, self.unit)} ({self.baseline_name})"

    def ratio_text(self) -> str:
        """Measured / baseline as ``N×``."""
        return fmt_value(self.ratio, "x")

    def target_text(self) -> str:
        """The target as text, e.g. ``< 300 ms`` or ``ratio ≥ 20×``."""
        if self.limit is None:
            return "—"
        op = {"<": "<", "<=": "≤", ">=": "≥"}[self.op]
        if self.target_on == "ratio":
            return f"ratio {op} {fmt_value(self.limit, 'x')}"
        return f"{op} {fmt_value(self.limit, self.unit)}"

    def row(self) -> list[str]:
        """The check as table cells."""
        note = self.skipped or self.note
        return [
            self.name,
            self.measured_text(),
            self.baseline_text(),
            self.ratio_text(),
            self.target_text(),
            self.status,
            note,
        ]


CHECK_HEADER = ["measurement", "measured", "baseline", "ratio", "target", "result", "notes"]


# ---------------------------------------------------------------- costs per size


@dataclass
class Scaling:
    """One cost measured on several graph sizes (``values``: size label -> value)."""

    name: str
    unit: str
    values: dict[str, float | None] = field(default_factory=dict)


def scaling_rows(rows: list[Scaling], sizes: list[str], nodes: dict[str, float]) -> tuple[list[str], list[list[str]]]:
    """Header and cells of the size table: each cost per size, then the log-log slope between
    consecutive sizes (against the number of graph nodes)."""
    pairs = list(itertools.pairwise(sizes))
    header = ["cost", *sizes, *(f"slope {a}→{b}" for a, b in pairs)]
    cells = []
    for row in rows:
        values = [fmt_value(row.values.get(size), row.unit) for size in sizes]
        slopes = [
            fmt_value(slope(nodes.get(a, 0), row.values.get(a), nodes.get(b, 0), row.values.get(b)), "slope")
            for a, b in pairs
        ]
        cells.append([row.name, *values, *slopes])
    return header, cells


# ---------------------------------------------------------------- tables


def text_table(header: list[str], rows: list[list[str]], *, width: int = 60) -> str:
    """A plain-text table; cells longer than ``width`` are cut."""
    cut = [[cell if len(cell) <= width else cell[: width - 1] + "…" for cell in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cut) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in cut]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """A GitHub Markdown table (pipes in cells escaped)."""

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    return "\n".join([line(header), line(["---"] * len(header)), *(line(row) for row in rows)])
