"""Neo4j faults against real servers: a server stopped or killed in the middle of a push,
transient errors (deadlocks) retried, pushes racing each other, unreachable or wrong
servers failing fast, and every CLI error as one line with its exit code.

The faults hit a throwaway server of their own (scripts/neo4j-dev with KGRAPH_NEO4J_HOME in
a temporary folder, its jars shared with the dev server or fetched from ~/.m2), so stopping
it never disturbs the shared dev server. It is started once per module and always stopped.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager, suppress
from pathlib import Path

import networkx as nx
import pytest
from neo4j.exceptions import TransientError

import kgraph
from kgraph.errors import ConnectionFailed, StoreError
from kgraph.store import neo4j as store
from tests.neo4j_server import REPO, closed_port, export_settings, unavailable
from tests.store.checks import assert_clean, assert_database_holds, error_line

pytestmark = pytest.mark.neo4j

SCRIPT = REPO / "scripts" / "neo4j-dev"
KGRAPH = Path(sys.executable).with_name("kgraph")
MARGIN = 3.0
"""Seconds allowed on top of a timeout for the CLI's own work."""


class FaultServer:
    """A Neo4j server of its own under ``home``, to stop, kill and start again."""

    def __init__(self, home: Path):
        self.home = home
        self.settings: store.Neo4jSettings | None = None

    def _script(self, command: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "KGRAPH_NEO4J_HOME": str(self.home)}
        env.pop("KGRAPH_NEO4J_PORT", None)  # a port of its own (kept across restarts)
        return subprocess.run([str(SCRIPT), command], env=env, capture_output=True, text=True, timeout=300)

    def share_jars(self) -> None:
        """Use the dev server's jars if they are there (else the script copies them from ~/.m2)."""
        shared = Path(os.environ.get("KGRAPH_NEO4J_HOME") or REPO / ".neo4j-dev")
        lib = (shared if shared.is_absolute() else REPO / shared) / "lib"
        if (lib / ".pom-stamp").is_file() and not (self.home / "lib").exists():
            (self.home / "lib").symlink_to(lib, target_is_directory=True)

    def start(self) -> store.Neo4jSettings:
        done = self._script("start")
        if done.returncode != 0:
            raise RuntimeError(f"scripts/neo4j-dev start failed: {done.stderr.strip()[-500:]}")
        values = store.read_dotenv(self.home / "env")
        self.settings = store.connection_settings(environ=values, dotenv=None)
        return self.settings

    def stop(self) -> None:
        self._script("stop")

    def pid(self) -> int | None:
        """The server's process id, if it runs (checked by its command line, as the script does)."""
        try:
            pid = int((self.home / "run" / "neo4j.pid").read_text().strip())
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except (OSError, ValueError):
            return None
        return pid if f"--home-dir={self.home}".encode() in command else None

    def kill(self) -> None:
        """SIGKILL the server (a crash), then wait until it is gone."""
        pid = self.pid()
        if pid is None:
            return
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
            time.sleep(0.1)


@pytest.fixture(scope="module")
def fault_server(tmp_path_factory):
    """A started throwaway server, stopped and removed after the module (even on failure)."""
    server = FaultServer(tmp_path_factory.mktemp("neo4j-faults"))
    try:
        server.share_jars()
        try:
            server.start()
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
            unavailable(str(exc), "the Neo4j fault tests")
        yield server
    finally:
        server.kill()  # nothing to keep: faster than a graceful stop
        server.stop()  # clears the pid file (and stops the server if the kill could not)
        shutil.rmtree(server.home, ignore_errors=True)


@pytest.fixture
def fault_env(fault_server, monkeypatch, tmp_path):
    """The CLI's environment (NEO4J_*) for the fault server (started again if a failed test left
    it down), from a folder without a .env."""
    if fault_server.pid() is None:
        fault_server.start()
    export_settings(monkeypatch, fault_server.settings)
    monkeypatch.chdir(tmp_path)
    return fault_server.settings


def count(driver, settings, cypher: str) -> int:
    return store.run_cypher(driver, cypher, database=settings.database).rows()[0]["n"]


def empty_database(settings: store.Neo4jSettings) -> None:
    """Delete every node and every constraint: the state of a fresh database."""
    with store.connect(settings) as driver:
        store.run_cypher(driver, "MATCH (n) DETACH DELETE n", database=settings.database, write=True)
        constraints = store.run_cypher(driver, "SHOW CONSTRAINTS YIELD name RETURN name", database=settings.database)
        for row in constraints.rows():
            store.run_cypher(driver, f"DROP CONSTRAINT `{row['name']}`", database=settings.database, write=True)


def cli_push(*args: str) -> subprocess.Popen:
    """``kgraph neo4j push`` as its own process (the environment names the server)."""
    command = [str(KGRAPH), "neo4j", "push", *args]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


# ---------------------------------------------------------------- (a) the server stops mid-push


def interrupted_push(server: FaultServer, interrupt) -> subprocess.Popen:
    """Start a slow push (20 rows per transaction) and ``interrupt`` the server once the push
    has added 50 nodes; the push goes on running."""
    nodes = "MATCH (n) RETURN count(n) AS n"
    with store.connect(server.settings) as driver:
        target = count(driver, server.settings, nodes) + 50
        push = cli_push("--batch-size", "20")
        deadline = time.monotonic() + 120
        while count(driver, server.settings, nodes) < target and push.poll() is None:
            assert time.monotonic() < deadline, "the push made no progress"
            time.sleep(0.05)
        assert push.poll() is None, "the push ended before the server could be stopped"
        interrupt()
    return push


def check_failed_push(push, err: str, settings: store.Neo4jSettings) -> None:
    assert push.returncode == 3, err
    line = error_line(err, settings.password)
    assert line.startswith(f"kgraph: push to {settings.address} stopped after ")
    assert "cannot reach Neo4j" in line and "push again" in line


def test_push_interrupted_by_a_stop_and_a_crash_then_completed(fault_server, fault_env):
    G = kgraph.load_graph(use_entry_points=False)  # in the working folder the CLI uses
    empty_database(fault_env)

    # A graceful stop: the push retries for a bounded time, then fails with one clean line.
    push = interrupted_push(fault_server, fault_server.stop)
    down = time.monotonic()
    out, err = push.communicate(timeout=120)
    check_failed_push(push, err, fault_env)
    assert out == ""
    # Retries stop after MAX_RETRY_TIME; the driver's last back-off (up to ~16 s) may come on top.
    assert time.monotonic() - down < 2 * store.MAX_RETRY_TIME + 5
    fault_server.start()

    # A crash (SIGKILL), restarted while the push still retries: it finishes, or fails cleanly.
    push = interrupted_push(fault_server, fault_server.kill)
    fault_server.start()
    out, err = push.communicate(timeout=120)
    if push.returncode != 0:
        check_failed_push(push, err, fault_env)
    assert_clean(out + err, fault_env.password)

    # The same push again completes: the database holds the graph, every item once.
    done = cli_push("--format", "json")
    out, err = done.communicate(timeout=300)
    assert done.returncode == 0, err
    assert_clean(out + err, fault_env.password)
    with store.connect(fault_env) as driver:
        assert_database_holds(driver, fault_env.database, G)


# ---------------------------------------------------------------- (b) transient errors are retried


def test_retry_and_timeout_bounds_are_configured(fault_env):
    assert 0 < store.MAX_RETRY_TIME <= 30
    assert 0 < store.CONNECTION_TIMEOUT <= store.ACQUISITION_TIMEOUT <= 30
    with store.connect(fault_env) as driver:  # the driver really got them (private attributes: no public getter)
        assert driver._default_workspace_config.max_transaction_retry_time == store.MAX_RETRY_TIME
        assert driver._pool.pool_config.connection_timeout == store.CONNECTION_TIMEOUT
        assert driver._default_workspace_config.connection_acquisition_timeout == store.ACQUISITION_TIMEOUT


def two_topics() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.add_node("topic:d/c/a", kind="topic", name="A")
    G.add_node("topic:d/c/b", kind="topic", name="B")
    return G


def test_push_that_deadlocks_is_retried_and_succeeds(fault_env, caplog):
    """Another transaction locks B, the push (one batch: A then B) locks A and waits for B,
    then the other transaction asks for A: Neo4j ends the younger transaction (the push's)
    with DeadlockDetected, a transient error, and the managed transaction runs it again."""
    G = two_topics()
    db = fault_env.database
    with store.connect(fault_env) as driver, store.connect(fault_env) as other:
        store.push_graph(driver, G, database=db, wipe_first=True)
        G.nodes["topic:d/c/a"]["name"] = "A2"
        result: dict = {}
        with other.session(database=db) as session, session.begin_transaction() as tx:
            tx.run("MATCH (n:Topic {id: 'topic:d/c/b'}) SET n.touched = true").consume()
            pusher = threading.Thread(target=lambda: result.update(summary=store.push_graph(driver, G, database=db)))
            pusher.start()
            time.sleep(1.0)  # the push now holds A and waits for B
            try:
                tx.run("MATCH (n:Topic {id: 'topic:d/c/a'}) SET n.touched = true").consume()
            except TransientError:
                pytest.fail("Neo4j ended the other transaction, not the push's: nothing to retry")
            tx.rollback()
        pusher.join(timeout=60)
        assert "summary" in result, "the push did not finish"
        retried = [r for r in caplog.records if r.name.startswith("neo4j") and "DeadlockDetected" in r.getMessage()]
        assert retried, "the push was not the deadlock's victim, so nothing was retried"
        assert_database_holds(driver, db, G)


# ---------------------------------------------------------------- (c) pushes at the same time


def push_in_threads(settings, G, batch_sizes) -> list[Exception]:
    """Push ``G`` from one thread (and driver) per batch size, all starting together."""
    errors: list[Exception] = []
    barrier = threading.Barrier(len(batch_sizes))

    def push(batch_size: int) -> None:
        with store.connect(settings) as driver:
            barrier.wait()
            try:
                store.push_graph(driver, G, database=settings.database, batch_size=batch_size)
            except Exception as exc:  # reported by the test
                errors.append(exc)

    threads = [threading.Thread(target=push, args=(size,)) for size in batch_sizes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_concurrent_pushes_onto_an_empty_database(fault_env, builtin_graph):
    empty_database(fault_env)  # no constraints yet: both pushes create them at once
    assert push_in_threads(fault_env, builtin_graph, [50, 73, 97]) == []
    with store.connect(fault_env) as driver:
        assert_database_holds(driver, fault_env.database, builtin_graph)


def test_concurrent_cli_pushes_onto_a_populated_database(fault_env):
    G = kgraph.load_graph(use_entry_points=False)
    with store.connect(fault_env) as driver:
        store.push_graph(driver, G, database=fault_env.database, wipe_first=True)
    pushes = [cli_push("--batch-size", size) for size in ("40", "61")]
    for push in pushes:
        _, err = push.communicate(timeout=300)
        assert push.returncode == 0, err
    with store.connect(fault_env) as driver:
        assert_database_holds(driver, fault_env.database, G)


def test_constraint_in_the_way_is_a_clear_store_error(fault_env):
    empty_database(fault_env)
    with store.connect(fault_env) as driver:
        store.run_cypher(
            driver, "CREATE INDEX in_the_way FOR (n:Topic) ON (n.id)", database=fault_env.database, write=True
        )
        try:
            with pytest.raises(
                StoreError, match=r"cannot make id unique for :Topic nodes: There already exists an index"
            ):
                store.push_graph(driver, two_topics(), database=fault_env.database)
            store.run_cypher(driver, "DROP INDEX in_the_way", database=fault_env.database, write=True)
            clash = "CREATE CONSTRAINT kgraph_topic_id FOR (n:Concept) REQUIRE n.name IS UNIQUE"
            store.run_cypher(driver, clash, database=fault_env.database, write=True)
            with pytest.raises(StoreError, match=r"no uniqueness constraint on id for :Topic nodes"):
                store.push_graph(driver, two_topics(), database=fault_env.database)
            assert count(driver, fault_env, "MATCH (n) RETURN count(n) AS n") == 0  # refused before writing
        finally:
            empty_database(fault_env)
            store.run_cypher(driver, "DROP INDEX in_the_way IF EXISTS", database=fault_env.database, write=True)


# ---------------------------------------------------------------- (d) fail fast


@contextmanager
def black_hole():
    """A local port that drops connection attempts, like a non-routable host: its listen
    queue is full and nobody accepts, so the kernel ignores further SYNs."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(0)
        port = server.getsockname()[1]
        filler = socket.create_connection(("127.0.0.1", port), timeout=2)
        try:
            yield port
        finally:
            filler.close()


@contextmanager
def silent_server():
    """A local port that accepts connections and never answers (a hung server)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        accepted: list[socket.socket] = []
        stop = threading.Event()

        def accept() -> None:
            server.settimeout(0.2)
            while not stop.is_set():
                try:
                    accepted.append(server.accept()[0])
                except OSError:
                    continue

        thread = threading.Thread(target=accept, daemon=True)
        thread.start()
        try:
            yield server.getsockname()[1]
        finally:
            stop.set()
            thread.join()
            for conn in accepted:
                conn.close()


def timed(run, *args):
    started = time.perf_counter()
    result = run(*args)
    return result, time.perf_counter() - started


def test_wrong_password_fails_fast(run, fault_env):
    wrong = "kgraph-wrong-password-0815"
    result, seconds = timed(run, "neo4j", "status", "--password", wrong)
    assert result.exit_code == 3
    assert "refused the credentials for user 'neo4j'" in error_line(result.stderr, wrong, fault_env.password)
    assert seconds < MARGIN


def test_missing_password_says_where_to_give_one(run, fault_env, monkeypatch):
    monkeypatch.delenv("NEO4J_PASSWORD")
    result = run("neo4j", "status")
    assert result.exit_code == 3
    line = error_line(result.stderr, fault_env.password)
    assert "refused the credentials" in line and "no password given: use --password-prompt, NEO4J_PASSWORD" in line


@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
def test_closed_port_fails_at_once(run, fault_env, scheme):
    result, seconds = timed(run, "neo4j", "status", "--uri", f"{scheme}://127.0.0.1:{closed_port()}")
    assert result.exit_code == 3
    assert "Connection refused" in error_line(result.stderr, fault_env.password)
    assert seconds < MARGIN


def test_non_routable_address_fails_within_the_connection_timeout(run, fault_env):
    # Whatever this network does with 10.255.255.1 (drop, refuse, or a proxy that answers),
    # the command ends within the connection timeout.
    # Another host over bolt:// with a password: first the one-line plaintext warning.
    result, seconds = timed(run, "neo4j", "status", "--uri", "bolt://10.255.255.1:7687")
    assert result.exit_code == 3
    warning, error = result.stderr.splitlines(keepends=True)
    assert warning.startswith("kgraph: warning: the password goes unencrypted to 10.255.255.1")
    assert error_line(error, fault_env.password).startswith("kgraph: cannot reach Neo4j at bolt://10.255.255.1")
    assert seconds < store.CONNECTION_TIMEOUT + MARGIN


def test_dropped_connection_attempts_end_at_the_connection_timeout(run, fault_env):
    with black_hole() as port:
        result, seconds = timed(run, "neo4j", "status", "--uri", f"bolt://127.0.0.1:{port}")
    assert result.exit_code == 3
    assert "Timed out trying to establish connection" in error_line(result.stderr, fault_env.password)
    assert store.CONNECTION_TIMEOUT - 0.5 < seconds < store.CONNECTION_TIMEOUT + MARGIN


def test_hung_server_ends_at_the_acquisition_timeout(fault_env):
    with silent_server() as port:
        started = time.perf_counter()
        with pytest.raises(ConnectionFailed, match="handshake"):
            store.connect(store.Neo4jSettings(uri=f"bolt://127.0.0.1:{port}", password=fault_env.password))
        seconds = time.perf_counter() - started
    assert seconds < store.ACQUISITION_TIMEOUT + MARGIN


# ---------------------------------------------------------------- (e) URIs


@pytest.mark.parametrize("scheme", ["neo4j+s", "neo4j+ssc", "bolt+s", "bolt+ssc"])
def test_tls_schemes_are_accepted(run, fault_env, scheme):
    """The URI is fine; the server (no TLS here) fails the handshake: a connection error."""
    port = fault_env.uri.rsplit(":", 1)[1]
    result = run("neo4j", "status", "--uri", f"{scheme}://127.0.0.1:{port}")
    assert result.exit_code == 3
    assert "TLS handshake failed" in error_line(result.stderr, fault_env.password)


@pytest.mark.parametrize(
    ("uri", "problem"),
    [
        ("http://x", "use one of bolt://"),
        ("https://127.0.0.1:7473", "use one of bolt://"),
        ("localhost:7687", "use one of bolt://"),
        ("bolt://", "no host"),
        ("neo4j://:7687", "no host"),
        ("bolt://host:port", "Port could not be cast"),
        ("bolt://host:99999", "Port out of range"),
        ("bolt://neo4j:pw-in-uri-123@127.0.0.1:7687", "not inside the URI"),
        ("bolt://127.0.0.1:7687?policy=x", "Routing context"),
    ],
)
def test_malformed_uris_are_input_errors(run, fault_env, uri, problem):
    result = run("neo4j", "status", "--uri", uri)
    assert result.exit_code == 2
    line = error_line(result.stderr, fault_env.password, "pw-in-uri-123")
    assert line.startswith("kgraph: invalid Neo4j URI ") and problem in line


# ---------------------------------------------------------------- every CLI error path


QUERIES = {
    "{syntax}": "MATCH (n) RETURN n LIMT 1",
    "{param}": "MATCH (t:Topic {id: $topic}) RETURN t.id AS id",
    "{write}": "CREATE (x:KgraphScratch) RETURN 1 AS one",
    "{failing}": "RETURN 1 / 0 AS x",
}


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (["neo4j", "pull", "--database", "no-such-db"], 3, "has no database 'no-such-db'"),
        (["neo4j", "push", "--no-builtin", "--user", "nobody-here"], 3, "refused the credentials for user"),
        (["query", "roadmap_overview", "--uri", "bolt://127.0.0.1:1"], 3, "cannot reach Neo4j"),
        (["query", "{syntax}"], 2, "Cypher syntax error"),
        (["query", "{param}"], 2, "needs $topic: give it with -p topic=VALUE"),
        (["query", "{param}", "-p", "other=1"], 2, "has no parameter $other"),
        (["query", "{write}"], 2, "pass --write"),
        (["query", "{failing}"], 2, "Neo4j: "),
        (["neo4j", "status", "--password-prompt"], 2, "--password-prompt needs a terminal"),
        (["neo4j", "status", "--password", "x", "--password-prompt"], 2, "not both"),
        (["neo4j", "pull", "-o", "/dev/null/graph.json"], 3, "cannot write"),
    ],
)
def test_every_error_is_one_line_with_its_exit_code(run, fault_env, tmp_path, args, code, fragment):
    files = {}
    for name, text in QUERIES.items():
        files[name] = tmp_path / f"{name.strip('{}')}.cypher"
        files[name].write_text(text + "\n")
    result = run(*(files.get(arg, arg) for arg in args))
    assert result.exit_code == code, result.output
    assert fragment in error_line(result.stderr, fault_env.password)
    assert result.stdout == ""
