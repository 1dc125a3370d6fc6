"""Where a learner stands: each topic of a progress file, and done / learning / skipped per roadmap."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx

from kgraph._util.results import Result, record_rows
from kgraph.analysis.knowledge import check_progress
from kgraph.model.lookup import topics_by


@dataclass
class TopicProgress:
    """One topic of a progress file, with its name and roadmap."""

    topic: str
    name: str | None
    roadmap: str | None
    state: str
    changed: str | None = None
    """When the state last changed (UTC, ISO 8601), when the file says."""


@dataclass
class RoadmapProgress:
    """A roadmap's topics by state, and the share done."""

    roadmap: str
    topics: int = 0
    done: int = 0
    learning: int = 0
    skipped: int = 0
    percent_done: float = 0.0


@dataclass
class ProgressSummary(Result):
    """The topics of a progress file (``rows()``) and the progress per roadmap."""

    file: str | None
    topics: list[TopicProgress] = field(default_factory=list)
    by_roadmap: list[RoadmapProgress] = field(default_factory=list)

    def rows(self) -> list[dict]:
        """One row per topic in the file, by topic id."""
        return record_rows(self.topics)


def progress_summary(G: nx.MultiDiGraph, progress: Mapping[str, str], *, file: str | None = None) -> ProgressSummary:
    """Each topic of ``progress`` (``topic id -> done | learning | skipped``) with its name and
    roadmap, and per roadmap how many topics are done, being learned or skipped.

    Parameters:
        file: where the progress came from (shown in the result); a
            :class:`~kgraph.store.progress.Progress` gives its own.

    Raises:
        TopicNotFound: a topic of ``progress`` is not in ``G``.
        InputError: a state is not valid.

    Example:
        >>> summary = progress_summary(G, {"topic:docker/core-competencies/image-building": "done"})
        >>> [(r.roadmap, r.done, r.topics) for r in summary.by_roadmap if r.done]
        [('roadmap:docker', 1, 53)]
    """
    file = file if file is not None else getattr(progress, "path", None)
    states = check_progress(G, progress)
    changed = getattr(progress, "changed", {})
    topics = [
        TopicProgress(topic, G.nodes[topic].get("name"), G.nodes[topic].get("roadmap"), state, changed.get(topic))
        for topic, state in sorted(states.items())
    ]
    by_roadmap: dict[str, RoadmapProgress] = {}
    for roadmap, members in topics_by(G, "roadmap").items():
        by_roadmap[roadmap] = RoadmapProgress(roadmap, topics=len(members))
    for topic, state in states.items():
        row = by_roadmap[G.nodes[topic]["roadmap"]]
        setattr(row, state, getattr(row, state) + 1)
    for row in by_roadmap.values():
        row.percent_done = round(100 * row.done / row.topics, 1)
    return ProgressSummary(file, topics, list(by_roadmap.values()))
