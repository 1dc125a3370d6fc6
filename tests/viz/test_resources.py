"""Learning resources on the page: only http(s) links reach the page's data, each once.

The hostile roadmap.sh checkout here (invented, shaped like ``tests/plugins/test_roadmapsh.py``'s)
is also what ``test_resources_browser.py`` opens in Chromium: a topic whose label carries HTML
and script, and whose content file links to ``javascript:``, ``data:`` and good http(s) URLs,
one of them with an HTML title.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
import yaml

import kgraph
from kgraph._util.urls import web_url
from kgraph.viz import render_html
from kgraph.viz.panel import resources

# --- the hostile checkout -------------------------------------------------------------------

FIRST, SECOND = "A" * 20 + "1", "B" * 20 + "2"
LABEL = (
    'Evil <img src=x onerror="window.__pwned=1"> &lt;b&gt;bold&lt;/b&gt; '
    "<script>window.__pwned=2</script> {{7*7}} <svg onload=window.__pwned=3"
)
HOSTILE_TITLE = '<img src=x onerror="window.__pwned=4"> Hostile <b>title</b> &amp; {{7*7}}'
LINKS = [  # (type, title, url) as the content file lists them
    ("official", "Good docs", "https://example.com/docs?a=1&b=2"),
    ("article", HOSTILE_TITLE, "https://example.com/hostile"),
    ("video", "Bad js", "javascript:alert(1)"),
    ("course", "Bad data", "data:text/html,<script>window.__pwned=5</script>"),
    ("video", "Upper js", "JAVASCRIPT:window.__pwned=6"),
    ("article", "Plain http", "http://example.org/plain"),
    ("podcast", "Fourth", "https://example.net/4"),
    ("feed", "Fifth", "https://example.net/5"),
]
WEB = [link for link in LINKS if link[2].startswith(("http://", "https://"))]
_BAD_URL = re.compile(r"(?:java|vb)script:|data:|file:", re.IGNORECASE)


def write_checkout(root: Path) -> Path:
    """A roadmap.sh checkout with one editor-format roadmap ``evil``: the hostile topic, then ``Next step``."""
    base = root / "src" / "data" / "roadmaps" / "evil"
    (base / "content").mkdir(parents=True)
    (base / "evil.md").write_text("---\ntitle: 'Evil <b>Roadmap</b>'\n---\n", encoding="utf-8")

    def node(nid: str, label: str, y: int) -> dict:
        return {
            "id": nid,
            "type": "topic",
            "position": {"x": 0, "y": y},
            "width": 100,
            "height": 40,
            "data": {"label": label},
        }

    edge = {"source": FIRST, "target": SECOND, "style": {}, "data": {"edgeStyle": "solid"}}
    diagram = {"nodes": [node(FIRST, LABEL, 0), node(SECOND, "Next step", 200)], "edges": [edge]}
    (base / "evil.json").write_text(json.dumps(diagram), encoding="utf-8")
    lines = ["# Evil", "", "A <b>description</b> &lt;i&gt;x&lt;/i&gt;.", "", "Visit these:", ""]
    lines += [f"- [@{kind}@{title}]({url})" for kind, title, url in LINKS]
    (base / "content" / f"evil@{FIRST}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (base / "content" / f"next-step@{SECOND}.md").write_text("# Next step\n\nThen this.\n", encoding="utf-8")
    return root


def import_checkout(run, tmp_path: Path) -> tuple[Path, str, str]:
    """Import the hostile checkout with ``kgraph import roadmapsh``: the plugin folder, the hostile
    topic's id and its name as imported (tags of the label dropped, the rest kept literally)."""
    out = tmp_path / "plugins"
    result = run("-q", "import", "roadmapsh", write_checkout(tmp_path / "checkout"), "-o", out, "--roadmap", "evil")
    assert result.exit_code == 0, result.output
    doc = yaml.safe_load((out / "roadmaps" / "rs-evil.yaml").read_text(encoding="utf-8"))
    topic = doc["categories"][0]["topics"][0]
    assert [(r["type"], r["title"], r["url"]) for r in topic["resources"]] == WEB  # the importer's own filter
    # what stays of the label is still hostile-looking text: it must show literally
    assert "&lt;b&gt;" in topic["name"] and "{{7*7}}" in topic["name"] and "<svg onload=" in topic["name"]
    return out, f"topic:{doc['id']}/{doc['categories'][0]['id']}/{topic['id']}", topic["name"]


def draw(run, plugins: Path, out: Path, *options) -> Path:
    """``kgraph --plugins PLUGINS --no-builtin viz -o OUT [options]``."""
    result = run("--plugins", plugins, "--no-builtin", "viz", "-o", out, *options)
    assert result.exit_code == 0, result.output
    return out


_DATA = {
    "kg": re.compile(r"^ *var KG = (.*);$", re.M),
    "nodes": re.compile(r"^ *var nodes = new vis\.DataSet\((.*)\.map\(withTooltip\)\);$", re.M),
    "edges": re.compile(r"^ *var edges = new vis\.DataSet\((.*)\.map\(withTooltip\)\);$", re.M),
}


def page_data(html: str) -> dict:
    """The data the page's script starts from: ``kg``, ``nodes`` and ``edges``."""
    found = {name: pattern.findall(html) for name, pattern in _DATA.items()}
    assert all(len(literals) == 1 for literals in found.values()), "the page's data lines changed"
    return {name: json.loads(literals[0]) for name, literals in found.items()}


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    return [s for item in value for s in _strings(item)] if isinstance(value, list) else []


# --- the checks -------------------------------------------------------------------------------

GOOD = ["https://ok.example/a", "HTTP://OK.EXAMPLE/B", "http://127.0.0.1:8080/x?y=1&z=<2>"]
BAD = [
    "javascript:window.__pwned=1",
    "JAVASCRIPT:window.__pwned=1",
    " javascript:window.__pwned=1",
    "java\tscript:window.__pwned=1",
    "\x01javascript:window.__pwned=1",
    "data:text/html,<script>window.__pwned=1</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/x",
    "/relative",
    "https:evil.example",
    "http://",
    "https:///no-host",
    "https://ok.example/a b",
    "https://ok.example/\u2028",
    "https://ok.example/\n",
    "https://[broken",
    "https://ok.example/" + "x" * 2100,
    "",
    None,
    42,
    ["https://ok.example/a"],
]


@pytest.mark.parametrize("url", GOOD)
def test_web_url_keeps_http_and_https(url):
    assert web_url(url) == url


@pytest.mark.parametrize("url", BAD)
def test_web_url_drops_everything_else(url):
    assert web_url(url) is None


def test_resources_keep_web_links_once_with_short_text():
    data = {
        "resources": [
            *({"type": "video", "title": f"bad {i}", "url": url} for i, url in enumerate(BAD)),
            "https://not-a-mapping.example",
            {"type": "official", "title": "  Docs\n here ", "url": GOOD[0]},
            {"type": "x", "title": "the same URL again", "url": GOOD[0]},
            {"title": "", "url": GOOD[1]},
            {"type": "t" * 50, "title": "T" * 300, "url": GOOD[2]},
        ]
    }
    assert resources(data) == [
        {"type": "official", "title": "Docs here", "url": GOOD[0]},
        {"type": "", "title": GOOD[1], "url": GOOD[1]},  # no title: the URL is the link's text
        {"type": "t" * 29 + "…", "title": "T" * 199 + "…", "url": GOOD[2]},
    ]
    assert resources({}) == [] and resources({"resources": None}) == []


def _graph() -> nx.MultiDiGraph:
    """Two topics given resources directly (no plugin, no schema): bad URLs and good ones."""
    G = nx.MultiDiGraph()
    G.add_node("roadmap:r", kind="roadmap", name="R")
    G.add_node("category:r/c", kind="category", name="C", roadmap="roadmap:r")
    bad = [{"type": "video", "title": "bad", "url": url} for url in BAD]
    G.add_node(
        "topic:r/c/a",
        kind="topic",
        name="A",
        roadmap="roadmap:r",
        category="category:r/c",
        resources=[*bad, {"type": "official", "title": "Docs", "url": GOOD[0]}],
    )
    G.add_node("topic:r/c/b", kind="topic", name="B", roadmap="roadmap:r", category="category:r/c", resources=bad)
    G.add_node("topic:r/c/c", kind="topic", name="C2", roadmap="roadmap:r", category="category:r/c")
    G.add_edge("roadmap:r", "category:r/c", key="HAS_CATEGORY", kind="HAS_CATEGORY")
    for topic in ("topic:r/c/a", "topic:r/c/b", "topic:r/c/c"):
        G.add_edge("category:r/c", topic, key="HAS_TOPIC", kind="HAS_TOPIC")
    G.add_edge("topic:r/c/b", "topic:r/c/a", key="REQUIRES", kind="REQUIRES", strength="essential")
    G.add_edge("topic:r/c/c", "topic:r/c/b", key="REQUIRES", kind="REQUIRES", strength="essential")
    return G


@pytest.mark.parametrize(
    "view",
    [
        {},
        {"plan": ["topic:r/c/a", "topic:r/c/b", "topic:r/c/c"]},
        {"path": ["topic:r/c/c", "topic:r/c/a"], "context": True},
    ],
)
def test_page_data_never_holds_a_non_web_url(view):
    """Whatever a graph node holds, the page's data (graph, route and context views) keeps only
    its http(s) resources, each once; a node without any has no ``kgResources``."""
    page = render_html(_graph(), **view)
    data = page_data(page.html)
    by_id = {node["id"]: node for node in data["nodes"]}
    assert by_id["topic:r/c/a"]["kgResources"] == [{"type": "official", "title": "Docs", "url": GOOD[0]}]
    assert "kgResources" not in by_id["topic:r/c/b"] and "kgResources" not in by_id["topic:r/c/c"]
    assert not [s for s in _strings(data) if _BAD_URL.search(s)]
    assert "__pwned" not in page.html and page.html.count(GOOD[0]) == 1  # embedded once, not twice


def test_imported_checkout_page_holds_only_web_links(run, tmp_path):
    """The real importer and ``kgraph viz``: the hostile topic's links in order, titles as written."""
    plugins, topic, name = import_checkout(run, tmp_path)
    data = page_data(draw(run, plugins, tmp_path / "page.html").read_text(encoding="utf-8"))
    node = next(n for n in data["nodes"] if n["id"] == topic)
    assert node["kgName"] == name and node["title"].startswith(name + "\n")
    assert [(r["type"], r["title"], r["url"]) for r in node["kgResources"]] == WEB
    assert not [s for s in _strings(data) if _BAD_URL.search(s)]
    G = kgraph.load_graph([plugins], builtin=False, use_env=False, use_entry_points=False, cache=False)
    assert len(G.nodes[topic]["resources"]) == len(WEB)
