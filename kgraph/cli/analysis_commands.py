"""Analysis commands: path, order, next, centrality, progress (plan is in plan_commands)."""

from __future__ import annotations

from pathlib import Path

import click

from kgraph._util.text import counted
from kgraph.cli.app import cli, plugin_options, session, source_option
from kgraph.cli.common import (
    known_options,
    name_of,
    read_progress,
    readable,
    recommended_option,
    resolve_all,
    resolve_known,
)
from kgraph.cli.output import (
    echo_json,
    echo_result,
    emit,
    format_option,
    output_option,
    rows_text,
    table_text,
)
from kgraph.errors import InputError
from kgraph.model.vocabulary import (
    CENTRALITY_KINDS,
    CENTRALITY_METRICS,
    NEXT_FORMATS,
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

    G = session(ctx, plugin_dirs, no_builtin).graph(lazy=True)
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

    G = session(ctx, plugin_dirs, no_builtin).graph(lazy=True)
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

    G = session(ctx, plugin_dirs, no_builtin).graph(lazy=True)
    result = next_topics(
        G,
        known=resolve_known(G, known),
        progress=read_progress(G, progress_file, no_progress),
        top=top,
        with_recommended=with_recommended,
    )
    if fmt == "markdown":
        from kgraph.exports.checklist import next_checklist

        content = next_checklist(G, result)
    elif fmt == "table":
        columns = ["rank", "name", "roadmap", "level", "effort_hours", "unlocks", "status"]
        title = f"{result.candidates} topics are ready to learn; the top {len(result.items)}:"
        content = rows_text(readable(G, result.rows()), fmt, columns, title=title)
    else:
        content = rows_text(result.rows(), fmt, data=result.to_dict())
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
@click.argument("topics", nargs=-1)
@click.argument("state", type=click.Choice([*PROGRESS_STATES, "clear"]))
@click.option("--roadmap", "roadmaps", multiple=True, metavar="ROADMAP", help="Every topic of a roadmap (repeatable).")
@click.option(
    "--category", "categories", multiple=True, metavar="CATEGORY", help="Every topic of a category (repeatable)."
)
@click.option(
    "--skip-unknown", is_flag=True, help="Mark the topics found and report the others (else nothing is written)."
)
@_file_option
@plugin_options
@click.pass_context
def progress_mark(ctx, topics, state, roadmaps, categories, skip_unknown, progress_file, plugin_dirs, no_builtin):
    """Set the STATE of TOPICS (done, learning, skipped; clear removes them), in one write.

    Several topics, --roadmap and --category may be given together. A topic not found is
    reported with suggestions and nothing is written, unless --skip-unknown. Changes made at
    the same moment by other kgraph commands are never lost (the file is locked while it is
    read, changed and written).
    """
    from kgraph.store.progress import default_progress_path, update_progress

    G = session(ctx, plugin_dirs, no_builtin).graph(lazy=True)
    chosen, unknown = _topics_to_mark(G, topics, roadmaps, categories)
    if not chosen and not unknown:
        raise InputError("name the topics to mark: TOPIC..., --roadmap or --category")
    if unknown and not skip_unknown:
        raise InputError("\n".join([*unknown, "nothing written (--skip-unknown marks the others)"]))
    for line in unknown:
        click.echo(f"kgraph: warning: {line} (skipped)", err=True)
    target = Path(progress_file) if progress_file else default_progress_path()

    def change(states: dict) -> None:
        for topic_id in chosen:
            if state == "clear":
                states.pop(topic_id, None)
            else:
                states[topic_id] = state

    update_progress(target, change)
    if len(chosen) == 1:
        click.echo(f"{G.nodes[chosen[0]]['name']} ({chosen[0]}): {state} in {target}", err=True)
    elif chosen:
        click.echo(f"{counted(len(chosen), 'topic')}: {state} in {target}", err=True)


def _topics_to_mark(G, topics, roadmaps, categories) -> tuple[list[str], list[str]]:
    """The topic ids to mark (in order, once each), and one line per reference not found."""
    from kgraph.errors import AmbiguousTopic, RoadmapNotFound, TopicNotFound
    from kgraph.model import ids
    from kgraph.model.lookup import resolve_roadmaps, resolve_topic, topics_by

    chosen, unknown = [], []
    for ref in topics:
        try:
            chosen.append(resolve_topic(G, ref))
        except (TopicNotFound, AmbiguousTopic) as exc:
            unknown.append(str(exc))
    by_roadmap = topics_by(G, "roadmap") if roadmaps else {}
    for ref in roadmaps:
        try:
            chosen += [t for roadmap in sorted(resolve_roadmaps(G, [ref])) for t in by_roadmap.get(roadmap, ())]
        except RoadmapNotFound as exc:
            unknown.append(str(exc))
    by_category = topics_by(G, "category") if categories else {}
    for ref in categories:
        category = ref if ref.startswith("category:") else ids.category_id(*ref.split("/", 1)) if "/" in ref else ref
        if category in by_category:
            chosen += by_category[category]
        else:
            unknown.append(f"unknown category {ref!r} (ROADMAP/CATEGORY, e.g. docker/core-competencies)")
    return list(dict.fromkeys(chosen)), unknown


@progress.command(name="import")
@click.argument("other", type=click.Path(dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@_file_option
@plugin_options
@format_option("table", "json")
@click.pass_context
def progress_import(ctx, other, dry_run, progress_file, plugin_dirs, no_builtin, fmt):
    """Merge another progress file (a second machine, a file downloaded from the graph page).

    Per topic the state changed last wins; a topic only one file has is kept. Topics both
    files changed to different states are listed as conflicts, with the state kept.
    """
    from kgraph.store.progress import default_progress_path, load_progress, locked, merge_progress, save_progress

    G = session(ctx, plugin_dirs, no_builtin).graph(lazy=True)
    theirs = load_progress(other, G)
    target = Path(progress_file) if progress_file else default_progress_path()
    with locked(target):
        result = merge_progress(load_progress(target, G, missing_ok=True), theirs)
        if result.changes and not dry_run:
            save_progress(target, result.merged)
    if fmt == "json":
        echo_json(
            {"file": str(target), "other": other, "dry_run": dry_run}
            | {"changes": result.changes, "conflicts": result.conflicts}
        )
        return
    verb = "would take" if dry_run else "took"
    click.echo(f"{target}: {verb} {counted(len(result.changes), 'change')} from {other}", err=True)
    if result.changes:
        click.echo(table_text(result.changes, ["topic", "from", "to", "changed"]))
    if result.conflicts:
        click.echo(f"{counted(len(result.conflicts), 'conflict')} (both files changed these topics):", err=True)
        click.echo(table_text(result.conflicts, ["topic", "ours", "ours_changed", "theirs", "theirs_changed", "kept"]))


@progress.command(name="stats")
@click.option("--goal", "goals", multiple=True, metavar="TOPIC", help="A goal to forecast (repeatable).")
@click.option("--weeks", type=click.IntRange(min=1), default=8, show_default=True, help="Weeks to list.")
@click.option(
    "--hours-per-week",
    type=click.FloatRange(min=0, min_open=True),
    help="Forecast at this pace instead of the pace of the last four weeks.",
)
@_file_option
@plugin_options
@format_option("table", "json", "csv")
@click.pass_context
def progress_stats_cmd(ctx, goals, weeks, hours_per_week, progress_file, plugin_dirs, no_builtin, fmt):
    """Where you stand: topics and hours done per week, your pace, and when goals will be met.

    A topic counts in the week it was marked done (files of earlier versions carry no dates:
    their topics are counted apart). The pace is the mean of the last four weeks; --goal adds
    the hours still to learn for a goal and the date it will be met at that pace (or at
    --hours-per-week).
    """
    from kgraph.analysis.pace import PACE_WEEKS, progress_stats
    from kgraph.store.progress import default_progress_path, load_progress

    G = session(ctx, plugin_dirs, no_builtin).graph(lazy=True)
    target = Path(progress_file) if progress_file else default_progress_path()
    progress = load_progress(target, G, missing_ok=True)
    stats = progress_stats(G, progress, goals=resolve_all(G, goals), weeks=weeks, hours_per_week=hours_per_week)
    if fmt == "json":
        echo_json(stats.to_dict())
        return
    if fmt == "csv":
        echo_result(stats, fmt)
        return
    click.echo(table_text(stats.rows(), ["week", "topics", "hours"], title=f"Done per week ({target})"))
    click.echo(f"\npace: {stats.pace:g} h/week (mean of the last {PACE_WEEKS} weeks)")
    if stats.undated:
        click.echo(f"{counted(stats.undated, 'done topic')} without a date (marked by an earlier version)")
    if stats.goals:
        rows = [vars(g) | {"goal": name_of(G, g.goal)} for g in stats.goals]
        pace = f"{stats.forecast_pace:g} h/week" if stats.forecast_pace else "no pace yet"
        click.echo()
        click.echo(table_text(rows, ["goal", "remaining_hours", "weeks", "finish"], title=f"Goals at {pace}"))


@progress.command(name="show")
@_file_option
@plugin_options
@format_option()
@click.pass_context
def progress_show(ctx, progress_file, plugin_dirs, no_builtin, fmt):
    """Show the progress file: each topic's state, and done / learning / skipped per roadmap."""
    from kgraph.analysis.progress import progress_summary
    from kgraph.store.progress import default_progress_path, load_progress

    G = session(ctx, plugin_dirs, no_builtin).graph(lazy=True)
    target = Path(progress_file) if progress_file else default_progress_path()
    summary = progress_summary(G, load_progress(target, G, missing_ok=True), file=str(target))
    if fmt != "table":
        echo_result(summary, fmt, ["topic", "name", "roadmap", "state", "changed"])
        return
    click.echo(f"{target}: {counted(len(summary.topics), 'topic')}")
    click.echo(table_text(summary.rows(), ["name", "roadmap", "state", "changed"]))
    click.echo()
    click.echo(table_text([vars(row) for row in summary.by_roadmap], title="By roadmap"))
