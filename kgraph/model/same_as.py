"""SAME_AS links: a topic that teaches what a topic of another roadmap teaches.

An import of roadmap.sh links its topics to the built-in ones this way (``same_as`` in the
plugin file). The graph gets a SAME_AS edge from the topic to its match, the topic takes the
match's hours and level when it has none, and it needs the match's *essential* prerequisites: each
becomes a REQUIRES edge of its own whose ``via`` attribute names the match and whose reason
starts with "via <roadmap>". A ``same_as`` to a
roadmap that is not loaded (say, the built-in data left out with ``--no-builtin``) is skipped.
"""

from __future__ import annotations

import networkx as nx

from kgraph.errors import Problem
from kgraph.model import ids
from kgraph.model.build import _problem as problem_at
from kgraph.model.build import topic_ref_to_id
from kgraph.model.kinds import EdgeKind
from kgraph.model.spec import TopicSpec


def add_same_as(
    G: nx.MultiDiGraph,
    topic_specs: dict[str, TopicSpec],
    locs: dict[tuple[str, str], Problem | None],
    problems: list[Problem],
) -> None:
    """Add SAME_AS edges and the essential prerequisites they carry over (see the module doc).

    Parameters:
        locs: where each REQUIRES edge was declared; the carried-over edges are added (at the
            topic's place), for cycle messages.
        problems: gets one problem per ``same_as`` naming no topic, or one of the same roadmap.
    """
    for tid, topic in topic_specs.items():
        for ref in topic.same_as:
            target = topic_ref_to_id(ref)
            roadmap = ids.roadmap_id(ids.local_part(target).split("/", 1)[0])
            if roadmap not in G:
                continue  # that roadmap is not loaded: nothing to link to
            if target not in topic_specs:
                problems.append(problem_at(topic.loc, f"same_as: unknown topic {ids.local_part(target)!r}"))
                continue
            if G.nodes[target].get("roadmap") == G.nodes[tid].get("roadmap"):
                message = f"same_as: {ids.local_part(target)!r} is in the same roadmap (use requires)"
                problems.append(problem_at(topic.loc, message))
                continue
            G.add_edge(tid, target, key=str(EdgeKind.SAME_AS), kind=str(EdgeKind.SAME_AS))
            for key in ("effort_hours", "level"):  # the same topic takes as long, at the same level
                if G.nodes[tid].get(key) is None and G.nodes[target].get(key) is not None:
                    G.nodes[tid][key] = G.nodes[target][key]
            _carry_over(G, tid, target, topic.loc, locs)


def _carry_over(G: nx.MultiDiGraph, tid: str, match: str, loc: Problem | None, locs: dict) -> None:
    """Give ``tid`` the essential prerequisites of ``match`` (whole any-of groups at a time)."""
    groups: dict[str | None, list[tuple[str, dict]]] = {}
    for _, prereq, data in G.out_edges(match, data=True):
        if data.get("kind") == EdgeKind.REQUIRES and data.get("strength", "essential") == "essential":
            groups.setdefault(data.get("group") or f"\0{prereq}", []).append((prereq, data))
    label = f"via {_roadmap_name(G, match)}"
    for group, members in groups.items():
        if any(p == tid or G.has_edge(tid, p, key=str(EdgeKind.REQUIRES)) for p, _ in members):
            continue  # already needed (or the topic itself): nothing to add
        own_group = f"{ids.local_part(tid)}#via:{group}" if not group.startswith("\0") else None
        for prereq, data in members:
            reason = data.get("reason")
            attrs = {
                "kind": str(EdgeKind.REQUIRES),
                "reason": f"{label}: {reason}" if reason else f"{label}, where the same topic needs it",
                "group": own_group,
                "strength": "essential",
                "needs": data.get("needs"),
                "hours": data.get("hours"),
                "default": data.get("default"),
                "via": match,
            }
            G.add_edge(tid, prereq, key=str(EdgeKind.REQUIRES), **{k: v for k, v in attrs.items() if v is not None})
            locs[(tid, prereq)] = loc


def _roadmap_name(G: nx.MultiDiGraph, topic: str) -> str:
    roadmap = G.nodes[topic].get("roadmap")
    return G.nodes[roadmap].get("name", ids.local_part(roadmap)) if roadmap in G else ""
