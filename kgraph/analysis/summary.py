"""Summaries of a graph: counts for ``kgraph info`` and one topic's neighbourhood for ``kgraph show``."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from kgraph._util import arguments
from kgraph._util.results import Result, plain, record_rows
from kgraph.analysis.knowledge import check_topics
from kgraph.model.kinds import EdgeKind, NodeKind
from kgraph.model.precomputed import precomputed


@dataclass
class KnowledgeCounts:
    """The knowledge layer's size: prerequisites by strength and kind, groups, concepts."""

    prerequisite_edges: int
    essential: int
    recommended: int
    partial: int
    cross_roadmap_prerequisites: int
    any_of_groups: int
    any_of_groups_with_default: int
    concepts: int
    concepts_shared_by_2plus_roadmaps: int


@dataclass
class RoadmapCounts:
    """One roadmap's size; ``effort_hours`` adds every topic and subtopic once (a parent for its
    own overview only)."""

    id: str
    name: str | None
    categories: int
    topics: int
    subtopics: int
    prerequisites: int
    effort_hours: float


@dataclass
class GraphInfo(Result):
    """Counts by node and edge kind (``nodes``, ``edges``: kind -> count), the knowledge layer,
    and one record per roadmap (``rows()``)."""

    nodes: dict[str, int]
    edges: dict[str, int]
    total_nodes: int
    total_edges: int
    knowledge: KnowledgeCounts
    roadmaps: list[RoadmapCounts] = field(default_factory=list)

    def rows(self) -> list[dict]:
        """One row per roadmap."""
        return record_rows(self.roadmaps)


def _count_by(items) -> dict[str, int]:
    counts = Counter(items)
    return {key: counts[key] for key in sorted(counts)}


def info_from_dict(data: dict) -> GraphInfo:
    """A :class:`GraphInfo` from ``dataclasses.asdict`` of one (as a stored graph keeps it)."""
    roadmaps = [RoadmapCounts(**row) for row in data["roadmaps"]]
    knowledge = KnowledgeCounts(**data["knowledge"])
    return GraphInfo(**{**data, "knowledge": knowledge, "roadmaps": roadmaps})


def graph_info(G: nx.MultiDiGraph) -> GraphInfo:
    """Counts by node and edge kind, knowledge-layer counts, and per-roadmap counts.

    Example:
        >>> info = graph_info(G)
        >>> info.nodes["roadmap"], info.total_nodes == G.number_of_nodes()
        (7, True)
        >>> int(info.to_frame().set_index("id").loc["roadmap:docker", "topics"])
        53
    """
    stored = precomputed(arguments.graph(G), "info")
    if stored is not None:
        return info_from_dict(stored)
    nodes = _count_by(kind for _, kind in G.nodes(data="kind"))
    roadmap_of = dict(G.nodes(data="roadmap"))
    kinds, requires, concept_roadmaps = [], [], {}
    for u, v, d in G.edges(data=True):  # one pass: the edge view is the costly part on big graphs
        kind = d.get("kind")
        kinds.append(kind)
        if kind == EdgeKind.REQUIRES:
            requires.append((u, v, d))
        elif kind == EdgeKind.MENTIONS and roadmap_of.get(u):
            concept_roadmaps.setdefault(v, set()).add(roadmap_of[u])
    edges = _count_by(kinds)
    groups = {d["group"] for _, _, d in requires if d.get("group")}
    knowledge = KnowledgeCounts(
        prerequisite_edges=len(requires),
        essential=sum((d.get("strength") or "essential") == "essential" for _, _, d in requires),
        recommended=sum(d.get("strength") == "recommended" for _, _, d in requires),
        partial=sum(d.get("hours") is not None for _, _, d in requires),
        cross_roadmap_prerequisites=sum(roadmap_of.get(u) != roadmap_of.get(v) for u, v, _ in requires),
        any_of_groups=len(groups),
        any_of_groups_with_default=len({d["group"] for _, _, d in requires if d.get("group") and d.get("default")}),
        concepts=nodes.get(NodeKind.CONCEPT, 0),
        concepts_shared_by_2plus_roadmaps=sum(len(r) >= 2 for r in concept_roadmaps.values()),
    )
    roadmaps = []
    topics_of: dict[str, list[dict]] = {}
    for _, data in G.nodes(data=True):
        if data.get("kind") == NodeKind.TOPIC and data.get("roadmap") is not None:
            topics_of.setdefault(data["roadmap"], []).append(data)
    prerequisites_of = Counter(roadmap_of.get(u) for u, _, _ in requires)
    for node, data in G.nodes(data=True):
        if data.get("kind") != NodeKind.ROADMAP:
            continue
        topics = topics_of.get(node, [])
        subtopics = sum("parent" in t for t in topics)
        roadmaps.append(
            RoadmapCounts(
                id=node,
                name=data.get("name"),
                categories=sum(1 for _ in G.successors(node)),
                topics=len(topics) - subtopics,
                subtopics=subtopics,
                prerequisites=prerequisites_of[node],
                effort_hours=sum(float(t.get("effort_hours") or 0) for t in topics),
            )
        )
    return GraphInfo(nodes, edges, G.number_of_nodes(), len(kinds), knowledge, roadmaps)


@dataclass
class NodeRef:
    """A node named in a result: its id, name and kind."""

    id: str
    name: str | None
    kind: str | None


@dataclass
class Neighbour:
    """An edge at a topic: ``direction`` (out, in), its kind, the node at the other end, and for
    REQUIRES edges how the topic needs the prerequisite."""

    direction: str
    edge: str
    id: str
    name: str | None
    kind: str | None
    reason: str | None = None
    group: str | None = None
    strength: str | None = None
    needs: str | None = None
    hours: float | None = None
    default: str | None = None


@dataclass
class TopicDetails(Result):
    """One topic: its node ``attributes``, the names of its roadmap, category and parent, its
    subtopics, and every other edge (``neighbours``, the ``rows()``)."""

    id: str
    attributes: dict
    roadmap_name: str | None
    category_name: str | None
    parent_name: str | None
    subtopics: list[NodeRef]
    neighbours: list[Neighbour]

    def __getattr__(self, name: str):
        """A node attribute (``name``, ``level``, ``effort_hours``, ``vendor``, ...); ``None`` when absent."""
        if name.startswith("_") or name == "attributes":
            raise AttributeError(name)
        return self.attributes.get(name)

    def rows(self) -> list[dict]:
        """One row per neighbour."""
        return record_rows(self.neighbours)

    def to_dict(self) -> dict:
        """The topic as plain data: ``id``, its attributes, the three names, subtopics, neighbours."""
        return {
            "id": self.id,
            **plain(self.attributes),
            "roadmap_name": self.roadmap_name,
            "category_name": self.category_name,
            "parent_name": self.parent_name,
            "subtopics": record_rows(self.subtopics),
            "neighbours": self.rows(),
        }


def _brief(G: nx.MultiDiGraph, node: str) -> NodeRef:
    data = G.nodes[node]
    return NodeRef(node, data.get("name"), data.get("kind"))


def _neighbour(G: nx.MultiDiGraph, direction: str, other: str, d: dict) -> Neighbour:
    requires = d.get("kind") == EdgeKind.REQUIRES
    ref = _brief(G, other)
    return Neighbour(
        direction=direction,
        edge=d["kind"],
        id=ref.id,
        name=ref.name,
        kind=ref.kind,
        reason=d.get("reason"),
        group=d.get("group"),
        strength=(d.get("strength") or "essential") if requires else None,
        needs=d.get("needs"),
        hours=d.get("hours"),
        default=d.get("default"),
    )


def topic_details(G: nx.MultiDiGraph, topic: str) -> TopicDetails:
    """A topic's attributes with its roadmap, category, parent, subtopics and neighbours.

    ``topic`` must be a node id (see :func:`kgraph.model.lookup.resolve_topic`).

    Raises:
        TopicNotFound: ``topic`` is not a topic of ``G``.

    Example:
        >>> details = topic_details(G, "topic:kubernetes/security-aspects/rbac")
        >>> details.name, details.roadmap_name
        ('RBAC', 'Kubernetes')
        >>> "REQUIRES" in set(details.to_frame().edge)
        True
    """
    check_topics(G, [topic])
    data = dict(G.nodes[topic])
    structural = {EdgeKind.PART_OF, EdgeKind.HAS_TOPIC}
    subtopics = [_brief(G, u) for u, _, k in G.in_edges(topic, data="kind") if k == EdgeKind.PART_OF]
    out = [_neighbour(G, "out", v, d) for _, v, d in G.out_edges(topic, data=True) if d["kind"] not in structural]
    into = [_neighbour(G, "in", u, d) for u, _, d in G.in_edges(topic, data=True) if d["kind"] not in structural]
    neighbours = out + into

    def name_of(node):
        return G.nodes[node].get("name") if node in G else None

    return TopicDetails(
        id=topic,
        attributes=data,
        roadmap_name=name_of(data.get("roadmap")),
        category_name=name_of(data.get("category")),
        parent_name=name_of(data.get("parent")),
        subtopics=subtopics,
        neighbours=neighbours,
    )
