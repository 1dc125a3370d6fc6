"""Result containers shared by the analyses: plain data that also becomes a DataFrame."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields


@dataclass
class Rows:
    """A base for results that are a list of flat rows (``rows()``) plus metadata (``to_dict()``)."""

    def rows(self) -> list[dict]:  # pragma: no cover - overridden
        raise NotImplementedError

    def to_dict(self) -> dict:
        """The whole result as JSON-ready plain data."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}

    def to_frame(self):
        """The rows as a pandas DataFrame (pandas is imported only here)."""
        import pandas as pd

        return pd.DataFrame(self.rows())


def _plain(value):
    if hasattr(value, "__dataclass_fields__"):
        return {k: _plain(v) for k, v in asdict(value).items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return value
