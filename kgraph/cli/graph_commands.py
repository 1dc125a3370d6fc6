"""Commands about the graph itself: info, show, export, validate, plugins, import."""

from __future__ import annotations

from pathlib import Path

import click

from kgraph.cli.app import cli, plugin_options, session, source_option
from kgraph.cli.output import echo_csv, echo_json, echo_rows, format_option, table_text


@cli.command()
@plugin_options
@source_option
@format_option()
@click.pass_context
def info(ctx, plugin_dirs, no_builtin, fmt):
    """Counts by node and edge kind, prerequisites and concepts, and per roadmap."""
    from kgraph.analysis.summary import graph_info

    result = graph_info(session(ctx, plugin_dirs, no_builtin).graph())
    if fmt == "json":
        echo_json(result)
    elif fmt == "csv":
        echo_csv(result["roadmaps"])
    else:
        kinds = [{"kind": k, "count": v} for k, v in result["nodes"].items()]
        kinds.append({"kind": "total", "count": result["total_nodes"]})
        edges = [{"kind": k, "count": v} for k, v in result["edges"].items()]
        edges.append({"kind": "total", "count": result["total_edges"]})
        knowledge = [{"measure": k.replace("_", " "), "count": v} for k, v in result["knowledge"].items()]
        click.echo(table_text(kinds, title="Nodes"))
        click.echo()
        click.echo(table_text(edges, title="Edges"))
        click.echo()
        click.echo(table_text(knowledge, title="Knowledge layer"))
        click.echo()
        click.echo(table_text(result["roadmaps"], title="Roadmaps"))


@cli.command()
@click.argument("topic")
@click.option("--roadmap", help="Look the topic up in this roadmap only.")
@plugin_options
@source_option
@format_option()
@click.pass_context
def show(ctx, topic, roadmap, plugin_dirs, no_builtin, fmt):
    """Show TOPIC: its category, parent, subtopics, prerequisites and other neighbours.

    TOPIC is an id, a name (any case), a name scoped by roadmap such as
    'kubernetes:RBAC', or a close misspelling.
    """
    from kgraph.analysis.summary import topic_details
    from kgraph.model.lookup import resolve_topic

    G = session(ctx, plugin_dirs, no_builtin).graph()
    details = topic_details(G, resolve_topic(G, topic, roadmap=roadmap))
    neighbours = details["neighbours"]
    if fmt == "json":
        echo_json(details)
        return
    if fmt == "csv":
        echo_csv(neighbours, ["direction", "edge", "id", "name", "kind", "reason", "group"])
        return
    fields = [
        ("id", details["id"]),
        ("name", details.get("name")),
        ("roadmap", details.get("roadmap_name")),
        ("category", details.get("category_name")),
        ("parent", details.get("parent_name")),
        ("level", details.get("level")),
        ("effort hours", details.get("effort_hours")),
        ("description", details.get("description")),
    ]
    width = max(len(k) for k, _ in fields)
    for key, value in fields:
        if value not in (None, ""):
            click.echo(f"{key.ljust(width)}  {value}")
    if details["subtopics"]:
        click.echo()
        click.echo(table_text(details["subtopics"], ["id", "name"], title="Subtopics"))
    if neighbours:
        click.echo()
        click.echo(table_text(neighbours, ["direction", "edge", "name", "id", "reason"], title="Neighbours"))


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "graphml", "gexf", "csv"]),
    default="json",
    show_default=True,
    help="json: NetworkX node-link; graphml/gexf: Gephi, Cytoscape; csv: a folder of nodes.csv and edges.csv.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=True), required=True, help="File to write (a folder for csv).")
@plugin_options
@click.pass_context
def export(ctx, fmt, output, plugin_dirs, no_builtin):
    """Write the whole graph to a file for other tools."""
    from kgraph.store.files import export_graph

    G = session(ctx, plugin_dirs, no_builtin).graph()
    for path in export_graph(G, output, fmt=fmt):
        click.echo(f"wrote {path} ({G.number_of_nodes()} nodes, {G.number_of_edges()} edges)", err=True)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@plugin_options
@format_option("table", "json")
@click.pass_context
def validate(ctx, paths, plugin_dirs, no_builtin, fmt):
    """Check plugin files: schema, ids, prerequisites, cycles.

    With no PATHS, checks every plugin kgraph would load. PATHS may be files or plugin
    folders; they are checked together with the built-in roadmaps (so prerequisites
    may point into them) unless --no-builtin is given. Exit code 2 if anything is wrong.
    """
    from kgraph.errors import CycleError, PluginError, Problem
    from kgraph.model.build import build_graph
    from kgraph.plugins.discovery import PluginFile, discover, display_path, scan_folder
    from kgraph.plugins.load import load_files

    obj = session(ctx, plugin_dirs, no_builtin)
    files = discover(obj.plugin_dirs, builtin=obj.builtin)
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += scan_folder(path, "folder")
        else:
            kind = path.stem if path.stem in ("integrations", "levels", "concepts") else "roadmap"
            files.append(PluginFile(kind, "path", display_path(path), path=path))
    problems: list[Problem] = []
    G = None
    try:
        G = build_graph(load_files(files))
    except PluginError as exc:
        problems = exc.problems
    except CycleError as exc:
        problems = [Problem("plugins", str(exc))]
    if fmt == "json":
        echo_json(
            {
                "ok": not problems,
                "files": [f.source for f in files],
                "problems": [
                    {"source": p.source, "line": p.line, "column": p.column, "where": p.where, "message": p.message}
                    for p in problems
                ],
            }
        )
    if problems:
        raise PluginError(problems)
    if fmt == "table":
        topics = sum(1 for _, k in G.nodes(data="kind") if k == "topic")
        click.echo(f"ok: {len(files)} files, {topics} topics, {G.number_of_edges()} edges")


@cli.command()
@plugin_options
@format_option()
@click.pass_context
def plugins(ctx, plugin_dirs, no_builtin, fmt):
    """List the plugin files kgraph loads, with their source and counts."""
    from kgraph.plugins.discovery import discover
    from kgraph.plugins.load import load_files

    obj = session(ctx, plugin_dirs, no_builtin)
    files = discover(obj.plugin_dirs, builtin=obj.builtin)
    loaded = load_files(files)
    by_source = {r.source: r for r in loaded.roadmaps}
    rows = []
    for file in files:
        row = {"kind": file.kind, "id": "", "name": "", "origin": file.origin, "source": file.source}
        roadmap = by_source.get(file.source) if file.kind == "roadmap" else None
        if roadmap:
            topics = list(roadmap.iter_topics())
            row.update(
                id=roadmap.id,
                name=roadmap.name,
                categories=len(roadmap.categories),
                topics=sum(parent is None for _, _, parent in topics),
                subtopics=sum(parent is not None for _, _, parent in topics),
            )
        else:
            counts = {
                "integrations": len(loaded.integrations),
                "levels": len(loaded.levels),
                "concepts": len(loaded.concepts),
            }
            row.update(name=f"{counts.get(file.kind, 0)} {file.kind} (all files)")
        rows.append(row)
    echo_rows(rows, fmt, ["kind", "id", "name", "origin", "categories", "topics", "subtopics", "source"])


@cli.group(name="import")
def import_group():
    """Import roadmaps written in other formats as plugin files."""


@import_group.command(name="markdown")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False),
    required=True,
    help="Plugin folder to write (roadmaps/ID.yaml, integrations.yaml, levels.yaml).",
)
@click.option("--force", is_flag=True, help="Overwrite files that exist.")
def import_markdown_cmd(file, out_dir, force):
    """Import FILE, written like the seed analysis (## NAME ROADMAP, ### Category, - **Topic**: text)."""
    from kgraph.plugins.markdown import import_markdown

    for path in import_markdown(Path(file), Path(out_dir), force=force):
        click.echo(f"wrote {path}", err=True)
