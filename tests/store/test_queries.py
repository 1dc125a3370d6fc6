"""The query library and its parameters without a server: scanning Cypher text, typed ``-p``
values, ``CypherQuery.bind()``, and the ``kgraph query`` checks made before connecting."""

from __future__ import annotations

import json
import re

import pytest

from kgraph.errors import InputError, MissingParameter, QueryError
from kgraph.store import queries
from tests.neo4j_server import closed_port

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
    unreachable = ["--uri", f"bolt://127.0.0.1:{closed_port()}"]
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


# ---------------------------------------------------------------- binding parameters


def _query(
    text: str = "// Mine.\n// defaults: limit=10 known:=[]\nMATCH (t {id: $topic}) RETURN t, $known LIMIT $limit",
):
    return queries.parse_query(text, "mine")


def test_bind_fills_defaults():
    assert _query().bind({"topic": "topic:a"}) == {"limit": 10, "known": [], "topic": "topic:a"}


def test_bind_given_values_override_defaults():
    bound = _query().bind({"topic": "topic:a", "limit": 3, "known": ["topic:b"]})
    assert bound == {"limit": 3, "known": ["topic:b"], "topic": "topic:a"}


def test_bind_takes_any_mapping_and_copies_it():
    given = {"topic": "topic:a"}
    bound = _query().bind(given)
    bound["limit"] = 0
    assert given == {"topic": "topic:a"} and _query().defaults == {"limit": 10, "known": []}


def test_bind_refuses_an_unknown_parameter():
    with pytest.raises(QueryError) as info:
        _query().bind({"topic": "topic:a", "topc": "x"})
    assert str(info.value) == "query 'mine' has no parameter $topc (it takes: $topic, $known, $limit)"
    assert not isinstance(info.value, MissingParameter)
    with pytest.raises(QueryError, match=re.escape("has no parameter $x (it takes: no parameters)")):
        queries.parse_query("RETURN 1", "plain").bind({"x": 1})


def test_bind_names_the_missing_parameters():
    query = queries.parse_query("RETURN $a, $b, $c", "abc")
    with pytest.raises(MissingParameter) as info:
        query.bind({"b": 1})
    assert info.value.names == ["a", "c"]
    assert str(info.value) == "query 'abc' needs $a, $c: give it with -p a=VALUE"
    with pytest.raises(MissingParameter, match=re.escape("needs $topic")):
        _query().bind()


def test_bind_without_parameters():
    assert queries.parse_query("RETURN 1", "plain").bind() == {}
    assert queries.load_query("prerequisites").bind({"topic": "topic:x"}) == {
        "with_recommended": False,
        "topic": "topic:x",
    }
