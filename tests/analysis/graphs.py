"""Small hand-made graphs for analysis tests (no plugin files needed)."""

from __future__ import annotations

import networkx as nx
from hypothesis import strategies as st


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


@st.composite
def plan_cases(draw):
    """A random DAG (edges only from higher to lower index), random any-of groups, goals and known."""
    n = draw(st.integers(2, 14))
    names = [f"n{i}" for i in range(n)]
    efforts = {name: draw(st.sampled_from([1, 2, 3, 5, 8])) for name in names}
    requires, groups = [], {}
    for i in range(1, n):
        lower = names[:i]
        plain = draw(st.lists(st.sampled_from(lower), max_size=3, unique=True))
        requires += [(names[i], p) for p in plain]
        rest = [x for x in lower if x not in plain]
        if len(rest) >= 2 and draw(st.booleans()):
            members = draw(st.lists(st.sampled_from(rest), min_size=2, max_size=3, unique=True))
            groups[names[i]] = [members]
    goals = draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))
    known = draw(st.lists(st.sampled_from(names), max_size=3, unique=True))
    return topic_graph(efforts, requires, groups), [f"topic:{g}" for g in goals], [f"topic:{k}" for k in known]
