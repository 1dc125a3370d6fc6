"""The viz command: an interactive, self-contained HTML page of the graph."""

from __future__ import annotations

from pathlib import Path

import click

from kgraph._util.text import counted
from kgraph.cli.app import cli, plugin_options, session, source_option
from kgraph.cli.common import read_progress, recommended_option, resolve_all, resolve_known
from kgraph.model.vocabulary import (
    COLOR_BY,
    SIZE_BY,
)


@cli.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default="graph.html",
    show_default=True,
    help="File to write: an HTML page, or a picture of the --plan or --path (.svg, .png; needs matplotlib); "
    "with --team, team.html unless given.",
)
@click.option("--roadmap", "roadmaps", multiple=True, help="Draw only this roadmap (repeatable) and what it touches.")
@click.option(
    "--plan", "goals", multiple=True, metavar="GOAL", help="Highlight the learning plan for GOAL (repeatable)."
)
@click.option("--known", multiple=True, metavar="TOPIC", help="With --plan: a topic (or roadmap) you know.")
@click.option("--prefer", multiple=True, metavar="NAME", help="With --plan: a roadmap, vendor or topic to prefer.")
@recommended_option
@click.option("--path", "path_ends", nargs=2, metavar="FROM TO", help="Highlight the prerequisite chain FROM -> TO.")
@click.option(
    "--context",
    is_flag=True,
    help="With --plan or --path: draw the whole graph, dimmed, with the route highlighted (default: the route only).",
)
@click.option("--progress", "progress_file", type=click.Path(dir_okay=False), help="Progress file to show.")
@click.option("--no-progress", is_flag=True, help="Ignore the default progress file.")
@click.option(
    "--color-by", type=click.Choice(COLOR_BY), default="roadmap", show_default=True, help="What a node's colour shows."
)
@click.option(
    "--size-by",
    type=click.Choice(SIZE_BY),
    default="degree",
    show_default=True,
    help="What a node's size shows: its links, its bridging centrality, or a topic's hours.",
)
@click.option(
    "--team",
    "team_dir",
    type=click.Path(file_okay=False),
    help="Draw this team's skills heatmap instead (a folder of HANDLE.yaml progress files, as `kgraph team` reads).",
)
@click.option("--title", default="kgraph", show_default=True, help="Page title.")
@click.option("--open", "open_page", is_flag=True, help="Open the page in a browser.")
@plugin_options
@source_option
@click.pass_context
def viz(
    ctx,
    output,
    roadmaps,
    goals,
    known,
    prefer,
    with_recommended,
    path_ends,
    context,
    progress_file,
    no_progress,
    color_by,
    size_by,
    team_dir,
    title,
    open_page,
    plugin_dirs,
    no_builtin,
):
    """Write an interactive HTML page of the graph: search, filters, legend, highlighted plan or path.

    The page is self-contained (no network needed) and opens from a file. With `-o FILE.svg`
    or `-o FILE.png`, a picture of the plan (stage by stage) or the path instead, to share.
    """
    from kgraph.viz import render_html
    from kgraph.viz.picture import picture_format

    if team_dir is not None:
        _write_team(ctx, team_dir, output, title, open_page, plugin_dirs, no_builtin)
        return
    picture = picture_format(output)
    if picture:
        _check_picture(ctx, goals, path_ends)
    if context and not goals and not path_ends:
        raise click.UsageError("--context goes with --plan or --path (without them the page draws the whole graph)")

    G = session(ctx, plugin_dirs, no_builtin).graph()
    progress = read_progress(G, progress_file, no_progress)
    plan = path = None
    if goals:
        from kgraph.analysis.plans import learning_plan

        plan = learning_plan(
            G,
            resolve_all(G, goals),
            known=resolve_known(G, known),
            progress=progress,
            prefer=prefer,
            with_recommended=with_recommended,
        )
    elif known or prefer:
        raise click.UsageError("--known and --prefer go with --plan")
    if path_ends:
        from kgraph.analysis.paths import learning_path

        path = learning_path(G, *resolve_all(G, path_ends), with_recommended=with_recommended)[0]
    if picture:
        _write_picture(ctx, G, plan, path, output, title, open_page)
        return
    page = render_html(
        G,
        roadmaps=list(roadmaps) or None,
        plan=plan,
        path=path,
        context=context,
        progress=progress,
        color_by=color_by,
        size_by=size_by,
        title=title,
    )
    written = page.write(output)
    click.echo(f"wrote {written} ({page.nodes} nodes, {page.edges} edges)", err=True)
    if open_page:
        click.launch(str(written.absolute()))


_GRAPH_ONLY = {
    "roadmaps": "--roadmap",
    "goals": "--plan",
    "known": "--known",
    "prefer": "--prefer",
    "with_recommended": "--with-recommended",
    "path_ends": "--path",
    "context": "--context",
    "progress_file": "--progress",
    "no_progress": "--no-progress",
    "color_by": "--color-by",
    "size_by": "--size-by",
}


def _write_team(ctx: click.Context, team_dir, output, title, open_page, plugin_dirs, no_builtin) -> None:
    """``--team DIR``: the team's skills heatmap (as ``kgraph team matrix --format html``)."""
    from kgraph._util.files import atomic_write
    from kgraph.analysis.team import team_matrix, team_risks
    from kgraph.cli.team_commands import read_team
    from kgraph.viz.picture import picture_format
    from kgraph.viz.team import render_team_matrix

    others = [option for name, option in _GRAPH_ONLY.items() if _given(ctx, name)]
    if others:
        raise click.UsageError(f"--team draws a team's heatmap, not the graph: leave out {', '.join(others)}")
    if picture_format(output):
        raise click.UsageError("--team writes an HTML page, not a picture (-o FILE.html)")

    G = session(ctx, plugin_dirs, no_builtin).graph()
    members = read_team(G, team_dir)
    matrix = team_matrix(G, members, names=members.names)
    page = render_team_matrix(G, matrix, team_risks(G, members), title=title if _given(ctx, "title") else None)

    target = output if _given(ctx, "output") else "team.html"
    written = atomic_write(Path(target), lambda handle: handle.write(page.encode("utf-8")))
    people, topics = len(matrix.people), len(matrix.topics)
    click.echo(f"wrote {written} ({counted(people, 'person', 'people')}, {counted(topics, 'topic')})", err=True)
    if open_page:
        click.launch(str(written.absolute()))


def _check_picture(ctx: click.Context, goals, path_ends) -> None:
    """Fail at once (before the graph is built) when a picture cannot be drawn."""
    from kgraph.viz.picture import check_matplotlib

    if not goals and not path_ends:
        raise click.UsageError("a picture needs --plan or --path; -o graph.html draws the whole graph")
    if goals and path_ends:
        raise click.UsageError("a picture shows --plan or --path, not both")
    options = {"roadmaps": "--roadmap", "context": "--context", "color_by": "--color-by", "size_by": "--size-by"}
    html_only = [option for name, option in options.items() if _given(ctx, name)]
    if html_only:
        raise click.UsageError(f"{', '.join(html_only)} go with an HTML page, not a picture")
    check_matplotlib()


def _given(ctx: click.Context, name: str) -> bool:
    source = ctx.get_parameter_source(name)
    return source is not None and source != click.core.ParameterSource.DEFAULT


def _write_picture(ctx: click.Context, G, plan, path, output, title, open_page) -> None:
    """Draw the plan or the path and write it as SVG or PNG."""
    from kgraph.viz.picture import path_picture, plan_picture

    title = title if _given(ctx, "title") else None
    if plan is not None:
        picture = plan_picture(G, plan, title=title)
        drawn = f"{len(plan.steps)} topics in {len(plan.stages)} stages"
    else:
        picture = path_picture(G, path, title=title)
        drawn = f"{len(path.steps)} topics"
    written = picture.write(output)
    click.echo(f"wrote {written} ({drawn})", err=True)
    if open_page:
        click.launch(str(written.absolute()))
