"""The Neo4j server the push benchmark writes to.

``NEO4J_URI`` (with ``NEO4J_USER`` / ``NEO4J_PASSWORD`` / ``NEO4J_DATABASE``) names a server to
use as it is. Otherwise the benchmark runs its own dev server (``scripts/neo4j-dev``) with its
home in ``.bench-cache/neo4j-dev``: the test suite wipes and stops the usual ``.neo4j-dev``
server, so sharing it with ``make test`` would corrupt both. It reuses the jars of
``.neo4j-dev/lib`` when they are there, and is stopped afterwards only if this run started it.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.common import CACHE, REPO

SCRIPT = REPO / "scripts" / "neo4j-dev"
HOME = CACHE / "neo4j-dev"
KEYS = ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE")


def _script(command: str, timeout: float) -> subprocess.CompletedProcess:
    env = {**os.environ, "KGRAPH_NEO4J_HOME": str(HOME)}
    return subprocess.run(
        [str(SCRIPT), command], cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def _share_jars() -> None:
    """Point the bench server's ``lib`` at the dev server's jars (saves a Maven download)."""
    shared = REPO / ".neo4j-dev" / "lib"
    lib = HOME / "lib"
    HOME.mkdir(parents=True, exist_ok=True)
    if not lib.exists() and (shared / ".pom-stamp").exists():
        lib.symlink_to(shared, target_is_directory=True)


def _read_env(path: Path) -> dict[str, str]:
    from kgraph.store.neo4j import read_dotenv

    return {key: value for key, value in read_dotenv(path).items() if key in KEYS}


@contextmanager
def server(log) -> Iterator[dict[str, str]]:
    """The connection variables of a running server (``{}`` when none could be started).

    ``log(text)`` reports what happens (start, reuse, stop, failure).
    """
    if os.environ.get("NEO4J_URI"):
        log("Neo4j: using NEO4J_URI from the environment")
        yield {key: os.environ[key] for key in KEYS if os.environ.get(key)}
        return
    _share_jars()
    started = False
    if _script("status", 30).returncode != 0:
        log(f"Neo4j: starting the bench dev server in {HOME.relative_to(REPO)} ...")
        done = _script("start", 600)
        if done.returncode != 0:
            log("Neo4j: could not start the server: " + " | ".join((done.stderr or done.stdout).splitlines()[-3:]))
            yield {}
            return
        started = True
    else:
        log("Neo4j: reusing the running bench dev server")
    try:
        yield _read_env(HOME / "env")
    finally:
        if started:
            _script("stop", 120)
            log("Neo4j: stopped the bench dev server")
