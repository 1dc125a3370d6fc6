"""What the benchmarks ran on: CPU, cores, memory, OS, Python, package versions, kgraph's commit."""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
from importlib import metadata
from pathlib import Path

from bench.common import PYTHON, REPO

PACKAGES = (
    "kgraph",
    "networkx",
    "scipy",
    "pandas",
    "PyYAML",
    "jsonschema",
    "fastjsonschema",
    "click",
    "pyvis",
    "neo4j",
)
PACKAGES_BROWSER = ("selenium",)


def _proc_field(path: str, name: str) -> str | None:
    try:
        text = Path(path).read_text()
    except OSError:
        return None
    match = re.search(rf"^{re.escape(name)}\s*:\s*(.+)$", text, re.MULTILINE)
    return match.group(1).strip() if match else None


def cpu_model() -> str:
    """The CPU model name (``/proc/cpuinfo``), else what ``platform`` knows."""
    return _proc_field("/proc/cpuinfo", "model name") or platform.processor() or platform.machine()


def memory_gib() -> float | None:
    """Total memory in GiB (``/proc/meminfo``)."""
    total = _proc_field("/proc/meminfo", "MemTotal")
    return int(total.split()[0]) / 1024**2 if total else None


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _output(command: list[str]) -> str | None:
    try:
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def kgraph_revision() -> str:
    """The git commit of the working tree, marked when there are uncommitted changes."""
    commit = _output(["git", "rev-parse", "--short", "HEAD"])
    if not commit:
        return "unknown"
    dirty = _output(["git", "status", "--porcelain", "--untracked-files=no", "--", "kgraph"])
    return f"{commit} + uncommitted changes in kgraph/" if dirty else commit


def chromium_version() -> str | None:
    """The Chromium version, if a Chromium is on PATH."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not binary:
        return None
    out = _output([binary, "--version"])
    return out.splitlines()[-1] if out else None


def describe() -> dict[str, str]:
    """The machine and software, as ordered ``name -> value`` rows."""
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    memory = memory_gib()
    info = {
        "CPU": cpu_model(),
        "Cores": f"{os.cpu_count()} logical ({affinity} usable by this process)",
        "Memory": f"{memory:.1f} GiB" if memory else "unknown",
        "OS": platform.platform(),
        "Python": f"{platform.python_version()} ({platform.python_implementation()}, {PYTHON})",
        "kgraph revision": kgraph_revision(),
    }
    for package in (*PACKAGES, *PACKAGES_BROWSER):
        info[package] = _version(package)
    browser = chromium_version()
    if browser:
        info["Chromium"] = browser
    return info
