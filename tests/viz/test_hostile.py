"""Hostile plugin strings through ``kgraph viz`` and ``render_html``: shown as text, never run.

Every string attribute a plugin can set, the page title and a progress state carry a payload
of their own (:mod:`tests.viz.hostile`). The page's markup must stay the template's own, its
embedded data must not be able to close its ``<script>``, and in a real browser -- tooltips of
every node and edge opened, every hostile name searched, every filter used -- nothing runs,
nothing is fetched and every shown payload reads literally.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.support.ui import Select

import kgraph
from kgraph.viz import render_html
from kgraph.viz.html import _TEMPLATES, HtmlPage
from tests.conftest import write_yaml
from tests.viz.browsing import open_page, problems
from tests.viz.hostile import ANY_OF, HIDDEN, PAYLOADS, REQUIRES, SHOWN, SUBTOPIC, TOPIC, write_hostile_plugins


@dataclass
class Page:
    """A rendered hostile page and the payload tags it must show."""

    path: Path
    shown: tuple[str, ...]

    @property
    def html(self) -> str:
        return self.path.read_text(encoding="utf-8")


# what the route view (a plan or path without --context) shows: its topics, their roadmaps,
# categories, descriptions and reasons (in tooltips, edge sentences, the step list and details)
ROUTE_SHOWN = (
    "roadmap-name",
    "category-name",
    "topic-name",
    "topic-description",
    "requires-name",
    "requirement-reason",
    "any-of-name",
    "any-of-reason",
)


def _cli_page(run, tmp_path: Path, folder: Path, context: bool = True) -> Page:
    progress = write_yaml(tmp_path / "progress.yaml", {"topics": {TOPIC: "done", SUBTOPIC: "learning"}})
    out = tmp_path / "cli.html"
    result = run(
        "viz", "-o", out, "--plugins", folder, "--no-builtin", "--plan", ANY_OF, "--path", TOPIC, ANY_OF,
        "--progress", progress, "--title", PAYLOADS["page-title"], *(["--context"] if context else []),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return Page(out, (*(SHOWN if context else ROUTE_SHOWN), "page-title"))


def _api_page(tmp_path: Path, folder: Path, context: bool = True) -> Page:
    G = kgraph.load_graph([folder], builtin=False, use_env=False, use_entry_points=False, cache=False)
    page = render_html(
        G,
        plan=kgraph.learning_plan(G, [ANY_OF]),
        path=[SUBTOPIC, TOPIC, REQUIRES],
        context=context,
        progress={TOPIC: "done", ANY_OF: PAYLOADS["progress-state"]},
        color_by="category",
        title=PAYLOADS["page-title"],
    )
    shown = (*(SHOWN if context else (*ROUTE_SHOWN, "sub-name", "sub-description")), "page-title", "progress-state")
    return Page(page.write(tmp_path / "api.html"), shown)


@pytest.fixture(params=["cli", "api", "cli-route", "api-route"])
def page(request, run, tmp_path) -> Page:
    """The hostile plugin folder drawn by ``kgraph viz`` or by ``render_html`` (plan, path, progress,
    title): the whole graph (``--context``), or the route view with its step list."""
    folder = write_hostile_plugins(tmp_path / "plugins")
    context = not request.param.endswith("-route")
    if request.param.startswith("cli"):
        return _cli_page(run, tmp_path, folder, context)
    return _api_page(tmp_path, folder, context)


class _Markup(HTMLParser):
    """The page's markup (tags, attributes, comments, declarations), its title and its scripts' text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.markup: list[tuple] = []
        self.title = ""
        self.scripts: list[str] = []
        self._in = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.markup.append(("<", tag, tuple(attrs)))
        self._in = tag
        if tag == "script":
            self.scripts.append("")

    def handle_endtag(self, tag):
        self.markup.append(("</", tag))
        self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "script":
            self.scripts[-1] += data

    def handle_startendtag(self, tag, attrs):
        self.markup.append(("</>", tag, tuple(attrs)))

    def handle_comment(self, data):
        self.markup.append(("<!--", data))

    def handle_decl(self, decl):
        self.markup.append(("<!", decl))

    def unknown_decl(self, data):
        self.markup.append(("<![", data))

    def handle_pi(self, data):
        self.markup.append(("<?", data))


_DATA = {
    "kg": re.compile(r"^ *var KG = (.*);$", re.M),
    "nodes": re.compile(r"^ *var nodes = new vis\.DataSet\((.*)\.map\(withTooltip\)\);$", re.M),
    "edges": re.compile(r"^ *var edges = new vis\.DataSet\((.*)\.map\(withTooltip\)\);$", re.M),
}


def _embedded(script: str) -> dict[str, str]:
    """The JSON literals the page's script starts from, as written."""
    found = {name: pattern.findall(script) for name, pattern in _DATA.items()}
    assert all(len(literals) == 1 for literals in found.values()), "the page's data lines changed"
    return {name: literals[0] for name, literals in found.items()}


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    return [s for item in value for s in _strings(item)] if isinstance(value, list) else []


def test_markup_is_the_templates_own(page):
    """No payload adds an element, an attribute or a comment: the markup equals a benign page's."""
    markup = _Markup(page.html).markup
    assert markup == _Markup(render_html(nx.MultiDiGraph()).html).markup
    assert sum(1 for item in markup if item[:2] == ("<", "script")) == 2
    attributes = [name for item in markup if len(item) == 3 for name, _ in item[2]]
    assert not [name for name in attributes if name.startswith("on")]


def test_title_is_text(page):
    """The hostile ``--title`` is the ``<title>``'s text, entities and all."""
    assert _Markup(page.html).title == PAYLOADS["page-title"]


def test_script_data_cannot_close_the_script(page):
    """The embedded JSON holds no ``<``, ``>``, ``&``, quote or non-ASCII character, and round-trips every payload."""
    script = _Markup(page.html).scripts[-1]
    assert not re.search(r"</script|<!--|<script", script, re.I)
    literals = _embedded(script)
    for literal in literals.values():
        assert not re.search(r"[<>&'\u2028\u2029]|[^\x20-\x7e]", literal)
    strings = "\n".join(s for literal in literals.values() for s in _strings(json.loads(literal)))
    for tag in page.shown:
        assert PAYLOADS[tag] in strings, tag
    for tag in HIDDEN:
        assert tag not in strings, tag
    assert not re.search(r"\b49\b", strings)
    assert "{{7*7}}" in strings or not any("{{7*7}}" in PAYLOADS[tag] for tag in page.shown)


def test_template_builds_the_dom_from_text_only():
    """The page's own script never parses a string as HTML, and nothing is marked safe."""
    source = (_TEMPLATES / "kgraph.html").read_text(encoding="utf-8")
    page_script = source.rsplit("<script>", 1)[1]
    included = re.findall(r"{% include '(kgraph-[a-z]+\.js)' %}", page_script)
    assert "kgraph-panel.js" in included
    page_script += "".join((_TEMPLATES / name).read_text(encoding="utf-8") for name in included)
    sinks = (
        "|safe",
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "Function(",
        'setAttribute("on',
    )
    for sink in sinks:
        assert sink not in page_script, sink


def test_jupyter_frame_holds_the_page_in_one_attribute(page):
    """Inline in Jupyter, the whole page is one escaped ``srcdoc`` of a sandboxed iframe."""
    html = page.html
    markup = _Markup(HtmlPage(html)._repr_html_()).markup
    assert [item[:2] for item in markup] == [("<", "iframe"), ("</", "iframe")]
    attributes = dict(markup[0][2])
    assert attributes["srcdoc"] == html and attributes["sandbox"] == "allow-scripts"


# --- in a real browser ------------------------------------------------------------------------

_HOVER_ALL = """
var done = arguments[arguments.length - 1];
var net = window.kgraph.network, canvas = document.querySelector("#mynetwork canvas");
var ids = window.kgraph.nodes.getIds(), radius = 100 * ids.length;
// drag the nodes apart onto one big circle, so that no node or label covers a whole edge
ids.forEach(function (id, i) {
  net.moveNode(id, radius * Math.cos(2 * Math.PI * i / ids.length), radius * Math.sin(2 * Math.PI * i / ids.length));
});
net.setOptions({ interaction: { tooltipDelay: 1 } });
net.fit({ animation: false });
var rect = canvas.getBoundingClientRect(), targets = [], seen = {}, tip = window.kgraph.tooltip;
function shownId() { return tip.hidden || !tip.dataset.for ? null : tip.dataset.for; }
function dom(point) {  // mouse events carry whole pixels
  var p = net.canvasToDOM(point);
  return { x: Math.round(p.x), y: Math.round(p.y) };
}
ids.forEach(function (id) { targets.push(dom(net.getPosition(id))); });
// every edge with a tooltip (dimmed edges have none), hovered on its line as drawn (straight or curved)
window.kgraph.edges.get({ filter: function (e) { return !e.hidden && e.kgTip; } }).forEach(function (e) {
  var line = net.body.edges[e.id].edgeType;
  for (var t = 0.5, k = 1; t > 0.05 && t < 0.95; t = 0.5 + (k % 2 ? 1 : -1) * 0.05 * Math.ceil(k / 2), k++) {
    var p = dom(line.getPoint(t));
    if (net.getNodeAt(p) === undefined && net.getEdgeAt(p) === e.id) { targets.push(p); return; }
  }
});
function move(p) {
  var at = { clientX: rect.left + p.x, clientY: rect.top + p.y, bubbles: true };
  canvas.dispatchEvent(new MouseEvent("mousemove", at));
}
function hover(i, tries) {
  if (i >= targets.length) { done(seen); return; }
  if (tries === 0) { move(targets[i]); }
  if (shownId() === null && tries < 50) { setTimeout(function () { hover(i, tries + 1); }, 10); return; }
  if (shownId() !== null) { seen[shownId()] = tip.textContent; }
  move({ x: -1000, y: -1000 });
  setTimeout(function () { hover(i + 1, 0); }, 10);
}
hover(0, 0);
"""

_SEARCH = """
var search = document.getElementById("search");
if (arguments[0] !== null) { search.value = arguments[0]; search.dispatchEvent(new Event("input")); }
return Array.from(document.querySelectorAll("#matches > *")).map(function (e) { return e.textContent; });
"""

_INJECTED = """
var foreign = "img, svg, iframe, frame, object, embed, details, a, base, link, meta[http-equiv], body style";
var found = Array.from(document.querySelectorAll(foreign)).concat(Array.from(document.querySelectorAll("*")).filter(
  function (el) { return Array.from(el.attributes).some(function (a) { return /^on/i.test(a.name); }); }));
return { injected: found.map(function (el) { return el.outerHTML.slice(0, 120); }),
         scripts: document.scripts.length, pwned: window.__pwned === undefined ? null : window.__pwned };
"""


def _decoded(html: str) -> dict:
    """The page's data: ``kg``, ``nodes`` and ``edges``."""
    return {name: json.loads(literal) for name, literal in _embedded(_Markup(html).scripts[-1]).items()}


def _hover_everything(browser, titles: dict[str, str]) -> list[str]:
    """Open the tooltip of every node and every visible edge; each shows its title exactly, as text."""
    seen = browser.execute_async_script(_HOVER_ALL)
    titled_edges = browser.execute_script("return window.kgraph.edges.getIds({filter: e => !e.hidden && e.kgTip})")
    node_ids = browser.execute_script("return window.kgraph.nodes.getIds()")
    assert set(seen) == set(node_ids) | set(titled_edges), "some tooltips never opened"
    for item, text in seen.items():
        assert text == titles[item], item
    return list(seen.values())


def _search_every_name(browser, names: list[str]) -> list[str]:
    """Search each name (the first typed key by key); each finds its node, shown as text; clicking selects it."""
    browser.find_element("id", "search").send_keys(names[0])
    texts = []
    for index, name in enumerate(names):
        matches = browser.execute_script(_SEARCH, name if index else None)
        assert len(matches) == 1 and matches[0].startswith(name + " ("), name
        browser.find_element("css selector", "#matches button").click()
        assert len(browser.execute_script("return window.kgraph.network.getSelectedNodes()")) == 1
        texts += matches
    assert browser.execute_script(_SEARCH, PAYLOADS["concept-exclude"]) == ["no match"]
    return texts


_DETAILS = """
var ids = arguments[0], texts = [];
ids.forEach(function (id) {
  window.kgraph.showDetails(id);
  var details = document.getElementById("details");
  texts.push(details.textContent);
  Array.from(details.querySelectorAll("li > button")).forEach(function (link) {
    link.click();
    texts.push(document.getElementById("details").textContent);
    window.kgraph.showDetails(id);
  });
});
window.kgraph.closeDetails();
return texts;
"""


def _open_every_details(browser, ids: list[str]) -> list[str]:
    """The details panel of every node, and of every node its requires / unlocks lists link to."""
    texts = browser.execute_script(_DETAILS, ids)
    assert len(texts) >= len(ids)
    _assert_nothing_ran(browser)
    return texts


def _use_every_filter(browser, nodes: list[dict]) -> None:
    """Choose each option of each filter: the drawing keeps exactly the nodes with that value."""
    for select_id, key in (("filter-roadmap", "kgRoadmap"), ("filter-kind", "kgKind"), ("filter-level", "kgLevel")):
        select = Select(browser.find_element("id", select_id))
        for index, option in enumerate(o.get_property("value") for o in select.options):
            if not index:
                continue
            select.select_by_index(index)
            drawn = browser.execute_script("return window.kgraph.network.body.nodeIndices.length")
            assert drawn == sum(1 for n in nodes if n[key] == option), (select_id, option)
        select.select_by_index(0)


def _assert_nothing_ran(browser) -> None:
    state = browser.execute_script(_INJECTED)
    assert state == {"injected": [], "scripts": 2, "pwned": None}
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert  # noqa: B018
    console, failed, external = problems(browser)
    assert console == [] and failed == [] and external == []


@pytest.mark.browser
def test_hostile_page_in_browser(browser, page):
    """Tooltips, search, filters and steps: every payload shows literally and nothing runs or loads."""
    data = _decoded(page.html)
    open_page(browser, page.path)
    _assert_nothing_ran(browser)
    browser.execute_script("var b = document.getElementById('show-background'); if (!b.checked) { b.click(); }")
    titles = {item["id"]: item["title"] for item in data["nodes"] + data["edges"] if "title" in item}
    texts = _hover_everything(browser, titles)
    typed = PAYLOADS["topic-name"]
    names = [typed, *sorted({n["kgName"] for n in data["nodes"]} & set(PAYLOADS.values()) - {typed})]
    texts += _search_every_name(browser, names)
    texts += _open_every_details(browser, [n["id"] for n in data["nodes"]])
    _use_every_filter(browser, data["nodes"])
    for item in browser.find_elements("css selector", "#steps li"):
        item.click()
        assert len(browser.execute_script("return window.kgraph.network.getSelectedNodes()")) == 1
    texts += browser.execute_script(
        "return [document.title, document.getElementById('panel').textContent,"
        " document.getElementById('kg-title').textContent]"
    )
    assert texts[-3] == texts[-1] == PAYLOADS["page-title"]
    shown = "\n".join(texts)
    for tag in page.shown:
        assert PAYLOADS[tag] in shown, tag
    assert not re.search(r"\b49\b", shown)
    assert "{{7*7}}" in shown or not any("{{7*7}}" in PAYLOADS[tag] for tag in page.shown)
    _assert_nothing_ran(browser)


@pytest.mark.browser
def test_hostile_ids_in_details_search_and_progress_exports(browser, tmp_path):
    """Topic ids made of payloads: details, search, progress marks, the copied commands (one shell
    word each) and the downloaded file (a YAML mapping back to the same ids) carry them as data."""
    import itertools
    import shlex

    import yaml

    G = nx.MultiDiGraph()
    G.add_node("roadmap:r", kind="roadmap", name=PAYLOADS["roadmap-name"])
    G.add_node("concept:c", kind="concept", name=PAYLOADS["concept-name"], aliases=[PAYLOADS["concept-alias"]])
    topics = [f"topic:{value}" for value in PAYLOADS.values()]
    for index, node in enumerate(topics):
        G.add_node(
            node,
            kind="topic",
            name=PAYLOADS["topic-name"] + str(index),
            roadmap="roadmap:r",
            description=PAYLOADS["topic-description"],
            level="beginner",
            effort_hours=1,
        )
        G.add_edge(node, "concept:c", key="MENTIONS", kind="MENTIONS")
    for before, after in itertools.pairwise(topics):
        G.add_edge(
            after,
            before,
            key="REQUIRES",
            kind="REQUIRES",
            reason=PAYLOADS["requirement-reason"],
            needs=PAYLOADS["any-of-reason"],
            strength="essential",
        )
    path = render_html(G, title=PAYLOADS["page-title"]).write(tmp_path / "ids.html")
    open_page(browser, path)
    browser.execute_script("window.localStorage.clear()")
    texts = _open_every_details(browser, [*topics, "concept:c", "roadmap:r"])
    assert any(PAYLOADS["requirement-reason"] in t and PAYLOADS["any-of-reason"] in t for t in texts)
    assert browser.execute_script(_SEARCH, PAYLOADS["concept-alias"])[0].startswith(PAYLOADS["concept-name"] + " (")
    for index, node in enumerate(topics):
        assert browser.execute_script(
            "return window.kgraph.setStatus(arguments[0], arguments[1])",
            node,
            ("done", "learning", "skipped")[index % 3],
        )
    browser.find_element("css selector", "button.export-copy").click()
    lines = browser.find_element("id", "export-text").get_property("value").split("\n")  # not at U+2028
    words = [shlex.split(line) for line in lines]
    assert all(len(w) == 5 and w[:3] == ["kgraph", "progress", "mark"] for w in words)
    states = {w[3]: w[4] for w in words}
    assert states == {node: ("done", "learning", "skipped")[i % 3] for i, node in enumerate(topics)}
    assert yaml.safe_load(browser.execute_script("return window.kgraph.progressFile()")) == {"topics": states}
    browser.find_element("css selector", "button.export-download").click()
    _assert_nothing_ran(browser)
