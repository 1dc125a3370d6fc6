"""How the tests find their Neo4j server, shared by tests/store and the notebook tests.

The connection comes from NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD (/ NEO4J_DATABASE) or the
dev server's ``.neo4j-dev/env`` (``scripts/neo4j-dev start``). Without a server the Neo4j
tests skip -- except with CI=true, where they fail: CI must run them.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from kgraph.store import neo4j as store

REPO = Path(__file__).resolve().parents[1]


def server_settings() -> store.Neo4jSettings | None:
    """The test server's settings (None: no server configured)."""
    if os.environ.get("NEO4J_URI"):
        return store.connection_settings(dotenv=None)
    home = Path(os.environ.get("KGRAPH_NEO4J_HOME") or REPO / ".neo4j-dev")
    values = store.read_dotenv((home if home.is_absolute() else REPO / home) / "env")
    if not values.get("NEO4J_URI"):
        return None
    return store.connection_settings(environ=values, dotenv=None)


def unavailable(reason: str, what: str = "the Neo4j tests"):
    """Skip locally; fail with CI=true, where the Neo4j tests must run."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {what} cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


def export_settings(monkeypatch, settings: store.Neo4jSettings) -> None:
    """Put ``settings`` into this process's NEO4J_* environment (unset ones removed)."""
    for key, value in (
        ("NEO4J_URI", settings.uri),
        ("NEO4J_USER", settings.user),
        ("NEO4J_PASSWORD", settings.password),
        ("NEO4J_DATABASE", settings.database),
    ):
        if value:
            monkeypatch.setenv(key, value)
        else:
            monkeypatch.delenv(key, raising=False)


def closed_port() -> int:
    """A local TCP port nothing listens on (bound once, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
