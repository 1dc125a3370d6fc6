"""The health of a prerequisite graph, as a plugin author or reviewer needs it: edges by
strength and roadmap pair, hub topics and their blast radius, vendor-rule warnings, groups
without a default, and the size of every single-goal plan."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from kgraph._util import arguments
from kgraph._util.results import Result, record_rows
from kgraph.model.kinds import NodeKind
from kgraph.model.rules import RuleWarning, requirement_edges, rule_warnings, vendor_of


@dataclass
class EdgeCounts:
    """REQUIRES edges by strength, the partial ones, any-of groups and cross-roadmap edges."""

    requires: int
    essential: int
    recommended: int
    partial: int
    any_of_groups: int
    cross_roadmap: int


@dataclass
class RoadmapPair:
    """REQUIRES edges from topics of one roadmap to topics of another (or the same)."""

    from_roadmap: str
    to_roadmap: str
    essential: int
    recommended: int


@dataclass
class HubTopic:
    """A topic many single-goal plans need: how many it enters and the hours it adds over all."""

    topic: str
    name: str | None
    roadmap: str | None
    vendor: str
    effort_hours: float | None
    plans: int
    share: float
    hours_added: float


@dataclass
class PlanSizes:
    """Size and hours of every single-goal plan: mean, p90 (nearest rank) and max."""

    count: int
    mean_topics: float
    p90_topics: float
    max_topics: float
    mean_hours: float
    p90_hours: float
    max_hours: float


@dataclass
class Audit(Result):
    """What :func:`audit` found; ``rows()`` are the hub topics, most plans entered first."""

    edges: EdgeCounts
    roadmap_pairs: list[RoadmapPair]
    hubs: list[HubTopic]
    warnings: list[RuleWarning]
    groups_without_default: list[RuleWarning]
    plans: PlanSizes
    cross_roadmap_share: float
    topics: int = 0
    parameters: dict = field(default_factory=dict)

    def rows(self) -> list[dict]:
        """One row per hub topic."""
        return record_rows(self.hubs)


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
    for u, v, d in requirement_edges(G):
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
        HubTopic(
            topic=t,
            name=G.nodes[t].get("name"),
            roadmap=roadmap_of.get(t),
            vendor=vendor_of(G, t),
            effort_hours=G.nodes[t].get("effort_hours"),
            plans=n,
            share=round(n / count, 3),
            hours_added=round(hours_added[t], 1),
        )
        for t, n in sorted(entered.items(), key=lambda item: (-item[1], -hours_added[item[0]], item[0]))[:top]
    ]
    warnings = rule_warnings(G)
    return Audit(
        edges=EdgeCounts(
            requires=sum(strength.values()),
            essential=strength["essential"],
            recommended=strength["recommended"],
            partial=partial,
            any_of_groups=len(group_ids),
            cross_roadmap=sum(sum(c.values()) for (a, b), c in pairs.items() if a != b),
        ),
        roadmap_pairs=[RoadmapPair(a, b, c["essential"], c["recommended"]) for (a, b), c in sorted(pairs.items())],
        hubs=hubs,
        warnings=[w for w in warnings if w.rule == "vendor"],
        groups_without_default=[w for w in warnings if w.rule == "default"],
        plans=PlanSizes(
            count=len(topics),
            mean_topics=round(sum(sizes) / count, 2),
            p90_topics=_nearest_rank(sizes, 0.9),
            max_topics=max(sizes, default=0),
            mean_hours=round(sum(hours) / count, 2),
            p90_hours=_nearest_rank(hours, 0.9),
            max_hours=max(hours, default=0.0),
        ),
        cross_roadmap_share=round(cross / total, 3) if total else 0.0,
        topics=len(topics),
        parameters={"top": top},
    )
