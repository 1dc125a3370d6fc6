"""``kgraph team``: a team's skills matrix, its risks (bus factor) and its plan for a capability."""

from __future__ import annotations

from pathlib import Path

import click

from kgraph._util.text import counted
from kgraph.cli.app import cli, plugin_options, session
from kgraph.cli.output import echo_result, emit, format_option, output_option, rows_text, table_text
from kgraph.exports.text import name_of
from kgraph.model.vocabulary import LEVELS, MATRIX_FORMATS


@cli.group()
def team():
    """A team's knowledge: a folder of progress files, one per person (HANDLE.yaml)."""


def team_option(func):
    """``--team DIR`` (or ``$KGRAPH_TEAM``): the team folder."""
    return click.option(
        "--team",
        "team_dir",
        envvar="KGRAPH_TEAM",
        type=click.Path(file_okay=False),
        required=True,
        help="Team folder: HANDLE.yaml progress files and an optional team.yaml [env KGRAPH_TEAM].",
    )(func)


def read_team(G, team_dir: str, hours_per_week: float | None = None):
    """The team in ``team_dir`` (unknown topics dropped, each with a warning on stderr)."""
    from kgraph.store.team import load_team

    team = load_team(Path(team_dir), G, hours_per_week=hours_per_week)
    for warning in team.warnings:
        click.echo(f"kgraph: warning: {warning}", err=True)
    return team


@team.command(name="matrix")
@team_option
@click.option("--roadmap", help="Only this roadmap's topics (id or name).")
@click.option("--category", help="Only this category's topics (category id, e.g. docker/security-aspects).")
@click.option("--level", type=click.Choice(LEVELS), help="Only topics of this level.")
@click.option("--all", "all_topics", is_flag=True, help="List every topic in scope, not only those someone has.")
@plugin_options
@format_option(*MATRIX_FORMATS)
@output_option
@click.pass_context
def team_matrix_cmd(ctx, team_dir, roadmap, category, level, all_topics, plugin_dirs, no_builtin, fmt, output):
    """Topics x people (done / learning / skipped), and each roadmap's coverage."""
    from kgraph.analysis.team import team_matrix
    from kgraph.model.lookup import resolve_roadmaps

    G = session(ctx, plugin_dirs, no_builtin).graph()
    members = read_team(G, team_dir)
    rid = next(iter(resolve_roadmaps(G, [roadmap]))) if roadmap else None
    cid = _category(G, category) if category else None
    matrix = team_matrix(G, members, roadmap=rid, category=cid, level=level, names=members.names, all_topics=all_topics)
    if fmt == "html":
        from kgraph.analysis.team import team_risks
        from kgraph.viz.team import render_team_matrix

        emit(render_team_matrix(G, matrix, team_risks(G, members)), output)
        return
    shown = [matrix.names[h] for h in matrix.people]
    shown = shown if len(set(shown)) == len(shown) and not {"name", "known_by"} & set(shown) else matrix.people
    columns = ["name", "roadmap", *shown, "known_by"]
    rows = [
        {"name": r["name"], "roadmap": name_of(G, r["roadmap"]), "known_by": r["known_by"]}
        | {label: r[h] for label, h in zip(shown, matrix.people, strict=True)}
        for r in matrix.rows()
    ]
    if fmt == "json":
        emit(rows_text([], "json", data=matrix.to_dict() | {"coverage": matrix.coverage_rows()}), output)
    elif fmt == "csv":
        emit(rows_text(matrix.rows(), "csv", ["topic", "name", "roadmap", "level", *matrix.people, "known_by"]), output)
    else:
        text = table_text(
            rows, columns, title=f"{counted(len(matrix.people), 'person', 'people')}, {counted(len(rows), 'topic')}"
        )
        coverage = table_text(
            matrix.coverage_rows(),
            ["name", "topics", "covered", "coverage", "mean_per_person", "holders"],
            title="Coverage by roadmap (%)",
        )
        emit(f"{text}\n\n{coverage}\n", output)


def _category(G, ref: str) -> str:
    from kgraph.errors import InputError

    node = ref if ref.startswith("category:") else f"category:{ref}"
    if G.nodes.get(node, {}).get("kind") != "category":
        raise InputError(f"--category {ref!r}: no such category (use roadmap/category, e.g. docker/security-aspects)")
    return node


def _targets(G, refs) -> list[str]:
    from kgraph.model.lookup import resolve_topic

    return [resolve_topic(G, ref) for ref in refs]


@team.command(name="risks")
@team_option
@click.option(
    "--target", "targets", multiple=True, metavar="TOPIC", help="A capability the team must reach (repeatable)."
)
@plugin_options
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=15,
    show_default=True,
    help="Topics known by one member to list in the table (0: all; JSON and CSV list all).",
)
@format_option()
@click.pass_context
def team_risks_cmd(ctx, team_dir, targets, top, plugin_dirs, no_builtin, fmt):
    """Bus factor: topics and roadmaps one member alone knows, most depended-on first; with
    --target, also what the targets need that nobody knows."""
    from kgraph.analysis.team import team_risks

    G = session(ctx, plugin_dirs, no_builtin).graph()
    members = read_team(G, team_dir)
    risks = team_risks(G, members, _targets(G, targets))
    if fmt != "table":
        echo_result(risks, fmt, ["topic", "name", "roadmap", "holder", "dependents", "needed_by_targets"])
        return
    names = members.names
    single = [
        vars(s) | {"roadmap": name_of(G, s.roadmap), "holder": names.get(s.holder, s.holder)} for s in risks.single
    ]
    shown = single[:top] if top else single
    columns = ["name", "roadmap", "holder", "dependents"] + (["needed_by_targets"] if risks.targets else [])
    title = f"Known by one member only: {counted(len(single), 'topic')}"
    title += f" (the first {len(shown)}; --top 0 lists all)" if len(shown) < len(single) else ""
    click.echo(table_text(shown, columns, title=title))
    click.echo()
    roadmaps = [vars(r) | {"holder": names.get(r.holder, r.holder)} for r in risks.roadmaps]
    click.echo(table_text(roadmaps, ["name", "holder", "topics_done"], title="Roadmaps one member alone knows"))
    if risks.targets:
        click.echo()
        gaps = [vars(g) | {"roadmap": name_of(G, g.roadmap)} for g in risks.gaps]
        click.echo(
            table_text(
                gaps,
                ["name", "roadmap", "hours"],
                title=f"Needed by the targets, known by nobody: {counted(len(gaps), 'topic')}",
            )
        )


@team.command(name="plan")
@click.argument("targets", nargs=-1, required=True)
@team_option
@click.option(
    "--hours-per-week", type=float, default=None, help="Weekly hours of a member team.yaml gives none [default: 5]."
)
@plugin_options
@format_option()
@click.pass_context
def team_plan_cmd(ctx, targets, team_dir, hours_per_week, plugin_dirs, no_builtin, fmt):
    """The team's plan for TARGETS: what nobody knows yet, each topic assigned to one member."""
    from kgraph.analysis.team_plan import team_plan
    from kgraph.errors import InputError

    if hours_per_week is not None and not 0 < hours_per_week <= 168:
        raise InputError(f"--hours-per-week {hours_per_week:g}: must be above 0 and at most 168")
    G = session(ctx, plugin_dirs, no_builtin).graph()
    members = read_team(G, team_dir, hours_per_week)
    result = team_plan(G, members, _targets(G, targets), hours_per_week=members.hours_per_week, names=members.names)
    if fmt != "table":
        echo_result(
            result,
            fmt,
            [
                "order",
                "topic",
                "name",
                "hours",
                "member",
                "catch_up",
                "catch_up_hours",
                "mentor",
                "start_week",
                "end_week",
                "why",
            ],
        )
        return
    names = members.names
    goal_names = ", ".join(name_of(G, t) for t in result.targets)
    click.echo(
        f"Team plan for {goal_names}: {counted(len(result.assignments), 'topic')}, "
        f"{result.total_hours:g} h in all, done in week {result.weeks}"
    )
    rows = [
        r
        | {
            "member": names.get(r["member"], r["member"]),
            "mentor": names.get(r["mentor"], r["mentor"] or ""),
            "weeks": f"{r['start_week']}-{r['end_week']}" if r["start_week"] != r["end_week"] else str(r["end_week"]),
        }
        for r in result.rows()
    ]
    click.echo(table_text(rows, ["order", "name", "hours", "member", "weeks", "catch_up", "mentor", "why"]))
    click.echo()
    click.echo(
        table_text(
            result.member_rows(),
            ["name", "hours_per_week", "topics", "assigned_hours", "catch_up_hours", "total_hours", "finish_week"],
            title="By member",
        )
    )
