"""Answers a stored graph carries with it (counted when it was built), for analyses that would
otherwise read every node: see :class:`kgraph.store.graph_store.StoreGraph`."""

from __future__ import annotations


def precomputed(G, name: str):
    """The answer ``name`` stored with ``G``, or ``None`` (always for a plain NetworkX graph)."""
    return G.precomputed(name) if is_stored(G) else None


def is_stored(G) -> bool:
    """Whether ``G`` is a graph read lazily from a store (it carries precomputed answers)."""
    return callable(getattr(G, "precomputed", None))
