"""A plugin using the knowledge keys (strength, needs/hours, vendor, default) keeps them
through every export format and through a push to Neo4j and a pull back."""

from __future__ import annotations

import csv
import json

import networkx as nx
import pytest

import kgraph
from kgraph.store import neo4j as store
from tests.conftest import write_yaml

TOPICS = [
    {"name": "Shell", "level": "beginner", "effort_hours": 10},
    {"name": "Cloud", "level": "beginner", "effort_hours": 2.5, "vendor": "bigcloud"},
    {"name": "Local", "level": "beginner", "effort_hours": 2},
    {
        "name": "Goal",
        "level": "intermediate",
        "effort_hours": 3,
        "requires": [
            {"topic": "rt/core/shell", "needs": "shell basics", "hours": 3, "reason": "scripts"},
            {"any_of": ["rt/core/cloud", "rt/core/local"], "default": "rt/core/local", "reason": "somewhere to run"},
        ],
    },
    {
        "name": "Extra",
        "level": "advanced",
        "effort_hours": 1,
        "requires": [{"topic": "rt/core/goal", "strength": "recommended", "reason": "helps"}],
    },
]

EXPECTED_EDGES = {
    ("topic:rt/core/goal", "topic:rt/core/shell"): {"strength": "essential", "needs": "shell basics", "hours": 3},
    ("topic:rt/core/goal", "topic:rt/core/cloud"): {"strength": "essential", "default": "topic:rt/core/local"},
    ("topic:rt/core/goal", "topic:rt/core/local"): {"strength": "essential", "default": "topic:rt/core/local"},
    ("topic:rt/core/extra", "topic:rt/core/goal"): {"strength": "recommended"},
}


@pytest.fixture
def graph(tmp_path):
    doc = {"id": "rt", "name": "Rt", "vendor": "acme", "categories": [{"id": "core", "name": "Core", "topics": TOPICS}]}
    doc["categories"][0]["topics"][2] = {**TOPICS[2], "vendor": "neutral"}
    folder = write_yaml(tmp_path / "rt" / "rt.yaml", doc).parent
    return kgraph.load_graph([folder], builtin=False, use_entry_points=False, cache=False)


def _check(G, number=lambda value: value):
    vendors = {n: G.nodes[n]["vendor"] for n in G if G.nodes[n].get("kind") == "topic"}
    assert vendors == {
        "topic:rt/core/shell": "acme",
        "topic:rt/core/cloud": "bigcloud",
        "topic:rt/core/local": "neutral",
        "topic:rt/core/goal": "acme",
        "topic:rt/core/extra": "acme",
    }
    for (u, v), attrs in EXPECTED_EDGES.items():
        found = G.get_edge_data(u, v)
        [data] = [d for d in (found.values() if G.is_multigraph() else [found]) if d["kind"] == "REQUIRES"]
        for key, value in attrs.items():
            assert number(data[key]) == value, (u, v, key)
        if "default" not in attrs:
            assert "default" not in data or data["default"] in (None, "")


def test_the_keys_are_in_the_built_graph(graph):
    _check(graph)


@pytest.mark.parametrize("fmt", ["json", "graphml", "gexf"])
def test_the_keys_survive_export(graph, tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    kgraph.export_graph(graph, out, fmt=fmt)
    if fmt == "json":
        H = nx.node_link_graph(json.loads(out.read_text()), multigraph=True, directed=True)
    elif fmt == "graphml":
        H = nx.read_graphml(out)
    else:
        H = nx.read_gexf(out)
    _check(H, number=lambda value: float(value) if isinstance(value, str) and value[:1].isdigit() else value)
    assert kgraph.learning_plan(H if fmt == "json" else graph, ["topic:rt/core/goal"]).total_effort_hours == 8


def test_the_keys_survive_csv_export(graph, tmp_path):
    kgraph.export_graph(graph, tmp_path / "csv", fmt="csv")
    edges = list(csv.DictReader((tmp_path / "csv" / "edges.csv").open(encoding="utf-8")))
    found = {(e["source"], e["target"]): e for e in edges if e["kind"] == "REQUIRES"}
    for pair, attrs in EXPECTED_EDGES.items():
        for key, value in attrs.items():
            assert found[pair][key] == str(value), (pair, key)
    nodes = {n["id"]: n for n in csv.DictReader((tmp_path / "csv" / "nodes.csv").open(encoding="utf-8"))}
    assert nodes["topic:rt/core/cloud"]["vendor"] == "bigcloud"


@pytest.mark.neo4j
def test_the_keys_survive_neo4j_push_and_pull(graph, neo4j_driver, neo4j_settings):
    from tests.store import test_neo4j

    test_neo4j._LOADED["name"] = None
    store.push_graph(neo4j_driver, graph, database=neo4j_settings.database, wipe_first=True)
    pulled = store.pull_graph(neo4j_driver, database=neo4j_settings.database)
    _check(pulled)
    assert test_neo4j.edges_of(pulled) == test_neo4j.edges_of(graph)
    plan = kgraph.learning_plan(pulled, ["topic:rt/core/goal"], prefer=["bigcloud"])
    assert plan.total_effort_hours == 8.5 and plan.choices[0].rule == "preferred"
