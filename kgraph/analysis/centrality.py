"""Cross-domain centrality: which topics and concepts bridge the most roadmaps.

All measures run on the *knowledge graph proper*: topics and concepts joined by REQUIRES,
MENTIONS and PART_OF edges (roadmap, category, level and integration nodes are left out:
they would make every topic "central" through its category).

* ``degree`` -- how many topics and concepts a node touches directly (normalised degree).
* ``betweenness`` -- how often a node lies on the shortest routes between two other nodes.
* ``pagerank`` -- how foundational a node is: much points at it (a prerequisite, a mentioned
  concept), directly or through chains. Runs on the directed edges.
* ``bridging`` -- betweenness counted only on shortest routes between topics of two
  *different* roadmaps: the skills that connect domains. Exact up to :data:`EXACT_LIMIT`
  topics; above, estimated from a sample of source topics (see ``samples``).

Each row also reports ``roadmaps`` (how many roadmaps the node touches: its own and its
neighbours') and ``participation``, ``1 - sum((k_r / k)^2)`` over the roadmaps ``r`` of its
``k`` neighbours: 0 when all neighbours sit in one roadmap, near 1 when spread evenly.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

import networkx as nx

from kgraph.analysis.results import Rows
from kgraph.errors import InputError
from kgraph.model.kinds import EdgeKind, NodeKind

METRICS = ("bridging", "betweenness", "pagerank", "degree")
KINDS = ("topic", "concept", "all")
_EDGES = (EdgeKind.REQUIRES, EdgeKind.MENTIONS, EdgeKind.PART_OF)


@dataclass
class Centrality(Rows):
    """Ranked nodes for one ``metric``."""

    metric: str
    kind: str
    items: list[dict]

    def rows(self) -> list[dict]:
        """One row per ranked node."""
        return [{**row, "roadmap_ids": ", ".join(row["roadmap_ids"])} for row in self.items]


def _samples(samples: int | str | None, topics: int, size: int = 0) -> int | None:
    if samples == "auto":
        if topics <= EXACT_LIMIT:
            return None
        return max(20, min(DEFAULT_SAMPLES, SAMPLE_BUDGET // max(size, 1)))
    if samples is not None and (not isinstance(samples, int) or samples < 1):
        raise InputError(f"samples must be a positive number, 'auto' or None (got {samples!r})")
    return samples


def knowledge_digraph(G: nx.MultiDiGraph) -> nx.DiGraph:
    """Topics and concepts with their REQUIRES, MENTIONS and PART_OF edges, as a simple DiGraph."""
    D = nx.DiGraph()
    D.add_nodes_from(n for n, k in G.nodes(data="kind") if k in (NodeKind.TOPIC, NodeKind.CONCEPT))
    D.add_edges_from((u, v) for u, v, k in G.edges(data="kind") if k in _EDGES and u in D and v in D)
    return D


EXACT_LIMIT = 3000
"""Up to this many topics, ``bridging`` is exact; above it, it samples source topics."""
DEFAULT_SAMPLES = 400
"""At most this many source topics are sampled (spread over the roadmaps by size)."""
SAMPLE_BUDGET = 30_000_000
"""Sampling runs about this many node-and-edge visits at most: fewer sources on bigger graphs."""


def _sample_sources(groups: dict[str, list[str]], samples: int | None, seed: int) -> dict[str, list[str]]:
    """Per roadmap, the source topics to run from: all of them, or a share of ``samples``."""
    total = sum(len(members) for members in groups.values())
    if samples is None or samples >= total:
        return groups
    rng = random.Random(seed)
    chosen = {}
    for roadmap, members in sorted(groups.items()):
        k = max(1, round(samples * len(members) / total))
        chosen[roadmap] = sorted(rng.sample(sorted(members), min(k, len(members))))
    return chosen


def bridging_betweenness(
    U: nx.Graph, roadmap_of: dict[str, str], *, normalized: bool = True, samples: int | None = None, seed: int = 0
) -> dict[str, float]:
    """Betweenness over shortest paths whose two ends are topics of different roadmaps.

    For every unordered pair ``{s, t}`` of topics in different roadmaps, each node strictly
    between them gains the fraction of the ``s``-``t`` shortest paths through it (NetworkX's
    subset betweenness, summed over roadmaps). Normalised by the number of such pairs.

    With ``samples``, only that many source topics (spread over the roadmaps by size, chosen
    with ``seed``) are run from, and each roadmap's share is scaled up by its sampling ratio:
    an unbiased estimate (Brandes and Pich's pivot sampling) in a fraction of the time.
    """
    groups: dict[str, list[str]] = {}
    for node, roadmap in roadmap_of.items():
        if node in U:
            groups.setdefault(roadmap, []).append(node)
    sources = _sample_sources(groups, samples, seed)
    scores = dict.fromkeys(U, 0.0)
    everyone = [n for members in groups.values() for n in members]
    for roadmap, members in sorted(groups.items()):
        picked = sources.get(roadmap, members)
        if not picked:
            continue
        others = [n for n in everyone if roadmap_of[n] != roadmap]
        part = nx.betweenness_centrality_subset(U, sources=picked, targets=others, normalized=False)
        scale = len(members) / len(picked)
        for node, value in part.items():
            scores[node] += value * scale
    if normalized:
        sizes = [len(m) for m in groups.values()]
        pairs = (sum(sizes) ** 2 - sum(s * s for s in sizes)) / 2
        if pairs:
            scores = {n: v / pairs for n, v in scores.items()}
    return scores


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
        samples: for ``bridging`` and ``betweenness``: ``"auto"`` is exact up to
            :data:`EXACT_LIMIT` topics and above samples up to :data:`DEFAULT_SAMPLES` source
            topics, fewer on bigger graphs (:data:`SAMPLE_BUDGET`);
            ``None`` is always exact; a number samples that many sources (``seed`` picks them).

    Raises:
        InputError: unknown metric or kind, or ``top`` below 1.
    """
    if metric not in METRICS:
        raise InputError(f"unknown metric {metric!r} (choose from {', '.join(METRICS)})")
    if kind not in KINDS:
        raise InputError(f"unknown kind {kind!r} (choose from {', '.join(KINDS)})")
    if top is not None and top < 1:
        raise InputError(f"top must be at least 1 (got {top})")
    D = knowledge_digraph(G)
    U = D.to_undirected(as_view=False)
    roadmap_of = {n: G.nodes[n]["roadmap"] for n in D if G.nodes[n].get("kind") == NodeKind.TOPIC}
    if metric == "degree":
        scores = nx.degree_centrality(U) if len(U) > 1 else dict.fromkeys(U, 0.0)
    elif metric == "betweenness":
        k = _samples(samples, len(roadmap_of), U.number_of_nodes() + U.number_of_edges())
        scores = nx.betweenness_centrality(U, k=min(k, len(U)) if k else None, seed=seed)
    elif metric == "pagerank":
        scores = nx.pagerank(D) if len(D) else {}
    else:
        size = U.number_of_nodes() + U.number_of_edges()
        scores = bridging_betweenness(U, roadmap_of, samples=_samples(samples, len(roadmap_of), size), seed=seed)
    items = []
    for node, score in scores.items():
        node_kind = G.nodes[node].get("kind")
        if kind != "all" and node_kind != kind:
            continue
        reach = Counter(roadmap_of[n] for n in U.neighbors(node) if n in roadmap_of)
        touched = set(reach) | ({roadmap_of[node]} if node in roadmap_of else set())
        total = sum(reach.values())
        participation = 1 - sum((c / total) ** 2 for c in reach.values()) if total else 0.0
        items.append(
            {
                "id": node,
                "name": G.nodes[node].get("name"),
                "kind": node_kind,
                "score": score,
                "roadmaps": len(touched),
                "participation": round(participation, 6),
                "roadmap_ids": sorted(touched),
            }
        )
    items.sort(key=lambda r: (-r["score"], -r["roadmaps"], r["id"]))
    for rank, item in enumerate(items, start=1):
        item["rank"] = rank
    return Centrality(metric, kind, items[:top] if top else items)
