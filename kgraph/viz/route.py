"""Plans and paths drawn as routes, the way a roadmap reads.

A plan's topics stand in stage columns (x is the stage, its topics spread down the column), a
path's one column per step. Arrows go from a prerequisite to the step that needs it: REQUIRES
edges point the other way (dependent -> prerequisite), so route edges are drawn reversed. Known
topics the plan builds on (prerequisites of plan topics it does not hold) are greyed context in
a column of their own on the left; any-of alternatives the plan did not choose are dashed. The
route shows at most :data:`MAX_FACTOR` times as many nodes as it has steps.

Spacing is chosen for labels of :data:`FONT` px wrapped at :data:`LABEL_WIDTH`: the page's
opening zoom never goes below :data:`MIN_LABEL_PX` / :data:`FONT`, so every label reads at
12 px or more.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from kgraph._util import arguments
from kgraph._util.text import shorten
from kgraph.model.kinds import EdgeKind
from kgraph.viz import style

COLUMN = 240.0
"""Distance between stage columns, in canvas pixels (a wrapped label is at most LABEL_WIDTH wide)."""
ROW = 105.0
"""Distance between the topics of one column: a dot and up to three lines of label."""
FONT = 16
LABEL_WIDTH = 180
MIN_LABEL_PX = 12
MAX_FACTOR = 3

STEP, GOAL, CONTEXT, ALTERNATIVE = "step", "goal", "context", "alternative"

Point = tuple[float, float]


@dataclass
class RouteEdge:
    """An edge of the route: the graph's edge ``u -> v`` with its data, drawn ``start -> end``."""

    u: str
    v: str
    data: dict
    role: str  # "route", "context" or "alternative"
    start: str
    end: str
    smooth: dict | None = None


@dataclass
class Route:
    """What the route view draws: each node's role and position, its edges, and the step list."""

    roles: dict[str, str]
    positions: dict[str, Point]
    edges: list[RouteEdge]
    steps: dict[str, int]
    listing: dict = field(default_factory=dict)


def ids(items, what: str) -> list[str]:
    """Node ids in order from a plan or path object (``.topics``) or a list of ids."""
    if hasattr(items, "topics"):
        items = items.topics
    return arguments.names(items, what)


def display_names(G: nx.MultiDiGraph, nodes: Iterable[str]) -> dict[str, str]:
    """Each node's name; names that repeat are told apart by roadmap: ``Networking (AWS)``."""
    nodes = list(nodes)
    names = {n: str(G.nodes[n].get("name", n)) for n in nodes}
    counts = Counter(names.values())
    for node, name in names.items():
        roadmap = G.nodes[node].get("roadmap")
        if counts[name] > 1 and roadmap in G:
            names[node] = f"{name} ({G.nodes[roadmap].get('name', roadmap)})"
    return names


def sentence(G: nx.MultiDiGraph, u: str, v: str, data: dict, names: dict[str, str]) -> str:
    """An edge told as a sentence: ``A requires B: reason``, ``A mentions concept C``, ..."""

    def name(node: str) -> str:
        return names.get(node) or str(G.nodes[node].get("name", node))

    a, b, kind = name(u), name(v), data.get("kind", "")
    verbs = {
        EdgeKind.MENTIONS: "mentions concept",
        EdgeKind.PART_OF: "is part of",
        EdgeKind.HAS_CATEGORY: "has the category",
        EdgeKind.HAS_TOPIC: "has the topic",
        EdgeKind.INTEGRATES: "links to the roadmap",
        EdgeKind.AT_LEVEL: "is at level",
    }
    text = f"{a} {verbs.get(kind, 'requires' if kind == EdgeKind.REQUIRES else str(kind))} {b}"
    if data.get("reason"):
        text += f": {data['reason']}"
    if data.get("needs"):
        hours = f" ({data['hours']:g} h)" if isinstance(data.get("hours"), int | float) else ""
        text += f"\nonly a part: {data['needs']}{hours}"
    if data.get("group"):
        members = [name(w) for _, w, d in G.out_edges(u, data=True) if d.get("group") == data["group"]]
        text += "\none of: " + ", ".join(members)
    if data.get("strength") == "recommended":
        text += "\n(recommended, not essential)"
    return text


def _requires(G: nx.MultiDiGraph, node: str):
    for _, target, data in G.out_edges(node, data=True):
        if data.get("kind") == EdgeKind.REQUIRES:
            yield target, data


def _plan_columns(G: nx.MultiDiGraph, plan, order: list[str]) -> dict[str, int]:
    """Each plan topic's stage (from 1); a plain list of ids is staged by its prerequisites."""
    if hasattr(plan, "stages"):
        return {step.topic: i for i, stage in enumerate(plan.stages, start=1) for step in stage}
    column: dict[str, int] = {}
    for node in order:
        column[node] = 1 + max((column[t] for t, _ in _requires(G, node) if t in column), default=0)
    return column


def _extras(G: nx.MultiDiGraph, plan, members: set[str], budget: int) -> dict[str, str]:
    """Context (known prerequisites of plan topics, most needed first) and unchosen any-of
    alternatives, at most ``budget`` of them."""
    needed: Counter = Counter()
    partial = {step.topic for step in getattr(plan, "steps", []) if step.part}  # needs no prerequisite in full
    for node in members - partial:
        for target, data in _requires(G, node):
            if target not in members and not data.get("group") and data.get("strength", "essential") == "essential":
                needed[target] += 1
    alternatives: dict[str, str] = {}
    for choice in getattr(plan, "choices", []):
        if choice.topic not in members:
            continue
        if choice.chosen not in members:
            needed[choice.chosen] += 1
        for member in choice.group:
            if member != choice.chosen and member not in members:
                alternatives.setdefault(member, ALTERNATIVE)
    ranked = [(n, CONTEXT) for n, _ in sorted(needed.items(), key=lambda item: (-item[1], item[0]))]
    ranked += [(n, ALTERNATIVE) for n in sorted(alternatives) if n not in needed]
    return {n: role for n, role in ranked[: max(budget, 0)] if n in G}


def build_route(G: nx.MultiDiGraph, plan=None, path=None) -> Route:
    """The route of ``plan`` and/or ``path`` in ``G``: roles, positions, edges and step list."""
    plan_ids = [n for n in ids(plan, "plan") if n in G]
    path_ids = [n for n in ids(path, "path") if n in G]
    steps = {node: i for i, node in enumerate(dict.fromkeys(plan_ids + path_ids), start=1)}
    goals = set(getattr(plan, "goals", plan_ids[-1:])) | set(path_ids[-1:])
    roles = {node: GOAL if node in goals else STEP for node in steps}
    members = set(plan_ids)
    roles.update(_extras(G, plan, members, MAX_FACTOR * len(steps) - len(steps)))

    columns: dict[str, tuple[int, int]] = {}  # node -> (block, column)
    for node, column in _plan_columns(G, plan, plan_ids).items():
        columns[node] = (0, column)
    for node, role in roles.items():
        if role == ALTERNATIVE:  # beside the member that was chosen: a stage before the topic needing it
            needing = [columns[d][1] for d in members if d in columns and node in dict(_requires(G, d))]
            columns[node] = (0, max(min(needing, default=1) - 1, 0))
        elif role == CONTEXT:
            columns[node] = (0, 0)
    for i, node in enumerate(path_ids):
        columns.setdefault(node, (1, i + 1))

    edges = _edges(G, roles, members, path_ids)
    positions = _positions(columns, edges)
    _bend(positions, edges)
    return Route(roles, positions, edges, steps)


def _edges(G: nx.MultiDiGraph, roles: dict[str, str], members: set[str], path_ids: list[str]) -> list[RouteEdge]:
    edges: list[RouteEdge] = []
    seen: set[tuple[str, str]] = set()
    for node in sorted(members):
        for target, data in _requires(G, node):
            role = roles.get(target)
            if target in members:
                kind = "route"
            elif role == CONTEXT:
                kind = "context"
            elif role == ALTERNATIVE and data.get("group"):
                kind = "alternative"
            else:
                continue
            edges.append(RouteEdge(node, target, dict(data), kind, target, node))
            seen.add((node, target))
    for first, then in itertools.pairwise(path_ids):
        if (then, first) in seen or (first, then) in seen:
            continue
        between = [(then, first, d) for d in (G.get_edge_data(then, first) or {}).values()]
        between += [(first, then, d) for d in (G.get_edge_data(first, then) or {}).values()]
        between.sort(key=lambda e: e[2].get("kind") != EdgeKind.REQUIRES)
        if between:
            u, v, data = between[0]
            edges.append(RouteEdge(u, v, dict(data), "route", first, then))
            seen.add((u, v))
    return edges


def _positions(columns: dict[str, tuple[int, int]], edges: list[RouteEdge]) -> dict[str, Point]:
    """x by column, y spread in a column; each column ordered by where its neighbours stand
    (two barycentre sweeps), so that few arrows cross; a path's block below the plan's."""
    neighbours: dict[str, list[str]] = {n: [] for n in columns}
    for edge in edges:
        if edge.start in columns and edge.end in columns:
            neighbours[edge.start].append(edge.end)
            neighbours[edge.end].append(edge.start)
    by_column: dict[tuple[int, int], list[str]] = {}
    for node, key in columns.items():
        by_column.setdefault(key, []).append(node)
    rank = {node: i for i, node in enumerate(columns)}
    for sweep in (sorted(by_column), sorted(by_column, reverse=True)):
        for key in sweep:
            placed = by_column[key]
            for index, node in enumerate(placed):
                rank[node] = index - (len(placed) - 1) / 2

            def centre(node: str, key=key) -> float:
                near = [rank[m] for m in neighbours[node] if columns[m] != key]
                return sum(near) / len(near) if near else rank[node]

            placed.sort(key=centre)
            for index, node in enumerate(placed):
                rank[node] = index - (len(placed) - 1) / 2
    tallest = {block: max(len(v) for k, v in by_column.items() if k[0] == block) for block, _ in by_column}
    offset = {0: 0.0, 1: (tallest.get(0, 0) + tallest.get(1, 0)) / 2 * ROW + ROW if 0 in tallest else 0.0}
    return {node: (key[1] * COLUMN, rank[node] * ROW + offset[key[0]]) for node, key in columns.items()}


_DOT = 34.0  # no edge passes closer to another node's centre than this
_LABEL = (90.0, 14.0, 80.0)  # a label: half its width, its top and bottom below the node's centre
_APART = 14.0  # an edge's middle keeps this far from every other edge (vis-network looks 10 px around)


def _curve(a: Point, b: Point, kind: str | None, roundness: float) -> list[Point]:
    """Points along an edge as vis-network draws it: straight, or a quadratic curve through the
    control point vis-network puts for ``curvedCW`` / ``curvedCCW``."""
    if kind is None:
        via = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    else:
        dx, dy = b[0] - a[0], a[1] - b[1]
        turn = 0.5 * roundness if kind == "curvedCW" else -0.5 * roundness
        angle = (math.atan2(dy, dx) + (turn + 0.5) * math.pi) % (2 * math.pi)
        reach = (0.5 * roundness + 0.5) * math.hypot(dx, dy)
        via = (a[0] + reach * math.sin(angle), a[1] + reach * math.cos(angle))
    out = []
    for i in range(1, 20):
        t = i / 20
        out.append(tuple((1 - t) ** 2 * p + 2 * t * (1 - t) * v + t**2 * q for p, v, q in zip(a, via, b, strict=True)))
    return out


def _clear(points: list[Point], others: list[Point], labels: bool) -> bool:
    for x, y in points:
        for px, py in others:
            if math.hypot(x - px, y - py) < _DOT:
                return False
            if labels and abs(x - px) < _LABEL[0] and py + _LABEL[1] < y < py + _LABEL[2]:
                return False
    return True


def _near(point: Point, line: list[Point]) -> float:
    """How far ``point`` is from the polyline ``line``."""
    best = math.inf
    for (x1, y1), (x2, y2) in itertools.pairwise(line):
        dx, dy = x2 - x1, y2 - y1
        t = max(0.0, min(1.0, ((point[0] - x1) * dx + (point[1] - y1) * dy) / (dx * dx + dy * dy or 1.0)))
        best = min(best, math.hypot(point[0] - x1 - t * dx, point[1] - y1 - t * dy))
    return best


def _bend(positions: dict[str, Point], edges: list[RouteEdge]) -> None:
    """An edge whose straight line would cross another node (or its label), or whose middle would
    lie on another edge, bows: the least roundness of ``curvedCW`` or ``curvedCCW`` that clears
    them. Pointing at the middle of any edge then finds that edge (vis-network takes the nearest)."""
    shapes = [(None, 0.0)] + [(k, r) for r in (0.15, 0.25, 0.35, 0.5, 0.7) for k in ("curvedCW", "curvedCCW")]
    drawn: list[list[Point]] = []
    for edge in edges:
        a, b = positions.get(edge.start), positions.get(edge.end)
        if a is None or b is None:
            continue
        others = [p for n, p in positions.items() if n not in (edge.start, edge.end)]

        def fits(line: list[Point], labels: bool, apart: bool, others=others) -> bool:
            if not _clear(line[1:-1], others, labels):
                return False
            middle = line[10]
            return not apart or all(_near(middle, o) >= _APART and _near(o[10], line) >= _APART for o in drawn)

        chosen = (None, 0.0)
        for labels, apart in ((True, True), (False, True), (True, False), (False, False)):
            found = next((s for s in shapes if fits([a, *_curve(a, b, *s), b], labels, apart)), None)
            if found:
                chosen = found
                break
        if chosen[0]:
            edge.smooth = {"enabled": True, "type": chosen[0], "roundness": chosen[1]}
        drawn.append([a, *_curve(a, b, *chosen), b])


def graph_edges(G: nx.MultiDiGraph, H: nx.MultiDiGraph, highlight: list[str], names: dict[str, str]) -> list[dict]:
    """The whole graph's edges (the ``context`` view), each titled as a sentence; with a plan or
    path, its edges highlighted and drawn last (vis-network draws in order), the rest dimmed and
    untitled."""
    steps = set(highlight)
    path_edges = set(itertools.pairwise(highlight))
    edges, on_top = [], []
    for index, (u, v, data) in enumerate(H.edges(data=True)):
        kind = data.get("kind", "")
        edge = {"id": f"e{index}", "from": u, "to": v, "kgKind": kind, **style.EDGE_STYLES.get(kind, {})}
        edge["title"] = sentence(G, u, v, data, names)
        if steps:
            on_plan = u in steps and v in steps and kind == EdgeKind.REQUIRES
            if on_plan or (u, v) in path_edges or (v, u) in path_edges:
                edge.update(color=style.HIGHLIGHT, width=3, hidden=False)
                on_top.append(edge)
                continue
            edge["color"] = style.DIMMED
            del edge["title"]
        edges.append(edge)
    return edges + on_top


_LOOKS = {
    STEP: {"size": 16, "borderWidth": 3},
    GOAL: {"size": 24, "borderWidth": 6},
    CONTEXT: {"size": 12, "borderWidth": 1, "background": "#e6e6e6", "border": "#a8a8a8", "font": "#6b6b6b"},
    ALTERNATIVE: {"size": 12, "borderWidth": 2, "background": "#ffffff", "border": "#8f8f8f", "font": "#6b6b6b"},
}
_NOTES = {
    CONTEXT: "known: the plan builds on it",
    ALTERNATIVE: "an alternative the plan did not choose (any one of the group will do)",
}
_EDGE_LOOKS = {
    "route": {"color": style.HIGHLIGHT, "width": 3},
    "context": {"color": "#a8a8a8", "width": 1.5},
    "alternative": {"color": "#8f8f8f", "width": 1.5, "dashes": [6, 5]},
}


def route_items(G: nx.MultiDiGraph, route: Route, nodes: list[dict], names: dict[str, str]) -> tuple[list, list]:
    """The route view's nodes (the page's node items, restyled and placed) and edges."""
    items = []
    for node in nodes:
        role = route.roles.get(node["id"])
        if role is None:
            continue
        look = _LOOKS[role]
        step = route.steps.get(node["id"])
        label = shorten(names.get(node["id"], node["kgName"]), 60)
        mark = style.STATUS_MARK.get(node.get("kgStatus"), "")
        x, y = route.positions[node["id"]]
        color = dict(node["color"])
        if "background" in look:
            color = {"background": look["background"], "border": look["border"]}
            color["highlight"] = {"background": look["background"], "border": "#000"}
        else:  # the goal ringed in the highlight colour; a progress state keeps its border
            ring = style.HIGHLIGHT if role == GOAL else "#333333"
            color["border"] = style.STATUS_BORDER.get(node.get("kgStatus"), ring)
        title = node.get("title", "")
        if role in _NOTES:
            title = f"{title}\n{_NOTES[role]}"
        items.append(
            node
            | {
                "label": mark + (f"{step}. {label}" if step else label),
                "title": title,
                "x": round(x, 1),
                "y": round(y, 1),
                "size": look["size"],
                "borderWidth": look["borderWidth"],
                "color": color,
                "font": {"size": FONT, "color": look.get("font", "#222222"), "strokeWidth": 3, "strokeColor": "#fff"},
                "widthConstraint": {"maximum": LABEL_WIDTH},
                "shapeProperties": {"borderDashes": [4, 3] if role == ALTERNATIVE else False},
                "kgRole": role,
            }
        )
    order = {"context": 0, "alternative": 1, "route": 2}
    edges = []
    for index, edge in enumerate(sorted(route.edges, key=lambda e: order[e.role])):
        edges.append(
            {
                "id": f"r{index}",
                "from": edge.start,
                "to": edge.end,
                "kgKind": edge.data.get("kind", ""),
                "kgRole": edge.role,
                "title": sentence(G, edge.u, edge.v, edge.data, names),
                "arrows": "to",
                **_EDGE_LOOKS[edge.role],
                **({"smooth": edge.smooth} if edge.smooth else {}),
            }
        )
    return items, edges
