"""What the page's details panel and search need of each node, computed in Python.

Each node of the page gets ``kgDescription``, ``kgCategory``, ``kgHours``, ``kgRequires`` and
``kgUnlocks`` (its prerequisites and the topics it opens, each with the edge's reason) and
``kgKeys``: lower-case search keys besides its name -- its aliases, the abbreviation in its
name's brackets (``Horizontal Pod Autoscaler (HPA)`` -> ``hpa``) and the aliases of a concept
of the same name (the roadmap ``Kubernetes`` is found as ``k8s``), the same keys the CLI
resolves; and a topic's ``kgRoadmapKeys`` (its roadmap's name and aliases), so ``k8s`` also
finds Kubernetes topics where nothing else matches (a route page). A node with learning
resources also gets ``kgResources`` (``[{type, title, url}]``, http/https URLs only: anything
else is left out here, and the page checks each URL again before it makes a link). Every value
is plain data; the page shows it with ``textContent`` only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import networkx as nx

from kgraph._util.text import shorten
from kgraph._util.urls import web_url
from kgraph.model.kinds import EdgeKind, NodeKind

_PAREN = re.compile(r"\(([^()]*)\)")


def _norm(text: str) -> str:
    return " ".join(str(text).casefold().split())


def _keys(name: str, aliases) -> list[str]:
    """A node's search keys besides its name: the abbreviation in brackets, the name without it, aliases."""
    keys = [_norm(inner) for inner in _PAREN.findall(name)]
    if keys:
        keys.append(_norm(_PAREN.sub(" ", name)))
    keys += [_norm(alias) for alias in aliases or ()]
    return [key for key in dict.fromkeys(keys) if key and key != _norm(name)]


def resources(data: Mapping) -> list[dict]:
    """A node's learning resources for the page: ``{type, title, url}`` with a web URL, each URL once."""
    entries, seen = [], set()
    for resource in data.get("resources") or ():
        if not isinstance(resource, Mapping):
            continue
        url = web_url(resource.get("url"))
        if url is None or url in seen:
            continue
        seen.add(url)
        title = " ".join(str(resource.get("title") or "").split()) or url
        kind = " ".join(str(resource.get("type") or "").split())
        entries.append({"type": shorten(kind, 30), "title": shorten(title, 200), "url": url})
    return entries


def _link(G: nx.MultiDiGraph, other: str, data: Mapping) -> dict:
    entry = {"id": other, "name": str(G.nodes[other].get("name", other)), "reason": str(data.get("reason") or "")}
    for key in ("strength", "needs"):
        if data.get(key):
            entry[key] = str(data[key])
    if data.get("hours") is not None:
        entry["hours"] = data["hours"]
    if data.get("group"):
        entry["anyOf"] = True
    return entry


def panel_fields(G: nx.MultiDiGraph, H: nx.MultiDiGraph) -> dict[str, dict]:
    """``node id -> extra fields`` for every node of the drawn graph ``H`` (``G`` is the whole graph)."""
    concept_aliases: dict[str, list[str]] = {}
    for _, data in G.nodes(data=True):
        if data.get("kind") == NodeKind.CONCEPT and data.get("aliases"):
            concept_aliases.setdefault(_norm(data.get("name", "")), []).extend(map(str, data["aliases"]))
    roadmap_keys = {
        node: [_norm(data.get("name", node)), *map(_norm, concept_aliases.get(_norm(data.get("name", "")), ()))]
        for node, data in G.nodes(data=True)
        if data.get("kind") == NodeKind.ROADMAP
    }
    fields = {}
    for node, data in H.nodes(data=True):
        name = str(data.get("name", node))
        aliases = [*map(str, data.get("aliases") or ()), *concept_aliases.get(_norm(name), ())]
        requires = [
            _link(G, target, d) for _, target, d in G.out_edges(node, data=True) if d.get("kind") == EdgeKind.REQUIRES
        ]
        unlocks = [
            _link(G, source, d) for source, _, d in G.in_edges(node, data=True) if d.get("kind") == EdgeKind.REQUIRES
        ]
        category = data.get("category")
        hours = data.get("effort_hours")
        fields[node] = {
            "kgDescription": str(data.get("description") or ""),
            "kgCategory": str(G.nodes[category].get("name", category)) if category in G else "",
            "kgCategoryId": node if data.get("kind") == NodeKind.CATEGORY else str(category or ""),
            "kgHours": hours if isinstance(hours, int | float) else None,
            "kgKeys": _keys(name, aliases),
            "kgRoadmapKeys": roadmap_keys.get(data.get("roadmap"), []) if data.get("kind") == NodeKind.TOPIC else [],
            "kgAliases": list(dict.fromkeys(aliases)),
            "kgRequires": sorted(requires, key=lambda e: (e.get("strength") != "essential", e["name"])),
            "kgUnlocks": sorted(unlocks, key=lambda e: e["name"]),
        }
        if links := resources(data):  # only where there are any: most nodes have none
            fields[node]["kgResources"] = links
    return fields
