"""The graph commands: info, show, export, plugins, import, and help on every command."""

from __future__ import annotations

import csv
import json

import click
import networkx as nx
import pytest

from kgraph.cli import cli
from tests.conftest import SEED


def _all_commands(group: click.Group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _all_commands(command, (*prefix, name))


@pytest.mark.parametrize("path", list(_all_commands(cli)), ids=" ".join)
def test_every_command_has_help(run, path):
    result = run(*path, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    assert len(cli.get_command(click.Context(cli), path[0]).help or "") > 20


def test_info_json(run):
    result = run("info", "--format", "json")
    assert result.exit_code == 0
    info = json.loads(result.stdout)
    assert info["nodes"]["roadmap"] == 7
    assert info["nodes"]["category"] == 35
    assert info["nodes"]["topic"] == 445
    assert sum(r["topics"] + r["subtopics"] for r in info["roadmaps"]) == 445
    assert [r["id"] for r in info["roadmaps"]][:3] == ["roadmap:devops", "roadmap:aws", "roadmap:kubernetes"]


def test_info_table_and_csv(run):
    table = run("info")
    assert table.exit_code == 0
    assert "Roadmaps" in table.stdout and "roadmap:system_design" in table.stdout
    rows = list(csv.DictReader(run("info", "--format", "csv").stdout.splitlines()))
    assert len(rows) == 7 and rows[0]["name"] == "DevOps"


def test_show_topic_by_scoped_name(run):
    result = run("show", "system_design:Database Scaling", "--format", "json")
    assert result.exit_code == 0, result.output
    details = json.loads(result.stdout)
    assert details["id"] == "topic:system_design/scaling-considerations/database-scaling"
    assert details["category_name"] == "Scaling Considerations"
    assert len(details["subtopics"]) == 5
    sub = run("show", "Read replicas for read-heavy workloads")
    assert sub.exit_code == 0
    assert "parent" in sub.stdout and "Database Scaling" in sub.stdout


def test_show_unknown_and_ambiguous(run):
    unknown = run("show", "Kubernetes Wizardry")
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith("kgraph: unknown topic 'Kubernetes Wizardry'")
    ambiguous = run("show", "Horizontal Scaling")
    assert ambiguous.exit_code == 2
    assert "ambiguous topic 'Horizontal Scaling'" in ambiguous.stderr
    assert "topic:aws/scaling-considerations/horizontal-scaling" in ambiguous.stderr


@pytest.mark.parametrize("fmt", ["json", "graphml", "gexf"])
def test_export_round_trips(run, tmp_path, builtin_graph, fmt):
    out = tmp_path / f"graph.{fmt}"
    result = run("export", "--format", fmt, "-o", out)
    assert result.exit_code == 0
    assert result.stdout == ""
    if fmt == "json":
        G = nx.node_link_graph(json.loads(out.read_text()))
    elif fmt == "graphml":
        G = nx.read_graphml(out)
    else:
        G = nx.read_gexf(out)
    assert G.number_of_nodes() == builtin_graph.number_of_nodes()
    assert G.number_of_edges() == builtin_graph.number_of_edges()
    node = "topic:aws/infrastructure-patterns/high-availability-pattern"
    assert G.nodes[node]["roadmap"] == "roadmap:aws"
    assert (
        json.loads(
            G.nodes["roadmap:aws"]["services"] if fmt != "json" else json.dumps(G.nodes["roadmap:aws"]["services"])
        )[0]
        == "compute"
    )


def test_export_csv_writes_nodes_and_edges(run, tmp_path, builtin_graph):
    result = run("export", "--format", "csv", "-o", tmp_path / "csv")
    assert result.exit_code == 0
    nodes = list(csv.DictReader((tmp_path / "csv" / "nodes.csv").open()))
    edges = list(csv.DictReader((tmp_path / "csv" / "edges.csv").open()))
    assert len(nodes) == builtin_graph.number_of_nodes()
    assert len(edges) == builtin_graph.number_of_edges()
    assert {"id", "kind", "name", "roadmap"} <= set(nodes[0])
    assert {e["kind"] for e in edges} >= {"HAS_CATEGORY", "HAS_TOPIC", "PART_OF", "INTEGRATES"}


def test_export_to_unwritable_place_is_io_error(run, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("export", "-o", blocker / "sub" / "g.json")
    assert result.exit_code == 3
    assert "cannot write" in result.stderr


def test_import_markdown_reproduces_builtin_graph(run, tmp_path, builtin_graph):
    result = run("import", "markdown", SEED, "-o", tmp_path / "imported")
    assert result.exit_code == 0, result.output
    again = run("import", "markdown", SEED, "-o", tmp_path / "imported")
    assert again.exit_code == 2 and "already exists" in again.stderr
    info = json.loads(run("--no-builtin", "--plugins", tmp_path / "imported", "info", "--format", "json").stdout)
    assert info["nodes"]["topic"] == 445 and info["nodes"]["integration"] == 24
    import kgraph

    G = kgraph.load_graph([tmp_path / "imported"], builtin=False, use_entry_points=False)
    topics = {n for n, k in builtin_graph.nodes(data="kind") if k == "topic"}
    assert topics == {n for n, k in G.nodes(data="kind") if k == "topic"}


def test_debug_shows_traceback(tmp_path):
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["--debug", "show", "no such topic at all"])
    assert isinstance(result.exception, Exception)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_mixed_number_types_survive_export(tmp_path, fmt):
    from kgraph.store.files import export_graph

    G = nx.MultiDiGraph()
    G.add_node("topic:a", kind="topic", name="A", effort_hours=2)
    G.add_node("topic:b", kind="topic", name="B", effort_hours=1.5)
    G.add_node("topic:c", kind="topic", name="C", effort_hours=True)
    G.add_node("topic:d", kind="topic", name="D", effort_hours="x")
    export_graph(G, tmp_path / f"g.{fmt}", fmt=fmt)
    H = nx.read_graphml(tmp_path / f"g.{fmt}") if fmt == "graphml" else nx.read_gexf(tmp_path / f"g.{fmt}")
    assert H.nodes["topic:b"]["effort_hours"] == "1.5"
    assert H.nodes["topic:a"]["effort_hours"] == "2"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("next", "--top", "0"), "kgraph next: Invalid value for '--top': 0 is not in the range x>=1"),
        (("plan",), "kgraph plan: Missing argument 'GOAL...'"),
        (("--nosuch", "info"), "kgraph: No such option '--nosuch'"),
        (("nosuch",), "kgraph: No such command 'nosuch'"),
        (("viz", "--known", "docker"), "kgraph viz: --known and --prefer go with --plan"),
    ],
)
def test_usage_errors_are_one_line(args, message):
    """A bad option or argument: exit 2, one line naming the command and where to get help."""
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, list(args), prog_name="kgraph")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message) and "--help`)" in lines[0], result.stderr
