"""The results of reads without a server: QueryResult and ServerStatus follow the result protocol."""

from __future__ import annotations

import json

from kgraph.store.neo4j import read


def test_query_result_rows_are_its_records():
    result = read.QueryResult(["id", "n"], [{"id": "a", "n": 1}, {"id": "b", "n": 2}], {"nodes_created": 2})
    assert result.rows() == [{"id": "a", "n": 1}, {"id": "b", "n": 2}]
    assert result.columns == ["id", "n"] and result.counters == {"nodes_created": 2}
    assert result.to_dict() == {
        "columns": ["id", "n"],
        "records": [{"id": "a", "n": 1}, {"id": "b", "n": 2}],
        "counters": {"nodes_created": 2},
    }
    frame = result.to_frame()
    assert list(frame.columns) == ["id", "n"] and frame.n.tolist() == [1, 2]


def test_query_result_frame_keeps_the_columns_without_records():
    empty = read.QueryResult(["b", "a"], [], {})
    assert empty.rows() == []
    frame = empty.to_frame()
    assert list(frame.columns) == ["b", "a"] and frame.empty
    assert read.QueryResult().to_frame().empty


def _status(**extra) -> read.ServerStatus:
    return read.ServerStatus(
        uri="bolt://localhost:7687",
        user="neo4j",
        address="localhost:7687",
        agent="Neo4j/5.26.0",
        database="neo4j",
        version="5.26.0",
        edition="community",
        nodes={"Roadmap": 1, "Topic": 3},
        relationships={"REQUIRES": 2},
        **extra,
    )


def test_server_status_rows_per_label_and_type():
    assert _status().rows() == [
        {"element": "node", "name": "Roadmap", "count": 1},
        {"element": "node", "name": "Topic", "count": 3},
        {"element": "relationship", "name": "REQUIRES", "count": 2},
    ]
    frame = _status().to_frame()
    assert list(frame.columns) == ["element", "name", "count"] and frame["count"].sum() == 6


def test_server_status_to_dict_has_the_keys_of_kgraph_neo4j_status():
    data = _status(other_nodes=5, other_relationships=7).to_dict()
    assert list(data) == [
        "uri",
        "user",
        "address",
        "agent",
        "database",
        "version",
        "edition",
        "nodes",
        "relationships",
        "other_nodes",
        "other_relationships",
        "settings_from",
    ]
    assert data["nodes"] == {"Roadmap": 1, "Topic": 3} and data["other_relationships"] == 7
    assert json.loads(json.dumps(data)) == data
