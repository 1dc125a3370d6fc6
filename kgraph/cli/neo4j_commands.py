"""Neo4j commands: ``kgraph neo4j push|pull|status`` and ``kgraph query``."""

from __future__ import annotations

import sys
from collections import Counter

import click

from kgraph._util.text import counted
from kgraph.cli.app import cli, neo4j_options, plugin_options, session
from kgraph.cli.output import echo_json, format_option, output_option, stream_rows, table_text
from kgraph.model.vocabulary import PUSH_MODES
from kgraph.store.neo4j import DEFAULT_BATCH_SIZE  # a light import: the driver and networkx load when used


@cli.group(name="neo4j")
@neo4j_options
def neo4j_group():
    """Push the knowledge graph to Neo4j, pull it back, and show the server's state.

    The connection comes from --uri/--user/--password/--database (here or after the
    subcommand), else NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD and NEO4J_DATABASE, else a .env
    file in the working directory; --password-prompt asks for the password on the terminal.
    With the dev server: `set -a; . .neo4j-dev/env; set +a`.
    """


def _counts_table(rows: dict, name: str) -> list[dict]:
    return [{name: key, "count": value} for key, value in rows.items()]


@neo4j_group.command()
@click.option("--wipe", is_flag=True, help="Delete kgraph's nodes and their relationships first (in batches).")
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    help="Rows per write transaction.",
)
@click.option(
    "--mode",
    type=click.Choice(PUSH_MODES),
    default="auto",
    show_default=True,
    help="auto: a first load (no kgraph nodes in the database) creates nodes in bulk; later pushes merge. "
    "bulk or merge force one path (both are safe to repeat).",
)
@click.option(
    "--team",
    "team_dir",
    type=click.Path(file_okay=False),
    help="Also push this team folder (HANDLE.yaml progress files, optional team.yaml): "
    "(:Person)-[:KNOWS {state}]->(:Topic), replacing the team pushed before. "
    "Only this flag pushes people ($KGRAPH_TEAM does not).",
)
@plugin_options
@neo4j_options
@format_option("table", "json")
@click.pass_context
def push(ctx, wipe, batch_size, mode, team_dir, plugin_dirs, no_builtin, fmt):
    """Write the graph of the roadmap plugins to Neo4j (idempotent: MERGE on ids).

    Creates a uniqueness constraint on `id` for every label, then merges nodes and
    relationships in batches; pushing twice leaves the same nodes, relationships and
    properties. Nodes no longer in the graph stay unless --wipe deletes kgraph's nodes first.
    If the server goes away midway, the error says how far the push got: push again to finish.

    With --team DIR, a :Person node per member and a :KNOWS relationship (with the state of
    their file: done, learning or skipped) per topic go with the graph, in the same push;
    then people and KNOWS relationships no longer in DIR are removed (the database holds one
    team). A push without --team leaves the people already in Neo4j as they are (--wipe
    removes them).
    """
    from kgraph.errors import ConnectionFailed
    from kgraph.store.neo4j import push_graph

    obj = session(ctx, plugin_dirs, no_builtin)
    G = obj.graph()
    team = None
    if team_dir is not None:
        from kgraph.cli.team_commands import read_team
        from kgraph.store.team_graph import add_team

        team = read_team(G, team_dir)  # before connecting: a bad folder needs no server
        G = add_team(G, team)
    settings = obj.neo4j_settings()
    driver = obj.neo4j_driver()
    total = G.number_of_nodes() + G.number_of_edges()
    done = 0

    def advance(rows: int) -> None:
        nonlocal done
        done += rows

    try:
        summary = push_graph(
            driver, G, database=settings.database, wipe_first=wipe, batch_size=batch_size, progress=advance, mode=mode
        )
        if team is not None:
            from kgraph.store.team_graph import prune_team

            removed = prune_team(driver, G, database=settings.database)
    except ConnectionFailed as exc:
        raise ConnectionFailed(
            f"push to {settings.address} stopped after {done} of {total} rows: {exc}; "
            "push again to finish (pushing twice is safe)"
        ) from None
    pushed_team = None
    if team is not None:
        knows = sum(len(progress) for progress in team.values())
        pushed_team = {"folder": team_dir, "people": len(team), "knows": knows}
        pushed_team |= {"people_removed": removed[0], "knows_removed": removed[1]}
    if fmt == "json":
        extra = {"team": pushed_team} if pushed_team is not None else {}
        echo_json(
            {"address": settings.address, "database": settings.database, **summary.to_dict(), "mode": summary.mode}
            | extra
        )
        return
    where = f"{settings.address}" + (f" (database {settings.database})" if settings.database else "")
    click.echo(f"pushed to {where} in {summary.seconds:.1f}s: {summary.batches} batches ({summary.mode} path)")
    if summary.constraints_added:
        click.echo(f"created {summary.constraints_added} uniqueness constraints on id")
    if pushed_team is not None:
        line = (
            f"team {team_dir}: {counted(pushed_team['people'], 'person', 'people')}, "
            f"{counted(pushed_team['knows'], 'KNOWS relationship')}"
        )
        if pushed_team["people_removed"] or pushed_team["knows_removed"]:
            line += (
                f"; removed {counted(pushed_team['people_removed'], 'person', 'people')} and "
                f"{counted(pushed_team['knows_removed'], 'KNOWS relationship')} no longer in it"
            )
        click.echo(line)
    click.echo(table_text(summary.rows()))


@neo4j_group.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write the graph as node-link JSON (like `kgraph export --format json`).",
)
@neo4j_options
@format_option("table", "json")
@click.pass_context
def pull(ctx, output, fmt):
    """Rebuild the knowledge graph from Neo4j; write it with -o, else print its counts.

    The graph equals the one pushed: same node ids and attributes, edges keyed by kind
    with their attributes, and the team of `push --team` (person nodes, KNOWS edges) if one
    was pushed. (Analyses with --source neo4j read the graph without the team.)
    """
    from kgraph.store.neo4j import pull_graph

    obj = session(ctx)
    settings = obj.neo4j_settings()
    G = pull_graph(obj.neo4j_driver(), database=settings.database, team=True)
    if output:
        from kgraph.store.files import export_graph

        for path in export_graph(G, output, fmt="json"):
            click.echo(f"wrote {path} ({G.number_of_nodes()} nodes, {G.number_of_edges()} edges)", err=True)
        return
    nodes = dict(sorted(Counter(kind for _, kind in G.nodes(data="kind")).items()))
    edges = dict(sorted(Counter(kind for _, _, kind in G.edges(data="kind")).items()))
    if fmt == "json":
        echo_json({"address": settings.address, "nodes": nodes, "edges": edges})
        return
    click.echo(f"pulled {G.number_of_nodes()} nodes and {G.number_of_edges()} edges from {settings.address}")
    click.echo()
    click.echo(table_text(_counts_table(nodes, "kind"), title="Nodes"))
    click.echo()
    click.echo(table_text(_counts_table(edges, "kind"), title="Edges"))


@neo4j_group.command()
@neo4j_options
@format_option("table", "json")
@click.pass_context
def status(ctx, fmt):
    """Show the server (address, Neo4j version and edition) and kgraph's counts by label and type."""
    from kgraph.store.neo4j import server_status

    obj = session(ctx)
    status = server_status(obj.neo4j_driver(), settings=obj.neo4j_settings())
    if fmt == "json":
        echo_json(status.to_dict())
        return
    fields = [
        ("server", f"{status.uri} ({status.agent}, {status.edition} edition)"),
        ("version", status.version),
        ("user", status.user),
        ("database", status.database),
        ("from", ", ".join(status.settings_from or []) or "defaults"),
    ]
    for key, value in fields:
        click.echo(f"{key.ljust(8)}  {value}")
    labels = _counts_table(status.nodes, "label")
    labels.append({"label": "(other nodes)", "count": status.other_nodes})
    types = _counts_table(status.relationships, "type")
    types.append({"type": "(other relationships)", "count": status.other_relationships})
    click.echo()
    click.echo(table_text(labels, title="Nodes"))
    click.echo()
    click.echo(table_text(types, title="Relationships"))


@cli.command()
@click.argument("name", metavar="[NAME|FILE]", required=False)
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A query parameter (repeatable), typed by its look: n=3 int, x=1.5 float, flag=true bool, "
    "'known=[\"a\"]' JSON list or object, anything else a string; NAME:=JSON for any JSON value.",
)
@click.option("--write", is_flag=True, help="Allow the query to write (a write transaction); queries are read-only.")
@click.option("--list", "list_only", is_flag=True, help="List the queries of the library and exit.")
@output_option
@neo4j_options
@format_option()
@click.pass_context
def query(ctx, name, params, write, list_only, output, fmt):
    """Run a Cypher query from the library (queries/) by NAME, or any Cypher FILE (- reads stdin).

    Parameters are passed to Neo4j as parameters, never pasted into the query text; a
    query's `defaults:` header line fills the ones not given. Queries run read-only
    unless --write is given. Examples:

    \b
      kgraph query --list
      kgraph query prerequisites -p topic=topic:kubernetes/security-aspects/rbac
      kgraph query learning_plan -p goal=topic:... -p 'known=["topic:..."]' --format json

    Rows are printed (or written to -o FILE) as they arrive, so any number of them fits in
    memory; a table takes its column widths from its first 1,000 rows and cuts longer text
    after them (CSV and JSON keep every value whole). If the query fails midway, -o leaves
    no file. With --write the query is retried as a whole on transient errors, so its rows
    are gathered first.
    """
    from kgraph.store.queries import list_queries, load_query, parse_params, parse_query

    if list_only:
        library = list_queries()
        stream_rows(library.rows(), fmt, ["name", "params", "purpose"], output)  # JSON: the rows, as before
        return
    if name is None:
        raise click.UsageError("give a query NAME or FILE; `kgraph query --list` lists them")
    cypher = parse_query(sys.stdin.read(), "-") if name == "-" else load_query(name)
    statement = cypher.statement  # one statement: checked before connecting
    values = cypher.bind(parse_params(params))  # checked before connecting

    obj = session(ctx)
    driver, database = obj.neo4j_driver(), obj.neo4j_settings().database
    if write:
        from kgraph.store.neo4j import run_cypher

        result = run_cypher(driver, statement, values, database=database, write=True)
        if result.columns or fmt == "json":
            stream_rows(result.rows(), fmt, result.columns, output)
        counters = result.counters
    else:
        from kgraph.store.neo4j.read import iter_cypher

        with iter_cypher(driver, statement, values, database=database) as rows:
            if rows.columns or fmt == "json":
                stream_rows(rows, fmt, rows.columns, output)
        counters = rows.counters
    if counters:
        done = ", ".join(f"{key.replace('_', ' ')}: {value}" for key, value in counters.items())
        click.echo(f"kgraph: {done}", err=True)
