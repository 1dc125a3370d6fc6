"""Concept matching: whole words, case rules, plurals, one owner per term."""

from __future__ import annotations

import pytest

from kgraph.model.mentions import ConceptMatcher, check_concepts
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
