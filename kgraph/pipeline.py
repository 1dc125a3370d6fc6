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
    from kgraph.store import cache as build_cache

    with progress.task("Loading the graph"):
        files = discover(plugin_dirs, builtin=builtin, use_env=use_env, use_entry_points=use_entry_points)
        if cache is None:
            cache = build_cache.cache_enabled()
        if not cache:
            return build_graph(load_files(files))
        key = build_cache.cache_key(files, {"builtin": builtin})
        return build_cache.cached_build(key, lambda: build_graph(load_files(files)))
