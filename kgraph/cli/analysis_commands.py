"""Analysis commands: path, plan, progress, order, next, centrality."""

from __future__ import annotations

from pathlib import Path

import click

from kgraph.cli.app import cli, plugin_options, session, source_option
from kgraph.cli.common import (
    hours,
    known_options,
    name_of,
    read_progress,
    readable,
    recommended_option,
    resolve_all,
    resolve_known,
)
from kgraph.cli.output import (
    csv_text,
    echo_json,
    echo_result,
    emit,
    format_option,
    json_text,
    output_option,
    table_text,
)
from kgraph.errors import InputError
from kgraph.exports.text import day, day_span, why
from kgraph.model.vocabulary import (
    CENTRALITY_KINDS,
    CENTRALITY_METRICS,
    NEXT_FORMATS,
    PLAN_FORMATS,
    PROGRESS_STATES,
)


@cli.command()
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@click.option("--k", "k", type=click.IntRange(min=1), default=1, show_default=True, help="How many alternative chains.")
@click.option(
    "--any-edge", is_flag=True, help="Shortest relatedness path over any edge kind instead (not a learning order)."
)
@recommended_option
@plugin_options
@source_option
@format_option()
@click.pass_context
def path(ctx, source, target, k, any_edge, with_recommended, plugin_dirs, no_builtin, fmt):
    """The shortest prerequisite chain from FROM (a topic you know) to TO (your goal).

    Each step is an essential prerequisite of the next one (--with-recommended: or a
    recommended one), with the reason where the data gives one. Exit code 1 when no chain
    exists.
    """
    from kgraph.analysis.paths import learning_path

    G = session(ctx, plugin_dirs, no_builtin).graph()
    src, dst = resolve_all(G, [source, target])
    paths = learning_path(G, src, dst, k=k, any_edge=any_edge, with_recommended=with_recommended)
    if fmt == "json":
        echo_json([p.to_dict() for p in paths])  # a list of paths, one object each
        return
    if fmt == "csv":
        echo_result(paths, fmt, ["path", "step", "topic", "name", "roadmap", "level", "effort_hours", "via", "reason"])
        return
    for index, found in enumerate(paths, start=1):
        label = (
            "prerequisite chain"
            if found.relation == "requires"
            else "relatedness path over any edge (not a learning order)"
        )
        if index > 1:
            click.echo()
        click.echo(f"Path {index}: {label}, {found.length} steps")
        columns = (
            ["step", "name", "roadmap", "level", "via", "reason"]
            if any_edge
            else ["step", "name", "roadmap", "level", "effort_hours", "via", "reason"]
        )
        click.echo(table_text(readable(G, found.rows()), columns))


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
            note.append(f"continues (of {hours(entry.topic_hours)})")
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
    out = [f"Plan for {names}: {len(result.steps)} topics, {total} in {len(result.stages)} stages"]
    if result.with_recommended:
        extra = [s for s in result.steps if s.recommended]
        out.append(f"  of which recommended extras: {len(extra)} topics, {hours(result.recommended_hours)}")
    out += [f"  already known: {G.nodes[goal]['name']}" for goal in result.known_goals]
    if schedule is not None:
        study = ", ".join(d.capitalize() for d in schedule.days)
        out.append(
            f"  at {hours(schedule.hours_per_week)} a week on {study} from {day(schedule.start)}: "
            f"{schedule.weeks} weeks" + (f", last session {day(schedule.end)}" if schedule.end else "")
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
        title = f"Also useful (recommended, not in the total; --with-recommended adds them): {len(rows)} topics"
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
    G = session(ctx, plugin_dirs, no_builtin).graph()
    result = learning_plan(
        G,
        resolve_all(G, goals),
        known=resolve_known(G, known),
        progress=read_progress(G, progress_file, no_progress),
        prefer=prefer,
        with_recommended=with_recommended,
    )
    schedule = None
    if hours_per_week is not None:
        from kgraph.analysis.schedule import DEFAULT_AT, schedule_plan

        schedule = schedule_plan(result, hours_per_week, start=start, days=days, at=at or DEFAULT_AT)
    content = _plan_output(G, result, schedule, fmt)
    used = {choice.preference for choice in result.choices}
    for preference in result.preferences:
        if preference not in used:
            click.echo(f"kgraph: --prefer {preference}: no choice in this plan offers it", err=True)
    emit(content, output)


@cli.command()
@click.option("--roadmap", "roadmaps", multiple=True, help="Only this roadmap (repeatable). Default: all.")
@recommended_option
@plugin_options
@source_option
@format_option()
@click.pass_context
def order(ctx, roadmaps, with_recommended, plugin_dirs, no_builtin, fmt):
    """Prerequisite ordering of whole roadmaps, in stages (each stage needs only earlier ones)."""
    from kgraph.analysis.ordering import prerequisite_order

    G = session(ctx, plugin_dirs, no_builtin).graph()
    result = prerequisite_order(G, roadmaps=list(roadmaps) or None, with_recommended=with_recommended)
    if fmt != "table":
        echo_result(result, fmt)
        return
    click.echo(f"{len(result.rows())} topics in {len(result.stages)} stages")
    if result.outside_prerequisites:
        click.echo(f"({result.outside_prerequisites} prerequisites lie in other roadmaps and are not ordered here)")
    for stage in result.stages:
        click.echo()
        click.echo(
            table_text(
                readable(G, [vars(topic) for topic in stage]),
                ["name", "roadmap", "level", "effort_hours", "prerequisites"],
                title=f"Stage {stage[0].stage}",
            )
        )


@cli.command(name="next")
@known_options
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="How many topics.")
@recommended_option
@plugin_options
@source_option
@format_option(*NEXT_FORMATS)
@output_option
@click.pass_context
def next_cmd(ctx, known, progress_file, no_progress, top, with_recommended, plugin_dirs, no_builtin, fmt, output):
    """What to learn next: topics whose prerequisites are all met, ranked by what they unlock.

    --format markdown gives a checklist that pastes into an issue or notes.
    """
    from kgraph.analysis.frontier import next_topics

    G = session(ctx, plugin_dirs, no_builtin).graph()
    result = next_topics(
        G,
        known=resolve_known(G, known),
        progress=read_progress(G, progress_file, no_progress),
        top=top,
        with_recommended=with_recommended,
    )
    if fmt == "json":
        content = json_text(result.to_dict())
    elif fmt == "csv":
        content = csv_text(result.rows())
    elif fmt == "markdown":
        from kgraph.exports.checklist import next_checklist

        content = next_checklist(G, result)
    else:
        columns = ["rank", "name", "roadmap", "level", "effort_hours", "unlocks", "status"]
        title = f"{result.candidates} topics are ready to learn; the top {len(result.items)}:"
        content = table_text(readable(G, result.rows()), columns, title=title)
    emit(content, output)


@cli.command()
@click.option(
    "--metric",
    type=click.Choice(CENTRALITY_METRICS),
    default="bridging",
    show_default=True,
    help="bridging: betweenness on routes between topics of different roadmaps.",
)
@click.option(
    "--kind",
    type=click.Choice(CENTRALITY_KINDS),
    default="all",
    show_default=True,
    help="Which nodes to rank: topics, concepts, or both.",
)
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True, help="How many nodes.")
@click.option(
    "--samples",
    type=click.IntRange(min=1),
    default=None,
    help="Estimate bridging/betweenness from this many source topics (default: bridging is exact while "
    "that fits a time budget, else as many sampled sources as fit, ~2,300 on 100k topics; betweenness "
    "is exact up to 3000 topics, then up to 400 sources).",
)
@click.option("--exact", is_flag=True, help="Never sample, however large the graph.")
@plugin_options
@source_option
@format_option()
@click.pass_context
def centrality(ctx, metric, kind, top, samples, exact, plugin_dirs, no_builtin, fmt):
    """Cross-domain centrality: the topics and concepts that bridge the most roadmaps.

    Scores run on topics and concepts joined by REQUIRES, MENTIONS and PART_OF. `roadmaps`
    counts the roadmaps a node touches; `participation` is 0 when all its neighbours sit in
    one roadmap and near 1 when they are spread evenly (see docs/cli.md).
    """
    from kgraph.analysis.centrality import cross_domain_centrality

    G = session(ctx, plugin_dirs, no_builtin).graph()
    result = cross_domain_centrality(G, metric=metric, kind=kind, top=top, samples=None if exact else samples or "auto")
    if fmt == "table":
        columns = ["rank", "name", "kind", "score", "roadmaps", "participation", "roadmap_ids"]
        echo_result(result, fmt, columns, rows=readable(G, result.rows()))
    else:
        echo_result(result, fmt)


@cli.group()
def progress():
    """Track what you learned: topic -> done | learning | skipped (read by plan, next and viz)."""


def _file_option(func):
    return click.option(
        "--file",
        "progress_file",
        type=click.Path(dir_okay=False),
        help="Progress file. Default: $KGRAPH_PROGRESS or ~/.config/kgraph/progress.yaml.",
    )(func)


@progress.command(name="mark")
@click.argument("topic")
@click.argument("state", type=click.Choice([*PROGRESS_STATES, "clear"]))
@_file_option
@plugin_options
@click.pass_context
def progress_mark(ctx, topic, state, progress_file, plugin_dirs, no_builtin):
    """Set TOPIC's STATE (done, learning, skipped; clear removes it)."""
    from kgraph.model.lookup import resolve_topic
    from kgraph.store.progress import default_progress_path, load_progress, save_progress

    G = session(ctx, plugin_dirs, no_builtin).graph()
    target = Path(progress_file) if progress_file else default_progress_path()
    current = dict(load_progress(target, G, missing_ok=True))
    topic_id = resolve_topic(G, topic)
    if state == "clear":
        current.pop(topic_id, None)
    else:
        current[topic_id] = state
    save_progress(target, current)
    click.echo(f"{G.nodes[topic_id]['name']} ({topic_id}): {state} in {target}", err=True)


@progress.command(name="show")
@_file_option
@plugin_options
@format_option()
@click.pass_context
def progress_show(ctx, progress_file, plugin_dirs, no_builtin, fmt):
    """Show the progress file: each topic's state, and done / learning / skipped per roadmap."""
    from kgraph.analysis.progress import progress_summary
    from kgraph.store.progress import default_progress_path, load_progress

    G = session(ctx, plugin_dirs, no_builtin).graph()
    target = Path(progress_file) if progress_file else default_progress_path()
    summary = progress_summary(G, load_progress(target, G, missing_ok=True), file=str(target))
    if fmt != "table":
        echo_result(summary, fmt, ["topic", "name", "roadmap", "state"])
        return
    click.echo(f"{target}: {len(summary.topics)} topics")
    click.echo(table_text(summary.rows(), ["name", "roadmap", "state"]))
    click.echo()
    click.echo(table_text([vars(row) for row in summary.by_roadmap], title="By roadmap"))
