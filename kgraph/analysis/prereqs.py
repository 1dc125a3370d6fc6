"""The prerequisite structure of a graph: each topic's plain requirements and any-of groups.

A view holds the ``essential`` REQUIRES edges only (the default everywhere), or the
``recommended`` ones too; each edge keeps its reason, strength and the part of the
prerequisite it needs (``needs`` and ``hours``; ``None``: needed in full).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx

from kgraph.errors import CycleError
from kgraph.model.kinds import EdgeKind, NodeKind
from kgraph.model.precomputed import is_stored

ESSENTIAL = "essential"
RECOMMENDED = "recommended"


@dataclass(frozen=True)
class Need:
    """How a topic needs one prerequisite: why, how strongly, and which part (``None``: all)."""

    reason: str | None = None
    strength: str = ESSENTIAL
    needs: str | None = None
    hours: float | None = None

    @property
    def partial(self) -> bool:
        """True when only a part of the prerequisite is needed."""
        return self.hours is not None


@dataclass(frozen=True)
class Group:
    """An any-of group: one of ``members`` is needed; ``default`` is the one most learners take."""

    id: str
    members: tuple[str, ...]
    default: str | None = None


@dataclass(frozen=True)
class Requirements:
    """What one topic needs: every topic in ``all_of``, and one member of each group in ``groups``.

    ``edges`` holds the :class:`Need` of every prerequisite (plain ones and group members).
    """

    all_of: tuple[str, ...] = ()
    groups: tuple[Group, ...] = ()
    edges: dict[str, Need] = field(default_factory=dict)

    @property
    def any_of(self) -> tuple[tuple[str, ...], ...]:
        """The members of each group."""
        return tuple(group.members for group in self.groups)

    def prerequisites(self) -> tuple[str, ...]:
        """Plain prerequisites, then every group member."""
        return (*self.all_of, *(m for group in self.groups for m in group.members))


@dataclass
class PrereqView:
    """REQUIRES edges of a graph (essential ones, or all), grouped per topic, with topic attributes at hand."""

    graph_size: tuple[int, int]
    recommended: bool
    topics: dict[str, dict]
    needs: dict[str, Requirements]
    dependents: dict[str, tuple[str, ...]]
    _digraph: nx.DiGraph | None = field(default=None, repr=False)
    _reach: dict[str, int] | None = field(default=None, repr=False)
    _roots: list[str] | None = field(default=None, repr=False)

    def effort(self, topic: str) -> float:
        """The topic's effort in hours (0 when unknown)."""
        return float(self.topics[topic].get("effort_hours") or 0)

    def need(self, topic: str, prerequisite: str) -> Need:
        """How ``topic`` needs ``prerequisite`` (a direct prerequisite of it)."""
        return self.needs[topic].edges[prerequisite]

    def digraph(self) -> nx.DiGraph:
        """Topic -> prerequisite edges (all members of any-of groups included); built once.

        Shared between queries: treat it as read-only.
        """
        if self._digraph is None:
            D = nx.DiGraph()
            D.add_nodes_from(self.topics)
            for topic, req in self.needs.items():
                D.add_edges_from((topic, p) for p in req.prerequisites())
            self._digraph = D
        return self._digraph

    def reach_counts(self) -> dict[str, int]:
        """Per topic, how many topics depend on it directly or through a chain; computed once.

        One pass in topological order: each topic's dependents are the union of its direct
        dependents' (a topic's set is dropped once all its prerequisites have used it).
        """
        if self._reach is None:
            D = self.digraph()
            counts = count_reach(nx.topological_sort(D), D.pred, dict(D.out_degree()))
            self._reach = counts
        return self._reach

    def roots(self) -> list[str]:
        """Topics without prerequisites, most depended-on first (then less effort, then id)."""
        if self._roots is None:
            reach = self.reach_counts()
            free = [t for t in self.topics if t not in self.needs]
            self._roots = sorted(free, key=lambda t: (-reach[t], self.effort(t), t))
        return self._roots


def count_reach(
    order: Iterable[str], dependents: Mapping[str, Iterable[str]], waiting: dict[str, int]
) -> dict[str, int]:
    """Per topic, how many topics depend on it directly or through a chain.

    ``order`` lists every topic after all its dependents; ``waiting`` is each topic's number of
    prerequisites (changed in place). Each topic's set is the union of its direct dependents'
    sets; a set is dropped once all the topic's prerequisites have used it.
    """
    below: dict[str, set[str]] = {}
    counts = {}
    for topic in order:
        reach: set[str] = set()
        for dependent in dependents[topic]:
            reach.add(dependent)
            reach |= below[dependent]
            waiting[dependent] -= 1
            if not waiting[dependent]:
                del below[dependent]
        counts[topic] = len(reach)
        if waiting[topic]:
            below[topic] = reach
    return counts


_VIEWS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _fingerprint(G: nx.MultiDiGraph) -> tuple[int, int]:
    """Number of nodes and of linked node pairs: cheap (counting a MultiDiGraph's edges is not)."""
    return G.number_of_nodes(), sum(map(len, G._succ.values()))


def prereq_view(G: nx.MultiDiGraph, *, recommended: bool = False) -> PrereqView:
    """The (cached) :class:`PrereqView` of ``G``: its essential prerequisites, or with
    ``recommended`` the recommended ones too. Rebuilt when ``G`` gains or loses nodes or
    linked node pairs.

    A change that keeps both counts (say, one more edge between two already linked nodes, or
    an edited attribute) is not seen: after such in-place edits, call :func:`forget` (or
    analyse a copy).

    Raises:
        CycleError: the prerequisites of ``G`` form a cycle (e.g. a graph read from Neo4j).
    """
    if is_stored(G):  # a stored graph: read topic by topic
        from kgraph.analysis.prereqs_stored import stored_view

        views = _VIEWS.setdefault(G, {})
        if recommended not in views:
            views[recommended] = stored_view(G, recommended)
        return views[recommended]
    size = _fingerprint(G)
    views = _VIEWS.get(G)
    if views is None or next(iter(views.values())).graph_size != size:
        views = _VIEWS[G] = {}
    view = views.get(recommended)
    if view is None:
        view = views[recommended] = _build(G, size, recommended)
        _check_acyclic(view)
    return view


def _build(G: nx.MultiDiGraph, size: tuple[int, int], recommended: bool) -> PrereqView:
    topics = {n: d for n, d in G.nodes(data=True) if d.get("kind") == NodeKind.TOPIC}
    plain: dict[str, list[str]] = {}
    groups: dict[str, dict[str, list[str]]] = {}
    defaults: dict[str, str] = {}
    edges: dict[str, dict[str, Need]] = {}
    dependents: dict[str, list[str]] = {}
    for u, v, d in G.edges(data=True):
        if d.get("kind") != EdgeKind.REQUIRES or u not in topics or v not in topics:
            continue
        strength = d.get("strength") or ESSENTIAL
        if strength != ESSENTIAL and not recommended:
            continue
        if d.get("group"):
            groups.setdefault(u, {}).setdefault(d["group"], []).append(v)
            if d.get("default"):
                defaults[d["group"]] = d["default"]
        else:
            plain.setdefault(u, []).append(v)
        hours = d.get("hours")
        edges.setdefault(u, {})[v] = Need(
            d.get("reason"), strength, d.get("needs") if hours is not None else None, hours
        )
        dependents.setdefault(v, []).append(u)
    needs = {
        t: Requirements(
            tuple(sorted(plain.get(t, ()))),
            tuple(
                Group(gid, tuple(sorted(members)), defaults.get(gid))
                for gid, members in sorted(groups.get(t, {}).items())
            ),
            edges.get(t, {}),
        )
        for t in topics
        if t in plain or t in groups
    }
    return PrereqView(size, recommended, topics, needs, {k: tuple(sorted(v)) for k, v in dependents.items()})


def forget(G: nx.MultiDiGraph) -> None:
    """Drop the cached views of ``G`` (after changing its REQUIRES edges in place)."""
    _VIEWS.pop(G, None)


def _check_acyclic(view: PrereqView) -> None:
    """Raise :class:`CycleError` naming the topics of a prerequisite cycle, if there is one."""
    D = view.digraph()
    if nx.is_directed_acyclic_graph(D):
        return
    cycle = [u.split(":", 1)[-1] for u, _ in nx.find_cycle(D)]
    raise CycleError(cycle)
