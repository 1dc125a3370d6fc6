"""The result protocol: every API call that returns data returns a :class:`Result`.

A result holds typed records (dataclasses) and metadata. ``rows()`` gives one flat dict per
record (for tables, CSV and DataFrames), ``to_dict()`` the whole result as JSON-ready plain
data, ``to_frame()`` the rows as a pandas DataFrame. The CLI prints any result with one
helper (:func:`kgraph.cli.output.echo_result`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, fields, is_dataclass


@dataclass
class Result:
    """Base of every result: subclasses say which records ``rows()`` flattens."""

    def rows(self) -> list[dict]:  # pragma: no cover - overridden
        """One flat dict per record."""
        raise NotImplementedError

    def to_dict(self) -> dict:
        """The whole result as JSON-ready plain data."""
        return {f.name: plain(getattr(self, f.name)) for f in fields(self) if not f.name.startswith("_")}

    def to_frame(self):
        """The rows as a pandas DataFrame (pandas is imported only here)."""
        import pandas as pd

        return pd.DataFrame(self.rows())


def plain(value):
    """``value`` as JSON-ready data: dataclasses and tuples become dicts and lists, sets sorted
    lists, dates and times ISO 8601 text."""
    if is_dataclass(value) and not isinstance(value, type):
        return {k: plain(v) for k, v in asdict(value).items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def record_rows(records) -> list[dict]:
    """One flat dict per dataclass record (nested records as plain data)."""
    return [plain(record) for record in records]
