"""Centrality values equal NetworkX reference computations on small graphs."""

from __future__ import annotations

import itertools
import random

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgraph.analysis import bridging
from kgraph.analysis.centrality import bridging_betweenness, cross_domain_centrality, knowledge_digraph
from kgraph.errors import InputError


@st.composite
def knowledge_graphs(draw):
    G = nx.MultiDiGraph()
    n_topics = draw(st.integers(2, 9))
    n_concepts = draw(st.integers(0, 4))
    topics = [f"topic:t{i}" for i in range(n_topics)]
    concepts = [f"concept:c{i}" for i in range(n_concepts)]
    for t in topics:
        G.add_node(t, kind="topic", name=t, roadmap=f"roadmap:{draw(st.sampled_from('xyz'))}")
    for c in concepts:
        G.add_node(c, kind="concept", name=c)
    for i, a in enumerate(topics):
        for b in topics[:i]:
            if draw(st.floats(0, 1)) < 0.3:
                G.add_edge(a, b, key="REQUIRES", kind="REQUIRES")
        for c in concepts:
            if draw(st.floats(0, 1)) < 0.3:
                G.add_edge(a, c, key="MENTIONS", kind="MENTIONS")
    G.add_node("roadmap:x", kind="roadmap", name="X")
    return G


def brute_force_bridging(U: nx.Graph, roadmap_of: dict) -> dict:
    scores = dict.fromkeys(U, 0.0)
    pairs = 0
    for s, t in itertools.combinations(sorted(roadmap_of), 2):
        if roadmap_of[s] == roadmap_of[t]:
            continue
        pairs += 1
        if not nx.has_path(U, s, t):
            continue
        paths = list(nx.all_shortest_paths(U, s, t))
        for path in paths:
            for node in path[1:-1]:
                scores[node] += 1 / len(paths)
    return {n: v / pairs for n, v in scores.items()} if pairs else scores


@settings(max_examples=120, deadline=None)
@given(knowledge_graphs())
def test_measures_equal_networkx(G):
    D = knowledge_digraph(G)
    U = D.to_undirected()
    roadmap_of = {n: G.nodes[n]["roadmap"] for n in D if G.nodes[n]["kind"] == "topic"}
    expected = {
        "degree": nx.degree_centrality(U),
        "betweenness": nx.betweenness_centrality(U),
        "pagerank": nx.pagerank(D),
        "bridging": brute_force_bridging(U, roadmap_of),
    }
    for metric, reference in expected.items():
        got = {row.id: row.score for row in cross_domain_centrality(G, metric=metric, top=None).items}
        assert set(got) == set(D)
        for node, value in reference.items():
            assert got[node] == pytest.approx(value, abs=1e-9), (metric, node)


def test_bridging_rewards_the_node_between_roadmaps():
    G = nx.MultiDiGraph()
    for t, r in [("a1", "a"), ("a2", "a"), ("b1", "b"), ("b2", "b")]:
        G.add_node(f"topic:{t}", kind="topic", name=t, roadmap=f"roadmap:{r}")
    G.add_node("concept:hub", kind="concept", name="Hub")
    for t in ("a1", "a2", "b1", "b2"):
        G.add_edge(f"topic:{t}", "concept:hub", key="MENTIONS", kind="MENTIONS")
    G.add_edge("topic:a2", "topic:a1", key="REQUIRES", kind="REQUIRES")
    result = cross_domain_centrality(G, metric="bridging", kind="all")
    top = result.items[0]
    assert top.id == "concept:hub" and top.score == pytest.approx(1.0)
    assert top.roadmaps == 2 and top.participation == pytest.approx(0.5)
    assert top.roadmap_ids == ["roadmap:a", "roadmap:b"]
    topics_only = cross_domain_centrality(G, metric="bridging", kind="topic")
    assert {r.kind for r in topics_only.items} == {"topic"}
    assert len(cross_domain_centrality(G, top=2).items) == 2
    assert list(result.to_frame().columns)[:3] == ["id", "name", "kind"]


@pytest.mark.parametrize(
    ("kwargs", "word"), [({"metric": "fame"}, "metric"), ({"kind": "x"}, "kind"), ({"top": 0}, "top")]
)
def test_bad_options(kwargs, word):
    with pytest.raises(InputError, match=word):
        cross_domain_centrality(nx.MultiDiGraph(), **kwargs)


@settings(max_examples=40, deadline=None)
@given(knowledge_graphs())
def test_sampling_every_source_is_exact_and_sampling_is_repeatable(G):
    exact = {r.id: r.score for r in cross_domain_centrality(G, metric="bridging", top=None, samples=None).items}
    everyone = {r.id: r.score for r in cross_domain_centrality(G, metric="bridging", top=None, samples=10_000).items}
    assert everyone == pytest.approx(exact)
    first = cross_domain_centrality(G, metric="bridging", top=None, samples=2, seed=3).to_dict()
    assert cross_domain_centrality(G, metric="bridging", top=None, samples=2, seed=3).to_dict() == first


def test_sampled_bridging_is_an_unbiased_estimate():
    G = nx.MultiDiGraph()
    for r in "abc":
        for i in range(6):
            G.add_node(f"topic:{r}{i}", kind="topic", name=f"{r}{i}", roadmap=f"roadmap:{r}")
            G.add_edge(f"topic:{r}{i}", f"concept:{r}", key="MENTIONS", kind="MENTIONS")
        G.add_node(f"concept:{r}", kind="concept", name=r)
        G.add_edge(f"topic:{r}0", "concept:hub", key="MENTIONS", kind="MENTIONS")
    G.add_node("concept:hub", kind="concept", name="hub")
    exact = {r.id: r.score for r in cross_domain_centrality(G, metric="bridging", top=None, samples=None).items}
    runs = [
        {r.id: r.score for r in cross_domain_centrality(G, metric="bridging", top=None, samples=6, seed=s).items}
        for s in range(200)
    ]
    mean = sum(run["concept:hub"] for run in runs) / len(runs)
    assert mean == pytest.approx(exact["concept:hub"], rel=0.1)


@pytest.mark.parametrize("samples", [0, -3, "lots", 2.5, True])
def test_bad_samples(samples):
    with pytest.raises(InputError, match="samples"):
        cross_domain_centrality(nx.MultiDiGraph(), samples=samples)


def roadmap_graph(roadmaps: int, topics: int, concepts: int, seed: int) -> tuple[nx.Graph, dict[str, str]]:
    """Roadmaps of prerequisite chains with branches, joined only through shared concepts."""
    rng = random.Random(seed)
    U, roadmap_of = nx.Graph(), {}
    for r in range(roadmaps):
        names = [f"topic:r{r}t{i}" for i in range(topics)]
        for i, name in enumerate(names):
            roadmap_of[name] = f"roadmap:r{r}"
            U.add_node(name)
            if i:
                U.add_edge(name, names[rng.randrange(max(0, i - 3), i)])
            for c in rng.sample(range(concepts), rng.choice((1, 2, 2, 3))):
                U.add_edge(name, f"concept:c{c}")
    return U, roadmap_of


def brute_force_pairs(U: nx.Graph, roadmap_of: dict) -> dict:
    """Unnormalised bridging: NetworkX subset betweenness, roadmap by roadmap."""
    scores = dict.fromkeys(U, 0.0)
    for roadmap in set(roadmap_of.values()):
        mine = [n for n, r in roadmap_of.items() if r == roadmap]
        others = [n for n, r in roadmap_of.items() if r != roadmap]
        for node, value in nx.betweenness_centrality_subset(U, mine, others, normalized=False).items():
            scores[node] += value
    return scores


def test_exact_on_deep_graphs():
    """Long chains (deeper than the bisection reach) still sum to the exact value."""
    U = nx.path_graph([f"topic:t{i}" for i in range(30)])
    nx.add_path(U, ["topic:t3", "concept:x", "topic:t20"])
    roadmap_of = {n: f"roadmap:{int(n[7:]) % 3}" for n in U if n.startswith("topic:")}
    got = bridging_betweenness(U, roadmap_of, normalized=False)
    for node, value in brute_force_pairs(U, roadmap_of).items():
        assert got[node] == pytest.approx(value, abs=1e-9), node


def test_sampled_engine_from_every_source_is_exact():
    """The sampled path (float32 bisection and regression) run from every topic equals exact."""
    U, roadmap_of = roadmap_graph(4, 30, 12, seed=1)
    arrays = bridging._graph_arrays(U, roadmap_of)
    every = np.flatnonzero(arrays.codes >= 0)
    got = bridging._bridging_scores(arrays, every, exact=False)
    expected = brute_force_pairs(U, roadmap_of)
    assert got == pytest.approx([expected[n] for n in arrays.nodes], rel=1e-4, abs=1e-6)


def test_sampled_ranking_is_close_to_exact():
    U, roadmap_of = roadmap_graph(6, 150, 40, seed=2)
    exact = bridging_betweenness(U, roadmap_of)
    best = set(sorted(exact, key=exact.get, reverse=True)[:10])
    for seed in range(3):
        sampled = bridging_betweenness(U, roadmap_of, samples=300, seed=seed)
        assert len(best & set(sorted(sampled, key=sampled.get, reverse=True)[:10])) >= 8


def test_sample_sources_takes_exactly_samples_spread_by_size():
    groups = {f"roadmap:{r:03d}": [f"topic:{r}-{i}" for i in range(10 + r % 7)] for r in range(100)}
    total = sum(map(len, groups.values()))
    for samples in (10, 250, total - 1):
        picked = bridging._sample_sources(groups, samples, seed=4)
        assert sum(map(len, picked.values())) == samples
        for roadmap, members in picked.items():
            assert set(members) <= set(groups[roadmap])
            share = samples * len(groups[roadmap]) / total
            assert int(share) <= len(members) <= int(share) + 1
    assert bridging._sample_sources(groups, 40, seed=4) == bridging._sample_sources(groups, 40, seed=4)
    assert bridging._sample_sources(groups, None, seed=4) is groups


def test_auto_samples_fit_the_budget():
    budget = bridging.BRIDGING_BUDGET
    assert bridging.bridging_samples("auto", 10_000, 60_000) is None  # exact fits
    assert bridging.bridging_samples("auto", 100_000, 600_000) == budget // 600_000
    assert bridging.bridging_samples("auto", 10**7, 10**10) == bridging.MIN_SAMPLES
    assert bridging.bridging_samples(50, 40, 1) is None  # more samples than topics: exact
    assert bridging.bridging_samples(None, 10**7, 10**10) is None
