"""Fuzzing the public analysis API: whatever it is given, only KgraphError subclasses escape.

Arguments are drawn from real ids and names, arbitrary text, and arbitrary nested values of
the wrong types; a call either returns or raises a :class:`KgraphError`, never ``KeyError``,
``TypeError`` and the like, and it never changes the graph.
"""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kgraph
from kgraph.errors import KgraphError
from tests.analysis.graphs import topic_graph

SMALL = topic_graph(
    {"a": 1, "b": 2, "c": 3, "d": 1},
    [("b", "a"), ("c", "b")],
    groups={"d": [["a", "c"]]},
    roadmaps={"a": "r1", "b": "r1", "c": "r2", "d": "r2"},
)
IDS = sorted(SMALL)


def _scalars():
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**20), 10**20),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=30),
        st.binary(max_size=10),
        st.sampled_from([*IDS, "a", "A", "r1", "roadmap:r1", "topic:", ":", "r1:a", "done", "skipped", "learning"]),
    )


JUNK = st.recursive(
    _scalars(),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.frozensets(st.text(max_size=5) | st.integers(), max_size=3),
        st.dictionaries(st.text(max_size=8) | st.sampled_from(IDS), inner, max_size=3),
    ),
    max_leaves=8,
)
NAMES = st.one_of(JUNK, st.lists(st.sampled_from(IDS), max_size=3), st.sampled_from(IDS))
PROGRESS = st.one_of(
    JUNK, st.dictionaries(st.sampled_from(IDS), st.sampled_from(["done", "skipped", "learning", "bogus"]), max_size=3)
)
COUNT = st.one_of(JUNK, st.integers(-3, 5))


def _call(func, *args, **kwargs):
    before = nx.to_dict_of_dicts(SMALL), dict(SMALL.nodes(data=True))
    try:
        func(*args, **kwargs)
    except KgraphError as exc:
        message = str(exc)
        assert message and "\n" not in message.strip(), f"one-line message: {message!r}"
    assert (nx.to_dict_of_dicts(SMALL), dict(SMALL.nodes(data=True))) == before, "the graph is unchanged"


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(NAMES, NAMES)
def test_resolve(ref, roadmap):
    _call(kgraph.resolve_topic, SMALL, ref, roadmap=roadmap)
    _call(kgraph.resolve_topics, SMALL, ref)
    _call(kgraph.topic_details, SMALL, ref)


@FUZZ
@given(NAMES, NAMES, COUNT, JUNK)
def test_learning_path(source, target, k, any_edge):
    _call(kgraph.learning_path, SMALL, source, target, k=k, any_edge=any_edge)


@FUZZ
@given(NAMES, NAMES, PROGRESS)
def test_learning_plan(goals, known, progress):
    _call(kgraph.learning_plan, SMALL, goals, known=known, progress=progress)


@FUZZ
@given(NAMES, PROGRESS, COUNT)
def test_next_topics(known, progress, top):
    _call(kgraph.next_topics, SMALL, known=known, progress=progress, top=top)


@FUZZ
@given(NAMES)
def test_prerequisite_order(roadmaps):
    _call(kgraph.prerequisite_order, SMALL, roadmaps=roadmaps)


@FUZZ
@given(
    JUNK | st.sampled_from(["bridging", "betweenness", "pagerank", "degree"]),
    JUNK | st.sampled_from(["topic", "concept", "all"]),
    COUNT,
    JUNK | st.sampled_from(["auto", 2]),
    JUNK,
)
def test_centrality(metric, kind, top, samples, seed):
    _call(kgraph.cross_domain_centrality, SMALL, metric=metric, kind=kind, top=top, samples=samples, seed=seed)


@FUZZ
@given(
    NAMES,
    JUNK | st.lists(st.sampled_from(IDS)),
    JUNK,
    PROGRESS,
    JUNK | st.sampled_from(["roadmap", "level"]),
    JUNK | st.sampled_from(["degree", "effort"]),
    JUNK,
)
def test_render_html(roadmaps, plan, path, progress, color_by, size_by, title):
    _call(
        kgraph.render_html,
        SMALL,
        roadmaps=roadmaps,
        plan=plan,
        path=path,
        progress=progress,
        color_by=color_by,
        size_by=size_by,
        title=title,
    )


@pytest.mark.parametrize(
    "func",
    [kgraph.graph_info, kgraph.frames, kgraph.next_topics, kgraph.prerequisite_order, kgraph.cross_domain_centrality],
)
@FUZZ
@given(graph=JUNK)
def test_not_a_graph(func, graph):
    with pytest.raises(KgraphError):
        func(graph)
