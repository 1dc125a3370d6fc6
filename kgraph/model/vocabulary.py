"""The fixed vocabularies of kgraph's API, in one light module (no graph library imported):
the analyses check their arguments against these, and the CLI builds its choices from them,
so `kgraph --help` stays fast and the two never disagree."""

from __future__ import annotations

from kgraph.model.kinds import LEVELS, PROGRESS_STATES

CENTRALITY_METRICS: tuple[str, ...] = ("bridging", "betweenness", "pagerank", "degree")
"""``cross_domain_centrality(metric=...)``: bridging is the default."""

CENTRALITY_KINDS: tuple[str, ...] = ("topic", "concept", "all")
"""``cross_domain_centrality(kind=...)``: which nodes to rank."""

COLOR_BY: tuple[str, ...] = ("roadmap", "level", "category")
"""``render_html(color_by=...)``."""

SIZE_BY: tuple[str, ...] = ("degree", "centrality", "effort")
"""``render_html(size_by=...)``."""

EXPORT_FORMATS: tuple[str, ...] = ("json", "graphml", "gexf", "csv")
"""``export_graph(fmt=...)``: node-link JSON, GraphML, GEXF, or a folder of CSV files."""

EXPORT_COMMAND_FORMATS: tuple[str, ...] = (*EXPORT_FORMATS, "neo4j-import")
"""``kgraph export --format``: those of ``export_graph``, and a folder for neo4j-admin
(``kgraph.store.neo4j_import.write_import_folder``)."""

SHARED_FILES: tuple[str, ...] = ("integrations", "levels", "concepts")
"""Plugin files shared by all roadmaps (``integrations.yaml``, ...); every other file is a roadmap."""

GRAPH_SOURCES: tuple[str, ...] = ("plugins", "neo4j")
"""Where a command's graph comes from: the roadmap plugins, or a Neo4j database."""

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""``schedule_plan(days=...)``: study days, Monday first."""

PLAN_FORMATS: tuple[str, ...] = ("table", "json", "csv", "markdown", "ics")
"""``kgraph plan --format``: a table, data, a markdown checklist, or an iCalendar file."""

NEXT_FORMATS: tuple[str, ...] = ("table", "json", "csv", "markdown")
"""``kgraph next --format``: a table, data, or a markdown checklist."""

PUSH_MODES: tuple[str, ...] = ("auto", "bulk", "merge")
"""``push_graph(mode=...)``: ``auto`` takes the bulk path when the database holds no kgraph node."""

MATRIX_FORMATS: tuple[str, ...] = ("table", "json", "csv", "html")
"""``kgraph team matrix --format``: a table, data, or a heatmap page."""

__all__ = [
    "CENTRALITY_KINDS",
    "CENTRALITY_METRICS",
    "COLOR_BY",
    "EXPORT_COMMAND_FORMATS",
    "EXPORT_FORMATS",
    "GRAPH_SOURCES",
    "LEVELS",
    "MATRIX_FORMATS",
    "NEXT_FORMATS",
    "PLAN_FORMATS",
    "PROGRESS_STATES",
    "PUSH_MODES",
    "SHARED_FILES",
    "SIZE_BY",
    "WEEKDAYS",
]
