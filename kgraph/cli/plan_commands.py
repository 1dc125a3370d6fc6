"""The ``plan`` command: what is left to learn for some goals, in stages or as a weekly
schedule, as a table, data, a markdown checklist or an iCalendar file."""

from __future__ import annotations

import click

from kgraph._util.text import counted
from kgraph.cli.app import cli, plugin_options, session, source_option
from kgraph.cli.common import (
    hours,
    known_options,
    name_of,
    read_progress,
    recommended_option,
    resolve_all,
    resolve_known,
)
from kgraph.cli.output import csv_text, emit, format_option, json_text, output_option, table_text
from kgraph.errors import InputError
from kgraph.exports.text import day, day_span, why
from kgraph.model.vocabulary import PLAN_FORMATS


def _plan_rows(G, steps) -> list[dict]:
    return [
        {
            "#": step.order,
            "topic": step.name,
            "roadmap": name_of(G, step.roadmap),
            "level": step.level,
            "hours": step.effort_hours,
            "part": f"{step.part} (of {hours(step.topic_hours)})" if step.part else "",
            "status": step.status or "",
            "why": why(G, step),
        }
        for step in steps
    ]


def _choice_line(G, choice) -> str:
    others = [G.nodes[m]["name"] for m in choice.group if m != choice.chosen]
    how = choice.rule
    if choice.rule == "preferred":
        how = f"preferred: --prefer {choice.preference}"
    elif choice.rule == "least effort":
        how = f"least remaining effort, {hours(choice.remaining_effort.get(choice.chosen, 0))}"
    elif choice.rule == "default" and choice.reason:
        how = f"default; {choice.reason}"
    topic, chosen = G.nodes[choice.topic]["name"], G.nodes[choice.chosen]["name"]
    return f"  {topic}: {chosen} ({how}); alternatives: {', '.join(others)}"


def _schedule_rows(G, schedule) -> list[dict]:
    rows = []
    for entry in schedule.entries:
        note = []
        if entry.continued:
            note.append("continued")
        if entry.continues:
            note.append(f"continues (of {hours(entry.plan_hours)})")
        if entry.status:
            note.append(entry.status)
        rows.append(
            {
                "week": entry.week,
                "dates": day_span(entry.first_day, entry.last_day),
                "topic": entry.name,
                "roadmap": name_of(G, entry.roadmap),
                "hours": round(entry.hours, 2),
                "total": round(entry.cumulative_hours, 2),
                "note": ", ".join(note),
            }
        )
    return rows


def _plan_table(G, result, schedule) -> str:
    """The plan for people: stages (or the weeks of ``schedule``), choices, extras, effort."""
    names = ", ".join(G.nodes[g]["name"] for g in result.goals)
    total = hours(result.total_effort_hours)
    size = f"{counted(len(result.steps), 'topic')}, {total} in {counted(len(result.stages), 'stage')}"
    out = [f"Plan for {names}: {size}"]
    if result.with_recommended:
        extra = [s for s in result.steps if s.recommended]
        out.append(f"  of which recommended extras: {counted(len(extra), 'topic')}, {hours(result.recommended_hours)}")
    out += [f"  already known: {G.nodes[goal]['name']}" for goal in result.known_goals]
    if schedule is not None:
        study = ", ".join(d.capitalize() for d in schedule.days)
        out.append(
            f"  at {hours(schedule.hours_per_week)} a week on {study} from {day(schedule.start)}: "
            f"{counted(schedule.weeks, 'week')}" + (f", last session {day(schedule.end)}" if schedule.end else "")
        )
        rows = _schedule_rows(G, schedule)
        columns = ["week", "dates", "topic", "roadmap", "hours", "total", "note"]
        out += ["", table_text(rows, columns if any(r["note"] for r in rows) else columns[:-1], title="Schedule")]
    else:
        for stage in result.stages:
            rows = _plan_rows(G, stage)
            columns = ["#", "topic", "roadmap", "level", "hours", "part", "status", "why"]
            for optional in ("part", "status"):
                if not any(row[optional] for row in rows):
                    columns.remove(optional)
            out += ["", table_text(rows, columns, title=f"Stage {stage[0].stage}")]
    if result.choices:
        out += ["", "Choices (a topic that needs one of several):"]
        out += [_choice_line(G, choice) for choice in result.choices]
    if result.also_useful:
        rows = [
            {
                "topic": extra.name,
                "roadmap": name_of(G, extra.roadmap),
                "hours": extra.effort_hours,
                "part": extra.part or "",
                "for": "; ".join(name_of(G, n.topic) + (f": {n.reason}" if n.reason else "") for n in extra.needed_by),
            }
            for extra in result.also_useful
        ]
        columns = ["topic", "roadmap", "hours", "part", "for"] if any(r["part"] for r in rows) else None
        count = counted(len(rows), "topic")
        title = f"Also useful (recommended, not in the total; --with-recommended adds them): {count}"
        out += ["", table_text(rows, columns or ["topic", "roadmap", "hours", "for"], title=title)]
    by_roadmap = [row | {"roadmap": name_of(G, row["roadmap"])} for row in result.by_roadmap]
    out += ["", table_text(by_roadmap, ["roadmap", "topics", "effort_hours"], title="Effort by roadmap")]
    return "\n".join(out) + "\n"


def _plan_output(G, result, schedule, fmt: str) -> str | bytes:
    """The plan (and its schedule) in ``fmt``."""
    if fmt == "json":
        return json_text(result.to_dict() if schedule is None else {"plan": result.to_dict(), **schedule.to_dict()})
    if fmt == "csv":
        if schedule is not None:
            return csv_text(schedule.rows())
        rows = [row | {"needed_by": json_text(row["needed_by"])} for row in result.rows()]
        columns = ["order", "stage", "topic", "name", "roadmap", "level", "effort_hours", "topic_hours", "part"]
        return csv_text(rows, [*columns, "goal", "status", "recommended", "needed_by"])
    if fmt == "markdown":
        from kgraph.exports.checklist import plan_checklist

        return plan_checklist(G, result, schedule)
    if fmt == "ics":
        from kgraph.exports.calendar import plan_calendar

        return plan_calendar(G, result, schedule)
    return _plan_table(G, result, schedule)


def _schedule_options(func):
    """``--hours-per-week``, ``--start``, ``--days``, ``--at``: pack the plan into weeks."""
    func = click.option(
        "--at", "at", metavar="HH:MM", default=None, help="When a study day's session starts [default 18:00]."
    )(func)
    func = click.option(
        "--days",
        "days",
        metavar="DAYS",
        default=None,
        help="Study days, comma-separated, e.g. mon,wed,sat [default: mon,tue,wed,thu,fri].",
    )(func)
    func = click.option(
        "--start", "start", metavar="YYYY-MM-DD", default=None, help="First day of week 1 [default: next Monday]."
    )(func)
    return click.option(
        "--hours-per-week",
        "hours_per_week",
        type=float,
        default=None,
        metavar="H",
        help="Schedule the plan: H focused hours a week (more than 0, at most 168), spread over the study days.",
    )(func)


@cli.command()
@click.argument("goals", nargs=-1, required=True, metavar="GOAL...")
@known_options
@click.option(
    "--prefer",
    "prefer",
    multiple=True,
    metavar="NAME",
    help="Where a topic needs one of several alternatives, take one of this roadmap, vendor or topic "
    "(repeatable, first match first), e.g. --prefer aws.",
)
@recommended_option
@_schedule_options
@plugin_options
@source_option
@format_option(*PLAN_FORMATS)
@output_option
@click.pass_context
def plan(
    ctx,
    goals,
    known,
    progress_file,
    no_progress,
    prefer,
    with_recommended,
    hours_per_week,
    start,
    days,
    at,
    plugin_dirs,
    no_builtin,
    fmt,
    output,
):
    """Everything still to learn to reach GOAL..., in order, in stages; with --hours-per-week,
    as a weekly schedule.

    Follows essential prerequisites, counts only the part of a topic that is needed where a
    prerequisite names one, and leaves out what you know (--known, or done in the progress
    file) and everything known topics imply. Where a topic needs one of several
    alternatives, the plan takes one you know, else one in progress, else your --prefer,
    else the usual choice (the group's default), else the least effort, and says which rule
    chose it. Recommended prerequisites are listed apart ("also useful"), never in the
    total, unless --with-recommended adds them to the plan.

    --hours-per-week packs the plan into weeks, one topic at a time in plan order (topics
    you are learning first): a topic never starts before its prerequisites end, and one
    longer than what is left of a week goes on the next. --format markdown gives a
    checklist (by week, or by stage) that pastes into an issue or notes; --format ics an
    iCalendar file with one event per study session (needs --hours-per-week).
    """
    from kgraph.analysis.plans import learning_plan

    if hours_per_week is None and (start, days, at) != (None, None, None):
        raise InputError("--start, --days and --at go with --hours-per-week")
    if fmt == "ics" and hours_per_week is None:
        raise InputError("--format ics needs --hours-per-week: a calendar needs a schedule")
    if hours_per_week is not None:  # bad values fail before the graph is built
        from kgraph.analysis.schedule import DEFAULT_AT, check_pace

        hours_per_week, start, days, at = check_pace(hours_per_week, start, days, at or DEFAULT_AT)
    G = session(ctx, plugin_dirs, no_builtin).graph(lazy=True)
    goal_ids = resolve_all(G, goals)
    options = {
        "progress": read_progress(G, progress_file, no_progress),
        "prefer": prefer,
        "with_recommended": with_recommended,
    }
    claims = {ref: resolve_known(G, [ref]) for ref in known}
    result = learning_plan(G, goal_ids, known=[t for ids in claims.values() for t in ids], **options)
    schedule = None
    if hours_per_week is not None:
        import datetime as dt

        from kgraph.analysis.schedule import schedule_plan

        schedule = schedule_plan(result, hours_per_week, start=start, days=days, at=at)
        if schedule.start < dt.date.today():
            click.echo(f"kgraph: note: the schedule starts in the past ({day(schedule.start)})", err=True)
        _pace_note(G, options["progress"], hours_per_week)
    content = _plan_output(G, result, schedule, fmt)
    used = {choice.preference for choice in result.choices}
    for preference in result.preferences:
        if preference not in used:
            click.echo(f"kgraph: --prefer {preference}: no choice in this plan offers it", err=True)
    for line in _claimed_beyond(G, goal_ids, claims, result, options):
        click.echo(line, err=True)
    emit(content, output)


def _pace_note(G, progress, hours_per_week: float) -> None:
    """One line on stderr: the pace of the last weeks against the planned hours per week
    (ahead, on track, behind), when the progress file has dated history."""
    from kgraph.analysis.pace import PACE_WEEKS, progress_stats, schedule_status

    stats = progress_stats(G, progress, weeks=PACE_WEEKS)
    status = schedule_status(stats, hours_per_week)
    if status is not None:
        click.echo(
            f"kgraph: pace {stats.pace:g} h/week over the last {PACE_WEEKS} weeks: {status} "
            f"(the schedule plans {hours_per_week:g} h/week)",
            err=True,
        )


def _claimed_beyond(G, goals, claims: dict[str, list[str]], result, options) -> list[str]:
    """Notes for each ``--known`` roadmap or category that, through the prerequisites of its
    topics, also counts plan topics outside it as known (knowing all of Docker, Orchestration
    Integration included, implies Kubernetes Core Objects)."""
    from kgraph.analysis.knowledge import implied_via
    from kgraph.analysis.plans import learning_plan
    from kgraph.analysis.prereqs import prereq_view

    bulk = {ref: ids for ref, ids in claims.items() if len(ids) > 1}
    if not bulk:
        return []
    single = [t for ids in claims.values() if len(ids) == 1 for t in ids]
    baseline = learning_plan(G, goals, known=single, **options)
    kept = set(result.topics)
    notes = []
    view = prereq_view(G)
    for ref, ids in bulk.items():
        claimed = set(ids)
        via = implied_via(view, claimed)
        beyond = [t for t in baseline.topics if t not in kept and t not in claimed and via.get(t)]
        if not beyond:
            continue
        shown = []
        for topic in beyond[:3]:
            source = via[topic]
            while via.get(source):  # up to the claimed topic that needs it
                source = via[source]
            roadmap = name_of(G, G.nodes[topic]["roadmap"])
            shown.append(f"{name_of(G, topic)} ({roadmap}, needed by {name_of(G, source)})")
        more = f" and {len(beyond) - 3} more" if len(beyond) > 3 else ""
        category = G.nodes[ids[0]].get("category", "")
        notes.append(
            f"kgraph: note: --known {ref} also counts {', '.join(shown)}{more} as known; "
            f"to claim less, name a category (--known {category.removeprefix('category:')}) or topics"
        )
    return notes
