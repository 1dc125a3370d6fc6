"""Colours, shapes and edge styles of the visualisation."""

from __future__ import annotations

PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#17becf",
    "#bcbd22",
    "#8c564b",
    "#1f77b4",
    "#d62728",
)
LEVEL_COLORS = {"beginner": "#59a14f", "intermediate": "#4e79a7", "advanced": "#f28e2b", "expert": "#e15759"}
STATUS_BORDER = {"done": "#2ca02c", "learning": "#ffbf00", "skipped": "#9e9e9e"}
STATUS_MARK = {"done": "✓ ", "learning": "… ", "skipped": "⤼ "}
DIMMED = "rgba(190,190,190,0.25)"
HIGHLIGHT = "#d62728"
NEUTRAL = {
    "concept": "#8c8c8c",
    "integration": "#b07aa1",
    "level": "#bab0ab",
    "roadmap": "#444444",
    "category": "#777777",
}
SHAPES = {
    "roadmap": "star",
    "category": "box",
    "topic": "dot",
    "concept": "diamond",
    "integration": "square",
    "level": "triangle",
}
EDGE_STYLES = {
    "REQUIRES": {"color": "#555555", "width": 1.2, "arrows": "to"},
    "PART_OF": {"color": "#999999", "width": 1, "dashes": True, "arrows": "to"},
    "MENTIONS": {"color": "#c7c7c7", "width": 0.6, "dashes": [2, 4]},
    "HAS_CATEGORY": {"color": "#bbbbbb", "width": 1},
    "HAS_TOPIC": {"color": "#dddddd", "width": 0.6},
    "INTEGRATES": {"color": "#b07aa1", "width": 1, "dashes": True},
    "AT_LEVEL": {"color": "#eeeeee", "width": 0.4, "hidden": True},
}
