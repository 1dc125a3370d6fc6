"""Where a learner stands over time: hours done per week, the pace, and when goals will be met.

Reads the dates a progress file keeps (:class:`kgraph.store.progress.Progress` ``changed``):
a topic counts in the week its state last became ``done``, with its effort hours. Topics of
files from earlier versions carry no date and are not counted by week.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import networkx as nx

from kgraph._util import arguments
from kgraph._util.results import Result, record_rows
from kgraph._util.times import parse_time

PACE_WEEKS = 4
"""The pace is the mean of hours done per week over this many last weeks."""
ON_TRACK = 0.1
"""A pace within 10 % of the planned hours per week is on track."""


@dataclass
class WeekDone:
    """One week (Monday first) and what was done in it."""

    week: str
    topics: int = 0
    hours: float = 0.0


@dataclass
class GoalForecast:
    """A goal, the hours still to learn for it, and when it will be met at the pace."""

    goal: str
    remaining_hours: float
    weeks: float | None
    finish: str | None


@dataclass
class ProgressStats(Result):
    """Hours done per week over the last weeks, the pace (hours per week), the pace a forecast
    uses (``hours_per_week`` if given, else ``pace``), and a forecast per goal."""

    weeks: list[WeekDone]
    pace: float
    forecast_pace: float
    undated: int
    goals: list[GoalForecast] = field(default_factory=list)

    def rows(self) -> list[dict]:
        """One row per week, oldest first."""
        return record_rows(self.weeks)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _day(text: str) -> date:
    return parse_time(text).date()


def weekly_done(
    G: nx.MultiDiGraph, progress: Mapping[str, str], *, weeks: int = 8, today: date | None = None
) -> tuple[list[WeekDone], int]:
    """The last ``weeks`` weeks (this one last), each with the topics that became ``done`` in it
    and their effort hours; and how many done topics carry no date."""
    today = today or datetime.now(UTC).date()
    changed = getattr(progress, "changed", {})
    first = _monday(today) - timedelta(weeks=weeks - 1)
    rows = {first + timedelta(weeks=i): WeekDone((first + timedelta(weeks=i)).isoformat()) for i in range(weeks)}
    undated = 0
    for topic, state in progress.items():
        if state != "done":
            continue
        if not changed.get(topic):
            undated += 1
            continue
        row = rows.get(_monday(_day(changed[topic])))
        if row is not None:
            row.topics += 1
            row.hours += float(G.nodes[topic].get("effort_hours") or 0)
    return list(rows.values()), undated


def progress_stats(
    G: nx.MultiDiGraph,
    progress: Mapping[str, str],
    *,
    goals: Iterable[str] = (),
    weeks: int = 8,
    hours_per_week: float | None = None,
    today: date | None = None,
) -> ProgressStats:
    """Hours done per week, the pace (mean of the last :data:`PACE_WEEKS` weeks) and, for each
    goal, the hours left (its learning plan with this progress) and the finish date at that
    pace, or at ``hours_per_week`` when given.

    Raises:
        TopicNotFound: a goal or a progress entry is not a topic.
        InputError: ``weeks`` below 1, or ``hours_per_week`` not positive.
    """
    from kgraph.analysis.plans import learning_plan

    weeks = arguments.count(weeks, "weeks")
    today = today or datetime.now(UTC).date()
    if hours_per_week is not None and not hours_per_week > 0:
        from kgraph.errors import InputError

        raise InputError(f"hours per week must be above 0, not {hours_per_week}")
    rows, undated = weekly_done(G, progress, weeks=max(weeks, PACE_WEEKS), today=today)
    pace = round(sum(row.hours for row in rows[-PACE_WEEKS:]) / PACE_WEEKS, 2)
    use = hours_per_week if hours_per_week is not None else pace
    forecasts = []
    for goal in goals:
        left = learning_plan(G, [goal], progress=progress).total_effort_hours
        span = left / use if use else None
        finish = (today + timedelta(weeks=span)).isoformat() if span is not None else None
        forecasts.append(GoalForecast(goal, left, None if span is None else round(span, 1), finish))
    return ProgressStats(rows[-weeks:], pace, use, undated, forecasts)


def schedule_status(stats: ProgressStats, hours_per_week: float) -> str | None:
    """``ahead``, ``on track`` or ``behind`` the planned ``hours_per_week`` at the pace of the
    last weeks; ``None`` when the progress has no dated history to judge by."""
    if not any(row.topics for row in stats.weeks):
        return None
    if stats.pace > hours_per_week * (1 + ON_TRACK):
        return "ahead"
    if stats.pace < hours_per_week * (1 - ON_TRACK):
        return "behind"
    return "on track"
