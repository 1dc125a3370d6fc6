"""Read a roadmap.sh diagram (``R.json``): the editor format or the older Balsamiq format.

Editor format: ``topic`` and ``subtopic`` nodes keyed by node id; a subtopic's parent is the
topic a dashed edge joins it to, else the one its ``migration-mapping.json`` path names, else
the nearest topic by position (counted as guessed). Solid edges between learning nodes give the
suggested order, and so do line nodes (``vertical``, ``horizontal``) with one topic at each
end. Balsamiq format: ``__group__`` controls named ``100-topic`` or ``100-topic:subtopic``
with a child ``Label``; the number orders topics, and the numbered path is the drawn order.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from kgraph._util.yamlfile import read_text
from kgraph.errors import PluginError, Problem

LEARNING = ("topic", "subtopic")
_FLAGS = (  # words of a legend entry -> the flag it gives (first match wins)
    ("not strict", "any-order"),
    ("anytime", "any-order"),
    ("alternative", "alternative"),
    ("optional", "optional"),
    ("opinion", "opinion"),
    ("recommend", "opinion"),
)
_NUMBERED = re.compile(r"^(?:(?P<number>\d+)-)?(?P<name>.+)$")


@dataclass
class Item:
    """A topic or subtopic of a diagram; ``key`` is unique within the diagram."""

    key: str
    label: str
    node_id: str | None = None
    key_slug: str | None = None
    sort: tuple = ()
    children: list[Item] = field(default_factory=list)
    flags: tuple[str, ...] = ()
    parent_found: str | None = None  # how a subtopic's parent was found: drawn, mapping, guessed, numbered


@dataclass
class Diagram:
    """The learning items of a diagram, in reading order, and its order edges (item keys)."""

    kind: str
    topics: list[Item] = field(default_factory=list)
    loose_subtopics: list[Item] = field(default_factory=list)
    order_edges: list[tuple[str, str]] = field(default_factory=list)
    dropped_edges: int = 0
    guessed_parents: int = 0
    match_by_slug: bool = False


def load_json(path: Path):
    """Parsed JSON of ``path``.

    Raises:
        PluginError: missing, not UTF-8, or not valid JSON (with line and column).
    """
    text = read_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise PluginError(Problem(str(path), f"not valid JSON: {exc.msg}", exc.lineno, exc.colno)) from None


def clean_text(text) -> str:
    """``text`` without HTML tags, whitespace collapsed (``""`` for none)."""
    text = re.sub(r"<[^>]*>", " ", str(text or ""))
    return " ".join(text.split())


def _number(value, default: float = 0.0) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return number if math.isfinite(number) else default


def parse_diagram(path: Path, mapping_path: Path) -> Diagram:
    """The :class:`Diagram` in ``path`` (``mapping_path``: the optional migration mapping).

    Raises:
        PluginError: the file is not valid JSON, or neither format.
    """
    data = load_json(path)
    mapping = load_json(mapping_path) if mapping_path.is_file() else {}
    if not isinstance(mapping, dict):
        raise PluginError(Problem(str(mapping_path), "expected a JSON object of 'path': 'node id'", 1, 1))
    mapping = {str(k): str(v) for k, v in mapping.items()}
    if isinstance(data, dict) and isinstance(data.get("nodes"), list):
        return _editor(data, mapping, path)
    if isinstance(data, dict) and isinstance(data.get("mockup"), dict):
        return _balsamiq(data, mapping, path)
    raise PluginError(Problem(str(path), "neither the editor format ('nodes') nor the Balsamiq format ('mockup')"))


def _editor(data: dict, mapping: dict[str, str], path: Path) -> Diagram:
    diagram = Diagram("editor")
    all_ids: set[str] = set()
    items: dict[str, Item] = {}
    kinds: dict[str, str] = {}
    centres: dict[str, tuple[float, float]] = {}
    boxes: dict[str, tuple[float, float, float, float]] = {}
    lines: list[tuple[str, tuple[float, float, float, float]]] = []
    for node in data["nodes"]:
        if not isinstance(node, dict) or not isinstance(node.get("id"), str):
            continue
        nid = node["id"]
        all_ids.add(nid)
        if node.get("type") in ("vertical", "horizontal"):
            lines.append((node["type"], _box(node)))
        if node.get("type") not in LEARNING or nid in items:
            continue
        info = node.get("data") if isinstance(node.get("data"), dict) else {}
        pos = node.get("position") if isinstance(node.get("position"), dict) else {}
        x, y = _number(pos.get("x")), _number(pos.get("y"))
        boxes[nid] = _box(node)
        centres[nid] = ((boxes[nid][0] + boxes[nid][2]) / 2, (boxes[nid][1] + boxes[nid][3]) / 2)
        label = clean_text(info.get("label"))
        if not label:
            raise PluginError(Problem(str(path), f"{node['type']} node {nid!r} has no label"))
        items[nid] = Item(nid, label, nid, sort=(y, x, nid), flags=legend_flags(info.get("legend")))
        kinds[nid] = node["type"]

    parents: dict[str, str] = {}
    order: list[tuple[str, str]] = []
    edges = data.get("edges") if isinstance(data.get("edges"), list) else []
    for edge in edges:
        if not isinstance(edge, dict):
            continue
        source, target = edge.get("source"), edge.get("target")
        if source not in all_ids or target not in all_ids:
            diagram.dropped_edges += 1
            continue
        if source not in items or target not in items or source == target:
            continue
        style = (edge.get("data") or {}).get("edgeStyle") if isinstance(edge.get("data"), dict) else None
        dash = (edge.get("style") or {}).get("strokeDasharray") if isinstance(edge.get("style"), dict) else None
        dashed = style == "dashed" or (style is None and str(dash or "0").strip() not in ("0", "none", ""))
        if dashed:
            pair = {kinds[source]: source, kinds[target]: target}
            if len(pair) == 2 and pair["subtopic"] not in parents:
                parents[pair["subtopic"]] = pair["topic"]
        else:
            order.append((source, target))

    by_path = {node: key for key, node in mapping.items()}
    topics = sorted((i for i in items.values() if kinds[i.key] == "topic"), key=lambda i: i.sort)
    for sub in sorted((i for i in items.values() if kinds[i.key] == "subtopic"), key=lambda i: i.sort):
        parent = parents.get(sub.key)
        sub.parent_found = "drawn" if parent else None
        if parent is None and sub.key in by_path and ":" in by_path[sub.key]:
            candidate = mapping.get(by_path[sub.key].rsplit(":", 1)[0])
            parent = candidate if candidate in kinds and kinds[candidate] == "topic" else None
            sub.parent_found = "mapping" if parent else None
        if parent is None and topics:
            cx, cy = centres[sub.key]
            parent = min(topics, key=lambda t: (math.dist(centres[t.key], (cx, cy)), t.sort)).key
            sub.parent_found = "guessed"
            diagram.guessed_parents += 1
        if parent is None:
            diagram.loose_subtopics.append(sub)
        else:
            items[parent].children.append(sub)
    diagram.topics = topics
    topic_boxes = {k: boxes[k] for k in items if kinds[k] == "topic"}
    order += _line_edges(lines, topic_boxes, {k: i.sort for k, i in items.items()})
    diagram.order_edges, dropped = _acyclic(order)
    diagram.dropped_edges += dropped
    return diagram


def _box(node: dict) -> tuple[float, float, float, float]:
    pos = node.get("position") if isinstance(node.get("position"), dict) else {}
    x, y = _number(pos.get("x")), _number(pos.get("y"))
    return x, y, x + _number(node.get("width")), y + _number(node.get("height"))


def _line_edges(lines, boxes: dict, sort: dict, reach: float = 25.0) -> list[tuple[str, str]]:
    """Order edges drawn as line nodes: a ``vertical`` (``horizontal``) line with exactly one
    topic box at each end (within ``reach`` px) joins them, in reading order."""

    def at(point: tuple[float, float]) -> list[str]:
        px, py = point
        return [
            k
            for k, (x0, y0, x1, y1) in boxes.items()
            if x0 - reach <= px <= x1 + reach and y0 - reach <= py <= y1 + reach
        ]

    edges = []
    for kind, (x0, y0, x1, y1) in lines:
        mid_x, mid_y = (x0 + x1) / 2, (y0 + y1) / 2
        ends = ((mid_x, y0), (mid_x, y1)) if kind == "vertical" else ((x0, mid_y), (x1, mid_y))
        first, last = at(ends[0]), at(ends[1])
        if len(first) == 1 and len(last) == 1 and first != last:
            edges.append(tuple(sorted((first[0], last[0]), key=sort.__getitem__)))
    return edges


def legend_flags(legend) -> tuple[str, ...]:
    """The flag a node's legend entry gives (``any-order``, ``alternative``, ``optional``,
    ``opinion``, else the entry's label as an id); ``()`` for no legend.

    >>> legend_flags({"label": "Order in Roadmap not Strict - Learn anytime"})
    ('any-order',)
    """
    if not isinstance(legend, dict) or not str(legend.get("label") or "").strip():
        return ()
    text = " ".join(str(legend["label"]).lower().split())
    flag = next((f for words, f in _FLAGS if words in text), None)
    flag = flag or re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:40].strip("-")
    return (flag,) if flag else ()


def _acyclic(edges: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], int]:
    """``edges`` without duplicates and without any edge that would close a cycle (kept in order)."""
    after: dict[str, set[str]] = {}
    kept: list[tuple[str, str]] = []
    dropped = 0
    for source, target in edges:
        if target in after.get(source, set()):
            continue  # a duplicate
        seen, stack = set(), [target]
        while stack:  # is source reachable from target?
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(after.get(node, ()))
        if source in seen:
            dropped += 1
            continue
        after.setdefault(source, set()).add(target)
        kept.append((source, target))
    return kept, dropped


def _balsamiq(data: dict, mapping: dict[str, str], path: Path) -> Diagram:
    diagram = Diagram("balsamiq", match_by_slug=True)
    controls = ((data["mockup"].get("controls") or {}).get("control")) if isinstance(data["mockup"], dict) else None
    if not isinstance(controls, list):
        raise PluginError(Problem(str(path), "Balsamiq diagram without 'mockup.controls.control'"))
    groups: dict[str, Item] = {}
    for control in controls:
        if not isinstance(control, dict) or control.get("typeID") != "__group__":
            continue
        props = control.get("properties") if isinstance(control.get("properties"), dict) else {}
        name = str(props.get("controlName") or "").strip()
        if not name or name.startswith("ext_link"):  # ext_link:roadmap.sh/...: a link to another roadmap
            continue
        parts = [_NUMBERED.match(p.strip()) for p in name.split(":") if p.strip()]
        if not parts or any(p is None for p in parts):
            continue
        key = ":".join(p["name"] for p in parts)
        if key in groups:
            continue
        numbers = tuple(int(p["number"]) if p["number"] else 10**9 for p in parts)
        sort = (numbers, _number(control.get("y")), _number(control.get("x")), key)
        label = clean_text(" ".join(_labels(control))) or parts[-1]["name"].replace("-", " ").capitalize()
        groups[key] = Item(key, label, mapping.get(key), key_slug=parts[-1]["name"], sort=sort)
    tops = {k: i for k, i in groups.items() if ":" not in k}
    for key, item in sorted(groups.items(), key=lambda kv: kv[1].sort):
        if ":" not in key:
            continue
        parent = tops.get(key.split(":", 1)[0])
        if parent is None:
            diagram.loose_subtopics.append(item)
        else:
            item.parent_found = "numbered"
            parent.children.append(item)
    diagram.topics = sorted(tops.values(), key=lambda i: i.sort)
    numbered = [t for t in diagram.topics if t.sort[0][0] < 10**9]
    diagram.order_edges = [(a.key, b.key) for a, b in itertools.pairwise(numbered)]
    return diagram


def _labels(control: dict) -> list[str]:
    children = ((control.get("children") or {}).get("controls") or {}).get("control") or []
    texts = []
    for child in children if isinstance(children, list) else []:
        if isinstance(child, dict) and child.get("typeID") == "Label":
            props = child.get("properties") if isinstance(child.get("properties"), dict) else {}
            if props.get("text"):
                texts.append(str(props["text"]))
    return texts
