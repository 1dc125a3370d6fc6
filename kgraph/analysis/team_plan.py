"""The team's plan for a capability: what nobody knows yet, and who should learn each piece.

The plan is :func:`~kgraph.analysis.plans.learning_plan` of the targets, with everything any
member has done counted as known. Its topics are then assigned in learning order, each to a
member already learning it; else, among the members whose cost is within :data:`COST_SLACK`
of the cheapest, to the one who would finish it first, so the work is balanced by weekly hours
without paying much for it (the capability is ready sooner, at the price of some catch-up). A
member's cost for a topic is its hours plus the hours of its prerequisites *they* still lack
(knowledge does not pass from one head to another; topics assigned to them earlier count as
known): these catch-up topics are listed. A mentor is another member who knows most of the
topic's direct prerequisites (done, else learned earlier in this plan). Each member works
through their list in order at their own weekly hours, so no week holds more than those hours.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx

from kgraph._util.results import Result
from kgraph.analysis.plans import Plan, learning_plan
from kgraph.analysis.prereqs import prereq_view
from kgraph.analysis.team import Team, check_team, known_by
from kgraph.errors import InputError

DEFAULT_HOURS_PER_WEEK = 5.0


@dataclass
class Assignment:
    """One topic of the team's plan, who learns it and why.

    ``hours`` is the plan's hours for it; ``catch_up`` the prerequisites the member learns
    first (topic ids; ``catch_up_names``, ``catch_up_hours``); ``start_week`` and ``end_week``
    (1-based) when, at their pace.
    """

    order: int
    topic: str
    name: str
    roadmap: str
    hours: float
    member: str
    catch_up: list[str]
    catch_up_names: list[str]
    catch_up_hours: float
    mentor: str | None
    start_week: int
    end_week: int
    why: str


@dataclass
class MemberLoad:
    """A member's share: hours of assigned topics, of catch-up, in total, and the finishing week."""

    handle: str
    name: str
    hours_per_week: float
    topics: int
    assigned_hours: float
    catch_up_hours: float
    total_hours: float
    finish_week: int


@dataclass
class TeamPlan(Result):
    """The team's plan: ``assignments`` (``rows()``), per-member ``members`` and the team's
    finishing ``weeks``; ``plan`` is the underlying :class:`~kgraph.analysis.plans.Plan`."""

    targets: list[str]
    total_hours: float
    weeks: int
    assignments: list[Assignment] = field(default_factory=list)
    members: list[MemberLoad] = field(default_factory=list)
    plan: Plan | None = None

    def rows(self) -> list[dict]:
        """One row per assigned topic (catch-up topics as names, joined; ids in ``to_dict()``)."""
        return [vars(a) | {"catch_up": ", ".join(a.catch_up_names)} for a in self.assignments]

    def member_rows(self) -> list[dict]:
        """One row per member."""
        return [vars(m).copy() for m in self.members]

    def to_dict(self) -> dict:
        """The plan as plain data (the underlying plan as its topic ids)."""
        data = super().to_dict()
        data["plan"] = self.plan.topics if self.plan else []
        return data


def team_plan(
    G: nx.MultiDiGraph,
    team: Team,
    targets: Iterable[str],
    *,
    hours_per_week: Mapping[str, float] | float | None = None,
    names: Mapping[str, str] | None = None,
) -> TeamPlan:
    """Plan the team's way to ``targets`` and assign each topic to a member (see the module doc).

    Parameters:
        hours_per_week: per handle, or one number for all (default
            :data:`DEFAULT_HOURS_PER_WEEK`); a handle missing from a mapping gets the default.
        names: handle -> display name.

    Raises:
        InputError: no targets, no members, hours not above 0; TopicNotFound: a bad target.

    Example:
        >>> hpa = "topic:kubernetes/scaling-considerations/horizontal-pod-autoscaler-hpa"
        >>> tp = team_plan(G, {"ana": {}, "bo": {"topic:kubernetes/core-competencies/core-objects": "done"}}, [hpa])
        >>> next(a.member for a in tp.assignments if a.topic == hpa)
        'bo'
    """
    targets = list(dict.fromkeys(targets))
    if not targets:
        raise InputError("a team plan needs at least one target topic")
    members = check_team(G, team)
    pace = _pace(members, hours_per_week)
    holders = known_by(members)
    plan = learning_plan(G, targets, known=list(holders))
    known = {h: {t for t, s in p.items() if s == "done"} for h, p in members.items()}
    load = dict.fromkeys(members, 0.0)
    assigned: dict[str, list[Assignment]] = {h: [] for h in members}
    view = prereq_view(G)
    assignments = []
    for order, step in enumerate(plan.steps, start=1):
        options = []
        for handle in members:
            extra = _catch_up(G, step.topic, known[handle])
            cost = step.effort_hours + sum(h for _, h in extra)
            finish = (load[handle] + cost) / pace[handle]
            learning = members[handle].get(step.topic) == "learning"
            options.append((not learning, finish, cost, list(members).index(handle), handle, extra))
        options = _ranked(options)
        _, _, cost, _, handle, extra = options[0]
        start = load[handle]
        load[handle] += cost
        known[handle] |= {step.topic, *(t for t, _ in extra)}
        mentor = _mentor(view, step.topic, handle, members, known)
        assignment = Assignment(
            order=order,
            topic=step.topic,
            name=step.name,
            roadmap=step.roadmap,
            hours=step.effort_hours,
            member=handle,
            catch_up=[t for t, _ in extra],
            catch_up_names=[str(G.nodes[t].get("name", t)) for t, _ in extra],
            catch_up_hours=round(float(sum(h for _, h in extra)), 2),
            mentor=mentor,
            start_week=int(start // pace[handle]) + 1,
            end_week=max(int(start // pace[handle]) + 1, math.ceil(load[handle] / pace[handle] - 1e-9)),
            why=_why(options, names or {}),
        )
        assignments.append(assignment)
        assigned[handle].append(assignment)
    loads = [
        MemberLoad(
            handle=h,
            name=(names or {}).get(h, h),
            hours_per_week=pace[h],
            topics=len(assigned[h]),
            assigned_hours=round(sum(a.hours for a in assigned[h]), 2),
            catch_up_hours=round(sum(a.catch_up_hours for a in assigned[h]), 2),
            total_hours=round(load[h], 2),
            finish_week=max((a.end_week for a in assigned[h]), default=0),
        )
        for h in members
    ]
    weeks = max((m.finish_week for m in loads), default=0)
    return TeamPlan(targets, round(sum(load.values()), 2), weeks, assignments, loads, plan)


def _pace(members: Mapping[str, object], hours_per_week) -> dict[str, float]:
    if hours_per_week is None or isinstance(hours_per_week, (int, float)):
        default = float(hours_per_week or DEFAULT_HOURS_PER_WEEK)
        pace = dict.fromkeys(members, default)
    else:
        pace = {h: float(hours_per_week.get(h, DEFAULT_HOURS_PER_WEEK)) for h in members}
    bad = [h for h, v in pace.items() if not 0 < v <= 168]
    if bad:
        raise InputError(f"hours per week of {bad[0]} must be above 0 and at most 168 (got {pace[bad[0]]:g})")
    return pace


COST_SLACK = 1.25
"""Balancing: members within this factor of the cheapest cost (plus half an hour) compete on
who finishes first; a dearer member is not picked just because they are free sooner."""


def _ranked(options: list) -> list:
    """``options`` (not-learning, finish, cost, index, handle, extra) best first: a member
    learning the topic; else, among those whose cost is near the cheapest, who finishes first;
    then the rest, cheapest first."""
    cheapest = min(o[2] for o in options)
    near = [o for o in options if o[2] <= cheapest * COST_SLACK + 0.5]
    rest = [o for o in options if o not in near]
    return sorted(near) + sorted(rest, key=lambda o: (o[0], o[2], o[1], o[3]))


def _catch_up(G: nx.MultiDiGraph, topic: str, known: set[str]) -> list[tuple[str, float]]:
    """The prerequisites of ``topic`` a member who knows ``known`` must learn first, with hours."""
    own = learning_plan(G, [topic], known=sorted(known - {topic}))
    return [(s.topic, s.effort_hours) for s in own.steps if s.topic != topic]


def _mentor(view, topic: str, assignee: str, members: Mapping[str, Mapping[str, str]], known) -> str | None:
    """The member (not the assignee) who knows most of the topic's direct prerequisites: done
    ones first, then ones they learn earlier in this plan; ties go to the member with more done."""
    req = view.needs.get(topic)
    direct = list(req.prerequisites()) if req is not None else []
    if not direct:
        return None
    scores = []
    for index, (handle, progress) in enumerate(members.items()):
        if handle == assignee:
            continue
        done = sum(1 for p in direct if progress.get(p) == "done")
        later = sum(1 for p in direct if p in known[handle]) - done
        scores.append((done, later, sum(1 for s in progress.values() if s == "done"), -index, handle))
    best = max(scores, default=None)
    return best[-1] if best and (best[0] or best[1]) else None


def _why(options: list, names: Mapping[str, str]) -> str:
    """A few words on the choice: the chosen member's cost (and that they are learning it
    already), and the runner-up's cost."""
    not_learning, _, cost, _, handle, extra = options[0]
    text = f"{_h(cost)} for {names.get(handle, handle)}"
    text += f" ({_h(cost - sum(h for _, h in extra))} + {_h(sum(h for _, h in extra))} catch-up)" if extra else ""
    text += "" if not_learning else ", who is learning it already"
    if len(options) > 1:
        _, _, other_cost, _, other, _ = options[1]
        who = names.get(other, other)
        if other_cost < cost:
            text += f"; {who} needs only {_h(other_cost)} but is busier"
        else:
            text += f"; {who} would need {_h(other_cost)}"
    return text


def _h(hours: float) -> str:
    return f"{hours:g} h"
