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
        columns = [
            "direction",
            "edge",
            "id",
            "name",
            "kind",
            "strength",
            "needs",
            "hours",
            "reason",
            "group",
            "default",
        ]
        echo_csv(neighbours, columns)
        return
    fields = [
        ("id", details["id"]),
        ("name", details.get("name")),
        ("roadmap", details.get("roadmap_name")),
        ("category", details.get("category_name")),
        ("parent", details.get("parent_name")),
        ("level", details.get("level")),
        ("effort hours", details.get("effort_hours")),
        ("vendor", details.get("vendor")),
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
        rows = [row | {"strength": _strength(row)} for row in neighbours]
        columns = ["direction", "edge", "strength", "name", "id", "reason"]
        click.echo(table_text(rows, columns, title="Neighbours"))


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
    from kgraph.analysis.audit import rule_warnings
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
    warnings: list[Problem] = []
    G = None
    locations: dict = {}
    try:
        G = build_graph(load_files(files), locations=locations)
    except PluginError as exc:
        problems = exc.problems
    except CycleError as exc:
        problems = [Problem("plugins", str(exc))]
    if G is not None:
        for warning in rule_warnings(G):
            loc = locations.get((warning.topic, warning.prerequisites[0]))
            where = (
                (loc.source, warning.message, loc.line, loc.column, loc.where) if loc else ("plugins", warning.message)
            )
            warnings.append(Problem(*where))
    failed = problems + (warnings if strict else [])

    def plain(found):
        return [
            {"source": p.source, "line": p.line, "column": p.column, "where": p.where, "message": p.message}
            for p in found
        ]

    if fmt == "json":
        echo_json(
            {
                "ok": not failed,
                "files": [f.source for f in files],
                "problems": plain(problems),
                "warnings": plain(warnings),
            }
        )
    if not problems and not strict:
        for warning in warnings:
            click.echo(f"kgraph: warning: {warning}", err=True)
    if failed:
        raise PluginError(failed)
    if fmt == "table":
        topics = sum(1 for _, k in G.nodes(data="kind") if k == "topic")
        note = f" ({len(warnings)} warnings)" if warnings else ""
        click.echo(f"ok: {len(files)} files, {topics} topics, {G.number_of_edges()} edges{note}")


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
    edges = [{"measure": k.replace("_", " "), "count": v} for k, v in result.edges.items()]
    click.echo(table_text(edges, title="Prerequisite edges"))
    click.echo()
    pairs = [
        row | {"from": _short(row["from"]), "to": _short(row["to"])}
        for row in result.roadmap_pairs
        if row["from"] != row["to"]
    ]
    click.echo(table_text(pairs, ["from", "to", "essential", "recommended"], title="Across roadmaps"))
    click.echo()
    plans = [{"measure": k.replace("_", " "), "value": v} for k, v in result.plans.items()]
    plans.append({"measure": "cross roadmap share", "value": result.cross_roadmap_share})
    click.echo(table_text(plans, title="Single-goal plans (every topic as the goal, from scratch)"))
    click.echo()
    hubs = [row | {"roadmap": _short(row["roadmap"] or "")} for row in result.hubs]
    columns = ["name", "roadmap", "vendor", "effort_hours", "plans", "share", "hours_added"]
    click.echo(table_text(hubs, columns, title="Hub topics (plans they enter, hours they add over all plans)"))
    click.echo()
    warnings = [{"topic": _short(w["topic"]), "warning": w["message"]} for w in result.warnings]
    click.echo(f"Vendor-rule warnings: {len(warnings) or 'none'}")
    if warnings:
        click.echo(table_text(warnings))
    click.echo()
    groups = [
        {"topic": _short(g["topic"]), "members": ", ".join(_short(m) for m in g["members"])}
        for g in result.groups_without_default
    ]
    click.echo(f"Any-of groups without a default: {len(groups) or 'none'}")
    if groups:
        click.echo(table_text(groups))


def _short(node: str) -> str:
    return node.split(":", 1)[-1]


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
