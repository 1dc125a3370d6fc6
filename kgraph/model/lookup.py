"""Resolve what a user types (an id, a name, ``kubernetes:RBAC``, a near miss) to a topic id."""

from __future__ import annotations

import difflib
import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from kgraph._util import arguments
from kgraph.errors import AmbiguousTopic, RoadmapNotFound, TopicNotFound
from kgraph.model import ids
from kgraph.model.kinds import NodeKind
from kgraph.model.precomputed import precomputed

MAX_SUGGESTIONS = 5
FUZZY_ACCEPT = 0.88
"""A misspelt name is accepted when it is this similar to exactly one topic name."""


@dataclass
class _Index:
    size: int
    topics: list[str]
    by_name: dict[str, list[str]]
    by_slug: dict[str, list[str]]
    roadmaps: dict[str, str]  # lower-case roadmap id or name -> roadmap node id


_INDEXES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _norm(text: str) -> str:
    return " ".join(text.casefold().replace(":", " ").split())


_PAREN = re.compile(r"\s*\(([^()]*)\)\s*")


def _name_keys(name: str) -> list[str]:
    """A name's lookup keys: itself, and for ``Horizontal Pod Autoscaler (HPA)`` also
    ``horizontal pod autoscaler`` and ``hpa``."""
    keys = [_norm(name)]
    inner = _PAREN.findall(name)
    if inner:
        keys.append(_norm(_PAREN.sub(" ", name)))
        keys.extend(_norm(text) for text in inner if text.strip())
    return list(dict.fromkeys(k for k in keys if k))


INDEX_PARTS = ("topics", "by_name", "by_slug", "roadmaps")


def index_data(G: nx.MultiDiGraph) -> dict:
    """What reference lookups need of ``G``, as plain data (a stored graph keeps each part as
    ``lookup:PART``, read when a lookup first needs it)."""
    index = _index(G)
    return {f"lookup:{part}": getattr(index, part) for part in INDEX_PARTS}


class _StoredIndex:
    """The :class:`_Index` of a stored graph: each part read from the store on first use."""

    def __init__(self, G: nx.MultiDiGraph):
        self.G, self.size = G, G.number_of_nodes()

    def __getattr__(self, part: str):
        if part not in INDEX_PARTS:
            raise AttributeError(part)
        value = precomputed(self.G, f"lookup:{part}")
        setattr(self, part, value)
        return value


def topics_by(G: nx.MultiDiGraph, attribute: str) -> dict[str, list[str]]:
    """Topic ids by their ``roadmap`` or ``category`` (in node order)."""
    stored = precomputed(G, f"topics_by_{attribute}")
    if stored is not None:
        return stored
    out: dict[str, list[str]] = {}
    for node, data in G.nodes(data=True):
        if data.get("kind") == NodeKind.TOPIC and data.get(attribute):
            out.setdefault(data[attribute], []).append(node)
    return out


def roadmap_nodes(G: nx.MultiDiGraph) -> list[str]:
    """The roadmap node ids of ``G``, in node order."""
    stored = precomputed(G, "roadmap_nodes")
    if stored is not None:
        return stored
    return [n for n, kind in G.nodes(data="kind") if kind == NodeKind.ROADMAP]


def _index(G: nx.MultiDiGraph) -> _Index:
    index = _INDEXES.get(G)
    if index is not None and index.size == G.number_of_nodes():
        return index
    if precomputed(G, "lookup:roadmaps") is not None:
        index = _INDEXES[G] = _StoredIndex(G)
        return index
    topics, by_name, by_slug, roadmaps = [], {}, {}, {}
    for node, data in G.nodes(data=True):
        kind = data.get("kind")
        if kind == NodeKind.TOPIC:
            topics.append(node)
            for key in _name_keys(str(data.get("name", ""))):
                by_name.setdefault(key, []).append(node)
            by_slug.setdefault(node.rsplit("/", 1)[-1], []).append(node)
        elif kind == NodeKind.ROADMAP:
            roadmaps[ids.local_part(node).casefold()] = node
            roadmaps[_norm(str(data.get("name", "")))] = node
            roadmaps[ids.slugify(str(data.get("name", "")))] = node
    index = _Index(G.number_of_nodes(), topics, by_name, by_slug, roadmaps)
    _INDEXES[G] = index
    return index


def _scope(G: nx.MultiDiGraph, ref: str, roadmap: str | None, index: _Index) -> tuple[str, str | None]:
    """Split ``roadmap:name`` into the name and the roadmap node id it is scoped to."""
    if roadmap is not None:
        key = roadmap.removeprefix("roadmap:").casefold()
        if key not in index.roadmaps:
            known = sorted({ids.local_part(r) for r in index.roadmaps.values()})
            raise RoadmapNotFound(f"{roadmap}:{ref}", known, what="roadmap in topic")
        return ref, index.roadmaps[key]
    head, sep, tail = ref.partition(":")
    if sep and head.strip().casefold() in index.roadmaps and tail.strip():
        return tail.strip(), index.roadmaps[head.strip().casefold()]
    return ref, None


def resolve_topic(G: nx.MultiDiGraph, ref: str, *, roadmap: str | None = None) -> str:
    """The id of the topic ``ref`` names.

    ``ref`` may be a node id (``topic:docker/core-competencies/image-building``), a path
    without the prefix, an exact name in any case (``RBAC``), a name scoped by roadmap
    (``kubernetes:RBAC`` or ``roadmap=``), or a close enough misspelling.

    Raises:
        TopicNotFound: nothing matches; carries up to five suggestions.
        AmbiguousTopic: several topics match equally well; carries their ids.

    Example:
        >>> resolve_topic(G, "kubernetes:RBAC")
        'topic:kubernetes/security-aspects/rbac'
        >>> resolve_topic(G, "HPA")
        'topic:kubernetes/scaling-considerations/horizontal-pod-autoscaler-hpa'
    """
    arguments.graph(G)
    ref = arguments.text(ref, "a topic reference").strip()
    roadmap = arguments.optional_text(roadmap, "roadmap")
    if not ref:
        raise TopicNotFound(ref)
    if G.nodes.get(ref, {}).get("kind") == NodeKind.TOPIC:
        return ref
    if G.nodes.get(ids.topic_id(ref.strip("/")), {}).get("kind") == NodeKind.TOPIC:
        return ids.topic_id(ref.strip("/"))
    index = _index(G)
    name, scope = _scope(G, ref, roadmap, index)

    def in_scope(nodes):
        return sorted(n for n in nodes if scope is None or G.nodes[n].get("roadmap") == scope)

    for candidates in (
        in_scope(index.by_name.get(_norm(name), ())),
        in_scope(index.by_slug.get(ids.slugify(name), ())),
        in_scope(n for n in index.topics if ids.local_part(n).endswith("/" + name.strip("/").casefold())),
    ):
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            top = [c for c in candidates if "parent" not in G.nodes[c]]
            if len(top) == 1:
                return top[0]
            raise AmbiguousTopic(ref, candidates)

    scoped = in_scope(index.topics)
    names = {}
    for node in scoped:
        names.setdefault(_norm(str(G.nodes[node].get("name", ""))), []).append(node)
    close = difflib.get_close_matches(_norm(name), list(names), n=MAX_SUGGESTIONS, cutoff=0.6)
    strong = [c for c in close if difflib.SequenceMatcher(None, _norm(name), c).ratio() >= FUZZY_ACCEPT]
    if len(strong) == 1 and len(names[strong[0]]) == 1:
        return names[strong[0]][0]
    suggestions = [n for c in close for n in names[c]]
    suggestions += [n for n in _by_shared_words(name, names) if n not in suggestions]
    raise TopicNotFound(ref, suggestions[:MAX_SUGGESTIONS])


def _by_shared_words(text: str, names: dict[str, list[str]]) -> list[str]:
    """Topic ids whose names share word stems with ``text``, most shared first."""
    stems = {word[:5] for word in _norm(text).split() if len(word) > 2}
    scored = []
    for key, nodes in names.items():
        shared = len(stems & {word[:5] for word in key.split()})
        if shared:
            scored.extend((-shared, len(key), node) for node in nodes)
    return [node for *_, node in sorted(scored)]


def resolve_topics(G: nx.MultiDiGraph, ref: str) -> list[str]:
    """Topic ids for a reference that may name a whole roadmap or category.

    ``docker`` or ``roadmap:docker`` gives every Docker topic; ``category:docker/security-aspects``
    or ``docker/security-aspects`` every topic of that category; anything else resolves to
    one topic as in :func:`resolve_topic` (an exact topic name wins over a roadmap name).

    Raises:
        TopicNotFound, AmbiguousTopic: as :func:`resolve_topic`.
    """
    arguments.graph(G)
    ref = arguments.text(ref, "a topic reference").strip()
    index = _index(G)
    key = ref.removeprefix(f"{NodeKind.ROADMAP}:").casefold()
    exact_topic = index.by_name.get(_norm(ref))
    if not exact_topic and (key in index.roadmaps or _norm(ref) in index.roadmaps):
        roadmap = index.roadmaps.get(key) or index.roadmaps[_norm(ref)]
        return list(topics_by(G, "roadmap").get(roadmap, ()))
    category = (
        ref
        if ref.startswith(f"{NodeKind.CATEGORY}:")
        else ids.category_id(*ref.split("/", 1))
        if ref.count("/") == 1
        else None
    )
    if category and G.nodes.get(category, {}).get("kind") == NodeKind.CATEGORY:
        return list(topics_by(G, "category").get(category, ()))
    return [resolve_topic(G, ref)]


def resolve_roadmaps(G: nx.MultiDiGraph, roadmaps: Iterable[str]) -> set[str]:
    """Roadmap node ids for ids or names (``kubernetes``, ``roadmap:kubernetes``, ``System Design``).

    Raises:
        RoadmapNotFound: an unknown roadmap (the known ones as suggestions).
    """
    roadmaps = arguments.names(roadmaps, "roadmaps")
    known = {n: G.nodes[n] for n in roadmap_nodes(G)}
    lookup = {}
    for node, data in known.items():
        for key in (node, ids.local_part(node), str(data.get("name", "")), ids.slugify(str(data.get("name", "")))):
            lookup[key.casefold()] = node
    out = set()
    for name in roadmaps:
        node = lookup.get(name.casefold())
        if node is None:
            raise RoadmapNotFound(str(name), sorted(ids.local_part(n) for n in known))
        out.add(node)
    return out
