"""Commands answered from the compact store: 100k against the built-in data (issue 18, items 1-2).

Each command runs as a user runs it, a fresh ``kgraph`` process with the build cache warm, on
the built-in data and on the largest generated graph; the ratio of the medians is the target
(at most 3×). The same commands on the largest graph with ``--no-cache`` (the graph built in
memory, no store) must print the same output. A cold build, the store's write time and size,
and each command's peak memory are reported.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

from bench.common import CACHE, KGRAPH, REPO, child_env, median
from bench.report import Check
from bench.runner import run_worker

INTRO = """\
7. **Commands from the compact store** — `kgraph info`, `show`, `plan`, `path`, `next`, `order`
   and `progress show` as a user runs them (a fresh process each, build cache warm, median of
   several runs) on the largest graph, against the same command on the built-in data: the
   ratio is the target. Each command's output on the largest graph is compared byte for byte
   with `--no-cache` (the graph built in memory, no store). Also a cold build (`kgraph info` on
   an empty cache), the time to count the stored answers and write the store, its size on disk,
   and each command's peak memory (`ru_maxrss` of the process).
"""

GROUP = "7. Commands from the compact store (fresh process, build cache warm)"
LIMIT = 3.0
"""Target: a command on the largest graph takes at most this many times the built-in one."""
COLD_LIMIT = 20.0
BUILTIN = {
    "info": ["info"],
    "show": ["show", "kubernetes:HPA"],
    "plan": ["plan", "kubernetes:HPA", "--no-progress"],
    "path": ["path", "Image Building", "Rolling Updates"],
    "next": ["next", "--known", "Image Building", "--known", "Containerization", "--no-progress"],
    "order": ["order", "--roadmap", "kubernetes"],
    "progress show": ["progress", "show", "--file", "{progress}"],
}
TARGETED = ("info", "show", "plan", "path", "next")


def _run(command: list[str], env: dict) -> tuple[float, int, int, bytes]:
    """Wall seconds, peak RSS (KiB), exit code and stdout of one fresh run of ``command``."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - started, usage.ru_maxrss, child.returncode, out


def _timed(command: list[str], env: dict, runs: int) -> dict:
    """Medians of ``runs`` fresh runs after one untimed run (which fills the OS file cache)."""
    _run(command, env)
    results = [_run(command, env) for _ in range(runs)]
    codes = {code for _, _, code, _ in results}
    return {
        "seconds": median([r[0] for r in results]),
        "times": [r[0] for r in results],
        "rss_kb": max(r[1] for r in results),
        "code": codes.pop() if len(codes) == 1 else None,
        "stdout": results[-1][3],
    }


def _commands(refs: dict, folder: str | None, progress: Path) -> dict[str, list[str]]:
    """The benchmarked commands on the built-in data (``folder`` None) or on a generated graph."""
    if folder is None:
        chosen = BUILTIN
    else:
        known = [x for topic in refs["known"] for x in ("--known", topic)]
        chosen = {
            "info": ["info"],
            "show": ["show", refs["goal"]],
            "plan": ["plan", refs["goal"], "--no-progress"],
            "path": ["path", refs["source"], refs["goal"]],
            "next": ["next", *known, "--no-progress"],
            "order": ["order", "--roadmap", refs["roadmap"]],
            "progress show": ["progress", "show", "--file", "{progress}"],
        }
    plugins = ["--no-builtin", "--plugins", folder] if folder else []
    return {
        name: [str(KGRAPH), *plugins, *(a.replace("{progress}", str(progress)) for a in args)]
        for name, args in chosen.items()
    }


def task_store_refs(args: dict) -> dict:
    """Topic references for the commands on a generated graph: a goal with a long plan, one of
    its deepest prerequisites, five known topics, a roadmap; and a progress file's lines."""
    import networkx as nx

    import kgraph

    G = kgraph.load_graph([args["folder"]], builtin=False, use_entry_points=False)
    topics = sorted(n for n, d in G.nodes(data=True) if d.get("kind") == "topic")
    sample = topics[len(topics) // 2 :: max(1, len(topics) // 40)]
    goal = max(sample, key=lambda t: (len(nx.descendants(G, t)), t))
    plan = kgraph.learning_plan(G, [goal])
    source = plan.steps[0].topic
    known = topics[:: max(1, len(topics) // 5)][:5]
    done = [step.topic for step in plan.steps[:5]]
    return {
        "goal": goal,
        "source": source,
        "known": known,
        "roadmap": G.nodes[goal]["roadmap"].split(":", 1)[1],
        "progress": ["topics:", *(f"  {t}: done" for t in done)],
    }


def task_store_write(args: dict) -> dict:
    """Seconds to count the stored answers and write the store of a built graph, and its size."""
    import tempfile

    import kgraph
    from kgraph.analysis.precompute import precomputed_answers
    from kgraph.store.compact import write_store
    from kgraph.store.graph_store import graph_sections

    G = kgraph.load_graph([args["folder"]], builtin=False, use_entry_points=False, cache=False)
    started = time.perf_counter()
    answers = precomputed_answers(G)
    counted = time.perf_counter() - started
    sections = graph_sections(G, answers)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "g.kgs"
        write_store(path, sections)
        seconds = time.perf_counter() - started
        size = path.stat().st_size
    return {"seconds": seconds, "counting": counted, "bytes": size}


TASKS = {"store_refs": task_store_refs, "store_write": task_store_write}


def store_cli(run) -> None:
    """The commands on the built-in data and on the largest graph, side by side."""
    size = run.settings.sizes[-1]
    folder = run.folder(size)
    runs = run.settings.cli_runs
    refs = run_worker("store_refs", {"folder": folder}, timeout=run.settings.timeout)
    if not refs.ok:
        run.add(Check(GROUP, f"{size}: commands from the store", error=refs.error))
        return
    work = CACHE / "store-cli"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    progress = work / "progress.yaml"
    env = child_env(KGRAPH_CACHE_DIR=str(work / "cache"), KGRAPH_PROGRESS=str(work / "none.yaml"))
    _cold_build(run, size, folder, env)
    builtin_progress = work / "builtin-progress.yaml"
    builtin_progress.write_text("topics:\n  topic:docker/core-competencies/image-building: done\n")
    progress.write_text("\n".join(refs.data["progress"]) + "\n")
    base = _commands(refs.data, None, builtin_progress)
    big = _commands(refs.data, folder, progress)
    same = []
    for name in base:
        small, large = _timed(base[name], env, runs), _timed(big[name], env, runs)
        if large["code"] != 0 or small["code"] != 0:
            run.add(Check(GROUP, f"{size}: kgraph {name}", error=f"exit codes {small['code']}, {large['code']}"))
            continue
        built = _run([big[name][0], "--no-cache", *big[name][1:]], env)
        same.append(built[3] == large["stdout"])
        spread = ", ".join(f"{t:.2f}" for t in large["times"])
        run.add(
            Check(
                GROUP,
                f"{size}: kgraph {name}",
                large["seconds"],
                baseline=small["seconds"],
                baseline_name=f"built-in data ({small['seconds']:.2f} s)",
                limit=LIMIT if name in TARGETED else None,
                op="<=",
                target_on="ratio",
                note=f"runs: {spread} s; peak RSS {large['rss_kb'] / 1024:.0f} MiB (built-in "
                f"{small['rss_kb'] / 1024:.0f} MiB); same output as --no-cache: {'yes' if same[-1] else 'NO'}"
                + (f"; --no-cache took {built[0]:.1f} s" if name in TARGETED else ""),
            )
        )
        run.scale(f"CLI: kgraph {name} (warm cache)", "s", size, large["seconds"])
    run.add(
        Check(
            GROUP,
            f"{size}: outputs equal to the NetworkX path (--no-cache)",
            float(sum(same)),
            unit="",
            limit=float(len(same)),
            op=">=",
            show_ratio=False,
            note=f"{len(same)} commands compared, stdout byte for byte",
        )
    )


def _cold_build(run, size: str, folder: str, env: dict) -> None:
    """A first command on an empty build cache, the store's write time and its size."""
    command = [str(KGRAPH), "--no-builtin", "--plugins", folder, "info"]
    seconds, rss, code, _ = _run(command, env)
    written = run_worker("store_write", {"folder": folder}, timeout=run.settings.timeout)
    entries = list((Path(env["KGRAPH_CACHE_DIR"])).glob("graph-*.kgs"))
    store_bytes = sum(p.stat().st_size for p in entries)
    note = f"peak RSS {rss / 1024:.0f} MiB; store on disk {store_bytes / 2**20:.1f} MiB"
    if written.ok:
        note += (
            f"; of which counting the stored answers {written.data['counting']:.1f} s and writing the store "
            f"{written.data['seconds'] - written.data['counting']:.1f} s ({written.data['seconds']:.1f} s in all)"
        )
    if code != 0:
        run.add(Check(GROUP, f"{size}: cold build (kgraph info, empty cache)", error=f"exit code {code}"))
        return
    run.add(Check(GROUP, f"{size}: cold build (kgraph info, empty cache)", seconds, limit=COLD_LIMIT, note=note))


SUITES = (("store_cli", store_cli),)
