"""Build the knowledge graph (a ``networkx.MultiDiGraph``) from a :class:`PluginSet`."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from functools import cached_property

import networkx as nx

from kgraph._util import progress
from kgraph._util.gcpause import gc_paused
from kgraph.errors import CycleError, PluginError, Problem
from kgraph.model import ids
from kgraph.model.kinds import EdgeKind, NodeKind
from kgraph.model.spec import NEUTRAL, PluginSet, RequirementSpec, RoadmapSpec, TopicSpec


def _problem(loc: Problem | None, message: str) -> Problem:
    return loc.with_message(message) if loc is not None else Problem("plugins", message)


def _add_node(G: nx.MultiDiGraph, node_id: str, kind: NodeKind, name: str, **attrs) -> None:
    G.add_node(node_id, kind=str(kind), name=name, **{k: v for k, v in attrs.items() if v is not None})


def _add_edge(G: nx.MultiDiGraph, u: str, v: str, kind: EdgeKind, **attrs) -> None:
    G.add_edge(u, v, key=str(kind), kind=str(kind), **{k: v for k, v in attrs.items() if v is not None})


def topic_ref_to_id(ref: str) -> str:
    """Normalise a prerequisite reference (``docker/core-competencies/image-building``,
    with or without the ``topic:`` prefix) to a node id."""
    ref = ref.strip()
    return ref if ref.startswith(f"{NodeKind.TOPIC}:") else ids.topic_id(ref.strip("/"))


@gc_paused()
def build_graph(
    plugins: PluginSet, *, locations: dict[tuple[str, str], Problem | None] | None = None
) -> nx.MultiDiGraph:
    """Build the knowledge graph from validated plugin data.

    Nodes and edges are added in a deterministic order: the same plugins give the
    same ids and the same node order.

    Parameters:
        locations: a dict to fill with where each REQUIRES edge ``(topic, prerequisite)`` was
            declared (for messages about the built graph, as ``kgraph validate`` gives).

    Raises:
        PluginError: duplicate ids, dangling prerequisites or roadmaps, self-requirements
            (every problem is listed with its file and place).
        CycleError: the prerequisites form a cycle (the topics are named in order).

    Example:
        >>> from kgraph.model.spec import PluginSet
        >>> build_graph(PluginSet()).number_of_nodes()
        0
    """
    G = nx.MultiDiGraph()
    problems: list[Problem] = []

    for level in sorted(plugins.levels, key=lambda lv: lv.rank):
        _add_node(
            G,
            ids.level_id(level.id),
            NodeKind.LEVEL,
            level.name,
            description=level.description,
            rank=level.rank,
        )

    topic_specs: dict[str, TopicSpec] = {}
    with progress.task("Building the graph: roadmaps", total=len(plugins.roadmaps), unit="roadmaps") as tick:
        for roadmap in plugins.roadmaps:
            _add_roadmap(G, roadmap, topic_specs, problems)
            tick()

    with progress.task("Building the graph: prerequisites"):
        requirement_locs = _add_requirements(G, topic_specs, problems)
    if not problems:
        from kgraph.model.same_as import add_same_as

        add_same_as(G, topic_specs, requirement_locs, problems)
    if locations is not None:
        locations.update(requirement_locs)
    _add_integrations(G, plugins, problems)
    if plugins.concepts:
        from kgraph.model.mentions import add_concepts

        with progress.task("Building the graph: concepts"):
            add_concepts(G, plugins.concepts, problems)

    if problems:
        raise PluginError(problems)
    _check_acyclic(G, requirement_locs)
    return G


def _add_roadmap(
    G: nx.MultiDiGraph, roadmap: RoadmapSpec, topic_specs: dict[str, TopicSpec], problems: list[Problem]
) -> None:
    rid = ids.roadmap_id(roadmap.id)
    facets = {name: list(values) for name, values in roadmap.facets.items()}
    _add_node(
        G,
        rid,
        NodeKind.ROADMAP,
        roadmap.name,
        description=roadmap.description or None,
        source=roadmap.source or None,
        **facets,
    )
    for category in roadmap.categories:
        cid = ids.category_id(roadmap.id, category.slug)
        if cid in G:
            problems.append(_problem(category.loc, f"duplicate category id {cid!r}"))
            continue
        _add_node(G, cid, NodeKind.CATEGORY, category.name, roadmap=rid)
        _add_edge(G, rid, cid, EdgeKind.HAS_CATEGORY)

    for category in roadmap.categories:
        _add_topics(G, roadmap, category, category.topics, None, topic_specs, problems)


def _add_topics(G, roadmap, category, topics, parent: str | None, topic_specs, problems) -> None:
    """Add ``topics`` (and, recursively, their subtopics) under ``parent`` or the category."""
    cid = ids.category_id(roadmap.id, category.slug)
    parent_attrs = G.nodes[parent] if parent else {}
    for topic in topics:
        base = ids.local_part(parent) if parent else f"{roadmap.id}/{category.slug}"
        tid = ids.topic_id(f"{base}/{topic.slug}")
        if tid in G:
            problems.append(_problem(topic.loc, f"duplicate topic id {tid!r} (give one an explicit 'id')"))
            continue
        level = topic.level or parent_attrs.get("level")
        effort = topic.effort_hours if topic.effort_hours is not None else parent_attrs.get("effort_hours")
        vendor = topic.vendor or parent_attrs.get("vendor") or roadmap.vendor or NEUTRAL
        topic_specs[tid] = topic
        _add_node(
            G,
            tid,
            NodeKind.TOPIC,
            topic.name,
            roadmap=ids.roadmap_id(roadmap.id),
            category=cid,
            description=topic.description,
            parent=parent,
            level=level,
            effort_hours=effort,
            vendor=vendor,
        )
        if topic.resources:
            G.nodes[tid]["resources"] = [dict(r) for r in topic.resources]
        if topic.flags:
            G.nodes[tid]["flags"] = list(topic.flags)
        if topic.origin:
            G.nodes[tid]["origin"] = dict(topic.origin)
        if parent:
            _add_edge(G, tid, parent, EdgeKind.PART_OF)
        else:
            _add_edge(G, cid, tid, EdgeKind.HAS_TOPIC)
        if level is not None and ids.level_id(level) in G:
            _add_edge(G, tid, ids.level_id(level), EdgeKind.AT_LEVEL)
        if topic.subtopics:
            _add_topics(G, roadmap, category, topic.subtopics, tid, topic_specs, problems)


def _add_requirements(
    G: nx.MultiDiGraph, topic_specs: dict[str, TopicSpec], problems: list[Problem]
) -> dict[tuple[str, str], Problem | None]:
    """Add REQUIRES edges; returns where each edge was declared (for cycle messages)."""
    suggest = _Suggester(topic_specs)
    locs: dict[tuple[str, str], Problem | None] = {}
    for tid, topic in topic_specs.items():
        seen: set[str] = set()
        for index, requirement in enumerate(topic.requires):
            targets = [topic_ref_to_id(ref) for ref in requirement.any_of]
            bad = False
            for target in targets:
                if target not in topic_specs:
                    close = suggest(target)
                    hint = f"; closest: {', '.join(ids.local_part(c) for c in close)}" if close else ""
                    problems.append(_problem(requirement.loc, f"unknown prerequisite {ids.local_part(target)!r}{hint}"))
                    bad = True
                elif target == tid:
                    problems.append(_problem(requirement.loc, f"topic {ids.local_part(tid)!r} requires itself"))
                    bad = True
                elif target in seen:
                    problems.append(
                        _problem(requirement.loc, f"prerequisite {ids.local_part(target)!r} is listed twice")
                    )
                    bad = True
                seen.add(target)
            if bad or not _check_requirement(G, requirement, targets, problems):
                continue
            group = f"{ids.local_part(tid)}#{index}" if requirement.is_group else None
            default = topic_ref_to_id(requirement.default) if requirement.default else None
            for member, target in enumerate(targets):
                needs, hours = requirement.part(member)
                _add_edge(
                    G,
                    tid,
                    target,
                    EdgeKind.REQUIRES,
                    reason=requirement.reason,
                    group=group,
                    strength=requirement.strength,
                    needs=needs,
                    hours=hours,
                    default=default,
                )
                locs[(tid, target)] = requirement.loc
    return locs


def _check_requirement(
    G: nx.MultiDiGraph, requirement: RequirementSpec, targets: list[str], problems: list[Problem]
) -> bool:
    """Whether a group's ``default`` is one of its members and a part's ``hours`` fit in the
    prerequisite's effort (for a group: the largest member's); adds a problem when not."""
    ok = True
    if requirement.default is not None:
        default = topic_ref_to_id(requirement.default)
        if default not in targets:
            members = ", ".join(ids.local_part(t) for t in targets)
            where = requirement.places.get("default", requirement.loc)
            problems.append(
                _problem(where, f"default {ids.local_part(default)!r} is not a member of the group ({members})")
            )
            ok = False
    for member, target in enumerate(targets):
        own = requirement.member_parts[member] if member < len(requirement.member_parts) else None
        effort = G.nodes[target].get("effort_hours")
        if own is not None and effort is not None and own[1] > effort:
            where = requirement.places.get(f"hours@{member}", requirement.loc)
            message = f"hours {own[1]:g} is more than the effort of {ids.local_part(target)!r} ({effort:g} h)"
            problems.append(_problem(where, message))
            ok = False
    if requirement.hours is not None:
        efforts = [G.nodes[t].get("effort_hours") for t in targets]
        known = [e for e in efforts if e is not None]
        if known and requirement.hours > max(known):
            what = repr(ids.local_part(targets[0])) if len(targets) == 1 else "any member of the group"
            where = requirement.places.get("hours", requirement.loc)
            problems.append(
                _problem(where, f"hours {requirement.hours:g} is more than the effort of {what} ({max(known):g} h)")
            )
            ok = False
    return ok


class _Suggester:
    """Closest existing topic ids for a dangling reference: compared within the same roadmap,
    and only for the first few problems (a file full of bad references must fail fast)."""

    LIMIT = 20

    def __init__(self, topics):
        self.topics = topics
        self.asked = 0

    @cached_property
    def by_roadmap(self) -> dict[str, list[str]]:
        """Topic ids by roadmap, indexed on the first question."""
        by_roadmap: dict[str, list[str]] = {}
        for tid in self.topics:
            by_roadmap.setdefault(ids.local_part(tid).split("/", 1)[0], []).append(tid)
        return by_roadmap

    def __call__(self, target: str) -> list[str]:
        self.asked += 1
        if self.asked > self.LIMIT:
            return []
        candidates = self.by_roadmap.get(ids.local_part(target).split("/", 1)[0])
        if candidates is None:
            candidates = [tid for tids in self.by_roadmap.values() for tid in tids]
        return difflib.get_close_matches(target, candidates[:20000], n=3, cutoff=0.6)


def _add_integrations(G: nx.MultiDiGraph, plugins: PluginSet, problems: list[Problem]) -> None:
    loaded = [roadmap.id for roadmap in plugins.roadmaps]
    for integration in plugins.integrations:
        joined: list[str] = []
        for name in integration.roadmaps:
            if name == "*":
                joined.extend(r for r in loaded if r not in joined)
            elif name not in loaded:
                problems.append(_problem(integration.loc, f"unknown roadmap {name!r} (loaded: {', '.join(loaded)})"))
            elif name not in joined:
                joined.append(name)
        for index, point in enumerate(integration.points):
            iid = ids.integration_id(integration.id, index)
            _add_node(
                G,
                iid,
                NodeKind.INTEGRATION,
                point,
                group=integration.title,
                roadmaps=[ids.roadmap_id(r) for r in joined],
            )
            for name in joined:
                _add_edge(G, iid, ids.roadmap_id(name), EdgeKind.INTEGRATES)


def requires_subgraph(G: nx.MultiDiGraph) -> nx.DiGraph:
    """The topic -> prerequisite graph (REQUIRES edges only) as a ``DiGraph``."""
    R = nx.DiGraph()
    R.add_nodes_from(n for n, kind in G.nodes(data="kind") if kind == NodeKind.TOPIC)
    R.add_edges_from(
        (u, v, {"reason": d.get("reason"), "group": d.get("group")})
        for u, v, d in G.edges(data=True)
        if d.get("kind") == EdgeKind.REQUIRES
    )
    return R


def _has_cycle(edges: Iterable[tuple[str, str]]) -> bool:
    """Whether the directed ``edges`` form a cycle (Kahn's algorithm: linear, no graph built)."""
    successors: dict[str, list[str]] = {}
    indegree: dict[str, int] = {}
    for u, v in edges:
        successors.setdefault(u, []).append(v)
        indegree[v] = indegree.get(v, 0) + 1
    ready = [u for u in successors if u not in indegree]
    while ready:
        for v in successors.get(ready.pop(), ()):
            indegree[v] -= 1
            if not indegree[v]:
                ready.append(v)
    return any(indegree.values())


def _check_acyclic(G: nx.MultiDiGraph, locs: dict[tuple[str, str], Problem | None]) -> None:
    """Raise :class:`CycleError` for a prerequisite cycle; ``locs`` holds every REQUIRES edge."""
    if not _has_cycle(locs):  # find_cycle (on the REQUIRES subgraph) only runs when there is one
        return
    cycle = nx.find_cycle(requires_subgraph(G))
    topics = [ids.local_part(u) for u, _v in cycle]
    loc = locs.get(cycle[0][:2])
    shown = " -> ".join([*topics, topics[0]])
    message = f"prerequisite cycle: {shown}"
    if loc is not None:
        message = f"{_problem(loc, message)}"
    raise CycleError(topics, message)
