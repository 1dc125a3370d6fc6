"""Shortening text for one-line display."""

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
