"""The bulk path of a push (a first load into a database without kgraph nodes) against a real
server: it writes what the MERGE path writes, the first push takes it and a re-push does not,
and a push interrupted on that path is completed by the next one.

Speed is measured by the benchmark (bench/neo4j_load.py), not here.
"""

from __future__ import annotations

import pytest

from kgraph.errors import InputError
from kgraph.store import neo4j as store
from kgraph.store.neo4j import bulk
from tests.store.checks import KGRAPH_NODES, assert_database_holds, duplicates
from tests.store.test_neo4j import _LOADED, assert_same_graph, generated_graph

pytestmark = pytest.mark.neo4j

HELD = f"MATCH (n:{KGRAPH_NODES}) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS n, count(r) AS r"


class Interrupted(Exception):
    """Raised from the progress callback: the push stops there, as if the process died."""


def emptied(driver, database) -> None:
    _LOADED["name"] = None  # test_neo4j's cache of what the database holds
    store.wipe(driver, database=database)


def pulled_after(driver, database, G, mode: str):
    """Empty the database, push ``G`` with ``mode``, pull it back."""
    emptied(driver, database)
    summary = store.push_graph(driver, G, database=database, mode=mode)
    assert summary.mode == mode
    assert (summary.nodes_created, summary.relationships_created) == (G.number_of_nodes(), G.number_of_edges())
    return store.pull_graph(driver, database=database)


@pytest.mark.parametrize("which", ["builtin", "generated"])
def test_bulk_and_merge_paths_write_the_same_graph(neo4j_driver, neo4j_database, builtin_graph, which):
    G = builtin_graph if which == "builtin" else generated_graph()
    by_bulk = pulled_after(neo4j_driver, neo4j_database, G, "bulk")
    by_merge = pulled_after(neo4j_driver, neo4j_database, G, "merge")
    for pulled in (by_bulk, by_merge):
        assert_same_graph(pulled, G)  # nodes, edges and every attribute
        assert list(pulled.nodes) == list(G.nodes)  # the graph's order too
        assert list(pulled.edges(keys=True)) == list(G.edges(keys=True))
    assert_same_graph(by_bulk, by_merge)


def test_first_push_is_bulk_and_a_repush_merges(neo4j_driver, neo4j_database, builtin_graph):
    G = builtin_graph
    emptied(neo4j_driver, neo4j_database)
    assert not bulk.holds_kgraph_nodes(neo4j_driver, database=neo4j_database)
    first = store.push_graph(neo4j_driver, G, database=neo4j_database)
    assert bulk.holds_kgraph_nodes(neo4j_driver, database=neo4j_database)
    again = store.push_graph(neo4j_driver, G, database=neo4j_database)
    wiped = store.push_graph(neo4j_driver, G, database=neo4j_database, wipe_first=True, batch_size=50)

    assert (first.mode, again.mode, wiped.mode) == ("bulk", "merge", "bulk")
    assert (again.nodes_created, again.relationships_created) == (0, 0)
    assert (again.nodes_updated, again.relationships_updated) == (G.number_of_nodes(), G.number_of_edges())
    assert wiped.nodes_deleted == G.number_of_nodes() and wiped.nodes_created == G.number_of_nodes()
    assert wiped.batches > first.batches  # an explicit batch size applies to the bulk path
    assert_database_holds(neo4j_driver, neo4j_database, G)


def interrupt_after(rows: int):
    """A progress callback that stops the push once ``rows`` rows are written."""
    written = [0]

    def progress(n: int) -> None:
        written[0] += n
        if written[0] >= rows:
            raise Interrupted

    return progress


@pytest.mark.parametrize("phase", ["nodes", "relationships"])
def test_interrupted_bulk_push_is_completed_by_the_next_push(neo4j_driver, neo4j_database, builtin_graph, phase):
    G = builtin_graph
    db = neo4j_database
    emptied(neo4j_driver, db)
    stop_at = G.number_of_nodes() // 2 if phase == "nodes" else G.number_of_nodes() + G.number_of_edges() // 2
    with pytest.raises(Interrupted):
        store.push_graph(neo4j_driver, G, database=db, batch_size=40, progress=interrupt_after(stop_at))
    held = store.run_cypher(neo4j_driver, HELD, database=db).rows()[0]
    assert 0 < held["n"] + held["r"] < G.number_of_nodes() + G.number_of_edges()  # really cut in the middle

    summary = store.push_graph(neo4j_driver, G, database=db)
    assert summary.mode == "merge"
    assert summary.nodes_created == G.number_of_nodes() - held["n"]
    assert summary.relationships_created == G.number_of_edges() - held["r"]
    assert_database_holds(neo4j_driver, db, G)


def test_forced_bulk_push_onto_a_partial_load_merges_what_exists(neo4j_driver, neo4j_database, builtin_graph):
    """CREATE meets nodes already there (as when another push runs at the same time): those
    batches, and the later ones, are merged; nothing is duplicated."""
    G = builtin_graph
    db = neo4j_database
    emptied(neo4j_driver, db)
    H = G.subgraph(list(G)[: G.number_of_nodes() // 3]).copy()
    store.push_graph(neo4j_driver, H, database=db)
    summary = store.push_graph(neo4j_driver, G, database=db, mode="bulk", batch_size=64)
    assert summary.mode == "bulk"
    assert summary.nodes_created == G.number_of_nodes() - H.number_of_nodes()
    assert summary.relationships_created == G.number_of_edges() - H.number_of_edges()
    assert duplicates(neo4j_driver, db) == ([], [])
    assert_database_holds(neo4j_driver, db, G)


def test_unknown_mode_is_an_input_error(neo4j_driver, neo4j_database, builtin_graph):
    with pytest.raises(InputError, match="push mode must be one of auto, bulk, merge"):
        store.push_graph(neo4j_driver, builtin_graph, database=neo4j_database, mode="fast")


def test_batches_are_made_in_one_pass_and_bounded(builtin_graph):
    G = builtin_graph
    nodes = list(bulk.node_batches(G, 7))
    rels = list(bulk.rel_batches(G, 7))
    assert all(0 < len(rows) <= 7 for _, rows in nodes + rels)
    assert sorted(props["id"] for _, rows in nodes for props in rows) == sorted(G.nodes)
    assert sorted((u, v, t) for (_, t, _), rows in rels for u, v, _ in rows) == sorted(G.edges(keys=True))
    orders = sorted(props[store.ORDER_KEY] for _, rows in rels for *_, props in rows)
    assert orders == list(range(G.number_of_edges()))


def test_prefetched_passes_items_and_errors_through():
    def items():
        yield from range(5)
        raise ValueError("made in the thread")

    got = []
    with pytest.raises(ValueError, match="made in the thread"):
        for item in bulk.prefetched(items()):
            got.append(item)
    assert got == [0, 1, 2, 3, 4]
    stream = bulk.prefetched(iter(range(1000)))
    assert [next(stream) for _ in range(3)] == [0, 1, 2]
    stream.close()  # the thread stops with the consumer
