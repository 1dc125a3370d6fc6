"""The exact bridging engine (kgraph.analysis.bridging_exact) against NetworkX and the older engine."""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest

from kgraph.analysis import bridging, bridging_exact
from kgraph.analysis.centrality import bridging_betweenness


def roadmap_graph(sizes: list[int], concepts: int, seed: int) -> tuple[nx.Graph, dict[str, str]]:
    """Roadmaps of the given sizes: chains of topics with shortcuts, each mentioning concepts."""
    rng = random.Random(seed)
    U, roadmap_of = nx.Graph(), {}
    for r, topics in enumerate(sizes):
        names = [f"topic:r{r}t{i}" for i in range(topics)]
        for i, name in enumerate(names):
            roadmap_of[name] = f"roadmap:r{r}"
            U.add_node(name)
            if i:
                U.add_edge(name, names[rng.randrange(max(0, i - 3), i)])
            for c in rng.sample(range(concepts), rng.choice((0, 1, 2, 2, 3))):
                U.add_edge(name, f"concept:c{c}")
    return U, roadmap_of


def brute_force(U: nx.Graph, roadmap_of: dict[str, str]) -> dict[str, float]:
    """Unnormalised bridging: NetworkX subset betweenness from each roadmap to the others."""
    scores = dict.fromkeys(U, 0.0)
    for roadmap in set(roadmap_of.values()):
        mine = [n for n, r in roadmap_of.items() if r == roadmap]
        others = [n for n, r in roadmap_of.items() if r != roadmap]
        for node, value in nx.betweenness_centrality_subset(U, mine, others, normalized=False).items():
            scores[node] += value
    return scores


def exact(U: nx.Graph, roadmap_of: dict[str, str], **options) -> dict[str, float]:
    arrays = bridging._graph_arrays(U, roadmap_of)
    scores = bridging_exact.exact_bridging(arrays.A, arrays.codes, **options)
    return dict(zip(arrays.nodes, scores.tolist(), strict=True))


@pytest.mark.parametrize("seed", range(4))
def test_exact_equals_networkx_subset_betweenness(seed):
    """Unequal roadmaps (the largest is never a source), concepts, a stray component."""
    rng = random.Random(seed)
    U, roadmap_of = roadmap_graph([rng.randint(1, 40) for _ in range(rng.randint(2, 6))], 15, seed)
    U.add_edge("topic:lone-a", "topic:lone-b")  # a component of its own, two roadmaps
    roadmap_of |= {"topic:lone-a": "roadmap:r0", "topic:lone-b": "roadmap:r1"}
    U.add_node("concept:isolated")
    got = exact(U, roadmap_of)
    for node, value in brute_force(U, roadmap_of).items():
        assert got[node] == pytest.approx(value, rel=1e-12, abs=1e-9), node


@pytest.mark.parametrize("width", [7, 1])
def test_many_batches_and_threads_give_the_same_scores(monkeypatch, width):
    """Batches of 7 sources (odd, many of them) or of one, on one to three threads: the same answer."""
    U, roadmap_of = roadmap_graph([30, 45, 12, 45, 1], 20, seed=7)
    expected = brute_force(U, roadmap_of)
    wide = exact(U, roadmap_of, threads=1)
    monkeypatch.setattr(bridging_exact, "WIDTH", width)
    for threads in (1, 2, 3):
        got = exact(U, roadmap_of, threads=threads)
        assert got == exact(U, roadmap_of, threads=threads)  # the same to the last bit, run after run
        for node, value in expected.items():
            assert got[node] == pytest.approx(value, rel=1e-12, abs=1e-9), node
            assert got[node] == pytest.approx(wide[node], rel=1e-12, abs=1e-12), node


def test_exact_matches_the_bisection_engine_and_its_ranking():
    """The engine exact answers came from before (bisection passes, every topic a source)."""
    U, roadmap_of = roadmap_graph([120, 80, 150, 60, 90], 40, seed=3)
    arrays = bridging._graph_arrays(U, roadmap_of)
    before = bridging._bridging_scores(arrays, np.flatnonzero(arrays.codes >= 0), exact=True)
    now = bridging_exact.exact_bridging(arrays.A, arrays.codes)
    assert now == pytest.approx(before, rel=1e-9, abs=1e-12)
    assert np.array_equal(now == 0, before == 0)  # nothing off the routes gains a speck
    assert (before == 0).sum() > 10
    order = list(range(len(arrays.nodes)))
    ranked = [sorted(order, key=lambda i: (-round(s[i], 9), arrays.nodes[i])) for s in (before, now)]
    assert ranked[0] == ranked[1]


def test_public_exact_bridging_is_normalised_by_the_cross_roadmap_pairs():
    U, roadmap_of = roadmap_graph([25, 35, 10], 10, seed=5)
    raw, pairs = brute_force(U, roadmap_of), 25 * 35 + 25 * 10 + 35 * 10
    got = bridging_betweenness(U, roadmap_of)
    assert got == pytest.approx({node: value / pairs for node, value in raw.items()}, rel=1e-12, abs=1e-15)


def test_no_pairs_no_scores():
    """One roadmap (no cross pairs), or no topics at all: every score is 0."""
    U, roadmap_of = roadmap_graph([20], 5, seed=1)
    assert set(exact(U, roadmap_of).values()) == {0.0}
    concepts = nx.path_graph(["concept:a", "concept:b", "concept:c"])
    assert set(exact(concepts, {}).values()) == {0.0}
