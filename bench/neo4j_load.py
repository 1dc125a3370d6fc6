"""First load into an empty Neo4j: the bulk path against the MERGE path and a naive push (issue 18, item 3).

On each graph (the two largest sizes) the database is emptied, then pushed with the bulk path
(``push_graph(mode="bulk")``, what ``auto`` picks on an empty database) and, emptied again,
with the MERGE path forced (``mode="merge"``, what every push did before), alternating
``REPEATS`` times; medians are compared. The naive baseline (one auto-commit ``MERGE`` per
row, :func:`bench.worker.task_naive_push`) runs on a sample of the largest graph in the same
run. Target: on the largest graph, bulk rows/s at least :data:`TARGET` × the MERGE path's.

The benchmark runs its own dev server (``scripts/neo4j-dev``, default settings: heap 512m,
page cache 256m, the same for both paths) with its home in ``.bench-cache/neo4j-load``, unless
``NEO4J_URI`` names a server.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

from bench.common import CACHE, REPO, child_env, median
from bench.report import Check
from bench.runner import run_worker

INTRO = """\
8. **Neo4j first load** — on the two largest graphs, into an emptied database of a bench server
   of its own: `push_graph` as shipped (the bulk path, chosen because the database holds no
   kgraph node) against the same push forced onto the MERGE path, alternating, median of two
   runs each, and the naive push of benchmark 5; rows per second (nodes plus relationships),
   the ratio bulk / MERGE is the target (≥ 3× on the largest graph), and the memory each adds.
"""

GROUP = "8. Neo4j first load (bulk path vs MERGE path, emptied database each time)"
TARGET = 3.0
REPEATS = 2
KIB = 1024
HOME = CACHE / "neo4j-load"
MODES = ("bulk", "merge")
TODAY = 14_491
"""The MERGE push's rows/s on the 100k graph in docs/benchmarks.md before this work (another run)."""


# ---------------------------------------------------------------- the server


def _script(command: str, timeout: float) -> subprocess.CompletedProcess:
    env = {**os.environ, "KGRAPH_NEO4J_HOME": str(HOME)}
    return subprocess.run(
        [str(REPO / "scripts" / "neo4j-dev"), command],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@contextmanager
def _server(log) -> Iterator[dict[str, str]]:
    """Connection variables of this benchmark's own server (``{}`` if it cannot start)."""
    from kgraph.store.neo4j import read_dotenv

    keys = ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE")
    if os.environ.get("NEO4J_URI"):
        log("Neo4j: using NEO4J_URI from the environment")
        yield {key: os.environ[key] for key in keys if os.environ.get(key)}
        return
    HOME.mkdir(parents=True, exist_ok=True)
    shared = REPO / ".neo4j-dev" / "lib"
    if not (HOME / "lib").exists() and (shared / ".pom-stamp").exists():
        (HOME / "lib").symlink_to(shared, target_is_directory=True)
    started = _script("status", 30).returncode != 0
    if started:
        log(f"Neo4j: starting the first-load server in {HOME.relative_to(REPO)} ...")
        done = _script("start", 600)
        if done.returncode != 0:
            log("Neo4j: could not start the server: " + " | ".join((done.stderr or done.stdout).splitlines()[-3:]))
            yield {}
            return
    try:
        yield {key: value for key, value in read_dotenv(HOME / "env").items() if key in keys}
    finally:
        if started:
            _script("stop", 120)
            log("Neo4j: stopped the first-load server")


TASKS: dict = {}
"""Worker tasks: none of its own (the worker's ``push`` takes a ``mode``)."""


# ---------------------------------------------------------------- the suite


def neo4j_load(run) -> None:
    """Bulk vs MERGE first loads of the two largest graphs, and the naive baseline."""
    sizes = list(run.settings.sizes[-2:])
    name = f"{sizes[-1]}: bulk first load vs MERGE path (rows/s)"
    if not run.settings.neo4j:
        run.add(Check(GROUP, name, limit=TARGET, op=">=", target_on="ratio", skipped="--no-neo4j"))
        return
    repeats = 1 if run.settings.quick else REPEATS
    with _server(run.log) as connection:
        if not connection:
            run.add(Check(GROUP, name, error="no Neo4j server (see the log)"))
            return
        env = child_env(**connection)
        run.log(f"first load: naive push of a {run.settings.naive_rows}-node sample of {sizes[-1]}")
        naive = run_worker(
            "naive_push", {"folder": run.folder(sizes[-1]), "rows": run.settings.naive_rows}, timeout=600, env=env
        )
        results: dict[str, dict[str, list[dict]]] = {}
        for size in sizes:
            for attempt in range(repeats):
                for mode in MODES if attempt % 2 == 0 else MODES[::-1]:
                    run.log(f"first load {size}: {mode} path ({attempt + 1}/{repeats})")
                    outcome = run_worker(
                        "push",
                        {"folder": run.folder(size), "mode": mode, "wipe_after": True},
                        timeout=run.settings.timeout * 3,
                        env=env,
                    )
                    if not outcome.ok:
                        run.add(Check(GROUP, f"{size}: {mode} first load", error=outcome.error))
                        continue
                    results.setdefault(size, {}).setdefault(mode, []).append(outcome.data)
    _checks(run, sizes, results, naive)


def _rate(outcomes: list[dict]) -> float | None:
    return median([o["rows"] / o["seconds"] for o in outcomes]) if outcomes else None


def _checks(run, sizes: list[str], results: dict, naive) -> None:
    naive_rate = naive.data["rows"] / naive.data["seconds"] if naive.ok else None
    if not naive.ok:
        run.notes.append(f"First load: the naive push baseline failed: {naive.error}")
    naive_name = f"naive, {naive.data.get('nodes', 0)} nodes + {naive.data.get('relationships', 0)} rels"
    for size in sizes:
        by_mode = results.get(size, {})
        bulk, merge = _rate(by_mode.get("bulk", [])), _rate(by_mode.get("merge", []))
        target = {"limit": TARGET, "op": ">=", "target_on": "ratio"} if size == sizes[-1] else {}
        if bulk is None or merge is None:
            continue
        runs = by_mode["bulk"]
        each = ", ".join(f"{o['rows'] / o['seconds']:,.0f}" for o in runs)
        each_merge = ", ".join(f"{o['rows'] / o['seconds']:,.0f}" for o in by_mode["merge"])
        today = f"; vs today's {TODAY:,} rows/s (docs/benchmarks.md, MERGE, 100k): {bulk / TODAY:.2f}×"
        run.add(
            Check(
                GROUP,
                f"{size}: bulk first load vs MERGE path (rows/s)",
                bulk,
                "rows/s",
                baseline=merge,
                baseline_name="MERGE path forced, same run",
                note=f"medians of {len(runs)}: bulk {each} / MERGE {each_merge} rows/s; "
                f"{runs[0]['rows']:,} rows, {runs[0]['batches']} bulk batches" + (today if size == "100k" else ""),
                **target,
            )
        )
        run.add(
            Check(
                GROUP,
                f"{size}: bulk first load vs naive push",
                bulk,
                "rows/s",
                baseline=naive_rate,
                baseline_name=naive_name,
            )
        )
        for mode in MODES:
            extra = median([o["push_extra_kb"] for o in by_mode[mode]]) * KIB
            run.add(
                Check(
                    GROUP,
                    f"{size}: memory the {mode} push adds (peak − RSS before)",
                    extra,
                    "bytes",
                    baseline=by_mode[mode][0]["graph_kb"] * KIB,
                    baseline_name="the loaded graph's own RSS",
                )
            )
            run.scale(f"first load: {mode} path time", "s", size, median([o["seconds"] for o in by_mode[mode]]))
            run.scale(f"first load: memory added by the {mode} path", "bytes", size, extra)


SUITES: tuple = (("neo4j_load", neo4j_load),)
"""(name, function(run)) pairs, run after bench.suites.SUITES."""
