"""Small hand-made graphs for analysis tests (no plugin files needed)."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
from hypothesis import strategies as st


def topic_graph(
    efforts: dict[str, float],
    requires: list[tuple[str, str]] = (),
    groups: dict[str, list[list[str]]] | None = None,
    roadmaps: dict[str, str] | None = None,
    reasons: dict[tuple[str, str], str] | None = None,
    *,
    recommended: Iterable[tuple[str, str]] = (),
    parts: dict[tuple[str, str], float] | None = None,
    defaults: dict[str, list[str | None]] | None = None,
    vendors: dict[str, str] | None = None,
    roadmap_nodes: bool = False,
) -> nx.MultiDiGraph:
    """Topics ``t`` with ``effort_hours``; ``requires`` (a, b): a requires b; ``groups[a]``: any-of groups.

    ``recommended`` edges (a, b) (plain, or any member of a group) are recommended;
    ``parts[(a, b)]`` is the hours of the part of b that a needs (for a group: give any member);
    ``defaults[a]`` the default of each of a's groups; ``vendors[t]`` a topic's vendor;
    ``roadmap_nodes`` adds a node for each roadmap.
    """
    G = nx.MultiDiGraph()
    roadmaps, vendors, parts, recommended = roadmaps or {}, vendors or {}, parts or {}, set(recommended)
    for topic, effort in efforts.items():
        roadmap = f"roadmap:{roadmaps.get(topic, 'r')}"
        if roadmap_nodes and roadmap not in G:
            G.add_node(roadmap, kind="roadmap", name=roadmap.split(":")[1].title())
        G.add_node(
            f"topic:{topic}",
            kind="topic",
            name=topic.upper(),
            roadmap=roadmap,
            level="beginner",
            effort_hours=effort,
            vendor=vendors.get(topic, "neutral"),
        )

    def attrs(a, members):
        out = {"strength": "recommended" if any((a, b) in recommended for b in members) else "essential"}
        hours = next((parts[(a, b)] for b in members if (a, b) in parts), None)
        if hours is not None:
            out |= {"needs": f"part of {'/'.join(members)}", "hours": hours}
        reason = next((reasons[(a, b)] for b in members if reasons and (a, b) in reasons), None)
        return out | ({"reason": reason} if reason else {})

    for a, b in requires:
        G.add_edge(f"topic:{a}", f"topic:{b}", key="REQUIRES", kind="REQUIRES", **attrs(a, [b]))
    for a, alternatives in (groups or {}).items():
        for index, members in enumerate(alternatives):
            default = (defaults or {}).get(a, [None] * len(alternatives))[index]
            extra = {"default": f"topic:{default}"} if default else {}
            for b in members:
                G.add_edge(
                    f"topic:{a}",
                    f"topic:{b}",
                    key="REQUIRES",
                    kind="REQUIRES",
                    group=f"{a}#{index}",
                    **attrs(a, members),
                    **extra,
                )
    return G


@st.composite
def plan_cases(draw, *, knowledge: bool = False):
    """A random DAG (edges only from higher to lower index), random any-of groups, goals and known.

    With ``knowledge``, edges are also randomly recommended or partial, and groups may have a default.
    """
    n = draw(st.integers(2, 14))
    names = [f"n{i}" for i in range(n)]
    efforts = {name: draw(st.sampled_from([1, 2, 3, 5, 8])) for name in names}
    requires, groups, recommended, parts, defaults = [], {}, set(), {}, {}
    for i in range(1, n):
        lower = names[:i]
        plain = draw(st.lists(st.sampled_from(lower), max_size=3, unique=True))
        requires += [(names[i], p) for p in plain]
        rest = [x for x in lower if x not in plain]
        if len(rest) >= 2 and draw(st.booleans()):
            members = draw(st.lists(st.sampled_from(rest), min_size=2, max_size=3, unique=True))
            groups[names[i]] = [members]
            if knowledge:
                defaults[names[i]] = [draw(st.sampled_from([None, *members]))]
                plain = [*plain, members[0]]
        if knowledge:
            for p in plain:
                kind = draw(st.sampled_from(["essential", "essential", "recommended", "partial"]))
                if kind == "recommended":
                    recommended.add((names[i], p))
                elif kind == "partial":
                    parts[(names[i], p)] = draw(st.sampled_from([0.5, 1]))
    goals = draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))
    known = draw(st.lists(st.sampled_from(names), max_size=3, unique=True))
    G = topic_graph(efforts, requires, groups, recommended=recommended, parts=parts, defaults=defaults)
    return G, [f"topic:{g}" for g in goals], [f"topic:{k}" for k in known]
