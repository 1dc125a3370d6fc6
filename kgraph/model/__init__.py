"""The knowledge-graph model: node and edge kinds, ids, plugin specs and the graph build."""

from kgraph.model.build import build_graph, requires_subgraph
from kgraph.model.kinds import LEVELS, EdgeKind, NodeKind

__all__ = ["LEVELS", "EdgeKind", "NodeKind", "build_graph", "requires_subgraph"]
