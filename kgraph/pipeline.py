"""Load the knowledge graph from plugins in one call: the entry point notebooks and the CLI use."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from kgraph._util import progress
from kgraph.model.build import build_graph
from kgraph.plugins.discovery import discover
from kgraph.plugins.load import load_files


def load_graph(
    plugin_dirs: tuple[str | Path, ...] | list[str | Path] = (),
    *,
    builtin: bool = True,
    use_env: bool = True,
    use_entry_points: bool = True,
    cache: bool | None = None,
) -> nx.MultiDiGraph:
    """Discover, validate and load all roadmap plugins, and build the knowledge graph.

    Parameters:
        plugin_dirs: extra plugin folders, loaded after the built-in data.
        builtin: include the built-in roadmaps (``data/``).
        use_env: include folders listed in ``KGRAPH_PLUGIN_PATH``.
        use_entry_points: include plugins from ``kgraph.roadmaps`` entry points.
        cache: reuse a graph built from exactly the same plugin files (see
            :mod:`kgraph.store.cache`); ``None`` follows ``KGRAPH_NO_CACHE``. The returned graph
            is the caller's own either way.

    Raises:
        PluginError: invalid plugin files (every problem with file and place).
        CycleError: the prerequisites form a cycle.

    Example:
        >>> G = load_graph()
        >>> G.nodes["roadmap:kubernetes"]["name"]
        'Kubernetes'
    """
    store, G = _stored(plugin_dirs, builtin, use_env, use_entry_points, cache)
    if G is not None:
        return G
    from kgraph.store.graph_store import full_graph

    with progress.task("Reading the build cache"):
        return full_graph(store)


def open_graph(
    plugin_dirs: tuple[str | Path, ...] | list[str | Path] = (),
    *,
    builtin: bool = True,
    use_env: bool = True,
    use_entry_points: bool = True,
    cache: bool | None = None,
) -> nx.MultiDiGraph:
    """The knowledge graph as :func:`load_graph` gives it, read lazily from the build cache
    when it is there: a read-only :class:`~kgraph.store.graph_store.StoreGraph` whose nodes
    and edges are decoded as a question touches them (what the CLI's ``plan``, ``path``,
    ``next``, ``show``, ``order``, ``info`` and ``progress`` use). With the cache off (or a
    cache folder that cannot be written), the freshly built graph.

    Raises:
        PluginError, CycleError: as :func:`load_graph`.
    """
    store, G = _stored(plugin_dirs, builtin, use_env, use_entry_points, cache)
    if store is None:
        return G
    from kgraph.store.graph_store import StoreGraph

    return StoreGraph(store)  # also after a miss: the store just written holds the counted answers


def _stored(plugin_dirs, builtin, use_env, use_entry_points, cache):
    """``(store, None)`` from the build cache, else ``(store or None, graph)`` built now."""
    from kgraph.store import cache as build_cache

    with progress.task("Loading the graph"):
        files = discover(plugin_dirs, builtin=builtin, use_env=use_env, use_entry_points=use_entry_points)
        if cache is None:
            cache = build_cache.cache_enabled()
        if not cache:
            return None, build_graph(load_files(files))
        key = build_cache.cache_key(files, {"builtin": builtin})
        return build_cache.cached_store(key, lambda: build_graph(load_files(files)), _sections)


def _sections(G: nx.MultiDiGraph) -> dict:
    """The store sections of a built graph, with the answers counted once for it."""
    from kgraph._util.gcpause import gc_paused
    from kgraph.analysis.precompute import precomputed_answers
    from kgraph.store.graph_store import graph_sections

    with gc_paused():  # many small containers: the collector would rescan the whole graph again and again
        return graph_sections(G, precomputed_answers(G))
