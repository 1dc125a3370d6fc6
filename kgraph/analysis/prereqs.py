"""The prerequisite structure of a graph: each topic's plain requirements and any-of groups."""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field

import networkx as nx

from kgraph.errors import CycleError
from kgraph.model.kinds import EdgeKind, NodeKind


@dataclass(frozen=True)
class Requirements:
    """What one topic needs: every topic in ``all_of``, and one member of each group in ``any_of``."""

    all_of: tuple[str, ...] = ()
    any_of: tuple[tuple[str, ...], ...] = ()
    reasons: dict[str, str] = field(default_factory=dict)


@dataclass
class PrereqView:
    """REQUIRES edges of a graph, grouped per topic, with topic attributes at hand."""

    graph_size: tuple[int, int]
    topics: dict[str, dict]
    needs: dict[str, Requirements]
    dependents: dict[str, tuple[str, ...]]
    _digraph: nx.DiGraph | None = field(default=None, repr=False)

    def effort(self, topic: str) -> float:
        """The topic's effort in hours (0 when unknown)."""
        return float(self.topics[topic].get("effort_hours") or 0)

    def digraph(self) -> nx.DiGraph:
        """Topic -> prerequisite edges (all members of any-of groups included); built once.

        Shared between queries: treat it as read-only.
        """
        if self._digraph is None:
            D = nx.DiGraph()
            D.add_nodes_from(self.topics)
            for topic, req in self.needs.items():
                D.add_edges_from((topic, p) for p in req.all_of)
                D.add_edges_from((topic, p) for group in req.any_of for p in group)
            self._digraph = D
        return self._digraph


_VIEWS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
FULL_CHECK_NODES = 20_000
"""Up to this many nodes, a change in the edge count also invalidates the cached view."""


def prereq_view(G: nx.MultiDiGraph) -> PrereqView:
    """The (cached) :class:`PrereqView` of ``G``; rebuilt when its number of nodes changes.

    Counting edges of a MultiDiGraph walks every node, so above :data:`FULL_CHECK_NODES`
    nodes only the node count is checked: after changing the REQUIRES edges of such a graph
    in place, call :func:`forget` (or analyse a copy).

    Raises:
        CycleError: the prerequisites of ``G`` form a cycle (e.g. a graph read from Neo4j).
    """
    nodes = G.number_of_nodes()
    size = (nodes, G.number_of_edges() if nodes <= FULL_CHECK_NODES else -1)
    view = _VIEWS.get(G)
    if view is not None and view.graph_size == size:
        return view
    topics = {n: d for n, d in G.nodes(data=True) if d.get("kind") == NodeKind.TOPIC}
    plain: dict[str, list[str]] = {}
    groups: dict[str, dict[str, list[str]]] = {}
    reasons: dict[str, dict[str, str]] = {}
    dependents: dict[str, list[str]] = {}
    for u, v, d in G.edges(data=True):
        if d.get("kind") != EdgeKind.REQUIRES or u not in topics or v not in topics:
            continue
        if d.get("group"):
            groups.setdefault(u, {}).setdefault(d["group"], []).append(v)
        else:
            plain.setdefault(u, []).append(v)
        if d.get("reason"):
            reasons.setdefault(u, {})[v] = d["reason"]
        dependents.setdefault(v, []).append(u)
    needs = {
        t: Requirements(
            tuple(sorted(plain.get(t, ()))),
            tuple(tuple(sorted(members)) for _, members in sorted(groups.get(t, {}).items())),
            reasons.get(t, {}),
        )
        for t in topics
        if t in plain or t in groups
    }
    view = PrereqView(size, topics, needs, {k: tuple(sorted(v)) for k, v in dependents.items()})
    _check_acyclic(view)
    _VIEWS[G] = view
    return view


def forget(G: nx.MultiDiGraph) -> None:
    """Drop the cached view of ``G`` (after changing its REQUIRES edges in place)."""
    _VIEWS.pop(G, None)


def _check_acyclic(view: PrereqView) -> None:
    """Raise :class:`CycleError` naming the topics of a prerequisite cycle, if there is one."""
    D = view.digraph()
    if nx.is_directed_acyclic_graph(D):
        return
    cycle = [u.split(":", 1)[-1] for u, _ in nx.find_cycle(D)]
    raise CycleError(cycle)
