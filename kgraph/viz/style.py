"""Colours, shapes and edge styles of the visualisation."""

from __future__ import annotations

PALETTE = (
    "#1f77b4",
    "#b35300",
    "#2e7d32",
    "#007c87",
    "#8a6d00",
    "#8d5524",
    "#3949ab",
    "#546e7a",
    "#ad1457",
    "#00796b",
    "#6b6b00",
    "#0277bd",
)
"""Roadmap / category colours: each at least 4.5:1 against white (the page, and the white
label of a category's box), none red (the highlight) or purple (integration points)."""
LEVEL_COLORS = {"beginner": "#2e7d32", "intermediate": "#007c87", "advanced": "#1f5fa8", "expert": "#283593"}
"""One ordered ramp, light to dark, so levels read as bands."""
STATUS_BORDER = {"done": "#2ca02c", "learning": "#ffbf00", "skipped": "#9e9e9e"}
STATUS_MARK = {"done": "✓ ", "learning": "… ", "skipped": "⤼ "}
DIMMED = "rgba(190,190,190,0.25)"
HIGHLIGHT = "#d62728"
"""The plan / path highlight: a red no roadmap colour uses."""
NEUTRAL = {
    "concept": "#6e6e6e",
    "integration": "#7b4fa0",
    "level": "#7a7069",
    "roadmap": "#444444",
    "category": "#707070",
}
BACKGROUND_KINDS = ("concept", "integration", "level")
"""Kinds the page hides until asked (a toggle, a kind filter, a legend entry or a search)."""
SHAPES = {
    "roadmap": "star",
    "category": "box",
    "topic": "dot",
    "concept": "diamond",
    "integration": "square",
    "level": "triangle",
}
EDGE_STYLES = {
    "REQUIRES": {
        "color": {"color": "#8a8a8a", "highlight": "#222222", "hover": "#222222", "opacity": 0.5},
        "width": 1,
        "arrows": "to",
    },
    "PART_OF": {"color": "#999999", "width": 1, "dashes": True, "arrows": "to"},
    "MENTIONS": {"color": "#c7c7c7", "width": 0.6, "dashes": [2, 4]},
    "HAS_CATEGORY": {"color": "#bbbbbb", "width": 1},
    "HAS_TOPIC": {"color": "#dddddd", "width": 0.6},
    "INTEGRATES": {"color": "#b07aa1", "width": 1, "dashes": True},
    "AT_LEVEL": {"color": "#eeeeee", "width": 0.4, "hidden": True},
}


def label_color(kind: str) -> str:
    """A node's label colour: white inside a category's coloured box, else near-black on the page."""
    return "#ffffff" if kind == "category" else "#222222"
