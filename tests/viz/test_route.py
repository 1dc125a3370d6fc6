"""Plans and paths drawn as routes, in a real headless Chromium with no network.

The route view shows a plan's topics in stage columns plus greyed context (at most three times
the plan), labels that read at 12 px or more at the opening zoom, and a step list that is the
plan; hovering an edge with the real pointer shows that edge's own sentence; ``--context``
keeps the whole graph.
"""

from __future__ import annotations

import itertools
import time

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

import kgraph
from kgraph.cli.common import resolve_known
from kgraph.viz import render_html
from kgraph.viz import route as routes
from tests.viz.browsing import open_page, problems

HPA = "topic:kubernetes/scaling-considerations/horizontal-pod-autoscaler-hpa"
BIG = "topic:terraform/scaling-considerations/cost-management"  # 15 topics in 8 stages


def _clean(browser) -> None:
    console, failed, external = problems(browser)
    assert console == [] and failed == [] and external == []


def _drawn(browser) -> dict:
    """What the page draws: visible node ids, positions, roles, label px at the current zoom, edges."""
    return browser.execute_script(
        """
        var net = window.kgraph.network, scale = net.getScale(), out = {scale: scale, nodes: {}, edges: []};
        net.body.nodeIndices.forEach(function (id) {
          var n = net.body.nodes[id], item = window.kgraph.nodes.get(id);
          out.nodes[id] = {x: n.x, y: n.y, px: n.options.font.size * scale, role: item.kgRole || "",
                           step: item.kgStep || null, label: item.label};
        });
        net.body.edgeIndices.forEach(function (id) {
          var e = window.kgraph.edges.get(id);
          var mid = net.body.edges[id].edgeType.getPoint(0.5);  // the middle of the edge as drawn
          out.edges.push({id: id, from: e.from, to: e.to, role: e.kgRole || "", tip: e.kgTip || null, mid: mid});
        });
        return out;
        """
    )


_TO_DOM = """
var net = window.kgraph.network, box = document.querySelector("#mynetwork canvas").getBoundingClientRect();
var p = net.canvasToDOM({x: arguments[0], y: arguments[1]});
if (p.x < 20 || p.y < 20 || p.x > box.width - 20 || p.y > box.height - 20) {  // out of view: pan there
  net.moveTo({position: {x: arguments[0], y: arguments[1]}, animation: false});
  p = net.canvasToDOM({x: arguments[0], y: arguments[1]});
}
return [p.x - box.width / 2, p.y - box.height / 2];
"""


def _hover_point(browser, x: float, y: float) -> list | None:
    """Move the real pointer (from the page title) to canvas point (x, y): ``[id, text]`` of the
    tooltip shown, or None when none shows."""
    dx, dy = browser.execute_script(_TO_DOM, x, y)
    canvas = browser.find_element("css selector", "#mynetwork canvas")
    title = browser.find_element("id", "kg-title")
    chain = ActionChains(browser, duration=20)  # the pointer travels in 20 ms, not the default 250
    chain.move_to_element(title).move_to_element_with_offset(canvas, round(dx), round(dy)).perform()
    deadline = time.monotonic() + 1
    while time.monotonic() < deadline:
        tip = browser.execute_script(
            "var t = window.kgraph.tooltip; return t.hidden ? null : [t.dataset.for, t.textContent]"
        )
        if tip:
            return tip
        time.sleep(0.02)
    return None


def _away(browser) -> None:
    ActionChains(browser).move_to_element(browser.find_element("id", "kg-title")).perform()


def _hover_every_route_edge(browser, drawn: dict) -> tuple[int, list]:
    """Hover the middle of each drawn edge: how many showed their own text, and the misses."""
    hits, misses = 0, []
    for edge in drawn["edges"]:
        shown = _hover_point(browser, edge["mid"]["x"], edge["mid"]["y"])
        if shown == [edge["id"], edge["tip"]]:
            hits += 1
        else:
            misses.append((edge, shown))
    _away(browser)
    return hits, misses


def _requires_sentence(G, dependent: str, prerequisite: str) -> str:
    """``A requires B: reason``, with names (a name the graph repeats followed by its roadmap)."""
    names = routes.display_names(G, G)
    data = G.get_edge_data(dependent, prerequisite)["REQUIRES"]
    first = f"{names[dependent]} requires {names[prerequisite]}"
    return first + (f": {data['reason']}" if data.get("reason") else "")


@pytest.mark.browser
def test_plan_route_from_the_cli(browser, run, builtin_graph, tmp_path):
    out = tmp_path / "p.html"
    result = run("viz", "--plan", "kubernetes:HPA", "--known", "docker", "-o", out, "--no-progress")
    assert result.exit_code == 0, result.output
    open_page(browser, out)
    _clean(browser)
    drawn = _drawn(browser)
    plan = kgraph.learning_plan(builtin_graph, [HPA], known=resolve_known(builtin_graph, ["docker"]))
    steps = {s.topic: s.stage for s in plan.steps}
    shown = drawn["nodes"]
    assert set(steps) <= set(shown) and len(shown) <= 3 * len(steps)
    assert {n for n, v in shown.items() if v["role"] not in ("step", "goal")} == set(shown) - set(steps)
    assert all(v["role"] == "context" for n, v in shown.items() if n not in steps)
    # ordered by stage along x; the context the plan builds on stands left of every step
    for a, b in itertools.permutations(steps, 2):
        if steps[a] < steps[b]:
            assert shown[a]["x"] < shown[b]["x"]
        if steps[a] == steps[b]:
            assert shown[a]["x"] == shown[b]["x"]
    context_x = [v["x"] for n, v in shown.items() if n not in steps]
    assert max(context_x, default=-1e9) < min(shown[n]["x"] for n in steps)
    # every label reads at 12 px or more at the opening zoom
    assert min(v["px"] for v in shown.values()) >= 12
    assert shown[HPA]["role"] == "goal"
    # arrows from prerequisite to the step that needs it
    route_edges = {(e["from"], e["to"]) for e in drawn["edges"] if e["role"] == "route"}
    assert ("topic:kubernetes/scaling-considerations/metrics-server", HPA) in route_edges
    assert all(steps[a] < steps[b] for a, b in route_edges)

    # the step list is the plan: goal and hours on top, stage headers, each step's facts and reason
    summary = browser.find_element("id", "route-summary").text
    assert "Goal: Horizontal Pod Autoscaler (HPA)" in summary and "3 steps, 6 h in total" in summary
    headers = [h.text for h in browser.find_elements("css selector", "#steps h3")]
    assert headers == ["Stage 1", "Stage 2"]
    items = [li.text for li in browser.find_elements("css selector", "#steps li")]
    assert items[0].splitlines()[:2] == ["1. Metrics Server", "Kubernetes · intermediate · 1 h"]
    assert "needed by Horizontal Pod Autoscaler (HPA): HPA reads CPU/memory from the metrics API" in items[0]
    assert items[-1].startswith("3. Horizontal Pod Autoscaler (HPA) (goal)")
    _clean(browser)


@pytest.mark.browser
def test_hovering_each_route_edge_names_that_edge(browser, builtin_graph, tmp_path):
    for goal in (HPA, BIG, "topic:system_design/deployment-strategies/microservices-migration"):
        plan = kgraph.learning_plan(builtin_graph, [goal])
        open_page(browser, render_html(builtin_graph, plan=plan).write(tmp_path / "route.html"))
        drawn = _drawn(browser)
        assert drawn["edges"] and all(e["tip"] for e in drawn["edges"])
        for edge in drawn["edges"]:  # drawn prerequisite -> dependent, told "dependent requires prerequisite"
            assert edge["tip"].startswith(_requires_sentence(builtin_graph, edge["to"], edge["from"]))
        hits, misses = _hover_every_route_edge(browser, drawn)
        assert misses == [] and hits == len(drawn["edges"]), goal
        # a node's tooltip names it, with no raw id
        node = drawn["nodes"][goal]
        shown = _hover_point(browser, node["x"], node["y"])
        assert shown[0] == goal and shown[1].startswith(builtin_graph.nodes[goal]["name"] + "\ntopic")
        assert "topic:" not in shown[1]
        _away(browser)
        _clean(browser)


@pytest.mark.browser
def test_a_big_plan_opens_at_a_readable_zoom(browser, builtin_graph, tmp_path):
    plan = kgraph.learning_plan(builtin_graph, [BIG])
    open_page(browser, render_html(builtin_graph, plan=plan).write(tmp_path / "big.html"))
    drawn = _drawn(browser)
    assert len(plan.stages) >= 6 and set(plan.topics) <= set(drawn["nodes"])
    assert len(drawn["nodes"]) <= 3 * len(plan.topics)
    assert min(v["px"] for v in drawn["nodes"].values()) >= 12
    first = [n for n in plan.stages[0] if True]
    x = drawn["nodes"][first[0].topic]["x"]
    visible = browser.execute_script(
        "var p = window.kgraph.network.canvasToDOM({x: arguments[0], y: 0}); return p.x", x
    )
    assert 0 < visible < browser.find_element("id", "mynetwork").size["width"], "the first stage is in view"
    _clean(browser)


@pytest.mark.browser
def test_steps_move_by_click_and_keyboard(browser, builtin_graph, tmp_path):
    plan = kgraph.learning_plan(builtin_graph, [BIG])
    open_page(browser, render_html(builtin_graph, plan=plan).write(tmp_path / "steps.html"))
    selected = "return window.kgraph.network.getSelectedNodes()"
    browser.find_elements("css selector", "#steps li")[2].click()
    assert browser.execute_script(selected) == [plan.topics[2]]
    # Tab to Next, then Enter and Space press it
    next_button = browser.find_element("id", "step-next")
    browser.find_element("id", "step-prev").click()
    assert browser.execute_script(selected) == [plan.topics[1]]
    ActionChains(browser).send_keys(Keys.TAB).perform()
    assert browser.switch_to.active_element == next_button
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    assert browser.execute_script(selected) == [plan.topics[2]]
    ActionChains(browser).send_keys(Keys.SPACE).perform()
    assert browser.execute_script(selected) == [plan.topics[3]]
    assert "step 4 of" in browser.find_element("id", "step-at").text
    # arrow keys inside the list
    browser.find_elements("css selector", "#steps li button")[0].send_keys(Keys.ARROW_DOWN)
    assert browser.execute_script(selected) == [plan.topics[1]]
    browser.switch_to.active_element.send_keys(Keys.ARROW_UP)
    assert browser.execute_script(selected) == [plan.topics[0]]
    _clean(browser)


@pytest.mark.browser
def test_path_route(browser, run, builtin_graph, tmp_path):
    out = tmp_path / "path.html"
    result = run("viz", "--path", "docker:Image Building", "kubernetes:Rolling Updates", "-o", out, "--no-progress")
    assert result.exit_code == 0, result.output
    open_page(browser, out)
    _clean(browser)
    path = kgraph.learning_path(
        builtin_graph,
        kgraph.resolve_topic(builtin_graph, "docker:Image Building"),
        kgraph.resolve_topic(builtin_graph, "kubernetes:Rolling Updates"),
    )[0]
    drawn = _drawn(browser)
    assert set(drawn["nodes"]) == set(path.topics)
    xs = [drawn["nodes"][n]["x"] for n in path.topics]
    assert xs == sorted(xs) and len(set(xs)) == len(xs), "one column per step, left to right"
    assert min(v["px"] for v in drawn["nodes"].values()) >= 12
    assert [(e["from"], e["to"]) for e in drawn["edges"]] == list(itertools.pairwise(path.topics))
    for edge in drawn["edges"]:
        assert edge["tip"].startswith(_requires_sentence(builtin_graph, edge["to"], edge["from"]))
    hits, misses = _hover_every_route_edge(browser, drawn)
    assert misses == [] and hits == len(drawn["edges"])
    header = browser.find_element("css selector", "#steps h3").text
    assert header == "Path: Image Building → Rolling Updates"
    _clean(browser)


@pytest.mark.browser
def test_context_keeps_the_whole_graph(browser, run, builtin_graph, tmp_path):
    out = tmp_path / "context.html"
    result = run("viz", "--plan", "kubernetes:HPA", "--known", "docker", "--context", "-o", out, "--no-progress")
    assert result.exit_code == 0, result.output
    assert f"({builtin_graph.number_of_nodes()} nodes, {builtin_graph.number_of_edges()} edges)" in result.stderr
    open_page(browser, out)
    _clean(browser)
    state = browser.execute_script(
        """
        var edges = window.kgraph.edges.get(), lit = edges.filter(function (e) { return e.width === 3; });
        return {nodes: window.kgraph.network.body.nodeIndices.length, edges: edges.length, lit: lit.length,
                litLast: edges.slice(edges.length - lit.length).every(function (e) { return e.width === 3; }),
                dimmedUntitled: edges.every(function (e) { return e.width === 3 || !e.kgTip; }),
                steps: document.querySelectorAll("#steps li").length};
        """
    )
    assert state["nodes"] == builtin_graph.number_of_nodes() and state["edges"] == builtin_graph.number_of_edges()
    assert state["lit"] == 2 and state["litLast"] and state["dimmedUntitled"] and state["steps"] == 3
    _clean(browser)
    assert run("viz", "--context", "-o", tmp_path / "whole.html").exit_code == 2  # nothing to put in context


def test_names_that_repeat_are_told_apart(builtin_graph):
    topics = [n for n, d in builtin_graph.nodes(data=True) if d["kind"] == "topic"]
    nodes = [n for n in topics if builtin_graph.nodes[n]["name"] == "Infrastructure as Code"]
    names = routes.display_names(builtin_graph, nodes)
    assert len(set(names.values())) == len(nodes) > 1
    assert all(name.startswith("Infrastructure as Code (") for name in names.values())
    assert routes.display_names(builtin_graph, nodes[:1])[nodes[0]] == "Infrastructure as Code"


def test_edges_read_as_sentences(builtin_graph):
    G = builtin_graph
    names = routes.display_names(G, G)
    for u, v, data in G.edges(data=True):
        text = routes.sentence(G, u, v, data, names)
        assert u not in text and v not in text
        if data["kind"] == "MENTIONS":
            assert text == f"{names[u]} mentions concept {names[v]}"
            break
    plan = kgraph.learning_plan(G, ["topic:system_design/deployment-strategies/microservices-migration"])
    route = routes.build_route(G, plan)
    assert "alternative" in route.roles.values() or "context" in route.roles.values()
    assert len(route.roles) <= 3 * len(plan.topics)


def test_context_is_what_the_plan_builds_on(builtin_graph):
    """Greyed context: prerequisites of topics the plan needs in full, never of a topic it needs only a part of."""
    G = builtin_graph
    plan = kgraph.learning_plan(G, ["topic:cloudflare/core-competencies/ssl-tls-certificates"])
    partial = {step.topic for step in plan.steps if step.part}
    route = routes.build_route(G, plan)
    context = {n for n, role in route.roles.items() if role == "context"}
    assert partial and not any(G.has_edge(p, c) for p in partial for c in context)
    assert all(route.positions[c][0] < min(route.positions[t][0] for t in plan.topics) for c in context)


def test_step_list_of_an_any_edge_path(builtin_graph):
    """A relatedness path is not a learning order: its steps say what comes next, not what needs them."""
    from kgraph.viz.route_steps import listing

    G = builtin_graph
    source, target = (kgraph.resolve_topic(G, t) for t in ("docker:Image Building", "aws:Multi-AZ/Multi-Region"))
    path = kgraph.learning_path(G, source, target, any_edge=True)[0]
    route = routes.build_route(G, path=path)
    steps = listing(G, None, path, route, routes.display_names(G, G))["sections"][0]["steps"]
    assert [s["id"] for s in steps] == path.topics and steps[-1]["reason"] == "goal"
    assert all(s["reason"].startswith("then ") for s in steps[:-1])
    assert len(route.edges) == len(path.topics) - 1
