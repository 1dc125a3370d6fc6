"""The viz command: an interactive, self-contained HTML page of the graph."""

from __future__ import annotations

import click

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
    help="HTML file to write.",
)
@click.option("--roadmap", "roadmaps", multiple=True, help="Draw only this roadmap (repeatable) and what it touches.")
@click.option(
    "--plan", "goals", multiple=True, metavar="GOAL", help="Highlight the learning plan for GOAL (repeatable)."
)
@click.option("--known", multiple=True, metavar="TOPIC", help="With --plan: a topic (or roadmap) you know.")
@click.option("--prefer", multiple=True, metavar="NAME", help="With --plan: a roadmap, vendor or topic to prefer.")
@recommended_option
@click.option("--path", "path_ends", nargs=2, metavar="FROM TO", help="Highlight the prerequisite chain FROM -> TO.")
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
    progress_file,
    no_progress,
    color_by,
    size_by,
    title,
    open_page,
    plugin_dirs,
    no_builtin,
):
    """Write an interactive HTML page of the graph: search, filters, legend, highlighted plan or path.

    The page is self-contained (no network needed) and opens from a file.
    """
    from kgraph.viz import render_html

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
    page = render_html(
        G,
        roadmaps=list(roadmaps) or None,
        plan=plan,
        path=path,
        progress=progress,
        color_by=color_by,
        size_by=size_by,
        title=title,
    )
    written = page.write(output)
    click.echo(f"wrote {written} ({page.nodes} nodes, {page.edges} edges)", err=True)
    if open_page:
        click.launch(str(written.absolute()))
