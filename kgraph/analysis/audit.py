"""The health of a prerequisite graph, as a plugin author or reviewer needs it: edges by
strength and roadmap pair, hub topics and their blast radius, vendor-rule warnings, groups
without a default, and the size of every single-goal plan."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from kgraph._util import arguments
from kgraph._util.results import Result
from kgraph.model.kinds import EdgeKind, NodeKind
from kgraph.model.spec import NEUTRAL


@dataclass(frozen=True)
class RuleWarning:
    """A requirement that breaks a knowledge rule: ``rule`` is ``vendor`` or ``default``."""

    rule: str
    topic: str
    prerequisites: tuple[str, ...]
    group: str | None
    message: str


def vendor_of(G: nx.MultiDiGraph, topic: str) -> str:
    """The vendor a topic is marked with (``neutral`` when none)."""
    return G.nodes[topic].get("vendor") or NEUTRAL


def _requires(G: nx.MultiDiGraph):
    for u, v, d in G.edges(data=True):
        if d.get("kind") == EdgeKind.REQUIRES:
            yield u, v, d


def rule_warnings(G: nx.MultiDiGraph) -> list[RuleWarning]:
    """Requirements that break the vendor rule, and any-of groups without a default.

    The vendor rule: a topic never has an essential prerequisite of a vendor other than its
    own (for a neutral topic: of any vendor), except in an any-of group that also offers a
    neutral member or one of another vendor. Recommended prerequisites are free.

    Example:
        >>> [w.rule for w in rule_warnings(G)]  # doctest: +SKIP
        []
    """
    arguments.graph(G)
    warnings: list[RuleWarning] = []
    groups: dict[str, list[tuple[str, str, dict]]] = {}
    for u, v, d in _requires(G):
        if d.get("group"):
            groups.setdefault(d["group"], []).append((u, v, d))
            continue
        if (d.get("strength") or "essential") != "essential":
            continue
        mine, theirs = vendor_of(G, u), vendor_of(G, v)
        if theirs != NEUTRAL and theirs != mine:
            warnings.append(
                RuleWarning(
                    "vendor",
                    u,
                    (v,),
                    None,
                    f"{_who(mine)} topic has an essential prerequisite of vendor {theirs}: {_short(v)} "
                    "(make it recommended, or an any_of with a neutral or other-vendor member)",
                )
            )
    for gid, edges in sorted(groups.items()):
        topic = edges[0][0]
        members = tuple(v for _, v, _ in edges)
        if not any(d.get("default") for _, _, d in edges):
            warnings.append(
                RuleWarning(
                    "default",
                    topic,
                    members,
                    gid,
                    f"any_of group has no default ({', '.join(_short(m) for m in members)}): name the one most "
                    "learners take",
                )
            )
        if (edges[0][2].get("strength") or "essential") != "essential":
            continue
        mine = vendor_of(G, topic)
        vendors = {vendor_of(G, m) for m in members}
        only = next(iter(vendors)) if len(vendors) == 1 else NEUTRAL
        if only not in (NEUTRAL, mine):
            warnings.append(
                RuleWarning(
                    "vendor",
                    topic,
                    members,
                    gid,
                    f"{_who(mine)} topic has an any_of group whose members are all of vendor {only} "
                    "(offer a neutral or other-vendor member, or make it recommended)",
                )
            )
    warnings.sort(key=lambda w: (w.topic, w.group or "", w.prerequisites))
    return warnings


def _who(vendor: str) -> str:
    return "a vendor-neutral" if vendor == NEUTRAL else f"a {vendor}"


def _short(topic: str) -> str:
    return repr(topic.split(":", 1)[-1])


@dataclass
class Audit(Result):
    """What :func:`audit` found; ``rows()`` are the hub topics."""

    edges: dict
    roadmap_pairs: list[dict]
    hubs: list[dict]
    warnings: list[dict]
    groups_without_default: list[dict]
    plans: dict
    cross_roadmap_share: float
    topics: int = 0
    parameters: dict = field(default_factory=dict)

    def rows(self) -> list[dict]:
        """The hub topics, most plans entered first."""
        return self.hubs


def _nearest_rank(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else 0.0


def audit(G: nx.MultiDiGraph, *, top: int = 15) -> Audit:
    """Audit the prerequisite graph ``G``.

    Plans are computed for every topic as a single goal, from scratch, following essential
    prerequisites (as ``kgraph plan`` does by default). A hub's ``share`` is the share of those
    plans it enters (as a prerequisite, not as the goal) and ``hours_added`` the hours it
    adds over all of them; ``cross_roadmap_share`` is the share of plan prerequisites that
    lie in another roadmap than their goal.

    Parameters:
        top: how many hub topics to list.

    Raises:
        InputError: ``top`` is below 1.
        CycleError: the prerequisites form a cycle.
    """
    from kgraph.analysis.plans import learning_plan

    top = arguments.count(top, "top")
    arguments.graph(G)
    roadmap_of = dict(G.nodes(data="roadmap"))
    topics = [n for n, k in G.nodes(data="kind") if k == NodeKind.TOPIC]

    strength = Counter()
    pairs: dict[tuple[str, str], Counter] = {}
    partial = 0
    group_ids = set()
    for u, v, d in _requires(G):
        kind = d.get("strength") or "essential"
        strength[kind] += 1
        partial += d.get("hours") is not None
        if d.get("group"):
            group_ids.add(d["group"])
        pairs.setdefault((roadmap_of.get(u) or "", roadmap_of.get(v) or ""), Counter())[kind] += 1

    entered: Counter = Counter()
    hours_added: Counter = Counter()
    sizes, hours = [], []
    cross = total = 0
    for goal in topics:
        plan = learning_plan(G, [goal])
        sizes.append(len(plan.steps))
        hours.append(plan.total_effort_hours)
        for step in plan.steps:
            if step.topic == goal:
                continue
            entered[step.topic] += 1
            hours_added[step.topic] += step.effort_hours
            total += 1
            cross += step.roadmap != roadmap_of.get(goal)

    count = len(topics) or 1
    hubs = [
        {
            "topic": t,
            "name": G.nodes[t].get("name"),
            "roadmap": roadmap_of.get(t),
            "vendor": vendor_of(G, t),
            "effort_hours": G.nodes[t].get("effort_hours"),
            "plans": n,
            "share": round(n / count, 3),
            "hours_added": round(hours_added[t], 1),
        }
        for t, n in sorted(entered.items(), key=lambda item: (-item[1], -hours_added[item[0]], item[0]))[:top]
    ]
    warnings = rule_warnings(G)
    return Audit(
        edges={
            "requires": sum(strength.values()),
            "essential": strength["essential"],
            "recommended": strength["recommended"],
            "partial": partial,
            "any_of_groups": len(group_ids),
            "cross_roadmap": sum(sum(c.values()) for (a, b), c in pairs.items() if a != b),
        },
        roadmap_pairs=[
            {"from": a, "to": b, "essential": c["essential"], "recommended": c["recommended"]}
            for (a, b), c in sorted(pairs.items())
        ],
        hubs=hubs,
        warnings=[
            {"topic": w.topic, "prerequisites": list(w.prerequisites), "group": w.group, "message": w.message}
            for w in warnings
            if w.rule == "vendor"
        ],
        groups_without_default=[
            {"topic": w.topic, "group": w.group, "members": list(w.prerequisites)}
            for w in warnings
            if w.rule == "default"
        ],
        plans={
            "count": len(topics),
            "mean_topics": round(sum(sizes) / count, 2),
            "p90_topics": _nearest_rank(sizes, 0.9),
            "max_topics": max(sizes, default=0),
            "mean_hours": round(sum(hours) / count, 2),
            "p90_hours": _nearest_rank(hours, 0.9),
            "max_hours": max(hours, default=0.0),
        },
        cross_roadmap_share=round(cross / total, 3) if total else 0.0,
        topics=len(topics),
        parameters={"top": top},
    )
