"""Text for one-line display: shortened, and counted in the right number."""

from __future__ import annotations


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
