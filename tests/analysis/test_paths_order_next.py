"""Paths, orderings and the frontier on small graphs, checked against NetworkX."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgraph.analysis.frontier import next_topics
from kgraph.analysis.knowledge import group_met, known_parts, satisfied_topics, skipped_topics
from kgraph.analysis.ordering import prerequisite_order
from kgraph.analysis.paths import learning_path
from kgraph.analysis.prereqs import prereq_view
from kgraph.errors import CycleError, InputError, NoPath, RoadmapNotFound, TopicNotFound
from tests.analysis.graphs import plan_cases, topic_graph


@st.composite
def dags(draw):
    n = draw(st.integers(2, 12))
    names = [f"n{i}" for i in range(n)]
    edges = [(names[i], names[j]) for i in range(n) for j in range(i) if draw(st.floats(0, 1)) < 0.3]
    return topic_graph(dict.fromkeys(names, 1), edges), names


@settings(max_examples=200, deadline=None)
@given(dags(), st.data())
def test_path_length_equals_networkx(case, data):
    G, names = case
    source = f"topic:{data.draw(st.sampled_from(names))}"
    target = f"topic:{data.draw(st.sampled_from(names))}"
    R = nx.DiGraph((u, v) for u, v in G.edges())
    R.add_nodes_from(G)
    if nx.has_path(R, target, source):
        paths = learning_path(G, source, target, k=3)
        assert paths[0].length == nx.shortest_path_length(R, target, source)
        assert paths[0].topics[0] == source and paths[0].topics[-1] == target
        assert [p.length for p in paths] == sorted(p.length for p in paths)
        for path in paths:
            for a, b in zip(path.topics, path.topics[1:], strict=False):
                assert R.has_edge(b, a), "each step is a prerequisite of the next"
    else:
        with pytest.raises(NoPath):
            learning_path(G, source, target)


def test_path_reasons_and_any_edge():
    G = topic_graph({"a": 1, "b": 1, "c": 1, "x": 1}, [("c", "b"), ("b", "a")], reasons={("c", "b"): "c builds on b"})
    G.add_node("concept:k", kind="concept", name="K")
    G.add_edge("topic:x", "concept:k", key="MENTIONS", kind="MENTIONS")
    G.add_edge("topic:a", "concept:k", key="MENTIONS", kind="MENTIONS")
    [path] = learning_path(G, "topic:a", "topic:c")
    assert path.topics == ["topic:a", "topic:b", "topic:c"]
    assert path.steps[1].reason == "c builds on b"
    with pytest.raises(NoPath):
        learning_path(G, "topic:a", "topic:x")
    [related] = learning_path(G, "topic:x", "topic:a", any_edge=True)
    assert related.relation == "any-edge" and related.length == 2
    assert related.steps[0].via == "-> MENTIONS" and related.steps[1].via == "<- MENTIONS"
    with pytest.raises(InputError):
        learning_path(G, "topic:a", "topic:c", k=0)
    with pytest.raises(TopicNotFound):
        learning_path(G, "topic:a", "concept:k")


@settings(max_examples=100, deadline=None)
@given(dags())
def test_order_is_topological(case):
    G, _ = case
    result = prerequisite_order(G)
    stage_of = {row["topic"]: row["stage"] for row in result.rows()}
    assert len(stage_of) == len(G)
    for u, v in G.edges():
        assert stage_of[v] < stage_of[u], "a prerequisite sits in an earlier stage"


def test_order_restricts_to_roadmaps_and_names_cycles():
    G = topic_graph({"a": 1, "b": 1, "c": 1}, [("b", "a"), ("c", "b")], roadmaps={"a": "x", "b": "y", "c": "y"})
    G.add_node("roadmap:y", kind="roadmap", name="Why")
    G.add_node("roadmap:x", kind="roadmap", name="Ex")
    result = prerequisite_order(G, roadmaps=["Why"])
    assert [r["topic"] for r in result.rows()] == ["topic:b", "topic:c"]
    assert result.outside_prerequisites == 1
    with pytest.raises(RoadmapNotFound):
        prerequisite_order(G, roadmaps=["nope"])
    G.add_edge("topic:a", "topic:c", key="REQUIRES", kind="REQUIRES")
    with pytest.raises(CycleError) as info:
        prerequisite_order(G)
    assert sorted(info.value.cycle) == ["a", "b", "c"]


def test_next_ranks_by_unlocks_then_effort():
    G = topic_graph(
        {"a": 3, "b": 1, "c": 1, "d": 1, "e": 2},
        requires=[("c", "a"), ("d", "c"), ("e", "b")],
        groups={"d": [["b", "e"]]},
    )
    first = next_topics(G)
    assert [r.topic for r in first.items] == ["topic:b", "topic:a"], "equal unlocks: less effort first"
    assert first.items[0].unlocks == 2 and first.items[1].unlocks == 2
    after = next_topics(G, known=["topic:a"])
    assert [r.topic for r in after.items] == ["topic:b", "topic:c"]
    done = next_topics(G, progress={"topic:a": "done", "topic:b": "done", "topic:c": "learning"})
    assert [(r.topic, r.status) for r in done.items] == [("topic:c", "learning"), ("topic:e", None)]
    assert next_topics(G, top=1).candidates == 2
    with pytest.raises(InputError):
        next_topics(G, top=0)


def _reference_next(G, known, progress, with_recommended=False):
    """The frontier by its definition: every unlearned topic whose requirements are met, those
    being learned first, each ranked by a full walk over its unlearned dependents."""
    view = prereq_view(G, recommended=with_recommended)
    satisfied, progress = satisfied_topics(G, known, progress, prereq_view(G))
    parts = known_parts(prereq_view(G), satisfied)
    skipped = skipped_topics(progress)
    rows = []
    for topic in view.topics:
        req = view.needs.get(topic)
        ready = req is None or (
            all(p in satisfied or (p in parts and req.edges[p].partial) for p in req.all_of)
            and all(group_met(g, satisfied, skipped) is not None for g in req.any_of)
        )
        if topic in satisfied or not ready:
            continue
        seen, stack = set(), [topic]
        while stack:
            for d in view.dependents.get(stack.pop(), ()):
                if d not in seen and d not in satisfied:
                    seen.add(d)
                    stack.append(d)
        rows.append((progress.get(topic) != "learning", -len(seen), view.effort(topic), topic))
    return [row[1:] for row in sorted(rows)]  # what is being learned first


@settings(max_examples=300, deadline=None)
@given(plan_cases(knowledge=True), st.data())
def test_next_equals_the_definition(case, data):
    G, _, known = case
    topics = sorted(prereq_view(G).topics)
    progress = data.draw(st.dictionaries(st.sampled_from(topics), st.sampled_from(["done", "skipped", "learning"])))
    top = data.draw(st.none() | st.integers(1, 5))
    recommended = data.draw(st.booleans())
    expected = _reference_next(G, known, progress, recommended)
    result = next_topics(G, known=known, progress=progress, top=top, with_recommended=recommended)
    assert result.candidates == len(expected)
    assert [(-r.unlocks, r.effort_hours, r.topic) for r in result.items] == expected[:top]


def test_recommended_edges_count_only_when_asked():
    G = topic_graph({"a": 1, "b": 1, "c": 1}, [("c", "a"), ("c", "b"), ("b", "a")], recommended=[("c", "b")])
    assert [r.topic for r in next_topics(G, known=["topic:a"]).items] == ["topic:b", "topic:c"]
    assert [r.topic for r in next_topics(G, known=["topic:a"], with_recommended=True).items] == ["topic:b"]
    with pytest.raises(NoPath):
        learning_path(G, "topic:b", "topic:c")
    [path] = learning_path(G, "topic:b", "topic:c", with_recommended=True)
    assert path.steps[0].via == "recommended for next"
    plain = prerequisite_order(G)
    assert {r["topic"]: r["stage"] for r in plain.rows()}["topic:c"] == 2
    assert {r["topic"]: r["stage"] for r in prerequisite_order(G, with_recommended=True).rows()}["topic:c"] == 3


def test_path_names_a_part():
    G = topic_graph({"a": 4, "b": 1}, [("b", "a")], parts={("b", "a"): 1})
    [path] = learning_path(G, "topic:a", "topic:b")
    assert path.steps[0].via == "required by next (part: part of a)"


def test_cached_view_follows_added_prerequisites():
    G = topic_graph({"a": 1, "b": 1, "c": 1}, [("b", "a")])
    assert [r.topic for r in next_topics(G).items] == ["topic:a", "topic:c"]
    G.add_edge("topic:c", "topic:a", key="REQUIRES", kind="REQUIRES")
    assert [r.topic for r in next_topics(G).items] == ["topic:a"], "c now waits for a"
    assert next_topics(G).items[0].unlocks == 2
