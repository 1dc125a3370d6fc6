"""The knowledge-graph model: node and edge kinds, ids, plugin specs and the graph build.

Names are imported lazily, so light modules of the package (:mod:`kgraph.model.kinds`,
:mod:`kgraph.model.vocabulary`) can be used without the graph library.
"""

from __future__ import annotations

from importlib import import_module

_NAMES = {
    "LEVELS": "kgraph.model.kinds",
    "EdgeKind": "kgraph.model.kinds",
    "NodeKind": "kgraph.model.kinds",
    "build_graph": "kgraph.model.build",
    "requires_subgraph": "kgraph.model.build",
}

__all__ = sorted(_NAMES)


def __getattr__(name: str):
    if name not in _NAMES:
        raise AttributeError(f"module 'kgraph.model' has no attribute {name!r}")
    return getattr(import_module(_NAMES[name]), name)
