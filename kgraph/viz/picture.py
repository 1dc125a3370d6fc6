"""Static pictures of a learning plan or a path, to share: SVG or PNG, drawn with matplotlib.

A plan is drawn stage by stage: one column per stage, one box per topic (its name, its roadmap's
colour, the hours the plan counts: ``2 of 4 h`` when only a part is needed), an arrow from each
prerequisite to the topic that needs it, the goals in bold and the longest chain in red. A path
is one row of boxes, from the topic you know to the goal.

matplotlib is an optional extra (``pip install 'kgraph[picture]'``) and is imported only when a
picture is drawn. A :class:`Picture` holds a plain :class:`matplotlib.figure.Figure` on the Agg
canvas (no display, no pyplot state) and shows inline in Jupyter. ``Picture.write`` writes SVG
with every name as a ``<text>`` element (escaped by matplotlib: a name holding markup stays
text), the same plan giving the same bytes, and writes nothing when drawing fails.
"""

from __future__ import annotations

import io
import itertools
import textwrap
import warnings
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape as xml_escape

import networkx as nx

from kgraph._util.files import atomic_write
from kgraph._util.text import counted
from kgraph.errors import InputError
from kgraph.viz.picture_layout import order_layers, place_layers

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from kgraph.analysis.paths import LearningPath
    from kgraph.analysis.plans import Plan

FORMATS = ("svg", "png")
NEEDS_MATPLOTLIB = "pictures need matplotlib: pip install 'kgraph[picture]'"
ROADMAP_COLORS = {
    "roadmap:devops": "#fdd0a2",
    "roadmap:aws": "#ffe08a",
    "roadmap:kubernetes": "#c6dbef",
    "roadmap:docker": "#a1d99b",
    "roadmap:terraform": "#dadaeb",
    "roadmap:cloudflare": "#fcbba1",
    "roadmap:system_design": "#d9d9d9",
}
OTHER_COLORS = ("#ccebc5", "#fbb4ae", "#b3cde3", "#decbe4", "#fed9a6", "#ffffcc", "#e5d8bd", "#fddaec")
CHAIN = "#c0392b"
DPI = 120  # pixels per inch of a PNG (a figure shows at 100 in Jupyter)
# geometry, in inches (one data unit is one inch)
BOX_W, GAP_X, MARGIN = 1.55, 0.55, 0.35
LINE_H, PAD, GAP_Y, THROUGH_H = 0.165, 0.09, 0.22, 0.04
CHARS, MAX_LINES = 18, 8
_RC = {
    "svg.fonttype": "none",  # names stay text in the SVG
    "svg.hashsalt": "kgraph",  # ids do not change from run to run
    "text.parse_math": False,  # a '$' in a name is a '$'
    "text.usetex": False,
    "font.family": "DejaVu Sans",
    "font.size": 9,
}


def _matplotlib():
    try:
        import matplotlib  # noqa: F401
        from matplotlib.figure import Figure
    except ImportError:
        raise InputError(NEEDS_MATPLOTLIB) from None
    return Figure


def check_matplotlib() -> None:
    """Raise :class:`InputError` (the message says how to install it) without matplotlib."""
    _matplotlib()


def picture_format(path: str | Path) -> str | None:
    """``svg`` or ``png`` for a file name ending so (any case), else None.

    >>> picture_format("plan.SVG"), picture_format("graph.html")
    ('svg', None)
    """
    suffix = Path(path).suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


@contextmanager
def _style():
    from matplotlib import rc_context

    with rc_context(_RC), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from")
        warnings.filterwarnings("ignore", message=r"Matplotlib currently does not support")
        yield


@dataclass
class _Box:
    key: str
    name: str
    detail: str
    fill: str
    edge: str = "0.3"
    width: float = 0.8
    bold: bool = False
    dashed: bool = False

    @property
    def lines(self) -> list[str]:
        text = " ".join(self.name.split()) or "?"
        return textwrap.wrap(text, CHARS, max_lines=MAX_LINES, placeholder=" …") or ["?"]

    @property
    def height(self) -> float:
        return (len(self.lines) + 1) * LINE_H + 2 * PAD + 0.06


def _wrap(text: str, width_in: float, points: float) -> list[str]:
    chars = max(20, int(width_in * 72 / (points * 0.6)))
    return textwrap.wrap(" ".join(text.split()), chars, max_lines=3, placeholder=" …") or [""]


def _colors(roadmaps: Iterable[str]) -> dict[str, str]:
    others = itertools.cycle(OTHER_COLORS)
    return {r: ROADMAP_COLORS.get(r) or next(others) for r in sorted(set(roadmaps), key=str)}


def _hours(value: float | None) -> str:
    return "? h" if value is None else f"{value:g} h"


def _draw(
    columns: list[list[_Box]],
    links: list[tuple[str, str, bool]],
    *,
    title: str,
    subtitle: str,
    labels: Sequence[str],
    legend: list[tuple[str, str, str]],
    chain: bool,
    notes: Sequence[str] = (),
    arrows: bool = True,
) -> Picture:
    """Boxes in columns joined by curves from column to column, threaded between the boxes."""
    Figure = _matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Patch
    from matplotlib.path import Path as MPath

    boxes = {box.key: box for column in columns for box in column}
    layer_of = {box.key: c for c, column in enumerate(columns) for box in column}
    layers = [[box.key for box in column] for column in columns]
    height = {key: box.height for key, box in boxes.items()}
    up: dict[str, list[str]] = {key: [] for key in boxes}
    down: dict[str, list[str]] = {key: [] for key in boxes}
    routes = []
    for n, (a, b, _) in enumerate(links):
        route = [a, *(f"\0{n}:{c}" for c in range(layer_of[a] + 1, layer_of[b])), b]
        for c, item in zip(range(layer_of[a] + 1, layer_of[b]), route[1:-1], strict=True):
            layers[c].append(item)
            height[item], up[item], down[item] = THROUGH_H, [], []
        for left, right in itertools.pairwise(route):
            down[left].append(right)
            up[right].append(left)
        routes.append(route)
    order = order_layers(layers, up, down)
    y = place_layers(order, height, up, GAP_Y)
    content = max(y[i] + height[i] / 2 for i in y) - min(y[i] - height[i] / 2 for i in y)
    y0 = min(y[i] - height[i] / 2 for i in y)

    width = max(7.0, 2 * MARGIN + len(columns) * (BOX_W + GAP_X) - GAP_X)
    title_lines = _wrap(title, width - 2 * MARGIN, 13)
    subtitle_lines = _wrap(subtitle, width - 2 * MARGIN, 10)
    per_row = max(1, int((width - 2 * MARGIN) // 1.9))
    legend_rows = -(-(len(legend) + chain) // per_row)
    head = 0.3 + 0.25 * len(title_lines) + 0.2 * len(subtitle_lines) + (0.35 if labels else 0.15)
    foot = 0.25 + 0.28 * legend_rows + 0.2 * len(notes)
    fig_h = head + content + foot
    with _style():
        fig = Figure(figsize=(width, fig_h), dpi=100)
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, width)
        ax.set_ylim(0, fig_h)
        ax.axis("off")
        left = (width - (len(columns) * (BOX_W + GAP_X) - GAP_X)) / 2

        def at(item: str) -> tuple[float, float]:
            x = left + BOX_W / 2 + layer_of.get(item, 0) * (BOX_W + GAP_X)
            if item.startswith("\0"):
                x = left + BOX_W / 2 + int(item.rsplit(":", 1)[1]) * (BOX_W + GAP_X)
            return x, fig_h - head - (y[item] - y0)

        # ports: where each box's arrows leave and arrive, spread along its side, in order
        ports: dict[tuple[str, str, str], float] = {}
        for key, box in boxes.items():
            for side, near in (("in", up[key]), ("out", down[key])):
                ends = sorted(near, key=lambda n: at(n)[1], reverse=True)
                room = min(0.1, (box.height - 2 * PAD) / max(1, len(ends) - 1))
                for i, n in enumerate(ends):
                    ports[(side, key, n)] = at(key)[1] - (i - (len(ends) - 1) / 2) * room
        for route, (_, _, red) in sorted(zip(routes, links, strict=True), key=lambda p: p[1][2]):
            points = []
            for item in route:
                x, yy = at(item)
                if item in boxes:
                    other = route[1] if item == route[0] else route[-2]
                    side = "out" if item == route[0] else "in"
                    port = ports[(side, item, other)]
                    points.append((x + (BOX_W / 2 if side == "out" else -BOX_W / 2), port))
                else:
                    points += [(x - BOX_W / 2 - 0.05, yy), (x + BOX_W / 2 + 0.05, yy)]
            verts, codes = [points[0]], [MPath.MOVETO]
            for (x1, y1), (x2, y2) in itertools.pairwise(points):
                if abs(y1 - y2) < 1e-9 or x2 - x1 > GAP_X + 0.2:
                    verts.append((x2, y2))
                    codes.append(MPath.LINETO)
                else:
                    mid = (x1 + x2) / 2
                    verts += [(mid, y1), (mid, y2), (x2, y2)]
                    codes += [MPath.CURVE4] * 3
            ax.add_patch(
                FancyArrowPatch(
                    path=MPath(verts, codes),
                    arrowstyle="-|>,head_length=0.5,head_width=0.25" if arrows else "-",
                    mutation_scale=10,
                    color=CHAIN if red else "0.45",
                    lw=2.0 if red else 0.9,
                    zorder=3 if red else 2,
                )
            )
        titles = {}
        for number, (key, box) in enumerate(boxes.items()):
            x, yy = at(key)
            titles[f"kg-topic-{number}"] = box.name
            patch = ax.add_patch(
                FancyBboxPatch(
                    (x - BOX_W / 2, yy - box.height / 2),
                    BOX_W,
                    box.height,
                    boxstyle="round,pad=0,rounding_size=0.07",
                    facecolor=box.fill,
                    edgecolor=box.edge,
                    lw=box.width,
                    linestyle="--" if box.dashed else "-",
                    zorder=4,
                )
            )
            patch.set_gid(f"kg-topic-{number}")  # the SVG gives the box its whole name as a <title>
            top = yy + box.height / 2 - PAD - LINE_H / 2
            weight = "bold" if box.bold else "normal"
            for i, line in enumerate(box.lines):
                ax.text(x, top - i * LINE_H, line, ha="center", va="center", fontweight=weight, zorder=5)
            bottom = yy - box.height / 2 + PAD + LINE_H / 2
            ax.text(x, bottom, box.detail, ha="center", va="center", color="0.25", fontsize=8.5, zorder=5)

        ty = fig_h - 0.3
        for line in title_lines:
            ax.text(MARGIN, ty, line, fontsize=13, fontweight="bold", va="center")
            ty -= 0.25
        for line in subtitle_lines:
            ax.text(MARGIN, ty, line, fontsize=10, color="0.25", va="center")
            ty -= 0.2
        for c, label in enumerate(labels):
            ax.text(left + BOX_W / 2 + c * (BOX_W + GAP_X), ty - 0.12, label, ha="center", color="0.35", fontsize=10)
        handles = [Patch(facecolor=fill, edgecolor="0.3", lw=0.8, ls=ls, label=name) for name, fill, ls in legend]
        if chain:
            handles.append(Line2D([], [], color=CHAIN, lw=2.0, label="longest chain"))
        if handles:
            fig.legend(
                handles=handles,
                loc="lower center",
                bbox_to_anchor=(0.5, (0.05 + 0.2 * len(notes)) / fig_h),
                ncol=min(len(handles), per_row),
                frameon=False,
                fontsize=9,
                handlelength=1.6,
                columnspacing=1.4,
            )
        for i, note in enumerate(notes):
            ax.text(width / 2, 0.15 + 0.2 * (len(notes) - 1 - i), note, ha="center", fontsize=8.5, color="0.35")
    return Picture(fig, titles)


def _name(G: nx.MultiDiGraph, node: str | None) -> str:
    return str(G.nodes[node].get("name", node)) if node in G else str(node)


def plan_picture(G: nx.MultiDiGraph, plan: Plan, *, title: str | None = None, chain: bool = True) -> Picture:
    """The plan as a diagram: a column per stage, a box per topic, arrows prerequisite -> topic.

    Boxes are coloured by roadmap and give the hours the plan counts (``2 of 4 h``: a part of
    the topic); the goals are in bold; with ``chain``, the longest chain is in red. The title
    names the goals and the total hours unless ``title`` is given.

    Raises:
        InputError: the plan is empty, or matplotlib is not installed.

    Example:
        >>> hpa = "topic:kubernetes/scaling-considerations/horizontal-pod-autoscaler-hpa"
        >>> from kgraph.analysis.plans import learning_plan
        >>> picture = plan_picture(G, learning_plan(G, [hpa]))
        >>> b">Horizontal Pod</text>" in picture.data("svg")  # names are text
        True
    """
    _matplotlib()
    if not plan.steps:
        raise InputError("nothing to draw: the plan is empty (its goals are known or done)")
    longest = plan.durations().longest_chain
    red = set(longest) if chain and len(longest) > 1 else set()
    red_links = set(itertools.pairwise(longest)) if red else set()
    colors = _colors(step.roadmap for step in plan.steps)
    in_plan = set(plan.topics)
    columns = []
    for stage in plan.stages:
        column = []
        for step in stage:
            partial = step.part and step.effort_hours < step.topic_hours
            hours = f"{step.effort_hours:g} of {step.topic_hours:g} h" if partial else _hours(step.effort_hours)
            marks = ["goal"] * step.goal + [step.status or ""] * bool(step.status)
            column.append(
                _Box(
                    step.topic,
                    step.name,
                    " · ".join([*marks, hours]),
                    colors[step.roadmap],
                    edge=CHAIN if step.topic in red else ("0.1" if step.goal else "0.3"),
                    width=2.0 if step.topic in red or step.goal else 0.8,
                    bold=step.goal,
                    dashed=step.recommended,
                )
            )
        columns.append(column)
    links = [(a, step.topic, (a, step.topic) in red_links) for step in plan.steps for a in step.after if a in in_plan]
    goals = [_name(G, g) for g in plan.goals]
    stages = len(plan.stages)
    times = plan.durations()
    subtitle = (
        f"{counted(len(plan.steps), 'topic')}, {plan.total_effort_hours:g} h "
        f"in {counted(stages, 'stage')}; longest chain {times.longest_chain_hours:g} h"
    )
    notes = []
    if any(step.part for step in plan.steps):
        notes.append("“2 of 4 h”: the plan needs only a part of that topic")
    return _draw(
        columns,
        links,
        title=title if title is not None else f"Learning plan: {', '.join(goals)} ({plan.total_effort_hours:g} h)",
        subtitle=subtitle,
        labels=[f"stage {c}" for c in range(1, stages + 1)],
        legend=[(_name(G, r), fill, "-") for r, fill in colors.items()]
        + [("recommended", "white", "--")] * any(step.recommended for step in plan.steps),
        chain=bool(red),
        notes=notes,
    )


def path_picture(G: nx.MultiDiGraph, path: LearningPath, *, title: str | None = None) -> Picture:
    """A path as a row of boxes, from the topic you know to the goal, each arrow to the topic
    that needs it (plain lines for an ``any-edge`` path, which is no learning order).

    Raises:
        InputError: matplotlib is not installed.

    Example:
        >>> from kgraph.analysis.paths import learning_path
        >>> images = "topic:docker/core-competencies/image-building"
        >>> rolling = "topic:kubernetes/deployment-strategies/rolling-updates"
        >>> picture = path_picture(G, learning_path(G, images, rolling)[0])
        >>> b">Core Objects</text>" in picture.data("svg")
        True
    """
    _matplotlib()
    colors = _colors(step.roadmap or "" for step in path.steps)
    last = len(path.steps) - 1
    columns = [
        [
            _Box(
                f"{i}\1{step.topic}",
                step.name,
                "you know it" if i == 0 else ("goal · " if i == last else "") + _hours(step.effort_hours),
                colors[step.roadmap or ""],
                edge="0.1" if i == last else "0.3",
                width=2.0 if i == last else 0.8,
                bold=i == last,
            )
        ]
        for i, step in enumerate(path.steps)
    ]
    keys = [column[0].key for column in columns]
    hours = sum(step.effort_hours or 0 for step in path.steps[1:])
    start, goal = path.steps[0].name, path.steps[-1].name
    return _draw(
        columns,
        [(a, b, False) for a, b in itertools.pairwise(keys)],
        title=title if title is not None else f"Path: {start} → {goal}",
        subtitle=f"{counted(path.length, 'step')} after {start}; {hours:g} h of topics"
        + (" (related by any edge, not a learning order)" if path.relation != "requires" else ""),
        labels=[],
        legend=[(_name(G, r), fill, "-") for r, fill in colors.items() if r],
        chain=False,
        arrows=path.relation == "requires",
    )


@dataclass
class Picture:
    """A drawn plan or path: its matplotlib ``figure``; ``write`` saves it as SVG or PNG, and
    it shows inline in Jupyter."""

    figure: Figure
    titles: dict[str, str] = field(default_factory=dict)
    """Each topic box's SVG id and its whole topic name (its text may be wrapped over lines)."""

    def data(self, format: str = "svg", *, dpi: float = DPI) -> bytes:
        """The picture as SVG or PNG bytes: text stays ``<text>`` in SVG, and no date is kept,
        so the same plan gives the same bytes.

        Raises:
            InputError: ``format`` is not ``svg`` or ``png``.
        """
        if format not in FORMATS:
            raise InputError(f"a picture is written as .svg or .png, not {format!r}")
        buffer = io.BytesIO()
        with _style():
            metadata = {"Date": None} if format == "svg" else {"Software": None}
            self.figure.savefig(buffer, format=format, dpi=dpi, metadata=metadata)
        data = buffer.getvalue()
        if format == "svg":  # each box names its whole topic (its text may be wrapped over lines)
            for gid, name in self.titles.items():
                title = xml_escape(" ".join(name.split()))
                opening = f'<g id="{gid}">'
                data = data.replace(opening.encode(), f"{opening}\n   <title>{title}</title>".encode(), 1)
        return data

    def write(self, path: str | Path, *, format: str | None = None) -> Path:
        """Write the picture to ``path`` (SVG or PNG, from its suffix or ``format``), atomically
        and only once drawn: a failure leaves no file.

        Raises:
            InputError: not an SVG or PNG name.
            StoreError: the file cannot be written.
        """
        kind = (format or "").lower() or picture_format(path)
        if kind not in FORMATS:
            raise InputError(f"{path}: a picture is written as .svg or .png")
        data = self.data(kind)
        return atomic_write(Path(path), lambda handle: handle.write(data))

    def _repr_png_(self) -> bytes:
        """Jupyter: the picture at 100 pixels an inch."""
        return self.data("png", dpi=100)
