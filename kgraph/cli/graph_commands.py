"""Commands about the graph itself: info, show, export, validate, plugins, import."""

from __future__ import annotations

from pathlib import Path

import click

from kgraph._util.text import counted
from kgraph.cli.app import cli, plugin_options, session, source_option
from kgraph.cli.output import echo_json, echo_result, format_option, table_text
from kgraph.model.ids import local_part
from kgraph.model.vocabulary import EXPORT_COMMAND_FORMATS, EXPORT_FORMATS


@cli.command()
@plugin_options
@source_option
@format_option()
@click.pass_context
def info(ctx, plugin_dirs, no_builtin, fmt):
    """Counts by node and edge kind, prerequisites and concepts, and per roadmap."""
    from kgraph.analysis.summary import graph_info

    result = graph_info(session(ctx, plugin_dirs, no_builtin).graph(lazy=True))
    if fmt != "table":
        echo_result(result, fmt)
        return
    kinds = [{"kind": k, "count": v} for k, v in result.nodes.items()]
    kinds.append({"kind": "total", "count": result.total_nodes})
    edges = [{"kind": k, "count": v} for k, v in result.edges.items()]
    edges.append({"kind": "total", "count": result.total_edges})
    knowledge = [{"measure": k.replace("_", " "), "count": v} for k, v in vars(result.knowledge).items()]
    click.echo(table_text(kinds, title="Nodes"))
    click.echo()
    click.echo(table_text(edges, title="Edges"))
    click.echo()
    click.echo(table_text(knowledge, title="Knowledge layer"))
    click.echo()
    click.echo(table_text(result.rows(), title="Roadmaps"))


NEIGHBOUR_COLUMNS = ["direction", "edge", "id", "name", "kind", "strength", "needs", "hours", "reason", "group"]


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

    G = session(ctx, plugin_dirs, no_builtin).graph(lazy=True)
    details = topic_details(G, resolve_topic(G, topic, roadmap=roadmap))
    if fmt != "table":
        echo_result(details, fmt, [*NEIGHBOUR_COLUMNS, "default"])
        return
    fields = [
        ("id", details.id),
        ("name", details.name),
        ("roadmap", details.roadmap_name),
        ("category", details.category_name),
        ("parent", details.parent_name),
        ("level", details.level),
        ("effort hours", details.effort_hours),
        ("vendor", details.vendor),
        ("flags", ", ".join(details.flags or ())),
        ("same as", _same_as(details)),
        ("origin", _origin(details.origin)),
        ("description", details.description),
    ]
    width = max(len(k) for k, _ in fields)
    for key, value in fields:
        if value not in (None, ""):
            click.echo(f"{key.ljust(width)}  {value}")
    if details.subtopics:
        click.echo()
        click.echo(table_text([vars(s) for s in details.subtopics], ["id", "name"], title="Subtopics"))
    if details.resources:  # links to learn from (an import of roadmap.sh gives them): never shortened
        click.echo()
        click.echo("Resources")
        for resource in details.resources:
            kind = f"[{resource['type']}] " if resource.get("type") else ""
            click.echo(f"  {kind}{resource.get('title') or resource['url']}: {resource['url']}")
    if details.neighbours:
        click.echo()
        rows = [row | {"strength": _strength(row)} for row in details.rows()]
        columns = ["direction", "edge", "strength", "name", "id", "reason"]
        click.echo(table_text(rows, columns, title="Neighbours"))


def _same_as(details) -> str:
    """The topics ``details`` is the same as (SAME_AS either way): ``name (id)``, joined."""
    same = [n for n in details.neighbours if n.edge == "SAME_AS"]
    return "; ".join(f"{n.name} ({n.id})" for n in same)


def _origin(origin: dict | None) -> str:
    """Where an imported topic came from: ``roadmap.sh node ID, parent guessed``."""
    if not origin:
        return ""
    text = f"{origin.get('source', '')} node {origin['node']}" if origin.get("node") else origin.get("source", "")
    return text + (f", parent {origin['parent']}" if origin.get("parent") else "")


def _strength(row: dict) -> str:
    """A requirement's strength for the table, with its part and group: ``essential, part 3 h, any of``."""
    if row.get("edge") != "REQUIRES":
        return ""
    text = row.get("strength") or "essential"
    if row.get("hours") is not None:
        text += f", part {row['hours']:g} h"
    if row.get("group"):
        text += ", any of" + (" (default)" if row.get("default") == row.get("id") else "")
    return text


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_COMMAND_FORMATS),
    default="json",
    show_default=True,
    help="json: NetworkX node-link; graphml/gexf: Gephi, Cytoscape; csv: a folder of nodes.csv and edges.csv; "
    "neo4j-import: a folder of CSV files for neo4j-admin database import (prints the command).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=True), required=True, help="File to write (a folder for csv).")
@plugin_options
@click.pass_context
def export(ctx, fmt, output, plugin_dirs, no_builtin):
    """Write the whole graph to a file for other tools."""
    G = session(ctx, plugin_dirs, no_builtin).graph()
    if fmt not in EXPORT_FORMATS:  # neo4j-import
        _export_neo4j_import(G, output)
        return
    from kgraph.store.files import export_graph

    for path in export_graph(G, output, fmt=fmt):
        click.echo(f"wrote {path} ({G.number_of_nodes()} nodes, {G.number_of_edges()} edges)", err=True)


def _export_neo4j_import(G, output: str) -> None:
    """Write the neo4j-admin folder; the command on stdout, the rest on stderr."""
    from kgraph.store.neo4j_import import AFTER_IMPORT, README, write_import_folder

    summary = write_import_folder(G, output)
    click.echo(
        f"wrote {output} ({G.number_of_nodes()} nodes, {G.number_of_edges()} edges in "
        f"{counted(len(summary.files), 'CSV file')}, {summary.bytes / 1e6:.1f} MB); "
        "stop the server, then import with:",
        err=True,
    )
    click.echo(summary.command)
    folder = Path(output)
    click.echo(f"then run {folder / AFTER_IMPORT} (constraints, list fix-ups); see {folder / README}", err=True)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--strict", is_flag=True, help="Treat warnings (vendor rule, groups without a default) as errors.")
@plugin_options
@format_option("table", "json")
@click.pass_context
def validate(ctx, paths, strict, plugin_dirs, no_builtin, fmt):
    """Check plugin files: schema, ids, prerequisites, cycles, and the knowledge rules.

    With no PATHS, checks every plugin kgraph would load. PATHS may be files or plugin
    folders; they are checked together with the built-in roadmaps (so prerequisites
    may point into them) unless --no-builtin is given. Exit code 2 if anything is wrong.

    Warnings (a vendor-neutral topic with an essential prerequisite of one vendor outside
    an any_of choice, an any_of group without a default) are printed and do not fail the
    check unless --strict is given.
    """
    from kgraph.plugins.validation import validate_paths

    obj = session(ctx, plugin_dirs, no_builtin)
    result = validate_paths(paths, plugin_dirs=obj.plugin_dirs, builtin=obj.builtin, strict=strict)
    if fmt == "json":
        echo_json(result.to_dict())
    if not result.problems and not strict:
        for warning in result.warnings:
            click.echo(f"kgraph: warning: {warning}", err=True)
    result.raise_for_failures()
    if fmt == "table":
        note = f" ({len(result.warnings)} warnings)" if result.warnings else ""
        click.echo(f"ok: {len(result.files)} files, {result.topics} topics, {result.edges} edges{note}")


@cli.command()
@click.option("--top", type=click.IntRange(min=1), default=15, show_default=True, help="How many hub topics.")
@plugin_options
@source_option
@format_option("table", "json")
@click.pass_context
def audit(ctx, top, plugin_dirs, no_builtin, fmt):
    """Audit the prerequisites: edges by strength and roadmap pair, hub topics and their blast
    radius, vendor-rule warnings, groups without a default, and the size of every single-goal plan.

    Run it before proposing a plugin: a hub that enters a large share of all plans, or a
    mean plan that grows, deserves a second look at the edges into it.
    """
    from kgraph.analysis.audit import audit as run_audit

    G = session(ctx, plugin_dirs, no_builtin).graph()
    result = run_audit(G, top=top)
    if fmt == "json":
        echo_json(result.to_dict())
        return
    edges = [{"measure": k.replace("_", " "), "count": v} for k, v in vars(result.edges).items()]
    click.echo(table_text(edges, title="Prerequisite edges"))
    click.echo()
    pairs = [
        {"from": local_part(p.from_roadmap), "to": local_part(p.to_roadmap), **vars(p)}
        for p in result.roadmap_pairs
        if p.from_roadmap != p.to_roadmap
    ]
    click.echo(table_text(pairs, ["from", "to", "essential", "recommended"], title="Across roadmaps"))
    click.echo()
    plans = [{"measure": k.replace("_", " "), "value": v} for k, v in vars(result.plans).items()]
    plans.append({"measure": "cross roadmap share", "value": result.cross_roadmap_share})
    click.echo(table_text(plans, title="Single-goal plans (every topic as the goal, from scratch)"))
    click.echo()
    hubs = [row | {"roadmap": local_part(row["roadmap"] or "")} for row in result.rows()]
    columns = ["name", "roadmap", "vendor", "effort_hours", "plans", "share", "hours_added"]
    click.echo(table_text(hubs, columns, title="Hub topics (plans they enter, hours they add over all plans)"))
    click.echo()
    warnings = [{"topic": local_part(w.topic), "warning": w.message} for w in result.warnings]
    click.echo(f"Vendor-rule warnings: {len(warnings) or 'none'}")
    if warnings:
        click.echo(table_text(warnings))
    click.echo()
    groups = [
        {"topic": local_part(g.topic), "members": ", ".join(local_part(m) for m in g.prerequisites)}
        for g in result.groups_without_default
    ]
    click.echo(f"Any-of groups without a default: {len(groups) or 'none'}")
    if groups:
        click.echo(table_text(groups))


@cli.command()
@plugin_options
@format_option()
@click.pass_context
def plugins(ctx, plugin_dirs, no_builtin, fmt):
    """List the plugin files kgraph loads, with their source and counts."""
    from kgraph.plugins.validation import list_plugins

    obj = session(ctx, plugin_dirs, no_builtin)
    result = list_plugins(plugin_dirs=obj.plugin_dirs, builtin=obj.builtin)
    columns = ["kind", "id", "name", "origin", "categories", "topics", "subtopics", "source"]
    echo_result(result, fmt, columns)


@cli.group(name="import")
def import_group():
    """Import roadmaps written in other formats as plugin files."""


def _out_dir_option(help_text: str):
    """``-o/--output DIR``, required: the plugin folder an import writes."""
    return click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False), required=True, help=help_text)


@import_group.command(name="markdown")
@click.argument("file", type=click.Path(dir_okay=False))
@_out_dir_option("Plugin folder to write (roadmaps/ID.yaml, integrations.yaml, levels.yaml).")
@click.option("--force", is_flag=True, help="Overwrite files that exist.")
def import_markdown_cmd(file, out_dir, force):
    """Import FILE, written like the seed analysis (## NAME ROADMAP, ### Category, - **Topic**: text)."""
    from kgraph.plugins.markdown import import_markdown

    for path in import_markdown(Path(file), Path(out_dir), force=force):
        click.echo(f"wrote {path}", err=True)


@import_group.command(name="roadmapsh")
@click.argument("checkout", type=click.Path(file_okay=False))
@_out_dir_option("Plugin folder to create (roadmaps/ID.yaml, one file per roadmap).")
@click.option(
    "--roadmap",
    "roadmaps",
    multiple=True,
    metavar="NAME",
    help="A roadmap folder to import (repeatable; 'all' for every one). Default: the seven kgraph covers.",
)
@click.option("--id-prefix", default="rs-", show_default=True, help="Prefix of the imported roadmap ids.")
@click.option("--force", is_flag=True, help="Replace the output folder if it exists.")
@click.option("--no-link", is_flag=True, help="Do not link topics to the built-in topics of the same name (same_as).")
def import_roadmapsh_cmd(checkout, out_dir, roadmaps, id_prefix, force, no_link):
    """Import roadmaps from CHECKOUT, your own checkout of the roadmap.sh repository."""
    import time

    from kgraph.plugins.roadmapsh import import_roadmapsh

    started = time.perf_counter()
    summaries = import_roadmapsh(
        Path(checkout), Path(out_dir), roadmaps=roadmaps, id_prefix=id_prefix, force=force, link=not no_link
    )
    for summary in summaries:
        click.echo(f"wrote {summary.path}", err=True)
        click.echo(summary.line(), err=True)
    items = sum(s.topics + s.subtopics + len(s.orphans) for s in summaries)
    seconds = time.perf_counter() - started
    click.echo(
        f"imported {counted(len(summaries), 'roadmap')} ({counted(items, 'topic')}, "
        f"{counted(sum(s.linked for s in summaries), 'link')} to built-in topics) in {seconds:.1f} s",
        err=True,
    )
