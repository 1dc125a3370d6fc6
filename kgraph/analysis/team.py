"""A team's knowledge: the skills matrix (topics x people) and its risks (bus factor).

A team is a mapping ``handle -> progress`` (``topic id -> done | learning | skipped``), as
:func:`kgraph.store.team.load_team` reads it. A member *knows* a topic they marked ``done``
(what their files say: a topic implied by a done one is not counted, so the matrix matches the
files). The team's plan for a capability is in :mod:`kgraph.analysis.team_plan`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx

from kgraph._util.results import Result
from kgraph.analysis.knowledge import check_progress
from kgraph.analysis.prereqs import prereq_view
from kgraph.errors import InputError
from kgraph.model.kinds import LEVELS, NodeKind

Team = Mapping[str, Mapping[str, str]]
"""``handle -> {topic id: done | learning | skipped}``."""


def check_team(G: nx.MultiDiGraph, team: Team) -> dict[str, dict[str, str]]:
    """A validated copy of ``team``.

    Raises:
        InputError: the team has no members.
        TopicNotFound, InputError: a progress entry names no topic or a bad state.
    """
    if not team:
        raise InputError("the team has no members")
    return {str(handle): dict(check_progress(G, progress)) for handle, progress in team.items()}


def known_by(team: Mapping[str, Mapping[str, str]]) -> dict[str, list[str]]:
    """Topic id -> the handles that marked it done (in team order)."""
    holders: dict[str, list[str]] = {}
    for handle, progress in team.items():
        for topic, state in progress.items():
            if state == "done":
                holders.setdefault(topic, []).append(handle)
    return holders


@dataclass
class RoadmapCoverage:
    """How much of a roadmap the team knows: ``covered`` topics (done by at least one member)
    of ``topics``, ``coverage`` that share in %, and ``mean_per_person`` the mean share in %."""

    roadmap: str
    name: str
    topics: int
    covered: int
    coverage: float
    mean_per_person: float
    holders: int


@dataclass
class TeamMatrix(Result):
    """Topics x people: ``cells[topic][handle]`` is ``done``, ``learning``, ``skipped`` or absent.

    ``rows()`` gives one row per topic (id, name, roadmap, category, level, one column per
    handle, ``known_by``); ``coverage`` one :class:`RoadmapCoverage` per roadmap in scope.
    """

    people: list[str]
    names: dict[str, str]
    topics: list[dict]
    cells: dict[str, dict[str, str]]
    coverage: list[RoadmapCoverage] = field(default_factory=list)

    def rows(self) -> list[dict]:
        """One row per topic, a column per person ('' where the file has no state)."""
        rows = []
        for info in self.topics:
            states = self.cells.get(info["topic"], {})
            row = dict(info)
            row.update({handle: states.get(handle, "") for handle in self.people})
            row["known_by"] = sum(1 for s in states.values() if s == "done")
            rows.append(row)
        return rows

    def coverage_rows(self) -> list[dict]:
        """One row per roadmap: topics, covered, coverage %, mean per person %, holders."""
        return [vars(c).copy() for c in self.coverage]


def _scope(G: nx.MultiDiGraph, roadmap: str | None, category: str | None, level: str | None) -> list[str]:
    if level is not None and level not in LEVELS:
        raise InputError(f"level {level!r} is not one of {', '.join(LEVELS)}")
    topics = []
    for node, data in G.nodes(data=True):
        if data.get("kind") != NodeKind.TOPIC:
            continue
        if roadmap and data.get("roadmap") != roadmap:
            continue
        if category and data.get("category") != category:
            continue
        if level and data.get("level") != level:
            continue
        topics.append(node)
    return topics


def team_matrix(
    G: nx.MultiDiGraph,
    team: Team,
    *,
    roadmap: str | None = None,
    category: str | None = None,
    level: str | None = None,
    names: Mapping[str, str] | None = None,
    all_topics: bool = False,
) -> TeamMatrix:
    """The team's skills matrix and per-roadmap coverage.

    Parameters:
        roadmap, category: node ids (``roadmap:docker``, ``category:docker/security-aspects``)
            to keep only their topics; ``level``: a level name.
        names: handle -> display name.
        all_topics: list every topic in scope, not only those some member has a state for
            (coverage always counts every topic in scope).

    Raises:
        InputError: no members, or a bad level or state; TopicNotFound: an unknown topic.

    Example:
        >>> m = team_matrix(G, {"ana": {"topic:docker/core-competencies/image-building": "done"}})
        >>> [(r["name"], r["ana"]) for r in m.rows()]
        [('Image Building', 'done')]
    """
    members = check_team(G, team)
    people = list(members)
    scope = _scope(G, roadmap, category, level)
    cells: dict[str, dict[str, str]] = {}
    for handle, progress in members.items():
        for topic, state in progress.items():
            cells.setdefault(topic, {})[handle] = state
    listed = scope if all_topics else [t for t in scope if t in cells]
    topics = [_topic_info(G, t) for t in listed]
    holders = known_by(members)
    by_roadmap: dict[str, list[str]] = {}
    for topic in scope:
        by_roadmap.setdefault(G.nodes[topic]["roadmap"], []).append(topic)
    coverage = []
    for rid, in_roadmap in by_roadmap.items():
        covered = sum(1 for t in in_roadmap if holders.get(t))
        per_person = [sum(1 for t in in_roadmap if members[h].get(t) == "done") for h in people]
        coverage.append(
            RoadmapCoverage(
                roadmap=rid,
                name=str(G.nodes[rid].get("name", rid)),
                topics=len(in_roadmap),
                covered=covered,
                coverage=round(100 * covered / len(in_roadmap), 1),
                mean_per_person=round(100 * sum(per_person) / (len(in_roadmap) * len(people)), 1),
                holders=sum(1 for n in per_person if n),
            )
        )
    return TeamMatrix(people, {h: (names or {}).get(h, h) for h in people}, topics, cells, coverage)


def _topic_info(G: nx.MultiDiGraph, topic: str) -> dict:
    data = G.nodes[topic]
    return {
        "topic": topic,
        "name": data.get("name"),
        "roadmap": data.get("roadmap"),
        "category": data.get("category"),
        "level": data.get("level"),
    }


@dataclass
class SingleHolder:
    """A topic exactly one member knows: who, how many topics need it (directly or through a
    chain, essential prerequisites), and whether the targets need it."""

    topic: str
    name: str
    roadmap: str
    holder: str
    dependents: int
    needed_by_targets: bool


@dataclass
class RoadmapHolder:
    """A roadmap only one member knows anything of (has done at least one of its topics)."""

    roadmap: str
    name: str
    holder: str
    topics_done: int


@dataclass
class Gap:
    """A topic nobody knows that the targets need, with its hours in the team's plan."""

    topic: str
    name: str
    roadmap: str
    hours: float


@dataclass
class TeamRisks(Result):
    """Bus factor: ``single`` topics (``rows()``) and ``roadmaps`` one member knows, most
    depended-on first; ``gaps``: what the ``targets`` need that nobody knows."""

    targets: list[str]
    single: list[SingleHolder] = field(default_factory=list)
    roadmaps: list[RoadmapHolder] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)

    def rows(self) -> list[dict]:
        """One row per topic exactly one member knows."""
        return [vars(s).copy() for s in self.single]


def team_risks(G: nx.MultiDiGraph, team: Team, targets: Iterable[str] = ()) -> TeamRisks:
    """Where the team's knowledge hangs on one person, and what its ``targets`` need that nobody knows.

    Single-holder topics are ranked: needed by the targets first, then by how many topics
    depend on them (essential prerequisites, directly or through a chain), then by name.

    Raises:
        InputError, TopicNotFound: see :func:`team_matrix`; a target that is not a topic.

    Example:
        >>> risks = team_risks(G, {"ana": {"topic:docker/core-competencies/image-building": "done"},
        ...                        "bo": {}})
        >>> [(s.name, s.holder) for s in risks.single]
        [('Image Building', 'ana')]
    """
    from kgraph.analysis.plans import learning_plan

    members = check_team(G, team)
    targets = list(targets)
    holders = known_by(members)
    needed: set[str] = set()
    gaps: list[Gap] = []
    if targets:
        everyone = [t for t, hs in holders.items() if hs]
        plan = learning_plan(G, targets, known=everyone)
        gaps = [Gap(s.topic, s.name, s.roadmap, s.effort_hours) for s in plan.steps]
        needed = _needed_by(G, targets)
    reach = prereq_view(G).reach_counts()
    single = [
        SingleHolder(
            topic=topic,
            name=str(G.nodes[topic].get("name")),
            roadmap=str(G.nodes[topic].get("roadmap")),
            holder=hs[0],
            dependents=reach.get(topic, 0),
            needed_by_targets=topic in needed,
        )
        for topic, hs in holders.items()
        if len(hs) == 1
    ]
    single.sort(key=lambda s: (not s.needed_by_targets, -s.dependents, s.name, s.topic))
    by_roadmap: dict[str, dict[str, int]] = {}
    for topic, hs in holders.items():
        for handle in hs:
            counts = by_roadmap.setdefault(G.nodes[topic]["roadmap"], {})
            counts[handle] = counts.get(handle, 0) + 1
    roadmaps = [
        RoadmapHolder(rid, str(G.nodes[rid].get("name", rid)), *next(iter(counts.items())))
        for rid, counts in by_roadmap.items()
        if len(counts) == 1
    ]
    roadmaps.sort(key=lambda r: (-r.topics_done, r.name))
    return TeamRisks(targets, single, roadmaps, gaps)


def _needed_by(G: nx.MultiDiGraph, targets: list[str]) -> set[str]:
    """The targets and every topic they need (essential prerequisites, any member of a group)."""
    D = prereq_view(G).digraph()
    needed = set(targets)
    for target in targets:
        if target in D:
            needed |= nx.descendants(D, target)
    return needed
