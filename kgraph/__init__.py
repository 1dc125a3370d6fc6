"""kgraph: a knowledge-graph toolkit for infrastructure learning roadmaps.

The public API is imported lazily, so ``import kgraph`` (and ``kgraph --help``) stays fast.

>>> import kgraph
>>> G = kgraph.load_graph()
"""

from __future__ import annotations

from importlib import import_module

from kgraph._util.version import __version__ as __version__

_API = {
    "load_graph": "kgraph.pipeline",
    "build_graph": "kgraph.model.build",
    "load_plugins": "kgraph.plugins.load",
    "resolve_topic": "kgraph.model.lookup",
    "resolve_topics": "kgraph.model.lookup",
    "graph_info": "kgraph.analysis.summary",
    "topic_details": "kgraph.analysis.summary",
    "learning_path": "kgraph.analysis.paths",
    "learning_plan": "kgraph.analysis.plans",
    "prerequisite_order": "kgraph.analysis.ordering",
    "next_topics": "kgraph.analysis.frontier",
    "cross_domain_centrality": "kgraph.analysis.centrality",
    "frames": "kgraph.analysis.frames",
    "load_progress": "kgraph.store.progress",
    "save_progress": "kgraph.store.progress",
    "render_html": "kgraph.viz.html",
    "export_graph": "kgraph.store.files",
    "read_graph": "kgraph.store.files",
    "connect": "kgraph.store.neo4j",
    "push": "kgraph.store.neo4j",
    "pull": "kgraph.store.neo4j",
    "push_graph": "kgraph.store.neo4j",
    "pull_graph": "kgraph.store.neo4j",
    "run_cypher": "kgraph.store.neo4j",
    "KgraphError": "kgraph.errors",
    "PluginError": "kgraph.errors",
    "TopicNotFound": "kgraph.errors",
    "AmbiguousTopic": "kgraph.errors",
    "CycleError": "kgraph.errors",
    "NoPath": "kgraph.errors",
    "StoreError": "kgraph.errors",
    "ConnectionFailed": "kgraph.errors",
    "QueryError": "kgraph.errors",
    "NodeKind": "kgraph.model.kinds",
    "EdgeKind": "kgraph.model.kinds",
}

__all__ = sorted(_API)


def __getattr__(name: str):
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'kgraph' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
