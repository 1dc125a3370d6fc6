"""A knowledge graph in a compact store: written once per build, read lazily by each command.

:func:`graph_sections` turns a graph into store sections (node ids, kinds, attributes as JSON
records, edges as arrays with an index of in-edges, precomputed answers); :class:`StoreGraph`
is a NetworkX ``MultiDiGraph`` over such a store whose nodes and adjacency are decoded on first
use, so a question about a few topics reads a few records of a 100k-topic graph;
:func:`full_graph` decodes all of it into a plain ``MultiDiGraph`` (the graph the build made,
node, edge and in-edge order included) for the commands that need every node.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping

import networkx as nx

from kgraph._util.gcpause import gc_paused
from kgraph.store.compact import Store, int_array

_ENCODE = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode
"""One encoder for every record (``json.dumps`` with options makes a new one per call)."""


def _records(values) -> tuple[bytes, object]:
    """JSON records as one JSON array (``[r0,r1,...]``) and the start offset of each (plus the end).
    A value may be ``bytes`` already encoded."""
    parts, starts, offset = [], [], 1
    for value in values:
        text = value if isinstance(value, bytes) else _ENCODE(value).encode()
        starts.append(offset)
        parts.append(text)
        offset += len(text) + 1
    starts.append(offset if parts else 2)
    return b"[" + b",".join(parts) + b"]", int_array(starts)


def graph_sections(G: nx.MultiDiGraph, precomputed: Mapping[str, object] = ()) -> dict[str, object]:
    """The store sections of ``G``, and ``precomputed`` answers as sections ``pre:NAME``.

    Raises:
        TypeError, ValueError: an attribute JSON cannot hold exactly (then ``G`` is not stored).
    """
    nodes = list(G)
    index = {node: i for i, node in enumerate(nodes)}
    node_attrs = list(G._node.values())
    kinds = sorted({str(d.get("kind")) for d in node_attrs})
    src, dst, kind, records, first, codes, plain = [], [], [], [], {}, {}, {}
    add_src, add_dst, add_kind, add_record = src.append, dst.append, kind.append, records.append
    out_start, succ = [0], G._succ
    for u, i in index.items():  # straight through NetworkX's dicts: its edge views cost 4x more here
        for v, keys in succ[u].items():
            j = index[v]
            first[u, v] = len(src)  # the edges of a pair are numbered in a row, in key order
            for key, d in keys.items():
                add_src(i)
                add_dst(j)
                name = d.get("kind")
                code = codes.get(name)
                if code is None:
                    code = codes[name] = len(codes)
                add_kind(code)
                if len(d) == 1 and name == key and type(key) is str:  # most edges: encoded once per kind
                    record = plain.get(key)
                    if record is None:
                        record = plain[key] = _ENCODE([key, d]).encode()
                    add_record(record)
                else:
                    add_record([key, d])
        out_start.append(len(src))
    node_blob, node_starts = _records(node_attrs)
    edge_blob, edge_starts = _records(records)
    into, in_start = [], [0]
    for node in nodes:
        for u, keys in G._pred[node].items():
            into.extend(range(first[u, node], first[u, node] + len(keys)))
        in_start.append(len(into))
    sections = {
        "graph": G.graph,
        "nodes": nodes,
        "node_kinds": kinds,
        "node_kind": int_array([kinds.index(str(d.get("kind"))) for d in node_attrs]),
        "node_attrs": node_blob,
        "node_starts": node_starts,
        "edge_kinds": [str(name) for name in codes],
        "edge_src": int_array(src),
        "edge_dst": int_array(dst),
        "edge_kind": int_array(kind),
        "edge_attrs": edge_blob,
        "edge_starts": edge_starts,
        "out_start": int_array(out_start),
        "in_edges": int_array(into),
        "in_start": int_array(in_start),
    }
    sections.update({f"pre:{name}": value for name, value in dict(precomputed).items()})
    return sections


class _Lazy(Mapping):
    """A read-only mapping over a store's nodes whose values are made on first use."""

    def __init__(self, graph: StoreGraph):
        self._g = graph
        self._made: dict = {}

    def __iter__(self) -> Iterator[str]:
        return iter(self._g.node_ids)

    def __len__(self) -> int:
        return len(self._g.node_ids)

    def __contains__(self, node) -> bool:
        try:
            return node in self._g.index
        except TypeError:  # unhashable: not a node
            return False

    def __getitem__(self, node):
        made = self._made.get(node)
        if made is None:
            made = self._made[node] = self._make(self._g.index[node])
        return made

    def _make(self, i: int):
        raise NotImplementedError


class _Nodes(_Lazy):
    def _make(self, i: int) -> dict:
        return self._g.store.record("node_attrs", "node_starts", i)


class _Out(_Lazy):
    def _make(self, i: int) -> dict:
        g, out = self._g, {}
        for e in range(g._out_start[i], g._out_start[i + 1]):
            key, attrs = g.edge_record(e)
            out.setdefault(g.node_ids[g._dst[e]], {})[key] = attrs
        return out


class _In(_Lazy):
    def _make(self, i: int) -> dict:
        g, into = self._g, {}
        for e in g._in_list[g._in_start[i] : g._in_start[i + 1]]:
            key, attrs = g.edge_record(e)
            into.setdefault(g.node_ids[g._src[e]], {})[key] = attrs
        return into


class StoreGraph(nx.MultiDiGraph):
    """A read-only ``MultiDiGraph`` over a :class:`~kgraph.store.compact.Store`: node
    attributes and adjacency are decoded on first use; ``precomputed(name)`` gives answers the
    build stored (see :func:`kgraph.model.precomputed.get`).

    Do not change it (add or remove nodes or edges): analyse it, or :func:`full_graph` it.
    """

    def __init__(self, store: Store):
        super().__init__()
        self.store = store
        self.graph.update(store.value("graph"))
        self.node_ids: list[str] = store.value("nodes")
        self.index = {node: i for i, node in enumerate(self.node_ids)}
        self._out_start, self._dst = store.value("out_start"), store.value("edge_dst")
        self._in_start, self._in_list = store.value("in_start"), store.value("in_edges")
        self._src = store.value("edge_src")
        self._edges: dict[int, tuple] = {}
        self._node = _Nodes(self)
        self._adj = self._succ = _Out(self)
        self._pred = _In(self)

    def edge_record(self, e: int) -> tuple:
        """Edge number ``e`` as ``(key, attributes)`` (one dict per edge, shared by both directions)."""
        found = self._edges.get(e)
        if found is None:
            key, attrs = self.store.record("edge_attrs", "edge_starts", e)
            found = self._edges[e] = (key, attrs)
        return found

    def kind_of(self, node: str) -> str | None:
        """A node's ``kind`` without decoding its attributes (``None``: not a node)."""
        i = self.index.get(node)
        return None if i is None else self.store.value("node_kinds")[self.store.value("node_kind")[i]]

    def precomputed(self, name: str):
        """The precomputed answer ``name`` stored with the graph, or ``None``."""
        return self.store.value(f"pre:{name}")

    def ids_of(self, indices) -> list[str]:
        """Node ids for node numbers."""
        return [self.node_ids[i] for i in indices]


def full_graph(store: Store) -> nx.MultiDiGraph:
    """Every node and edge of a store as a plain ``MultiDiGraph``: the graph that was stored,
    in the same node, edge and in-edge order."""
    with gc_paused():  # millions of small containers: the collector would rescan them again and again
        G = nx.MultiDiGraph()
        G.graph.update(store.value("graph"))
        nodes = store.value("nodes")
        attrs, edges = store.records("node_attrs"), store.records("edge_attrs")
        src, dst = store.value("edge_src"), store.value("edge_dst")
        succ, pred = G._succ, G._pred
        for node, data in zip(nodes, attrs, strict=True):
            G._node[node] = data
            succ[node] = {}
        for e, (key, data) in enumerate(edges):
            out = succ[nodes[src[e]]]
            keydict = out.get(nodes[dst[e]])
            if keydict is None:
                keydict = out[nodes[dst[e]]] = {}
            keydict[key] = data
        into, starts = store.value("in_edges"), store.value("in_start")
        for i, node in enumerate(nodes):
            preds = pred[node] = {}
            for e in into[starts[i] : starts[i + 1]]:
                u = nodes[src[e]]
                if u not in preds:
                    preds[u] = succ[u][node]
        return G
