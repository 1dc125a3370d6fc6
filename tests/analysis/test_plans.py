"""Learning plans: properties on random DAGs with any-of groups, and hand-checked cases."""

from __future__ import annotations

import random

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgraph.analysis.choices import RULES
from kgraph.analysis.knowledge import implied, known_parts
from kgraph.analysis.plans import learning_plan
from kgraph.analysis.prereqs import Need, prereq_view
from kgraph.errors import InputError, TopicNotFound
from tests.analysis.graphs import plan_cases, topic_graph


@settings(max_examples=300, deadline=None)
@given(plan_cases(knowledge=True))
def test_plan_properties(case):
    G, goals, known = case
    plan = learning_plan(G, goals, known=known)
    view = prereq_view(G)
    satisfied = implied(view, known)
    parts = known_parts(view, satisfied)
    order = plan.topics
    position = {t: i for i, t in enumerate(order)}
    steps = {s.topic: s for s in plan.steps}
    assert len(order) == len(set(order))
    assert not (set(order) & satisfied), "no known or implied topic is planned"
    assert {g for g in goals if g not in satisfied} <= set(order)
    chosen = {(c.topic, tuple(c.group)): c for c in plan.choices}
    needs: dict[str, list[tuple[str, Need]]] = {t: [] for t in order}
    for topic in order:
        req = view.needs.get(topic)
        if req is None or steps[topic].part is not None:
            continue  # a part brings in nothing
        for p in req.all_of:
            need = req.edges[p]
            if p in satisfied or (need.partial and p in parts):
                continue
            assert position[p] < position[topic], "a prerequisite comes first"
            needs[p].append((topic, need))
        for group in req.any_of:
            choice = chosen[(topic, group)]
            assert choice.chosen in group and choice.rule in RULES
            if any(m in satisfied for m in group):
                assert choice.known and choice.chosen in satisfied, "a known member satisfies the group"
            elif choice.rule != "known":
                assert position[choice.chosen] < position[topic], "the chosen member comes first"
                needs[choice.chosen].append((topic, req.edges[choice.chosen]))
    for topic in order:
        step = steps[topic]
        assert topic in goals or needs[topic], f"{topic} is in the plan for no reason"
        expected = sorted((t, need.reason, need.strength, need.needs) for t, need in needs[topic])
        assert sorted((n.topic, n.reason, n.strength, n.needs) for n in step.needed_by) == expected
        assert all(n.strength == "essential" for n in step.needed_by), "recommended edges stay out"
        whole = topic in goals or any(not need.partial for _, need in needs[topic])
        if whole:
            assert step.part is None and step.effort_hours == step.topic_hours
        else:
            assert step.part is not None and step.effort_hours == min(
                _parts_hours(n for _, n in needs[topic]), step.topic_hours
            )
    assert plan.total_effort_hours == sum(s.effort_hours for s in plan.steps)
    for extra in plan.also_useful:
        assert extra.topic not in position and extra.needed_by
        assert all(n.strength == "recommended" and n.topic in position for n in extra.needed_by)
    again = learning_plan(G, goals, known=known)
    assert again.to_dict() == plan.to_dict()


def _parts_hours(needs) -> float:
    """The largest part any dependent needs."""
    return max(need.hours for need in needs)


@settings(max_examples=200, deadline=None)
@given(plan_cases(knowledge=True))
def test_with_recommended_is_a_superset_with_the_extras_marked(case):
    G, goals, known = case
    plan = learning_plan(G, goals, known=known)
    more = learning_plan(G, goals, known=known, with_recommended=True)
    assert set(plan.topics) <= set(more.topics)
    extras = {s.topic for s in more.steps if s.recommended}
    assert extras == set(more.topics) - set(plan.topics)
    assert more.recommended_hours == sum(s.effort_hours for s in more.steps if s.recommended)
    assert more.also_useful == []
    assert {e.topic for e in plan.also_useful} <= set(more.topics)
    position = {t: i for i, t in enumerate(more.topics)}
    for step in more.steps:
        for entry in step.needed_by:
            assert position[step.topic] < position[entry.topic]


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
    assert choice.chosen == "topic:cheap" and not choice.known and choice.rule == "least effort"
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
    assert [(n.topic, n.reason, n.strength, n.needs) for n in step_c.needed_by] == [
        ("topic:d", "because", "essential", None)
    ]
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


# ---------------------------------------------------------------- strength, parts and choices


def test_a_part_counts_its_hours_and_brings_in_nothing_below_it():
    G = topic_graph(
        {"goal": 2, "lang": 12, "linux": 5},
        requires=[("goal", "lang"), ("lang", "linux")],
        parts={("goal", "lang"): 3},
    )
    plan = learning_plan(G, ["topic:goal"])
    assert plan.topics == ["topic:lang", "topic:goal"]
    lang = plan.steps[0]
    assert (lang.effort_hours, lang.topic_hours, lang.part) == (3, 12, "part of lang")
    assert [(n.topic, n.needs) for n in lang.needed_by] == [("topic:goal", "part of lang")]
    assert plan.total_effort_hours == 5


def test_the_largest_part_wins_and_a_whole_need_counts_the_whole_topic():
    G = topic_graph(
        {"a": 1, "b": 1, "c": 1, "lang": 12, "linux": 5},
        requires=[("a", "lang"), ("b", "lang"), ("c", "lang"), ("lang", "linux")],
        parts={("a", "lang"): 2, ("b", "lang"): 4},
    )
    parts_only = learning_plan(G, ["topic:a", "topic:b"])
    assert {s.topic: s.effort_hours for s in parts_only.steps}["topic:lang"] == 4
    assert "topic:linux" not in parts_only.topics
    whole = learning_plan(G, ["topic:a", "topic:c"])
    step = next(s for s in whole.steps if s.topic == "topic:lang")
    assert (step.effort_hours, step.part) == (12, None)
    assert "topic:linux" in whole.topics, "a whole need brings in the topic's own prerequisites"
    as_goal = learning_plan(G, ["topic:a", "topic:lang"])
    assert next(s for s in as_goal.steps if s.topic == "topic:lang").effort_hours == 12


def test_different_parts_of_one_topic_count_the_largest():
    G = topic_graph({"a": 1, "b": 1, "c": 1, "lang": 8}, requires=[("a", "lang"), ("b", "lang"), ("c", "lang")])
    for dependent, needs, hours in (("a", "shell", 3), ("b", "shell and python", 4), ("c", "shell", 2)):
        G.edges[f"topic:{dependent}", "topic:lang", "REQUIRES"].update(needs=needs, hours=hours)
    plan = learning_plan(G, ["topic:a", "topic:b", "topic:c"])
    lang = next(s for s in plan.steps if s.topic == "topic:lang")
    assert (lang.effort_hours, lang.part) == (4, "shell; shell and python")


def test_a_part_is_capped_at_the_topic_effort_and_comes_after_what_the_plan_holds_anyway():
    G = topic_graph(
        {"goal": 1, "lang": 2, "linux": 5, "other": 1},
        requires=[("goal", "lang"), ("goal", "other"), ("other", "linux"), ("lang", "linux")],
        parts={("goal", "lang"): 9},
    )
    plan = learning_plan(G, ["topic:goal"])
    assert plan.topics.index("topic:linux") < plan.topics.index("topic:lang")
    lang = next(s for s in plan.steps if s.topic == "topic:lang")
    assert lang.effort_hours == 2
    linux = next(s for s in plan.steps if s.topic == "topic:linux")
    assert [n.topic for n in linux.needed_by] == ["topic:other"], "the part does not need linux"


def test_knowing_a_topic_that_needs_a_part_covers_that_part_only():
    G = topic_graph(
        {"known": 1, "goal": 1, "whole": 1, "lang": 12},
        requires=[("known", "lang"), ("goal", "lang"), ("whole", "lang")],
        parts={("known", "lang"): 3, ("goal", "lang"): 2},
    )
    assert learning_plan(G, ["topic:goal"], known=["topic:known"]).topics == ["topic:goal"]
    assert learning_plan(G, ["topic:whole"], known=["topic:known"]).topics == ["topic:lang", "topic:whole"]


def test_recommended_prerequisites_are_listed_apart_and_never_counted():
    G = topic_graph(
        {"goal": 2, "must": 3, "nice": 5, "deep": 4},
        requires=[("goal", "must"), ("goal", "nice"), ("nice", "deep")],
        recommended=[("goal", "nice")],
        reasons={("goal", "nice"): "helps"},
    )
    plan = learning_plan(G, ["topic:goal"])
    assert plan.topics == ["topic:must", "topic:goal"] and plan.total_effort_hours == 5
    [extra] = plan.also_useful
    assert (extra.topic, extra.effort_hours) == ("topic:nice", 5)
    assert [(n.topic, n.reason, n.strength) for n in extra.needed_by] == [("topic:goal", "helps", "recommended")]
    more = learning_plan(G, ["topic:goal"], with_recommended=True)
    assert set(more.topics) == {"topic:must", "topic:nice", "topic:deep", "topic:goal"}
    assert {s.topic for s in more.steps if s.recommended} == {"topic:nice", "topic:deep"}
    assert (more.total_effort_hours, more.recommended_hours) == (14, 9)


def test_known_topics_imply_their_essential_prerequisites_only():
    G = topic_graph({"a": 1, "b": 1, "c": 1}, requires=[("a", "b"), ("a", "c")], recommended=[("a", "c")])
    assert learning_plan(G, ["topic:b", "topic:c"], known=["topic:a"]).topics == ["topic:c"]


def _choice_graph(**extra):
    return topic_graph(
        {"goal": 1, "eks": 3, "local": 2, "cheap": 1, "other": 1},
        requires=extra.pop("requires", []),
        groups={"goal": [["cheap", "eks", "local"]]},
        defaults={"goal": ["local"]},
        vendors={"eks": "aws"},
        roadmaps={"eks": "aws", "local": "kubernetes", "cheap": "docker"},
        roadmap_nodes=True,
        **extra,
    )


@pytest.mark.parametrize(
    ("kwargs", "chosen", "rule"),
    [
        ({}, "topic:local", "default"),
        ({"prefer": ["aws"]}, "topic:eks", "preferred"),
        ({"prefer": ["docker"]}, "topic:cheap", "preferred"),
        ({"prefer": ["topic:eks"]}, "topic:eks", "preferred"),
        ({"prefer": ["nothing-matches-this", "aws"]}, None, None),
        ({"prefer": ["aws"], "progress": {"topic:cheap": "learning"}}, "topic:cheap", "in progress"),
        ({"prefer": ["aws"], "known": ["topic:local"]}, "topic:local", "known"),
        ({"progress": {"topic:eks": "skipped", "topic:local": "skipped"}}, "topic:cheap", "least effort"),
    ],
)
def test_choice_rules_in_order(kwargs, chosen, rule):
    G = _choice_graph()
    if chosen is None:
        with pytest.raises(InputError, match=r"unknown preference 'nothing-matches-this'.*kubernetes.*aws"):
            learning_plan(G, ["topic:goal"], **kwargs)
        return
    [choice] = learning_plan(G, ["topic:goal"], **kwargs).choices
    assert (choice.chosen, choice.rule, choice.default) == (chosen, rule, "topic:local")
    if rule == "preferred":
        assert choice.preference == kwargs["prefer"][0]


def test_a_member_the_plan_holds_anyway_wins_over_the_default():
    G = _choice_graph(requires=[("goal", "other"), ("other", "eks")])
    plan = learning_plan(G, ["topic:goal"])
    [choice] = plan.choices
    assert (choice.chosen, choice.rule) == ("topic:eks", "in the plan anyway")
    assert "topic:local" not in plan.topics


def test_without_a_default_the_least_effort_member_is_taken():
    G = topic_graph({"goal": 1, "a": 3, "b": 2}, groups={"goal": [["a", "b"]]})
    [choice] = learning_plan(G, ["topic:goal"]).choices
    assert (choice.chosen, choice.rule, choice.default) == ("topic:b", "least effort", None)


def test_needed_by_pairs_each_dependent_with_its_own_reason():
    G = topic_graph(
        {"base": 2, "x": 1, "y": 1},
        requires=[("x", "base"), ("y", "base")],
        parts={("y", "base"): 1},
        reasons={("x", "base"): "x's reason", ("y", "base"): "y's reason"},
    )
    plan = learning_plan(G, ["topic:x", "topic:y"])
    base = plan.steps[0]
    assert [(n.topic, n.reason, n.needs) for n in base.needed_by] == [
        ("topic:x", "x's reason", None),
        ("topic:y", "y's reason", "part of base"),
    ]
    row = plan.rows()[0]
    assert row["needed_by"][1] == {
        "topic": "topic:y",
        "reason": "y's reason",
        "strength": "essential",
        "needs": "part of base",
    }


def test_two_groups_with_crossed_defaults_settle_on_one_member():
    G = topic_graph(
        {"goal": 1, "x": 1, "y": 1, "a": 3, "b": 3},
        requires=[("goal", "x"), ("goal", "y")],
        groups={"x": [["a", "b"]], "y": [["a", "b"]]},
        defaults={"x": ["a"], "y": ["b"]},
    )
    plan = learning_plan(G, ["topic:goal"])
    assert len({c.chosen for c in plan.choices}) == 1, [(c.topic, c.chosen, c.rule) for c in plan.choices]
    assert sorted(c.rule for c in plan.choices) == ["default", "in the plan anyway"]
    assert plan.total_effort_hours == 6
