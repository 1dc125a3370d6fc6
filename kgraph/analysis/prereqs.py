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
    _reach: dict[str, int] | None = field(default=None, repr=False)
    _roots: list[str] | None = field(default=None, repr=False)

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

    def reach_counts(self) -> dict[str, int]:
        """Per topic, how many topics depend on it directly or through a chain; computed once.

        One pass in topological order: each topic's dependents are the union of its direct
        dependents' (a topic's set is dropped once all its prerequisites have used it).
        """
        if self._reach is None:
            D = self.digraph()
            waiting = dict(D.out_degree())
            below: dict[str, set[str]] = {}
            counts = {}
            for topic in nx.topological_sort(D):  # dependents come before their prerequisites
                reach: set[str] = set()
                for dependent in D.predecessors(topic):
                    reach.add(dependent)
                    reach |= below[dependent]
                    waiting[dependent] -= 1
                    if not waiting[dependent]:
                        del below[dependent]
                counts[topic] = len(reach)
                if waiting[topic]:
                    below[topic] = reach
            self._reach = counts
        return self._reach

    def roots(self) -> list[str]:
        """Topics without prerequisites, most depended-on first (then less effort, then id)."""
        if self._roots is None:
            reach = self.reach_counts()
            free = [t for t in self.topics if t not in self.needs]
            self._roots = sorted(free, key=lambda t: (-reach[t], self.effort(t), t))
        return self._roots


_VIEWS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _fingerprint(G: nx.MultiDiGraph) -> tuple[int, int]:
    """Number of nodes and of linked node pairs: cheap (counting a MultiDiGraph's edges is not)."""
    return G.number_of_nodes(), sum(map(len, G._succ.values()))


def prereq_view(G: nx.MultiDiGraph) -> PrereqView:
    """The (cached) :class:`PrereqView` of ``G``; rebuilt when ``G`` gains or loses nodes or
    linked node pairs.

    A change that keeps both counts (say, one more edge between two already linked nodes, or
    an edited attribute) is not seen: after such in-place edits, call :func:`forget` (or
    analyse a copy).

    Raises:
        CycleError: the prerequisites of ``G`` form a cycle (e.g. a graph read from Neo4j).
    """
    size = _fingerprint(G)
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
