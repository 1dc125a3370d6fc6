"""Prerequisite orderings of whole roadmaps, in stages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from kgraph._util import arguments
from kgraph._util.results import Result, record_rows
from kgraph.analysis.prereqs import prereq_view
from kgraph.model.kinds import level_rank
from kgraph.model.lookup import resolve_roadmaps, topics_by


@dataclass
class OrderedTopic:
    """A topic in a prerequisite ordering: its ``stage`` and how many of its prerequisites
    the ordering holds."""

    stage: int
    topic: str
    name: str | None
    roadmap: str | None
    level: str | None
    effort_hours: float | None
    prerequisites: int


@dataclass
class Ordering(Result):
    """Topics in ``stages``: each stage's topics need only topics of earlier stages (or none)."""

    roadmaps: list[str]
    stages: list[list[OrderedTopic]]
    outside_prerequisites: int

    def rows(self) -> list[dict]:
        """One row per topic, in order."""
        return record_rows(topic for stage in self.stages for topic in stage)


def prerequisite_order(
    G: nx.MultiDiGraph, *, roadmaps: Iterable[str] | None = None, with_recommended: bool = False
) -> Ordering:
    """Order the topics of ``roadmaps`` (all by default) so prerequisites come first.

    Stages are topological generations of the REQUIRES graph (essential edges, or all with
    ``with_recommended``) restricted to the chosen roadmaps; ``outside_prerequisites``
    counts requirements on topics of other roadmaps (not part of the ordering: learn those
    from their own roadmap).

    Parameters:
        roadmaps: roadmap ids or names (``kubernetes``, ``roadmap:kubernetes``, ``System Design``).

    Raises:
        RoadmapNotFound: an unknown roadmap (with the known ones as suggestions).
        CycleError: the prerequisites form a cycle (its topics named in order).
    """
    view = prereq_view(arguments.graph(G), recommended=arguments.flag(with_recommended, "with_recommended"))
    chosen = resolve_roadmaps(G, roadmaps) if roadmaps is not None else None
    if chosen is None:
        topics = list(view.topics)
    else:  # the order within a generation is sorted below: any order of topics will do
        by_roadmap = topics_by(G, "roadmap")
        topics = [t for roadmap in sorted(chosen) for t in by_roadmap.get(roadmap, ())]
    selected = set(topics)
    D = nx.DiGraph()
    D.add_nodes_from(topics)
    outside = 0
    for topic in topics:
        req = view.needs.get(topic)
        if req is None:
            continue
        for prerequisite in req.prerequisites():
            if prerequisite in selected:
                D.add_edge(prerequisite, topic)
            else:
                outside += 1
    stages = []
    for index, generation in enumerate(nx.topological_generations(D)):
        rank = sorted(generation, key=lambda t: (level_rank(view.topics[t].get("level")), t))
        stages.append(
            [
                OrderedTopic(
                    stage=index + 1,
                    topic=t,
                    name=view.topics[t].get("name"),
                    roadmap=view.topics[t].get("roadmap"),
                    level=view.topics[t].get("level"),
                    effort_hours=view.topics[t].get("effort_hours"),
                    prerequisites=D.in_degree(t),
                )
                for t in rank
            ]
        )
    listed = chosen if chosen is not None else {d.get("roadmap") for d in view.topics.values()}
    return Ordering(sorted(r for r in listed if r), stages, outside)
