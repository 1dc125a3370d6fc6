"""Answers a stored graph carries with it (counted when it was built), for analyses that would
otherwise read every node: see :class:`kgraph.store.graph_store.StoreGraph`."""

from __future__ import annotations


def precomputed(G, name: str):
    """The answer ``name`` stored with ``G``, or ``None`` (always for a plain NetworkX graph)."""
    get = getattr(G, "precomputed", None)
    return get(name) if callable(get) else None
