"""Neo4j fixtures: a driver to a real server, and the CLI environment pointing at it.

The connection comes from NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD (/ NEO4J_DATABASE) or the
dev server's ``.neo4j-dev/env`` (``scripts/neo4j-dev start``). Without a server the Neo4j
tests skip -- except with CI=true, where they fail: CI must run them.

These tests delete every kgraph node of the database they use: never point them at a
database whose kgraph data you want to keep.
"""

from __future__ import annotations

import pytest

from kgraph.errors import KgraphError
from kgraph.store import neo4j as store
from tests.neo4j_server import export_settings, server_settings, unavailable

NO_SERVER = "no Neo4j server: set NEO4J_URI or run scripts/neo4j-dev start"


@pytest.fixture(scope="session")
def neo4j_settings() -> store.Neo4jSettings:
    """Connection settings of the test server (skips, or fails in CI, when there is none)."""
    settings = server_settings()
    if settings is None:
        unavailable(NO_SERVER)
    return settings


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_settings):
    """One driver for the whole test session, connected and checked."""
    try:
        driver = store.connect(neo4j_settings)
    except KgraphError as exc:
        unavailable(f"{NO_SERVER} ({exc})")
    yield driver
    driver.close()


@pytest.fixture(scope="session")
def neo4j_database(neo4j_settings) -> str | None:
    """The test database's name (None: the server's default)."""
    return neo4j_settings.database


@pytest.fixture
def neo4j_env(monkeypatch, neo4j_settings, neo4j_driver, tmp_path):
    """The CLI's environment for the test server (NEO4J_*), run from a folder without a .env."""
    export_settings(monkeypatch, neo4j_settings)
    monkeypatch.chdir(tmp_path)
    return neo4j_settings
