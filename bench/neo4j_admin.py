"""Export for neo4j-admin and the offline import of it, against a live push (issue 18, item 3).

On the largest graph of the run: ``write_import_folder`` (what ``kgraph export --format
neo4j-import`` runs) in a fresh process, timed, with the memory it adds to the loaded graph;
then ``scripts/neo4j-dev admin database import full ...`` with the arguments it printed, into a
fresh dev home (``.bench-cache/neo4j-admin-home``, deleted before each import); then the server
started on that home, ``after-import.cypher`` run and the nodes and relationships counted, which
must equal the graph's. Throughputs are rows per second (nodes plus relationships).
"""

from __future__ import annotations

import gc
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

from bench.common import CACHE, REPO, child_env, median
from bench.report import Check
from bench.runner import Outcome, run_worker

GROUP = "9. Neo4j bulk import with neo4j-admin (offline, empty database)"
PUSH_GROUP = "5. Neo4j push (bench dev server, emptied first)"
"""Where bench.suites records the live push: its rows/s is the baseline when it ran in this run."""
KIB = 1024
SCRIPT = REPO / "scripts" / "neo4j-dev"
HOME = CACHE / "neo4j-admin-home"
EXPORT = CACHE / "neo4j-admin-import"
SHARED_LIBS = (REPO / ".neo4j-dev" / "lib", CACHE / "neo4j-dev" / "lib")
"""Jars already fetched by a dev server: the bench home links to them (no Maven download)."""

INTRO = """\
9. **Neo4j bulk import** — on the largest graph, `kgraph export --format neo4j-import` (fresh
   process: rows/s, folder size, memory added to the loaded graph), then `neo4j-admin database
   import full` into an empty dev home (wall time, rows/s) and the server started on it, counts
   checked; baseline: the live push's rows/s when benchmark 5 ran in the same run, else the export's.
"""


# ---------------------------------------------------------------- worker tasks


def task_admin_export(args: dict) -> dict:
    """Load the graph, then write the import folder ``runs`` times (the folder removed before
    each, untimed): seconds of each, and the memory the export adds to the loaded graph."""
    from bench.worker import RssSampler, load, peak_kb, reset_peak, rss_kb, timed
    from kgraph.store.neo4j_import import write_import_folder

    floor = rss_kb()
    G = load(args["folder"])
    gc.collect()
    graph_kb = rss_kb() - floor
    out = Path(args["out"])
    times, extras, summary = [], [], None
    exact_peak = True
    for _ in range(args.get("runs", 1)):
        shutil.rmtree(out, ignore_errors=True)
        summary = None
        gc.collect()
        before = rss_kb()
        exact_peak = reset_peak()
        with RssSampler() as sampler:
            seconds, summary = timed(write_import_folder, G, out)
        peak = peak_kb() if exact_peak else sampler.peak
        times.append(seconds)
        extras.append(max(0, peak - before))
    return {
        "times": times,
        "nodes": summary.nodes,
        "relationships": summary.relationships,
        "rows": summary.nodes + summary.relationships,
        "bytes": summary.bytes,
        "files": len(summary.files),
        "admin_args": summary.admin_args,
        "after_import": summary.after_import,
        "graph_kb": graph_kb,
        "export_extra_kb": max(extras),
        "peak_method": "VmHWM reset" if exact_peak else "5 ms RSS sampling",
    }


def _dev_env(home: Path) -> dict:
    """The environment of ``scripts/neo4j-dev`` for ``home``: no other server's settings."""
    env = {k: v for k, v in child_env().items() if not k.startswith(("KGRAPH_NEO4J_", "NEO4J_"))}
    env["KGRAPH_NEO4J_HOME"] = str(home)
    return env


def _imported(stdout: str) -> dict:
    """What neo4j-admin says it imported (``Imported: N nodes ...``) and its own figures."""
    found = {}
    for key in ("nodes", "relationships", "properties"):
        match = re.search(rf"^\s*(\d+) {key}\s*$", stdout, re.MULTILINE)
        found[key] = int(match.group(1)) if match else None
    match = re.search(r"IMPORT DONE in ([^.\n]+)", stdout)
    found["tool_time"] = match.group(1).strip() if match else None
    match = re.search(r"Peak memory usage: ([^\n]+)", stdout)
    found["tool_memory"] = match.group(1).strip() if match else None
    return found


def task_admin_import(args: dict) -> dict:
    """``scripts/neo4j-dev admin ARGS`` on ``home``: wall seconds, the peak RSS of the tool
    (this fresh process's waited-for children: the script and its java), what it imported."""
    import resource

    home = Path(args["home"])
    command = [str(SCRIPT), "admin", *args["admin_args"]]
    started = time.perf_counter()
    child = subprocess.Popen(
        command,
        cwd=REPO,
        env=_dev_env(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # on a timeout, the java below the script is stopped too
    )
    try:
        out = child.communicate(timeout=args["timeout"])[0]
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, 9)
        child.communicate()
        raise
    seconds = time.perf_counter() - started
    if child.returncode:
        raise RuntimeError(f"neo4j-admin exit code {child.returncode}: " + " | ".join(out.strip().splitlines()[-3:]))
    store = home / "data" / "databases"
    size = sum(p.stat().st_size for p in store.rglob("*") if p.is_file()) if store.exists() else 0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": seconds, "peak_kb": peak, "db_bytes": size, **_imported(out)}


def task_admin_check(args: dict) -> dict:
    """On the server of the imported database: run ``after-import.cypher`` (timed), then count
    nodes and relationships."""
    from kgraph.store import neo4j as store

    settings = store.connection_settings(environ=store.read_dotenv(Path(args["home"]) / "env"), dotenv=None)
    with store.connect(settings) as driver:
        started = time.perf_counter()
        for statement in args["after_import"]:
            store.run_cypher(driver, statement, database=settings.database, write=True)
        after = time.perf_counter() - started
        started = time.perf_counter()
        nodes = store.run_cypher(driver, "MATCH (n) RETURN count(n) AS c", database=settings.database)
        rels = store.run_cypher(driver, "MATCH ()-[r]->() RETURN count(r) AS c", database=settings.database)
        count = time.perf_counter() - started
    return {
        "after_seconds": after,
        "count_seconds": count,
        "nodes": nodes.records[0]["c"],
        "relationships": rels.records[0]["c"],
    }


TASKS = {"admin_export": task_admin_export, "admin_import": task_admin_import, "admin_check": task_admin_check}
"""Worker tasks: name -> function(args) -> dict."""


# ---------------------------------------------------------------- the dev home


def _script(command: str, timeout: float) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SCRIPT), command], cwd=REPO, env=_dev_env(HOME), capture_output=True, text=True, timeout=timeout
    )


def _fresh_home() -> None:
    """An empty dev home (a server left running on it by an interrupted run stopped first),
    its ``lib`` linked to the jars a dev server already fetched, when there are some."""
    if HOME.exists():
        _script("stop", 120)
        shutil.rmtree(HOME)
    HOME.mkdir(parents=True)
    shared = next((lib for lib in SHARED_LIBS if (lib / ".pom-stamp").exists()), None)
    if shared is not None:
        (HOME / "lib").symlink_to(shared.resolve(), target_is_directory=True)


def _missing_tools() -> str | None:
    """Why neo4j-admin cannot run here (no java; no maven and no jars), or None."""
    java_home = os.environ.get("JAVA_HOME")
    java = Path(java_home, "bin", "java") if java_home and Path(java_home, "bin", "java").exists() else None
    if not (java or shutil.which("java")):
        return "java not found (needed for neo4j-admin)"
    jars = any((lib / ".pom-stamp").exists() for lib in SHARED_LIBS)
    if not jars and not shutil.which(os.environ.get("MVN", "mvn")):
        return "maven not found and no Neo4j jars fetched yet (needed for neo4j-admin)"
    return None


# ---------------------------------------------------------------- the suite


def _runs(run) -> int:
    return 1 if run.settings.quick else 3


def _push_rate(run, size: str) -> float | None:
    """Rows/s of the live push of ``size`` when benchmark 5 measured it earlier in this run."""
    for check in run.checks:
        if check.group == PUSH_GROUP and check.name == f"{size}: push_graph throughput" and check.measured:
            return check.measured
    return None


def neo4j_admin(run) -> None:
    """Export, offline import and a counted check of the largest graph (see the module docs)."""
    size = run.settings.sizes[-1]
    name = f"{size}: neo4j-admin database import full throughput"
    if not run.settings.neo4j:
        run.add(Check(GROUP, name, unit="rows/s", skipped="--no-neo4j"))
        return
    missing = _missing_tools()
    if missing:
        run.add(Check(GROUP, name, unit="rows/s", skipped=missing))
        return
    runs, timeout = _runs(run), run.settings.timeout
    out = EXPORT / size
    run.log(f"neo4j-admin: export of {size}, {runs} run(s)")
    export = run_worker("admin_export", {"folder": run.folder(size), "out": str(out), "runs": runs}, timeout=timeout)
    push = _push_rate(run, size)
    _export_checks(run, size, export, push)
    if not export.ok:
        run.add(Check(GROUP, name, unit="rows/s", error="no export to import"))
        return
    imports = []
    for attempt in range(runs):
        run.log(f"neo4j-admin: import of {size} into a fresh {HOME.relative_to(REPO)} ({attempt + 1}/{runs})")
        _fresh_home()
        args = {"home": str(HOME), "admin_args": export.data["admin_args"], "timeout": timeout}
        imports.append(run_worker("admin_import", args, timeout=timeout + 60))
        if not imports[-1].ok:
            break
    imported = _import_check(run, size, name, export.data, imports, push)
    if imported:
        check = _server_check(run, size, export.data)
        _end_to_end(run, size, export.data, imported, check, push)
    shutil.rmtree(out, ignore_errors=True)


def _export_checks(run, size: str, export: Outcome, push: float | None) -> None:
    name = f"{size}: kgraph export --format neo4j-import throughput"
    if not export.ok:
        run.add(Check(GROUP, name, unit="rows/s", error=export.error))
        return
    data = export.data
    seconds = median(data["times"])
    run.add(
        Check(
            GROUP,
            name,
            data["rows"] / seconds,
            "rows/s",
            baseline=push,
            baseline_name="live push_graph, same run",
            note=f"{data['rows']:,} rows ({data['nodes']:,} nodes + {data['relationships']:,} rels) in "
            f"{seconds:.2f} s, median of {_times(data['times'])}; {data['files']} CSV files"
            + ("" if push else "; no live push in this run (benchmark 5 not run): no baseline"),
        )
    )
    yaml_bytes = run.data[size][1].get("bytes")
    run.add(
        Check(
            GROUP,
            f"{size}: size of the import folder (CSV files)",
            data["bytes"],
            "bytes",
            baseline=yaml_bytes,
            baseline_name="the plugin YAML files",
        )
    )
    run.add(
        Check(
            GROUP,
            f"{size}: memory the export adds (peak during export − RSS before)",
            data["export_extra_kb"] * KIB,
            "bytes",
            baseline=data["graph_kb"] * KIB,
            baseline_name="the loaded graph's own RSS",
            note=f"{data['export_extra_kb']:,} KiB, largest of {len(data['times'])} run(s) (rows are streamed to "
            f"the files); peak by {data['peak_method']}",
        )
    )
    run.scale("neo4j-admin: export time", "s", size, seconds)


def _times(times: list[float]) -> str:
    return f"{len(times)} run(s): " + ", ".join(f"{t:.2f}" for t in times) + " s"


def _import_check(run, size: str, name: str, export: dict, imports: list[Outcome], push: float | None):
    """The import row; the median import's data (``None`` when an import failed)."""
    if not imports[-1].ok:
        run.add(Check(GROUP, name, unit="rows/s", error=imports[-1].error))
        return None
    times = [o.data["seconds"] for o in imports]
    last = imports[-1].data
    seconds = median(times)
    if (last["nodes"], last["relationships"]) != (export["nodes"], export["relationships"]):
        error = f"imported {last['nodes']} nodes, {last['relationships']} rels; the graph has {export['nodes']}"
        run.add(Check(GROUP, name, unit="rows/s", error=error + f", {export['relationships']}"))
        return None
    base, base_name = (push, "live push_graph, same run") if push else (None, "")
    if base is None:
        base = export["rows"] / median(export["times"])
        base_name = "kgraph export, same run; no live push in this run"
    peak = max((o.data["peak_kb"] or 0) for o in imports) * KIB
    run.add(
        Check(
            GROUP,
            name,
            export["rows"] / seconds,
            "rows/s",
            baseline=base,
            baseline_name=base_name,
            note=f"wall time of scripts/neo4j-dev admin (JVM start included) {seconds:.1f} s, median of "
            f"{_times(times)}; tool's own time {last['tool_time']}; peak RSS of the tool {peak / 1024**2:.0f} MiB "
            f"(JVM default heap); {last['properties']:,} properties; database on disk "
            f"{last['db_bytes'] / 1024**2:.0f} MiB",
        )
    )
    run.scale("neo4j-admin: import wall time", "s", size, seconds)
    return {"seconds": seconds}


def _server_check(run, size: str, export: dict) -> dict | None:
    """Start the server on the imported home, run after-import.cypher and count; then stop."""
    name = f"{size}: server on the imported database: start, after-import.cypher, count"
    run.log("neo4j-admin: starting the server on the imported database")
    started = time.perf_counter()
    done = _script("start", 600)
    start_seconds = time.perf_counter() - started
    if done.returncode != 0:
        run.add(Check(GROUP, name, error="start failed: " + " | ".join((done.stderr or done.stdout).splitlines()[-2:])))
        return None
    try:
        args = {"home": str(HOME), "after_import": export["after_import"]}
        check = run_worker("admin_check", args, timeout=run.settings.timeout)
    finally:
        _script("stop", 120)
    if not check.ok:
        run.add(Check(GROUP, name, error=check.error))
        return None
    data = check.data
    counted = f"counted {data['nodes']:,} nodes and {data['relationships']:,} relationships"
    if (data["nodes"], data["relationships"]) != (export["nodes"], export["relationships"]):
        graph = f"the graph has {export['nodes']:,} and {export['relationships']:,}"
        run.add(Check(GROUP, name, error=f"{counted}; {graph}"))
        return None
    total = start_seconds + data["after_seconds"]
    run.add(
        Check(
            GROUP,
            name,
            total,
            note=f"start {start_seconds:.1f} s; after-import.cypher ({len(export['after_import'])} statements: "
            f"constraints, list fix-ups) {data['after_seconds']:.1f} s; {counted} = the graph's "
            f"(count queries {data['count_seconds'] * 1e3:.0f} ms)",
        )
    )
    return {"seconds": total}


def _end_to_end(run, size: str, export: dict, imported: dict, server: dict | None, push: float | None) -> None:
    """The offline path as a user runs it: export, import, start, after-import."""
    if server is None:
        return
    seconds = median(export["times"]) + imported["seconds"] + server["seconds"]
    run.add(
        Check(
            GROUP,
            f"{size}: offline path end to end (export + import + start + after-import)",
            export["rows"] / seconds,
            "rows/s",
            baseline=push,
            baseline_name="live push_graph, same run",
            note=f"{seconds:.1f} s in all (graph loading not included)"
            + ("" if push else "; no live push in this run: no baseline"),
        )
    )


SUITES: tuple = (("neo4j_admin", neo4j_admin),)
"""(name, function(run)) pairs, run after bench.suites.SUITES."""
