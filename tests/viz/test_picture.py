"""Pictures of a plan or a path (``kgraph viz --plan ... -o plan.svg|png``): valid SVG naming every
topic as text, a real PNG, the same bytes each time, hostile names kept as text, one-line errors
that write nothing."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

import kgraph
from kgraph.errors import InputError
from tests.viz.hostile import ANY_OF, PAYLOADS, REQUIRES, TOPIC, write_hostile_plugins

SVG = "{http://www.w3.org/2000/svg}"
AWS = "aws:Containerized Deployment"
BIG = [
    "topic:aws/infrastructure-patterns/microservices-on-ecs",
    "topic:aws/infrastructure-patterns/high-availability-pattern",
    "topic:aws/infrastructure-patterns/serverless-data-pipeline",
]


def svg_text(path) -> str:
    """Every <text> of the SVG joined, with no whitespace (names may be wrapped over lines)."""
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    return re.sub(r"\s+", "", "".join("".join(t.itertext()) for t in root.iter(f"{SVG}text")))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("goals", [[AWS], ["kubernetes:HPA"], BIG], ids=["aws", "hpa", "three-goals"])
def test_plan_svg_names_every_topic(run, tmp_path, builtin_graph, goals):
    out = tmp_path / "plan.svg"
    result = run("viz", *(a for g in goals for a in ("--plan", g)), "-o", out, "--no-progress")
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"wrote \S+plan\.svg \(\d+ topics in \d+ stages\)\n", result.stderr)
    plan = kgraph.learning_plan(builtin_graph, [kgraph.resolve_topic(builtin_graph, g) for g in goals])
    text = svg_text(out)
    for step in plan.steps:
        assert squeeze(step.name) in text, step.name
    assert f"{plan.total_effort_hours:g}h" in text and "stage1" in text and "longestchain" in text
    assert "<path" in out.read_text()  # boxes and arrows are drawn, names are text
    titles = [t.text for t in ET.parse(out).getroot().iter(f"{SVG}title")]
    assert sorted(titles) == sorted(step.name for step in plan.steps)  # each box has its whole name


def test_plan_svg_is_the_same_each_time(tmp_path, builtin_graph):
    hpa = kgraph.resolve_topic(builtin_graph, "kubernetes:HPA")
    plan = kgraph.learning_plan(builtin_graph, [hpa])
    first = kgraph.plan_picture(builtin_graph, plan).write(tmp_path / "a.svg").read_bytes()
    second = kgraph.plan_picture(builtin_graph, plan).write(tmp_path / "b.svg").read_bytes()
    assert first == second
    assert b"<dc:date>" not in first


def test_the_same_bytes_from_two_processes(tmp_path):
    outputs = []
    for name in ("one.svg", "two.svg"):
        command = [
            sys.executable,
            "-c",
            "from kgraph.cli import main; main()",
            "viz",
            "--plan",
            AWS,
            "-o",
            tmp_path / name,
        ]
        subprocess.run(command, check=True, capture_output=True)
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]


def test_plan_png_is_a_picture(run, tmp_path):
    from PIL import Image, ImageStat

    out = tmp_path / "plan.png"
    result = run("viz", "--plan", AWS, "-o", out, "--no-progress")
    assert result.exit_code == 0, result.output
    with Image.open(out) as image:
        assert image.format == "PNG"
        assert image.width > 300 and image.height > 200
        stat = ImageStat.Stat(image.convert("L"))
        assert stat.extrema[0][0] < 80 and stat.stddev[0] > 10  # dark text and boxes on white, not blank


def test_path_picture(run, tmp_path, builtin_graph):
    out = tmp_path / "path.svg"
    result = run("viz", "--path", "docker:Image Building", "kubernetes:Rolling Updates", "-o", out)
    assert result.exit_code == 0, result.output
    assert "(4 topics)" in result.stderr
    text = svg_text(out)
    for name in ("Image Building", "Core Objects", "Workload Resources", "Rolling Updates"):
        assert squeeze(name) in text
    png = tmp_path / "path.PNG"
    assert run("viz", "--path", "docker:Image Building", "kubernetes:Rolling Updates", "-o", png).exit_code == 0
    assert png.read_bytes().startswith(b"\x89PNG")


def test_title_is_the_callers(run, tmp_path):
    out = tmp_path / "plan.svg"
    assert run("viz", "--plan", "kubernetes:HPA", "--title", "Team <plan> & more", "-o", out).exit_code == 0
    assert "Team &lt;plan&gt; &amp; more" in out.read_text()
    assert "Team<plan>&more" in svg_text(out)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], " viz: a picture needs --plan or --path"),
        (["--plan", "kubernetes:HPA", "--path", "docker:Image Building", "kubernetes:HPA"], "not both"),
        (["--plan", "kubernetes:HPA", "--roadmap", "docker"], "--roadmap go with an HTML page"),
        (["--path", "docker:Image Building", "kubernetes:HPA", "--context"], "--context go with an HTML page"),
        (["--plan", "kubernetes:HPA", "--known", "kubernetes"], "kgraph: nothing to draw: the plan is empty"),
        (["--plan", "kubernetes:nope"], "kgraph: unknown topic"),
    ],
)
@pytest.mark.parametrize("suffix", ["svg", "png"])
def test_errors_are_one_line_and_write_nothing(run, tmp_path, args, message, suffix):
    out = tmp_path / f"graph.{suffix}"
    result = run("viz", *args, "-o", out)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_without_matplotlib(run, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # `import matplotlib` raises ImportError
    out = tmp_path / "plan.svg"
    result = run("viz", "--plan", "kubernetes:HPA", "-o", out)
    assert result.exit_code == 2
    assert result.stderr == "kgraph: pictures need matplotlib: pip install 'kgraph[picture]'\n"
    assert not out.exists()
    assert run("viz", "--plan", "kubernetes:HPA", "-o", tmp_path / "plan.html").exit_code == 0  # the page needs none


def test_help_does_not_import_matplotlib():
    code = (
        "import sys\nfrom kgraph.cli import cli\n"
        "for args in (['--help'], ['viz', '--help']):\n"
        "    try:\n        cli(args)\n    except SystemExit:\n        pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('matplotlib')))"
    )
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert done.stdout.splitlines()[-1] == "[]"


def test_a_picture_is_svg_or_png(builtin_graph, tmp_path):
    hpa = kgraph.resolve_topic(builtin_graph, "kubernetes:HPA")
    picture = kgraph.plan_picture(builtin_graph, kgraph.learning_plan(builtin_graph, [hpa]))
    with pytest.raises(InputError, match=r"\.svg or \.png"):
        picture.write(tmp_path / "plan.pdf")
    assert picture.write(tmp_path / "plan", format="png").read_bytes().startswith(b"\x89PNG")
    assert [p.name for p in tmp_path.iterdir()] == ["plan"]
    assert picture._repr_png_().startswith(b"\x89PNG")  # shows inline in Jupyter


def test_hostile_names_stay_text(run, tmp_path):
    """Names holding markup are escaped text in the SVG: no <script>, <img> or on* attribute."""
    plugins = write_hostile_plugins(tmp_path / "plugins")
    drawn = []
    for name, args in [
        ("plan.svg", ["--plan", ANY_OF]),
        ("path.svg", ["--path", TOPIC, REQUIRES]),
        ("title.svg", ["--plan", TOPIC, "--title", PAYLOADS["page-title"]]),
    ]:
        out = tmp_path / name
        result = run("--no-builtin", "--plugins", plugins, "viz", *args, "-o", out, "--no-progress")
        assert result.exit_code == 0, result.output
        root = ET.parse(out).getroot()
        tags = {element.tag.removeprefix(SVG) for element in root.iter()}
        assert not tags & {"script", "img", "foreignObject", "iframe", "a", "details", "meta"}, tags
        assert [style.text for style in root.iter(f"{SVG}style") if "@import" in (style.text or "")] == []
        attributes = {a.lower() for element in root.iter() for a in element.attrib}
        assert not [a for a in attributes if a.startswith("on") or "href" in a]
        drawn.append(svg_text(out))
    plan_text, path_text, title_text = drawn
    assert squeeze(PAYLOADS["topic-name"]) in plan_text and squeeze(PAYLOADS["any-of-name"]) in plan_text
    assert squeeze(PAYLOADS["requires-name"]) in path_text
    assert squeeze(PAYLOADS["page-title"])[:40] in title_text


def test_plan_figure_in_python(builtin_graph):
    plan = kgraph.learning_plan(builtin_graph, [kgraph.resolve_topic(builtin_graph, g) for g in BIG])
    figure = kgraph.plan_picture(builtin_graph, plan, title="Three goals", chain=False).figure
    assert max(len(stage) for stage in plan.stages) >= 8
    assert 8 < figure.get_figheight() < 16 and figure.get_figwidth() < 18  # grows with the plan, stays sharable
    assert "Three goals" in [t.get_text() for t in figure.axes[0].texts]
    assert "longest chain" not in [t.get_text() for legend in figure.legends for t in legend.get_texts()]
    with pytest.raises(InputError, match="nothing to draw"):
        kgraph.plan_picture(builtin_graph, kgraph.learning_plan(builtin_graph, [BIG[0]], known=[BIG[0]]))
