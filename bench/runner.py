"""Run benchmark tasks and commands in fresh processes, with timeouts."""

from __future__ import annotations

import json
import os
import subprocess
import time
from dataclasses import dataclass, field

from bench.common import PYTHON, REPO, child_env
from bench.worker import MARKER


@dataclass
class Outcome:
    """A child process's result (``data``), its wall time, or why it failed (``error``)."""

    data: dict = field(default_factory=dict)
    wall: float | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        """True when the task finished and reported a result."""
        return self.error is None


def run_worker(task: str, args: dict, *, timeout: float, env: dict | None = None) -> Outcome:
    """Run ``bench.worker TASK`` in a fresh interpreter; its JSON result, or the failure."""
    command = [str(PYTHON), "-m", "bench.worker", task, json.dumps(args)]
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command, cwd=REPO, env=env or child_env(), capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return Outcome(wall=time.perf_counter() - started, error=f"timeout after {timeout:g} s")
    wall = time.perf_counter() - started
    lines = [line for line in done.stdout.splitlines() if line.startswith(MARKER)]
    if done.returncode != 0 or not lines:
        tail = " | ".join(done.stderr.strip().splitlines()[-3:])
        return Outcome(wall=wall, error=f"exit code {done.returncode}: {tail or 'no result'}")
    return Outcome(json.loads(lines[-1][len(MARKER) :]), wall)


def time_command(command: list[str], *, runs: int, env: dict | None = None, timeout: float = 120) -> Outcome:
    """Wall seconds of ``runs`` fresh runs of ``command`` (after one untimed warm-up run, which
    fills the OS file cache and kgraph's build cache); ``data["times"]`` holds them all."""
    env = env or child_env()
    times: list[float] = []
    for attempt in range(runs + 1):
        started = time.perf_counter()
        try:
            done = subprocess.run(
                command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout
            )
        except subprocess.TimeoutExpired:
            return Outcome(error=f"timeout after {timeout:g} s")
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            tail = " | ".join(done.stderr.decode(errors="replace").strip().splitlines()[-2:])
            return Outcome(error=f"exit code {done.returncode}: {tail}")
        if attempt:
            times.append(seconds)
    return Outcome({"times": times})


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages as text (other work on the machine skews timings)."""
    try:
        return " / ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"
