"""The prerequisite view of a stored graph, read topic by topic instead of built for all.

A graph that carries precomputed answers (:class:`kgraph.store.graph_store.StoreGraph`) gets a
:class:`~kgraph.analysis.prereqs.PrereqView` whose ``topics``, ``needs`` and ``dependents`` are
mappings made on first use from the topic's own edges, and whose dependents counts and roots
were counted when the graph was built: the same answers as the view built from every edge
(:func:`kgraph.analysis.prereqs.prereq_view`), at the cost of the topics a question touches.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import networkx as nx

from kgraph.analysis.prereqs import ESSENTIAL, Group, Need, PrereqView, Requirements
from kgraph.model.kinds import EdgeKind, NodeKind

_NONE = object()


class _Memo(Mapping):
    """A mapping over the topics of a stored graph whose values are made on first use."""

    def __init__(self, G, recommended: bool):
        self.G, self.recommended = G, recommended
        self._made: dict = {}

    def _is_topic(self, node) -> bool:
        try:
            return self.G.kind_of(node) == NodeKind.TOPIC
        except TypeError:  # unhashable
            return False

    def _get(self, topic):
        made = self._made.get(topic, _NONE)
        if made is _NONE:
            made = self._made[topic] = self._make(topic) if self._is_topic(topic) else None
        return made

    def __getitem__(self, topic):
        made = self._get(topic)
        if made is None:
            raise KeyError(topic)
        return made

    def __contains__(self, topic) -> bool:
        return self._get(topic) is not None

    def __iter__(self) -> Iterator[str]:
        return (t for t in self.G.node_ids if self._get(t) is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def _counts(self, d: dict) -> bool:
        """Whether a REQUIRES edge's attributes count in this view."""
        if d.get("kind") != EdgeKind.REQUIRES:
            return False
        return self.recommended or (d.get("strength") or ESSENTIAL) == ESSENTIAL


class _Topics(_Memo):
    def _make(self, topic):
        return self.G._node[topic]


class _Needs(_Memo):
    def __init__(self, G, recommended: bool, defaults: dict):
        super().__init__(G, recommended)
        self.defaults = defaults

    def _make(self, topic):
        plain, groups, edges = [], {}, {}
        for v, keys in self.G._succ[topic].items():
            for d in keys.values():
                if not self._counts(d) or not self._is_topic(v):
                    continue
                (groups.setdefault(d["group"], []) if d.get("group") else plain).append(v)
                hours = d.get("hours")
                needs = d.get("needs") if hours is not None else None
                edges[v] = Need(d.get("reason"), d.get("strength") or ESSENTIAL, needs, hours)
        if not plain and not groups:
            return None
        return Requirements(
            tuple(sorted(plain)),
            tuple(Group(gid, tuple(sorted(m)), self.defaults.get(gid)) for gid, m in sorted(groups.items())),
            edges,
        )


class _Dependents(_Memo):
    def _make(self, topic):
        found = [
            u
            for u, keys in self.G._pred[topic].items()
            if self._is_topic(u) and any(self._counts(d) for d in keys.values())
        ]
        return tuple(sorted(found)) if found else None


class _Reach(Mapping):
    """Dependents counts by topic, from a list aligned with the graph's nodes."""

    def __init__(self, G, counts: list[int]):
        self.G, self.counts = G, counts

    def __getitem__(self, topic) -> int:
        return self.counts[self.G.index[topic]]

    def __iter__(self) -> Iterator[str]:
        return iter(self.G.node_ids)

    def __len__(self) -> int:
        return len(self.G.node_ids)


class _LazyDiGraph(nx.DiGraph):
    """Topic -> prerequisite edges of a view, made per topic on first use (read-only)."""

    def __init__(self, view: PrereqView, order: Mapping[str, int]):
        super().__init__()
        self._node = _Blank(view.topics.G, view.recommended)
        self._adj = self._succ = _Adjacent(view, lambda t: view.needs[t].prerequisites() if t in view.needs else ())
        self._pred = _Adjacent(view, lambda t: sorted(view.dependents.get(t, ()), key=order.__getitem__))


class _Blank(_Memo):
    def _make(self, topic):
        return {}


class _Adjacent(_Memo):
    def __init__(self, view: PrereqView, neighbours):
        super().__init__(view.topics.G, view.recommended)
        self._neighbours = neighbours

    def _make(self, topic):
        return {n: {} for n in self._neighbours(topic)}


class StoredView(PrereqView):
    """A :class:`PrereqView` of a stored graph: see the module docstring."""

    def digraph(self) -> nx.DiGraph:
        if self._digraph is None:
            self._digraph = _LazyDiGraph(self, self.topics.G.index)
        return self._digraph


def stored_view(G, recommended: bool) -> StoredView:
    """The view of a graph with precomputed answers (``reach:*``, ``roots:*``, ``group_defaults:*``)."""
    strength = "recommended" if recommended else "essential"
    view = StoredView(
        (len(G.node_ids), -1),
        recommended,
        _Topics(G, recommended),
        _Needs(G, recommended, G.precomputed(f"group_defaults:{strength}")),
        _Dependents(G, recommended),
    )
    view._reach = _Reach(G, G.precomputed(f"reach:{strength}"))
    view._roots = G.ids_of(G.precomputed(f"roots:{strength}"))
    return view
