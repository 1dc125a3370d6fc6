"""Load the knowledge graph from plugins in one call: the entry point notebooks and the CLI use."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from kgraph.model.build import build_graph
from kgraph.plugins.load import load_plugins


def load_graph(
    plugin_dirs: tuple[str | Path, ...] | list[str | Path] = (),
    *,
    builtin: bool = True,
    use_env: bool = True,
    use_entry_points: bool = True,
) -> nx.MultiDiGraph:
    """Discover, validate and load all roadmap plugins, and build the knowledge graph.

    Parameters:
        plugin_dirs: extra plugin folders, loaded after the built-in data.
        builtin: include the built-in roadmaps (``data/``).
        use_env: include folders listed in ``KGRAPH_PLUGIN_PATH``.
        use_entry_points: include plugins from ``kgraph.roadmaps`` entry points.

    Raises:
        PluginError: invalid plugin files (every problem with file and place).
        CycleError: the prerequisites form a cycle.

    Example:
        >>> G = load_graph()
        >>> G.nodes["roadmap:kubernetes"]["name"]
        'Kubernetes'
    """
    plugins = load_plugins(plugin_dirs, builtin=builtin, use_env=use_env, use_entry_points=use_entry_points)
    return build_graph(plugins)
