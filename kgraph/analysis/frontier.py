"""What to learn next: the frontier of topics whose prerequisites are all met."""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

import networkx as nx

from kgraph._util import arguments
from kgraph._util.results import Result, record_rows
from kgraph.analysis.knowledge import group_met, known_parts, satisfied_topics, skipped_topics
from kgraph.analysis.prereqs import PrereqView, prereq_view


@dataclass
class NextTopic:
    """A topic ready to learn: what it ``unlocks`` (not-yet-learned topics that depend on it,
    directly or through a chain) and its ``direct_dependents``."""

    topic: str
    name: str | None
    roadmap: str | None
    level: str | None
    effort_hours: float
    unlocks: int
    direct_dependents: int
    status: str | None
    rank: int = 0


@dataclass
class Frontier(Result):
    """Ranked next topics (``items``) and how many topics were candidates."""

    items: list[NextTopic]
    candidates: int

    def rows(self) -> list[dict]:
        """One row per ranked topic."""
        return record_rows(self.items)


def next_topics(
    G: nx.MultiDiGraph,
    *,
    known: Iterable[str] = (),
    progress: Mapping[str, str] | None = None,
    top: int | None = 10,
    with_recommended: bool = False,
) -> Frontier:
    """Topics a learner can start now, ranked by how much they unlock; those being learned
    (``learning`` in ``progress``) first.

    A topic is on the frontier when it is not yet learned and all its prerequisites are met
    (every plain prerequisite, and one member of each any-of group, is known, implied by a
    known topic, or skipped). ``unlocks`` counts the not-yet-learned topics that depend on it,
    directly or through a chain of not-yet-learned topics; ties go to less effort, then to the id.

    Candidates are taken best bound first (how many topics depend on them at all, cached per
    graph), so only a few are counted exactly: the rest are passed over once their bound
    cannot beat the ``top``-th.

    Raises:
        TopicNotFound: a known topic or progress entry is not a topic.
        InputError: ``top`` is below 1, or a progress state is invalid.
    """
    top = arguments.count(top, "top", optional=True)
    essential = prereq_view(arguments.graph(G))
    view = prereq_view(G, recommended=True) if arguments.flag(with_recommended, "with_recommended") else essential
    satisfied, progress = satisfied_topics(G, known, progress, essential)
    skipped = skipped_topics(progress)
    parts = known_parts(essential, satisfied)
    opened = _opened(view, satisfied, skipped, parts)
    candidates = len(view.roots()) - sum(t not in view.needs for t in satisfied) + len(opened)
    recount = _recount(view, satisfied)
    learning = sorted(
        (-_unlocks(view.dependents, t, satisfied), view.effort(t), t)
        for t, state in progress.items()
        if state == "learning" and t not in satisfied and _ready(view, t, satisfied, skipped, parts)
    )[:top]
    room = None if top is None else top - len(learning)
    best: list[tuple] = []  # ranking keys (-unlocks, effort, id), sorted
    for bound, topic in _by_bound(view, satisfied, opened):
        if room is not None and len(best) >= room and (not best or bound > best[-1]):
            break  # no later topic can do better than the last one kept
        if progress.get(topic) == "learning":
            continue
        unlocks = _unlocks(view.dependents, topic, satisfied) if topic in recount else -bound[0]
        bisect.insort(best, (-unlocks, bound[1], topic))
        if room is not None:
            del best[room:]
    items = [_row(view, progress, satisfied, topic, -minus) for minus, _, topic in [*learning, *best]]
    for rank, item in enumerate(items, start=1):
        item.rank = rank
    return Frontier(items, candidates)


def _ready(view: PrereqView, topic: str, satisfied: set[str], skipped: set[str], parts: set[str]) -> bool:
    req = view.needs.get(topic)
    if req is None:
        return True
    return all(p in satisfied or (p in parts and req.edges[p].partial) for p in req.all_of) and all(
        group_met(group, satisfied, skipped) is not None for group in req.any_of
    )


def _opened(view: PrereqView, satisfied: set[str], skipped: set[str], parts: set[str]) -> list[str]:
    """Frontier topics with prerequisites: each has a met one (satisfied, or a known part), so
    is a dependent of one."""
    near = {d for t in satisfied | parts for d in view.dependents.get(t, ()) if d not in satisfied}
    return [t for t in near if _ready(view, t, satisfied, skipped, parts)]


def _recount(view: PrereqView, satisfied: set[str]) -> set[str]:
    """Unlearned topics whose dependents include a satisfied one: their cached count is too high.

    Such a topic is an ancestor, through unlearned topics, of a satisfied topic with an unmet
    prerequisite (a skipped topic, or one met through an any-of group); usually there are few.
    """
    return _walk(view.digraph().successors, satisfied, satisfied)


def _by_bound(view: PrereqView, satisfied: set[str], opened: list[str]) -> Iterator[tuple[tuple, str]]:
    """Frontier topics with the best key each could reach ``(-dependents, effort, id)``, best first."""
    reach = view.reach_counts()

    def bound(topic: str) -> tuple:
        return (-reach[topic], view.effort(topic), topic)

    roots = ((bound(t), t) for t in view.roots() if t not in satisfied)
    return heapq.merge(roots, sorted((bound(t), t) for t in opened))


def _row(view: PrereqView, progress: Mapping[str, str], satisfied: set[str], topic: str, unlocks: int) -> NextTopic:
    data = view.topics[topic]
    return NextTopic(
        topic=topic,
        name=data.get("name"),
        roadmap=data.get("roadmap"),
        level=data.get("level"),
        effort_hours=view.effort(topic),
        unlocks=unlocks,
        direct_dependents=sum(d not in satisfied for d in view.dependents.get(topic, ())),
        status=progress.get(topic),
    )


def _unlocks(dependents: Mapping[str, tuple[str, ...]], topic: str, satisfied: set[str]) -> int:
    return len(_walk(lambda t: dependents.get(t, ()), [topic], satisfied))


def _walk(step: Callable[[str], Iterable[str]], starts: Iterable[str], satisfied: set[str]) -> set[str]:
    """Unlearned topics reached from ``starts`` by ``step``, through unlearned topics only."""
    seen: set[str] = set()
    stack = list(starts)
    while stack:
        for topic in step(stack.pop()):
            if topic not in seen and topic not in satisfied:
                seen.add(topic)
                stack.append(topic)
    return seen
