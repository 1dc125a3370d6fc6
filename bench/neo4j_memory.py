"""Memory of pulling the graph back from Neo4j and of running the queries (issue 18, item 4).

Each graph (the two largest sizes of the run) is pushed once into an emptied database of a
bench server of its own (``.bench-cache/neo4j-memory``, so a concurrent ``neo4j`` benchmark on
``.bench-cache/neo4j-dev`` cannot wipe it midway; ``NEO4J_URI`` names a server to use instead).
Then, each in a fresh process:

- the pull as shipped (records streamed into the graph) and the pull before it (every record
  collected in lists, sorted, then the graph built): the peak RSS during the pull minus the
  RSS before it minus the pulled graph's own RSS;
- a query returning every topic, written as CSV and as JSON to a file the way ``kgraph query
  -o`` does (:func:`~kgraph.store.neo4j.read.iter_cypher` into
  :func:`~kgraph.cli.output.stream_rows`), and the same query collected
  (:func:`~kgraph.store.neo4j.run_cypher` then the whole text, as before): peak RSS during
  the query minus the RSS before it.

The growth of each from one graph to the other is the log-log slope (0: bounded, 1: grows
with the graph), held to :data:`MEMORY_SLOPE` for the streamed paths.
"""

from __future__ import annotations

import gc
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench import neo4j_server
from bench.common import CACHE, REPO, child_env, slope
from bench.report import Check
from bench.runner import Outcome, run_worker
from bench.worker import RssSampler, load, peak_kb, reset_peak, rss_kb

KIB = 1024
INTRO = """\
10. **Neo4j pull and query memory** — each graph pushed once into an emptied database of a bench
   server of its own; in fresh processes, the memory `pull_graph` adds beyond the graph it
   returns, and the memory of `kgraph query` writing every topic to a CSV and a JSON file, each
   streamed (as shipped) and collected (the old way, kept in the benchmark as the baseline); the
   target is the log-log growth slope of the streamed paths between the two graphs (≤ 0.25).
"""

GROUP = "10. Neo4j pull and query memory (bench dev server, streamed vs collected)"
MEMORY_SLOPE = 0.25
"""Target: the log-log slope of the memory the streamed paths add (as for the push)."""
FLOOR_KB = 1024
"""Added memory below this (1 MiB: within RSS noise) counts as this in the slopes."""
RUNS = 3
"""Fresh processes per measurement (the median is reported)."""
HOME = CACHE / "neo4j-memory"
TOPICS = (
    "MATCH (t:Topic) RETURN t.id AS id, t.name AS name, t.roadmap AS roadmap, t.level AS level, "
    "t.effort_hours AS effort_hours, t.description AS description"
)
"""The query returning every topic (one row per topic)."""
PULLS = (("stream", "pull_graph as shipped (streamed)"), ("collect", "the pull before (all rows collected)"))
QUERIES = (
    ("stream", "csv", "iter_cypher → stream_rows"),
    ("stream", "json", "iter_cypher → stream_rows"),
    ("collect", "csv", "run_cypher → whole text"),
    ("collect", "json", "run_cypher → whole text"),
)


# ---------------------------------------------------------------- the server


def _script(command: str, timeout: float) -> int:
    import subprocess

    env = {**os.environ, "KGRAPH_NEO4J_HOME": str(HOME)}
    done = subprocess.run(
        [str(neo4j_server.SCRIPT), command], cwd=REPO, env=env, capture_output=True, timeout=timeout, check=False
    )
    return done.returncode


@contextmanager
def _server(log) -> Iterator[dict[str, str]]:
    """The connection variables of this benchmark's server (``{}``: none), stopped afterwards
    if this run started it (as :func:`bench.neo4j_server.server`, with a home of its own)."""
    if os.environ.get("NEO4J_URI"):
        log("Neo4j: using NEO4J_URI from the environment")
        yield {key: os.environ[key] for key in neo4j_server.KEYS if os.environ.get(key)}
        return
    shared = REPO / ".neo4j-dev" / "lib"
    HOME.mkdir(parents=True, exist_ok=True)
    if not (HOME / "lib").exists() and (shared / ".pom-stamp").exists():
        (HOME / "lib").symlink_to(shared, target_is_directory=True)
    started = False
    if _script("status", 30) != 0:
        log(f"Neo4j: starting the bench dev server in {HOME.relative_to(REPO)} ...")
        if _script("start", 600) != 0:
            log(f"Neo4j: could not start the server (see {HOME.relative_to(REPO)}/logs)")
            yield {}
            return
        started = True
    try:
        yield neo4j_server._read_env(HOME / "env")
    finally:
        if started:
            _script("stop", 120)
            log("Neo4j: stopped the bench dev server")


# ---------------------------------------------------------------- worker tasks


def _connect():
    from kgraph.store import neo4j as store

    settings = store.connection_settings(dotenv=None)
    driver = store.connect(settings)
    store.run_cypher(driver, "RETURN 1 AS one", database=settings.database)  # the connection is warm
    return driver, settings.database


@contextmanager
def _peak() -> Iterator[dict]:
    """RSS before the block and its peak during it (KiB), in the dict yielded (filled on exit)."""
    gc.collect()
    out = {"before_kb": rss_kb()}
    exact = reset_peak()
    with RssSampler() as sampler:
        yield out
    out["peak_kb"] = peak_kb() if exact else sampler.peak
    out["peak_method"] = "VmHWM reset" if exact else "5 ms RSS sampling"


def task_memory_push(args: dict) -> dict:
    """Push the graph into an emptied database (once per size, before the measurements)."""
    from kgraph.store import neo4j as store

    G = load(args["folder"])
    driver, database = _connect()
    try:
        store.wipe(driver, database=database)
        summary = store.push_graph(driver, G, database=database, batch_size=5000)
    finally:
        driver.close()
    topics = sum(1 for _, kind in G.nodes(data="kind") if kind == "topic")
    return {"nodes": summary.nodes, "relationships": summary.relationships, "topics": topics}


def _collected_pull(driver, database):
    """The pull before streaming: every record collected in lists, sorted, then the graph built
    (kgraph.store.neo4j.read as of commit f9a4ce4, without its progress bars)."""
    import networkx as nx
    from neo4j import READ_ACCESS

    from kgraph.model.kinds import EdgeKind, NodeKind
    from kgraph.store.neo4j.properties import _LABELS, ORDER_KEY, _all_labels, _rel_type, decode_properties

    skip = (NodeKind.PERSON, EdgeKind.KNOWS)

    def read(tx):
        nodes, rels = [], []
        for kind in NodeKind:
            if kind not in skip:
                query = f"MATCH (n:{_LABELS[kind]}) RETURN n.id AS id, properties(n) AS props"
                nodes.extend((kind, r["id"], r["props"]) for r in tx.run(query))
        labels = _all_labels()
        for kind in EdgeKind:
            if kind not in skip:
                rel_type = _rel_type(kind, "EdgeKind")
                query = (
                    f"MATCH (a:{labels})-[r:{rel_type}]->(b:{labels}) "
                    "RETURN a.id AS source, b.id AS target, properties(r) AS props"
                )
                rels.extend((rel_type, r["source"], r["target"], r["props"]) for r in tx.run(query))
        return nodes, rels

    def order(props):
        value = props.get(ORDER_KEY)
        return (0, value) if isinstance(value, int) else (1, 0)

    with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
        nodes, rels = session.execute_read(read)
    rank = {kind: i for i, kind in enumerate(NodeKind)}
    G = nx.MultiDiGraph()
    for kind, node_id, props in sorted(nodes, key=lambda n: (order(n[2]), rank[n[0]], str(n[1]))):
        attrs = decode_properties(props)
        attrs.pop("id", None)
        attrs.setdefault("kind", kind.value)
        G.add_node(node_id, **attrs)
    for rel_type, u, v, props in sorted(rels, key=lambda r: (order(r[3]), str(r[1]), r[0], str(r[2]))):
        if u in G and v in G:
            attrs = decode_properties(props)
            attrs["kind"] = rel_type
            G.add_edge(u, v, key=rel_type, **attrs)
    return G


def task_memory_pull(args: dict) -> dict:
    """One pull (``mode`` stream: as shipped; collect: the pull before): the peak RSS above the
    RSS before it, and the pulled graph's own RSS (what stays once the pull is done)."""
    import time

    import neo4j.graph  # noqa: F401
    import networkx  # noqa: F401 -- imported before measuring: a pull's imports are not its memory

    from kgraph.store import neo4j as store

    driver, database = _connect()
    pull = store.pull_graph if args["mode"] == "stream" else _collected_pull
    try:
        started = time.perf_counter()
        with _peak() as memory:
            G = pull(driver, database)
        seconds = time.perf_counter() - started
    finally:
        driver.close()
    gc.collect()
    graph_kb = rss_kb() - memory["before_kb"]
    return {
        **memory,
        "seconds": seconds,
        "graph_kb": graph_kb,
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
    }


def task_memory_query(args: dict) -> dict:
    """The every-topic query written to a file as ``fmt``: streamed as ``kgraph query -o``
    does (``mode`` stream) or collected, then written whole, as before (collect)."""
    import time

    from kgraph._util.files import atomic_write
    from kgraph.cli.output import rows_text, stream_rows
    from kgraph.store import neo4j as store
    from kgraph.store.neo4j.read import iter_cypher

    driver, database = _connect()
    fmt = args["fmt"]
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"topics.{fmt}"
        try:
            started = time.perf_counter()
            with _peak() as memory:
                if args["mode"] == "stream":
                    with iter_cypher(driver, TOPICS, database=database) as rows:
                        stream_rows(rows, fmt, rows.columns, str(out))
                    count = rows.count
                else:
                    result = store.run_cypher(driver, TOPICS, database=database)
                    text = rows_text(result.rows(), fmt, result.columns).encode("utf-8")
                    atomic_write(out, lambda handle: handle.write(text))
                    count = len(result.rows())
                    del result, text
            seconds = time.perf_counter() - started
        finally:
            driver.close()
        size = out.stat().st_size
    return {**memory, "seconds": seconds, "rows": count, "bytes": size}


TASKS = {"memory_push": task_memory_push, "memory_pull": task_memory_pull, "memory_query": task_memory_query}


# ---------------------------------------------------------------- the suite


def _median_outcome(outcomes: list[Outcome], key) -> Outcome:
    """The run with the median ``key(data)`` (the first failure, if any run failed)."""
    failed = [o for o in outcomes if not o.ok]
    if failed:
        return failed[0]
    ordered = sorted(outcomes, key=lambda o: key(o.data))
    return ordered[(len(ordered) - 1) // 2]


def _repeat(run, task: str, args: dict, env: dict, key) -> Outcome:
    outcomes = [run_worker(task, args, timeout=run.settings.timeout, env=env) for _ in range(RUNS)]
    chosen = _median_outcome(outcomes, key)
    if chosen.ok:
        chosen.data["all"] = sorted(key(o.data) for o in outcomes)
    return chosen


def _pull_extra(data: dict, graph_kb: int) -> int:
    return max(0, data["peak_kb"] - data["before_kb"] - graph_kb)


def _query_extra(data: dict) -> int:
    return max(0, data["peak_kb"] - data["before_kb"])


def neo4j_memory(run) -> None:
    """Push each graph once, then measure pulls and queries on it, streamed against collected."""
    sizes = list(run.settings.sizes[-2:])
    if not run.settings.neo4j:
        run.add(Check(GROUP, "pull memory growth", skipped="--no-neo4j"))
        return
    results: dict[str, dict] = {}
    with _server(run.log) as connection:
        if not connection:
            run.add(Check(GROUP, "pull memory growth", error="no Neo4j server (see the log)"))
            return
        env = child_env(**connection)
        for size in sizes:
            results[size] = _measure(run, size, env)
    _report(run, sizes, results)


def _measure(run, size: str, env: dict) -> dict:
    run.log(f"neo4j_memory {size}: push into an emptied database")
    pushed = run_worker("memory_push", {"folder": run.folder(size)}, timeout=run.settings.timeout * 3, env=env)
    out: dict = {"push": pushed}
    if not pushed.ok:
        return out
    for mode, _ in PULLS:
        run.log(f"neo4j_memory {size}: pull ({mode}), {RUNS} runs")
        out[("pull", mode)] = _repeat(run, "memory_pull", {"mode": mode}, env, lambda d: d["peak_kb"] - d["before_kb"])
    for mode, fmt, _ in QUERIES:
        run.log(f"neo4j_memory {size}: every topic as {fmt} ({mode}), {RUNS} runs")
        out[("query", mode, fmt)] = _repeat(run, "memory_query", {"mode": mode, "fmt": fmt}, env, _query_extra)
    return out


def _report(run, sizes: list[str], results: dict[str, dict]) -> None:
    series: dict[str, dict[str, tuple[int, int]]] = {}  # name -> size -> (nodes or rows, KiB)
    for size in sizes:
        got = results.get(size, {})
        pushed = got.get("push")
        if pushed is None or not pushed.ok:
            run.add(Check(GROUP, f"{size}: push", error=pushed.error if pushed else "not run"))
            continue
        _pull_checks(run, size, got, series)
        _query_checks(run, size, got, series)
    _growth(run, sizes, series)


def _pull_checks(run, size: str, got: dict, series: dict) -> None:
    stream, collect = got[("pull", "stream")], got[("pull", "collect")]
    name = f"{size}: memory a pull adds beyond the graph (peak − before − graph)"
    if not stream.ok:
        run.add(Check(GROUP, name, unit="bytes", error=stream.error))
        return
    graph_kb = stream.data["graph_kb"]  # the same graph both ways: its size as the streamed pull left it
    extra = _pull_extra(stream.data, graph_kb)
    base = _pull_extra(collect.data, graph_kb) if collect.ok else None
    nodes = stream.data["nodes"]
    seconds = f"pull {stream.data['seconds']:.1f} s"
    if collect.ok:
        seconds += f" (collected: {collect.data['seconds']:.1f} s)"
    note = (
        f"{nodes:,} nodes, {stream.data['edges']:,} edges; the graph's own RSS "
        f"{graph_kb / 1024:.0f} MiB; peak − before {_mib(stream.data)} streamed"
        + (f", {_mib(collect.data)} collected" if collect.ok else "")
        + f"; {seconds}; median of {RUNS} processes; {stream.data['peak_method']}"
    )
    _add_memory(run, name, extra, base, "the pull before (all rows collected, then sorted)", note)
    run.scale("pull: memory added (streamed)", "bytes", size, extra * KIB)
    run.scale("pull: memory added (collected, baseline)", "bytes", size, base * KIB if base is not None else None)
    run.scale("pull: the graph's own memory", "bytes", size, graph_kb * KIB)
    series.setdefault("pull stream", {})[size] = (nodes, extra)
    if base is not None:
        series.setdefault("pull collect", {})[size] = (nodes, base)
    series.setdefault("graph", {})[size] = (nodes, graph_kb)


def _add_memory(run, name: str, extra_kb: float, base_kb: float | None, baseline_name: str, note: str) -> None:
    """One check of memory added (KiB measured, reported in bytes) against its baseline."""
    baseline = base_kb * KIB if base_kb is not None else None
    run.add(Check(GROUP, name, extra_kb * KIB, "bytes", baseline=baseline, baseline_name=baseline_name, note=note))


def _mib(data: dict) -> str:
    return f"{(data['peak_kb'] - data['before_kb']) / 1024:.0f} MiB"


def _query_checks(run, size: str, got: dict, series: dict) -> None:
    for fmt in ("csv", "json"):
        stream, collect = got[("query", "stream", fmt)], got[("query", "collect", fmt)]
        name = f"{size}: every topic as {fmt} to a file, peak memory added"
        if not stream.ok:
            run.add(Check(GROUP, name, unit="bytes", error=stream.error))
            continue
        extra = _query_extra(stream.data)
        base = _query_extra(collect.data) if collect.ok else None
        rows = stream.data["rows"]
        note = (
            f"{rows:,} rows, file {stream.data['bytes'] / 1024**2:.1f} MiB; {stream.data['seconds']:.1f} s streamed"
            + (f", {collect.data['seconds']:.1f} s collected" if collect.ok else "")
            + f"; median of {RUNS} processes"
        )
        _add_memory(run, name, extra, base, "run_cypher, then the whole text", note)
        run.scale(f"query {fmt}: memory added (streamed)", "bytes", size, extra * KIB)
        run.scale(
            f"query {fmt}: memory added (collected, baseline)", "bytes", size, base * KIB if base is not None else None
        )
        series.setdefault(f"query {fmt} stream", {})[size] = (rows, extra)
        if base is not None:
            series.setdefault(f"query {fmt} collect", {})[size] = (rows, base)


def _slope(points: dict[str, tuple[int, int]], small: str, large: str) -> float | None:
    if small not in points or large not in points:
        return None
    (x1, y1), (x2, y2) = points[small], points[large]
    return slope(x1, max(FLOOR_KB, y1), x2, max(FLOOR_KB, y2))


def _growth(run, sizes: list[str], series: dict) -> None:
    """The log-log slope of each streamed path's added memory, against its collected baseline."""
    if len(sizes) < 2:
        return
    small, large = sizes[0], sizes[-1]
    cases = [
        ("pull", "pull stream", "pull collect", "graph nodes"),
        ("query csv", "query csv stream", "query csv collect", "rows"),
        ("query json", "query json stream", "query json collect", "rows"),
    ]
    for label, streamed, collected, per in cases:
        value = _slope(series.get(streamed, {}), small, large)
        base = _slope(series.get(collected, {}), small, large)
        name = f"{label} memory growth {small}→{large} (log-log slope of the added memory)"
        if value is None:
            run.add(Check(GROUP, name, unit="slope", limit=MEMORY_SLOPE, op="<=", error="not measured on both sizes"))
            continue
        points = series[streamed]
        note = (
            f"against {per}; ≈ 0: bounded, ≈ 1: grows with the result; added "
            f"{points[small][1] / 1024:.1f} → {points[large][1] / 1024:.1f} MiB (under "
            f"{FLOOR_KB // 1024} MiB counts as {FLOOR_KB // 1024} MiB)"
        )
        if label == "pull":
            graph = _slope(series.get("graph", {}), small, large)
            note += f"; the graph's own memory grows with slope {graph:.2f}" if graph is not None else ""
        run.add(
            Check(
                GROUP,
                name,
                value,
                "slope",
                baseline=base,
                baseline_name="the same, collected",
                show_ratio=False,
                limit=MEMORY_SLOPE,
                op="<=",
                note=note,
            )
        )


SUITES = (("neo4j_memory", neo4j_memory),)
"""(name, function(run)) pairs, run after bench.suites.SUITES."""
