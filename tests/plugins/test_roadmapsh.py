"""`kgraph import roadmapsh`: a roadmap.sh checkout (fixtures invented here, same shape) to plugin files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

import kgraph
from kgraph.errors import InputError, PluginError
from kgraph.plugins.roadmapsh import import_roadmapsh, parse_content

FRONT = "---\ntitle: 'Widget Roadmap'\ndescription: 'Learn widgets step by step'\nrelatedRoadmaps:\n  - 'gadget'\n---\n"


def _node(nid, kind, label, x, y, legend=None):
    data = {"label": label} | ({"legend": {"id": "L1", "color": "#949494", "label": legend}} if legend else {})
    return {"id": nid, "type": kind, "position": {"x": x, "y": y}, "width": 100, "height": 40, "data": data}


def _edge(source, target, style):
    dash = "0.8 8" if style == "dashed" else "0"
    return {"source": source, "target": target, "style": {"strokeDasharray": dash}, "data": {"edgeStyle": style}}


def _content(title, links=()):
    lines = [f"# {title}", "", f"{title} is a thing to learn.", "It has two lines.", "", "Visit these:", ""]
    lines += [f"- [@{kind}@{name}]({url})" for kind, name, url in links]
    return "\n".join(lines) + "\n"


def make_checkout(root: Path) -> Path:
    """A checkout with an editor-format roadmap 'widget' and a Balsamiq roadmap 'gadget'."""
    base = root / "src" / "data" / "roadmaps"
    widget = base / "widget"
    (widget / "content").mkdir(parents=True)
    (widget / "widget.md").write_text(FRONT, encoding="utf-8")
    nodes = [
        _node("AAAAAAAAAAAAAAAAAAAA1", "topic", "Alpha <b>Basics</b>", 0, 0),
        _node("BBBBBBBBBBBBBBBBBBBB2", "topic", "Beta", 0, 200),
        _node("CCCCCCCCCCCCCCCCCCCC3", "subtopic", "Alpha Part", 300, 0, "Order in Roadmap not Strict - Learn anytime"),
        _node("DDDDDDDDDDDDDDDDDDDD4", "subtopic", "Beta Part", 300, 210),  # no edge: nearest topic
        _node("EEEEEEEEEEEEEEEEEEEE5", "subtopic", "Mapped Part", 300, 20),  # parent from the mapping
        _node("FFFFFFFFFFFFFFFFFFFF6", "topic", "Beta", 0, 400),  # a repeated label
        _node("GGGGGGGGGGGGGGGGGGGG7", "label", "A heading", 0, -50),
        _node("IIIIIIIIIIIIIIIIIIII9", "topic", "Gamma", 0, 600),
        {"id": "LINE", "type": "vertical", "position": {"x": 45, "y": 440}, "width": 20, "height": 160, "data": {}},
    ]
    edges = [
        _edge("AAAAAAAAAAAAAAAAAAAA1", "BBBBBBBBBBBBBBBBBBBB2", "solid"),
        _edge("BBBBBBBBBBBBBBBBBBBB2", "FFFFFFFFFFFFFFFFFFFF6", "solid"),
        _edge("FFFFFFFFFFFFFFFFFFFF6", "AAAAAAAAAAAAAAAAAAAA1", "solid"),  # would close a cycle
        _edge("CCCCCCCCCCCCCCCCCCCC3", "AAAAAAAAAAAAAAAAAAAA1", "dashed"),
        _edge("AAAAAAAAAAAAAAAAAAAA1", "ZZZZZZZZZZZZZZZZZZZZ9", "solid"),  # to a missing node
    ]
    (widget / "widget.json").write_text(json.dumps({"nodes": nodes, "edges": edges}), encoding="utf-8")
    mapping = {"beta": "BBBBBBBBBBBBBBBBBBBB2", "beta:mapped": "EEEEEEEEEEEEEEEEEEEE5"}
    (widget / "migration-mapping.json").write_text(json.dumps(mapping), encoding="utf-8")
    files = {
        "alpha-basics@AAAAAAAAAAAAAAAAAAAA1.md": _content(
            "Alpha", [("official", "Alpha docs", "https://example.com/alpha"), ("video", "Bad", "javascript:alert(1)")]
        ),
        "beta@BBBBBBBBBBBBBBBBBBBB2.md": _content("Beta", [("article", "Beta post", "http://example.com/beta")]),
        "alpha-part@CCCCCCCCCCCCCCCCCCCC3.md": _content("Alpha Part"),
        "beta-part@DDDDDDDDDDDDDDDDDDDD4.md": _content("Beta Part"),
        "mapped-part@EEEEEEEEEEEEEEEEEEEE5.md": _content("Mapped Part"),
        "lonely@HHHHHHHHHHHHHHHHHHHH8.md": _content("Lonely Topic", [("course", "C", "data:text/html,x")]),
    }
    for name, text in files.items():
        (widget / "content" / name).write_text(text, encoding="utf-8")

    gadget = base / "gadget"
    (gadget / "content").mkdir(parents=True)
    (gadget / "gadget.md").write_text("---\ntitle: 'Gadget Roadmap'\n---\n", encoding="utf-8")

    def group(name, label, y):
        label_control = {"typeID": "Label", "properties": {"text": label}}
        return {
            "typeID": "__group__",
            "x": "0",
            "y": str(y),
            "properties": {"controlName": name},
            "children": {"controls": {"control": [{"typeID": "TextArea"}, label_control]}},
        }

    controls = [
        group("101-second-step", "Second Step", 0),
        group("100-first-step", "First Step", 100),
        group("100-first-step:inner-thing", "Inner Thing", 150),
        {"typeID": "Arrow", "x": "1", "y": "2"},
        group("ext_link:roadmap.sh/widget", "Widget Roadmap", 300),  # a link to another roadmap, not a topic
    ]
    (gadget / "gadget.json").write_text(json.dumps({"mockup": {"controls": {"control": controls}}}), encoding="utf-8")
    (gadget / "content" / "first-step@QQQQQQQQQQQQQQQQQQQQ1.md").write_text(
        _content("First Step", [("official", "Docs", "https://example.com/first")]), encoding="utf-8"
    )
    (gadget / "content" / "inner-thing@QQQQQQQQQQQQQQQQQQQQ2.md").write_text(_content("Inner Thing"), encoding="utf-8")
    return root


@pytest.fixture
def checkout(tmp_path):
    return make_checkout(tmp_path / "checkout")


def _load(out: Path, rid: str) -> dict:
    return yaml.safe_load((out / "roadmaps" / f"{rid}.yaml").read_text(encoding="utf-8"))


def test_editor_roadmap(checkout, tmp_path):
    out = tmp_path / "out"
    (summary,) = import_roadmapsh(checkout, out, roadmaps=["widget"])
    assert (summary.topics, summary.subtopics) == (4, 3)
    assert summary.resources == 2 and summary.dropped_links == 2  # javascript: and data:
    assert summary.dropped_edges == 2  # the missing node and the cycle
    assert summary.guessed_parents == 1
    assert summary.orphans == ["lonely@HHHHHHHHHHHHHHHHHHHH8.md"]
    doc = _load(out, "rs-widget")
    assert doc["name"] == "Widget Roadmap" and doc["facets"] == {"related_roadmaps": ["gadget"]}
    topics, other = doc["categories"]
    alpha, beta, beta2, gamma = topics["topics"]
    assert (alpha["id"], alpha["name"]) == ("alpha-basics", "Alpha Basics")  # HTML stripped
    assert alpha["description"] == "Alpha is a thing to learn. It has two lines."
    assert alpha["resources"] == [{"type": "official", "title": "Alpha docs", "url": "https://example.com/alpha"}]
    assert [s["name"] for s in alpha["subtopics"]] == ["Alpha Part"]
    assert [s["name"] for s in beta["subtopics"]] == ["Mapped Part", "Beta Part"]  # by position
    assert (beta["id"], beta2["id"]) == ("beta", "beta-2")
    reason = "suggested order on roadmap.sh"
    assert beta["requires"] == [{"topic": "rs-widget/topics/alpha-basics", "strength": "recommended", "reason": reason}]
    assert beta2["requires"][0]["topic"] == "rs-widget/topics/beta"
    assert gamma["requires"] == [{"topic": "rs-widget/topics/beta-2", "strength": "recommended", "reason": reason}]
    assert "requires" not in alpha  # the cycle-closing edge is dropped
    assert other["name"] == "Other" and other["topics"][0]["name"] == "Lonely Topic"
    alpha_part, (mapped, beta_part) = alpha["subtopics"][0], beta["subtopics"]
    assert alpha_part["flags"] == ["any-order"] and "flags" not in alpha
    origins = [t["origin"] for t in (alpha, alpha_part, mapped, beta_part, other["topics"][0])]
    assert [o.get("parent") for o in origins] == [None, "drawn", "mapping", "guessed", None]
    assert origins[0] == {"source": "roadmap.sh", "node": "AAAAAAAAAAAAAAAAAAAA1"}
    assert origins[4]["node"] == "HHHHHHHHHHHHHHHHHHHH8"  # an orphan file's node id


def test_output_loads_and_keeps_resources(checkout, tmp_path):
    out = tmp_path / "out"
    import_roadmapsh(checkout, out, roadmaps=["widget", "gadget"])
    G = kgraph.load_graph([out], use_entry_points=False)
    alpha = G.nodes["topic:rs-widget/topics/alpha-basics"]
    assert alpha["resources"][0]["url"] == "https://example.com/alpha"
    edges = G.get_edge_data("topic:rs-widget/topics/beta", "topic:rs-widget/topics/alpha-basics") or {}
    assert any(e.get("strength") == "recommended" for e in edges.values())


def test_balsamiq_roadmap(checkout, tmp_path):
    out = tmp_path / "out"
    (summary,) = import_roadmapsh(checkout, out, roadmaps=["gadget"], id_prefix="x-")
    assert summary.diagram == "balsamiq" and (summary.topics, summary.subtopics) == (2, 1)
    doc = _load(out, "x-gadget")
    first, second = doc["categories"][0]["topics"]
    assert (first["name"], second["name"]) == ("First Step", "Second Step")  # by the number
    assert first["resources"][0]["url"] == "https://example.com/first"
    assert first["subtopics"][0]["name"] == "Inner Thing" and not summary.orphans
    assert first["subtopics"][0]["origin"]["parent"] == "numbered"
    reason = "suggested order on roadmap.sh"  # the numbered path is the drawn order
    assert second["requires"] == [{"topic": "x-gadget/topics/first-step", "strength": "recommended", "reason": reason}]
    assert "requires" not in first


def test_deterministic(checkout, tmp_path):
    import_roadmapsh(checkout, tmp_path / "a", roadmaps=["all"])
    import_roadmapsh(checkout, tmp_path / "b", roadmaps=["all"])
    names = sorted(p.name for p in (tmp_path / "a" / "roadmaps").iterdir())
    assert names == ["rs-gadget.yaml", "rs-widget.yaml"]
    for name in names:
        assert (tmp_path / "a" / "roadmaps" / name).read_bytes() == (tmp_path / "b" / "roadmaps" / name).read_bytes()


def test_cli_validate_and_info(run, checkout, tmp_path):
    out = tmp_path / "out"
    result = run("-q", "import", "roadmapsh", checkout, "-o", out, "--roadmap", "widget", "--roadmap", "gadget")
    assert result.exit_code == 0, result.output
    assert "rs-widget: 4 topics, 3 subtopics" in result.stderr
    assert run("-q", "validate", out).exit_code == 0
    info = run("-q", "--plugins", out, "info", "--format", "json")
    assert "roadmap:rs-gadget" in [r["id"] for r in json.loads(info.stdout)["roadmaps"]]
    shown = run("-q", "--plugins", out, "show", "topic:rs-widget/topics/alpha-basics")
    assert shown.exit_code == 0 and "Resources\n  [official] Alpha docs: https://example.com/alpha" in shown.stdout
    assert "javascript:" not in shown.stdout
    assert run("-q", "import", "roadmapsh", checkout, "-o", out, "--roadmap", "widget").exit_code == 2
    assert run("-q", "import", "roadmapsh", checkout, "-o", out, "--roadmap", "widget", "--force").exit_code == 0
    assert not (out / "roadmaps" / "rs-gadget.yaml").exists()  # replaced as a whole


def _break(checkout: Path, relative: str, data: bytes) -> None:
    (checkout / "src" / "data" / "roadmaps" / relative).write_bytes(data)


@pytest.mark.parametrize(
    ("relative", "data", "expected"),
    [
        ("widget/widget.json", b'{"nodes": [\n  {"id": }\n]}', "widget.json:2:"),
        ("widget/content/beta@BBBBBBBBBBBBBBBBBBBB2.md", b"# Beta\n\xff\n", "not valid UTF-8"),
        ("widget/widget.json", b"[1, 2]", "neither the editor format"),
        (
            "widget/widget.json",
            b'{"nodes": [{"id": "N1", "type": "topic", "data": {"label": " "}}]}',
            "'N1' has no label",
        ),
        ("widget/widget.json", b" " * (50 * 1024 * 1024) + b"{}", "widget.json: file is too large"),
    ],
)
def test_bad_input_is_one_line_exit_2(run, checkout, tmp_path, relative, data, expected):
    _break(checkout, relative, data)
    out = tmp_path / "out"
    result = run("-q", "import", "roadmapsh", checkout, "-o", out, "--roadmap", "widget")
    assert result.exit_code == 2
    assert expected in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not out.exists() and [p.name for p in tmp_path.iterdir()] == ["checkout"]


def test_not_a_checkout_or_missing_roadmap(checkout, tmp_path):
    with pytest.raises(InputError, match=r"not a roadmap\.sh checkout"):
        import_roadmapsh(tmp_path, tmp_path / "out")
    with pytest.raises(InputError, match="no such roadmap"):
        import_roadmapsh(checkout, tmp_path / "out")  # the default seven are not in the fixture
    with pytest.raises(InputError, match="id-prefix"):
        import_roadmapsh(checkout, tmp_path / "out", roadmaps=["widget"], id_prefix="Bad Prefix")
    with pytest.raises(PluginError):
        _break(checkout, "widget/widget.json", b"{")
        import_roadmapsh(checkout, tmp_path / "out", roadmaps=["widget"])
    assert not (tmp_path / "out").exists()


def test_parse_content_keeps_http_links_only():
    text = "# T\n\nFirst <i>para</i> with [a link](https://example.com).\n\nSecond para.\n\n"
    text += "- [@article@A](https://example.com/a)\n- [@video@B](ftp://example.com/b)\n"
    content = parse_content(text, "t", "N", Path("t@N.md"))
    assert content.title == "T" and content.description == "First para with a link."
    assert content.resources == [{"type": "article", "title": "A", "url": "https://example.com/a"}]
    assert content.dropped == 1


def test_schema_checks_resources(run, tmp_path):
    from tests.conftest import roadmap_doc, write_yaml

    topics = [{"name": "Basics", "resources": [{"type": "video", "title": "T", "url": "javascript:alert(1)"}]}]
    write_yaml(tmp_path / "p" / "extra.yaml", roadmap_doc(topics=topics))
    result = run("-q", "validate", tmp_path / "p")
    assert result.exit_code == 2 and "must be an http or https URL" in result.stderr


def test_output_under_a_file_is_exit_3_one_line(run, checkout, tmp_path):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    result = run("-q", "import", "roadmapsh", checkout, "-o", tmp_path / "afile" / "out", "--roadmap", "widget")
    assert result.exit_code == 3 and "cannot write" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
