"""The HTML page as text and through the CLI: self-contained, escaped, counted."""

from __future__ import annotations

import re

import networkx as nx
import pytest

from kgraph.errors import InputError
from kgraph.viz import render_html


def test_page_is_self_contained(builtin_graph):
    page = render_html(builtin_graph, roadmaps=["docker"])
    assert re.findall(r"<(?:script|link|img|iframe)[^>]+(?:src|href)=", page.html) == []
    assert "cdn" not in re.sub(r"/\*.*?\*/", "", page.html[:2000]).lower()
    assert "vis.Network" in page.html and "bootstrap" not in page.html.lower()
    assert page.nodes < builtin_graph.number_of_nodes()


def test_script_breakout_is_escaped():
    G = nx.MultiDiGraph()
    G.add_node("topic:x/c/a", kind="topic", name="</script><script>alert(1)</script>", roadmap="roadmap:x")
    page = render_html(G)
    assert "</script><script>alert(1)" not in page.html
    assert "\\u003c/script\\u003e" in page.html


def test_roadmap_selection_keeps_what_it_touches(builtin_graph):
    page = render_html(builtin_graph, roadmaps=["kubernetes"])
    docker_topics = sum(1 for _, d in builtin_graph.nodes(data=True) if d.get("roadmap") == "roadmap:kubernetes")
    assert page.nodes > docker_topics + 1  # plus the roadmap node, concepts, integrations, levels


def test_bad_options():
    with pytest.raises(InputError):
        render_html(nx.MultiDiGraph(), color_by="mood")
    with pytest.raises(InputError):
        render_html(nx.MultiDiGraph(), size_by="mood")


def test_viz_cli(run, tmp_path, builtin_graph):
    out = tmp_path / "plan.html"
    result = run(
        "viz", "-o", out, "--plan", "kubernetes:HPA", "--known", "docker", "--color-by", "level", "--no-progress"
    )
    assert result.exit_code == 0, result.output
    drawn = int(re.search(r"\((\d+) nodes, \d+ edges\)", result.stderr).group(1))
    assert 3 <= drawn <= 9  # the route: the plan's 3 topics and what they build on, not the whole graph
    assert '"kgStep": 1' in out.read_text() or '"kgStep":1' in out.read_text()
    path = run(
        "viz",
        "-o",
        tmp_path / "p.html",
        "--path",
        "docker:Image Building",
        "kubernetes:Rolling Updates",
        "--roadmap",
        "kubernetes",
        "--roadmap",
        "docker",
    )
    assert path.exit_code == 0, path.output
    assert run("viz", "-o", tmp_path / "x.html", "--known", "docker").exit_code == 2
    assert run("viz", "-o", tmp_path / "y.html", "--plan", "no such topic").exit_code == 2


def test_jupyter_repr_is_a_sandboxed_iframe(builtin_graph):
    page = render_html(builtin_graph, roadmaps=["docker"])
    frame = page._repr_html_()
    assert frame.startswith("<iframe srcdoc=") and 'sandbox="allow-scripts"' in frame
    assert "<script>" not in frame


def test_sizes_by_centrality_follow_the_bridging_scores(builtin_graph):
    import kgraph
    from kgraph.viz.html import _sizes

    sizes = _sizes(builtin_graph, builtin_graph, "centrality")
    top = kgraph.cross_domain_centrality(builtin_graph, metric="bridging", top=1).items[0]
    assert sizes[top.id] == max(sizes.values())
