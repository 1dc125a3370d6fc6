"""Node positions for the HTML page: roadmaps around a ring, each a ring of its categories.

Each category's topics get a small force-directed layout of their own (NetworkX's
``spring_layout`` on at most :data:`SPRING_LIMIT` nodes, so its dense solver is fast);
the clusters are packed around their roadmap, roadmaps around the page's centre. Concepts
and integration points sit near what they link to, levels in a row above the drawing. Last,
nodes that overlap (given their drawn radii) are pushed apart. The cost grows with the number
of nodes (not its square) and the result is deterministic.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterable, Mapping

import networkx as nx
import numpy as np

from kgraph.model.kinds import LEVELS, EdgeKind, NodeKind, level_rank

SPACING = 60.0
"""Roughly the distance between neighbouring nodes, in page pixels."""
SPRING_LIMIT = 400
GAP = 8.0
"""The least room left between two nodes' edges, in page pixels."""
"""Clusters up to this size are laid out with forces; bigger ones on a sunflower spiral."""
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))

Point = tuple[float, float]


def layout(H: nx.MultiDiGraph, radii: Mapping[str, float] | None = None, *, bands: bool = False) -> dict[str, Point]:
    """Deterministic positions (page pixels) for every node of ``H``; with ``radii`` (the drawn
    radius of each node), no two nodes overlap. With ``bands``, topics sit in horizontal bands
    by level (beginner on top), a column per roadmap (see :func:`level_bands`)."""
    if bands:
        return _separate(H, level_bands(H), radii or {})
    clusters: dict[str, dict[str, list[str]]] = {}  # roadmap -> cluster key -> members
    for node, data in H.nodes(data=True):
        kind = data.get("kind")
        if kind == NodeKind.TOPIC:
            key = data.get("category") or data.get("roadmap") or ""
            clusters.setdefault(data.get("roadmap") or "", {}).setdefault(key, []).append(node)
        elif kind == NodeKind.CATEGORY:
            clusters.setdefault(data.get("roadmap") or "", {}).setdefault(node, []).append(node)
        elif kind == NodeKind.ROADMAP:
            clusters.setdefault(node, {})
    pos: dict[str, Point] = {}
    groups = []
    for roadmap, members in sorted(clusters.items()):
        shapes = [_cluster(H, group) for _, group in sorted(members.items())]
        placed, radius = _ring(shapes)
        if roadmap in H:
            placed[roadmap] = (0.0, 0.0)
        groups.append((placed, radius))
    for placed, centre in zip(*_packed(groups), strict=True):
        pos.update(_shift(placed, centre))
    _place_near_neighbours(H, pos)
    _place_levels(H, pos)
    return _separate(H, pos, radii or {})


def radius(H: nx.MultiDiGraph, node: str, radii: Mapping[str, float]) -> float:
    """How far a node reaches from its centre: its radius, or half a category box's label."""
    reach = float(radii.get(node, SPACING / 5))
    if H.nodes[node].get("kind") == NodeKind.CATEGORY:
        reach = max(reach, min(len(str(H.nodes[node].get("name", ""))), 40) * 3.5)
    return reach


def _separate(H: nx.MultiDiGraph, pos: dict[str, Point], radii: Mapping[str, float]) -> dict[str, Point]:
    """Push overlapping nodes apart, a little at a time, until each pair keeps :data:`GAP`."""
    from scipy.spatial import cKDTree

    nodes = list(pos)
    if len(nodes) < 2:
        return pos
    xy = np.array([pos[n] for n in nodes], dtype=float)
    r = np.array([radius(H, n, radii) for n in nodes])
    turns = np.array([zlib.crc32(n.encode("utf-8")) % 3600 / 3600 * 2 * math.pi for n in nodes])
    for _ in range(200):
        pairs = cKDTree(xy).query_pairs(2 * r.max() + GAP, output_type="ndarray")
        if not len(pairs):
            break
        i, j = pairs[:, 0], pairs[:, 1]
        delta = xy[j] - xy[i]
        dist = np.hypot(delta[:, 0], delta[:, 1])
        need = r[i] + r[j] + GAP
        close = dist < need
        if not close.any():
            break
        i, j, delta, dist, need = i[close], j[close], delta[close], dist[close], need[close]
        same = dist < 1e-6
        delta[same] = np.column_stack([np.cos(turns[i[same]]), np.sin(turns[i[same]])])
        dist[same] = 1.0
        push = delta / dist[:, None] * ((need - dist) / 2 + 0.5)[:, None]
        move = np.zeros_like(xy)
        np.add.at(move, j, push)
        np.add.at(move, i, -push)
        xy += move
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, xy, strict=True)}


def _cluster(H: nx.MultiDiGraph, members: list[str]) -> tuple[dict[str, Point], float]:
    """Positions of one category's nodes around (0, 0), and the radius they take."""
    radius = SPACING * math.sqrt(len(members)) * 0.75
    if len(members) == 1:
        return {members[0]: (0.0, 0.0)}, SPACING / 2
    if len(members) > SPRING_LIMIT:
        return _sunflower(members, SPACING * 0.75), radius
    S = nx.Graph()
    S.add_nodes_from(members)
    S.add_edges_from((u, v) for u, v, k in H.subgraph(members).edges(data="kind") if k != EdgeKind.AT_LEVEL)
    spring = nx.spring_layout(S, seed=7, iterations=50, scale=radius, method="force")
    return {n: (float(x), float(y)) for n, (x, y) in spring.items()}, radius


def _sunflower(members: Iterable[str], step: float) -> dict[str, Point]:
    """Nodes on a golden-angle spiral: even spacing at any count."""
    return {
        node: (step * math.sqrt(i) * math.cos(i * _GOLDEN_ANGLE), step * math.sqrt(i) * math.sin(i * _GOLDEN_ANGLE))
        for i, node in enumerate(members)
    }


def _ring(shapes: list[tuple[dict[str, Point], float]]) -> tuple[dict[str, Point], float]:
    """Clusters side by side on a circle around (0, 0); all positions, and the outer radius."""
    placed, centres = _packed(shapes)
    out: dict[str, Point] = {}
    for positions, centre in zip(placed, centres, strict=True):
        out.update(_shift(positions, centre))
    reach = max((math.hypot(*c) + r for c, (_, r) in zip(centres, shapes, strict=True)), default=SPACING)
    return out, reach


def _packed(shapes: list[tuple[dict[str, Point], float]]) -> tuple[list[dict[str, Point]], list[Point]]:
    """Centres on one circle for shapes of the given radii: each gets an arc in proportion to
    its width, on a circle big enough that neighbours keep :data:`SPACING` apart."""
    if not shapes:
        return [], []
    if len(shapes) == 1:
        return [shapes[0][0]], [(0.0, 0.0)]
    radii = [radius for _, radius in shapes]
    total = sum(2 * r + SPACING for r in radii)
    arcs = [2 * math.pi * (2 * r + SPACING) / total for r in radii]
    ring = max(
        (radii[i - 1] + radii[i] + SPACING) / (2 * math.sin(min((arcs[i - 1] + arcs[i]) / 4, math.pi / 2)))
        for i in range(len(shapes))
    )
    centres, angle = [], 0.0
    for arc in arcs:
        angle += arc / 2
        centres.append((ring * math.cos(angle), ring * math.sin(angle)))
        angle += arc / 2
    return [positions for positions, _ in shapes], centres


def _shift(positions: dict[str, Point], by: Point) -> dict[str, Point]:
    return {n: (x + by[0], y + by[1]) for n, (x, y) in positions.items()}


def _place_near_neighbours(H: nx.MultiDiGraph, pos: dict[str, Point]) -> None:
    """Concepts, integration points (and anything else unplaced) at the centre of their placed
    neighbours, nudged by a fixed per-node offset so that they do not stack."""
    rest = [n for n, k in H.nodes(data="kind") if n not in pos and k != NodeKind.LEVEL]
    for node in rest:
        around = [pos[m] for m in nx.all_neighbors(H, node) if m in pos]
        if around:
            centre = (sum(x for x, _ in around) / len(around), sum(y for _, y in around) / len(around))
        else:
            centre = (0.0, 0.0)
        turn = zlib.crc32(node.encode("utf-8"))
        angle, distance = (turn % 3600) / 3600 * 2 * math.pi, SPACING * (0.5 + (turn >> 12) % 100 / 40)
        pos[node] = (centre[0] + distance * math.cos(angle), centre[1] + distance * math.sin(angle))


def _place_levels(H: nx.MultiDiGraph, pos: dict[str, Point]) -> None:
    """Level nodes in a row above the drawing: linked to every topic, anywhere else they would
    only pull the eye to the middle."""
    levels = sorted(
        (n for n, k in H.nodes(data="kind") if k == NodeKind.LEVEL), key=lambda n: H.nodes[n].get("rank", 0)
    )
    others = list(pos.values()) or [(0.0, 0.0)]
    left, top = min(x for x, _ in others), min(y for _, y in others)
    width = max(x for x, _ in others) - left
    for i, node in enumerate(levels):
        pos[node] = (left + width * (i + 0.5) / len(levels), top - 2 * SPACING)


def level_bands(H: nx.MultiDiGraph) -> dict[str, Point]:
    """Topics in a band per level (beginner on top, then intermediate, advanced, expert), a
    column per roadmap with its name and categories above it; each level node above its band,
    at the left; concepts and integration points near what they link to.

    >>> import kgraph
    >>> G = kgraph.load_graph()
    >>> pos = level_bands(G)
    >>> beginner = max(y for n, (x, y) in pos.items() if G.nodes[n].get("level") == "beginner")
    >>> intermediate = min(y for n, (x, y) in pos.items() if G.nodes[n].get("level") == "intermediate")
    >>> beginner < intermediate
    True
    """
    by_roadmap: dict[str, dict[int, list[str]]] = {}
    for node, data in H.nodes(data=True):
        if data.get("kind") == NodeKind.TOPIC:
            rank = level_rank(data.get("level"))
            by_roadmap.setdefault(data.get("roadmap") or "", {}).setdefault(rank, []).append(node)
    columns = {
        roadmap: max(2, math.ceil(math.sqrt(max(len(m) for m in bands.values()) * 1.5)))
        for roadmap, bands in by_roadmap.items()
    }
    rows = {
        rank: max(math.ceil(len(b.get(rank, ())) / columns[r]) for r, b in by_roadmap.items())
        for rank in range(len(LEVELS) + 1)
    }
    pos: dict[str, Point] = {}
    band_top: dict[int, float] = {}
    y = 0.0
    for rank in range(len(LEVELS) + 1):
        band_top[rank] = y
        y += (rows[rank] + 1.5) * SPACING
    x = 0.0
    for roadmap in sorted(by_roadmap):
        width = columns[roadmap]
        if roadmap in H:
            pos[roadmap] = (x + (width - 1) * SPACING / 2, -2.5 * SPACING)
        categories = sorted(
            n for n, d in H.nodes(data=True) if d.get("kind") == NodeKind.CATEGORY and d.get("roadmap") == roadmap
        )
        for i, category in enumerate(categories):
            pos[category] = (x + (width - 1) * SPACING * i / max(1, len(categories) - 1), -1.5 * SPACING)
        for rank, members in by_roadmap[roadmap].items():
            for i, node in enumerate(sorted(members, key=lambda n: (H.nodes[n].get("category") or "", n))):
                row, col = divmod(i, width)
                pos[node] = (x + col * SPACING, band_top[rank] + row * SPACING)
        x += (width + 2) * SPACING
    _place_near_neighbours(H, pos)
    levels = sorted(
        (n for n, k in H.nodes(data="kind") if k == NodeKind.LEVEL), key=lambda n: H.nodes[n].get("rank", 0)
    )
    for node in levels:
        rank = level_rank(H.nodes[node].get("name", "").lower())
        pos[node] = (-0.3 * SPACING, band_top.get(rank, 0.0) - 0.6 * SPACING)  # above its band, at the left
    return pos
