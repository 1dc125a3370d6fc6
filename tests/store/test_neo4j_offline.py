"""The Neo4j layer without a server: property conversion, the allow-list, connection settings,
the query library, parameters, and the CLI's checks that happen before connecting."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kgraph.errors import ConnectionFailed, InputError, QueryError
from kgraph.model.kinds import EdgeKind, NodeKind
from kgraph.store import neo4j as store
from kgraph.store import queries

# ---------------------------------------------------------------- property conversion


def _normalised(value):
    """What a value looks like after a round trip: tuples become lists."""
    if isinstance(value, (list, tuple)):
        return [_normalised(v) for v in value]
    if isinstance(value, dict):
        return {k: _normalised(v) for k, v in value.items()}
    return value


def test_storable_values_stay_and_others_become_json():
    attrs = {
        "name": "x",
        "n": 3,
        "f": 1.5,
        "flag": True,
        "tags": ["a", "b"],
        "tuple": ("a", "b"),
        "empty": [],
        "bools": [True, False],
        "map": {"a": [1, None]},
        "none": None,
        "holes": ["a", None],
        "mixed": [1, "a"],
        "int_float": [1, 2.0],
        "bool_int": [True, 1],
        "nested": [[1], [2]],
        "huge": 2**64,
    }
    props = store.encode_properties(attrs, "node 'x'")
    kept = ["name", "n", "f", "flag", "tags", "tuple", "empty", "bools"]
    assert {k: props[k] for k in kept} == {k: _normalised(attrs[k]) for k in kept}
    assert props[store.JSON_KEYS] == sorted(set(attrs) - set(kept))
    assert json.loads(props["map"]) == {"a": [1, None]}
    assert store.decode_properties(props) == _normalised(attrs)


_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.dictionaries(st.text(), inner),
    max_leaves=10,
)


@given(st.dictionaries(st.text(min_size=1).filter(lambda k: not k.startswith("_kgraph_")), _VALUES, max_size=5))
def test_encode_decode_round_trips(attrs):
    attrs = {k: v for k, v in attrs.items() if "\x00" not in k}
    props = store.encode_properties(attrs, "node 'x'")
    for key, value in props.items():  # everything left is something Neo4j stores
        assert store._storable(value), (key, value)
    assert store.decode_properties(props) == _normalised(attrs)


@pytest.mark.parametrize(
    ("attrs", "message"),
    [
        ({"tags": {"a", "b"}}, "a set value cannot be stored"),
        ({"when": object()}, "cannot be stored"),
        ({"map": {1: "a"}}, "map key 1 is not a string"),
        ({"id": "x"}, "'id' is reserved"),
        ({"_kgraph_order": 1}, "is reserved"),
        ({"": 1}, "non-empty string"),
        ({"a\x00b": 1}, "without NUL"),
        ({3: 1}, "non-empty string"),
    ],
)
def test_unstorable_attributes_are_rejected(attrs, message):
    with pytest.raises(InputError, match=re.escape(message)):
        store.encode_properties(attrs, "node 'x'", reserved=("id",))


def _graph(kind="topic", edge_kind="REQUIRES", key=None):
    G = nx.MultiDiGraph()
    G.add_node("a", kind=kind, name="A")
    G.add_node("b", kind="topic", name="B")
    G.add_edge("a", "b", key=key or edge_kind, kind=edge_kind)
    return G


def test_rows_group_by_label_and_type():
    G = _graph()
    G.add_edge("a", "b", key="PART_OF", kind="PART_OF")
    nodes, rels = store.graph_rows(G)
    assert list(nodes) == ["Topic"]
    assert [row["props"] for row in nodes["Topic"]] == [
        {"kind": "topic", "name": "A", "id": "a", store.ORDER_KEY: 0},
        {"kind": "topic", "name": "B", "id": "b", store.ORDER_KEY: 1},
    ]
    assert list(rels) == [("Topic", "PART_OF", "Topic"), ("Topic", "REQUIRES", "Topic")]
    assert rels[("Topic", "REQUIRES", "Topic")][0]["props"] == {store.ORDER_KEY: 0}


@pytest.mark.parametrize(
    ("G", "message"),
    [
        (_graph(kind="Topic`) DETACH DELETE n //"), "is not a node kind"),
        (_graph(kind=None), "is not a node kind"),
        (_graph(edge_kind="KNOWS"), "is not an edge kind"),
        (_graph(edge_kind="REQUIRES]->() DELETE x //"), "is not an edge kind"),
        (_graph(key="other"), "key 'other' is not its kind 'REQUIRES'"),
    ],
)
def test_labels_and_types_only_from_the_allow_list(G, message):
    with pytest.raises(InputError, match=re.escape(message)):
        store.graph_rows(G)


def test_push_checks_the_graph_before_touching_the_server():
    class NoDriver:
        def session(self, **_):
            raise AssertionError("no query may be sent")

    with pytest.raises(InputError, match="not a node kind"):
        store.push_graph(NoDriver(), _graph(kind="Person"))
    with pytest.raises(InputError, match="node ids must be non-empty strings"):
        G = nx.MultiDiGraph()
        G.add_node(7, kind="topic")
        store.push_graph(NoDriver(), G)
    with pytest.raises(InputError, match="batch size"):
        store.push_graph(NoDriver(), _graph(), batch_size=0)


def test_every_label_and_type_is_a_plain_identifier():
    for kind in NodeKind:
        assert re.fullmatch(r"[A-Z][a-z]+", kind.label)
    for kind in EdgeKind:
        assert re.fullmatch(r"[A-Z_]+", kind.value)


# ---------------------------------------------------------------- connection settings


def test_settings_precedence_flag_env_dotenv(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "# comment\nexport NEO4J_URI=bolt://from-file:7687\nNEO4J_USER='file-user'\n"
        'NEO4J_PASSWORD="file secret"\nNEO4J_DATABASE=filedb # trailing comment\nOTHER=1\n'
    )
    env = {"NEO4J_URI": "bolt://from-env:7687", "NEO4J_PASSWORD": "env-secret", "NEO4J_DATABASE": ""}
    s = store.connection_settings(uri="bolt://from-flag:7687", environ=env, dotenv=dotenv)
    assert (s.uri, s.user, s.password, s.database) == ("bolt://from-flag:7687", "file-user", "env-secret", "filedb")
    s = store.connection_settings(environ={}, dotenv=dotenv)
    assert (s.uri, s.user, s.password, s.database) == ("bolt://from-file:7687", "file-user", "file secret", "filedb")
    s = store.connection_settings(environ={}, dotenv=tmp_path / "missing")
    assert (s.uri, s.user, s.password, s.database) == (store.DEFAULT_URI, "neo4j", None, None)


def test_dotenv_in_the_working_folder_is_read(tmp_path, monkeypatch):
    for key in store.ENV.values():
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("NEO4J_URI=bolt://dotenv-host:7688\n")
    assert store.connection_settings().uri == "bolt://dotenv-host:7688"


def test_settings_never_show_the_password():
    s = store.Neo4jSettings(uri="bolt://alice:pw-in-uri@host:7687", password="top-secret-pw")
    for text in (repr(s), str(s), s.address, f"{s}"):
        assert "top-secret-pw" not in text and "pw-in-uri" not in text
    assert s.address == "bolt://host:7687"
    with pytest.raises(AttributeError):
        s.password = "x"
    assert s == store.Neo4jSettings(uri="bolt://alice:pw-in-uri@host:7687", password="top-secret-pw")


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_server_fails_fast():
    started = time.perf_counter()
    with pytest.raises(ConnectionFailed, match=re.escape("cannot reach Neo4j at bolt://127.0.0.1")):
        store.connect(store.Neo4jSettings(uri=f"bolt://127.0.0.1:{_closed_port()}", password="whatever-1234"))
    assert time.perf_counter() - started < 5


def test_cli_unreachable_server_exits_3(run):
    started = time.perf_counter()
    secret = "never-print-me-42"
    result = run("neo4j", "status", "--uri", f"bolt://127.0.0.1:{_closed_port()}", "--password", secret)
    assert result.exit_code == 3
    assert result.stderr.startswith("kgraph: cannot reach Neo4j at bolt://127.0.0.1:")
    assert secret not in result.output and "Traceback" not in result.output
    assert time.perf_counter() - started < 5


def test_cli_bad_uri_exits_2(run):
    result = run("neo4j", "status", "--uri", "localhost:7687")
    assert result.exit_code == 2
    assert "invalid Neo4j URI 'localhost:7687'" in result.stderr


def test_cli_source_neo4j_refuses_plugin_options(run, tmp_path):
    result = run("info", "--source", "neo4j", "--plugins", tmp_path)
    assert result.exit_code == 2
    assert "do not apply to --source neo4j" in result.stderr


# ---------------------------------------------------------------- the query library


def test_query_parameters_skip_strings_comments_and_names():
    text = """// $commented
    MATCH (t:Topic {id: $topic}) /* $block */
    WHERE t.name <> '$single' AND t.x <> "$double \\" $still" AND t.`$quoted` = $`odd name`
    RETURN $topic, $limit"""
    assert queries.query_parameters(text) == ["topic", "odd name", "limit"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("RETURN 1", "RETURN 1"),
        ("RETURN 1;\n", "RETURN 1"),
        ("RETURN ';' AS x ; // trailing comment", "RETURN ';' AS x"),
    ],
)
def test_statement_text(text, expected):
    assert queries.statement_text(text) == expected


@pytest.mark.parametrize("text", ["", "// only a comment\n", ";", "RETURN 1; RETURN 2"])
def test_statement_text_rejects(text):
    with pytest.raises(QueryError):
        queries.statement_text(text)


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("n=3", ("n", 3)),
        ("n=-3", ("n", -3)),
        ("x=1.5", ("x", 1.5)),
        ("x=1e3", ("x", 1000.0)),
        ("flag=true", ("flag", True)),
        ("flag=False", ("flag", False)),
        ('known=["topic:a", "topic:b"]', ("known", ["topic:a", "topic:b"])),
        ('m={"a": 1}', ("m", {"a": 1})),
        ("topic=topic:kubernetes/security-aspects/rbac", ("topic", "topic:kubernetes/security-aspects/rbac")),
        ("s=", ("s", "")),
        ("s=a=b", ("s", "a=b")),
        ("s=nan", ("s", "nan")),
        ('id:="007"', ("id", "007")),
        ("v:=null", ("v", None)),
        ("v:=[1, 2.5]", ("v", [1, 2.5])),
    ],
)
def test_parse_param(item, expected):
    assert queries.parse_param(item) == expected


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("novalue", "expected NAME=VALUE"),
        ("1x=3", "the name must be"),
        ("known=[1,", "invalid JSON"),
        ("v:=nope", "invalid JSON"),
        (f"n={2**64}", "does not fit in 64 bits"),
    ],
)
def test_parse_param_rejects(item, message):
    with pytest.raises(InputError, match=re.escape(message)):
        queries.parse_param(item)


def test_parse_params_rejects_duplicates():
    with pytest.raises(InputError, match="given twice"):
        queries.parse_params(["a=1", "a=2"])


EXPECTED_QUERIES = {
    "roadmap_overview",
    "topics_by_level",
    "prerequisites",
    "learning_path",
    "learning_plan",
    "cross_roadmap_bridges",
    "dependents",
}


def test_library_queries_are_documented_plain_cypher():
    library = {q.name: q for q in queries.list_queries()}
    assert set(library) >= EXPECTED_QUERIES
    for q in library.values():
        assert q.text.startswith("//"), q.name
        assert q.purpose and len(q.purpose) <= 70, q.name  # fits the --list table
        assert q.params_doc, f"{q.name}: no '// params:' line"
        for name in q.params:
            assert f"${name}" in q.params_doc, f"{q.name}: ${name} is not documented"
        assert set(q.defaults) <= set(q.params)
        assert not re.search(r"\b(apoc|gds)\.", q.text, re.IGNORECASE), q.name
        queries.statement_text(q.text)
    assert library["prerequisites"].params == ("topic", "with_recommended")
    assert library["prerequisites"].defaults == {"with_recommended": False}
    assert library["learning_plan"].defaults == {"known": [], "with_recommended": False}


def test_load_query_by_name_or_path(tmp_path):
    assert queries.load_query("prerequisites").path.name == "prerequisites.cypher"
    assert queries.load_query("prerequisites.cypher").name == "prerequisites"
    mine = tmp_path / "mine.cypher"
    mine.write_text("// Mine.\n// params: $a\n// defaults: a='two words'\nRETURN $a AS a\n")
    q = queries.load_query(str(mine))
    assert (q.name, q.purpose, q.params, q.defaults) == ("mine", "Mine.", ("a",), {"a": "two words"})
    with pytest.raises(InputError, match="did you mean: prerequisites"):
        queries.load_query("prerequisits")
    with pytest.raises(InputError, match="no such query file"):
        queries.load_query(str(tmp_path / "nope.cypher"))


def test_cli_query_list(run):
    result = run("query", "--list", "--format", "json")
    assert result.exit_code == 0
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert set(rows) >= EXPECTED_QUERIES
    assert rows["learning_path"]["params"] == "$from, $to, $with_recommended"


def test_cli_query_input_errors_need_no_server(run, tmp_path):
    unreachable = ["--uri", f"bolt://127.0.0.1:{_closed_port()}"]
    missing = run("query", "prerequisites", *unreachable)
    assert missing.exit_code == 2
    assert missing.stderr.strip() == "kgraph: query 'prerequisites' needs $topic: give it with -p topic=VALUE"
    unknown = run("query", "prerequisites", "-p", "topc=x", *unreachable)
    assert unknown.exit_code == 2 and "has no parameter $topc (it takes: $topic, $with_recommended)" in unknown.stderr
    bad = run("query", "prerequisites", "-p", "topic", *unreachable)
    assert bad.exit_code == 2 and "expected NAME=VALUE" in bad.stderr
    nothing = run("query")
    assert nothing.exit_code == 2 and "query NAME or FILE" in nothing.stderr
    two = tmp_path / "two.cypher"
    two.write_text("RETURN 1;\nRETURN 2;\n")
    assert run("query", two, *unreachable).exit_code == 2


def test_help_does_not_import_the_driver():
    code = "import sys; from kgraph.cli import cli; assert 'neo4j' not in sys.modules, 'neo4j imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_cli_batch_size_default_matches_the_library():
    from kgraph.cli import neo4j_commands

    assert neo4j_commands.DEFAULT_BATCH_SIZE == store.DEFAULT_BATCH_SIZE
