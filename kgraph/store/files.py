"""Write the graph to files other tools read, and read node-link JSON back.

* ``json`` -- NetworkX node-link data (``networkx.node_link_graph`` reads it back)
* ``graphml`` / ``gexf`` -- for Gephi, Cytoscape, yEd (lists are stored as JSON text)
* ``csv`` -- ``PATH`` names a folder that gets ``nodes.csv`` and ``edges.csv``
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx

from kgraph._util import arguments, progress
from kgraph._util.files import atomic_write
from kgraph.errors import StoreError
from kgraph.model.vocabulary import EXPORT_FORMATS


def _flat(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attribute values are scalars (lists and dicts as JSON text, no None)."""

    def flatten(attrs: dict) -> dict:
        return {
            key: json.dumps(value, ensure_ascii=False) if isinstance(value, (list, tuple, dict)) else value
            for key, value in attrs.items()
            if value is not None
        }

    nodes = [(n, flatten(d)) for n, d in G.nodes(data=True)]
    edges = [(u, v, k, flatten(d)) for u, v, k, d in G.edges(keys=True, data=True)]
    _unify_types([d for _, d in nodes])
    _unify_types([d for *_, d in edges])
    H = nx.MultiDiGraph()
    H.add_nodes_from(nodes)
    H.add_edges_from(edges)
    return H


def _unify_types(records: list[dict]) -> None:
    """Give each attribute one type across records (GraphML and GEXF declare one per key):
    mixed ints and floats become floats, any other mix becomes text."""
    types: dict[str, set[type]] = {}
    for record in records:
        for key, value in record.items():
            types.setdefault(key, set()).add(type(value))
    for key, seen in types.items():
        if len(seen) < 2:
            continue
        cast = float if seen <= {int, float} else str
        for record in records:
            if key in record:
                record[key] = cast(record[key])


def node_link(G: nx.MultiDiGraph) -> dict:
    """The graph as NetworkX node-link data (``edges`` key, edge keys kept)."""
    return nx.node_link_data(G)


def _csv_rows(G: nx.MultiDiGraph):
    flat = _flat(G)
    node_keys = sorted({k for _, d in flat.nodes(data=True) for k in d} - {"kind", "name"})
    edge_keys = sorted({k for *_, d in flat.edges(data=True) for k in d} - {"kind"})
    nodes = [["id", "kind", "name", *node_keys]]
    nodes += [[n, d.get("kind"), d.get("name"), *(d.get(k, "") for k in node_keys)] for n, d in flat.nodes(data=True)]
    edges = [["source", "target", "kind", *edge_keys]]
    edges += [[u, v, d.get("kind"), *(d.get(k, "") for k in edge_keys)] for u, v, d in flat.edges(data=True)]
    return nodes, edges


def export_graph(G: nx.MultiDiGraph, path: str | Path, *, fmt: str = "json") -> list[Path]:
    """Write ``G`` to ``path`` in format ``fmt`` (see the module docs); returns the files written.

    Raises:
        InputError: unknown format.
        StoreError: the file cannot be written.
    """
    arguments.choice(fmt, EXPORT_FORMATS, "export format")
    path = Path(path)
    with progress.task(f"Writing {path.name}"):
        return _export(G, path, fmt)


def _export(G: nx.MultiDiGraph, path: Path, fmt: str) -> list[Path]:
    if fmt == "json":
        text = json.dumps(node_link(G), ensure_ascii=False, indent=1)
        return [atomic_write(path, lambda h: h.write(text.encode("utf-8")))]
    if fmt == "graphml":
        return [atomic_write(path, lambda h: nx.write_graphml(_flat(G), h, encoding="utf-8"))]
    if fmt == "gexf":
        return [atomic_write(path, lambda h: nx.write_gexf(_flat(G), h, encoding="utf-8"))]
    return [
        atomic_write(path / name, lambda handle, rows=rows: handle.write(_csv_text(rows).encode("utf-8")))
        for name, rows in zip(("nodes.csv", "edges.csv"), _csv_rows(G), strict=True)
    ]


def _csv_text(rows) -> str:
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def read_graph(path: str | Path) -> nx.MultiDiGraph:
    """Read a graph written with ``export_graph(..., fmt="json")``.

    Raises:
        StoreError: the file is missing, unreadable or not node-link JSON.
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        G = nx.node_link_graph(data, directed=True, multigraph=True)
    except OSError as exc:
        raise StoreError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"{path}: not a node-link graph: {exc}") from None
    return nx.MultiDiGraph(G)
