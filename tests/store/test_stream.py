"""Streaming reads: the pull builds the graph as records arrive, and `kgraph query` writes rows
as they arrive (issue 18, item 4). Against a real server, no mocks; memory is measured by the
benchmark (bench/neo4j_memory.py), not here.

The graphs and results are larger than the driver's fetch size (1,000 records), so every
stream here spans several fetches.
"""

from __future__ import annotations

import json

import networkx as nx
import pytest

from kgraph.cli import output
from kgraph.cli.output import csv_text, iter_rows_text, json_text, rows_text, table_text
from kgraph.errors import QueryError, StoreError
from kgraph.model.kinds import EdgeKind, NodeKind
from kgraph.store import neo4j as store
from kgraph.store.neo4j.read import iter_cypher
from kgraph.store.queries import load_query
from tests.store import test_neo4j
from tests.store.checks import error_line
from tests.store.test_neo4j import generated_graph

ROWS = (
    "UNWIND range(1, 2500) AS i RETURN i, 'row ' + i AS name, [i, i * 2] AS pair, "
    "{half: i / 2.0, even: i % 2 = 0} AS info, CASE WHEN i % 7 = 0 THEN null ELSE i END AS maybe"
)
FAILS_MIDWAY = "UNWIND range(1, 5000) AS i RETURN i, 10 / (i - 3000) AS x"
"""Rows 1..2999 are fine; row 3000 divides by zero (after three fetches of 1,000)."""


def copies(count: int) -> nx.MultiDiGraph:
    """``count`` renamed copies of the generated graph in one (70 nodes, 200 edges each)."""
    G = nx.MultiDiGraph()
    for k in range(count):
        part = nx.relabel_nodes(generated_graph(seed=k), lambda n, k=k: f"{n}~{k}")
        G.add_nodes_from(part.nodes(data=True))
        G.add_edges_from(part.edges(keys=True, data=True))
    return G


def push(driver, database, G) -> None:
    test_neo4j._LOADED["name"] = None  # the database no longer holds test_neo4j's graph
    store.push_graph(driver, G, database=database, wipe_first=True)


def write(driver, database, cypher: str, **params) -> None:
    store.run_cypher(driver, cypher, params, database=database, write=True)


# ---------------------------------------------------------------- pull


@pytest.mark.neo4j
def test_pull_streams_the_pushed_graph_in_order_with_foreign_nodes_after(neo4j_driver, neo4j_database):
    """The pushed order comes back across fetches; nodes and relationships written by other
    tools (no order key) come after, nodes by kind then id, relationships by source, type, target."""
    G = copies(16)
    assert G.number_of_nodes() > 1000
    push(neo4j_driver, neo4j_database, G)
    write(
        neo4j_driver,
        neo4j_database,
        "CREATE (:Topic {id: 'topic:zz/foreign', name: 'Z'}), (:Concept {id: 'concept:foreign'}), "
        "(:Topic {id: 'topic:aa/foreign', name: 'A', tags: ['x', 'y']})",
    )
    write(
        neo4j_driver,
        neo4j_database,
        "MATCH (a:Topic {id: 'topic:zz/foreign'}), (b:Concept {id: 'concept:foreign'}), (c:Topic {id: $c}) "
        "CREATE (a)-[:MENTIONS {note: 'by hand'}]->(b), (a)-[:REQUIRES]->(c)",
        c="topic:alpha/core/t0~0",
    )
    expected = G.copy()
    foreign = [
        ("topic:aa/foreign", {"name": "A", "tags": ["x", "y"], "kind": "topic"}),
        ("topic:zz/foreign", {"name": "Z", "kind": "topic"}),
        ("concept:foreign", {"kind": "concept"}),
    ]
    rank = {kind.value: i for i, kind in enumerate(NodeKind)}
    for node, attrs in sorted(foreign, key=lambda item: (rank[item[1]["kind"]], item[0])):
        expected.add_node(node, **attrs)
    for u, v, kind, attrs in sorted(
        [
            ("topic:zz/foreign", "concept:foreign", EdgeKind.MENTIONS.value, {"note": "by hand"}),
            ("topic:zz/foreign", "topic:alpha/core/t0~0", EdgeKind.REQUIRES.value, {}),
        ],
        key=lambda e: (e[0], e[2], e[1]),
    ):
        expected.add_edge(u, v, key=kind, kind=kind, **attrs)

    pulled = store.pull_graph(neo4j_driver, database=neo4j_database)
    assert list(pulled.nodes(data=True)) == list(expected.nodes(data=True))
    assert list(pulled.edges(keys=True, data=True)) == list(expected.edges(keys=True, data=True))


@pytest.mark.neo4j
def test_pull_refuses_nodes_without_an_id(neo4j_driver, neo4j_database):
    push(neo4j_driver, neo4j_database, generated_graph())
    write(neo4j_driver, neo4j_database, "CREATE (:Topic {name: 'no id'}), (:Topic {name: 'none either'})")
    with pytest.raises(StoreError, match=r"^2 kgraph node\(s\) have no id property \(e\.g\. a :Topic node\)"):
        store.pull_graph(neo4j_driver, database=neo4j_database)
    write(neo4j_driver, neo4j_database, "MATCH (n:Topic) WHERE n.id IS NULL DELETE n")


# ---------------------------------------------------------------- queries


@pytest.mark.neo4j
def test_iter_cypher_yields_what_run_cypher_collects(neo4j_driver, neo4j_database):
    collected = store.run_cypher(neo4j_driver, ROWS, database=neo4j_database)
    with iter_cypher(neo4j_driver, ROWS, database=neo4j_database) as rows:
        assert rows.columns == collected.columns == ["i", "name", "pair", "info", "maybe"]
        streamed = list(rows)
    assert streamed == collected.rows() and rows.count == 2500 and rows.counters == {}


@pytest.mark.neo4j
def test_iter_cypher_writes_and_reports_counters(neo4j_driver, neo4j_database):
    with iter_cypher(
        neo4j_driver, "UNWIND range(1, 3) AS i CREATE (n:StreamProbe {i: i}) RETURN n.i AS i", write=True
    ) as rows:
        assert [row["i"] for row in rows] == [1, 2, 3]
    assert rows.counters == {"nodes_created": 3, "properties_set": 3, "labels_added": 3}
    gone = store.run_cypher(neo4j_driver, "MATCH (n:StreamProbe) DELETE n", database=neo4j_database, write=True)
    assert gone.counters == {"nodes_deleted": 3}


@pytest.mark.neo4j
@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_query_streams_the_collected_text(run, neo4j_env, neo4j_driver, tmp_path, fmt):
    """CSV and JSON on stdout and in -o files are exactly the text of the collected rows; a
    table of more than TABLE_ROWS rows is the collected table for its first rows, then keeps
    their widths."""
    statement = tmp_path / "rows.cypher"
    statement.write_text(ROWS + "\n")
    collected = store.run_cypher(neo4j_driver, ROWS, database=neo4j_env.database)
    rows, columns = collected.rows(), collected.columns
    printed = run("query", statement, "--format", fmt)
    assert printed.exit_code == 0, printed.output
    out = tmp_path / f"rows.{fmt}"
    written = run("query", statement, "--format", fmt, "-o", out)
    assert written.exit_code == 0 and written.stdout == ""
    assert written.stderr.strip() == f"kgraph: wrote {out}"
    assert out.read_text(encoding="utf-8") == printed.stdout
    if fmt != "table":
        assert printed.stdout == rows_text(rows, fmt, columns)
        if fmt == "json":
            assert json.loads(printed.stdout) == rows
        return
    lines = printed.stdout.splitlines()
    first = table_text(rows[: output.TABLE_ROWS], columns).splitlines()
    assert len(lines) == len(rows) + 2 and lines[: len(first)] == first
    widths = [len(dashes) for dashes in lines[1].split("  ")]
    for line, row in zip(lines[len(first) :], rows[output.TABLE_ROWS :], strict=True):
        assert line.startswith(str(row["i"]).rjust(widths[0]) + "  " + row["name"][: widths[1] - 1])


@pytest.mark.neo4j
def test_library_query_streams_like_the_collected_rows(run, neo4j_env, neo4j_driver, tmp_path):
    push(neo4j_driver, neo4j_env.database, copies(16))
    statement = load_query("topics_by_level").statement
    collected = store.run_cypher(neo4j_driver, statement, database=neo4j_env.database)
    assert collected.rows()
    for fmt in ("csv", "json", "table"):
        result = run("query", "topics_by_level", "--format", fmt)
        assert result.exit_code == 0, result.output
        assert result.stdout == rows_text(collected.rows(), fmt, collected.columns)


@pytest.mark.neo4j
def test_error_midway_raises_after_rows_were_read(neo4j_driver, neo4j_database):
    seen = 0
    with (
        pytest.raises(QueryError, match="/ by zero"),
        iter_cypher(neo4j_driver, FAILS_MIDWAY, database=neo4j_database) as rows,
    ):
        for _ in rows:
            seen += 1
    assert 1000 <= seen < 3000  # a stream: rows came before the failing one was computed


@pytest.mark.neo4j
@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_error_midway_leaves_no_half_written_file(run, neo4j_env, tmp_path, fmt):
    statement = tmp_path / "fails.cypher"
    statement.write_text(FAILS_MIDWAY + "\n")
    folder = tmp_path / "out"
    folder.mkdir()
    kept = folder / "kept.txt"
    kept.write_text("the old content\n")
    for target in (kept, folder / "new.txt"):
        result = run("query", statement, "--format", fmt, "-o", target)
        assert result.exit_code == 2 and result.stdout == ""
        assert "/ by zero" in error_line(result.stderr)
    assert sorted(p.name for p in folder.iterdir()) == ["kept.txt"]  # no new file, no temporary one
    assert kept.read_text() == "the old content\n"
    printed = run("query", statement, "--format", fmt)  # on stdout: what came before, then the error
    assert printed.exit_code == 2 and "/ by zero" in error_line(printed.stderr)


# ---------------------------------------------------------------- the text of streamed rows (no server)

SAMPLES = [
    [],
    [{"a": 1, "b": "x"}],
    [{"a": 1, "b": "two\nlines", "c": [1, 2]}, {"a": None, "b": {"k": "v"}, "c": []}, {"a": 2.5, "b": "ü"}],
]


@pytest.mark.parametrize("rows", SAMPLES)
@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_streamed_text_is_the_collected_text(rows, fmt):
    columns = ["a", "b", "c"]
    assert "".join(iter_rows_text(iter(rows), fmt, columns)) == rows_text(rows, fmt, columns)
    if rows:  # without columns, the first row's keys
        assert "".join(iter_rows_text(iter(rows), fmt)) == rows_text(rows, fmt)
    assert "".join(iter_rows_text(iter(rows), "json")) == json_text(rows) + "\n"
    assert "".join(iter_rows_text(iter(rows), "csv", columns)) == csv_text(rows, columns)


def test_a_long_table_keeps_the_widths_of_its_first_rows(monkeypatch):
    """Later text is cut to the width of the first rows; numbers and the last column stay whole."""
    monkeypatch.setattr(output, "TABLE_ROWS", 3)
    columns = ["id", "n", "note"]
    rows = [{"id": f"t{i}", "n": i, "note": "x"} for i in range(3)]
    rows.append({"id": "a much longer id", "n": 12345, "note": "a long note stays whole"})
    lines = "".join(iter_rows_text(iter(rows), "table", columns)).splitlines()
    assert lines[:5] == table_text(rows[:3], columns).splitlines()
    assert lines[5:] == ["a…  12345  a long note stays whole"]
