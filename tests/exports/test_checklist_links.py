"""Markdown checklists link what to learn a topic from: a nested ``Learn:`` line under a topic
with ``resources``, official links first, at most two, only http(s) URLs, titles escaped and
URLs percent-encoded so a hostile title or URL cannot change the link."""

from __future__ import annotations

import re

import pytest

from kgraph import learning_plan, next_checklist, next_topics, plan_checklist, schedule_plan
from kgraph.exports.checklist import learn_links, link_url
from tests.analysis.graphs import topic_graph

HOSTILE = "x](javascript:alert(1))"
RESOURCES = [
    {"type": "video", "title": "Intro *video*", "url": "https://videos.example/watch?v=1"},
    {"type": "article", "title": HOSTILE, "url": "javascript:alert(1)"},
    {"type": "official", "title": "Docs_v2 `b`", "url": "https://docs.example/b"},
    {"type": "article", "title": "Third", "url": "https://third.example/"},
]


def _graph():
    """c requires b requires a; b has resources, a has only a link that is not http(s)."""
    G = topic_graph({"a": 1, "b": 2, "c": 3}, [("c", "b"), ("b", "a")], roadmap_nodes=True)
    G.nodes["topic:b"]["resources"] = [dict(r) for r in RESOURCES]
    G.nodes["topic:a"]["resources"] = [{"type": "official", "title": HOSTILE, "url": "data:text/html,x"}]
    G.nodes["topic:c"]["resources"] = [
        {"type": "article", "title": HOSTILE, "url": "https://example.com/a_(c)<d>"},
        {"type": "feed", "title": "Posts", "url": "https://feed.example/"},
    ]
    return G


B_LEARN = (
    "  - Learn: [Docs\\_v2 \\`b\\`](https://docs.example/b) (official) · "
    "[Intro \\*video\\*](https://videos.example/watch?v=1) (video)"
)
C_LEARN = (
    "  - Learn: [x\\](javascript:alert(1))](https://example.com/a_%28c%29%3Cd%3E) (article) · "
    "[Posts](https://feed.example/) (feed)"
)


def test_plan_by_stage_links_the_first_two_resources_official_first():
    G = _graph()
    text = plan_checklist(G, learning_plan(G, ["topic:c"]))
    lines = text.splitlines()
    assert lines[lines.index("- [ ] **A** · R · 1 h — for B") + 1] == ""  # no http(s) link: no Learn line
    assert lines[lines.index("- [ ] **B** · R · 2 h — for C") + 1] == B_LEARN
    assert lines[lines.index("- [ ] **C** · R · 3 h — goal") + 1] == C_LEARN
    assert text.count("](javascript") == text.count("\\](javascript") == 1  # only as escaped link text
    assert "data:" not in text and "Third" not in text


def test_every_link_target_is_http():
    G = _graph()
    text = plan_checklist(G, learning_plan(G, ["topic:c"]))
    # a link is an unescaped ']' followed by '(': its target must be an http(s) URL without
    # a space or parenthesis, so the link ends where kgraph ends it
    targets = re.findall(r"(?<!\\)\]\(([^)]*)\)", text)
    assert len(targets) == 4
    assert all(re.fullmatch(r"https?://[^\s()<>]+", t) for t in targets), targets


def test_scheduled_plan_links_where_the_topic_starts():
    G = _graph()
    plan = learning_plan(G, ["topic:c"])
    lines = plan_checklist(G, plan, schedule_plan(plan, 2, start="2027-01-04", days="mon")).splitlines()
    topic_lines = [line for line in lines if line.startswith(("- ", "  - "))]
    assert topic_lines == [
        "- [ ] **A** · R · 1 h (Mon 4 Jan) — for B",
        "- **B** · R · starts: 1 h this week of 2 h (Mon 4 Jan) — for C",
        B_LEARN,
        "- [ ] **B** · R · finishes: 1 h (Mon 11 Jan) — of 2 h",
        "- **C** · R · starts: 1 h this week of 3 h (Mon 11 Jan) — goal",
        C_LEARN,
        "- [ ] **C** · R · finishes: 2 h (Mon 18 Jan) — of 3 h",
    ]


def test_next_checklist_links_too():
    G = _graph()
    G.nodes["topic:a"]["resources"] = [{"type": "official", "title": "A docs", "url": "HTTPS://a.example/"}]
    lines = next_checklist(G, next_topics(G, top=1)).splitlines()
    assert lines[2:] == [
        "- [ ] **A** · R · beginner · 1 h — unlocks 2 topics (1 directly)",
        "  - Learn: [A docs](HTTPS://a.example/) (official)",
    ]


def test_a_topic_without_resources_has_no_learn_line():
    G = topic_graph({"a": 1, "b": 2}, [("b", "a")], roadmap_nodes=True)
    text = plan_checklist(G, learning_plan(G, ["topic:b"]))
    assert "Learn:" not in text and "](" not in text


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://kubernetes.io/docs/", "https://kubernetes.io/docs/"),
        ("http://example.com/a_b*c?q=1&r=2#frag", "http://example.com/a_b*c?q=1&r=2#frag"),
        ("https://example.com/Wiki_(film)", "https://example.com/Wiki_%28film%29"),
        ("https://example.com/a b", None),  # the schema and the importer refuse whitespace too
        ("https://example.com/ü", "https://example.com/%C3%BC"),
        (" https://example.com/ ", "https://example.com/"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)//https://x", None),
        ("data:text/html,<script>", None),
        ("ftp://example.com/", None),
        ("//example.com/", None),
        ("https://", None),
        ("https:///path", None),
        ("https://exa\nmple.com/", None),
        ("", None),
        (None, None),
    ],
)
def test_link_url(url, expected):
    assert link_url(url) == expected


def test_learn_links_without_title_or_type_and_duplicates():
    G = topic_graph({"a": 1})
    G.nodes["topic:a"]["resources"] = [
        {"url": "https://a.example/x"},
        {"title": "again", "url": "https://a.example/x"},
        "not a resource",
        {"type": "official", "title": "", "url": "https://b.example/"},
    ]
    assert learn_links(G, "topic:a") == "[b.example](https://b.example/) (official) · [a.example](https://a.example/x)"
    assert learn_links(G, "topic:a", limit=1) == "[b.example](https://b.example/) (official)"
    assert learn_links(G, "topic:missing") == ""


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("back\\", "back\\\\"),
        ("<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)\\>"),
        ("![pic](https://x.example/p.png)", "!\\[pic\\](https://x.example/p.png)"),
        ("two\nlines  [x]", "two lines \\[x\\]"),
    ],
)
def test_a_hostile_title_stays_link_text(title, text):
    G = topic_graph({"a": 1})
    G.nodes["topic:a"]["resources"] = [{"type": "article", "title": title, "url": "https://a.example/"}]
    assert learn_links(G, "topic:a") == f"[{text}](https://a.example/) (article)"
