"""docs/benchmarks.md: every figure in it comes from the run that writes it."""

from __future__ import annotations

import re
from collections import Counter

from bench import datasets, synth
from bench.common import GOAL, SIZES, VIZ_SIZE
from bench.report import CHECK_HEADER, FAIL, PASS, markdown_table, scaling_rows
from bench.suites import MEMORY_SLOPE

INTRO = """\
# Benchmarks

Run them with `make bench` (or `.venv/bin/python -m bench`; `--quick` for a short trial on the
1k and 10k graphs, `--sizes 1k,10k,100k`, `--no-neo4j`, `--no-browser`, `--out FILE`). The harness
lives in `bench/`; this page is written by it, and every figure on it was measured in the run
described below: nothing is copied from earlier runs. Each target is shown with a baseline
measured in the same run, the ratio measured / baseline, and PASS or FAIL.

What each benchmark does:

1. **CLI startup** — `kgraph --help` and `kgraph plan {goal} --no-progress` on the built-in data,
   each a fresh process, median of several runs, against `python -c "import networkx"`. `plan`
   is timed with kgraph's build cache warm and again with `--no-cache`.
2. **Build** — `kgraph.load_graph([folder], builtin=False, use_entry_points=False)` with the
   build cache off, in a fresh process per graph: wall time of the call and the process's peak
   RSS. Baselines: parsing the same YAML files with PyYAML's C loader alone; the RSS of a process
   that imports the same code and builds nothing.
3. **Queries** — `learning_plan`, `learning_path` and `next_topics` on a loaded graph, median
   per query over random goals, random (prerequisite, goal) pairs joined by a chain, and random
   sets of five known topics. Baselines on the plain REQUIRES `DiGraph`: `nx.descendants` of the
   goal, `nx.shortest_path`, and the descendants of the known topics.
4. **Bridging centrality** — `cross_domain_centrality(G, metric="bridging", kind="all", top=50)`
   as shipped, on every size; the exact computation on the sizes where it is affordable is its
   baseline. The approximation is measured on the largest graph with an exact ranking: the
   estimator forced to the number of sampled sources it uses on the largest graph, top-50
   overlap with the exact ranking, worst of five seeds.
5. **Neo4j push** — `push_graph` of the two largest graphs into an emptied database (rows per
   second, nodes plus relationships), against a naive push of a sample of the largest graph with
   one auto-commit `MERGE` statement per node and per relationship; and the memory the push adds
   to the process, against the loaded graph's own memory.
6. **Interactive page** — `render_html` of a synthetic graph of about 5,000 nodes, then the page
   in headless Chromium (offline, as in the browser tests): milliseconds from navigation start to
   the first full draw, against the page of the built-in data.
"""

METHOD = """\
## Method

- **Synthetic data.** `bench/synth.py` writes ordinary plugin files, so every benchmark goes
  through the real loading path. {generator} Folders are generated once into
  `.bench-cache/data/`, keyed by size and a hash of the generator's source.
- **Fresh processes.** Every figure except the browser's comes from a child process that does
  one task (`bench/worker.py`), so imports, caches and memory of one task never leak into
  another. CLI timings run the installed `kgraph` script; one untimed run first fills the OS
  file cache and kgraph's build cache (`KGRAPH_CACHE_DIR=.bench-cache/kgraph-cache`, so the
  user's cache is left alone). Other tasks load their graph through that cache, which is not
  what they measure.
- **Memory.** Peak RSS is the kernel's high-water mark (`VmHWM`, the figure `getrusage`
  reports as `ru_maxrss`) of the child. For the push, the child loads the graph, records its
  RSS, resets the high-water mark (`/proc/self/clear_refs`), pushes, and reports the peak minus
  the RSS before the push: the memory the push itself adds. "The graph's own memory" is the RSS
  after loading minus the RSS before. A push that materialises rows for the whole graph adds
  memory in proportion to it, a good share of the graph's own; one bounded by its batch size
  adds about the same on both graphs. The target is on the growth row: the log-log slope of the
  added memory between the two graphs (near 0: bounded; near 1: proportional) must be at most
  {slope}; the row also shows the fixed and per-node parts fitted through the two points, so a
  small index kept per node stays visible.
- **Neo4j.** Unless `NEO4J_URI` is set, the benchmark starts its own dev server
  (`scripts/neo4j-dev` with `KGRAPH_NEO4J_HOME=.bench-cache/neo4j-dev`, so it never shares a
  database with `make test`) and stops it afterwards if it started it. The database is wiped
  before each push. The naive baseline runs with the same uniqueness constraints in place, so
  its `MERGE`s use the same index.
- **Browser.** An injected script watches the page's `data-ready` attribute (set with
  `window.kgraph.ready` after vis-network's first `afterDrawing`; physics is off, so the layout
  is settled then) and records `performance.now()` at that moment: milliseconds since
  navigation start. Median of the loads in one Chromium.
- **Slopes.** Between two sizes, `log(cost₂ / cost₁) / log(nodes₂ / nodes₁)` with the graphs'
  node counts: 1 means the cost grows linearly with the graph, 2 quadratically, 0 not at all.
  Costs of a few milliseconds are noisy, and so are their slopes.
- **Noise.** The machine's load average is shown above; other work running at the same time
  slows every figure down. Quick runs (`--quick`) use fewer repetitions.
"""


def _generator_text() -> str:
    """The second paragraph of the generator's docstring: what the synthetic roadmaps look like."""
    paragraphs = (synth.__doc__ or "").split("\n\n")
    return " ".join(paragraphs[1].split()) if len(paragraphs) > 1 else ""


def _summary(checks) -> str:
    counts = Counter(check.status for check in checks)
    parts = [f"**{counts[PASS]} PASS**", f"**{counts[FAIL]} FAIL**"]
    parts += [f"{n} {status}" for status, n in counts.items() if status not in (PASS, FAIL)]
    targets = [c for c in checks if c.status in (PASS, FAIL)]
    lines = [f"Targets: {', '.join(parts)}.", ""]
    lines += [f"- {c.status}: {c.name} — {c.measured_text()} (target {c.target_text()})" for c in targets]
    return "\n".join(lines)


def _run_table(run, context: dict) -> str:
    rows = [
        ["started", context["started"]],
        ["command", f"`{context['command'].strip()}`"],
        ["mode", "quick (fewer repetitions)" if run.settings.quick else "full"],
        ["duration", f"{context['minutes']:.1f} min"],
        ["load average (1/5/15 min) before → after", f"{context['load_before']} → {context['load_after']}"],
    ]
    rows += [[name, str(value)] for name, value in context["machine"].items()]
    return markdown_table(["", ""], rows)


def _data_table(run) -> str:
    rows = []
    for size, (_folder, meta) in run.data.items():
        nodes, edges = meta.get("nodes"), meta.get("edges")
        rows.append(
            [
                size,
                SIZES[size].shape,
                f"{meta['topics']:,}",
                f"{nodes:,}" if nodes else "—",
                f"{edges:,}" if edges else "—",
                f"{meta['requires']:,} ({meta['cross']:,} cross-roadmap, {meta['any_of']:,} any-of)",
                f"{meta['bytes'] / 1024**2:.1f} MiB",
            ]
        )
    header = ["size", "roadmaps × topics", "topics", "graph nodes", "graph edges", "prerequisites", "YAML"]
    note = (
        f"The page of benchmark 6 is drawn from a {VIZ_SIZE.shape} graph. "
        f"Generator hash `{datasets.generator_hash()}` (`.bench-cache/data/`)."
    )
    return markdown_table(header, rows) + "\n\n" + note


def _group_order(group: str) -> tuple:
    """``"4b. Bridging"`` -> ``(4, "b. Bridging")``: groups in their numbered order (10 after 9)."""
    number = re.match(r"\d+", group)
    return (int(number.group()), group[number.end() :]) if number else (1_000, group)


def extra_intros() -> str:
    """The ``INTRO`` paragraphs of the benchmark modules outside bench.suites, in their order."""
    import importlib

    from bench.worker import EXTRA_MODULES

    texts = [getattr(importlib.import_module(name), "INTRO", "") for name in EXTRA_MODULES]
    return "".join(sorted((t for t in texts if t), key=_group_order))


def _targets(run) -> str:
    parts = []
    groups = sorted({check.group for check in run.checks}, key=_group_order)
    for group in groups:
        rows = [check.row() for check in run.checks if check.group == group]
        parts.append(f"### {group}\n\n{markdown_table(CHECK_HEADER, rows)}")
    return "\n\n".join(parts)


def render(run, context: dict) -> str:
    """The whole page."""
    header, cells = scaling_rows(list(run.scaling.values()), list(run.settings.sizes), run.nodes)
    growth = markdown_table(header, cells) if cells else "Nothing was measured on more than one size."
    notes = "\n".join(f"- {note}" for note in run.notes)
    sections = [
        INTRO.format(goal=GOAL) + extra_intros(),
        "## This run\n\n" + _run_table(run, context),
        "## Results\n\n" + _summary(run.checks),
        _targets(run),
        "## Sizes\n\n" + _data_table(run),
        "## How cost grows with size\n\n"
        "Each cost on each graph, then the slope between consecutive sizes on a log-log scale "
        "(against the number of graph nodes; 1 = linear).\n\n" + growth,
        METHOD.format(generator=_generator_text(), slope=MEMORY_SLOPE)
        + (f"\nNotes from this run:\n\n{notes}\n" if notes else ""),
    ]
    return "\n\n".join(section.strip() for section in sections) + "\n"
