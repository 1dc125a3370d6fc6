"""Which links kgraph passes on: absolute http or https URLs only (one rule for every layer)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

MAX_URL = 2048
"""Longer URLs are refused (no real documentation link is this long)."""
_WEB_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f]+", re.IGNORECASE)  # the whole URL (fullmatch)


def web_url(url) -> str | None:
    """``url`` if it is an absolute http or https URL with a host, no whitespace or control
    characters and at most :data:`MAX_URL` characters; else ``None`` (``javascript:``,
    ``data:``, relative, ...).

    >>> web_url("https://example.com/a"), web_url("javascript:alert(1)"), web_url(" https://x.io")
    ('https://example.com/a', None, None)
    """
    if not isinstance(url, str) or len(url) > MAX_URL or not _WEB_URL.fullmatch(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.hostname else None
