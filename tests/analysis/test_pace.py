"""Pace and forecasts from a progress file's dates (issue 19, item 5)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

import kgraph
from kgraph.analysis.pace import progress_stats, schedule_status
from kgraph.store.progress import Progress

TODAY = date(2026, 3, 12)  # a Thursday: its week starts on Monday 2026-03-09


@pytest.fixture(scope="module")
def dated(builtin_graph):
    """Four topics done in known weeks, one undated, one learning."""
    topics = sorted(n for n, d in builtin_graph.nodes(data=True) if d.get("kind") == "topic")
    picks = [t for t in topics if builtin_graph.nodes[t].get("effort_hours")][:6]
    when = ["2026-03-10T09:00:00Z", "2026-03-09T00:00:01Z", "2026-03-02T12:00:00Z", "2026-02-16T12:00:00Z"]
    progress = Progress(
        "p.yaml",
        dict.fromkeys(picks[:5], "done") | {picks[5]: "learning"},
        changed=dict(zip(picks, when, strict=False)) | {picks[5]: "2026-03-11T00:00:00Z"},
    )
    hours = {t: float(builtin_graph.nodes[t]["effort_hours"]) for t in picks}
    return progress, picks, hours


def test_hours_per_week_and_pace(builtin_graph, dated):
    progress, picks, hours = dated
    stats = progress_stats(builtin_graph, progress, weeks=5, today=TODAY)
    by_week = {row.week: (row.topics, row.hours) for row in stats.weeks}
    assert list(by_week) == ["2026-02-09", "2026-02-16", "2026-02-23", "2026-03-02", "2026-03-09"]
    assert by_week["2026-03-09"] == (2, hours[picks[0]] + hours[picks[1]])
    assert by_week["2026-03-02"] == (1, hours[picks[2]])
    assert by_week["2026-02-16"] == (1, hours[picks[3]])
    assert by_week["2026-02-23"] == (0, 0.0) and stats.undated == 1
    last_four = hours[picks[0]] + hours[picks[1]] + hours[picks[2]] + hours[picks[3]]  # weeks 02-16 .. 03-09
    assert stats.pace == round(last_four / 4, 2)


def test_the_forecast_of_a_goal(builtin_graph, dated):
    progress, _, _ = dated
    goal = kgraph.resolve_topic(builtin_graph, "kubernetes:HPA")
    left = kgraph.learning_plan(builtin_graph, [goal], progress=progress).total_effort_hours
    stats = progress_stats(builtin_graph, progress, goals=[goal], hours_per_week=5, today=TODAY)
    (forecast,) = stats.goals
    assert forecast.remaining_hours == left and stats.forecast_pace == 5
    assert forecast.finish == (TODAY + timedelta(weeks=left / 5)).isoformat()
    assert forecast.weeks == round(left / 5, 1)
    assert schedule_status(stats, stats.pace) == "on track"
    assert schedule_status(stats, stats.pace * 2) == "behind" and schedule_status(stats, stats.pace / 2) == "ahead"
    empty = progress_stats(builtin_graph, Progress(None), goals=[goal], today=TODAY)
    assert empty.pace == 0 and empty.goals[0].finish is None and schedule_status(empty, 5) is None


def test_cli_stats_and_plan_say_where_you_stand(run, tmp_path):
    today = date.today()
    recent = (today - timedelta(days=1)).isoformat() + "T12:00:00Z"
    target = tmp_path / "p.yaml"
    target.write_text(
        "topics:\n"
        f"  topic:kubernetes/security-aspects/rbac: {{state: done, changed: '{recent}'}}\n"
        "  topic:docker/core-competencies/image-building: done\n"
    )
    result = run("progress", "stats", "--file", target, "--goal", "kubernetes:HPA", "--format", "json")
    assert result.exit_code == 0
    stats = json.loads(result.stdout)
    assert sum(week["topics"] for week in stats["weeks"]) == 1 and stats["undated"] == 1
    assert stats["goals"][0]["goal"] == "topic:kubernetes/scaling-considerations/horizontal-pod-autoscaler-hpa"
    plan = run("plan", "kubernetes:HPA", "--progress", target, "--hours-per-week", "100")
    assert plan.exit_code == 0 and "over the last 4 weeks: behind (the schedule plans 100 h/week)" in plan.stderr
