"""Learning plans: everything still to learn to reach some goals, in a valid order, in stages."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx

from kgraph.analysis.knowledge import check_topics, group_met, satisfied_topics, skipped_topics
from kgraph.analysis.prereqs import PrereqView, prereq_view
from kgraph.analysis.results import Rows
from kgraph.model.kinds import LEVELS

_LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}


@dataclass
class PlanStep:
    """One topic of a plan, with why it is in it."""

    order: int
    stage: int
    topic: str
    name: str
    roadmap: str
    level: str | None
    effort_hours: float
    goal: bool
    status: str | None
    needed_by: list[str]
    reasons: list[str]


@dataclass
class Choice:
    """How an any-of group was satisfied: by a known member, or by the cheapest one to learn."""

    topic: str
    group: list[str]
    chosen: str
    known: bool
    remaining_effort: dict[str, float]
    reason: str | None = None


@dataclass
class Plan(Rows):
    """A learning plan: ``stages`` of steps (each stage needs only earlier ones), choices, totals."""

    goals: list[str]
    known_goals: list[str]
    stages: list[list[PlanStep]]
    choices: list[Choice]
    total_effort_hours: float
    by_roadmap: list[dict] = field(default_factory=list)

    @property
    def steps(self) -> list[PlanStep]:
        """Every step in learning order."""
        return [step for stage in self.stages for step in stage]

    @property
    def topics(self) -> list[str]:
        """Topic ids in learning order."""
        return [step.topic for step in self.steps]

    def rows(self) -> list[dict]:
        """One flat row per step (for tables, CSV and DataFrames)."""
        return [
            {**vars(step), "needed_by": ", ".join(step.needed_by), "reasons": "; ".join(step.reasons)}
            for step in self.steps
        ]


class _Planner:
    """Finds what goals still need, choosing the cheapest member of unsatisfied any-of groups.

    The remaining effort of a group member is the effort of the member and everything it
    still needs (nested groups resolved the same way); it is computed only for group
    members, and memoised, so a plan costs time in proportion to what it visits.
    """

    def __init__(self, view: PrereqView, satisfied: set[str], skipped: set[str]):
        self.view = view
        self.satisfied = satisfied
        self.skipped = skipped
        self.chosen: dict[tuple[str, int], str] = {}
        self.costs: dict[tuple[str, int], dict[str, float]] = {}
        self._cost: dict[str, float] = {}

    def closure(self, starts) -> set[str]:
        """``starts`` (unsatisfied topics) and everything they still need."""
        found: set[str] = set()
        stack = [t for t in starts if t not in self.satisfied]
        while stack:
            topic = stack.pop()
            if topic in found:
                continue
            found.add(topic)
            req = self.view.needs.get(topic)
            if req is None:
                continue
            stack.extend(p for p in req.all_of if p not in self.satisfied and p not in found)
            for index, group in enumerate(req.any_of):
                best = self.choose(topic, index, group)
                if best is not None and best not in found:
                    stack.append(best)
        return found

    def choose(self, topic: str, index: int, group: tuple[str, ...]) -> str | None:
        """The member to learn for ``topic``'s group ``index``; ``None`` when it is met already."""
        if (topic, index) in self.chosen:
            return self.chosen[(topic, index)]
        if group_met(group, self.satisfied, self.skipped) is not None:
            return None
        options = [m for m in group if m not in self.skipped]
        costs = {m: self.cost(m) for m in options}
        best = min(options, key=lambda m: (costs[m], m))
        self.chosen[(topic, index)] = best
        self.costs[(topic, index)] = costs
        return best

    def cost(self, topic: str) -> float:
        """Remaining effort of ``topic`` and everything it still needs."""
        if topic not in self._cost:
            self._cost[topic] = sum(self.view.effort(t) for t in self.closure([topic]))
        return self._cost[topic]


def learning_plan(
    G: nx.MultiDiGraph,
    goals: Iterable[str],
    *,
    known: Iterable[str] = (),
    progress: Mapping[str, str] | None = None,
) -> Plan:
    """Everything still to learn to reach ``goals``, ordered in stages.

    The plan holds the goals' transitive prerequisites minus what is known (``known`` and
    ``progress`` entries marked done), what known topics imply (their prerequisites) and
    what is skipped. An any-of group is satisfied by a known member, else by the member
    with the least remaining effort (ties broken by id); a skipped member is never chosen
    (unless all are skipped); ``choices`` records each decision
    and the alternatives. Stages are topological generations: every topic comes after all
    the prerequisites the plan holds for it. The output is deterministic.

    Parameters:
        goals: topic ids to reach (see :func:`kgraph.resolve_topic`).
        known: topic ids already learned.
        progress: ``topic id -> done | learning | skipped`` (e.g. from a progress file).

    Raises:
        TopicNotFound: a goal, known topic or progress entry is not a topic.
        InputError: a progress state is not valid.

    Example:
        >>> hpa = "topic:kubernetes/scaling-considerations/horizontal-pod-autoscaler-hpa"
        >>> plan = learning_plan(G, [hpa])  # doctest: +SKIP
        >>> plan.topics[-1]  # doctest: +SKIP
        'topic:kubernetes/scaling-considerations/horizontal-pod-autoscaler-hpa'
    """
    goals = list(dict.fromkeys(check_topics(G, goals)))
    view = prereq_view(G)
    satisfied, progress = satisfied_topics(G, known, progress, view)
    skipped = skipped_topics(progress)
    planner = _Planner(view, satisfied, skipped)
    todo = planner.closure(goals)

    order = nx.DiGraph()
    order.add_nodes_from(todo)
    edge_reasons: dict[tuple[str, str], str | None] = {}
    choices: list[Choice] = []
    for topic in sorted(todo):
        req = view.needs.get(topic)
        if req is None:
            continue
        for prerequisite in req.all_of:
            if prerequisite in todo:
                order.add_edge(prerequisite, topic)
                edge_reasons[(prerequisite, topic)] = req.reasons.get(prerequisite)
        for index, group in enumerate(req.any_of):
            met = group_met(group, satisfied, skipped)
            chosen = met if met is not None else planner.choose(topic, index, group)
            choices.append(
                Choice(
                    topic=topic,
                    group=list(group),
                    chosen=chosen,
                    known=met is not None,
                    remaining_effort=planner.costs.get((topic, index), {}),
                    reason=req.reasons.get(chosen),
                )
            )
            if chosen in todo:
                order.add_edge(chosen, topic)
                edge_reasons[(chosen, topic)] = req.reasons.get(chosen)

    def sort_key(topic: str):
        return (_LEVEL_RANK.get(view.topics[topic].get("level"), len(LEVELS)), topic)

    stages: list[list[PlanStep]] = []
    number = 0
    for stage_index, generation in enumerate(nx.topological_generations(order)):
        stage = []
        for topic in sorted(generation, key=sort_key):
            number += 1
            data = view.topics[topic]
            needed_by = sorted(order.successors(topic))
            stage.append(
                PlanStep(
                    order=number,
                    stage=stage_index + 1,
                    topic=topic,
                    name=data.get("name", topic),
                    roadmap=data.get("roadmap", ""),
                    level=data.get("level"),
                    effort_hours=view.effort(topic),
                    goal=topic in goals,
                    status=progress.get(topic),
                    needed_by=needed_by,
                    reasons=[r for t in needed_by if (r := edge_reasons.get((topic, t)))],
                )
            )
        stages.append(stage)

    by_roadmap: dict[str, dict] = {}
    for step in (s for stage in stages for s in stage):
        row = by_roadmap.setdefault(step.roadmap, {"roadmap": step.roadmap, "topics": 0, "effort_hours": 0.0})
        row["topics"] += 1
        row["effort_hours"] += step.effort_hours
    return Plan(
        goals=goals,
        known_goals=[g for g in goals if g in satisfied],
        stages=stages,
        choices=choices,
        total_effort_hours=sum(row["effort_hours"] for row in by_roadmap.values()),
        by_roadmap=sorted(by_roadmap.values(), key=lambda r: (-r["effort_hours"], r["roadmap"])),
    )
