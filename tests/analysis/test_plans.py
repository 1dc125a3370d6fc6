"""Learning plans: properties on random DAGs with any-of groups, and hand-checked cases."""

from __future__ import annotations

import random

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgraph.analysis.knowledge import implied
from kgraph.analysis.plans import learning_plan
from kgraph.analysis.prereqs import prereq_view
from kgraph.errors import InputError, TopicNotFound
from tests.analysis.graphs import plan_cases, topic_graph


@settings(max_examples=300, deadline=None)
@given(plan_cases())
def test_plan_properties(case):
    G, goals, known = case
    plan = learning_plan(G, goals, known=known)
    view = prereq_view(G)
    satisfied = implied(view, known)
    order = plan.topics
    position = {t: i for i, t in enumerate(order)}
    assert len(order) == len(set(order))
    assert not (set(order) & satisfied), "no known or implied topic is planned"
    assert {g for g in goals if g not in satisfied} <= set(order)
    chosen = {(c.topic, tuple(c.group)): c.chosen for c in plan.choices}
    used_by: dict[str, set] = {t: set() for t in order}
    for topic in order:
        req = view.needs.get(topic)
        if req is None:
            continue
        for p in req.all_of:
            assert p in satisfied or position[p] < position[topic], "plain prerequisite first"
            if p in position:
                used_by[p].add(topic)
        for group in req.any_of:
            pick = chosen[(topic, group)]
            assert pick in group
            if any(m in satisfied for m in group):
                assert pick in satisfied, "a known member satisfies the group"
            else:
                assert position[pick] < position[topic], "the chosen member comes first"
                used_by[pick].add(topic)
    for topic in order:
        assert topic in goals or used_by[topic], f"{topic} is in the plan for no reason"
    for step in plan.steps:
        assert set(step.needed_by) == used_by[step.topic]
    again = learning_plan(G, goals, known=known)
    assert again.to_dict() == plan.to_dict()


@settings(max_examples=150, deadline=None)
@given(plan_cases())
def test_without_groups_plan_is_descendants_minus_known(case):
    G, goals, known = case
    G.remove_edges_from([(u, v, k) for u, v, k, d in G.edges(keys=True, data=True) if d.get("group")])
    R = nx.DiGraph((u, v) for u, v in G.edges())
    R.add_nodes_from(G)
    expected = set(goals).union(*(nx.descendants(R, g) for g in goals))
    expected -= set(known).union(*(nx.descendants(R, k) for k in known))
    assert set(learning_plan(G, goals, known=known).topics) == expected


@settings(max_examples=60, deadline=None)
@given(plan_cases(), st.randoms(use_true_random=False))
def test_plan_ignores_insertion_order(case, rnd: random.Random):
    G, goals, known = case
    nodes = list(G.nodes(data=True))
    edges = list(G.edges(keys=True, data=True))
    rnd.shuffle(nodes)
    rnd.shuffle(edges)
    H = nx.MultiDiGraph()
    H.add_nodes_from(nodes)
    H.add_edges_from(edges)
    assert learning_plan(H, goals, known=known).to_dict() == learning_plan(G, goals, known=known).to_dict()


def test_any_of_picks_least_remaining_effort_and_reports_alternatives():
    G = topic_graph(
        {"goal": 1, "cheap": 2, "dear": 1, "deep": 5},
        requires=[("dear", "deep")],
        groups={"goal": [["cheap", "dear"]]},
    )
    plan = learning_plan(G, ["topic:goal"])
    assert plan.topics == ["topic:cheap", "topic:goal"]
    [choice] = plan.choices
    assert choice.chosen == "topic:cheap" and not choice.known
    assert choice.remaining_effort == {"topic:cheap": 2, "topic:dear": 6}


def test_any_of_uses_a_known_member():
    G = topic_graph({"goal": 1, "cheap": 2, "dear": 9}, groups={"goal": [["cheap", "dear"]]})
    plan = learning_plan(G, ["topic:goal"], known=["topic:dear"])
    assert plan.topics == ["topic:goal"]
    assert plan.choices[0].chosen == "topic:dear" and plan.choices[0].known


def test_ties_break_by_id():
    G = topic_graph({"goal": 1, "b": 2, "a": 2}, groups={"goal": [["b", "a"]]})
    assert learning_plan(G, ["topic:goal"]).choices[0].chosen == "topic:a"


def test_stages_totals_and_progress():
    G = topic_graph(
        {"a": 1, "b": 2, "c": 3, "d": 4},
        requires=[("d", "c"), ("d", "b"), ("c", "a"), ("b", "a")],
        roadmaps={"a": "x", "b": "x", "c": "y", "d": "y"},
        reasons={("d", "c"): "because"},
    )
    plan = learning_plan(G, ["topic:d"], progress={"topic:b": "learning"})
    assert [[s.topic for s in stage] for stage in plan.stages] == [["topic:a"], ["topic:b", "topic:c"], ["topic:d"]]
    assert plan.total_effort_hours == 10
    assert plan.by_roadmap == [
        {"roadmap": "roadmap:y", "topics": 2, "effort_hours": 7.0},
        {"roadmap": "roadmap:x", "topics": 2, "effort_hours": 3.0},
    ]
    step_c = plan.steps[2]
    assert step_c.reasons == ["because"] and step_c.needed_by == ["topic:d"]
    assert plan.steps[1].status == "learning"
    done = learning_plan(G, ["topic:d"], progress={"topic:c": "done", "topic:b": "skipped"})
    assert done.topics == ["topic:d"]
    frame = plan.to_frame()
    assert list(frame["topic"]) == plan.topics


def test_known_goal_is_reported():
    G = topic_graph({"a": 1, "b": 1}, requires=[("b", "a")])
    plan = learning_plan(G, ["topic:a"], known=["topic:b"])
    assert plan.topics == [] and plan.known_goals == ["topic:a"]


def test_bad_inputs():
    G = topic_graph({"a": 1})
    with pytest.raises(TopicNotFound):
        learning_plan(G, ["topic:zzz"])
    with pytest.raises(InputError):
        learning_plan(G, ["topic:a"], progress={"topic:a": "mastered"})


def test_a_skipped_alternative_is_not_chosen_and_does_not_satisfy():
    G = topic_graph({"goal": 1, "cheap": 1, "dear": 5}, groups={"goal": [["cheap", "dear"]]})
    plan = learning_plan(G, ["topic:goal"], progress={"topic:cheap": "skipped"})
    assert plan.topics == ["topic:dear", "topic:goal"]
    assert plan.choices[0].chosen == "topic:dear" and not plan.choices[0].known
    both = learning_plan(G, ["topic:goal"], progress={"topic:cheap": "skipped", "topic:dear": "skipped"})
    assert both.topics == ["topic:goal"]
