"""Positions for the page: complete, deterministic, grouped by roadmap, cheap on big graphs."""

from __future__ import annotations

import itertools
import math

import networkx as nx

from kgraph.model.kinds import NodeKind
from kgraph.viz import layout as layout_module
from kgraph.viz.layout import SPACING, layout


def test_every_node_gets_a_finite_position_and_the_same_one_each_time(builtin_graph):
    first, second = layout(builtin_graph), layout(builtin_graph)
    assert set(first) == set(builtin_graph)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in first.values())
    assert first == second


def test_roadmaps_do_not_overlap(builtin_graph):
    pos = layout(builtin_graph)
    reach = {}
    for node, data in builtin_graph.nodes(data=True):
        if data["kind"] in (NodeKind.TOPIC, NodeKind.CATEGORY):
            roadmap = data["roadmap"]
            reach[roadmap] = max(reach.get(roadmap, 0.0), math.dist(pos[node], pos[roadmap]))
    assert len(reach) == 7
    for a in reach:
        for b in reach:
            if a < b:
                assert math.dist(pos[a], pos[b]) >= reach[a] + reach[b], (a, b)


def test_levels_form_a_row_above_the_drawing(builtin_graph):
    pos = layout(builtin_graph)
    levels = [n for n, k in builtin_graph.nodes(data="kind") if k == NodeKind.LEVEL]
    top = min(y for n, (_, y) in pos.items() if n not in levels)
    assert len({pos[n][1] for n in levels}) == 1 and all(pos[n][1] < top for n in levels)


def test_a_cluster_too_big_for_forces_is_spread_evenly(monkeypatch):
    monkeypatch.setattr(layout_module, "SPRING_LIMIT", 50)
    G = nx.MultiDiGraph()
    G.add_node("roadmap:r", kind="roadmap")
    G.add_node("category:r/c", kind="category", roadmap="roadmap:r")
    for i in range(300):
        G.add_node(f"topic:r/c/{i}", kind="topic", roadmap="roadmap:r", category="category:r/c")
    pos = layout(G)
    points = [pos[f"topic:r/c/{i}"] for i in range(300)]
    closest = min(math.dist(a, b) for i, a in enumerate(points) for b in points[i + 1 :])
    assert closest > SPACING / 4, "no two nodes on top of each other"


def test_graphs_without_roadmaps_are_laid_out():
    """An empty graph (``kgraph viz --no-builtin`` with no plugins) and one of concepts only."""
    assert layout(nx.MultiDiGraph()) == {}
    G = nx.MultiDiGraph()
    G.add_node("concept:a", kind="concept", name="a")
    G.add_node("level:beginner", kind="level", name="Beginner")
    assert set(layout(G)) == set(G)


def test_colour_by_level_lays_topics_out_in_level_bands(builtin_graph):
    from kgraph.model.kinds import LEVELS
    from kgraph.viz import render_html

    pos = layout(builtin_graph, bands=True)
    spans = {}
    for node, data in builtin_graph.nodes(data=True):
        if data.get("kind") == "topic":
            spans.setdefault(LEVELS.index(data["level"]), []).append(pos[node][1])
    ranks = sorted(spans)
    for upper, lower in itertools.pairwise(ranks):
        assert max(spans[upper]) < min(spans[lower]), (LEVELS[upper], LEVELS[lower])  # beginner on top
    page = render_html(builtin_graph, color_by="level")
    assert '"bands": [' in page.html and '"label": "Beginner"' in page.html
