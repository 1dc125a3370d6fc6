"""pandas DataFrames of a graph, for notebooks."""

from __future__ import annotations

import networkx as nx

from kgraph._util import arguments


def frames(G: nx.MultiDiGraph):
    """``(nodes, edges)`` DataFrames: one row per node (``id`` plus attributes, and
    ``roadmap_name`` / ``category_name`` where the node has a roadmap / category) and per edge
    (``source``, ``target``, ``kind`` plus attributes).

    Example:
        >>> nodes, edges = frames(G)
        >>> int(nodes[nodes.kind == "topic"].groupby("roadmap").size()["roadmap:docker"])
        53
    """
    import pandas as pd

    names = dict(arguments.graph(G).nodes(data="name"))
    rows = []
    for node, data in G.nodes(data=True):
        row = {"id": node, **data}
        for key in ("roadmap", "category"):
            if data.get(key) in names:
                row[f"{key}_name"] = names[data[key]]
        rows.append(row)
    nodes = pd.DataFrame(rows)
    edges = pd.DataFrame([{"source": u, "target": v, **d} for u, v, d in G.edges(data=True)])
    if nodes.empty:
        nodes = pd.DataFrame(columns=["id", "kind", "name"])
    if edges.empty:
        edges = pd.DataFrame(columns=["source", "target", "kind"])
    return nodes, edges
