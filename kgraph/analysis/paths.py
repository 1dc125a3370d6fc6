"""Learning paths: the shortest prerequisite chain from a topic you know to a goal."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice

import networkx as nx

from kgraph._util import arguments
from kgraph._util.results import Result
from kgraph.analysis.knowledge import check_topics
from kgraph.analysis.prereqs import ESSENTIAL, prereq_view
from kgraph.errors import NoPath


@dataclass
class PathStep:
    """One topic on a path; ``via`` is how the next step relates to it."""

    step: int
    topic: str
    name: str
    kind: str
    roadmap: str | None
    level: str | None
    effort_hours: float | None
    via: str | None
    reason: str | None


@dataclass
class LearningPath(Result):
    """A chain of topics from ``source`` to ``target``.

    ``relation`` is ``requires`` (each step is a prerequisite of the next one) or ``any-edge``
    (a relatedness path over edges of any kind, not a learning order).
    """

    source: str
    target: str
    relation: str
    length: int
    steps: list[PathStep]

    @property
    def topics(self) -> list[str]:
        """Node ids from source to target."""
        return [step.topic for step in self.steps]

    def rows(self) -> list[dict]:
        """One flat row per step."""
        return [{"path_length": self.length, "relation": self.relation, **vars(step)} for step in self.steps]


@dataclass
class LearningPaths(Result, Sequence):
    """The chains :func:`learning_path` found, shortest first; indexable like a list
    (``paths[0]`` is the shortest)."""

    source: str
    target: str
    relation: str
    paths: list[LearningPath]

    def __getitem__(self, index):
        return self.paths[index]

    def __len__(self) -> int:
        return len(self.paths)

    def rows(self) -> list[dict]:
        """One row per step of every path, numbered by ``path`` (from 1)."""
        return [row | {"path": number} for number, path in enumerate(self.paths, start=1) for row in path.rows()]


def _step(G: nx.MultiDiGraph, index: int, node: str, via: str | None, reason: str | None) -> PathStep:
    data = G.nodes[node]
    return PathStep(
        step=index,
        topic=node,
        name=data.get("name", node),
        kind=data.get("kind", ""),
        roadmap=data.get("roadmap"),
        level=data.get("level"),
        effort_hours=data.get("effort_hours"),
        via=via,
        reason=reason,
    )


def learning_path(
    G: nx.MultiDiGraph,
    source: str,
    target: str,
    *,
    k: int = 1,
    any_edge: bool = False,
    with_recommended: bool = False,
) -> LearningPaths:
    """The shortest chains that lead from ``source`` (known) to ``target`` (the goal).

    Along REQUIRES, each step is a prerequisite of the next: ``target`` requires ... requires
    ``source`` (members of any-of groups count as prerequisites; essential prerequisites only,
    unless ``with_recommended``). With ``k > 1``, up to ``k``
    shortest simple chains, shortest first. With ``any_edge``, the shortest relatedness path
    over edges of any kind and direction instead (labelled ``any-edge``).

    Raises:
        TopicNotFound: ``source`` or ``target`` is not a topic.
        InputError: ``k`` is below 1.
        NoPath: no chain connects them.

    Example:
        >>> images = "topic:docker/core-competencies/image-building"
        >>> rolling = "topic:kubernetes/deployment-strategies/rolling-updates"
        >>> [step.name for step in learning_path(G, images, rolling)[0].steps]
        ['Image Building', 'Core Objects', 'Workload Resources', 'Rolling Updates']
    """
    source, target = arguments.text(source, "source"), arguments.text(target, "target")
    check_topics(G, [source, target])
    k = arguments.count(k, "k")
    if arguments.flag(any_edge, "any_edge"):
        return _any_edge_paths(G, source, target, k)
    view = prereq_view(G, recommended=arguments.flag(with_recommended, "with_recommended"))
    D = view.digraph()
    try:
        found = list(islice(nx.shortest_simple_paths(D, target, source), k))
    except nx.NetworkXNoPath:
        found = []
    if not found:
        raise NoPath(
            f"no prerequisite chain leads from {source} to {target} "
            "(a relatedness path over any edge kind may exist: --any-edge, or any_edge=True)"
        )
    paths = []
    for chain in found:
        chain = chain[::-1]
        steps = []
        for index, node in enumerate(chain):
            following = chain[index + 1] if index + 1 < len(chain) else None
            need = view.need(following, node) if following else None
            via = None
            if need is not None:
                via = "required by next" if need.strength == ESSENTIAL else "recommended for next"
                if need.needs:
                    via += f" (part: {need.needs})"
            steps.append(_step(G, index, node, via, need.reason if need else None))
        paths.append(LearningPath(source, target, "requires", len(chain) - 1, steps))
    return LearningPaths(source, target, "requires", paths)


def _any_edge_paths(G: nx.MultiDiGraph, source: str, target: str, k: int) -> LearningPaths:
    U = nx.Graph()
    U.add_nodes_from(G)
    for u, v, kind in G.edges(data="kind"):
        U.add_edge(u, v, kind=kind, forward=(u, v))
    try:
        found = list(islice(nx.shortest_simple_paths(U, source, target), k))
    except nx.NetworkXNoPath:
        found = []
    if not found:
        raise NoPath(f"no path of any edge kind connects {source} and {target}")
    paths = []
    for chain in found:
        steps = []
        for index, node in enumerate(chain):
            via = None
            if index + 1 < len(chain):
                data = U.edges[node, chain[index + 1]]
                arrow = "->" if data["forward"] == (node, chain[index + 1]) else "<-"
                via = f"{arrow} {data['kind']}"
            steps.append(_step(G, index, node, via, None))
        paths.append(LearningPath(source, target, "any-edge", len(chain) - 1, steps))
    return LearningPaths(source, target, "any-edge", paths)
