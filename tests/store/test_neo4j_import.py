"""``kgraph export --format neo4j-import``: the CSV folder for neo4j-admin (no mocks).

The CSV tests read the files back with a small reader that follows neo4j-admin's rules
(RFC 4180 quoting, an unquoted empty field is no property, ``""`` the empty string, typed
columns, U+001F between array elements) and compare with what a push stores. The last test
runs the real admin tool (``scripts/neo4j-dev admin``, the dev server's Maven jars) into a
home of its own, starts that server, and checks the database holds what a push writes.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import tracemalloc
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kgraph.errors import InputError
from kgraph.model.kinds import NodeKind
from kgraph.store import neo4j as store
from kgraph.store.neo4j.properties import _node_row, _rel_row
from kgraph.store.neo4j_import import AFTER_IMPORT, ARRAY_DELIMITER, README, field_text, write_import_folder
from tests.neo4j_server import REPO, unavailable
from tests.store.test_neo4j import assert_same_graph, generated_graph

HOSTILE = [
    "comma, inside",
    'it\'s "quoted"',
    '""',
    "line one\nline two\r\nthree\rfour",
    '\\backslash\\ and \\" escaped',
    "  padded  ",
    "semi;colon|pipe\ttab",
    "Ünïcödé — 日本語 — 🚀",
    "nul\x00byte",
    "",
]


def hostile_graph() -> nx.MultiDiGraph:
    """Values CSV makes hard: quotes, commas, newlines, empty strings and lists, typed lists,
    values a push stores as JSON, odd attribute names, two types under one key."""
    G = nx.MultiDiGraph()
    G.add_node("roadmap:h", kind="roadmap", name="H", patterns=HOSTILE, services=[], holes=[""], mixed=[1, "a"])
    G.add_node("level:h", kind="level", name="H level", rank=2**63 - 1, ranks=[-(2**63), 0], huge=2**70)
    G.add_node("concept:h", kind="concept", name="H concept", aliases=["", ""], floats=[1.5, -0.0, math.inf])
    for i, text in enumerate(HOSTILE):
        node = f"topic:h/c/{i}-{text}"
        attrs = {"description": text[::-1], f"k {text}:x".translate({10: " ", 13: " ", 0: " "}): i}
        G.add_node(node, kind="topic", name=text, roadmap="roadmap:h", effort_hours=[1, 2.5][i % 2], **attrs)
        G.add_edge(node, "roadmap:h", key="MENTIONS", kind="MENTIONS", reason=text, flags=[True, False], empty=[])
    G.nodes["topic:h/c/0-comma, inside"].update({"k`tick": [], "k'quote": [""], "map": {"a": [1, None]}, "no": None})
    G.add_edge('topic:h/c/1-it\'s "quoted"', "concept:h", key="REQUIRES", kind="REQUIRES", hours=-math.inf)
    return G


# ---------------------------------------------------------------- a reader with neo4j-admin's rules


def csv_rows(text: str):
    """Rows of fields; an unquoted empty field is None, a quoted one a string."""
    rows, row, i, n = [], [], 0, len(text)
    while i < n:
        if text[i] == '"':
            value, i = [], i + 1
            while True:
                j = text.index('"', i)
                value.append(text[i:j])
                if text.startswith('""', j):
                    value.append('"')
                    i = j + 2
                else:
                    i = j + 1
                    break
            row.append("".join(value))
        else:
            j = min((k for k in (text.find(",", i), text.find("\n", i)) if k >= 0), default=n)
            row.append(text[i:j] or None)
            i = j
        if i < n and text[i] == ",":
            i += 1
            if i == n or text[i] == "\n":
                row.append(None)
        if i >= n or text[i] == "\n":
            rows.append(row)
            row, i = [], i + 1
    return rows


def typed(value: str, kind: str):
    if kind.endswith("[]"):
        return [typed(v, kind[:-2]) for v in value.split(ARRAY_DELIMITER)]
    parse = {"long": int, "double": float, "boolean": lambda v: {"true": True, "false": False}[v], "string": str}
    return parse[kind](value)


def read_folder(folder: Path, summary) -> tuple[dict, dict]:
    """Node props by id and relationship props by (source, type, target), as neo4j-admin reads them."""
    nodes, rels = {}, {}
    for info in summary.files:
        header, *rows = csv_rows((folder / info.file).read_bytes().decode("utf-8"))
        for row in rows:
            props = {}
            for column, value in zip(header, row, strict=True):
                name, _, kind = column.rpartition(":")
                if value is not None and name:
                    props[name] = value if kind == "ID" else typed(value, kind)
            if info.element == "nodes":
                nodes[props["id"]] = props
            else:
                rels[(row[0], info.name, row[1])] = props
    return nodes, rels


def pushed_props(G) -> tuple[dict, dict]:
    """What a push stores, by node id and by (source, type, target)."""
    nodes = {n: _node_row(n, d, i)["props"] for i, (n, d) in enumerate(G.nodes(data=True))}
    rels = {(u, k, v): _rel_row(u, v, d, i)["props"] for i, (u, v, k, d) in enumerate(G.edges(keys=True, data=True))}
    return nodes, rels


def unescaped(props: dict) -> dict:
    """``props`` after the list fix-ups of after-import.cypher ran."""
    props = dict(props)
    keys = props.get("_kgraph_json") or []
    fixed = [k for k in keys if props[k] in ("[]", '[""]')]
    for key in fixed:
        props[key] = json.loads(props[key])
    if fixed:
        rest = [k for k in keys if k not in fixed]
        props.pop("_kgraph_json") if not rest else props.update(_kgraph_json=rest)
    return props


# ---------------------------------------------------------------- without the tool


def test_fields_quote_strings_and_spell_floats_for_java():
    assert field_text('a "b", c\nd') == '"a ""b"", c\nd"'
    assert field_text("") == '""'
    assert [field_text(v) for v in (True, -3, 0.1, -0.0, math.inf, -math.inf, math.nan)] == [
        "true", "-3", "0.1", "-0.0", "Infinity", "-Infinity", "NaN"
    ]  # fmt: skip
    assert field_text(["a,b", 'q"']) == f'"a,b{ARRAY_DELIMITER}q"""'
    with pytest.raises(InputError, match="U\\+001F"):
        field_text(["a\x1fb"])


@pytest.mark.parametrize("G", [hostile_graph(), generated_graph()], ids=["hostile", "generated"])
def test_files_hold_what_a_push_stores(tmp_path, G):
    summary = write_import_folder(G, tmp_path / "out")
    nodes, rels = read_folder(tmp_path / "out", summary)
    want_nodes, want_rels = pushed_props(G)
    assert {n: unescaped(p) for n, p in nodes.items()} == want_nodes
    assert {k: unescaped(p) for k, p in rels.items()} == want_rels
    assert (summary.nodes, summary.relationships) == (G.number_of_nodes(), G.number_of_edges())
    assert sum(f.rows for f in summary.files) == G.number_of_nodes() + G.number_of_edges()


def test_two_types_under_one_key_get_two_files_and_the_command_names_every_file(tmp_path):
    summary = write_import_folder(hostile_graph(), tmp_path / "out")
    topics = [f for f in summary.files if f.name == "Topic"]
    assert [f.file for f in topics] == ["nodes-Topic.csv", "nodes-Topic-2.csv"]
    headers = [(tmp_path / "out" / f.file).read_text(encoding="utf-8").split("\n", 1)[0] for f in topics]
    assert '"effort_hours:long"' in headers[0] and '"effort_hours:double"' in headers[1]
    for info in summary.files:
        assert f"--{info.element}={info.name}={tmp_path / 'out' / info.file}" in summary.admin_args
    multiline = [a for a in summary.admin_args if a.startswith("--multiline-fields=")]
    assert multiline == [
        "--multiline-fields=" + ",".join(str(tmp_path / "out" / f.file) for f in summary.files if f.multiline)
    ]
    assert {f.name for f in summary.files if f.multiline} == {"Roadmap", "Topic", "MENTIONS"}
    readme = (tmp_path / "out" / README).read_text(encoding="utf-8")
    assert summary.command in readme and AFTER_IMPORT in readme


def test_after_import_makes_the_push_constraints_and_fixes_escaped_lists(tmp_path):
    summary = write_import_folder(hostile_graph(), tmp_path / "out")
    lines = (tmp_path / "out" / AFTER_IMPORT).read_text(encoding="utf-8").splitlines()
    assert lines == summary.after_import
    for kind in NodeKind:
        assert (
            f"CREATE CONSTRAINT kgraph_{kind.value}_id IF NOT EXISTS FOR (n:{kind.label}) REQUIRE n.id IS UNIQUE;"
            in lines
        )
    fixes = [line for line in lines if line.startswith("MATCH")]
    assert any("(n:Topic) WHERE n.`k``tick` = '[]'" in line for line in fixes)
    assert any("n.`k'quote` = '[\"\"]' AND 'k\\'quote' IN" in line for line in fixes)
    assert any("()-[n:MENTIONS]->() WHERE n.`empty` = '[]'" in line for line in fixes)


@pytest.mark.parametrize(
    ("attrs", "message"),
    [
        ({"bad(key": 1}, "holds '\\('"),
        ({"bad{key": 1}, "holds '\\{'"),
        ({"bad\nkey": 1}, "holds '\\\\n'"),
        ({"bad\x1fkey": 1}, "holds '\\\\x1f'"),
        ({"tags": ["a\x1fb"]}, "U\\+001F"),
        ({"when": {1, 2}}, "set value cannot be stored"),
    ],
)
def test_unrepresentable_values_are_refused_and_nothing_is_written(tmp_path, attrs, message):
    G = generated_graph()
    G.nodes["concept:c3"].update(attrs)
    with pytest.raises(InputError, match=message):
        write_import_folder(G, tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


def test_an_empty_graph_is_refused(tmp_path):
    with pytest.raises(InputError, match="empty"):
        write_import_folder(nx.MultiDiGraph(), tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


def test_cli_prints_the_command_and_refuses_in_one_line(tmp_path, run, builtin_graph):
    result = run("export", "--format", "neo4j-import", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    command = result.stdout.strip()
    assert command.startswith("neo4j-admin database import full neo4j --overwrite-destination")
    assert str(tmp_path / "out" / "nodes-Topic.csv") in command
    assert f"({builtin_graph.number_of_nodes()} nodes, {builtin_graph.number_of_edges()} edges" in result.stderr
    # Exporting again replaces the folder whole (a file of the earlier export does not survive).
    (tmp_path / "out" / "nodes-Stale.csv").write_text("stale")
    assert run("export", "--format", "neo4j-import", "-o", tmp_path / "out").exit_code == 0
    assert not (tmp_path / "out" / "nodes-Stale.csv").exists()
    # A folder of other files, or a file, is left alone: exit 2, one line, nothing written.
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep")
    (tmp_path / "file.csv").write_text("keep")
    for target in ("mine", "file.csv", "a,b"):
        before = sorted(p.name for p in tmp_path.iterdir())
        result = run("export", "--format", "neo4j-import", "-o", tmp_path / target)
        assert result.exit_code == 2 and result.stdout == ""
        assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("kgraph: ")
        assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep"


def test_rows_are_streamed_not_built_in_memory(tmp_path):
    G = nx.MultiDiGraph()
    text = "x" * 200
    for i in range(5000):
        G.add_node(f"topic:s/c/{i}", kind="topic", name=f"t{i}", description=text)
        if i:
            G.add_edge(f"topic:s/c/{i}", f"topic:s/c/{i - 1}", key="REQUIRES", kind="REQUIRES", reason=text)
    tracemalloc.start()
    try:
        summary = write_import_folder(G, tmp_path / "out")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert summary.bytes > 2_000_000
    assert peak < summary.bytes / 4, (peak, summary.bytes)


# ---------------------------------------------------------------- with neo4j-admin


def dev(home: Path, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    """``scripts/neo4j-dev ARGS`` for the dev home ``home``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KGRAPH_NEO4J_", "NEO4J_"))}
    env["KGRAPH_NEO4J_HOME"] = str(home)
    return subprocess.run(
        [str(REPO / "scripts" / "neo4j-dev"), *args], env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.mark.neo4j
def test_admin_import_gives_the_database_a_push_makes(tmp_path, builtin_graph):
    java = Path(os.environ["JAVA_HOME"]) / "bin" / "java" if os.environ.get("JAVA_HOME") else shutil.which("java")
    if not java or not shutil.which(os.environ.get("MVN", "mvn")):
        unavailable("java or maven missing (needed for the Neo4j jars and neo4j-admin)", "the neo4j-admin test")
    G, hostile = builtin_graph.copy(), hostile_graph()
    G.add_nodes_from(hostile.nodes(data=True))
    G.add_edges_from(hostile.edges(keys=True, data=True))
    summary = write_import_folder(G, tmp_path / "import")
    home = tmp_path / "neo4j-home"
    imported = dev(home, "admin", *summary.admin_args)
    assert imported.returncode == 0, imported.stdout[-3000:] + imported.stderr[-3000:]
    assert f"{G.number_of_nodes()} nodes" in imported.stdout
    started = dev(home, "start")
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        settings = store.connection_settings(environ=store.read_dotenv(home / "env"), dotenv=None)
        with store.connect(settings) as driver:
            assert_same_graph(store.pull_graph(driver, settings.database), G)
            for statement in summary.after_import:
                store.run_cypher(driver, statement, database=settings.database, write=True)
            assert store.ensure_constraints(driver, database=settings.database) == 0
            assert_same_graph(store.pull_graph(driver, settings.database), G)
            want_nodes, want_rels = pushed_props(G)
            nodes = store.run_cypher(driver, "MATCH (n) RETURN properties(n) AS p", database=settings.database)
            assert {r["p"]["id"]: r["p"] for r in nodes.records} == want_nodes
            cypher = "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p"
            rels = store.run_cypher(driver, cypher, database=settings.database)
            assert {(r["a"], r["t"], r["b"]): r["p"] for r in rels.records} == want_rels
    finally:
        stopped = dev(home, "stop")
        assert stopped.returncode == 0, stopped.stderr


_TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x1f"), max_size=20)
_KEY = st.text(alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00\n\r({\x1f"), min_size=1)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    values=st.dictionaries(
        _KEY.filter(lambda k: k not in ("id", "kind") and not k.startswith("_kgraph_")),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _TEXT,
            lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.dictionaries(_TEXT, inner),
            max_leaves=6,
        ),
        max_size=4,
    ),
)
def test_any_attributes_are_written_as_a_push_stores_them(tmp_path_factory, values):
    G = nx.MultiDiGraph()
    G.add_node("concept:p", kind="concept", name="p", **values)
    G.add_node("concept:q", kind="concept", name="q")
    G.add_edge("concept:q", "concept:p", key="MENTIONS", kind="MENTIONS", **values)
    folder = tmp_path_factory.mktemp("any") / "out"
    summary = write_import_folder(G, folder)
    nodes, rels = read_folder(folder, summary)
    assert ({n: unescaped(p) for n, p in nodes.items()}, {k: unescaped(p) for k, p in rels.items()}) == pushed_props(G)
