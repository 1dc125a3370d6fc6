"""The benchmarks: each measures one target of issue 7 and records checks and costs per size."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench import browser, datasets, neo4j_server
from bench.common import CACHE, GOAL, KGRAPH, PYTHON, VIZ_SIZE, Settings, child_env, median, slope
from bench.report import Check, Scaling
from bench.runner import Outcome, run_worker, time_command

KIB = 1024
PUSH_BATCH = 2000
MEMORY_SLOPE = 0.25
"""Target: the log-log slope of the memory a push adds, between the two graphs pushed (0 when
bounded by the batch size, 1 when it grows with the graph)."""
TOP = 50
G_CLI = "1. CLI startup (cold process, built-in data)"
G_BUILD = "2. Building a graph from plugin files (fresh process, build cache off)"
G_QUERY = "3. Queries on a loaded graph (median per query)"
G_CENTRALITY = "4. Bridging centrality (kind=all, top=50)"
G_NEO4J = "5. Neo4j push (bench dev server, emptied first)"
G_VIZ = "6. Interactive page (kgraph viz) of a ~5k-node graph"


@dataclass
class Run:
    """Everything a run collects, and what it runs on."""

    settings: Settings
    log: Callable[[str], None]
    data: dict[str, tuple[Path, dict]] = field(default_factory=dict)
    nodes: dict[str, float] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    scaling: dict[str, Scaling] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, check: Check) -> Check:
        """Record a check (and log it)."""
        self.checks.append(check)
        self.log(f"  {check.name}: {check.measured_text()} [{check.status}]")
        return check

    def scale(self, name: str, unit: str, size: str, value: float | None) -> None:
        """Record one cost on one size for the size table."""
        self.scaling.setdefault(name, Scaling(name, unit)).values[size] = value

    def folder(self, size: str) -> str:
        """The plugin folder of a size, as a string for the worker."""
        return str(self.data[size][0])


def _timeout(run: Run, factor: float = 1.0) -> float:
    return run.settings.timeout * factor


def _failed(run: Run, group: str, name: str, outcome: Outcome, **target) -> None:
    run.add(Check(group, name, error=outcome.error, **target))


# ---------------------------------------------------------------- 1. CLI startup


def _has_no_cache_flag() -> bool:
    done = subprocess.run([str(KGRAPH), "--help"], capture_output=True, text=True, env=child_env(), check=False)
    return "--no-cache" in done.stdout


def cli_startup(run: Run) -> None:
    """``kgraph --help`` and ``kgraph plan`` in fresh processes, against ``import networkx``."""
    runs = run.settings.cli_runs
    run.log(f"CLI startup: {runs} fresh processes each")
    base = time_command([str(PYTHON), "-c", "import networkx"], runs=runs)
    base_median = median(base.data.get("times", []))
    plan = [str(KGRAPH), "plan", GOAL, "--no-progress"]
    no_cache_flag = _has_no_cache_flag()
    cases = [
        ("kgraph --help", [str(KGRAPH), "--help"], 0.3, ""),
        (f"kgraph plan {GOAL}", plan, 0.8, "build cache warm (the untimed first run fills it)"),
        (
            f"kgraph --no-cache plan {GOAL}",
            [str(KGRAPH), "--no-cache", *plan[1:]] if no_cache_flag else plan,
            0.8,
            "graph built from the plugin files every run"
            if no_cache_flag
            else "kgraph has no --no-cache flag yet: measured without it",
        ),
    ]
    for name, command, limit, note in cases:
        outcome = time_command(command, runs=runs)
        if not outcome.ok:
            _failed(run, G_CLI, name, outcome, limit=limit)
            continue
        times = outcome.data["times"]
        spread = f"{len(times)} runs, min {min(times) * 1e3:.0f} ms, max {max(times) * 1e3:.0f} ms"
        run.add(
            Check(
                G_CLI,
                name,
                median(times),
                baseline=base_median,
                baseline_name="python -c 'import networkx'",
                limit=limit,
                note="; ".join(filter(None, [note, spread])),
            )
        )


# ---------------------------------------------------------------- 2. build


def build(run: Run) -> None:
    """Build each graph from its plugin files in a fresh process: time and peak memory."""
    floor = run_worker("imports", {}, timeout=_timeout(run))
    floor_bytes = floor.data["peak_kb"] * KIB if floor.ok else None
    largest = run.settings.sizes[-1]
    for size in run.settings.sizes:
        run.log(f"build {size}")
        parse = run_worker("parse", {"folder": run.folder(size)}, timeout=_timeout(run))
        outcome = run_worker(
            "build", {"folder": run.folder(size)}, timeout=_timeout(run), env=child_env(KGRAPH_NO_CACHE="1")
        )
        is_target = size == "100k"
        time_target = {"limit": 20.0} if is_target else {}
        memory_target = {"limit": 4.0 * 1024**3} if is_target else {}
        if not outcome.ok:
            _failed(run, G_BUILD, f"{size}: load_graph wall time", outcome, **time_target)
            continue
        data = outcome.data
        run.nodes[size] = data["nodes"]
        run.data[size][1].update(nodes=data["nodes"], edges=data["edges"])
        parse_seconds = parse.data.get("seconds") if parse.ok else None
        run.add(
            Check(
                G_BUILD,
                f"{size}: load_graph wall time",
                data["seconds"],
                baseline=parse_seconds,
                baseline_name="YAML parse only",
                note=f"{data['nodes']:,} nodes, {data['edges']:,} edges; whole process {outcome.wall:.2f} s",
                **time_target,
            )
        )
        peak = data["peak_kb"] * KIB
        run.add(
            Check(
                G_BUILD,
                f"{size}: peak RSS of the build process",
                peak,
                "bytes",
                baseline=floor_bytes,
                baseline_name="same imports, no build",
                **memory_target,
            )
        )
        run.scale("build: load_graph time", "s", size, data["seconds"])
        run.scale("build: YAML parse only (baseline)", "s", size, parse_seconds)
        run.scale("build: peak RSS", "bytes", size, peak)
        if not data.get("cache_param") and size == largest:
            run.notes.append("load_graph has no `cache` parameter: builds ran with KGRAPH_NO_CACHE=1 only.")


# ---------------------------------------------------------------- 3. queries


QUERIES = (
    ("plan", "learning_plan(G, [goal])", "base_plan", "nx.descendants(R, goal)", "random goals"),
    ("path", "learning_path(G, source, target)", "base_path", "nx.shortest_path(R, target, source)", "random pairs"),
    ("next", "next_topics(G, known=5 topics, top=10)", "base_next", "descendants of the 5 known", "random known sets"),
)


def queries(run: Run) -> None:
    """Median time of plans, paths and next-topics queries on each graph, against plain NetworkX."""
    settings = run.settings
    for size in settings.sizes:
        run.log(f"queries {size}")
        args = {"folder": run.folder(size), "count": settings.queries, "budget": settings.query_budget}
        outcome = run_worker("queries", args, timeout=_timeout(run, 3))
        target = {"limit": 0.020} if size == "100k" else {}
        if not outcome.ok:
            _failed(run, G_QUERY, f"{size}: queries", outcome, **target)
            continue
        data = outcome.data
        for key, call, base_key, base_name, inputs in QUERIES:
            result, base = data[key], data[base_key]
            note = f"{result['count']} {inputs}; p90 {result['p90'] * 1e3:.1f} ms"
            if key == "plan":
                note += f"; first query (builds cached views) {data['first_query'] * 1e3:.0f} ms"
            if key == "next" and "first_next" in data:
                note += f"; first query (counts dependents once per graph) {data['first_next'] * 1e3:.0f} ms"
            run.add(
                Check(
                    G_QUERY,
                    f"{size}: {call}",
                    result["median"],
                    baseline=base["median"],
                    baseline_name=base_name,
                    note=note,
                    **target,
                )
            )
            run.scale(f"query: {call.split('(')[0]} median", "s", size, result["median"])
        run.scale("query: nx.descendants median (baseline)", "s", size, data["base_plan"]["median"])


# ---------------------------------------------------------------- 4. centrality

CENTRALITY_LIMIT = 60.0
OVERLAP_SEEDS = (0, 1, 2, 3, 4)
"""Seeds the sampled estimator's accuracy is checked with (the check takes the worst)."""


def _centrality(run: Run, size: str, *, exact: bool = False, samples: int | None = None) -> Outcome:
    """One bridging-centrality run: as shipped, forced exact, or forced to ``samples`` sampled
    sources once per seed of :data:`OVERLAP_SEEDS`. The shipped function gets ten times its
    target before it counts as timed out; the others three times the usual timeout."""
    args = {"folder": run.folder(size), "top": TOP, "exact": exact}
    if samples:
        args.update(samples=samples, seeds=list(OVERLAP_SEEDS))
    timeout = _timeout(run, 3) if exact or samples else min(_timeout(run), 10 * CENTRALITY_LIMIT)
    return run_worker("centrality", args, timeout=timeout)


def centrality(run: Run) -> None:
    """Bridging centrality as shipped on each size, exact bridging where affordable (1k, and 10k
    unless ``--quick``), and the accuracy of the shipped estimator: the top 50 it ranks with as
    many sampled sources as it uses on the largest graph, on the largest graph with an exact
    ranking (10k, else 1k), over several seeds."""
    shipped: dict[str, Outcome] = {}
    exact: dict[str, Outcome] = {}
    for size in run.settings.sizes:
        run.log(f"centrality {size}")
        shipped[size] = _centrality(run, size)
        if size == "1k" or (size == "10k" and not run.settings.quick):
            run.log(f"centrality {size}, forced exact")
            exact[size] = _centrality(run, size, exact=True)
        _centrality_check(run, size, shipped[size], exact.get(size))
    if exact:
        size = "10k" if "10k" in exact else list(exact)[-1]
        _overlap(run, size, shipped, exact[size])


def _centrality_check(run: Run, size: str, shipped: Outcome, exact: Outcome | None) -> None:
    base_seconds = exact.data["seconds"] if exact and exact.ok else None
    target = {"limit": CENTRALITY_LIMIT} if size == "100k" else {}
    name = f"{size}: cross_domain_centrality(bridging)"
    run.scale("centrality: bridging as shipped", "s", size, shipped.data.get("seconds"))
    run.scale("centrality: exact bridging (baseline)", "s", size, base_seconds)
    if not shipped.ok:
        _failed(run, G_CENTRALITY, name, shipped, **target)
        return
    note = _method(shipped.data)
    if exact is None:
        note = "; ".join(
            filter(None, [note, "exact not run on this size (it grows with nodes × edges; 10k only in full runs)"])
        )
    elif not exact.ok:
        note = "; ".join(filter(None, [note, f"exact: {exact.error}"]))
    run.add(
        Check(
            G_CENTRALITY,
            name,
            shipped.data["seconds"],
            baseline=base_seconds,
            baseline_name="exact bridging betweenness",
            note=note,
            **target,
        )
    )


def _method(data: dict) -> str:
    """How the shipped function computed: exactly, or from how many sampled sources."""
    sources = data.get("sources")
    how = "exact (every source topic)" if sources is None else f"estimate from {sources} sampled source topics"
    defaults = ", ".join(data.get("defaults", []))
    return f"{how}; defaults {defaults}" if defaults else how


def _sample_count(shipped: dict[str, Outcome]) -> tuple[str, int] | None:
    """The largest size on which the shipped function sampled, and how many sources it used."""
    for size in reversed(list(shipped)):
        if shipped[size].ok and shipped[size].data.get("sources"):
            return size, shipped[size].data["sources"]
    return None


def _overlap(run: Run, size: str, shipped: dict[str, Outcome], exact: Outcome) -> None:
    """Share of the exact top 50 that the sampled estimator also puts in its top 50, with as many
    sampled sources as the shipped function uses on the largest graph (worst of several seeds)."""
    name = f"{size}: top-{TOP} overlap, sampled estimator vs exact ranking"
    target = {"unit": "share", "limit": 0.9, "op": ">="}
    found = _sample_count(shipped)
    topics = run.data[size][1].get("topics", 0)
    if found is None or found[1] >= topics:
        why = "the shipped function sampled on no size of this run (it does on 100k)"
        if found:
            why = f"{found[1]:,} sources of {topics:,} topics: the estimator would be exact on {size}"
        run.add(Check(G_CENTRALITY, name, skipped=why, **target))
        return
    source_size, count = found
    run.log(f"centrality {size}, {count} sampled sources, seeds {', '.join(map(str, OVERLAP_SEEDS))}")
    sampled = _centrality(run, size, samples=count)
    if not exact.ok or not sampled.ok:
        run.add(Check(G_CENTRALITY, name, error=exact.error or sampled.error, **target))
        return
    truth = set(exact.data["ids"])
    runs = sampled.data["runs"]
    overlaps = [len(truth & set(r["ids"])) / TOP for r in runs]
    own = shipped[size].data.get("sources") if shipped[size].ok else None
    default = "exact" if own is None else f"{own:,} sources"
    note = (
        f"the shipped estimator forced to {count:,} sampled source topics, as it runs on {source_size} "
        f"(on {size} its default is {default}); worst of seeds "
        + ", ".join(f"{r['seed']}: {o:.2f}" for r, o in zip(runs, overlaps, strict=True))
        + f"; {median([r['seconds'] for r in runs]):.1f} s per run on {size}"
    )
    run.add(Check(G_CENTRALITY, name, min(overlaps), note=note, **target))


# ---------------------------------------------------------------- 5. Neo4j


def neo4j_push(run: Run) -> None:
    """Batched push of the two largest graphs against a naive row-at-a-time push of a sample."""
    sizes = list(run.settings.sizes[-2:])
    if not run.settings.neo4j:
        run.add(Check(G_NEO4J, "push_graph throughput", limit=20.0, op=">=", target_on="ratio", skipped="--no-neo4j"))
        return
    with neo4j_server.server(run.log) as connection:
        if not connection:
            run.add(Check(G_NEO4J, "push_graph throughput", error="no Neo4j server (see the log)"))
            return
        env = child_env(**connection)
        run.log(f"naive push of a {run.settings.naive_rows}-node sample of {sizes[-1]}")
        naive = run_worker(
            "naive_push",
            {"folder": run.folder(sizes[-1]), "rows": run.settings.naive_rows},
            timeout=_timeout(run),
            env=env,
        )
        pushes = {}
        for size in sizes:
            run.log(f"push {size}")
            pushes[size] = run_worker(
                "push", {"folder": run.folder(size), "batch_size": PUSH_BATCH}, timeout=_timeout(run, 3), env=env
            )
    _push_checks(run, naive, pushes)


def _push_checks(run: Run, naive: Outcome, pushes: dict[str, Outcome]) -> None:
    naive_rate = naive.data["rows"] / naive.data["seconds"] if naive.ok else None
    if not naive.ok:
        run.notes.append(f"Naive push baseline failed: {naive.error}")
    naive_name = f"naive, {naive.data.get('nodes', 0)} nodes + {naive.data.get('relationships', 0)} rels"
    largest = list(pushes)[-1]
    for size, outcome in pushes.items():
        target = {"limit": 20.0, "op": ">=", "target_on": "ratio"} if size == largest else {}
        if not outcome.ok:
            _failed(run, G_NEO4J, f"{size}: push_graph throughput", outcome, **target)
            continue
        data = outcome.data
        rate = data["rows"] / data["seconds"]
        run.add(
            Check(
                G_NEO4J,
                f"{size}: push_graph throughput",
                rate,
                "rows/s",
                baseline=naive_rate,
                baseline_name=naive_name,
                note=f"{data['rows']:,} rows in {data['seconds']:.1f} s, {data['batches']} batches of ≤ {PUSH_BATCH}",
                **target,
            )
        )
        run.add(
            Check(
                G_NEO4J,
                f"{size}: memory the push adds (peak during push − RSS before)",
                data["push_extra_kb"] * KIB,
                "bytes",
                baseline=data["graph_kb"] * KIB,
                baseline_name="the loaded graph's own RSS",
                note=f"peak RSS of the whole pushing process {data['process_peak_kb'] / 1024:.0f} MiB "
                f"(loading included); push peak by {data['peak_method']}",
            )
        )
        run.scale("push: push_graph time", "s", size, data["seconds"])
        run.scale("push: memory added by the push", "bytes", size, data["push_extra_kb"] * KIB)
        run.scale("push: the graph's own memory", "bytes", size, data["graph_kb"] * KIB)
    _push_memory_growth(run, pushes)


def _push_memory_growth(run: Run, pushes: dict[str, Outcome]) -> None:
    """How the push's added memory grows between the two graphs: the log-log slope (0 when
    bounded by the batch size, 1 when proportional to the graph) and, fitted through the two
    points, a fixed part plus a part per graph node."""
    done = [(size, outcome.data) for size, outcome in pushes.items() if outcome.ok]
    if len(done) < 2:
        return
    (small, a), (large, b) = done[0], done[-1]
    growth = slope(a["nodes"], max(1, a["push_extra_kb"]), b["nodes"], max(1, b["push_extra_kb"]))
    graph_growth = slope(a["nodes"], a["graph_kb"], b["nodes"], b["graph_kb"])
    per_node = (b["push_extra_kb"] - a["push_extra_kb"]) * KIB / (b["nodes"] - a["nodes"])
    fixed = a["push_extra_kb"] * KIB - per_node * a["nodes"]
    run.add(
        Check(
            G_NEO4J,
            f"push memory growth {small}→{large} (log-log slope of the added memory)",
            growth,
            "slope",
            baseline=graph_growth,
            baseline_name="slope of the graph's own memory",
            show_ratio=False,
            limit=MEMORY_SLOPE,
            op="<=",
            note=f"≈ 0: bounded by the batch size, ≈ 1: grows with the graph; fitted: "
            f"{fixed / 1024**2:.1f} MiB fixed + {per_node:.0f} bytes per graph node",
        )
    )


# ---------------------------------------------------------------- 6. viz


def _render(run: Run, folder: str | None, out: Path) -> Outcome:
    return run_worker("render", {"folder": folder, "out": str(out)}, timeout=_timeout(run))


def viz(run: Run) -> None:
    """Render the ~5k-node page (Python) and time its first full draw in headless Chromium."""
    folder, _meta = datasets.ensure(VIZ_SIZE)
    pages = CACHE / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    run.log("viz: rendering pages")
    big = _render(run, str(folder), pages / f"synth-{VIZ_SIZE.label}.html")
    small = _render(run, None, pages / "builtin.html")
    label = f"{big.data.get('nodes', 0):,}-node page: render_html" if big.ok else "render_html"
    if not big.ok:
        _failed(run, G_VIZ, label, big)
        return
    small_name = f"built-in data, {small.data.get('nodes', 0)} nodes"
    page = f"{big.data['edges']:,} edges, page {big.data['bytes'] / 1024**2:.1f} MiB"
    run.add(
        Check(
            G_VIZ,
            label,
            big.data["seconds"],
            baseline=small.data.get("seconds"),
            baseline_name=small_name,
            note=f"{page}; writing it {big.data['write_seconds'] * 1e3:.0f} ms",
        )
    )
    _browser(run, pages, big, small, small_name)


def _browser(run: Run, pages: Path, big: Outcome, small: Outcome, small_name: str) -> None:
    name = f"{big.data['nodes']:,}-node page: navigation → first full draw"
    if not run.settings.browser:
        run.add(Check(G_VIZ, name, limit=5.0, skipped="--no-browser"))
        return
    if None in browser.chromium():
        run.add(Check(G_VIZ, name, limit=5.0, error="no chromium / chromedriver on PATH"))
        return
    loads = run.settings.viz_loads
    run.log(f"viz: {loads} loads in headless Chromium")
    try:
        timings = browser.time_page(pages / f"synth-{VIZ_SIZE.label}.html", loads=loads)
        base = browser.time_page(pages / "builtin.html", loads=loads) if small.ok else []
    except Exception as exc:
        run.add(Check(G_VIZ, name, limit=5.0, error=f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"))
        return
    ready = [t["ready_ms"] / 1e3 for t in timings]
    loaded = [t["load_ms"] / 1e3 for t in timings if t["load_ms"]]
    run.add(
        Check(
            G_VIZ,
            name,
            median(ready),
            baseline=median([t["ready_ms"] / 1e3 for t in base]),
            baseline_name=small_name,
            limit=5.0,
            note=f"loads: {', '.join(f'{s:.2f}' for s in ready)} s"
            + (f"; load event at {median(loaded):.2f} s" if loaded else ""),
        )
    )


SUITES = (
    ("cli", cli_startup),
    ("build", build),
    ("queries", queries),
    ("neo4j", neo4j_push),
    ("viz", viz),
    ("centrality", centrality),
)
