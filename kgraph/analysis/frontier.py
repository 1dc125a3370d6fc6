"""What to learn next: the frontier of topics whose prerequisites are all met."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

from kgraph.analysis.knowledge import group_met, satisfied_topics, skipped_topics
from kgraph.analysis.prereqs import prereq_view
from kgraph.analysis.results import Rows
from kgraph.errors import InputError


@dataclass
class Frontier(Rows):
    """Ranked next topics (``items``) and how many topics were candidates."""

    items: list[dict]
    candidates: int

    def rows(self) -> list[dict]:
        """One row per ranked topic."""
        return self.items


def next_topics(
    G: nx.MultiDiGraph,
    *,
    known: Iterable[str] = (),
    progress: Mapping[str, str] | None = None,
    top: int | None = 10,
) -> Frontier:
    """Topics a learner can start now, ranked by how much they unlock.

    A topic is on the frontier when it is not yet learned and all its prerequisites are met
    (every plain prerequisite, and one member of each any-of group, is known, implied by a
    known topic, or skipped). ``unlocks`` counts the not-yet-learned topics that depend on it,
    directly or through a chain; ties go to less effort, then to the id.

    Raises:
        TopicNotFound: a known topic or progress entry is not a topic.
        InputError: ``top`` is below 1, or a progress state is invalid.
    """
    if top is not None and top < 1:
        raise InputError(f"top must be at least 1 (got {top})")
    view = prereq_view(G)
    satisfied, progress = satisfied_topics(G, known, progress, view)
    skipped = skipped_topics(progress)

    def ready(topic: str) -> bool:
        req = view.needs.get(topic)
        if req is None:
            return True
        return all(p in satisfied for p in req.all_of) and all(
            group_met(group, satisfied, skipped) is not None for group in req.any_of
        )

    frontier = [t for t in view.topics if t not in satisfied and ready(t)]
    items = []
    for topic in frontier:
        data = view.topics[topic]
        items.append(
            {
                "topic": topic,
                "name": data.get("name"),
                "roadmap": data.get("roadmap"),
                "level": data.get("level"),
                "effort_hours": view.effort(topic),
                "unlocks": _unlocks(view.dependents, topic, satisfied),
                "direct_dependents": sum(d not in satisfied for d in view.dependents.get(topic, ())),
                "status": progress.get(topic),
            }
        )
    items.sort(key=lambda r: (-r["unlocks"], r["effort_hours"], r["topic"]))
    for rank, item in enumerate(items, start=1):
        item["rank"] = rank
    return Frontier(items[:top] if top else items, len(items))


def _unlocks(dependents: Mapping[str, tuple[str, ...]], topic: str, satisfied: set[str]) -> int:
    seen: set[str] = set()
    stack = [topic]
    while stack:
        for dependent in dependents.get(stack.pop(), ()):
            if dependent not in seen and dependent not in satisfied:
                seen.add(dependent)
                stack.append(dependent)
    return len(seen)
