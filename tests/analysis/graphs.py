"""Small hand-made graphs for analysis tests (no plugin files needed)."""

from __future__ import annotations

import networkx as nx


def topic_graph(
    efforts: dict[str, float],
    requires: list[tuple[str, str]] = (),
    groups: dict[str, list[list[str]]] | None = None,
    roadmaps: dict[str, str] | None = None,
    reasons: dict[tuple[str, str], str] | None = None,
) -> nx.MultiDiGraph:
    """Topics ``t`` with ``effort_hours``; ``requires`` (a, b): a requires b; ``groups[a]``: any-of groups."""
    G = nx.MultiDiGraph()
    roadmaps = roadmaps or {}
    for topic, effort in efforts.items():
        roadmap = f"roadmap:{roadmaps.get(topic, 'r')}"
        G.add_node(
            f"topic:{topic}", kind="topic", name=topic.upper(), roadmap=roadmap, level="beginner", effort_hours=effort
        )
    for a, b in requires:
        attrs = {"reason": reasons[(a, b)]} if reasons and (a, b) in reasons else {}
        G.add_edge(f"topic:{a}", f"topic:{b}", key="REQUIRES", kind="REQUIRES", **attrs)
    for a, alternatives in (groups or {}).items():
        for index, members in enumerate(alternatives):
            for b in members:
                G.add_edge(f"topic:{a}", f"topic:{b}", key="REQUIRES", kind="REQUIRES", group=f"{a}#{index}")
    return G
