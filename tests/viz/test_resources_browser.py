"""Resource links in a real headless Chromium: the hostile roadmap.sh import, tooltip and details.

A hostile checkout (:mod:`tests.viz.test_resources`) goes through the real importer and
``kgraph viz`` (the graph and a route). Hovering the hostile topic with the real pointer shows
its first links in the tooltip, and the pointer can reach them; clicking it shows every link in
the details panel. Every anchor in the document is an http(s) link opening in a new tab with
``rel="noopener noreferrer"``, the label and the titles read literally, and nothing runs. The
page's own check of each URL is tried by giving a node bad URLs in the browser.
"""

from __future__ import annotations

import time

import pytest
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.action_chains import ActionChains

from tests.viz.browsing import open_page, problems
from tests.viz.test_resources import HOSTILE_TITLE, WEB, draw, import_checkout

pytestmark = pytest.mark.browser

_TIP = """
var t = window.kgraph.tooltip;
if (t.hidden) { return null; }
return {for: t.dataset.for, head: t.firstChild ? t.firstChild.textContent : null, text: t.textContent,
        links: Array.from(t.querySelectorAll("a")).map(function (a) {
          return [a.previousSibling ? a.previousSibling.textContent : "", a.textContent, a.getAttribute("href")]; })};
"""

_TO_DOM = """
var net = window.kgraph.network, box = document.querySelector("#mynetwork canvas").getBoundingClientRect();
net.moveTo({position: net.getPosition(arguments[0]), scale: 1, animation: false});
var p = net.canvasToDOM(net.getPosition(arguments[0]));
return [p.x - box.width / 2, p.y - box.height / 2];
"""

# every element with a URL-like attribute or an event handler, every anchor, and the page's state
_LINKS_AND_STATE = """
var urlish = "[href], [src], [srcdoc], [action], [formaction], [data], [poster], [background]";
var foreign = "img, svg, iframe, object, embed, details, base, link, meta[http-equiv]";
var handlers = Array.from(document.querySelectorAll("*")).filter(function (el) {
  return Array.from(el.attributes).some(function (a) { return /^on/i.test(a.name); }); });
return {
  urlish: Array.from(document.querySelectorAll(urlish)).filter(function (el) { return el.tagName !== "A"; })
    .map(function (el) { return el.outerHTML.slice(0, 120); }),
  anchors: Array.from(document.querySelectorAll("a")).map(function (a) {
    return {href: a.getAttribute("href"), protocol: a.protocol, target: a.getAttribute("target"),
            rel: a.getAttribute("rel"), children: a.children.length}; }),
  foreign: Array.from(document.querySelectorAll(foreign)).map(function (el) { return el.outerHTML.slice(0, 120); }),
  handlers: handlers.map(function (el) { return el.outerHTML.slice(0, 120); }),
  scripts: document.scripts.length,
  pwned: window.__pwned === undefined ? null : String(window.__pwned)
};
"""


@pytest.fixture(params=["graph", "route"])
def imported(request, run, tmp_path) -> tuple:
    """The hostile import drawn as the whole graph or as the route of a plan through the hostile
    topic: the page's path, the topic's id and its name."""
    plugins, topic, name = import_checkout(run, tmp_path)
    options = ["--plan", "rs-evil:Next step", "--with-recommended"] if request.param == "route" else []
    return draw(run, plugins, tmp_path / f"{request.param}.html", *options), topic, name


def _links_are_web_links_and_nothing_ran(browser) -> list[dict]:
    """Every anchor: an http(s) href, a new tab, ``noopener``; no other URL, markup or handler; no trace."""
    state = browser.execute_script(_LINKS_AND_STATE)
    assert state["urlish"] == [] and state["foreign"] == [] and state["handlers"] == []
    assert state["scripts"] == 2 and state["pwned"] is None
    for anchor in state["anchors"]:
        assert anchor["href"].startswith(("http://", "https://")) and anchor["protocol"] in ("http:", "https:")
        assert anchor["target"] == "_blank" and anchor["children"] == 0
        assert {"noopener", "noreferrer"} <= set(anchor["rel"].split())
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert  # noqa: B018
    console, failed, external = problems(browser)
    assert console == [] and failed == [] and external == []
    return state["anchors"]


def _point_at(browser, node: str) -> ActionChains:
    """The real pointer, from the page title onto ``node`` (brought to the middle of the view)."""
    dx, dy = browser.execute_script(_TO_DOM, node)
    canvas = browser.find_element("css selector", "#mynetwork canvas")
    chain = ActionChains(browser, duration=20)
    return chain.move_to_element(browser.find_element("id", "kg-title")).move_to_element_with_offset(
        canvas, round(dx), round(dy)
    )


def _wait(browser, script: str, *args, seconds: float = 2):
    """The value of ``script`` once it is truthy (polled), else the last value."""
    deadline = time.monotonic() + seconds
    while not (value := browser.execute_script(script, *args)) and time.monotonic() < deadline:
        time.sleep(0.02)
    return value


def _wait_for_tip(browser, node: str, seconds: float = 2) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        tip = browser.execute_script(_TIP)
        if tip and tip["for"] == node:
            return tip
        time.sleep(0.02)
    raise AssertionError(f"no tooltip for {node}")


def test_resource_links_in_tooltip_and_details(browser, imported):
    path, topic, name = imported
    open_page(browser, path)
    _links_are_web_links_and_nothing_ran(browser)

    # hover: the tooltip names the topic literally and shows its first three links, with their types
    _point_at(browser, topic).perform()
    tip = _wait_for_tip(browser, topic)
    assert tip["head"].split("\n")[0] == name
    assert tip["links"] == [[f"[{kind}] ", title, url] for kind, title, url in WEB[:3]]
    assert tip["text"].endswith(f"{len(WEB) - 3} more: click the node")
    assert HOSTILE_TITLE in tip["text"]
    assert len(_links_are_web_links_and_nothing_ran(browser)) == 3

    # click: the details panel lists every link, the name and the titles as text
    _point_at(browser, topic).click().perform()
    details = browser.execute_script(
        "var d = document.getElementById('details'); if (d.hidden) { return null; }"
        "var box = d.querySelector('section.resources');"
        "return {name: d.querySelector('h2').textContent, head: box.querySelector('h3').textContent,"
        " links: Array.from(box.querySelectorAll('li')).map(function (li) {"
        "  var a = li.querySelector('a');"
        "  return [li.firstChild.textContent, a.textContent, a.getAttribute('href')]; })}"
    )
    assert details == {
        "name": name,
        "head": f"Resources ({len(WEB)})",
        "links": [[f"[{kind}] ", title, url] for kind, title, url in WEB],
    }
    anchors = _links_are_web_links_and_nothing_ran(browser)
    assert {a["href"] for a in anchors} >= {url for _, _, url in WEB}

    # search finds the topic by its literal name
    browser.execute_script(
        "var s = document.getElementById('search'); s.value = arguments[0]; s.dispatchEvent(new Event('input'));",
        "window.__pwned=2",
    )
    found = browser.execute_script(
        "return Array.from(document.querySelectorAll('#matches > *')).map(e => e.textContent)"
    )
    assert len(found) == 1 and found[0].startswith(name + " (")
    _links_are_web_links_and_nothing_ran(browser)


_BAD_RESOURCES = [
    {"type": "video", "title": "js", "url": "javascript:window.__pwned=7"},
    {"type": "video", "title": "upper", "url": "JAVASCRIPT:window.__pwned=8"},
    {"type": "video", "title": "tab", "url": "java\tscript:window.__pwned=9"},
    {"type": "video", "title": "space", "url": " javascript:window.__pwned=10"},
    {"type": "video", "title": "newline", "url": "https://ok.example/\njavascript:window.__pwned=11"},
    {"type": "video", "title": "data", "url": "data:text/html,<script>window.__pwned=12</script>"},
    {"type": "video", "title": "vb", "url": "vbscript:msgbox(1)"},
    {"type": "video", "title": "relative", "url": "//evil.example/x"},
    {"type": "video", "title": "not a string", "url": {"href": "javascript:window.__pwned=13"}},
    None,
    {"type": "<b>official</b>", "title": '<img src=x onerror="window.__pwned=14">', "url": "https://ok.example/good"},
]


def test_the_page_checks_each_url_again(browser, run, tmp_path):
    """Bad URLs put into a node in the browser (past the Python check) never become links."""
    plugins, topic, _ = import_checkout(run, tmp_path)
    open_page(browser, draw(run, plugins, tmp_path / "page.html"))
    browser.execute_script(
        "window.kgraph.nodes.update({id: arguments[0], kgResources: arguments[1]});", topic, _BAD_RESOURCES
    )
    browser.execute_script("window.kgraph.showDetails(arguments[0])", topic)
    shown = browser.execute_script(
        "var box = document.querySelector('#details section.resources');"
        "return [box.querySelector('h3').textContent, box.querySelector('ul').textContent,"
        " Array.from(document.querySelectorAll('#details a')).map(function (a) { return a.getAttribute('href'); })]"
    )
    assert shown == [
        "Resources (1)",
        '[<b>official</b>] <img src=x onerror="window.__pwned=14">',
        ["https://ok.example/good"],
    ]
    browser.execute_script("window.kgraph.closeDetails()")
    _point_at(browser, topic).perform()
    tip = _wait_for_tip(browser, topic)
    assert [link[2] for link in tip["links"]] == ["https://ok.example/good"]
    # no web link at all: no resources section, no links in the tooltip
    browser.execute_script("window.kgraph.nodes.update({id: arguments[0], kgResources: arguments[1]});", topic, "x")
    browser.execute_script("window.kgraph.showDetails(arguments[0])", topic)
    assert browser.execute_script("return document.querySelector('#details section.resources')") is None
    anchors = _links_are_web_links_and_nothing_ran(browser)
    assert [a["href"] for a in anchors] == ["https://ok.example/good"]  # the tooltip's, still open


# the node up and left of the view's middle at zoom 1 (room for its tooltip right of and under
# it), and a point just inside the lower right corner of the square the page hovers it in
_CORNER = """
var net = window.kgraph.network, id = arguments[0];
var box = document.querySelector("#mynetwork canvas").getBoundingClientRect(), at = net.getPosition(id);
net.moveTo({position: {x: at.x + box.width / 4, y: at.y + box.height / 4}, scale: 1, animation: false});
var c = net.canvasToDOM(at), size = net.body.nodes[id].options.size;
var p = {x: Math.round(c.x + size) - 3, y: Math.round(c.y + size) - 3};
window.__left = [];
net.on("blurNode", function (e) { window.__left.push(e.node); });
return {over: net.getNodeAt(p) === id, dx: p.x - box.width / 2, dy: p.y - box.height / 2};
"""
_CLOSED = "var t = window.kgraph.tooltip; return t.hidden && t.childNodes.length === 0"


def test_the_pointer_reaches_the_tooltip_links(browser, imported):
    """Leaving the node, the tooltip waits for the pointer and stays open while it is on a link;
    it closes, links and all, when the pointer leaves it for the empty canvas."""
    path, topic, _ = imported
    size = browser.get_window_size()
    browser.set_window_size(1400, 900)  # room for the tooltip right of and under the node
    try:
        open_page(browser, path)
        corner = browser.execute_script(_CORNER, topic)
        assert corner["over"]
        dx, dy = round(corner["dx"]), round(corner["dy"])
        canvas = browser.find_element("css selector", "#mynetwork canvas")
        chain = ActionChains(browser, duration=20).move_to_element(browser.find_element("id", "kg-title"))
        chain.move_to_element_with_offset(canvas, dx, dy).perform()
        _wait_for_tip(browser, topic)
        box = browser.execute_script("var r = arguments[0].getBoundingClientRect(); return [r.left, r.top]", canvas)
        link = browser.execute_script("return window.kgraph.tooltip.querySelector('a')")
        x, y = browser.execute_script(
            "var r = arguments[0].getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]", link
        )
        start = (canvas.size["width"] / 2 + dx + box[0], canvas.size["height"] / 2 + dy + box[1])
        steps = 40  # small moves the page sees one by one: off the node, over the canvas, onto the link
        moved = [0, 0]
        for i in range(1, steps + 1):
            to = (round((x - start[0]) * i / steps), round((y - start[1]) * i / steps))
            ActionChains(browser, duration=10).move_by_offset(to[0] - moved[0], to[1] - moved[1]).perform()
            moved = list(to)
        time.sleep(0.8)  # longer than the tooltip waits for a pointer that left its node
        assert browser.execute_script("return window.__left") == [topic], "the pointer never left the node"
        assert (browser.execute_script(_TIP) or {}).get("for") == topic
        assert browser.execute_script(  # the link itself is under the pointer, not covered
            "var r = arguments[0].getBoundingClientRect();"
            "return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === arguments[0]",
            link,
        )
        ActionChains(browser, duration=50).move_to_element_with_offset(
            canvas, 5 - canvas.size["width"] // 2, 0
        ).perform()
        assert _wait(browser, _CLOSED)
        _links_are_web_links_and_nothing_ran(browser)
    finally:
        browser.set_window_size(size["width"], size["height"])
