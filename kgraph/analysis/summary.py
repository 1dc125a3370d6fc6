"""Summaries of a graph: counts for ``kgraph info`` and one topic's neighbourhood for ``kgraph show``."""

from __future__ import annotations

from collections import Counter

import networkx as nx

from kgraph._util import arguments
from kgraph.analysis.knowledge import check_topics
from kgraph.model.kinds import EdgeKind, NodeKind


def _count_by(items) -> dict[str, int]:
    counts = Counter(items)
    return {key: counts[key] for key in sorted(counts)}


def graph_info(G: nx.MultiDiGraph) -> dict:
    """Counts by node and edge kind, knowledge-layer counts, and per-roadmap counts.

    Returns a dict with ``nodes`` and ``edges`` (kind -> count), ``total_nodes``,
    ``total_edges``, ``knowledge`` (prerequisite edges, by strength, partial ones,
    cross-roadmap ones, any-of groups and those with a default, concepts, concepts shared by
    two or more roadmaps) and ``roadmaps`` (one row each, with ``effort_hours``: every topic
    and subtopic counted once, a parent for its own overview only).
    """
    nodes = _count_by(kind for _, kind in arguments.graph(G).nodes(data="kind"))
    edges = _count_by(kind for _, _, kind in G.edges(data="kind"))
    roadmap_of = dict(G.nodes(data="roadmap"))
    requires = [(u, v, d) for u, v, d in G.edges(data=True) if d.get("kind") == EdgeKind.REQUIRES]
    concept_roadmaps: dict[str, set] = {}
    for u, v, kind in G.edges(data="kind"):
        if kind == EdgeKind.MENTIONS and roadmap_of.get(u):
            concept_roadmaps.setdefault(v, set()).add(roadmap_of[u])
    groups = {d["group"] for _, _, d in requires if d.get("group")}
    knowledge = {
        "prerequisite_edges": len(requires),
        "essential": sum((d.get("strength") or "essential") == "essential" for _, _, d in requires),
        "recommended": sum(d.get("strength") == "recommended" for _, _, d in requires),
        "partial": sum(d.get("hours") is not None for _, _, d in requires),
        "cross_roadmap_prerequisites": sum(roadmap_of.get(u) != roadmap_of.get(v) for u, v, _ in requires),
        "any_of_groups": len(groups),
        "any_of_groups_with_default": len({d["group"] for _, _, d in requires if d.get("group") and d.get("default")}),
        "concepts": nodes.get(NodeKind.CONCEPT, 0),
        "concepts_shared_by_2plus_roadmaps": sum(len(r) >= 2 for r in concept_roadmaps.values()),
    }
    rows = []
    for node, data in G.nodes(data=True):
        if data.get("kind") != NodeKind.ROADMAP:
            continue
        topics = [n for n, r in roadmap_of.items() if r == node and G.nodes[n].get("kind") == NodeKind.TOPIC]
        rows.append(
            {
                "id": node,
                "name": data.get("name"),
                "categories": sum(1 for _ in G.successors(node)),
                "topics": sum("parent" not in G.nodes[t] for t in topics),
                "subtopics": sum("parent" in G.nodes[t] for t in topics),
                "prerequisites": sum(1 for u, _, _ in requires if roadmap_of.get(u) == node),
                "effort_hours": sum(float(G.nodes[t].get("effort_hours") or 0) for t in topics),
            }
        )
    return {
        "nodes": nodes,
        "edges": edges,
        "total_nodes": G.number_of_nodes(),
        "total_edges": G.number_of_edges(),
        "knowledge": knowledge,
        "roadmaps": rows,
    }


def _brief(G: nx.MultiDiGraph, node: str) -> dict:
    data = G.nodes[node]
    return {"id": node, "name": data.get("name"), "kind": data.get("kind")}


def _requirement(d: dict) -> dict:
    """The attributes of an edge that describe a requirement (``None`` on other edges)."""
    requires = d.get("kind") == EdgeKind.REQUIRES
    return {
        "reason": d.get("reason"),
        "group": d.get("group"),
        "strength": (d.get("strength") or "essential") if requires else None,
        "needs": d.get("needs"),
        "hours": d.get("hours"),
        "default": d.get("default"),  # the group's default member
    }


def topic_details(G: nx.MultiDiGraph, topic: str) -> dict:
    """A topic's attributes with its roadmap, category, parent, subtopics and neighbours.

    ``topic`` must be a node id (see :func:`kgraph.model.lookup.resolve_topic`).
    ``neighbours`` lists every other edge as ``{direction, edge, id, name, kind}`` with, for
    REQUIRES edges, ``reason``, ``group``, ``strength``, ``needs``, ``hours`` and ``default``.
    """
    check_topics(G, [topic])
    data = dict(G.nodes[topic])
    structural = {EdgeKind.PART_OF, EdgeKind.HAS_TOPIC}
    subtopics = [_brief(G, u) for u, _, k in G.in_edges(topic, data="kind") if k == EdgeKind.PART_OF]
    neighbours = []
    for _, v, d in G.out_edges(topic, data=True):
        if d["kind"] not in structural:
            neighbours.append(
                {
                    "direction": "out",
                    "edge": d["kind"],
                    **_brief(G, v),
                    **_requirement(d),
                }
            )
    for u, _, d in G.in_edges(topic, data=True):
        if d["kind"] not in structural:
            neighbours.append(
                {
                    "direction": "in",
                    "edge": d["kind"],
                    **_brief(G, u),
                    **_requirement(d),
                }
            )
    return {
        "id": topic,
        **data,
        "roadmap_name": G.nodes[data["roadmap"]].get("name") if data.get("roadmap") in G else None,
        "category_name": G.nodes[data["category"]].get("name") if data.get("category") in G else None,
        "parent_name": G.nodes[data["parent"]].get("name") if data.get("parent") in G else None,
        "subtopics": subtopics,
        "neighbours": neighbours,
    }
