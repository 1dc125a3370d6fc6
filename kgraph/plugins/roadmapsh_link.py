"""Link imported roadmap.sh topics to the built-in topics that teach the same thing (``same_as``).

Names are compared as keys: lower case, a parenthesised acronym as a key of its own, filler
words left out ("Learn a Programming Language" and "Programming Languages" give the same key).
A topic is linked to the built-in topic with its key in its *home* roadmap (``rs-kubernetes``
-> ``kubernetes``), only: across roadmaps a name means different things ("State Management" in
Terraform and in Cloudflare Durable Objects, "Health Checks" in Docker and in Route 53), and a
review of such matches on the 2026-04 checkout found most of them wrong. Fewer, truer links: an
ambiguous name links to nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kgraph.model.spec import PluginSet, TopicSpec

_FILLER = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "in",
        "to",
        "with",
        "using",
        "what",
        "is",
        "are",
        "basics",
        "fundamentals",
        "introduction",
        "intro",
        "learn",
        "concepts",
        "overview",
    ]
)
_PARENS = re.compile(r"\(([^)]*)\)")
_WORD = re.compile(r"[a-z0-9]+")


def name_keys(name: str) -> frozenset[str]:
    """The keys a name matches by: its words without filler and plural ``s``, and an acronym in
    parentheses that the words spell, on its own.

    >>> sorted(name_keys("Role Based Access Control (RBAC)"))
    ['rbac', 'role based access control']
    >>> name_keys("Learn a Programming Language") == name_keys("Programming Languages")
    True
    """
    text = name.casefold().replace("&", " and ")
    outside = _PARENS.sub(" ", text)
    keys = {_key(outside)}
    initials = "".join(w[0] for w in _WORD.findall(outside.replace("-", " ")))
    for inner in _PARENS.findall(text):
        if len(words := _WORD.findall(inner)) == 1 and words[0] in (initials, initials.replace("a", "", 1)):
            keys.add(words[0])
    return frozenset(k for k in keys if k)


def _key(text: str) -> str:
    words = [w for w in _WORD.findall(text) if w not in _FILLER]
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words)


def _walk(topics, base: str, top: bool) -> Iterator[tuple[str, TopicSpec, bool]]:
    for topic in topics:
        ref = f"{base}/{topic.slug}"
        yield ref, topic, top
        yield from _walk(topic.subtopics, ref, False)


class Linker:
    """Finds the built-in topic an imported topic is the same as.

    Parameters:
        builtin: the built-in roadmaps to link to.
    """

    def __init__(self, builtin: PluginSet):
        self.by_key: dict[tuple[str, str], list[tuple[str, bool]]] = {}
        """``(roadmap id, key)`` -> ``(ref, top level)`` of the topics with that key."""
        self.roadmaps = [r.id for r in builtin.roadmaps]
        self.vendors = {r.id: r.vendor for r in builtin.roadmaps if r.vendor}
        """Roadmap id -> its vendor (``aws``), for the roadmaps of one vendor's platform."""
        for roadmap in builtin.roadmaps:
            for category in roadmap.categories:
                for ref, topic, top in _walk(category.topics, f"{roadmap.id}/{category.slug}", True):
                    for key in name_keys(topic.name):
                        self.by_key.setdefault((roadmap.id, key), []).append((ref, top))

    def home(self, roadmap_name: str) -> str | None:
        """The built-in roadmap id an imported roadmap folder name stands for (``system-design``
        -> ``system_design``), or ``None``."""
        wanted = re.sub(r"[-_]", "", roadmap_name.lower())
        return next((rid for rid in self.roadmaps if re.sub(r"[-_]", "", rid) == wanted), None)

    def match(self, name: str, home: str | None) -> str | None:
        """The ref of the topic of the built-in roadmap ``home`` that ``name`` is the same as: the
        only one with its key, else the only top-level one; ``None`` when there is none or more."""
        found = {ref: top for key in name_keys(name) for ref, top in self.by_key.get((home or "", key), ())}
        if len(found) > 1:
            found = {ref: top for ref, top in found.items() if top}
        return next(iter(found)) if len(found) == 1 else None


def link_document(doc: dict, linker: Linker, home: str | None) -> int:
    """Add ``same_as`` to the topics of an imported roadmap document that match, and the home
    roadmap's vendor to the document; returns how many topics were linked."""
    linked = 0
    if home in linker.vendors:
        doc["vendor"] = linker.vendors[home]

    def visit(entries: list[dict]) -> None:
        nonlocal linked
        for entry in entries:
            if ref := linker.match(entry["name"], home):
                entry["same_as"] = [ref]
                linked += 1
            visit(entry.get("subtopics", []))

    for category in doc["categories"]:
        visit(category["topics"])
    return linked
