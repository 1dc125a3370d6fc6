"""Text for one-line display: shortened, counted in the right number, and safe to print."""

from __future__ import annotations

import re

_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Control characters (not tab or newline) and bidirectional overrides: they could rewrite
what a terminal shows."""


def printable(text: str) -> str:
    r"""``text`` with control characters and bidirectional overrides escaped (``\x1b``,
    ``\u202e``), so a value from a file cannot move the cursor, recolour or reorder a
    message on a terminal. Tabs and newlines are kept.

    Example:
        >>> printable("bolt://evil/\x1b[2Kall good")
        'bolt://evil/\\x1b[2Kall good'
    """
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def shorten(text: str, limit: int, *, ellipsis: str = "…") -> str:
    """``text`` cut to at most ``limit`` characters, ending in ``ellipsis`` when cut.

    Example:
        >>> shorten("kubernetes", 5)
        'kube…'
        >>> shorten("k8s", 5)
        'k8s'
    """
    return text if len(text) <= limit else text[: max(0, limit - len(ellipsis))] + ellipsis


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``number`` with ``noun`` in the right number: ``1 topic``, ``3 topics``, ``2 study days``.

    >>> counted(1, "topic"), counted(0, "topic"), counted(2, "study day")
    ('1 topic', '0 topics', '2 study days')
    """
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
