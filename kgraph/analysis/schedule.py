"""A learning plan as a weekly schedule: the plan's topics packed into study days, week by week.

One learner works through the plan one topic at a time, in a plan order that finishes what is
being learned first, then one goal at a time, and one chain of prerequisites before the next,
so a topic never starts before the prerequisites the plan holds for it end. Each week holds
``hours_per_week``, spread evenly over the study days; a topic longer than what is left of a
week goes on the next week. Times are kept in whole minutes, so the sessions add up to the
plan's total exactly.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from kgraph._util import arguments
from kgraph._util.results import Result
from kgraph._util.text import counted
from kgraph.errors import InputError
from kgraph.model.vocabulary import WEEKDAYS

DEFAULT_DAYS = ("mon", "tue", "wed", "thu", "fri")
DEFAULT_AT = "18:00"
MAX_HOURS_PER_WEEK = 168
MIN_SESSION_MINUTES = 30
"""A new topic does not start in the last minutes of a study day shorter than this, unless
they finish it (nor does a topic go on there)."""
_MINUTES_PER_DAY = 24 * 60


@dataclass
class StudySession:
    """One sitting: a topic studied on one day, from ``start`` to ``end`` (local times)."""

    week: int
    day: dt.date
    start: dt.datetime
    end: dt.datetime
    topic: str
    name: str
    roadmap: str
    hours: float
    session: int
    sessions: int


@dataclass
class ScheduledTopic:
    """A topic's share of one week: its hours that week, the days it is studied, and the
    plan hours done by the end of it (``cumulative_hours``). ``plan_hours`` is all the plan
    counts for the topic (the part needed, or the whole). ``continued`` marks a topic begun
    in an earlier week, ``continues`` one that goes on the next week."""

    week: int
    week_start: dt.date
    week_end: dt.date
    topic: str
    name: str
    roadmap: str
    hours: float
    cumulative_hours: float
    first_day: dt.date
    last_day: dt.date
    plan_hours: float
    continued: bool
    continues: bool
    status: str | None


@dataclass
class Schedule(Result):
    """A plan packed into weeks: ``entries`` (one per week and topic, the rows) and the
    ``sessions`` behind them (one per topic and day, e.g. for a calendar)."""

    hours_per_week: float
    start: dt.date
    days: list[str]
    at: str
    total_hours: float
    weeks: int
    end: dt.date | None
    entries: list[ScheduledTopic] = field(default_factory=list)
    sessions: list[StudySession] = field(default_factory=list)

    def rows(self) -> list[dict]:
        """One row per week and topic, in schedule order (dates as ``datetime.date``)."""
        return [dict(vars(entry)) for entry in self.entries]

    def week_hours(self) -> dict[int, float]:
        """Hours scheduled in each week, by week number."""
        minutes: dict[int, int] = {}
        for entry in self.entries:
            minutes[entry.week] = minutes.get(entry.week, 0) + round(entry.hours * 60)
        return {week: value / 60 for week, value in minutes.items()}


def next_monday(today: dt.date | None = None) -> dt.date:
    """The first Monday after ``today`` (a week from today when today is a Monday).

    >>> next_monday(dt.date(2026, 11, 27))
    datetime.date(2026, 11, 30)
    """
    today = today or dt.date.today()
    return today + dt.timedelta(days=7 - today.weekday())


def parse_start(value) -> dt.date:
    """A start date from a ``datetime.date`` or ``YYYY-MM-DD`` text.

    Raises:
        InputError: anything else, e.g. ``2027-02-30`` or ``tomorrow``.

    >>> parse_start("2027-01-04")
    datetime.date(2027, 1, 4)
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = arguments.text(value, "the start date")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        raise InputError(f"start date {text!r} is not a date: write it as YYYY-MM-DD, e.g. 2027-01-04")
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as exc:
        raise InputError(f"start date {text!r} is not a date: {exc}") from None


def parse_days(value) -> list[str]:
    """Study days as weekday names (``mon`` ... ``sun``) in week order, from a list of names or
    comma-separated text; full names and any case are accepted (``Monday``, ``SAT``).

    Raises:
        InputError: an unknown day name, or no day at all.

    >>> parse_days("sat,mon,Wednesday")
    ['mon', 'wed', 'sat']
    """
    names = arguments.names(value.split(",") if isinstance(value, str) else value, "the study days")
    days = set()
    for name in names:
        key = name.strip().lower()
        day = key[:3]
        if day not in WEEKDAYS or not _is_day_name(key):
            raise InputError(f"unknown day {name.strip()!r} (choose from {', '.join(WEEKDAYS)})")
        days.add(day)
    if not days:
        raise InputError(f"no study days given (choose from {', '.join(WEEKDAYS)})")
    return [d for d in WEEKDAYS if d in days]


_FULL_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _is_day_name(key: str) -> bool:
    """``key`` is a weekday's three-letter name or a prefix of its full name (``tues``, ``thu``)."""
    return len(key) >= 3 and any(full.startswith(key) for full in _FULL_DAYS)


def parse_time(value) -> dt.time:
    """A time of day from ``HH:MM`` text (or a ``datetime.time``).

    Raises:
        InputError: anything else.
    """
    if isinstance(value, dt.time):
        return value
    text = arguments.text(value, "the session time")
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise InputError(f"session time {text!r} is not a time of day: write it as HH:MM, e.g. 18:00")
    return dt.time(int(match[1]), int(match[2]))


def check_hours_per_week(value, days: int = 7) -> float:
    """``value`` if it is a number of hours more than 0 and at most what ``days`` study days a
    week can hold (24 h each, 168 h in all).

    Raises:
        InputError: anything else.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"hours per week must be a number, got {type(value).__name__} {value!r}")
    if not 0 < value <= MAX_HOURS_PER_WEEK:
        raise InputError(f"hours per week must be more than 0 and at most {MAX_HOURS_PER_WEEK}, got {value:g}")
    if value > 24 * days:
        raise InputError(f"{value:g} hours a week do not fit in {counted(days, 'study day')} (at most {24 * days} h)")
    if round(value * 60) < days:
        raise InputError(f"{value:g} hours a week is less than a minute for each of {counted(days, 'study day')}")
    return float(value)


def check_pace(hours_per_week, start=None, days=None, at=DEFAULT_AT) -> tuple[float, dt.date, list[str], dt.time]:
    """The checked pace of a schedule: hours a week, first day (default the next Monday),
    study days (default Monday to Friday) and session time, as :func:`schedule_plan` takes them.

    Raises:
        InputError: a malformed date, time or day name, or hours out of range.
    """
    day_names = parse_days(DEFAULT_DAYS if days is None else days)
    hours = check_hours_per_week(hours_per_week, len(day_names))
    first = next_monday() if start is None else parse_start(start)
    return hours, first, day_names, parse_time(at)


def schedule_plan(
    plan,
    hours_per_week: float,
    *,
    start: dt.date | str | None = None,
    days: Iterable[str] | str | None = None,
    at: dt.time | str = DEFAULT_AT,
) -> Schedule:
    """Pack a learning plan into weeks of ``hours_per_week`` hours.

    Topics go one at a time: first those being learned (status ``learning``), then each goal
    in turn, each after the plan topics it needs, one chain of prerequisites finished before
    the next (otherwise in plan order); so a topic never starts before the prerequisites the
    plan holds for it end. Done topics are not in a plan (see
    :func:`~kgraph.analysis.plans.learning_plan`). Week 1 starts on ``start``; each week's
    hours are spread evenly over its study ``days``, every study day starting at ``at`` (or
    earlier, so that a long day ends by midnight). A topic longer than what is left of a day
    or a week goes on the next study day; the last minutes of a day (under
    :data:`MIN_SESSION_MINUTES`) are left free rather than start a topic they cannot finish.

    Parameters:
        plan: a :class:`~kgraph.analysis.plans.Plan`.
        hours_per_week: focused hours a week, more than 0 and at most 168.
        start: the first day (a date or ``YYYY-MM-DD``); default the next Monday.
        days: study days (``["mon", "wed", "sat"]`` or ``"mon,wed,sat"``); default Monday to Friday.
        at: when a study day's session starts (``HH:MM``).

    Raises:
        InputError: a malformed date, time or day name, or hours out of range.

    Example:
        >>> from kgraph import learning_plan
        >>> plan = learning_plan(G, ["topic:kubernetes/scaling-considerations/horizontal-pod-autoscaler-hpa"])
        >>> weeks = schedule_plan(plan, 5, start="2027-01-04", days="mon,wed,sat")
        >>> weeks.total_hours == plan.total_effort_hours, max(weeks.week_hours().values()) <= 5
        (True, True)
        >>> weeks.sessions[0].start
        datetime.datetime(2027, 1, 4, 18, 0)
    """
    hours_per_week, first, day_names, begin = check_pace(hours_per_week, start, days, at)
    steps = _schedule_order(plan)
    packer = _Packer(first, day_names, round(hours_per_week * 60), begin)
    for step in steps:
        packer.add(step, round(step.effort_hours * 60))
    entries = _entries(packer.sessions, first, {step.topic: step.status for step in steps})
    total = sum(round(step.effort_hours * 60) for step in steps) / 60
    return Schedule(
        hours_per_week=hours_per_week,
        start=first,
        days=day_names,
        at=begin.strftime("%H:%M"),
        total_hours=total,
        weeks=entries[-1].week if entries else 0,
        end=packer.sessions[-1].day if packer.sessions else None,
        entries=entries,
        sessions=packer.sessions,
    )


def _schedule_order(plan) -> list:
    """The plan's steps in study order: a depth-first walk (prerequisites first, in plan
    order) from the topics being learned, then from each goal, then from the rest."""
    steps = {step.topic: step for step in plan.steps}
    roots = [step.topic for step in plan.steps if step.status == "learning"]
    roots += [goal for goal in plan.goals if goal in steps] + list(steps)
    order: list = []
    done: set[str] = set()
    for root in roots:
        if root in done:
            continue
        done.add(root)
        stack = [(root, iter(_before(steps, root)))]
        while stack:
            topic, pending = stack[-1]
            following = next((t for t in pending if t not in done), None)
            if following is None:
                stack.pop()
                order.append(steps[topic])
            else:
                done.add(following)
                stack.append((following, iter(_before(steps, following))))
    return order


def _before(steps: dict, topic: str) -> list[str]:
    """The plan topics ``topic`` comes after, in plan order."""
    return sorted((t for t in steps[topic].after if t in steps), key=lambda t: steps[t].order)


class _Packer:
    """Fills study days, in date order, with topic minutes."""

    def __init__(self, start: dt.date, days: list[str], week_minutes: int, begin: dt.time):
        self.start = start
        self.days = [WEEKDAYS.index(d) for d in days]
        self.week_minutes = week_minutes
        self.begin = begin
        self.sessions: list[StudySession] = []
        self._day_index = -1  # the study day being filled, counted from the first
        self._used = 0  # minutes of it used
        self._capacity = 0
        self._advance()

    def _study_days(self, week: int) -> list[dt.date]:
        week_start = self.start + dt.timedelta(days=7 * week)
        dates = [week_start + dt.timedelta(days=i) for i in range(7)]
        return [d for d in dates if d.weekday() in self.days]

    def _advance(self) -> None:
        """Move to the next study day, with its share of the week's minutes."""
        self._day_index += 1
        week, index = divmod(self._day_index, len(self.days))
        self.week = week + 1
        self.day = self._study_days(week)[index]
        base, extra = divmod(self.week_minutes, len(self.days))
        self._capacity = base + (1 if index < extra else 0)
        self._used = 0
        begin = self.begin.hour * 60 + self.begin.minute
        self._day_begins = min(begin, _MINUTES_PER_DAY - self._capacity)

    def add(self, step, minutes: int) -> None:
        """Schedule ``minutes`` of ``step`` from where the last topic ended."""
        pieces = []
        while minutes > 0:
            left = self._capacity - self._used
            if left <= 0 or (left < min(MIN_SESSION_MINUTES, self._capacity) and minutes > left):
                self._advance()
                continue
            taken = min(minutes, self._capacity - self._used)
            begins = dt.datetime.combine(self.day, dt.time()) + dt.timedelta(minutes=self._day_begins + self._used)
            pieces.append((self.week, self.day, begins, begins + dt.timedelta(minutes=taken), taken))
            self._used += taken
            minutes -= taken
        for number, (week, day, begins, ends, taken) in enumerate(pieces, start=1):
            self.sessions.append(
                StudySession(
                    week=week,
                    day=day,
                    start=begins,
                    end=ends,
                    topic=step.topic,
                    name=step.name,
                    roadmap=step.roadmap,
                    hours=taken / 60,
                    session=number,
                    sessions=len(pieces),
                )
            )


def _entries(sessions: list[StudySession], start: dt.date, status: dict[str, str | None]) -> list[ScheduledTopic]:
    """One entry per week and topic, from the sessions."""
    entries: list[ScheduledTopic] = []
    minutes_done = 0
    topic_minutes: dict[str, int] = {}
    for item in sessions:
        topic_minutes[item.topic] = topic_minutes.get(item.topic, 0) + round(item.hours * 60)
    seen_weeks: dict[str, int] = {}
    for item in sessions:
        minutes_done += round(item.hours * 60)
        last = entries[-1] if entries else None
        if last is not None and last.topic == item.topic and last.week == item.week:
            last.hours = (round(last.hours * 60) + round(item.hours * 60)) / 60
            last.last_day = item.day
            last.cumulative_hours = minutes_done / 60
            continue
        if last is not None and last.topic == item.topic:
            last.continues = True
        week_start = start + dt.timedelta(days=7 * (item.week - 1))
        entries.append(
            ScheduledTopic(
                week=item.week,
                week_start=week_start,
                week_end=week_start + dt.timedelta(days=6),
                topic=item.topic,
                name=item.name,
                roadmap=item.roadmap,
                hours=item.hours,
                cumulative_hours=minutes_done / 60,
                first_day=item.day,
                last_day=item.day,
                plan_hours=topic_minutes[item.topic] / 60,
                continued=item.topic in seen_weeks,
                continues=False,
                status=status.get(item.topic),
            )
        )
        seen_weeks.setdefault(item.topic, item.week)
    return entries
