"""Plain-language pieces shared by the exports and the CLI: why a plan step is there, and dates."""

from __future__ import annotations

import datetime as dt


def name_of(G, node: str) -> str:
    """A node's name (its id when it has none or is not in ``G``)."""
    return G.nodes[node].get("name", node) if node in G else node


def why(G, step) -> str:
    """Why a plan step is there: ``goal``, or each topic that needs it with the reason
    (``recommended for ...`` when only recommended)."""
    if step.goal:
        return "goal"
    parts = []
    for entry in step.needed_by:
        text = name_of(G, entry.topic)
        if entry.reason:
            text += f": {entry.reason}"
        if entry.strength != "essential":
            text = f"recommended for {text}"
        parts.append(text)
    return "; ".join(parts)


def reasons(G, step) -> str:
    """Why a plan step is there, for a reader of a checklist or calendar: ``goal``, or
    ``for X: reason; for Y`` (``recommended for ...`` when only recommended), after the part
    needed when the plan needs only a part of it."""
    if step.goal:
        return "goal"
    parts = [f"only {step.part}"] if step.part else []
    for entry in step.needed_by:
        text = ("for " if entry.strength == "essential" else "recommended for ") + name_of(G, entry.topic)
        parts.append(text + (f": {entry.reason}" if entry.reason else ""))
    return "; ".join(parts)


def day(value: dt.date, *, year: bool = True) -> str:
    """A date for people: ``Mon 4 Jan 2027`` (``Mon 4 Jan`` without the year).

    >>> day(dt.date(2027, 1, 4))
    'Mon 4 Jan 2027'
    """
    text = f"{value:%a} {value.day} {value:%b}"
    return f"{text} {value.year}" if year else text


def day_span(first: dt.date, last: dt.date) -> str:
    """A span of days for people: ``Mon 4 Jan``, ``Mon 4 – Thu 7 Jan``, ``Thu 28 Jan – Mon 1 Feb``.

    >>> day_span(dt.date(2027, 1, 4), dt.date(2027, 1, 7))
    'Mon 4 – Thu 7 Jan'
    """
    if first == last:
        return day(first, year=False)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first:%a} {first.day} – {day(last, year=False)}"
    return f"{day(first, year=False)} – {day(last, year=False)}"


def hours(value: float) -> str:
    """Hours for people: ``3 h``, ``2.5 h``, and ``1 h 40 min`` where a half or whole hour
    would not say it.

    >>> hours(3), hours(2.5), hours(5 / 3), hours(0.25)
    ('3 h', '2.5 h', '1 h 40 min', '15 min')
    """
    minutes = round(value * 60)
    if minutes % 30 == 0:
        return f"{minutes / 60:g} h"
    whole, rest = divmod(minutes, 60)
    return f"{whole} h {rest} min" if whole else f"{rest} min"
