"""Answers counted once when a graph is built and stored with it, so commands on a stored graph
need not read every node: summary counts, dependents counts, roots, lookup tables."""

from __future__ import annotations

from dataclasses import asdict

import networkx as nx

from kgraph.analysis.prereqs import ESSENTIAL, count_reach
from kgraph.analysis.summary import graph_info
from kgraph.model.kinds import EdgeKind, NodeKind
from kgraph.model.lookup import index_data, roadmap_nodes, topics_by


def precomputed_answers(G: nx.MultiDiGraph) -> dict[str, object]:
    """Everything :class:`kgraph.store.graph_store.StoreGraph` answers without reading the
    whole graph, as plain data (name -> value): what :class:`~kgraph.analysis.prereqs.PrereqView`
    would count (dependents, roots, group defaults) for its essential and its recommended view."""
    index = {node: i for i, node in enumerate(G)}
    out: dict[str, object] = {
        "info": asdict(graph_info(G)),
        "topics_by_roadmap": topics_by(G, "roadmap"),
        "topics_by_category": topics_by(G, "category"),
        "roadmap_nodes": roadmap_nodes(G),
        **index_data(G),
    }
    topics = {n: d for n, d in G.nodes(data=True) if d.get("kind") == NodeKind.TOPIC}
    edges = {True: {}, False: {}}  # recommended? -> {(topic, prerequisite): None}, in edge order
    defaults = {True: {}, False: {}}
    for u, v, d in _edges(G):
        if d.get("kind") != EdgeKind.REQUIRES or u not in topics or v not in topics:
            continue
        views = (True, False) if (d.get("strength") or ESSENTIAL) == ESSENTIAL else (True,)
        for recommended in views:
            edges[recommended][u, v] = None
            if d.get("group") and d.get("default"):
                defaults[recommended][d["group"]] = d["default"]
    counted = {}
    for strength, recommended in (("essential", False), ("recommended", True)):
        same = recommended and edges[True] == edges[False]  # no recommended edges: count once
        reach = counted[recommended] = counted[False] if same else _reach_counts(topics, edges[recommended])
        needing = {u for u, _ in edges[recommended]}
        roots = sorted(
            (t for t in topics if t not in needing),
            key=lambda t: (-reach[t], float(topics[t].get("effort_hours") or 0), t),
        )
        out[f"reach:{strength}"] = [reach.get(node, 0) for node in G]
        out[f"roots:{strength}"] = [index[t] for t in roots]
        out[f"group_defaults:{strength}"] = defaults[recommended]
    return out


def _reach_counts(topics, edges) -> dict[str, int]:
    """:meth:`~kgraph.analysis.prereqs.PrereqView.reach_counts` on plain dicts (no DiGraph to
    build): topics ordered dependents first by Kahn's algorithm, then counted."""
    dependents: dict[str, list[str]] = {t: [] for t in topics}
    prerequisites: dict[str, list[str]] = {t: [] for t in topics}
    for u, v in edges:
        dependents[v].append(u)
        prerequisites[u].append(v)
    unmet = {t: len(dependents[t]) for t in topics}  # dependents not yet placed
    order = [t for t in topics if not unmet[t]]
    for topic in order:  # grows while it is read
        for prerequisite in prerequisites[topic]:
            unmet[prerequisite] -= 1
            if not unmet[prerequisite]:
                order.append(prerequisite)
    return count_reach(order, dependents, {t: len(prerequisites[t]) for t in topics})


def _edges(G: nx.MultiDiGraph):
    """``(u, v, attributes)`` of every edge, in ``G.edges`` order, straight from the adjacency
    dicts (NetworkX's edge view costs several times more per edge)."""
    for u, neighbours in G._succ.items():
        for v, keys in neighbours.items():
            for d in keys.values():
                yield u, v, d
