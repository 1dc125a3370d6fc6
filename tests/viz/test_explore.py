"""Exploring the page in a real headless Chromium: details on click, search by alias, filters that
say what they did, progress kept in the page and exported, a readable overview, phones and keys."""

from __future__ import annotations

import math
import shlex
import time

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

import kgraph
from kgraph.viz import render_html, style
from kgraph.viz.html import _select, _sizes
from kgraph.viz.layout import layout, radius
from tests.viz.browsing import open_page, problems

RBAC = "topic:kubernetes/security-aspects/rbac"
RBAC_FOR_CLUSTER = "topic:kubernetes/security-aspects/rbac-for-cluster"
CORE_OBJECTS = "topic:kubernetes/core-competencies/core-objects"


@pytest.fixture(scope="module")
def graph_page(builtin_graph, tmp_path_factory):
    return render_html(builtin_graph).write(tmp_path_factory.mktemp("explore") / "graph.html")


@pytest.fixture
def page(browser, graph_page):
    """The whole built-in graph, opened fresh (no stored progress) in a 1400x900 window."""
    browser.set_window_size(1400, 900)
    open_page(browser, graph_page)
    browser.execute_script("window.localStorage.clear()")
    open_page(browser, graph_page)
    yield browser
    console, failed, external = problems(browser)
    assert console == [] and failed == [] and external == []


def _search(browser, query: str) -> list[str]:
    return browser.execute_script(
        "var s = document.getElementById('search'); s.value = arguments[0]; s.dispatchEvent(new Event('input'));"
        "return Array.from(document.querySelectorAll('#matches > *')).map(e => e.textContent)",
        query,
    )


def _details(browser) -> dict:
    return browser.execute_script(
        "var d = document.getElementById('details'); if (d.hidden) { return null; }"
        "var names = sel => Array.from(d.querySelectorAll(sel + ' li > button')).map(b => b.textContent);"
        "return {title: d.querySelector('h2').textContent, text: d.textContent,"
        " requires: names('.requires'), unlocks: names('.unlocks')}"
    )


def _click_node(browser, node: str, *, zoom: bool = True) -> None:
    """A real mouse click on the node, once it is centred in the view (zoomed in, unless not ``zoom``)."""
    if zoom:
        browser.execute_script("window.kgraph.network.focus(arguments[0], {scale: 1.5, animation: false});", node)
    else:
        browser.execute_script(
            "var n = window.kgraph.network; n.moveTo({position: n.getPosition(arguments[0]), animation: false});", node
        )
    x, y = browser.execute_script(
        "var p = window.kgraph.network.canvasToDOM(window.kgraph.network.getPosition(arguments[0]));"
        "var r = document.querySelector('#mynetwork canvas').getBoundingClientRect();"
        "return [p.x + r.left, p.y + r.top];",
        node,
    )
    body = browser.find_element("tag name", "body")
    ActionChains(browser).move_to_element_with_offset(
        body, int(x) - body.size["width"] // 2, int(y) - body.size["height"] // 2
    ).click().perform()


_SHADES = """
var net = window.kgraph.network, canvas = document.querySelector("#mynetwork canvas");
var ratio = window.devicePixelRatio || 1, details = document.getElementById("details");
var near = net.getConnectedNodes(arguments[0]).concat([arguments[0]]);
var limit = details.hidden ? canvas.clientWidth
  : details.getBoundingClientRect().left - canvas.getBoundingClientRect().left;
var copy = document.createElement("canvas");  // read a copy: the page's canvas is never read back
copy.width = canvas.width;
copy.height = canvas.height;
var pixels = copy.getContext("2d", { willReadFrequently: true });
pixels.drawImage(canvas, 0, 0);
function shade(id) {  // the darkest channel of the pixel at the node's centre
  var p = net.canvasToDOM(net.getPosition(id));
  var rgb = pixels.getImageData(Math.round(p.x * ratio), Math.round(p.y * ratio), 1, 1).data;
  return Math.min(rgb[0], rgb[1], rgb[2]);
}
var others = net.body.nodeIndices.filter(function (id) {
  var p = net.canvasToDOM(net.getPosition(id));
  return near.indexOf(id) < 0 && window.kgraph.nodes.get(id).kgKind === "topic"
    && p.x > 20 && p.y > 20 && p.x < limit - 20 && p.y < canvas.clientHeight - 20;
});
return [shade(arguments[0]), others.map(shade)];
"""


def _shades(browser, node: str) -> tuple[int, list[int]]:
    """How dark the node's centre is, and the centres of the other topics in view (255: white)."""
    time.sleep(0.2)
    focus, others = browser.execute_script(_SHADES, node)
    assert len(others) >= 5
    return focus, others


@pytest.mark.browser
def test_clicking_a_node_opens_its_details(page):
    _click_node(page, RBAC)
    details = _details(page)
    assert details["title"] == "RBAC"
    assert "Core Objects" in details["requires"] and "RBAC for Cluster" in details["unlocks"]
    for fact in ("intermediate", "2 h", "Kubernetes", "Security Aspects", "Roles and RoleBindings"):
        assert fact in details["text"], fact
    assert "Roles grant verbs on resources" in details["text"]  # a reason
    assert page.execute_script("return window.kgraph.focused()") == RBAC
    apart = page.execute_script(  # the zoom buttons stay usable beside the details
        "var z = document.getElementById('zoom').getBoundingClientRect();"
        "var d = document.getElementById('details').getBoundingClientRect();"
        "return z.right <= d.left || z.left >= d.right || z.bottom <= d.top || z.top >= d.bottom;"
    )
    assert apart
    focus, others = _shades(page, RBAC)
    assert focus < 130 and sum(shade > 180 for shade in others) >= 0.8 * len(others), "the rest fades"
    page.find_element("xpath", "//section[@class='unlocks']//button[text()='RBAC for Cluster']").click()
    assert _details(page)["title"] == "RBAC for Cluster"
    assert page.execute_script("return window.kgraph.network.getSelectedNodes()") == [RBAC_FOR_CLUSTER]
    page.find_element("tag name", "body").send_keys(Keys.ESCAPE)
    assert _details(page) is None
    time.sleep(0.2)
    _, others = _shades(page, RBAC)
    assert page.execute_script("return window.kgraph.focused()") is None
    assert sum(shade < 150 for shade in others) >= 0.8 * len(others), "nothing stays faded"
    _click_node(page, RBAC)
    page.find_element("css selector", "#details .close").click()
    assert _details(page) is None


@pytest.mark.browser
def test_keyboard_reaches_a_node_and_its_links(page):
    search = page.find_element("id", "search")
    search.send_keys("rbac")
    search.send_keys(Keys.ARROW_DOWN)
    assert page.switch_to.active_element.text.startswith("RBAC (topic, Kubernetes)")
    page.switch_to.active_element.send_keys(Keys.ENTER)
    assert _details(page)["title"] == "RBAC"
    link = page.find_element("xpath", "//section[@class='requires']//button[text()='Core Objects']")
    link.send_keys(Keys.ENTER)
    assert _details(page)["title"] == "Core Objects"
    page.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert _details(page) is None
    controls = page.execute_script(
        "return Array.from(document.querySelectorAll('button, select, input, textarea'))"
        ".filter(e => e.offsetParent !== null && (e.tabIndex < 0 || e.disabled)).map(e => e.outerHTML.slice(0, 80))"
    )
    assert controls == [], "every visible control is reachable with Tab"


@pytest.mark.browser
def test_search_finds_aliases_and_abbreviations(page):
    k8s = _search(page, "k8s")
    assert k8s[0].startswith("Kubernetes (roadmap, Kubernetes)")
    assert any("(topic, " in text for text in k8s)
    argo = _search(page, "ArgoCD")
    assert argo[0].startswith("Argo CD (concept)") and any(t.startswith("GitOps Deployment (topic, ") for t in argo)
    assert _search(page, "Golang")[0].startswith("Go (concept)")
    assert _search(page, "hpa")[0].startswith("Horizontal Pod Autoscaler (HPA) (topic, Kubernetes)")
    ranked = _search(page, "rbac")
    assert ranked[0].startswith("RBAC (topic, Kubernetes)")
    assert ranked.index(next(t for t in ranked if t.startswith("RBAC for Cluster"))) > 0
    assert _search(page, "no such thing at all") == ["no match"]


@pytest.mark.browser
def test_choosing_a_result_a_filter_hides_shows_it(page):
    Select(page.find_element("id", "filter-roadmap")).select_by_visible_text("Docker")
    _search(page, "rbac")
    page.find_element("css selector", "#matches button").click()
    assert page.execute_script("return window.kgraph.network.getSelectedNodes()") == [RBAC]
    assert page.execute_script("return document.getElementById('filter-roadmap').value") == ""
    assert "roadmap filter" in page.find_element("id", "reveal-note").text
    _search(page, "ArgoCD")
    page.find_element("css selector", "#matches button").click()  # a concept: hidden by default
    assert page.execute_script("return window.kgraph.network.getSelectedNodes()") == ["concept:argo-cd"]
    assert _details(page)["title"] == "Argo CD" and "GitOps Deployment" in _details(page)["text"]


@pytest.mark.browser
def test_filters_refit_count_and_say_when_nothing_matches(page, builtin_graph):
    status = page.find_element("id", "filter-status")
    shown = sum(1 for _, k in builtin_graph.nodes(data="kind") if k not in style.BACKGROUND_KINDS)
    assert status.text == f"{shown} of {builtin_graph.number_of_nodes()} nodes shown"
    scale = page.execute_script("return window.kgraph.network.getScale()")
    Select(page.find_element("id", "filter-roadmap")).select_by_visible_text("Docker")
    docker = sum(1 for n, d in builtin_graph.nodes(data=True) if "roadmap:docker" in (n, d.get("roadmap")))
    assert status.text.startswith(f"{docker} of ")
    assert page.execute_script("return window.kgraph.network.getScale()") > scale * 1.5, "the view refits"
    Select(page.find_element("id", "filter-kind")).select_by_visible_text("level")
    assert status.text.startswith("Nothing matches these filters")
    page.find_element("id", "clear-filters").click()
    assert status.text.startswith(f"{shown} of ")
    # legend entries toggle their nodes
    page.find_element("xpath", "//div[@id='legend']/button[normalize-space()='Docker']").click()
    assert status.text.startswith(f"{shown - docker} of ")
    page.find_element("xpath", "//div[@id='legend']/button[normalize-space()='Docker']").click()
    page.find_element("xpath", "//div[@id='legend']/button[starts-with(normalize-space(), 'concept')]").click()
    concepts = sum(1 for _, k in builtin_graph.nodes(data="kind") if k == "concept")
    assert status.text.startswith(f"{shown + concepts} of ")


@pytest.mark.browser
def test_overview_hides_background_kinds_and_nothing_overlaps(page, builtin_graph):
    kinds = page.execute_script(
        "var net = window.kgraph.network;return net.body.nodeIndices.map(id => window.kgraph.nodes.get(id).kgKind)"
    )
    assert set(kinds) == {"roadmap", "category", "topic"}
    drawn = page.execute_script(
        "var net = window.kgraph.network;"
        "return net.body.nodeIndices.map(id => { var n = net.body.nodes[id];"
        " return [n.x, n.y, n.options.shape === 'box' ? n.shape.height / 2 : n.options.size]; })"
    )
    closest = min(math.dist(a[:2], b[:2]) - a[2] - b[2] for i, a in enumerate(drawn) for b in drawn[i + 1 :])
    assert closest >= 0, "two nodes overlap"
    page.find_element("id", "show-background").click()
    assert (
        page.execute_script("return window.kgraph.network.body.nodeIndices.length") == builtin_graph.number_of_nodes()
    )


@pytest.mark.browser
def test_overview_names_roadmaps_when_zoomed_out(page):
    """Zoomed out, the node labels vanish but the page draws the roadmaps' names itself."""
    page.execute_script("window.kgraph.network.fit({animation: false})")
    assert page.execute_script("return window.kgraph.network.getScale()") < 0.55
    drawn = page.execute_script(
        "var texts = [], ctx = document.querySelector('#mynetwork canvas').getContext('2d'), fill = ctx.fillText;"
        "ctx.fillText = function (t) { texts.push(t); return fill.apply(this, arguments); };"
        "window.kgraph.network.redraw(); ctx.fillText = fill; return texts"
    )
    assert {"Kubernetes", "Docker", "System Design"} <= set(drawn)


@pytest.mark.parametrize("roadmaps", [None, ["kubernetes"]])
def test_layout_leaves_no_overlaps(builtin_graph, roadmaps):
    H = _select(builtin_graph, roadmaps)
    for size_by in ("degree", "centrality", "effort"):
        sizes = _sizes(builtin_graph, H, size_by)
        pos = layout(H, radii=sizes)
        nodes = list(pos)
        reach = {n: radius(H, n, sizes) for n in nodes}
        for i, a in enumerate(nodes):
            for b in nodes[i + 1 :]:
                assert math.dist(pos[a], pos[b]) >= reach[a] + reach[b], (a, b)


def test_centrality_sizes_favour_what_the_overview_shows(builtin_graph):
    """Concepts bridge the most roadmaps, but the biggest node shown at first is a topic or roadmap."""
    H = _select(builtin_graph, ["kubernetes"])
    sizes = _sizes(builtin_graph, H, "centrality")
    shown = {n: s for n, s in sizes.items() if H.nodes[n]["kind"] not in style.BACKGROUND_KINDS}
    assert max(shown.values()) == max(sizes.values()) == 40


def _contrast(color: str, background: str = "#ffffff") -> float:
    def luminance(hex_color: str) -> float:
        channels = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(color), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_colours_are_distinct_and_readable():
    fills = [*style.PALETTE, *style.LEVEL_COLORS.values(), *style.NEUTRAL.values(), style.HIGHLIGHT]
    assert all(_contrast(c) >= 3 for c in fills), [c for c in fills if _contrast(c) < 3]
    assert len(set(style.PALETTE)) == len(style.PALETTE)
    assert style.HIGHLIGHT not in style.PALETTE and style.NEUTRAL["integration"] not in style.PALETTE
    boxes = [*style.PALETTE, *style.LEVEL_COLORS.values(), style.NEUTRAL["category"]]
    assert all(_contrast(style.label_color("category"), c) >= 4.5 for c in boxes), "a category's label on its box"
    assert _contrast(style.label_color("topic")) >= 4.5 and _contrast("#555555", "#fafafa") >= 4.5


@pytest.mark.browser
def test_phone_width_keeps_a_wide_canvas(browser, graph_page):
    browser.set_window_size(390, 844)
    try:
        open_page(browser, graph_page)
        width = browser.execute_script(
            "return [window.innerWidth, document.querySelector('#mynetwork canvas').getBoundingClientRect().width]"
        )
        assert width[0] <= 400 and width[1] >= 300
        assert not browser.find_element("id", "panel").is_displayed()
        toggle = browser.find_element("id", "panel-toggle")
        assert toggle.get_attribute("aria-expanded") == "false"
        toggle.click()
        assert browser.find_element("id", "search").is_displayed()
        browser.find_element("id", "search").send_keys("hpa" + Keys.ENTER)
        assert browser.find_element("id", "details").is_displayed()
        zoom = browser.find_elements("css selector", "#zoom button")
        assert [b.get_attribute("aria-label") for b in zoom] == ["Zoom in", "Zoom out", "Fit the drawing"]
        before = browser.execute_script("return window.kgraph.network.getScale()")
        zoom[0].click()
        assert browser.execute_script("return window.kgraph.network.getScale()") > before
        console, failed, external = problems(browser)
        assert console == [] and failed == [] and external == []
    finally:
        browser.set_window_size(1400, 900)


@pytest.mark.browser
def test_progress_is_kept_and_exported(page, graph_page, builtin_graph, tmp_path):
    _click_node(page, RBAC)
    page.find_element("xpath", "//div[@id='details-status']/button[@value='done']").click()
    assert page.execute_script("return window.kgraph.nodes.get(arguments[0]).label", RBAC).startswith("✓ ")
    page.execute_script("window.kgraph.setStatus(arguments[0], 'learning')", CORE_OBJECTS)
    assert "1 done, 1 learning, 0 skipped" in page.find_element("id", "progress-summary").text
    open_page(page, graph_page)  # kept in the browser
    assert page.execute_script(
        "return [window.kgraph.status(arguments[0]), window.kgraph.status(arguments[1])]", RBAC, CORE_OBJECTS
    ) == ["done", "learning"]
    page.find_element("css selector", "button.export-copy").click()
    commands = page.find_element("id", "export-text").get_property("value").splitlines()
    assert commands == [
        f"kgraph progress mark {CORE_OBJECTS} learning",
        f"kgraph progress mark {RBAC} done",
    ]
    assert all(shlex.split(line)[:3] == ["kgraph", "progress", "mark"] for line in commands)
    path = tmp_path / "progress.yaml"
    path.write_text(page.execute_script("return window.kgraph.progressFile()"), encoding="utf-8")
    assert dict(kgraph.load_progress(path, builtin_graph)) == {CORE_OBJECTS: "learning", RBAC: "done"}
    page.find_element("css selector", "button.export-download").click()
    assert "Downloaded progress.yaml" in page.find_element("css selector", ".export-note").text
    page.execute_script("window.kgraph.setStatus(arguments[0], '')", RBAC)
    assert page.execute_script("return window.kgraph.nodes.get(arguments[0]).label", RBAC) == "RBAC"


@pytest.mark.browser
def test_progress_from_the_file_and_changes_in_the_page(browser, builtin_graph, tmp_path):
    """A page drawn with a progress file shows it; the commands carry only what changed in the page."""
    path = render_html(builtin_graph, progress={RBAC: "done", CORE_OBJECTS: "learning"}, title="with progress")
    path = path.write(tmp_path / "progress.html")
    browser.set_window_size(1400, 900)
    open_page(browser, path)
    browser.execute_script("window.localStorage.clear()")
    open_page(browser, path)
    assert browser.execute_script("return window.kgraph.progressCommands()") == ""
    browser.execute_script("window.kgraph.setStatus(arguments[0], '')", CORE_OBJECTS)
    browser.execute_script("window.kgraph.setStatus(arguments[0], 'skipped')", RBAC_FOR_CLUSTER)
    assert browser.execute_script("return window.kgraph.progressCommands()").split("\n") == [
        f"kgraph progress mark {CORE_OBJECTS} clear",
        f"kgraph progress mark {RBAC_FOR_CLUSTER} skipped",
    ]
    open_page(browser, path)
    file = tmp_path / "progress.yaml"
    file.write_text(browser.execute_script("return window.kgraph.progressFile()"), encoding="utf-8")
    assert dict(kgraph.load_progress(file, builtin_graph)) == {RBAC: "done", RBAC_FOR_CLUSTER: "skipped"}
    assert browser.execute_script("return window.kgraph.nodes.get(arguments[0]).label", CORE_OBJECTS) == "Core Objects"
    console, failed, external = problems(browser)
    assert console == [] and failed == [] and external == []


@pytest.mark.browser
def test_a_route_page_finds_its_topics_by_roadmap_alias(browser, builtin_graph, tmp_path):
    plan = kgraph.learning_plan(builtin_graph, [kgraph.resolve_topic(builtin_graph, "kubernetes:HPA")])
    path = render_html(builtin_graph, plan=plan).write(tmp_path / "route.html")
    browser.set_window_size(1400, 900)
    open_page(browser, path)
    found = _search(browser, "k8s")
    kubernetes = [s.name for s in plan.steps if s.roadmap == "roadmap:kubernetes"]
    assert len(found) == len(kubernetes) and all(any(name in f for f in found) for name in kubernetes)
    console, failed, external = problems(browser)
    assert console == [] and failed == [] and external == []


@pytest.mark.browser
def test_a_tapped_node_stays_above_the_details_on_a_phone(browser, builtin_graph, tmp_path):
    plan = kgraph.learning_plan(builtin_graph, [kgraph.resolve_topic(builtin_graph, "kubernetes:HPA")])
    path = render_html(builtin_graph, plan=plan).write(tmp_path / "route.html")
    browser.set_window_size(390, 844)
    try:
        open_page(browser, path)
        node = plan.steps[0].topic
        _click_node(browser, node, zoom=False)
        assert browser.find_element("id", "details").is_displayed()
        node_y, sheet_top = browser.execute_script(
            "var p = window.kgraph.network.canvasToDOM(window.kgraph.network.getPosition(arguments[0]));"
            "var r = document.querySelector('#mynetwork canvas').getBoundingClientRect();"
            "return [p.y + r.top, document.getElementById('details').getBoundingClientRect().top];",
            node,
        )
        assert node_y < sheet_top - 20
    finally:
        browser.set_window_size(1400, 900)
