"""Concepts (the gazetteer) and the MENTIONS edges from topics to the concepts they name.

A topic mentions a concept when its name or description contains the concept's name or one
of its aliases as whole words: ``Go`` does not match inside ``Google``, ``ECS`` not inside
``ECSx``. Matching ignores case unless the concept is ``case_sensitive`` (for short or
common words such as ``Go`` or ``Salt``); case-insensitive terms also match a plural ``s``/``es``.
A concept's ``exclude`` phrases mark false hits: a text containing one does not mention it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import networkx as nx

from kgraph.errors import Problem
from kgraph.model import ids
from kgraph.model.kinds import EdgeKind, NodeKind
from kgraph.model.spec import ConceptSpec

_TOKEN = re.compile(r"[a-z0-9]+")
_RUN = re.compile(r"[A-Za-z0-9]+")

_Entry = tuple[str, str, bool]
"""``(concept id, term, case_sensitive)``."""


def _tokens(text: str) -> set[str]:
    words = set(_TOKEN.findall(text.lower()))
    return words | {w[:-1] for w in words if w.endswith("s")} | {w[:-2] for w in words if w.endswith("es")}


def _forms(word: str) -> tuple[str, str, str]:
    """A word and its plurals: the words whose :func:`_tokens` include ``word``."""
    return word, word + "s", word + "es"


@cache
def _term_pattern(term: str, case_sensitive: bool) -> re.Pattern:
    body = r"\s+".join(re.escape(part) for part in term.split())
    plural = r"(?:e?s)?" if not case_sensitive and term[-1:].isalpha() else ""
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(rf"(?<![A-Za-z0-9]){body}{plural}(?![A-Za-z0-9])", flags)


class ConceptMatcher:
    """Finds the concepts a text mentions; built once for a set of concepts.

    Each term has a whole-word pattern (compiled when first needed, once per process), searched for only in
    texts containing the term's first word. In an ASCII text, a one-word ASCII term is looked
    up among the text's words instead: the same result as its pattern, much faster.

    Example:
        >>> from kgraph.model.spec import ConceptSpec
        >>> m = ConceptMatcher([ConceptSpec("go", "Go", case_sensitive=True), ConceptSpec("iam", "IAM")])
        >>> sorted(m.find("Google IAM policies in Go"))
        ['go', 'iam']
        >>> sorted(m.find("Google it"))
        []
    """

    def __init__(self, concepts: Iterable[ConceptSpec]):
        self._by_first: dict[str, list[_Entry]] = {}
        """First word of a term -> the term (every term; for non-ASCII texts)."""
        self._ascii_by_first: dict[str, list[_Entry]] = {}
        """A form of a first word -> the term (terms other than one ASCII word)."""
        self._named: dict[str, set[str]] = {}
        """Lower-case word -> concepts it names (one-word ASCII terms, any case)."""
        self._exact: dict[str, set[str]] = {}
        """Word -> concepts it names (one-word ASCII terms, case-sensitive)."""
        self._exclude: dict[str, tuple[str, ...]] = {}
        for concept in concepts:
            if concept.exclude:
                self._exclude[concept.id] = tuple(phrase.casefold() for phrase in concept.exclude)
            for term in dict.fromkeys((concept.name, *concept.aliases)):
                self._add_term(concept.id, term, concept.case_sensitive)

    def _add_term(self, concept_id: str, term: str, case_sensitive: bool) -> None:
        words = _TOKEN.findall(term.lower())
        if not words:
            return
        entry = (concept_id, term, case_sensitive)
        self._by_first.setdefault(words[0], []).append(entry)
        if not (term.isascii() and term.isalnum()):
            for form in _forms(words[0]):
                self._ascii_by_first.setdefault(form, []).append(entry)
        elif case_sensitive:
            self._exact.setdefault(term, set()).add(concept_id)
        else:
            word = term.lower()
            for form in _forms(word) if term[-1].isalpha() else (word,):
                self._named.setdefault(form, set()).add(concept_id)

    def _ascii_hits(self, text: str) -> tuple[set[str], list[_Entry]]:
        """For an ASCII text: the concepts its words name, and the other terms to search for."""
        found: set[str] = set()
        candidates: list[_Entry] = []
        for run in set(_RUN.findall(text)):
            found.update(self._exact.get(run, ()))
            word = run.lower()
            found.update(self._named.get(word, ()))
            candidates.extend(self._ascii_by_first.get(word, ()))
        return found, candidates

    def find(self, text: str) -> set[str]:
        """Ids of the concepts ``text`` mentions."""
        if text.isascii():
            found, candidates = self._ascii_hits(text)
        else:
            found, candidates = set(), [entry for word in _tokens(text) for entry in self._by_first.get(word, ())]
        for concept_id, term, case_sensitive in candidates:
            if concept_id not in found and _term_pattern(term, case_sensitive).search(text):
                found.add(concept_id)
        if self._exclude and found:
            folded = text.casefold()
            found = {c for c in found if not any(p in folded for p in self._exclude.get(c, ()))}
        return found


def check_concepts(concepts: Iterable[ConceptSpec]) -> list[Problem]:
    """Problems with the gazetteer itself: a term claimed by two concepts."""
    problems, owner = [], {}
    for concept in concepts:
        for term in (concept.name, *concept.aliases):
            key = term if concept.case_sensitive else term.casefold()
            if key in owner and owner[key] != concept.id:
                loc = concept.loc
                problems.append(
                    Problem(
                        loc.source if loc else "concepts",
                        f"term {term!r} of concept {concept.id!r} is also a term of {owner[key]!r}",
                        loc.line if loc else None,
                        loc.column if loc else None,
                        loc.where if loc else "",
                    )
                )
            owner.setdefault(key, concept.id)
    return problems


def add_concepts(G: nx.MultiDiGraph, concepts: Iterable[ConceptSpec], problems: list[Problem]) -> None:
    """Add concept nodes and MENTIONS edges from every topic that names them."""
    concepts = list(concepts)
    problems.extend(check_concepts(concepts))
    for concept in concepts:
        G.add_node(
            ids.concept_id(concept.id),
            kind=str(NodeKind.CONCEPT),
            name=concept.name,
            aliases=list(concept.aliases),
            **({"description": concept.description} if concept.description else {}),
        )
    matcher = ConceptMatcher(concepts)
    topics = [(n, d) for n, d in G.nodes(data=True) if d.get("kind") == NodeKind.TOPIC]
    for node, data in topics:
        text = f"{data.get('name', '')}: {data.get('description', '')}"
        for concept_id in sorted(matcher.find(text)):
            G.add_edge(node, ids.concept_id(concept_id), key=str(EdgeKind.MENTIONS), kind=str(EdgeKind.MENTIONS))
