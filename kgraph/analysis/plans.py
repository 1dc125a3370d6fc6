"""Learning plans: everything still to learn to reach some goals, in a valid order, in stages."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx

from kgraph._util import arguments
from kgraph._util.results import Result
from kgraph.analysis import choices as rules
from kgraph.analysis.choices import Preference, resolve_preferences
from kgraph.analysis.knowledge import check_topics, group_met, known_parts, satisfied_topics, skipped_topics
from kgraph.analysis.prereqs import ESSENTIAL, Group, Need, PrereqView, Requirements, prereq_view
from kgraph.model.kinds import level_rank


@dataclass
class NeededBy:
    """Why a plan step is there: a topic that needs it, the reason, how strongly, which part."""

    topic: str
    reason: str | None
    strength: str
    needs: str | None


@dataclass
class PlanStep:
    """One topic of a plan, with the topics that need it and why.

    ``effort_hours`` is what the plan counts for it: its whole effort (``topic_hours``), or
    only the part the plan needs (``part`` names it) when no plan topic needs all of it.
    ``recommended`` marks a topic that is there only through recommended prerequisites.
    ``after`` lists the plan topics it comes after (its prerequisites the plan holds).
    """

    order: int
    stage: int
    topic: str
    name: str
    roadmap: str
    level: str | None
    effort_hours: float
    topic_hours: float
    part: str | None
    goal: bool
    status: str | None
    recommended: bool
    needed_by: list[NeededBy]
    after: list[str] = field(default_factory=list)


@dataclass
class Choice:
    """How an any-of group was satisfied, and by which rule (see :mod:`kgraph.analysis.choices`)."""

    topic: str
    group: list[str]
    chosen: str
    rule: str
    default: str | None
    remaining_effort: dict[str, float]
    reason: str | None = None
    preference: str | None = None

    @property
    def known(self) -> bool:
        """True when a known member met the group."""
        return self.rule == rules.KNOWN


@dataclass
class Extra:
    """A recommended prerequisite the plan leaves out ("also useful"): never in its total."""

    topic: str
    name: str
    roadmap: str
    level: str | None
    effort_hours: float
    part: str | None
    needed_by: list[NeededBy]


@dataclass
class PlanDurations:
    """How long a plan takes: one learner in sequence (every hour, one after another), stages
    in parallel (each stage as long as its longest step, as a team could), and the longest
    chain (the heaviest run of topics each needing the one before: no team can beat it)."""

    sequential_hours: float
    parallel_stages_hours: float
    longest_chain_hours: float
    longest_chain: list[str]


@dataclass
class Plan(Result):
    """A learning plan: ``stages`` of steps (each stage needs only earlier ones), choices, totals.

    ``total_effort_hours`` adds each step's counted hours once. With recommended
    prerequisites (``with_recommended``) the steps they add are marked and their hours are
    also given apart (``recommended_hours``); without, they are listed in ``also_useful``.
    """

    goals: list[str]
    known_goals: list[str]
    stages: list[list[PlanStep]]
    choices: list[Choice]
    total_effort_hours: float
    by_roadmap: list[dict] = field(default_factory=list)
    also_useful: list[Extra] = field(default_factory=list)
    with_recommended: bool = False
    recommended_hours: float = 0.0
    preferences: list[str] = field(default_factory=list)

    @property
    def steps(self) -> list[PlanStep]:
        """Every step in learning order."""
        return [step for stage in self.stages for step in stage]

    @property
    def topics(self) -> list[str]:
        """Topic ids in learning order."""
        return [step.topic for step in self.steps]

    def durations(self) -> PlanDurations:
        """The plan's hours three ways: in sequence, stages in parallel, and its longest chain.

        Example:
            >>> hpa = "topic:kubernetes/scaling-considerations/horizontal-pod-autoscaler-hpa"
            >>> times = learning_plan(G, [hpa]).durations()
            >>> times.longest_chain_hours <= times.parallel_stages_hours <= times.sequential_hours
            True
        """
        finish: dict[str, tuple[float, list[str]]] = {}
        for step in self.steps:  # plan order: every step comes after the steps it needs
            before = max((finish[t] for t in step.after if t in finish), key=lambda f: f[0], default=(0.0, []))
            finish[step.topic] = (before[0] + step.effort_hours, [*before[1], step.topic])
        chain_hours, chain = max(finish.values(), key=lambda f: f[0], default=(0.0, []))
        return PlanDurations(
            sequential_hours=self.total_effort_hours,
            parallel_stages_hours=sum(max(s.effort_hours for s in stage) for stage in self.stages if stage),
            longest_chain_hours=chain_hours,
            longest_chain=chain,
        )

    def rows(self) -> list[dict]:
        """One row per step (for tables, CSV and DataFrames); ``needed_by`` stays a list of
        ``{topic, reason, strength, needs}`` entries, one per dependent."""
        return [{**vars(step), "needed_by": [vars(n) for n in step.needed_by]} for step in self.steps]


class _Planner:
    """Finds what goals still need, resolving unmet any-of groups by the rules of
    :mod:`kgraph.analysis.choices`.

    ``view`` gives the edges to follow (essential ones, or all); groups are always resolved
    on the essential view, so adding recommended prerequisites never changes a choice. The
    remaining effort of a group member is the effort of the member and everything it still
    needs; it is computed only for group members, and memoised.
    """

    def __init__(
        self,
        view: PrereqView,
        essential: PrereqView,
        satisfied: set[str],
        skipped: set[str],
        progress: Mapping[str, str],
        preferences: list[Preference],
    ):
        self.view = view
        self.essential = essential
        self.satisfied = satisfied
        self.parts = known_parts(essential, satisfied)
        self.skipped = skipped
        self.progress = progress
        self.preferences = preferences
        self.chosen: dict[str, tuple[str | None, str, Preference | None]] = {}
        self.in_plan: dict[str, str] = {}
        self.groups: dict[str, Group] = {}
        self.costs: dict[str, dict[str, float]] = {}
        self._cost: dict[str, float] = {}

    def plan(self, goals) -> tuple[set[str], dict[str, float]]:
        """The essential closure of ``goals``; a group resolved by its default or by least effort
        takes instead a member the plan holds anyway (needed in full by other topics). One group
        changes at a time, and each at most once, until none can."""
        while True:
            full, part = self.closure(goals, self.essential)
            switch = next(
                (
                    (gid, other)
                    for gid, (chosen, rule, _) in sorted(self.chosen.items())
                    if chosen is not None and rule in rules.YIELDING and gid not in self.in_plan
                    for other in self.groups[gid].members
                    if other != chosen and other in full and other not in self.skipped
                ),
                None,
            )
            if switch is None:
                return full, part
            self.in_plan[switch[0]] = switch[1]
            self.chosen = {gid: c for gid, c in self.chosen.items() if c[1] not in rules.YIELDING}
            self._cost.clear()

    def needed(self, prerequisite: str, hours: float | None) -> bool:
        """Whether a prerequisite (needed in full, or ``hours`` of it) is still to learn."""
        return prerequisite not in self.satisfied and (hours is None or prerequisite not in self.parts)

    def closure(self, starts, view: PrereqView | None = None) -> tuple[set[str], dict[str, float]]:
        """Topics still needed in full from ``starts`` (unsatisfied topics), and those needed only
        in part (topic -> hours of the largest part any of them needs, capped at its effort).

        A part does not bring in the prerequisites of the topic it is a part of.
        """
        view = view or self.view
        full: set[str] = set()
        parts: dict[str, float] = {}
        stack: list[tuple[str, Need | None]] = [(t, None) for t in starts if t not in self.satisfied]
        while stack:
            topic, need = stack.pop()
            if need is not None and need.partial:
                parts[topic] = max(parts.get(topic, 0.0), need.hours)
                continue
            if topic in full:
                continue
            full.add(topic)
            req = view.needs.get(topic)
            if req is None:
                continue
            for prerequisite in req.all_of:
                need = req.edges[prerequisite]
                if self.needed(prerequisite, need.hours):
                    stack.append((prerequisite, need))
            for group in req.groups:
                chosen = self.choose(group, req)
                if chosen is not None:
                    stack.append((chosen, req.edges[chosen]))
        return full, {t: min(h, view.effort(t)) for t, h in parts.items() if t not in full}

    def choose(self, group: Group, req: Requirements) -> str | None:
        """The member to learn for ``group`` of a topic's requirements ``req`` (each member
        needed in full, or a part of it); ``None`` when the group is met already."""
        if group.id not in self.chosen:
            self.groups[group.id] = group
            self.chosen[group.id] = self._resolve(group, req)
        return self.chosen[group.id][0]

    def _resolve(self, group: Group, req: Requirements) -> tuple[str | None, str, Preference | None]:
        members = group.members
        if group_met(members, self.satisfied, self.skipped) is not None:
            return None, rules.KNOWN, None
        if any(req.edges[m].partial and m in self.parts for m in members):
            return None, rules.KNOWN, None
        options = [m for m in members if m not in self.skipped]
        costs = {m: self.cost(m, req.edges[m].hours) for m in options}
        self.costs[group.id] = costs

        def cheapest(candidates):
            return min(candidates, key=lambda m: (costs[m], m))

        learning = [m for m in options if self.progress.get(m) == "learning"]
        if learning:
            return cheapest(learning), rules.IN_PROGRESS, None
        for preference in self.preferences:
            matching = [m for m in options if preference.matches(m, self.view.topics[m])]
            if matching:
                return cheapest(matching), rules.PREFERRED, preference
        if group.id in self.in_plan:
            return self.in_plan[group.id], rules.IN_PLAN, None
        if group.default in options:
            return group.default, rules.DEFAULT, None
        return cheapest(options), rules.LEAST_EFFORT, None

    def cost(self, topic: str, hours: float | None = None) -> float:
        """Remaining effort of ``topic`` and everything it still needs (essential edges), or of
        ``hours`` of it."""
        if hours is not None:
            return min(hours, self.essential.effort(topic))
        if topic not in self._cost:
            full, part = self.closure([topic], self.essential)
            self._cost[topic] = sum(self.essential.effort(t) for t in full) + sum(part.values())
        return self._cost[topic]


def learning_plan(
    G: nx.MultiDiGraph,
    goals: Iterable[str],
    *,
    known: Iterable[str] = (),
    progress: Mapping[str, str] | None = None,
    prefer: Iterable[str] = (),
    with_recommended: bool = False,
) -> Plan:
    """Everything still to learn to reach ``goals``, ordered in stages.

    The plan holds the goals' transitive essential prerequisites minus what is known
    (``known`` and ``progress`` entries marked done), what known topics imply (their
    essential prerequisites) and what is skipped. A prerequisite needed only in part counts
    the hours of the largest part any plan topic needs (capped at its effort; its whole
    effort when a goal, or when some plan topic needs all of it), and does not bring in its
    own prerequisites. An any-of group is met by a known member, else resolved by the rules of
    :mod:`kgraph.analysis.choices` (in progress, ``prefer``, a member the plan holds anyway,
    the group's default, least effort); ``choices`` records each decision, its rule and the alternatives. Stages are
    topological generations: every topic comes after the prerequisites the plan holds for it.
    Recommended prerequisites are listed in ``also_useful``; with ``with_recommended`` they
    join the plan (a superset of the default plan) and are marked. The output is deterministic.

    Parameters:
        goals: topic ids to reach (see :func:`kgraph.resolve_topic`).
        known: topic ids already learned.
        progress: ``topic id -> done | learning | skipped`` (e.g. from a progress file).
        prefer: roadmaps, vendors or topics to choose among alternatives, first match first
            (see :func:`kgraph.analysis.choices.resolve_preferences`).
        with_recommended: follow recommended prerequisites too.

    Raises:
        TopicNotFound: a goal, known topic or progress entry is not a topic.
        InputError: a progress state or preference is not valid.

    Example:
        >>> hpa = "topic:kubernetes/scaling-considerations/horizontal-pod-autoscaler-hpa"
        >>> plan = learning_plan(G, [hpa])
        >>> plan.topics[-1] == hpa, [c.rule for c in plan.choices]
        (True, [])
        >>> plan.to_frame()[["stage", "name", "effort_hours"]].tail(2).to_dict("records")[-1]
        {'stage': 6, 'name': 'Horizontal Pod Autoscaler (HPA)', 'effort_hours': 3.0}
    """
    goals = list(dict.fromkeys(check_topics(G, goals)))
    with_recommended = arguments.flag(with_recommended, "with_recommended")
    preferences = resolve_preferences(G, prefer)
    essential = prereq_view(G)
    view = prereq_view(G, recommended=True) if with_recommended else essential
    satisfied, progress = satisfied_topics(G, known, progress, essential)
    planner = _Planner(view, essential, satisfied, skipped_topics(progress), progress, preferences)
    full, part = planner.plan(goals)
    core = None
    if with_recommended:  # the same choices, more edges: a superset of the essential plan
        core = full | set(part)
        full, part = planner.closure(goals)
    todo = full | set(part)

    order = nx.DiGraph()
    order.add_nodes_from(todo)
    choices: list[Choice] = []
    for topic in sorted(full):
        req = view.needs.get(topic)
        if req is None:
            continue
        for prerequisite in req.all_of:
            need = req.edges[prerequisite]
            if prerequisite in todo and planner.needed(prerequisite, need.hours):
                order.add_edge(prerequisite, topic, need=need)
        for group in req.groups:
            chosen = planner.choose(group, req)
            met = group_met(group.members, satisfied, planner.skipped)
            _, rule, preference = planner.chosen[group.id]
            picked = chosen or met or next((m for m in group.members if m in planner.parts), group.members[0])
            choices.append(
                Choice(
                    topic=topic,
                    group=list(group.members),
                    chosen=picked,
                    rule=rule,
                    default=group.default,
                    remaining_effort=planner.costs.get(group.id, {}),
                    reason=req.edges[picked].reason,
                    preference=preference.text if preference else None,
                )
            )
            if picked in todo and rule != rules.KNOWN:
                order.add_edge(picked, topic, need=req.edges[picked])

    for topic in sorted(part):  # a part comes after the topic's own prerequisites the plan holds anyway
        req = view.needs.get(topic)
        for prerequisite in req.prerequisites() if req else ():
            if prerequisite in full and not order.has_edge(prerequisite, topic):
                order.add_edge(prerequisite, topic, need=None)
    stages = _stages(order, view, full, part, goals, progress, core)
    also_useful = [] if with_recommended else _also_useful(G, full, todo, planner)
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
        also_useful=also_useful,
        with_recommended=with_recommended,
        recommended_hours=sum(s.effort_hours for stage in stages for s in stage if s.recommended),
        preferences=[p.text for p in preferences],
    )


def _needed_by(topic: str, need) -> NeededBy:
    return NeededBy(topic, need.reason, need.strength, need.needs)


def _parts_needed(needed_by: list[NeededBy]) -> str | None:
    """What the dependants need of a topic needed in part, each text once; None if unsaid."""
    return "; ".join(dict.fromkeys(n.needs for n in needed_by if n.needs)) or None


def _stages(order, view, full, part, goals, progress, core) -> list[list[PlanStep]]:
    """The plan's steps in topological generations, easier levels first within a stage."""

    def sort_key(topic: str):
        return (level_rank(view.topics[topic].get("level")), topic)

    stages: list[list[PlanStep]] = []
    number = 0
    for stage_index, generation in enumerate(nx.topological_generations(order)):
        stage = []
        for topic in sorted(generation, key=sort_key):
            number += 1
            data = view.topics[topic]
            needed_by = [_needed_by(t, need) for _, t, need in sorted(order.out_edges(topic, data="need")) if need]
            partial = topic in part and topic not in goals
            stage.append(
                PlanStep(
                    order=number,
                    stage=stage_index + 1,
                    topic=topic,
                    name=data.get("name", topic),
                    roadmap=data.get("roadmap", ""),
                    level=data.get("level"),
                    effort_hours=part[topic] if partial else view.effort(topic),
                    topic_hours=view.effort(topic),
                    part=_parts_needed(needed_by) if partial else None,
                    goal=topic in goals,
                    status=progress.get(topic),
                    recommended=core is not None and topic not in core,
                    needed_by=needed_by,
                    after=sorted(order.predecessors(topic)),
                )
            )
        stages.append(stage)
    return stages


def _also_useful(G, full: set[str], todo: set[str], planner: _Planner) -> list[Extra]:
    """Recommended prerequisites of the plan's topics that the plan leaves out: plain ones, and
    for a recommended group none of whose members is known or planned, the member the group's
    rules choose (as ``with_recommended`` would)."""
    everything = prereq_view(G, recommended=True)
    found: dict[str, list[NeededBy]] = {}
    hours: dict[str, float | None] = {}

    def add(topic: str, prerequisite: str) -> None:
        need = everything.need(topic, prerequisite)
        if prerequisite in todo or not planner.needed(prerequisite, need.hours):
            return
        found.setdefault(prerequisite, []).append(_needed_by(topic, need))
        before = hours.get(prerequisite, 0.0)
        hours[prerequisite] = None if need.hours is None or before is None else max(before, need.hours)

    for topic in sorted(full):
        req = everything.needs.get(topic)
        if req is None:
            continue
        for prerequisite in req.all_of:
            if req.edges[prerequisite].strength != ESSENTIAL:
                add(topic, prerequisite)
        for group in req.groups:
            members = group.members
            if req.edges[members[0]].strength == ESSENTIAL or any(m in todo or m in planner.satisfied for m in members):
                continue
            chosen = planner.choose(group, req)
            if chosen is not None:
                add(topic, chosen)
    extras = []
    for topic, needed_by in found.items():
        data = everything.topics[topic]
        part = hours[topic]
        extras.append(
            Extra(
                topic=topic,
                name=data.get("name", topic),
                roadmap=data.get("roadmap", ""),
                level=data.get("level"),
                effort_hours=everything.effort(topic) if part is None else min(part, everything.effort(topic)),
                part=None if part is None else _parts_needed(needed_by),
                needed_by=needed_by,
            )
        )
    return sorted(extras, key=lambda e: (-len(e.needed_by), e.effort_hours, e.topic))
