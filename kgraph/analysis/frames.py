"""pandas DataFrames of a graph, for notebooks."""

from __future__ import annotations

import networkx as nx


def frames(G: nx.MultiDiGraph):
    """``(nodes, edges)`` DataFrames: one row per node (``id`` plus attributes) and per edge
    (``source``, ``target``, ``kind`` plus attributes).

    Example:
        >>> nodes, edges = frames(load_graph())  # doctest: +SKIP
        >>> nodes[nodes.kind == "topic"].groupby("roadmap").size()  # doctest: +SKIP
    """
    import pandas as pd

    nodes = pd.DataFrame([{"id": n, **d} for n, d in G.nodes(data=True)], columns=None)
    edges = pd.DataFrame([{"source": u, "target": v, **d} for u, v, d in G.edges(data=True)])
    if nodes.empty:
        nodes = pd.DataFrame(columns=["id", "kind", "name"])
    if edges.empty:
        edges = pd.DataFrame(columns=["source", "target", "kind"])
    return nodes, edges
