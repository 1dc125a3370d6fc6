"""Concept matching: whole words, case rules, plurals, one owner per term."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgraph.model.mentions import ConceptMatcher, _term_pattern, _tokens, check_concepts
from kgraph.model.spec import ConceptSpec

CONCEPTS = [
    ConceptSpec("go", "Go", case_sensitive=True),
    ConceptSpec("iam", "IAM", aliases=("Identity and Access Management",)),
    ConceptSpec("load-balancer", "Load Balancer", aliases=("ALB",)),
    ConceptSpec("kubernetes", "Kubernetes", aliases=("K8s",)),
    ConceptSpec("ci-cd", "CI/CD"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Python, Bash, Go, Ruby", {"go"}),
        ("Google Cloud", set()),
        ("go to market", set()),
        ("IAM policies", {"iam"}),
        ("DIAMOND", set()),
        ("identity  and access\nmanagement", {"iam"}),
        ("behind load balancers", {"load-balancer"}),
        ("ALB/NLB targets", {"load-balancer"}),
        ("k8s and CI/CD", {"kubernetes", "ci-cd"}),
        ("Kubernetes-native", {"kubernetes"}),
        ("ALBERT", set()),
    ],
)
def test_matches(text, expected):
    assert ConceptMatcher(CONCEPTS).find(text) == expected


def test_a_term_belongs_to_one_concept():
    problems = check_concepts([*CONCEPTS, ConceptSpec("alb", "ALB")])
    assert len(problems) == 1
    assert "term 'ALB' of concept 'alb' is also a term of 'load-balancer'" in problems[0].message


def test_exclude_phrases_mark_false_hits():
    matcher = ConceptMatcher([ConceptSpec("rate-limiting", "Rate limiting", exclude=("Block I/O rate limiting",))])
    assert matcher.find("API rate limiting") == {"rate-limiting"}
    assert matcher.find("I/O Limits: Block I/O rate limiting") == set()


def _reference(concepts: list[ConceptSpec], text: str) -> set[str]:
    """The matching rule spelled out: a term's pattern matches a text holding its first word."""
    found = set()
    for concept in concepts:
        for term in (concept.name, *concept.aliases):
            words = re.findall("[a-z0-9]+", term.lower())
            if words and words[0] in _tokens(text) and _term_pattern(term, concept.case_sensitive).search(text):
                found.add(concept.id)
    folded = text.casefold()
    return {c.id for c in concepts if c.id in found and not any(p.casefold() in folded for p in c.exclude)}


@pytest.mark.parametrize(
    ("term", "case_sensitive", "text", "matches"),
    [
        ("a", False, "aes", True),
        ("a0", False, "a0s", False),
        ("K8s", False, "k8ses", True),
        ("Go", True, "GO go Gos", False),
        ("Go", True, "Go!", True),
        ("a b", False, "A \n b's", True),
        ("b-c", False, "bs-c", False),
        ("a\u017f", False, "AS", True),  # the long s equals s when case is ignored
        ("\u017fa", False, "SA a", True),
        ("\u212aa", False, "kas", True),  # the Kelvin sign equals k when case is ignored
    ],
)
def test_corner_cases(term, case_sensitive, text, matches):
    concepts = [ConceptSpec("c", term, case_sensitive=case_sensitive)]
    assert ConceptMatcher(concepts).find(text) == ({"c"} if matches else set()) == _reference(concepts, text)


_WORDS = ["a", "s", "es", "a0", "k8", "K8s", "Go", "bE", "\u00e9t", "\u017f", "\u017fa", "\u212a", "\u212aa", "\u0131"]
"""Words for terms and texts, with the letters that ignore-case patterns equate with ASCII ones."""
_TERM = st.builds(
    lambda a, sep, b: a + sep + b,
    st.sampled_from(_WORDS),
    st.sampled_from(["", "", " ", "-", "/", "."]),
    st.sampled_from(["", "", *_WORDS]),
)


def _concept(i: int, terms: list[str], case_sensitive: bool, exclude: tuple[str, ...]) -> ConceptSpec:
    return ConceptSpec(f"c{i}", terms[0], tuple(terms[1:]), case_sensitive=case_sensitive, exclude=exclude)


_CONCEPTS = st.lists(
    st.builds(
        _concept,
        st.integers(0, 5),
        st.lists(_TERM, min_size=1, max_size=3),
        st.booleans(),
        st.sampled_from([(), (), (), ("xa",), ("go es",)]),
    ),
    min_size=1,
    max_size=5,
    unique_by=lambda c: c.id,
)


def _texts(terms: list[str]) -> st.SearchStrategy[str]:
    """Texts of terms and words (as they are, in other cases, plural, run into other words)."""
    piece = st.sampled_from([*terms, *_WORDS]).flatmap(
        lambda t: st.sampled_from([t, t.upper(), t.lower(), t + "s", t + "es", "x" + t, t + "x"])
    )
    sep = st.sampled_from(["", " ", " ", "-", ", ", "\n", "\u00e9", "/"])
    return st.lists(st.tuples(piece, sep), max_size=8).map(lambda pairs: "".join(p + s for p, s in pairs))


@settings(max_examples=300, deadline=None)
@given(concepts=_CONCEPTS, data=st.data())
def test_matches_the_rule_for_any_text(concepts, data):
    text = data.draw(_texts([t for c in concepts for t in (c.name, *c.aliases)]))
    assert ConceptMatcher(concepts).find(text) == _reference(concepts, text)
