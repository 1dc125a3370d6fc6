"""Schedules: a plan packed into weeks keeps plan order, never overfills a week or a day,
adds up to the plan's hours, puts topics being learned first, and refuses bad values."""

from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kgraph import InputError, learning_plan, schedule_plan
from kgraph.analysis.prereqs import prereq_view
from kgraph.analysis.schedule import MIN_SESSION_MINUTES
from kgraph.model.vocabulary import WEEKDAYS

HPA = "topic:kubernetes/scaling-considerations/horizontal-pod-autoscaler-hpa"
CORE = "topic:kubernetes/core-competencies/core-objects"
START = dt.date(2027, 1, 4)


def _check(plan, schedule, hours_per_week):
    """The invariants every schedule keeps."""
    sessions = schedule.sessions
    minutes = lambda value: round(value * 60)  # noqa: E731
    assert {s.topic for s in sessions} == set(plan.topics)
    assert sum(minutes(s.hours) for s in sessions) == minutes(plan.total_effort_hours)
    by_topic: dict[str, list] = {}
    for s in sessions:
        by_topic.setdefault(s.topic, []).append(s)
        assert s.start >= dt.datetime.combine(schedule.start, dt.time())
        assert s.end > s.start and minutes((s.end - s.start).total_seconds() / 3600) == minutes(s.hours)
        assert s.end <= dt.datetime.combine(s.day, dt.time()) + dt.timedelta(days=1)  # a day ends by midnight
        assert s.day.weekday() in [WEEKDAYS.index(d) for d in schedule.days]
        assert (s.day - schedule.start).days // 7 + 1 == s.week
    for step in plan.steps:  # never before the prerequisites the plan holds end
        first = min(s.start for s in by_topic[step.topic])
        for before in step.after:
            assert first >= max(s.end for s in by_topic[before]), (step.topic, before)
    for week, total in schedule.week_hours().items():
        assert minutes(total) <= minutes(hours_per_week), week
    shortest_day = minutes(hours_per_week) // len(schedule.days)
    for s in sessions:  # only a topic's last piece may be shorter than a session
        if s.session < s.sessions:
            assert minutes(s.hours) >= min(MIN_SESSION_MINUTES, shortest_day), s
    ordered = sorted(sessions, key=lambda s: s.start)
    assert ordered == sessions
    assert all(a.end <= b.start for a, b in itertools.pairwise(ordered))  # one thing at a time
    assert schedule.entries[-1].cumulative_hours == pytest.approx(plan.total_effort_hours)


def test_hpa_in_weeks_of_five_hours(builtin_graph):
    plan = learning_plan(builtin_graph, [HPA])
    schedule = schedule_plan(plan, 5, start=START)
    _check(plan, schedule, 5)
    assert schedule.weeks == 5 and schedule.total_hours == plan.total_effort_hours == 23
    assert [e.week for e in schedule.entries if e.continued]  # some topic runs over a week's end
    assert schedule.sessions[0].start == dt.datetime(2027, 1, 4, 18, 0)
    assert schedule.entries[-1].topic == HPA and schedule.end == schedule.entries[-1].last_day
    core = [e for e in schedule.entries if e.topic == CORE]
    assert len(core) > 1 and core[0].continues and core[-1].continued and not core[-1].continues
    assert sum(e.hours for e in core) == 8


def test_study_days_and_time(builtin_graph):
    plan = learning_plan(builtin_graph, [HPA])
    schedule = schedule_plan(plan, 6, start="2027-01-06", days="sat,Sunday", at="09:30")
    _check(plan, schedule, 6)
    assert {s.day.weekday() for s in schedule.sessions} == {5, 6}
    assert schedule.sessions[0].day == dt.date(2027, 1, 9)  # the first Saturday on or after the start
    assert schedule.sessions[0].start.time() == dt.time(9, 30)
    assert schedule.days == ["sat", "sun"]


def test_a_long_day_ends_by_midnight(builtin_graph):
    plan = learning_plan(builtin_graph, [HPA])
    schedule = schedule_plan(plan, 40, start=START, days=["sat", "sun"], at="20:00")
    _check(plan, schedule, 40)
    assert schedule.sessions[0].start == dt.datetime(2027, 1, 9, 4, 0)  # 20 h fit only from 04:00


def test_topics_being_learned_come_first(builtin_graph):
    plan = learning_plan(builtin_graph, [HPA], progress={CORE: "learning"})
    schedule = schedule_plan(plan, 5, start=START)
    _check(plan, schedule, 5)
    order = list(dict.fromkeys(s.topic for s in schedule.sessions))
    core_at = order.index(CORE)
    after = {step.topic: step.after for step in plan.steps}
    needed, stack = set(), list(after[CORE])
    while stack:
        topic = stack.pop()
        needed.add(topic)
        stack.extend(after[topic])
    assert needed and set(order[:core_at]) == needed  # only what it needs, directly or not, comes before it
    assert next(e for e in schedule.entries if e.topic == CORE).status == "learning"


def test_one_goal_at_a_time(builtin_graph):
    cdn = "topic:cloudflare/core-competencies/content-delivery-network-cdn"
    queue = "topic:system_design/infrastructure-patterns/asynchronous-processing/message-queue-kafka-rabbitmq"
    plan = learning_plan(builtin_graph, [queue, cdn])
    schedule = schedule_plan(plan, 3, start=START)
    _check(plan, schedule, 3)
    order = list(dict.fromkeys(s.topic for s in schedule.sessions))
    after = {step.topic: step.after for step in plan.steps}

    def needs(goal):
        found, stack = {goal}, [goal]
        while stack:
            for t in after[stack.pop()]:
                if t not in found:
                    found.add(t)
                    stack.append(t)
        return found

    first = needs(queue)
    assert set(order[: len(first)]) == first and order[len(first) - 1] == queue  # the first goal, then the next
    assert order[-1] == cdn


def test_no_short_sessions_mid_topic(builtin_graph):
    plan = learning_plan(builtin_graph, [HPA])
    schedule = schedule_plan(plan, 3, start=START)  # 36 min a study day
    _check(plan, schedule, 3)
    assert all(round(s.hours * 60) >= 30 or s.session == s.sessions for s in schedule.sessions)


def test_done_topics_are_left_out(builtin_graph):
    plan = learning_plan(builtin_graph, [HPA], progress={CORE: "done"})
    schedule = schedule_plan(plan, 5, start=START)
    assert CORE not in {s.topic for s in schedule.sessions}
    _check(plan, schedule, 5)


def test_default_start_is_the_next_monday(builtin_graph):
    schedule = schedule_plan(learning_plan(builtin_graph, [HPA]), 5)
    today = dt.date.today()
    assert schedule.start.weekday() == 0 and today < schedule.start <= today + dt.timedelta(days=7)


def test_result_protocol(builtin_graph):
    schedule = schedule_plan(learning_plan(builtin_graph, [HPA]), 5, start=START)
    data = json.loads(json.dumps(schedule.to_dict()))
    assert data["start"] == "2027-01-04" and data["sessions"][0]["start"] == "2027-01-04T18:00:00"
    assert len(data["entries"]) == len(schedule.rows()) == len(schedule.to_frame())
    assert list(schedule.to_frame().columns)[:4] == ["week", "week_start", "week_end", "topic"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"hours_per_week": 0}, "more than 0 and at most 168, got 0"),
        ({"hours_per_week": -3}, "got -3"),
        ({"hours_per_week": 200}, "at most 168, got 200"),
        ({"hours_per_week": True}, "must be a number"),
        ({"hours_per_week": "5"}, "must be a number"),
        ({"hours_per_week": 50, "days": "sat,sun"}, "do not fit in 2 study days"),
        ({"start": "2027-02-30"}, "'2027-02-30' is not a date"),
        ({"start": "tomorrow"}, "'tomorrow' is not a date: write it as YYYY-MM-DD"),
        ({"days": "mon,funday"}, "unknown day 'funday'"),
        ({"days": "mo"}, "unknown day 'mo'"),
        ({"days": ""}, "unknown day ''"),
        ({"days": []}, "no study days"),
        ({"at": "25:00"}, "'25:00' is not a time of day"),
    ],
)
def test_bad_values_are_refused(builtin_graph, kwargs, message):
    plan = learning_plan(builtin_graph, [HPA])
    args = {"hours_per_week": 5} | kwargs
    with pytest.raises(InputError, match=message):
        schedule_plan(plan, args.pop("hours_per_week"), **args)


def test_durations(builtin_graph):
    plan = learning_plan(builtin_graph, [HPA, "topic:aws/deployment-strategies/containerized-deployment"])
    times = plan.durations()
    assert times.longest_chain_hours <= times.parallel_stages_hours <= times.sequential_hours
    steps = {s.topic: s for s in plan.steps}
    chain = times.longest_chain
    assert all(a in steps[b].after for a, b in itertools.pairwise(chain))
    assert sum(steps[t].effort_hours for t in chain) == times.longest_chain_hours
    assert times.parallel_stages_hours == sum(max(s.effort_hours for s in stage) for stage in plan.stages)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    goal_index=st.integers(min_value=0, max_value=10_000),
    hours=st.floats(min_value=0.5, max_value=60, allow_nan=False).map(lambda h: round(h, 2)),
    days=st.sets(st.sampled_from(WEEKDAYS), min_size=3),
    start=st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2030, 12, 31)),
    learning=st.booleans(),
)
def test_schedule_invariants(builtin_graph, goal_index, hours, days, start, learning):
    view = prereq_view(builtin_graph)
    topics = sorted(view.topics)
    goal = topics[goal_index % len(topics)]
    plan = learning_plan(builtin_graph, [goal])
    progress = {}
    if learning and len(plan.steps) > 2:
        progress = {plan.steps[len(plan.steps) // 2].topic: "learning"}
        plan = learning_plan(builtin_graph, [goal], progress=progress)
    schedule = schedule_plan(plan, hours, start=start, days=sorted(days))
    _check(plan, schedule, hours)
