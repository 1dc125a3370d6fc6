"""Run kgraph's benchmarks, print the results and write docs/benchmarks.md.

python -m bench                    # every benchmark on 1k, 10k and 100k topics (several minutes)
python -m bench --quick            # 1k and 10k, fewer repetitions: for trying things out
python -m bench --no-neo4j --no-browser --sizes 1k,10k --out /tmp/bench.md
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

from bench import datasets, machine
from bench.common import REPO, SIZES, Settings
from bench.markdown import render
from bench.report import CHECK_HEADER, Check, scaling_rows, text_table
from bench.runner import load_average, run_worker
from bench.suites import SUITES, Run
from kgraph._util import progress


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", help="comma-separated sizes out of 1k,10k,100k (default: all; --quick: 1k,10k)")
    parser.add_argument("--quick", action="store_true", help="1k and 10k only, fewer repetitions")
    parser.add_argument("--no-neo4j", action="store_true", help="skip the Neo4j push benchmark")
    parser.add_argument("--no-browser", action="store_true", help="skip the headless Chromium benchmark")
    names = ",".join(name for name, _ in all_suites())
    parser.add_argument("--only", help=f"comma-separated benchmarks to run: {names}")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per child process (default 900)")
    parser.add_argument("--out", default="docs/benchmarks.md", help="where to write the report")
    return parser.parse_args(argv)


def settings_from(args: argparse.Namespace) -> Settings:
    """Repetitions and sizes for a full or a quick run."""
    default = "1k,10k" if args.quick else ",".join(SIZES)
    sizes = [s.strip() for s in (args.sizes or default).split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        raise SystemExit(f"unknown size(s) {', '.join(unknown)}: choose from {', '.join(SIZES)}")
    return Settings(
        sizes=tuple(sorted(set(sizes), key=list(SIZES).index)),
        quick=args.quick,
        neo4j=not args.no_neo4j,
        browser=not args.no_browser,
        cli_runs=3 if args.quick else 5,
        queries=50 if args.quick else 200,
        query_budget=10.0 if args.quick else 60.0,
        viz_loads=1 if args.quick else 3,
        naive_rows=500 if args.quick else 2000,
        timeout=args.timeout,
    )


def _log(started: float):
    def log(text: str) -> None:
        progress.echo(f"[{time.perf_counter() - started:7.1f}s] {text}")  # above the spinner, if any

    return log


def prepare_data(run: Run) -> None:
    """Generate (or reuse) the plugin folder of every size, and count its graph (which also
    fills kgraph's build cache, so later tasks load their graph quickly)."""
    for size in run.settings.sizes:
        with progress.task(f"bench: data {size}"):
            folder, meta = datasets.ensure(SIZES[size])
            counted = run_worker("count", {"folder": str(folder)}, timeout=run.settings.timeout)
        run.data[size] = (folder, meta)
        if counted.ok:
            meta.update(nodes=counted.data["nodes"], edges=counted.data["edges"])
            run.nodes[size] = counted.data["nodes"]
        run.log(f"data {size}: {folder.relative_to(REPO)} ({meta['topics']:,} topics, {meta.get('nodes', '?')} nodes)")


def all_suites() -> list:
    """bench.suites.SUITES, then those of the worker's extra modules."""
    import importlib

    from bench.worker import EXTRA_MODULES

    return [*SUITES, *(s for name in EXTRA_MODULES for s in importlib.import_module(name).SUITES)]


def run_suites(run: Run, only: set[str] | None) -> None:
    """Run each benchmark; one that crashes is reported as an ERROR row, the others still run."""
    for name, suite in all_suites():
        if only and name not in only:
            continue
        try:
            with progress.task(f"bench: {name}"):
                suite(run)
        except Exception as exc:
            traceback.print_exc()
            run.add(Check(f"{name} (crashed)", name, error=f"{type(exc).__name__}: {exc}"))


def print_results(run: Run) -> None:
    """The targets table and the size table on stdout."""
    rows = [check.row()[:-1] for check in sorted(run.checks, key=lambda c: c.group)]
    print(text_table(CHECK_HEADER[:-1], rows, width=72))
    print()
    header, cells = scaling_rows(list(run.scaling.values()), list(run.settings.sizes), run.nodes)
    if cells:
        print(text_table(header, cells))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; exit code 1 only when something could not be measured (ERROR rows):
    a target missed is a result (FAIL in the report), not a failure of the run."""
    args = parse_args(argv)
    settings = settings_from(args)
    progress.enable_on_terminal(sys.stderr)  # a spinner per benchmark while it runs (KGRAPH_QUIET=1: none)
    started = time.perf_counter()
    run = Run(settings, _log(started))
    context = {
        "started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python -m bench " + " ".join(argv if argv is not None else sys.argv[1:]),
        "load_before": load_average(),
        "machine": machine.describe(),
    }
    prepare_data(run)
    run_suites(run, set(args.only.split(",")) if args.only else None)
    context["load_after"] = load_average()
    context["minutes"] = (time.perf_counter() - started) / 60
    print_results(run)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(run, context), encoding="utf-8")
    run.log(f"wrote {out}")
    return 1 if any(check.status == "ERROR" for check in run.checks) else 0


if __name__ == "__main__":
    sys.exit(main())
