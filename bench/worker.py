"""One benchmark task in a fresh process, so timings and peak memory belong to that task alone.

    python -m bench.worker TASK '{"folder": "...", ...}'

The result is printed as one JSON line starting with ``BENCH-RESULT`` (anything else on
stdout is ignored). Memory figures are in KiB, times in seconds.
"""

from __future__ import annotations

import gc
import inspect
import json
import random
import re
import sys
import threading
import time
from pathlib import Path

MARKER = "BENCH-RESULT "


# ---------------------------------------------------------------- memory


def _status_kb(field: str) -> int:
    """A ``VmRSS`` / ``VmHWM`` figure of this process from ``/proc/self/status``, in KiB."""
    text = Path("/proc/self/status").read_text()
    match = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) if match else 0


def rss_kb() -> int:
    """Resident memory now."""
    return _status_kb("VmRSS")


def peak_kb() -> int:
    """Peak resident memory since the process started (or since :func:`reset_peak`)."""
    return _status_kb("VmHWM")


def reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark (``VmHWM``) to the current RSS; False where Linux refuses."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


class RssSampler:
    """Samples RSS every few milliseconds in a thread: a fallback where the peak cannot be reset."""

    def __init__(self, interval: float = 0.005):
        self.interval = interval
        self.peak = rss_kb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak = max(self.peak, rss_kb())

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_kb())


# ---------------------------------------------------------------- helpers


def load(folder: str, *, cache: bool = True):
    """The graph of one synthetic plugin folder (no built-in data, no entry points)."""
    import kgraph

    kwargs = {"builtin": False, "use_entry_points": False}
    if "cache" in inspect.signature(kgraph.load_graph).parameters:
        kwargs["cache"] = cache
    return kgraph.load_graph([folder], **kwargs)


def topics_of(G) -> list[str]:
    """Topic node ids in graph order."""
    return [n for n, kind in G.nodes(data="kind") if kind == "topic"]


def timed(func, *args, **kwargs) -> tuple[float, object]:
    """Seconds ``func(*args, **kwargs)`` took, and its result."""
    started = time.perf_counter()
    result = func(*args, **kwargs)
    return time.perf_counter() - started, result


def time_each(calls: list, budget: float) -> list[float]:
    """Time each zero-argument call, stopping once ``budget`` seconds are spent (at least 5 run)."""
    times: list[float] = []
    spent = 0.0
    for call in calls:
        seconds, _ = timed(call)
        times.append(seconds)
        spent += seconds
        if spent > budget and len(times) >= 5:
            break
    return times


# ---------------------------------------------------------------- tasks


def task_imports(args: dict) -> dict:
    """Only the imports a build needs: the memory floor of the other tasks."""
    import kgraph

    kgraph.load_graph  # noqa: B018 -- import the loading code, as a build does
    return {"rss_kb": rss_kb(), "peak_kb": peak_kb()}


def task_count(args: dict) -> dict:
    """Load the graph (through the build cache, which this also fills) and count it."""
    G = load(args["folder"])
    return {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "topics": len(topics_of(G))}


def task_parse(args: dict) -> dict:
    """The baseline of a build: only parse every plugin file with PyYAML's fastest safe loader."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    files = sorted(Path(args["folder"]).rglob("*.yaml"))
    started = time.perf_counter()
    for path in files:
        yaml.load(path.read_bytes(), Loader=loader)
    return {"seconds": time.perf_counter() - started, "files": len(files)}


def task_build(args: dict) -> dict:
    """Build the graph from plugin files, with kgraph's build cache off."""
    import kgraph

    kgraph.load_graph  # noqa: B018
    before = rss_kb()
    seconds, G = timed(load, args["folder"], cache=False)
    return {
        "seconds": seconds,
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "topics": len(topics_of(G)),
        "rss_before_kb": before,
        "peak_kb": peak_kb(),
        "cache_param": "cache" in inspect.signature(kgraph.load_graph).parameters,
    }


def _query_inputs(G, R, count: int, seed: int) -> dict:
    """Random goals, (source, target) pairs with a prerequisite chain, and known sets."""
    import networkx as nx

    rng = random.Random(seed)
    topics = topics_of(G)
    goals = [rng.choice(topics) for _ in range(count)]
    pairs = []
    for _ in range(count * 20):
        if len(pairs) == count:
            break
        target = rng.choice(topics)
        below = nx.descendants(R, target)
        if below:
            pairs.append((rng.choice(sorted(below)), target))
    known = [rng.sample(topics, 5) for _ in range(count)]
    return {"goals": goals, "pairs": pairs, "known": known}


def _summary(times: list[float]) -> dict:
    from bench.common import median, percentile

    return {"median": median(times), "p90": percentile(times, 0.9), "count": len(times)}


def task_queries(args: dict) -> dict:
    """Median time per ``learning_plan`` / ``learning_path`` / ``next_topics`` query, with baselines."""
    import networkx as nx

    import kgraph
    from kgraph.model.build import requires_subgraph

    G = load(args["folder"])
    R = requires_subgraph(G)
    inputs = _query_inputs(G, R, args["count"], args.get("seed", 11))
    budget = args["budget"]
    goals, pairs, known = inputs["goals"], inputs["pairs"], inputs["known"]
    first, _ = timed(kgraph.learning_plan, G, [goals[0]])  # the first query also builds cached views
    out = {"first_query": first}
    out["plan"] = _summary(time_each([lambda g=g: kgraph.learning_plan(G, [g]) for g in goals], budget))
    out["path"] = _summary(time_each([lambda s=s, t=t: kgraph.learning_path(G, s, t) for s, t in pairs], budget))
    out["first_next"], _ = timed(kgraph.next_topics, G, top=10)  # counts dependents once per graph
    out["next"] = _summary(time_each([lambda k=k: kgraph.next_topics(G, known=k, top=10) for k in known], budget))
    out["base_plan"] = _summary(time_each([lambda g=g: nx.descendants(R, g) for g in goals], budget))
    out["base_path"] = _summary(time_each([lambda s=s, t=t: nx.shortest_path(R, t, s) for s, t in pairs], budget))
    out["base_next"] = _summary(
        time_each([lambda k=k: set().union(*(nx.descendants(R, t) for t in k)) for k in known], budget)
    )
    return out


def _exact_bridging(G, top: int) -> list[str]:
    """The top ids of exact bridging centrality: forced exact where the function can approximate."""
    import kgraph
    from kgraph.analysis import centrality

    params = inspect.signature(kgraph.cross_domain_centrality).parameters
    if "samples" in params:  # samples=None: always exact
        result = kgraph.cross_domain_centrality(G, metric="bridging", kind="all", top=top, samples=None)
        return [row.id for row in result.items]
    if "exact" in params:
        result = kgraph.cross_domain_centrality(G, metric="bridging", kind="all", top=top, exact=True)
        return [row.id for row in result.items]
    D = centrality.knowledge_digraph(G)
    U = D.to_undirected(as_view=False)
    roadmap_of = {n: G.nodes[n]["roadmap"] for n in D if G.nodes[n].get("kind") == "topic"}
    scores = centrality.bridging_betweenness(U, roadmap_of)
    return sorted(scores, key=lambda n: (-scores[n], n))[:top]


def _sources_used(G) -> int | None:
    """How many source topics the shipped bridging centrality runs from on ``G`` by default
    (``None``: all of them), where kgraph's sampling helpers can tell (private, so looked up
    defensively: ``bridging_samples`` or the older ``_samples`` picks the number,
    ``_sample_sources`` the topics per roadmap)."""
    from kgraph.analysis import centrality

    try:
        from kgraph.analysis import bridging as engine
    except ImportError:  # before the engine had a module of its own
        engine = centrality
    rule = getattr(engine, "bridging_samples", None) or getattr(centrality, "_samples", None)
    pick = getattr(engine, "_sample_sources", None)
    if rule is None:
        return None
    U = centrality.knowledge_digraph(G).to_undirected(as_view=False)
    groups: dict[str, list[str]] = {}
    for node in U:
        if G.nodes[node].get("kind") == "topic":
            groups.setdefault(G.nodes[node]["roadmap"], []).append(node)
    try:
        wanted = rule("auto", sum(map(len, groups.values())), U.number_of_nodes() + U.number_of_edges())
        if wanted is None or pick is None:
            return wanted
        return sum(len(members) for members in pick(groups, wanted, 0).values())
    except TypeError:
        return None


def _sampled_runs(G, top: int, samples: int, seeds: list[int]) -> list[dict]:
    """The shipped function forced to ``samples`` sampled source topics, once per seed."""
    import kgraph

    runs = []
    for seed in seeds:
        seconds, result = timed(
            kgraph.cross_domain_centrality, G, metric="bridging", kind="all", top=top, samples=samples, seed=seed
        )
        runs.append({"seed": seed, "seconds": seconds, "ids": [row.id for row in result.items]})
    return runs


def task_centrality(args: dict) -> dict:
    """Time bridging centrality: as the public function runs it by default, forced exact
    (``exact``), or forced to ``samples`` sampled sources once per seed in ``seeds``."""
    import kgraph

    G = load(args["folder"])
    top = args["top"]
    params = inspect.signature(kgraph.cross_domain_centrality).parameters
    defaults = [f"{name}={p.default!r}" for name, p in params.items() if name in ("samples", "exact", "seed")]
    out = {"defaults": defaults, "nodes": G.number_of_nodes()}
    if args.get("samples"):
        runs = _sampled_runs(G, top, args["samples"], args.get("seeds", [0]))
        return {**out, **runs[0], "sources": args["samples"], "runs": runs}
    if args.get("exact"):
        seconds, ids = timed(_exact_bridging, G, top)
        return {**out, "seconds": seconds, "ids": ids, "sources": None}
    seconds, result = timed(kgraph.cross_domain_centrality, G, metric="bridging", kind="all", top=top)
    ids = [row.id for row in result.items]
    return {**out, "seconds": seconds, "ids": ids, "sources": _sources_used(G)}


def _connect():
    from kgraph.store import neo4j as store

    settings = store.connection_settings(dotenv=None)
    return store.connect(settings), settings.database


def task_push(args: dict) -> dict:
    """Push the whole graph to an emptied database (``mode``: ``push_graph``'s path, default
    auto; ``wipe_after``: empty it again): rows per second and the push's extra memory."""
    from kgraph.store import neo4j as store

    floor = rss_kb()
    G = load(args["folder"])
    gc.collect()
    graph_kb = rss_kb() - floor
    driver, database = _connect()
    try:
        store.wipe(driver, database=database)
        gc.collect()
        before = rss_kb()
        load_peak = peak_kb()
        exact_peak = reset_peak()
        with RssSampler() as sampler:
            seconds, summary = timed(
                store.push_graph,
                driver,
                G,
                database=database,
                batch_size=args.get("batch_size", store.DEFAULT_BATCH_SIZE),
                mode=args.get("mode", "auto"),
            )
        peak = peak_kb() if exact_peak else sampler.peak
        if args.get("wipe_after"):
            store.wipe(driver, database=database)
    finally:
        driver.close()
    return {
        "seconds": seconds,
        "rows": summary.nodes + summary.relationships,
        "created": summary.nodes_created + summary.relationships_created,
        "mode": summary.mode,
        "nodes": summary.nodes,
        "relationships": summary.relationships,
        "batches": summary.batches,
        "graph_kb": graph_kb,
        "rss_before_push_kb": before,
        "peak_during_push_kb": peak,
        "push_extra_kb": max(0, peak - before),
        "process_peak_kb": max(load_peak, peak),
        "peak_method": "VmHWM reset" if exact_peak else "5 ms RSS sampling",
    }


def _naive_sample(G, rows: int):
    """The first ``rows`` nodes in graph order and up to ``rows`` relationships between them,
    as :func:`kgraph.store.neo4j.graph_rows` encodes them (labels, properties)."""
    from kgraph.store import neo4j as store

    H = G.subgraph(list(G)[:rows])
    node_rows, rel_rows = store.graph_rows(H)
    nodes = [(label, row) for label, group in node_rows.items() for row in group]
    rels = [(key, row) for key, group in rel_rows.items() for row in group][:rows]
    return nodes, rels


def task_naive_push(args: dict) -> dict:
    """The naive baseline: one auto-commit statement per node and per relationship."""
    from kgraph.store import neo4j as store

    G = load(args["folder"])
    nodes, rels = _naive_sample(G, args["rows"])
    driver, database = _connect()
    try:
        store.wipe(driver, database=database)
        store.ensure_constraints(driver, database=database)  # MERGE on id uses the index, as in the real push
        with driver.session(database=database) as session:
            started = time.perf_counter()
            for label, row in nodes:
                session.run(
                    f"MERGE (n:{label} {{id: $id}}) SET n += $props", id=row["id"], props=row["props"]
                ).consume()
            for (source, rel_type, target), row in rels:
                session.run(
                    f"MATCH (a:{source} {{id: $source}}) MATCH (b:{target} {{id: $target}}) "
                    f"MERGE (a)-[r:{rel_type}]->(b) SET r += $props",
                    source=row["source"],
                    target=row["target"],
                    props=row["props"],
                ).consume()
            seconds = time.perf_counter() - started
        store.wipe(driver, database=database)
    finally:
        driver.close()
    return {"seconds": seconds, "rows": len(nodes) + len(rels), "nodes": len(nodes), "relationships": len(rels)}


def task_render(args: dict) -> dict:
    """Render the interactive HTML page of the whole graph (the built-in data without a folder)."""
    import kgraph

    G = load(args["folder"]) if args.get("folder") else kgraph.load_graph(use_entry_points=False)
    seconds, page = timed(kgraph.render_html, G)
    write_seconds, path = timed(page.write, args["out"])
    return {
        "seconds": seconds,
        "write_seconds": write_seconds,
        "nodes": page.nodes,
        "edges": page.edges,
        "bytes": Path(path).stat().st_size,
    }


TASKS = {
    "imports": task_imports,
    "count": task_count,
    "parse": task_parse,
    "build": task_build,
    "queries": task_queries,
    "centrality": task_centrality,
    "push": task_push,
    "naive_push": task_naive_push,
    "render": task_render,
}


EXTRA_MODULES = (
    "bench.store_cli",
    "bench.bridging_igraph",
    "bench.neo4j_load",
    "bench.neo4j_memory",
    "bench.neo4j_admin",
)
"""Benchmark modules with suites and tasks of their own (``SUITES`` and ``TASKS`` in each)."""


def all_tasks() -> dict:
    """The tasks above and those of :data:`EXTRA_MODULES` (imported here: they use this module)."""
    import importlib

    tasks = dict(TASKS)
    for name in EXTRA_MODULES:
        tasks.update(importlib.import_module(name).TASKS)
    return tasks


def main(argv: list[str] | None = None) -> None:
    """Run one task and print its result."""
    argv = sys.argv[1:] if argv is None else argv
    task, args = argv[0], json.loads(argv[1]) if len(argv) > 1 else {}
    result = all_tasks()[task](args)
    sys.stdout.write(MARKER + json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
