"""Checks shared by the Neo4j reliability tests (faults, injection, credentials)."""

from __future__ import annotations

import networkx as nx

from kgraph.model.kinds import NodeKind
from kgraph.store import neo4j as store
from tests.store.test_neo4j import assert_same_graph


def error_line(stderr: str, *secrets: str | None) -> str:
    """The single ``kgraph: ...`` line a failed command printed on stderr, after checking there
    is no traceback and no secret in it."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("kgraph: "), stderr
    assert_clean(stderr, *secrets)
    return lines[0]


def assert_clean(output: str, *secrets: str | None) -> None:
    """A command's ``output`` holds no traceback and none of ``secrets``."""
    assert "Traceback" not in output, output
    assert_no_secret(output, *secrets)


def assert_no_secret(text: str, *secrets: str | None) -> None:
    """None of ``secrets`` (passwords) shows up in ``text``."""
    for secret in secrets:
        if secret:
            assert secret not in text, "a password was printed"


def duplicates(driver, database: str | None) -> tuple[list, list]:
    """Node ids held by more than one node, and (source, type, target) held by more than one relationship."""
    nodes = store.run_cypher(
        driver, "MATCH (n) WITH n.id AS id, count(*) AS n WHERE n > 1 RETURN id", database=database
    ).rows()
    rels = store.run_cypher(
        driver,
        "MATCH (a)-[r]->(b) WITH a.id AS a, type(r) AS t, b.id AS b, count(*) AS n WHERE n > 1 RETURN a, t, b",
        database=database,
    ).rows()
    return nodes, rels


KGRAPH_NODES = "|".join(kind.label for kind in NodeKind)


def assert_database_holds(driver, database: str | None, G: nx.MultiDiGraph) -> None:
    """kgraph's part of the database is exactly ``G``: pulled back equal, every node and
    relationship once."""
    assert duplicates(driver, database) == ([], [])
    assert_same_graph(store.pull_graph(driver, database=database), G)
    counts = store.run_cypher(
        driver,
        f"MATCH (n:{KGRAPH_NODES}) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS n, count(r) AS r",
        database=database,
    ).rows()
    assert counts == [{"n": G.number_of_nodes(), "r": G.number_of_edges()}]
