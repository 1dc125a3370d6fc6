"""Render the knowledge graph as one self-contained, interactive HTML page.

The page is built with pyvis (vis-network) from a template of kgraph's own: vis-network's
script and style are inlined, nothing is fetched from a network, positions are computed in
Python (:mod:`kgraph.viz.layout`; physics off, so the page is usable as soon as it opens).

Every string the page shows is data, never markup: the page title is HTML-escaped by Jinja,
everything else goes through ``tojson`` (``<``, ``>``, ``&``, ``'`` and non-ASCII characters as
``\\uXXXX``, so no string can close the ``<script>``), and the page's script puts it into the DOM
with ``textContent`` only -- tooltips included: they are handed to vis-network as elements, not
strings. Names and descriptions holding HTML or script are shown, never run.
"""

from __future__ import annotations

import html
import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kgraph._util import arguments
from kgraph._util.text import shorten
from kgraph.model.kinds import LEVELS, EdgeKind, NodeKind
from kgraph.model.lookup import resolve_roadmaps
from kgraph.model.vocabulary import COLOR_BY, SIZE_BY
from kgraph.viz import style
from kgraph.viz.layout import layout

_TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class HtmlPage:
    """A rendered page: ``html`` text, node and edge counts; shows inline in Jupyter."""

    html: str = field(repr=False)
    nodes: int = 0
    edges: int = 0

    def __str__(self) -> str:
        return self.html

    def write(self, path: str | Path) -> Path:
        """Write the page to ``path`` atomically.

        Raises:
            StoreError: the file cannot be written.
        """
        from kgraph._util.files import atomic_write

        return atomic_write(Path(path), lambda handle: handle.write(self.html.encode("utf-8")))

    def _repr_html_(self) -> str:
        """Jupyter: the page in a sandboxed iframe (scripts run inside it only)."""
        return (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" style="width:100%;height:640px;border:0" '
            'sandbox="allow-scripts"></iframe>'
        )


def _select(G: nx.MultiDiGraph, roadmaps: Iterable[str] | None) -> nx.MultiDiGraph:
    """The part of ``G`` to draw: everything, or the chosen roadmaps' nodes and what they touch."""
    if not roadmaps:
        return G
    chosen = resolve_roadmaps(G, roadmaps)
    keep = set(chosen)
    for node, data in G.nodes(data=True):
        if data.get("roadmap") in chosen:
            keep.add(node)
    for node in list(keep):
        for _, target, kind in G.out_edges(node, data="kind"):
            if kind in (EdgeKind.MENTIONS, EdgeKind.AT_LEVEL):
                keep.add(target)
    for node, kind in G.nodes(data="kind"):
        if kind == NodeKind.INTEGRATION and any(t in chosen for t in G.successors(node)):
            keep.add(node)
    return G.subgraph(keep)


def _sizes(G: nx.MultiDiGraph, H: nx.MultiDiGraph, size_by: str) -> dict[str, float]:
    if size_by == "effort":
        raw = {n: float(H.nodes[n].get("effort_hours") or 0) for n in H}
    elif size_by == "centrality":
        from kgraph.analysis.centrality import cross_domain_centrality

        scores = {r.id: r.score for r in cross_domain_centrality(G, metric="bridging", top=None).items}
        raw = {n: scores.get(n, 0.0) for n in H}
    else:
        raw = {n: float(H.degree(n)) for n in H}
    top = max(raw.values(), default=0) or 1
    return {n: 8 + 32 * math.sqrt(value / top) for n, value in raw.items()}


def _palette(values: Iterable[str]) -> dict[str, str]:
    return {value: style.PALETTE[i % len(style.PALETTE)] for i, value in enumerate(dict.fromkeys(values))}


def _color_scheme(H: nx.MultiDiGraph, color_by: str) -> tuple[dict[str, str], list[dict]]:
    """Each node's colour and the legend entries."""
    names = dict(H.nodes(data="name"))
    colors: dict[str, str] = {}
    if color_by == "level":
        for node, data in H.nodes(data=True):
            colors[node] = style.LEVEL_COLORS.get(data.get("level"), style.NEUTRAL.get(data.get("kind"), "#999999"))
        legend = [{"label": level, "color": style.LEVEL_COLORS[level]} for level in LEVELS]
    else:
        key = "roadmap" if color_by == "roadmap" else "category"
        groups = [n for n, k in H.nodes(data="kind") if k == key]
        palette = _palette(groups)
        for node, data in H.nodes(data=True):
            group = node if data.get("kind") == key else data.get(key)
            colors[node] = palette.get(group, style.NEUTRAL.get(data.get("kind"), "#999999"))
        legend = [{"label": names.get(g, g), "color": c} for g, c in palette.items()]
    legend += [
        {"label": f"{kind} ({style.SHAPES[kind]})", "color": style.NEUTRAL[kind]}
        for kind in ("concept", "integration", "level")
        if any(k == kind for _, k in H.nodes(data="kind"))
    ]
    return colors, legend


def _tooltip(G: nx.MultiDiGraph, node: str, data: Mapping, status: str | None, step: int | None) -> str:
    lines = [str(data.get("name", node)), f"{data.get('kind', '')}: {node}"]
    for key, label in (("roadmap", "roadmap"), ("category", "category"), ("parent", "part of")):
        if data.get(key) in G:
            lines.append(f"{label}: {G.nodes[data[key]].get('name')}")
    if data.get("kind") == NodeKind.INTEGRATION and data.get("group"):
        lines.append(f"integration: {data['group']}")
    if data.get("level"):
        lines.append(f"level: {data['level']}")
    if data.get("effort_hours") is not None:
        lines.append(f"effort: {data['effort_hours']:g} h")
    prerequisites = [G.nodes[v].get("name", v) for _, v, k in G.out_edges(node, data="kind") if k == EdgeKind.REQUIRES]
    if prerequisites:
        lines.append("requires: " + ", ".join(sorted(map(str, prerequisites))))
    if data.get("description"):
        lines.append(str(data["description"]))
    if data.get("aliases"):
        lines.append("aliases: " + ", ".join(map(str, data["aliases"])))
    if status:
        lines.append(f"progress: {status}")
    if step is not None:
        lines.append(f"step {step} of the highlighted plan/path")
    return "\n".join(lines)


def _ordered(items, what: str) -> list[str]:
    """Node ids in order from a plan or path object (``.topics``) or a list of ids."""
    if hasattr(items, "topics"):
        items = items.topics
    return arguments.names(items, what)


def render_html(
    G: nx.MultiDiGraph,
    *,
    roadmaps: Iterable[str] | None = None,
    plan=None,
    path=None,
    progress: Mapping[str, str] | None = None,
    color_by: str = "roadmap",
    size_by: str = "degree",
    title: str = "kgraph",
) -> HtmlPage:
    """Render ``G`` (or the chosen ``roadmaps``) as a self-contained interactive HTML page.

    Parameters:
        roadmaps: draw only these roadmaps (ids or names) and the nodes they touch.
        plan: a :class:`~kgraph.analysis.plans.Plan` (or topic ids in order) to highlight as
            numbered steps; everything else is dimmed.
        path: a :class:`~kgraph.analysis.paths.LearningPath` (or node ids in order) to highlight.
        progress: ``topic id -> done | learning | skipped``, shown as borders and marks.
        color_by: ``roadmap``, ``level`` or ``category`` (with a legend).
        size_by: ``degree``, ``centrality`` (bridging) or ``effort``.

    Raises:
        InputError: unknown ``color_by`` / ``size_by``.

    Example:
        >>> import tempfile, pathlib
        >>> from kgraph.analysis.plans import learning_plan
        >>> page = render_html(G, plan=learning_plan(G, ["topic:kubernetes/security-aspects/rbac"]))
        >>> page.write(pathlib.Path(tempfile.mkdtemp()) / "plan.html").stat().st_size > 100_000
        True
    """
    arguments.choice(color_by, COLOR_BY, "color_by")
    arguments.choice(size_by, SIZE_BY, "size_by")
    from pyvis.network import Network

    H = _select(arguments.graph(G), roadmaps)
    highlight = [n for n in [*_ordered(plan, "plan"), *_ordered(path, "path")] if n in H]
    step_of = {node: index for index, node in enumerate(dict.fromkeys(highlight), start=1)}
    progress = arguments.mapping(progress, "progress")
    title = arguments.text(title, "title")
    positions = layout(H)
    sizes = _sizes(G, H, size_by)
    colors, legend = _color_scheme(H, color_by)

    nodes = []
    for node, data in H.nodes(data=True):
        kind = data.get("kind", "")
        status = progress.get(node)
        step = step_of.get(node)
        label = shorten(str(data.get("name", node)), 40)
        label = style.STATUS_MARK.get(status, "") + (f"{step}. {label}" if step else label)
        color = colors[node]
        if step_of and step is None:
            color = style.DIMMED
        border = style.STATUS_BORDER.get(status, style.HIGHLIGHT if step else color)
        x, y = positions[node]
        roadmap = node if kind == NodeKind.ROADMAP else data.get("roadmap")
        nodes.append(
            {
                "id": node,
                "label": label,
                "title": _tooltip(G, node, data, status, step),
                "shape": style.SHAPES.get(kind, "dot"),
                "size": round(sizes[node] * (1.3 if step else 1), 2),
                "color": {"background": color, "border": border, "highlight": {"background": color, "border": "#000"}},
                "borderWidth": 4 if step or status else 1,
                "x": round(x, 1),
                "y": round(y, 1),
                "physics": False,
                "font": {"color": "#bbbbbb" if step_of and step is None else "#222222", "size": 14 if step else 11},
                "kgKind": kind,
                "kgRoadmap": str(G.nodes[roadmap].get("name", roadmap)) if roadmap in G else "",
                "kgLevel": data.get("level") or "",
                "kgName": str(data.get("name", node)),
                "kgStep": step,
                "kgStatus": status or "",
            }
        )

    path_edges = set(itertools.pairwise(highlight))
    edges = []
    for index, (u, v, data) in enumerate(H.edges(data=True)):
        kind = data.get("kind", "")
        edge = {"id": f"e{index}", "from": u, "to": v, "kgKind": kind, "title": kind, **style.EDGE_STYLES.get(kind, {})}
        if data.get("reason"):
            edge["title"] = f"{kind}: {data['reason']}"
        if step_of:
            on_plan = u in step_of and v in step_of and kind == EdgeKind.REQUIRES
            on_path = (u, v) in path_edges or (v, u) in path_edges
            if on_plan or on_path:
                edge.update(color=style.HIGHLIGHT, width=3, hidden=False)
            else:
                edge["color"] = style.DIMMED
        edges.append(edge)

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line", heading="")
    net.nodes, net.edges = nodes, edges
    net.node_ids = [n["id"] for n in nodes]
    net.options = {
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": len(edges) > 3000},
        "edges": {"smooth": False},
        "layout": {"improvedLayout": False},
    }
    _use_template(net)
    kinds = sorted({n["kgKind"] for n in nodes})
    net.templateEnv.globals["kg"] = {
        "title": title,
        "legend": legend,
        "roadmaps": sorted({n["kgRoadmap"] for n in nodes if n["kgRoadmap"]}),
        "kinds": kinds,
        "levels": [level for level in LEVELS if any(n["kgLevel"] == level for n in nodes)],
        "steps": [{"step": step_of[n], "name": str(H.nodes[n].get("name", n))} for n in step_of],
        "highlight_label": "plan" if plan is not None else "path" if path is not None else "",
        "counts": {"nodes": len(nodes), "edges": len(edges)},
        "color_by": color_by,
        "size_by": size_by,
        "options": net.options,
    }
    page = net.generate_html(notebook=False)
    return HtmlPage(page, len(nodes), len(edges))


def _use_template(net) -> None:
    """Point pyvis at kgraph's template (autoescaped), with pyvis's own bundled vis-network."""
    import pyvis
    from jinja2 import Environment, FileSystemLoader

    pyvis_templates = Path(pyvis.__file__).parent / "templates"
    net.templateEnv = Environment(loader=FileSystemLoader([str(_TEMPLATES), str(pyvis_templates)]), autoescape=True)
    net.path = "kgraph.html"
