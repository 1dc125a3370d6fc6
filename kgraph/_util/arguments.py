"""Checks of what callers pass to the public API: the right kind of value, else :class:`InputError`.

The API is used from notebooks and scripts as much as from the CLI, so a wrong type gets the
same one-line error as a wrong value, never a ``TypeError`` from deep inside.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import networkx as nx

from kgraph._util.text import shorten
from kgraph.errors import InputError


def _kind(value) -> str:
    return type(value).__name__


def graph(G) -> nx.MultiDiGraph:
    """``G`` if it is a NetworkX graph.

    Raises:
        InputError: anything else.
    """
    if not isinstance(G, nx.Graph):
        raise InputError(f"expected a kgraph graph (networkx.MultiDiGraph), got {_kind(G)}")
    return G


def text(value, what: str) -> str:
    """``value`` if it is a string.

    Raises:
        InputError: anything else, naming ``what``.
    """
    if not isinstance(value, str):
        raise InputError(f"{what} must be text, got {_kind(value)} {_short(value)}")
    return value


def optional_text(value, what: str) -> str | None:
    """``value`` if it is a string or ``None``."""
    return None if value is None else text(value, what)


def names(value, what: str) -> list[str]:
    """A list of strings from one string, an iterable of strings, or ``None`` (empty).

    Raises:
        InputError: not a string or an iterable of strings.
    """
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, bytes | bytearray | Mapping) or not isinstance(value, Iterable):
        raise InputError(f"{what} must be a name or a list of names, got {_kind(value)} {_short(value)}")
    out = list(value)
    for item in out:
        text(item, f"each of {what}")
    return out


def mapping(value, what: str) -> dict[str, str]:
    """A dict of string keys and string values from a mapping or ``None`` (empty).

    Raises:
        InputError: not a mapping, or a key or value that is not a string.
    """
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InputError(f"{what} must be a mapping of topic to state, got {_kind(value)} {_short(value)}")
    for key, item in value.items():
        text(key, f"each topic in {what}")
        text(item, f"the state of {key!r} in {what}")
    return dict(value)


def count(value, what: str, *, minimum: int = 1, optional: bool = False) -> int | None:
    """``value`` if it is a whole number of at least ``minimum`` (or ``None`` when ``optional``).

    Raises:
        InputError: not an int (``bool`` is not a number here) or below ``minimum``.
    """
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{what} must be a whole number, got {_kind(value)} {_short(value)}")
    if value < minimum:
        raise InputError(f"{what} must be at least {minimum} (got {value})")
    return value


def flag(value, what: str) -> bool:
    """``value`` if it is ``True`` or ``False``."""
    if not isinstance(value, bool):
        raise InputError(f"{what} must be true or false, got {_kind(value)} {_short(value)}")
    return value


def choice(value, options: Iterable[str], what: str) -> str:
    """``value`` if it is one of ``options``.

    Raises:
        InputError: anything else, naming the options.
    """
    options = tuple(options)
    if not isinstance(value, str) or value not in options:
        raise InputError(f"unknown {what} {value!r} (choose from {', '.join(options)})")
    return value


def _short(value, limit: int = 60) -> str:
    shown = repr(value)
    return shorten(shown, limit)
