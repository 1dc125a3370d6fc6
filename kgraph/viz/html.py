"""Render the knowledge graph as one self-contained, interactive HTML page.

The page is built with pyvis (vis-network) from a template of kgraph's own: vis-network's
script and style are inlined, nothing is fetched from a network, positions are computed in
Python (:mod:`kgraph.viz.layout`; physics off, so the page is usable as soon as it opens).

Every string the page shows is data, never markup: the page title is HTML-escaped by Jinja,
everything else goes through ``tojson`` (``<``, ``>``, ``&``, ``'`` and non-ASCII characters as
``\\uXXXX``, so no string can close the ``<script>``), and the page's script puts it into the DOM
with ``textContent`` only -- tooltips included: the page draws its own tooltip element for the
node or edge vis-network reports hovered (vis-network's popup is never given a title). Names and
descriptions holding HTML or script are shown, never run. A node's learning resources become
links in its tooltip (the first three) and its details (all): only http and https URLs, checked
here (:func:`kgraph._util.urls.web_url`) and again by the page before it makes an anchor with
``setAttribute``, ``target="_blank"`` and ``rel="noopener noreferrer"``. A plan or path is drawn as a route
(:mod:`kgraph.viz.route`) unless ``context`` asks for the whole graph.
"""

from __future__ import annotations

import html
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
from kgraph.viz import route as routes
from kgraph.viz import route_steps, style
from kgraph.viz.layout import layout
from kgraph.viz.panel import panel_fields

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
    # scaled to what the overview shows: a hidden concept does not shrink every topic
    shown = [v for n, v in raw.items() if H.nodes[n].get("kind") not in style.BACKGROUND_KINDS]
    top = max(shown, default=0) or max(raw.values(), default=0) or 1
    return {n: 8 + 32 * math.sqrt(min(value / top, 1.0)) for n, value in raw.items()}


def _palette(values: Iterable[str]) -> dict[str, str]:
    return {value: style.PALETTE[i % len(style.PALETTE)] for i, value in enumerate(dict.fromkeys(values))}


def _color_scheme(H: nx.MultiDiGraph, color_by: str) -> tuple[dict[str, str], list[dict]]:
    """Each node's colour and the legend entries."""
    names = dict(H.nodes(data="name"))
    colors: dict[str, str] = {}
    if color_by == "level":
        for node, data in H.nodes(data=True):
            colors[node] = style.LEVEL_COLORS.get(data.get("level"), style.NEUTRAL.get(data.get("kind"), "#999999"))
        legend = [
            {"label": level, "color": style.LEVEL_COLORS[level], "field": "kgLevel", "value": level} for level in LEVELS
        ]
    else:
        key = "roadmap" if color_by == "roadmap" else "category"
        groups = [n for n, k in H.nodes(data="kind") if k == key]
        palette = _palette(groups)
        for node, data in H.nodes(data=True):
            group = node if data.get("kind") == key else data.get(key)
            colors[node] = palette.get(group, style.NEUTRAL.get(data.get("kind"), "#999999"))
        field_name, by_id = ("kgRoadmap", False) if color_by == "roadmap" else ("kgCategoryId", True)
        legend = [
            {"label": names.get(g, g), "color": c, "field": field_name, "value": g if by_id else names.get(g, g)}
            for g, c in palette.items()
        ]
    legend += [
        {"label": f"{kind} ({style.SHAPES[kind]})", "color": style.NEUTRAL[kind], "field": "kgKind", "value": kind}
        for kind in ("concept", "integration", "level")
        if any(k == kind for _, k in H.nodes(data="kind"))
    ]
    return colors, legend


def _tooltip(G: nx.MultiDiGraph, node: str, data: Mapping, status: str | None, step: int | None) -> str:
    lines = [str(data.get("name", node)), str(data.get("kind", ""))]
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
    context: bool = False,
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
            A plan or path is drawn as a route (:mod:`kgraph.viz.route`): its topics in stage
            columns, arrows from prerequisite to dependent, known topics greyed, with a step list.
        context: with a plan or path, draw the whole graph dimmed with the route highlighted.
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
    sizes = _sizes(G, H, size_by)
    positions = layout(H, radii=sizes, bands=color_by == "level")
    extra = panel_fields(G, H)
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
                "font": {
                    "color": "#bbbbbb" if step_of and step is None else style.label_color(kind),
                    "size": 14 if step else 11,
                },
                "kgKind": kind,
                "kgRoadmap": str(G.nodes[roadmap].get("name", roadmap)) if roadmap in G else "",
                "kgLevel": data.get("level") or "",
                "kgName": str(data.get("name", node)),
                "kgStep": step,
                "kgStatus": status or "",
                **extra[node],
            }
        )

    names = routes.display_names(G, H)
    edges = routes.graph_edges(G, H, highlight, names)
    listing, view = None, "graph"
    if step_of:
        route = routes.build_route(H, plan, path)
        listing = route_steps.listing(G, plan, path, route, names)
        view = "context" if context else "route"
        if not context:
            nodes, edges = routes.route_items(G, route, nodes, names)

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
        "route": listing,
        "view": view,
        "min_scale": routes.MIN_LABEL_PX / routes.FONT,
        "highlight_label": "plan" if plan is not None else "path" if path is not None else "",
        "counts": {"nodes": len(nodes), "edges": len(edges)},
        "color_by": color_by,
        "bands": [  # with colour by level, each band's name at its left
            {"label": str(H.nodes[n].get("name", n)), "x": positions[n][0], "y": positions[n][1]}
            for n, kind in H.nodes(data="kind")
            if kind == NodeKind.LEVEL and color_by == "level"
        ],
        "background_kinds": list(style.BACKGROUND_KINDS),
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
