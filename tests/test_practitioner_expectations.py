"""Practitioner expectations (``tests/data/practitioner_expectations.yaml``): for each goal, a
from-scratch plan must hold the topics a practitioner insists on, must leave out the ones a
practitioner would strike, and its hours must be near what a practitioner would plan.

The file was written from topic names and descriptions alone, independently of the
prerequisite data; each pair carries its one-line reason.
"""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

import kgraph
from tests.conftest import DATA

EXPECTATIONS = yaml.safe_load((DATA / "practitioner_expectations.yaml").read_text(encoding="utf-8"))["goals"]
HOURS_RATIO = 1.4  # a plan's hours may differ from the practitioner's by this factor at most, in total
GOAL_RATIO = 2.0  # and by this factor for any one goal


def _plan(G, goal):
    return kgraph.learning_plan(G, [f"topic:{goal}"])


def test_the_expectations_cover_every_roadmap_with_reasons(builtin_graph):
    pairs = [(g["goal"], item) for g in EXPECTATIONS for key in ("include", "exclude") for item in g.get(key) or []]
    assert len(pairs) >= 80
    assert Counter(g["goal"].split("/")[0] for g in EXPECTATIONS).keys() == {
        "devops",
        "aws",
        "kubernetes",
        "docker",
        "terraform",
        "cloudflare",
        "system_design",
    }
    for goal, item in pairs:
        assert item["reason"].strip(), (goal, item)
        assert f"topic:{item['topic']}" in builtin_graph, item["topic"]
        assert item["topic"] != goal


@pytest.mark.parametrize("expectation", EXPECTATIONS, ids=[g["goal"] for g in EXPECTATIONS])
def test_plan_holds_what_a_practitioner_insists_on_and_nothing_they_would_strike(builtin_graph, expectation):
    topics = set(_plan(builtin_graph, expectation["goal"]).topics)
    include, exclude = expectation.get("include") or [], expectation.get("exclude") or []
    missing = [(i["topic"], i["reason"]) for i in include if f"topic:{i['topic']}" not in topics]
    struck = [(x["topic"], x["reason"]) for x in exclude if f"topic:{x['topic']}" in topics]
    assert missing == [], "a practitioner insists on these"
    assert struck == [], "a practitioner would strike these"


def test_plan_hours_are_near_the_practitioners(builtin_graph):
    planned = {g["goal"]: _plan(builtin_graph, g["goal"]).total_effort_hours for g in EXPECTATIONS}
    expected = {g["goal"]: g["hours"] for g in EXPECTATIONS}
    ratio = sum(planned.values()) / sum(expected.values())
    assert 1 / HOURS_RATIO <= ratio <= HOURS_RATIO, ratio
    far = {
        goal: (planned[goal], expected[goal])
        for goal in planned
        if not 1 / GOAL_RATIO <= planned[goal] / expected[goal] <= GOAL_RATIO
    }
    assert far == {}
