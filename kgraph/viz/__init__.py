"""Interactive HTML visualisation of the knowledge graph (pyvis / vis-network), self-contained."""

from kgraph.viz.html import HtmlPage, render_html

__all__ = ["HtmlPage", "render_html"]
