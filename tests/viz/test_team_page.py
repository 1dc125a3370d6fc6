"""The team heatmap page (``kgraph team matrix --format html``, ``kgraph viz --team``).

Python-level: the page shows every person and topic, marks exactly the single-holder topics,
and has as many cells of each state as the progress files say; hostile handles, display names,
topic and roadmap names and titles are text (the page's markup is the same as a benign team's).
In a real headless Chromium, offline: nothing is fetched, nothing is logged, nothing runs, and
every hostile name reads literally.
"""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from selenium.common.exceptions import NoAlertPresentException

import kgraph
from kgraph.analysis.team import team_matrix, team_risks
from kgraph.errors import InputError
from kgraph.store.team import load_team
from kgraph.viz.team import DEFAULT_TITLE, render_team_matrix
from tests.conftest import write_yaml
from tests.viz.browsing import problems
from tests.viz.hostile import ANY_OF, PAYLOADS, REQUIRES, SUBTOPIC, TOPIC, write_hostile_plugins

EXAMPLE_TEAM = Path(__file__).resolve().parents[2] / "examples" / "team"
PWN = "<script>window.__pwned=1</script>"
HOSTILE_NAMES = {
    "ana": PWN,
    "bo-1": '"><img src=x onerror="window.__pwned=2"> Bo',
    "cy.2": "</th></tr></table><script>window.__pwned=3</script>{{7*7}} ${1+1} &amp; \u202eCy",
}
HOSTILE_HANDLES = {
    "<img src=x onerror=alert(1)>": {TOPIC: "done"},
    '" onmouseover="window.__pwned=4" x="': {TOPIC: "done", REQUIRES: "learning"},
    "</script><script>window.__pwned=5</script>": {ANY_OF: "skipped", SUBTOPIC: "done"},
}
# every element the page may hold: no payload adds one
TAGS = frozenset(
    """html head meta title style body header h1 h2 h3 p ul li span strong main section div
    table caption colgroup col thead tbody tfoot tr th td meter""".split()  # noqa: SIM905
)


class _Page(HTMLParser):
    """What the page shows: tags (with attribute names), person rows, topic columns, cells."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.shape: list[tuple] = []
        self.people: list[tuple[str, str, str]] = []  # (data-handle, title, text)
        self.topics: list[dict] = []
        self.cells: list[dict] = []
        self.roadmaps: list[str] = []
        self.title = self.h1 = ""
        self._capture: tuple[str, str] | None = None  # (what, the tag whose end ends it)
        self._text: list[str] = []
        self._in_topic = False
        self.feed(html)
        self.close()

    def _start(self, what: str, tag: str) -> None:
        self._capture, self._text = (what, tag), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.shape.append(("<", tag, tuple(attrs)))
        classes = (attrs.get("class") or "").split()
        if tag in ("title", "h1"):
            self._start(tag, tag)
        elif tag == "th" and "data-handle" in attrs:
            self.people.append((attrs["data-handle"], attrs["title"], ""))
            self._start("person", tag)
        elif tag == "th" and "topic" in classes:
            self.topics.append({"id": attrs["data-topic"], "title": attrs["title"], "bus": "bus" in classes})
            self._in_topic = True
        elif tag == "span" and "sr" in classes and self._in_topic:
            self._start("topic", tag)
        elif tag == "td" and "cell" in classes:
            self.cells.append({"state": attrs["data-state"], "only": "only" in classes, "title": attrs["title"]})
        elif tag == "div" and "fit" in classes:
            self._start("roadmap", tag)

    def handle_endtag(self, tag):
        self.shape.append(("</", tag))
        if tag == "th":
            self._in_topic = False
        if self._capture is None or tag != self._capture[1]:
            return
        what, text = self._capture[0], "".join(self._text)
        self._capture = None
        if what == "person":
            self.people[-1] = (*self.people[-1][:2], text)
        elif what == "topic":
            self.topics[-1]["text"] = text
        elif what == "roadmap":
            self.roadmaps.append(text)
        else:
            setattr(self, what, text)

    def handle_data(self, data):
        if self._capture is not None:
            self._text.append(data)

    def handle_startendtag(self, tag, attrs):
        self.shape.append(("</>", tag, tuple(dict(attrs))))

    def handle_comment(self, data):
        self.shape.append(("<!--", data))


def _handle_of(title: str) -> str:
    """The handle a person's row header names in its tooltip (``HANDLE: 3 done, ...``)."""
    return title.rsplit(": ", 1)[0]


def _counts_in_files(folder: Path, G, topics: int) -> Counter:
    """Each state's count over the progress files of ``folder`` (topics the graph has), and the cells with none."""
    counts, people = Counter(), 0
    for path in sorted(folder.glob("*.yaml")):
        if path.name == "team.yaml":
            continue
        people += 1
        states = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("topics") or {}
        counts.update(state for topic, state in states.items() if topic in G)
    counts["none"] = people * topics - sum(counts.values())
    return counts


def _hostile_team(folder: Path) -> Path:
    """A team for the hostile plugin graph whose display names are payloads."""
    write_yaml(folder / "ana.yaml", {"topics": {TOPIC: "done", SUBTOPIC: "learning", "topic:other/c2/t4": "done"}})
    write_yaml(folder / "bo-1.yaml", {"topics": {TOPIC: "done", REQUIRES: "done", ANY_OF: "skipped"}})
    write_yaml(folder / "cy.2.yaml", {"topics": {ANY_OF: "learning"}})
    write_yaml(folder / "team.yaml", {"members": {h: {"name": n} for h, n in HOSTILE_NAMES.items()}})
    return folder


def _no_markup_from_data(page: _Page) -> None:
    assert {item[1] for item in page.shape if item[0] != "<!--"} <= TAGS
    assert not [item for item in page.shape if item[0] == "<!--"]
    attributes = {name for item in page.shape if len(item) == 3 for name in item[2]}
    assert not [name for name in attributes if name.startswith("on")]


# -- Python level --------------------------------------------------------------------------


def test_page_shows_every_person_topic_and_state(builtin_graph):
    G = builtin_graph
    team = load_team(EXAMPLE_TEAM, G)
    matrix = team_matrix(G, team, names=team.names)
    risks = team_risks(G, team)
    page = _Page(render_team_matrix(G, matrix, risks))

    assert [(h, _handle_of(t), text) for h, t, text in page.people] == [(h, h, team.names[h]) for h in team]
    assert sorted(t["id"] for t in page.topics) == sorted(info["topic"] for info in matrix.topics)
    assert {t["id"] for t in page.topics if t["bus"]} == {s.topic for s in risks.single}
    assert risks.single and all(
        t["text"] == G.nodes[t["id"]]["name"] + " (known by one person only)" for t in page.topics if t["bus"]
    )
    assert len(page.cells) == len(team) * len(matrix.topics)
    assert Counter(c["state"] for c in page.cells) == _counts_in_files(EXAMPLE_TEAM, G, len(matrix.topics))
    assert sum(c["only"] for c in page.cells) == len(risks.single)
    assert page.title == page.h1 == DEFAULT_TITLE
    _no_markup_from_data(page)


def test_columns_are_grouped_by_roadmap(builtin_graph):
    G = builtin_graph
    team = load_team(EXAMPLE_TEAM, G)
    page = _Page(render_team_matrix(G, team_matrix(G, team, names=team.names), team_risks(G, team)))
    order = [G.nodes[t["id"]]["roadmap"] for t in page.topics]
    runs = [rid for i, rid in enumerate(order) if i == 0 or order[i - 1] != rid]
    assert len(runs) == len(set(runs))  # each roadmap's topics side by side
    assert page.roadmaps == [G.nodes[rid]["name"] for rid in runs]


def test_every_topic_with_all(builtin_graph):
    """``--all``: 445 topics x 5 people still render, one cell each."""
    G = builtin_graph
    team = load_team(EXAMPLE_TEAM, G)
    matrix = team_matrix(G, team, names=team.names, all_topics=True)
    html = render_team_matrix(G, matrix, team_risks(G, team))
    page = _Page(html)
    topics = sum(1 for _, kind in G.nodes(data="kind") if kind == "topic")
    assert len(page.topics) == len(matrix.topics) == topics
    assert len(page.cells) == len(team) * topics
    assert Counter(c["state"] for c in page.cells) == _counts_in_files(EXAMPLE_TEAM, G, topics)
    assert len(html) < 2_000_000


def test_hostile_handles_and_names_through_the_api(tmp_path):
    G = kgraph.load_graph([write_hostile_plugins(tmp_path / "plugins")], builtin=False, use_env=False, cache=False)
    names = dict(zip(HOSTILE_HANDLES, [PWN, "a & b <b>", "{{7*7}}"], strict=True))
    matrix = team_matrix(G, HOSTILE_HANDLES, names=names)
    html = render_team_matrix(G, matrix, team_risks(G, HOSTILE_HANDLES), title=PAYLOADS["page-title"])
    page = _Page(html)

    assert [(h, text) for h, _, text in page.people] == list(names.items())
    assert [_handle_of(t) for _, t, _ in page.people] == list(HOSTILE_HANDLES)
    assert page.title == page.h1 == PAYLOADS["page-title"]
    for t in page.topics:
        assert t["text"].removesuffix(" (known by one person only)") == G.nodes[t["id"]]["name"]
    assert page.roadmaps == [PAYLOADS["roadmap-name"]]
    for raw in [*HOSTILE_HANDLES, PWN, "a & b <b>"]:
        assert raw not in html
    assert "{{7*7}}" in html and "49" not in [text for _, _, text in page.people]
    assert "<script" not in html.lower()
    _no_markup_from_data(page)
    # no payload adds an element or an attribute: the markup is that of plain handles and names
    plain = {f"p{i}": progress for i, progress in enumerate(HOSTILE_HANDLES.values())}
    benign = render_team_matrix(G, team_matrix(G, plain), team_risks(G, plain), title="t")
    assert page.shape == _Page(benign).shape


def test_hostile_display_names_from_team_yaml(tmp_path):
    folder = write_hostile_plugins(tmp_path / "plugins")
    G = kgraph.load_graph([folder], builtin=False, use_env=False, cache=False)
    team = load_team(_hostile_team(tmp_path / "team"), G)
    html = render_team_matrix(G, team_matrix(G, team, names=team.names), team_risks(G, team))
    page = _Page(html)
    assert [(h, text) for h, _, text in page.people] == list(HOSTILE_NAMES.items())
    assert PWN not in html and "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    single = [c["title"] for c in page.cells if c["only"]]
    assert single and all(title.startswith(tuple(HOSTILE_NAMES.values())) for title in single)
    _no_markup_from_data(page)


def test_title_must_be_text(builtin_graph):
    team = {"ana": {"topic:docker/core-competencies/image-building": "done"}}
    matrix, risks = team_matrix(builtin_graph, team), team_risks(builtin_graph, team)
    with pytest.raises(InputError, match="title must be text"):
        render_team_matrix(builtin_graph, matrix, risks, title=7)
    with pytest.raises(InputError):
        render_team_matrix({}, matrix, risks)


def test_page_has_no_script_and_loads_nothing(builtin_graph):
    team = {"ana": {"topic:docker/core-competencies/image-building": "done"}, "bo": {}}
    html = render_team_matrix(builtin_graph, team_matrix(builtin_graph, team), team_risks(builtin_graph, team))
    assert "<script" not in html and "http://" not in html and "https://" not in html and "@import" not in html
    assert "default-src 'none'; style-src 'unsafe-inline'" in html
    assert "No topic hangs on one person." not in html and "Image Building" in html


# -- the commands --------------------------------------------------------------------------


def test_viz_team_writes_team_html_by_default(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("viz", "--team", EXAMPLE_TEAM)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == "wrote team.html (5 people, 83 topics)"
    assert not (tmp_path / "graph.html").exists()
    shown = _Page((tmp_path / "team.html").read_text(encoding="utf-8"))
    result = run("team", "matrix", "--team", EXAMPLE_TEAM, "--format", "html", "-o", tmp_path / "matrix.html")
    assert result.exit_code == 0, result.output
    assert _Page((tmp_path / "matrix.html").read_text(encoding="utf-8")).shape == shown.shape


def test_viz_team_title_and_output(run, tmp_path):
    out = tmp_path / "out" / "t.html"
    result = run("viz", "--team", EXAMPLE_TEAM, "-o", out, "--title", PAYLOADS["page-title"])
    assert result.exit_code == 0, result.output
    page = _Page(out.read_text(encoding="utf-8"))
    assert page.title == page.h1 == PAYLOADS["page-title"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--plan", "docker"], "leave out --plan"),
        (["--path", "docker", "kubernetes"], "leave out --path"),
        (["--roadmap", "docker", "--color-by", "level"], "leave out --roadmap, --color-by"),
        (["--progress", "p.yaml"], "leave out --progress"),
        (["-o", "team.svg"], "not a picture"),
    ],
)
def test_viz_team_refuses_graph_options(run, args, message):
    result = run("viz", "--team", EXAMPLE_TEAM, *args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr


# -- in a browser --------------------------------------------------------------------------


def _open(browser, path: Path) -> None:
    """Load ``path`` with the logs drained. about:blank first: a fresh Chromium's own start-up
    page (Debian's: start.duckduckgo.com) fails through the dead proxy, and that failure must
    land before the logs are drained, not in this page's."""
    browser.get("about:blank")
    browser.get_log("browser")
    browser.get_log("performance")
    browser.get(path.absolute().as_uri())
    assert browser.execute_script("return document.readyState") == "complete"


_SHOWN = """
const text = (selector) => Array.from(document.querySelectorAll(selector)).map(e => e.textContent);
return {
  pwned: [typeof window.__pwned, typeof top.__pwned],
  title: document.title,
  h1: text('h1')[0],
  people: text('tbody th.person'),
  handles: Array.from(document.querySelectorAll('tbody th.person')).map(e => e.dataset.handle),
  topics: text('th.topic .sr'),
  roadmaps: text('th.roadmap .fit'),
  single: text('table.single tbody th'),
  holders: text('table.single tbody td:nth-child(3)'),
  cells: document.querySelectorAll('td.cell').length,
  states: Array.from(document.querySelectorAll('td.cell')).map(e => e.dataset.state),
  scripts: document.scripts.length,
  images: document.images.length,
};
"""


@pytest.mark.browser
def test_hostile_team_page_in_browser(browser, run, tmp_path):
    folder = write_hostile_plugins(tmp_path / "plugins")
    team = _hostile_team(tmp_path / "team")
    G = kgraph.load_graph([folder], builtin=False, use_env=False, cache=False)
    members = load_team(team, G)
    matrix = team_matrix(G, members, names=members.names)
    risks = team_risks(G, members)
    pages = {"matrix": tmp_path / "matrix.html", "viz": tmp_path / "viz.html"}
    common = ["--team", team, "--plugins", folder, "--no-builtin"]
    result = run("team", "matrix", *common, "--format", "html", "-o", pages["matrix"])
    assert result.exit_code == 0, result.output
    result = run("viz", *common, "-o", pages["viz"], "--title", PAYLOADS["page-title"])
    assert result.exit_code == 0, result.output

    for kind, path in pages.items():
        _open(browser, path)
        shown = browser.execute_script(_SHOWN)
        console, failed, external = problems(browser)
        assert console == [] and failed == [] and external == [], kind
        with pytest.raises(NoAlertPresentException):
            browser.switch_to.alert.text  # noqa: B018
        assert shown["pwned"] == ["undefined", "undefined"]
        assert shown["scripts"] == shown["images"] == 0
        title = PAYLOADS["page-title"] if kind == "viz" else DEFAULT_TITLE
        assert shown["title"] == shown["h1"] == title
        assert shown["people"] == list(HOSTILE_NAMES.values())
        assert shown["handles"] == list(HOSTILE_NAMES)
        names = [str(G.nodes[t["topic"]]["name"]) for t in matrix.topics]
        assert sorted(t.removesuffix(" (known by one person only)") for t in shown["topics"]) == sorted(names)
        assert set(shown["roadmaps"]) == {PAYLOADS["roadmap-name"], PAYLOADS["roadmap2-name"]}
        assert sorted(shown["single"]) == sorted(s.name for s in risks.single)
        assert sorted(shown["holders"]) == sorted(HOSTILE_NAMES[s.holder] for s in risks.single)
        assert shown["cells"] == len(members) * len(matrix.topics)
        assert Counter(shown["states"]) == _counts_in_files(team, G, len(matrix.topics))
