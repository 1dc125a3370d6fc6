"""A team's skills matrix as one self-contained HTML page: a heatmap of people x topics.

Rows are people (display name; the handle in the row header's tooltip), columns are topics
grouped by roadmap (a header spanning each roadmap's topics; topic names rotated, cut to
:data:`SHORT_NAME` characters, the full name in the tooltip and for screen readers). A cell's
colour and mark give its state (done, learning, skipped, none), with a legend; the topics one
member alone knows (the bus factor, :class:`~kgraph.analysis.team.TeamRisks` ``single``) carry
a ⚠ on their column header and the holder's cell, and are listed below the matrix with the
roadmaps one member alone knows, the targets' gaps (if any) and each roadmap's coverage.

The page has no script and fetches nothing: CSS is inline and a Content-Security-Policy allows
inline styles only. It is rendered by Jinja2 with autoescape, so every string from data
(handles, display names, topic, category and roadmap names, the title) is text in the page,
in content and in attributes alike. The table scrolls sideways with the people's names kept in
view, so 445 topics (``--all``) stay usable; printed, it is landscape and keeps its colours.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import networkx as nx

from kgraph._util import arguments
from kgraph._util.text import counted, shorten

_TEMPLATES = Path(__file__).parent / "templates"
STATES = ("done", "learning", "skipped", "none")
"""A cell's states in legend order (``none``: the person's file has no state for the topic)."""
MARKS = {"done": "✓", "learning": "…", "skipped": "⤼", "none": ""}
"""The mark in a cell, so the state does not rest on colour alone."""
SHORT_NAME = 28
"""Longest topic name shown in a column header (the full name is in its tooltip)."""
DEFAULT_TITLE = "Team skills matrix"
_PRINT_WIDTH, _PRINT_PERSON, _PRINT_CELL = 1000, 110, 17
"""Printed (landscape A4 at 96 px/in, in CSS px): the width there is, and what the people's
column and a topic's column take; the matrix is scaled to fit, down to :data:`_PRINT_MIN_ZOOM`."""
_PRINT_MIN_ZOOM = 0.5


@cache
def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(
        loader=FileSystemLoader(str(_TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _node_name(G: nx.MultiDiGraph, node, fallback: dict[str, str] | None = None) -> str:
    if node in G:
        return str(G.nodes[node].get("name", node))
    return str((fallback or {}).get(node, node or ""))


def _groups(G: nx.MultiDiGraph, matrix, roadmap_names: dict[str, str], holders: dict[str, str]) -> list[dict]:
    """The matrix's topics grouped by roadmap (roadmaps in order of first appearance)."""
    groups: dict[str, dict] = {}
    for info in matrix.topics:
        rid = info.get("roadmap")
        group = groups.setdefault(rid, {"roadmap": rid, "name": _node_name(G, rid, roadmap_names), "topics": []})
        name = str(info.get("name") or info["topic"])
        states = matrix.cells.get(info["topic"], {})
        holder = holders.get(info["topic"])
        tooltip = [name, f"roadmap: {group['name']}"]
        if info.get("category") in G:
            tooltip.append(f"category: {_node_name(G, info['category'])}")
        if info.get("level"):
            tooltip.append(f"level: {info['level']}")
        known = sum(1 for s in states.values() if s == "done")
        tooltip.append(f"known by {counted(known, 'person', 'people')}")
        if holder is not None:
            tooltip.append(f"⚠ only {matrix.names.get(holder, holder)} knows it")
        group["topics"].append(
            {
                "id": info["topic"],
                "name": name,
                "short": shorten(name, SHORT_NAME),
                "title": "\n".join(tooltip),
                "bus": holder is not None,
                "known": known,
                "first": not group["topics"],
            }
        )
    return list(groups.values())


def render_team_matrix(G: nx.MultiDiGraph, matrix, risks, *, title: str | None = None) -> str:
    """The heatmap page of a :class:`~kgraph.analysis.team.TeamMatrix` and its
    :class:`~kgraph.analysis.team.TeamRisks` (bus factor), as HTML text.

    Parameters:
        title: the page's title and heading (default ``Team skills matrix``).

    Raises:
        InputError: ``G`` is not a graph, or ``title`` is not text.

    Example:
        >>> from kgraph.analysis.team import team_matrix, team_risks
        >>> team = {"ana": {"topic:docker/core-competencies/image-building": "done"}, "bo": {}}
        >>> page = render_team_matrix(G, team_matrix(G, team), team_risks(G, team), title="Platform")
        >>> page.startswith("<!DOCTYPE html>") and "Image Building" in page
        True
    """
    G = arguments.graph(G)
    title = arguments.optional_text(title, "title") or DEFAULT_TITLE
    roadmap_names = {c.roadmap: c.name for c in matrix.coverage}
    shown = {info["topic"] for info in matrix.topics}
    holders = {s.topic: s.holder for s in risks.single}
    groups = _groups(G, matrix, roadmap_names, {t: h for t, h in holders.items() if t in shown})
    columns = [topic for group in groups for topic in group["topics"]]

    totals: Counter[str] = Counter()
    people = []
    for handle in matrix.people:
        name = str(matrix.names.get(handle, handle))
        cells, own = [], Counter()
        for topic in columns:
            state = matrix.cells.get(topic["id"], {}).get(handle) or "none"
            only = holders.get(topic["id"]) == handle
            own[state] += 1
            words = "no state" if state == "none" else state
            cells.append(
                {
                    "state": state,
                    "mark": MARKS.get(state, "?"),
                    "words": words + (", the only one who knows it" if only else ""),
                    "title": f"{name}: {topic['name']} ({words})" + (" ⚠ the only one who knows it" if only else ""),
                    "only": only,
                    "first": topic["first"],
                }
            )
        totals.update(own)
        tally = ", ".join(f"{own[state]} {state}" for state in STATES[:-1])
        people.append({"handle": handle, "name": name, "cells": cells, "title": f"{handle}: {tally}"})

    single = [
        {
            "name": s.name,
            "roadmap": _node_name(G, s.roadmap, roadmap_names),
            "holder": str(matrix.names.get(s.holder, s.holder)),
            "handle": s.holder,
            "dependents": s.dependents,
            "needed": s.needed_by_targets,
        }
        for s in risks.single
        if s.topic in shown
    ]
    context = {
        "title": title,
        "print_zoom": round(
            max(_PRINT_MIN_ZOOM, min(1.0, _PRINT_WIDTH / (_PRINT_PERSON + _PRINT_CELL * len(columns)))), 2
        ),
        "people": people,
        "groups": groups,
        "columns": columns,
        "legend": [{"state": s, "mark": MARKS[s], "count": totals[s]} for s in STATES],
        "summary": [
            counted(len(people), "person", "people"),
            counted(len(columns), "topic"),
            counted(len(single), "topic") + " known by one person only",
        ],
        "single": single,
        "targets": [_node_name(G, t) for t in risks.targets],
        "elsewhere": len(risks.single) - len(single),
        "roadmaps": [
            {"name": r.name, "holder": str(matrix.names.get(r.holder, r.holder)), "done": r.topics_done}
            for r in risks.roadmaps
            if r.roadmap in roadmap_names
        ],
        "gaps": [
            {"name": g.name, "roadmap": _node_name(G, g.roadmap, roadmap_names), "hours": g.hours} for g in risks.gaps
        ],
        "coverage": [
            {**vars(c), "name": str(c.name), "meter": max(0.0, min(100.0, float(c.coverage)))} for c in matrix.coverage
        ],
    }
    return _environment().get_template("team.html").render(**context)
