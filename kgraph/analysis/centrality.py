"""Cross-domain centrality: which topics and concepts bridge the most roadmaps.

All measures run on the *knowledge graph proper*: topics and concepts joined by REQUIRES,
MENTIONS and PART_OF edges (roadmap, category, level and integration nodes are left out:
they would make every topic "central" through its category).

* ``degree`` -- how many topics and concepts a node touches directly (normalised degree).
* ``betweenness`` -- how often a node lies on the shortest routes between two other nodes.
* ``pagerank`` -- how foundational a node is: much points at it (a prerequisite, a mentioned
  concept), directly or through chains. Runs on the directed edges.
* ``bridging`` -- betweenness counted only on shortest routes between topics of two
  *different* roadmaps: the skills that connect domains. Exact while running from every
  topic fits :data:`BRIDGING_BUDGET`; above, estimated from a sample of source topics (see
  :func:`bridging_betweenness`).

Each row also reports ``roadmaps`` (how many roadmaps the node touches: its own and its
neighbours') and ``participation``, ``1 - sum((k_r / k)^2)`` over the roadmaps ``r`` of its
``k`` neighbours: 0 when all neighbours sit in one roadmap, near 1 when spread evenly.

Bridging runs on NumPy/SciPy arrays (imported only when needed): breadth-first searches from
a batch of source topics at once, as sparse-matrix products, then Brandes' dependency
accumulation level by level.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from kgraph._util import arguments, progress
from kgraph._util.results import Result, record_rows
from kgraph.analysis.bridging import (
    BRIDGING_BUDGET,
    KNOWLEDGE_EDGES,
    KnowledgeArrays,
    bridging_betweenness,
    bridging_from_arrays,
    bridging_samples,
    check_samples,
    knowledge_arrays,
)
from kgraph.model.kinds import NodeKind
from kgraph.model.vocabulary import CENTRALITY_KINDS, CENTRALITY_METRICS

__all__ = ["BRIDGING_BUDGET", "Centrality", "bridging_betweenness", "cross_domain_centrality", "knowledge_digraph"]


EXACT_LIMIT = 3000
"""``betweenness`` only: exact up to this many topics; above, it samples source nodes."""
DEFAULT_SAMPLES = 400
"""``betweenness`` only: at most this many sampled source nodes."""
SAMPLE_BUDGET = 30_000_000
"""``betweenness`` only: about this many node-and-edge visits at most (fewer sources on bigger graphs)."""


@dataclass
class RankedNode:
    """A topic or concept ranked by a centrality metric, with its roadmap reach:
    ``roadmaps`` it touches (its own and its neighbours') and ``participation`` (0 when all its
    neighbours sit in one roadmap, near 1 when they are spread evenly)."""

    id: str
    name: str | None
    kind: str | None
    score: float
    roadmaps: int
    participation: float
    roadmap_ids: list[str]
    rank: int


@dataclass
class Centrality(Result):
    """Ranked nodes (``items``) for one ``metric``."""

    metric: str
    kind: str
    items: list[RankedNode]

    def rows(self) -> list[dict]:
        """One row per ranked node (``roadmap_ids`` joined into one text)."""
        return [row | {"roadmap_ids": ", ".join(row["roadmap_ids"])} for row in record_rows(self.items)]


def _check_options(G, metric, kind, top, seed) -> None:
    """Raise :class:`InputError` for anything :func:`cross_domain_centrality` cannot take."""
    arguments.graph(G)
    arguments.choice(metric, CENTRALITY_METRICS, "metric")
    arguments.choice(kind, CENTRALITY_KINDS, "kind")
    arguments.count(top, "top", optional=True)
    arguments.count(seed, "seed", minimum=-(2**63), optional=True)  # any 64-bit seed


def _samples(samples: int | str | None, topics: int, size: int = 0) -> int | None:
    """``betweenness``: how many source nodes to sample (``None``: all of them)."""
    check_samples(samples)
    if samples == "auto":
        if topics <= EXACT_LIMIT:
            return None
        return max(20, min(DEFAULT_SAMPLES, SAMPLE_BUDGET // max(size, 1)))
    return samples


def knowledge_digraph(G: nx.MultiDiGraph) -> nx.DiGraph:
    """Topics and concepts with their REQUIRES, MENTIONS and PART_OF edges, as a simple DiGraph."""
    D = nx.DiGraph()
    D.add_nodes_from(n for n, k in G.nodes(data="kind") if k in (NodeKind.TOPIC, NodeKind.CONCEPT))
    D.add_edges_from((u, v) for u, v, k in G.edges(data="kind") if k in KNOWLEDGE_EDGES and u in D and v in D)
    return D


# ---------------------------------------------------------------- ranking


def _reach(arrays: KnowledgeArrays):
    """Per node: how many roadmaps it touches (its own and its neighbours') and participation."""
    import numpy as np

    A, codes, n = arrays.A, arrays.codes, len(arrays.nodes)
    width = max(len(arrays.roadmaps), 1)
    rows = np.repeat(np.arange(n), np.diff(A.indptr))
    near = codes[A.indices]
    keep = near >= 0
    keys, counts = np.unique(rows[keep] * width + near[keep], return_counts=True)
    owner, roadmap = keys // width, keys % width
    total = np.bincount(owner, counts, n)
    shares = np.bincount(owner, counts.astype(np.float64) ** 2, n)
    own_among = np.zeros(n, bool)
    own_among[owner[roadmap == codes[owner]]] = True
    touched = np.bincount(owner, minlength=n) + ((codes >= 0) & ~own_among)
    participation = 1 - np.divide(shares, total**2, out=np.ones(n), where=total > 0)
    return touched, participation


def _roadmap_ids(arrays: KnowledgeArrays, i: int) -> list[str]:
    A, codes = arrays.A, arrays.codes
    found = {int(c) for c in codes[A.indices[A.indptr[i] : A.indptr[i + 1]]] if c >= 0}
    if codes[i] >= 0:
        found.add(int(codes[i]))
    return sorted(arrays.roadmaps[c] for c in found)


def _ranked(G, arrays: KnowledgeArrays, scores: dict[str, float], kind: str, top: int | None) -> list[RankedNode]:
    touched, participation = _reach(arrays)
    kinds = [G.nodes[v].get("kind") for v in arrays.nodes]
    keep = [i for i, k in enumerate(kinds) if kind == "all" or k == kind]
    values = [scores[arrays.nodes[i]] for i in keep]
    order = sorted(range(len(keep)), key=lambda j: (-values[j], -touched[keep[j]], arrays.nodes[keep[j]]))
    items = []
    for rank, j in enumerate(order[:top] if top else order, start=1):
        i = keep[j]
        node = arrays.nodes[i]
        items.append(
            RankedNode(
                id=node,
                name=G.nodes[node].get("name"),
                kind=kinds[i],
                score=values[j],
                roadmaps=int(touched[i]),
                participation=round(float(participation[i]), 6),
                roadmap_ids=_roadmap_ids(arrays, i),
                rank=rank,
            )
        )
    return items


def _nx_scores(G: nx.MultiDiGraph, metric: str, samples, seed: int, topics: int) -> dict[str, float]:
    """``degree``, ``betweenness`` and ``pagerank`` with NetworkX."""
    D = knowledge_digraph(G)
    U = D.to_undirected(as_view=False)
    if metric == "degree":
        return nx.degree_centrality(U) if len(U) > 1 else dict.fromkeys(U, 0.0)
    if metric == "betweenness":
        k = _samples(samples, topics, U.number_of_nodes() + U.number_of_edges())
        return nx.betweenness_centrality(U, k=min(k, len(U)) if k else None, seed=seed)
    return nx.pagerank(D) if len(D) else {}


def cross_domain_centrality(
    G: nx.MultiDiGraph,
    *,
    metric: str = "bridging",
    kind: str = "all",
    top: int | None = 20,
    samples: int | str | None = "auto",
    seed: int = 0,
) -> Centrality:
    """Rank topics and/or concepts by ``metric`` (see the module docs), with roadmap reach.

    Parameters:
        metric: ``bridging`` (default), ``betweenness``, ``pagerank`` or ``degree``.
        kind: ``topic``, ``concept`` or ``all``.
        top: how many rows to keep (``None`` for all).
        samples: for ``bridging`` and ``betweenness``: ``None`` is always exact; a number samples
            that many source topics (``seed`` picks them); ``"auto"`` is exact while that fits a
            time budget (:data:`BRIDGING_BUDGET`; for betweenness up to :data:`EXACT_LIMIT`
            topics) and above samples as many sources as the budget allows.

    Raises:
        InputError: unknown metric or kind, ``top`` below 1, or bad ``samples``.
    """
    _check_options(G, metric, kind, top, seed)
    with progress.task(f"Ranking by {metric}"):
        arrays, roadmap_of = knowledge_arrays(G)
        if metric == "bridging":
            size = len(arrays.nodes) + arrays.A.nnz // 2
            samples = bridging_samples(samples, len(roadmap_of), size)
            scores = bridging_from_arrays(arrays, samples, seed, normalized=True)
        else:
            scores = _nx_scores(G, metric, samples, seed, len(roadmap_of))
        return Centrality(metric, kind, _ranked(G, arrays, scores, kind, top))
