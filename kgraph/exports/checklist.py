"""Markdown checklists that paste into a GitHub issue or a notes app: a plan (by week when
scheduled, else by stage) and the next topics to learn.

Every plan topic gets one ``- [ ]`` line (in the week it finishes), with its roadmap, hours
and the reason it is needed; the only headings are the weeks (or stages), so the list reads
well inside an issue that has its own title.
"""

from __future__ import annotations

import re

from kgraph._util.text import counted
from kgraph.exports.text import day, day_span, hours, name_of, reasons

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def escape(text: str) -> str:
    """``text`` with the characters markdown would read as markup escaped.

    >>> escape("Requests/Limits *and* [quotas]")
    'Requests/Limits \\\\*and\\\\* \\\\[quotas\\\\]'
    """
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _title(G, step) -> str:
    status = " (learning)" if step.status == "learning" else ""
    return f"**{escape(step.name)}**{status} · {escape(name_of(G, step.roadmap))}"


def _amount(step) -> str:
    """The hours a plan counts for a step: ``3 h``, or ``3 h of 12 h`` for a part."""
    if step.effort_hours < step.topic_hours:
        return f"{hours(step.effort_hours)} of {hours(step.topic_hours)}"
    return hours(step.effort_hours)


def plan_checklist(G, plan, schedule=None) -> str:
    """A plan as a markdown checklist: one ``- [ ]`` line per topic, under a heading per week
    of ``schedule`` (see :func:`kgraph.analysis.schedule.schedule_plan`) or, without one, per
    stage; then the choices made and the recommended extras (not counted). A topic that runs
    over several weeks has its box in the week it finishes.

    Example:
        >>> from kgraph import learning_plan
        >>> plan = learning_plan(G, ["topic:kubernetes/scaling-considerations/horizontal-pod-autoscaler-hpa"])
        >>> text = plan_checklist(G, plan)
        >>> text.count("- [ ] ") == len(plan.steps), text.count("\\n## Stage ") == len(plan.stages)
        (True, True)
    """
    goals = ", ".join(escape(name_of(G, g)) for g in plan.goals)
    head = f"**Learning plan: {goals}** — {counted(len(plan.steps), 'topic')}, {hours(plan.total_effort_hours)}"
    lines = [head]
    if plan.known_goals:
        lines.append(f"Already known: {', '.join(escape(name_of(G, g)) for g in plan.known_goals)}.")
    if schedule is None:
        lines[0] += f" in {counted(len(plan.stages), 'stage')}."
        for stage in plan.stages:
            lines += ["", f"## Stage {stage[0].stage}", ""]
            lines += [f"- [ ] {_title(G, step)} · {_amount(step)} — {escape(reasons(G, step))}" for step in stage]
    else:
        lines[0] += f", {_pace(schedule)}."
        lines += _weeks(G, plan, schedule)
    if plan.choices:
        lines += ["", "**Choices** (a topic that needs one of several):", ""]
        for choice in plan.choices:
            others = ", ".join(escape(name_of(G, m)) for m in choice.group if m != choice.chosen)
            chosen, topic = escape(name_of(G, choice.chosen)), escape(name_of(G, choice.topic))
            lines.append(f"- {topic}: {chosen} ({choice.rule}); alternatives: {others}")
    if plan.also_useful:
        lines += ["", "**Also useful** (recommended, not in the total):", ""]
        for extra in plan.also_useful:
            needed = "; ".join(
                escape(name_of(G, n.topic) + (f": {n.reason}" if n.reason else "")) for n in extra.needed_by
            )
            roadmap = escape(name_of(G, extra.roadmap))
            lines.append(f"- {escape(extra.name)} · {roadmap} · {hours(extra.effort_hours)} — for {needed}")
    lines.append("")
    lines.append("Made with kgraph; mark a topic done with `kgraph progress mark TOPIC done`.")
    return "\n".join(lines) + "\n"


def _pace(schedule) -> str:
    study = ", ".join(d.capitalize() for d in schedule.days)
    span = f"from {day(schedule.start)}"
    if schedule.end is not None:
        span += f" to {day(schedule.end)}"
    return f"{hours(schedule.hours_per_week)} a week on {study} {span} ({counted(schedule.weeks, 'week')})"


def _weeks(G, plan, schedule) -> list[str]:
    steps = {step.topic: step for step in plan.steps}
    week_hours = schedule.week_hours()
    lines: list[str] = []
    current = None
    for entry in schedule.entries:
        if entry.week != current:
            current = entry.week
            span = f"{day(entry.week_start, year=False)} – {day(entry.week_end)}"
            lines += ["", f"## Week {entry.week} · {span} · {hours(week_hours[entry.week])}", ""]
        step = steps[entry.topic]
        when = day_span(entry.first_day, entry.last_day)
        why = escape(reasons(G, step))
        if not entry.continued and not entry.continues:
            lines.append(f"- [ ] {_title(G, step)} · {_amount(step)} ({when}) — {why}")
        elif not entry.continued:
            share = f"starts: {hours(entry.hours)} this week of {_amount(step)}"
            lines.append(f"- {_title(G, step)} · {share} ({when}) — {why}")
        elif entry.continues:
            lines.append(f"- {_title(G, step)} · continues: {hours(entry.hours)} ({when})")
        else:
            lines.append(f"- [ ] {_title(G, step)} · finishes: {hours(entry.hours)} ({when}) — of {_amount(step)}")
    return lines


def next_checklist(G, frontier) -> str:
    """The next topics to learn (a :class:`~kgraph.analysis.frontier.Frontier`) as a markdown
    checklist: one ``- [ ]`` line per topic with roadmap, level, hours and what it unlocks.

    Example:
        >>> from kgraph import next_topics
        >>> next_checklist(G, next_topics(G, top=3)).count("- [ ] ")
        3
    """
    ready = counted(frontier.candidates, "topic")
    lines = [f"**Next topics to learn** — {ready} ready; the top {len(frontier.items)}, by what they unlock:", ""]
    for item in frontier.items:
        level = f" · {item.level}" if item.level else ""
        status = " (learning)" if item.status == "learning" else ""
        unlocks = f"unlocks {counted(item.unlocks, 'topic')} ({item.direct_dependents} directly)"
        roadmap = escape(name_of(G, item.roadmap or ""))
        lines.append(
            f"- [ ] **{escape(item.name or item.topic)}**{status} · {roadmap}{level} · "
            f"{hours(item.effort_hours)} — {unlocks}"
        )
    return "\n".join(lines) + "\n"
