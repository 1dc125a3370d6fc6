"""The push without a server: checks made before any query is sent, and the PushSummary result."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from kgraph.errors import InputError
from kgraph.store.neo4j import push
from tests.store.neo4j.test_properties import graph


def test_push_checks_the_graph_before_touching_the_server():
    class NoDriver:
        def session(self, **_):
            raise AssertionError("no query may be sent")

    with pytest.raises(InputError, match="not a node kind"):
        push.push_graph(NoDriver(), graph(kind="Person"))
    with pytest.raises(InputError, match="node ids must be non-empty strings"):
        G = nx.MultiDiGraph()
        G.add_node(7, kind="topic")
        push.push_graph(NoDriver(), G)
    with pytest.raises(InputError, match="batch size"):
        push.push_graph(NoDriver(), graph(), batch_size=0)


def _summary(**extra) -> push.PushSummary:
    return push.PushSummary(
        nodes=10, relationships=20, nodes_created=4, relationships_created=5, properties_set=70, batches=2, **extra
    )


def test_push_summary_rows_are_the_items():
    assert _summary().rows() == [
        {"item": "nodes", "total": 10, "created": 4, "updated": 6},
        {"item": "relationships", "total": 20, "created": 5, "updated": 15},
    ]
    wiped = _summary(nodes_deleted=3, relationships_deleted=1, _wiped=True)
    assert wiped.wiped and not _summary().wiped
    assert [row["deleted first"] for row in wiped.rows()] == [3, 1]


def test_push_summary_to_dict_and_frame():
    summary = _summary(seconds=1.5, _wiped=True)
    data = summary.to_dict()
    assert list(data) == [
        "nodes",
        "relationships",
        "nodes_created",
        "relationships_created",
        "properties_set",
        "nodes_deleted",
        "relationships_deleted",
        "constraints_added",
        "batches",
        "seconds",
        "nodes_updated",
        "relationships_updated",
    ]
    assert (data["nodes_updated"], data["relationships_updated"], data["seconds"]) == (6, 15, 1.5)
    assert json.loads(json.dumps(data)) == data
    frame = summary.to_frame()
    assert list(frame.columns) == ["item", "total", "created", "updated", "deleted first"]
    assert frame.set_index("item").loc["relationships", "updated"] == 15


def test_cli_batch_size_default_matches_the_library():
    from kgraph.cli import neo4j_commands

    assert neo4j_commands.DEFAULT_BATCH_SIZE == push.DEFAULT_BATCH_SIZE
