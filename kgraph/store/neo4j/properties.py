"""The graph as Neo4j rows: property values encoded and decoded, labels and relationship types
only from the model's allow-list, and every row checked before anything is sent.

Neo4j stores strings, booleans, 64-bit integers, floats and *homogeneous* lists of those. Every
other value -- maps, ``None``, lists holding ``None``, mixed or nested lists, larger integers --
is stored as JSON text, and the names of those properties are listed in the node's (or
relationship's) ``_kgraph_json`` property (:data:`JSON_KEYS`), so a pull restores them
exactly. Values JSON cannot express exactly (sets, dates, objects, maps with non-string keys)
are rejected with :class:`~kgraph.errors.InputError`. Tuples come back as lists.
``_kgraph_order`` (:data:`ORDER_KEY`) keeps each node's and edge's position in the graph.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from contextlib import suppress
from typing import TYPE_CHECKING

from kgraph.errors import InputError
from kgraph.model.kinds import EdgeKind, NodeKind

if TYPE_CHECKING:
    import networkx as nx

JSON_KEYS = "_kgraph_json"
ORDER_KEY = "_kgraph_order"
INTERNAL_PREFIX = "_kgraph_"
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_INT64 = (-(2**63), 2**63 - 1)


# ---------------------------------------------------------------- property values


def _scalar_type(value):
    if isinstance(value, bool):
        return bool
    if isinstance(value, int):
        return int if _INT64[0] <= value <= _INT64[1] else None
    if isinstance(value, (float, str)):
        return type(value)
    return None


def _storable(value) -> bool:
    """True if Neo4j stores ``value`` as it is (a scalar or a homogeneous list of scalars)."""
    if isinstance(value, (list, tuple)):
        types = {_scalar_type(v) for v in value}
        return len(types) <= 1 and None not in types
    return _scalar_type(value) is not None


def _json_ready(value, where: str):
    """``value`` if JSON gives it back equal (lists for tuples), else :class:`InputError`."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_json_ready(v, where) for v in value]
    if isinstance(value, dict):
        bad = [k for k in value if not isinstance(k, str)]
        if bad:
            raise InputError(f"{where}: map key {bad[0]!r} is not a string; Neo4j cannot store it")
        return {k: _json_ready(v, where) for k, v in value.items()}
    raise InputError(f"{where}: a {type(value).__name__} value cannot be stored in Neo4j")


def encode_properties(attrs: Mapping, where: str, *, reserved: Iterable[str] = ()) -> dict:
    """Attributes as Neo4j properties (see the module docs); ``where`` names the owner in errors.

    Raises:
        InputError: a reserved or non-string name, or a value that cannot be stored.
    """
    reserved = set(reserved)
    props: dict = {}
    as_json: list[str] = []
    for key, value in attrs.items():
        if not isinstance(key, str) or not key or "\x00" in key:
            raise InputError(f"{where}: attribute name {key!r} must be a non-empty string without NUL characters")
        if key in reserved or key.startswith(INTERNAL_PREFIX):
            raise InputError(f"{where}: attribute name {key!r} is reserved by kgraph's Neo4j mapping")
        if _storable(value):
            props[key] = list(value) if isinstance(value, tuple) else value
        else:
            props[key] = json.dumps(_json_ready(value, f"{where}, attribute {key!r}"), ensure_ascii=False)
            as_json.append(key)
    if as_json:
        props[JSON_KEYS] = sorted(as_json)
    return props


def decode_properties(props: Mapping) -> dict:
    """The attributes :func:`encode_properties` stored: JSON values restored, internal keys dropped."""
    as_json = set(props.get(JSON_KEYS) or ())
    attrs = {}
    for key, value in props.items():
        if key.startswith(INTERNAL_PREFIX):
            continue
        if key in as_json and isinstance(value, str):
            with suppress(json.JSONDecodeError):  # edited by hand in Neo4j: keep the text
                value = json.loads(value)
        attrs[key] = value
    return attrs


# ---------------------------------------------------------------- labels and relationship types


def _allowed(enum, kind, what: str, where: str) -> str:
    """``kind``'s value from the model's allow-list ``enum``, or an :class:`InputError`."""
    try:
        member = enum(kind)
    except ValueError:
        allowed = ", ".join(k.value for k in enum)
        raise InputError(f"{where}: kind {kind!r} is not {what} ({allowed})") from None
    return member.label if enum is NodeKind else member.value


def _label(kind, where: str) -> str:
    label = _allowed(NodeKind, kind, "a node kind", where)
    if not _IDENTIFIER.fullmatch(label):  # the allow-list is code, but labels go into query text
        raise InputError(f"{where}: label {label!r} is not a plain identifier")
    return label


def _rel_type(kind, where: str) -> str:
    rel_type = _allowed(EdgeKind, kind, "an edge kind", where)
    if not _IDENTIFIER.fullmatch(rel_type):
        raise InputError(f"{where}: relationship type {rel_type!r} is not a plain identifier")
    return rel_type


_LABELS = {kind.value: _label(kind, "NodeKind") for kind in NodeKind}
"""Node kind -> Neo4j label, each checked to be a plain identifier (labels go into query text)."""


def _all_labels() -> str:
    """``Roadmap|Category|...``: a label expression matching every kgraph node."""
    return "|".join(_LABELS.values())


# ---------------------------------------------------------------- rows


def _node_row(node, attrs: Mapping, order: int) -> dict:
    props = encode_properties(attrs, f"node {node!r}", reserved=("id",))
    props["id"] = node
    props[ORDER_KEY] = order
    return {"id": node, "props": props}


def _rel_row(u, v, attrs: Mapping, order: int) -> dict:
    props = encode_properties({k: val for k, val in attrs.items() if k != "kind"}, f"edge {u!r} -> {v!r}")
    props[ORDER_KEY] = order
    return {"source": u, "target": v, "props": props}


def check_graph(G: nx.MultiDiGraph) -> tuple[list[str], list[tuple[str, str, str]]]:
    """Check everything in ``G`` can be stored, before anything is sent.

    Returns the labels present and the relationship groups (source label, type, target
    label) in write order. Rows are made and dropped one at a time, so checking needs no
    memory that grows with the graph.

    Raises:
        InputError: a node id that is not a string, an unknown node or edge kind, an edge whose
            key is not its kind, a reserved attribute name, or a value Neo4j cannot store.
    """
    present: set[str] = set()
    for order, (node, attrs) in enumerate(G.nodes(data=True)):
        where = f"node {node!r}"
        if not isinstance(node, str) or not node:
            raise InputError(f"{where}: node ids must be non-empty strings to be stored in Neo4j")
        present.add(_label(attrs.get("kind"), where))
        _node_row(node, attrs, order)
    groups: set[tuple[str, str, str]] = set()
    for order, (u, v, key, attrs) in enumerate(G.edges(keys=True, data=True)):
        where = f"edge {u!r} -> {v!r}"
        rel_type = _rel_type(attrs.get("kind"), where)
        if key != rel_type:
            raise InputError(
                f"{where}: key {key!r} is not its kind {rel_type!r} (kgraph keys edges by kind: "
                "Neo4j keeps one relationship of each type between two nodes)"
            )
        _rel_row(u, v, attrs, order)
        groups.add((_label_of(G, u), rel_type, _label_of(G, v)))
    node_labels = [label for label in _LABELS.values() if label in present]
    kind_rank = {kind.value: i for i, kind in enumerate(EdgeKind)}
    return node_labels, sorted(groups, key=lambda g: (kind_rank[g[1]], g))


def _label_of(G: nx.MultiDiGraph, node) -> str:
    """The label of a node already checked by :func:`check_graph`."""
    return _LABELS[G.nodes[node]["kind"]]


def _iter_node_rows(G: nx.MultiDiGraph, label: str):
    for order, (node, attrs) in enumerate(G.nodes(data=True)):
        if _LABELS[attrs["kind"]] == label:
            yield _node_row(node, attrs, order)


def _iter_rel_rows(G: nx.MultiDiGraph, group: tuple[str, str, str]):
    for order, (u, v, attrs) in enumerate(G.edges(data=True)):
        if (_label_of(G, u), attrs.get("kind"), _label_of(G, v)) == group:
            yield _rel_row(u, v, attrs, order)


def graph_rows(G: nx.MultiDiGraph) -> tuple[dict[str, list[dict]], dict[tuple[str, str, str], list[dict]]]:
    """All rows at once, checked: nodes by label, relationships by (source label, type, target label).

    :func:`~kgraph.store.neo4j.push.push_graph` streams the same rows batch by batch instead.

    Raises:
        InputError: see :func:`check_graph`.
    """
    node_labels, groups = check_graph(G)
    nodes = {label: list(_iter_node_rows(G, label)) for label in node_labels}
    rels = {group: list(_iter_rel_rows(G, group)) for group in groups}
    return nodes, rels
