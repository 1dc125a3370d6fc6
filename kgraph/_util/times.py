"""Times as progress files write them: UTC, ISO 8601 to the second (``2026-11-27T18:30:00Z``)."""

from __future__ import annotations

from datetime import UTC, datetime

TIME = "%Y-%m-%dT%H:%M:%SZ"


def now() -> str:
    """The current time, written as progress files write times."""
    return datetime.now(UTC).strftime(TIME)


def parse_time(text: str) -> datetime:
    """A written time (``Z`` or an offset) as an aware UTC datetime.

    Raises:
        ValueError: not an ISO 8601 time.

    Example:
        >>> parse_time("2026-11-27T18:30:00Z").isoformat()
        '2026-11-27T18:30:00+00:00'
    """
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)
