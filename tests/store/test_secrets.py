"""Secrets: where the Neo4j password comes from (flag, NEO4J_PASSWORD, .env, a hidden prompt
on a terminal), and that it never shows: not in any command's output or error, the driver's
logs, exceptions, the settings' repr, files written, or a --debug traceback."""

from __future__ import annotations

import json
import logging
import os
import select
import shutil
import subprocess
import sys
import time
import traceback
from pathlib import Path

import pytest

from kgraph.errors import ConnectionFailed
from kgraph.store import neo4j as store
from tests.conftest import roadmap_doc, write_yaml
from tests.neo4j_server import REPO
from tests.store.checks import assert_clean, assert_no_secret

pytestmark = pytest.mark.neo4j

KGRAPH = Path(sys.executable).with_name("kgraph")


def status_ok(result) -> dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("source", ["flag", "env", "dotenv"])
def test_password_from_each_source(run, neo4j_env, monkeypatch, tmp_path, source):
    password = neo4j_env.password
    monkeypatch.delenv("NEO4J_PASSWORD")
    args = ["neo4j", "status", "--format", "json"]
    if source == "flag":
        args += ["--password", password]
    elif source == "env":
        monkeypatch.setenv("NEO4J_PASSWORD", password)
    else:  # the working folder's .env holds the whole connection (one source per connection)
        others = ("NEO4J_URI", "NEO4J_USER", "NEO4J_DATABASE")
        lines = [f"{key}={os.environ[key]}" for key in others if key in os.environ]
        for key in others:
            monkeypatch.delenv(key, raising=False)
        (tmp_path / ".env").write_text("\n".join([*lines, f"NEO4J_PASSWORD={password}", ""]))
        (tmp_path / ".env").chmod(0o600)
    result = run(*args)
    assert status_ok(result)["edition"] == "community"
    assert_clean(result.output, password)


def read_until(fd: int, marker: bytes, seconds: float = 30) -> bytes:
    """What ``fd`` gives until ``marker`` shows up (or the time is over)."""
    seen = b""
    deadline = time.monotonic() + seconds
    while marker not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # EIO: the terminal's other end is closed
                break
            if not chunk:
                break
            seen += chunk
    return seen


def test_password_prompt_is_hidden_on_a_terminal(neo4j_env, monkeypatch):
    """On a real terminal (a pty) --password-prompt asks on stderr with echo off, and connects."""
    password = neo4j_env.password
    monkeypatch.delenv("NEO4J_PASSWORD")
    master, terminal = os.openpty()
    command = [str(KGRAPH), "neo4j", "status", "--password-prompt", "--format", "json"]
    # A new session: no controlling terminal, so getpass uses the pty on stdin (never the runner's).
    with subprocess.Popen(
        command, stdin=terminal, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    ) as child:
        os.close(terminal)
        try:
            prompt = read_until(child.stderr.fileno(), b"Neo4j password")
            assert b"Neo4j password" in prompt, prompt
            os.write(master, password.encode() + b"\n")  # echo is off once the prompt shows
            echoed = read_until(master, b"\n", seconds=0.5)  # what the terminal shows back
            out, err = child.communicate(timeout=60)
        finally:
            os.close(master)
    assert child.returncode == 0, err
    assert json.loads(out)["edition"] == "community"
    assert_clean((prompt + out + err + echoed).decode(errors="replace"), password)


def tiny_plugins(folder: Path) -> Path:
    write_yaml(folder / "tiny.yaml", roadmap_doc("tiny"))
    return folder


def test_password_is_never_printed(run, neo4j_env, tmp_path):
    password = neo4j_env.password
    plugins = tiny_plugins(tmp_path / "plugins")
    bad = tmp_path / "bad.cypher"
    bad.write_text("MATCH (n) RETURN n LIMT 1\n")
    exported = tmp_path / "pulled.json"
    commands = [
        ["neo4j", "push", "--plugins", plugins, "--no-builtin", "--wipe"],
        ["neo4j", "push", "--plugins", plugins, "--no-builtin", "--format", "json"],
        ["neo4j", "status"],
        ["neo4j", "status", "--format", "json"],
        ["neo4j", "pull"],
        ["neo4j", "pull", "--format", "json"],
        ["neo4j", "pull", "-o", exported],
        ["query", "roadmap_overview", "--format", "json"],
        ["info", "--source", "neo4j"],
        ["query", bad],  # a query error
        ["query", "prerequisites"],  # a missing parameter
        ["neo4j", "status", "--database", "no-such-db"],
        ["neo4j", "status", "--user", "kgraph-nobody"],  # refused credentials (this user's password)
        ["neo4j", "status", "--uri", "bolt://127.0.0.1:1"],  # unreachable, password given
        ["neo4j", "status", "--uri", f"bolt://neo4j:{password}@127.0.0.1:1"],  # password in the URI
    ]
    codes = []
    for args in commands:
        result = run(*args)
        codes.append(result.exit_code)
        assert_clean(result.output, password)
    assert codes == [0] * 9 + [2, 2, 3, 3, 3, 2]
    assert password not in exported.read_text(encoding="utf-8")


def test_driver_logs_hold_no_password(neo4j_settings, caplog):
    """Even with the driver's DEBUG logging on (which shows the Bolt messages), no password."""
    wrong = "kgraph-wrong-pw-in-logs-77"
    with caplog.at_level(logging.DEBUG, logger="neo4j"):
        with store.connect(neo4j_settings) as driver:
            store.server_status(driver, database=neo4j_settings.database)
            store.pull_graph(driver, database=neo4j_settings.database)
        with pytest.raises(ConnectionFailed):
            store.connect(store.Neo4jSettings(neo4j_settings.uri, "kgraph-nobody", wrong, neo4j_settings.database))
    assert "HELLO" in caplog.text or "LOGON" in caplog.text  # the log did capture the handshake
    assert_no_secret(caplog.text, neo4j_settings.password, wrong)


def test_exceptions_and_settings_hold_no_password(neo4j_settings):
    wrong = "kgraph-wrong-pw-in-exc-78"
    settings = store.Neo4jSettings(neo4j_settings.uri, "kgraph-nobody", wrong, neo4j_settings.database)
    with pytest.raises(ConnectionFailed) as info:
        store.connect(settings)
    error = info.value
    texts = [str(error), repr(error), "".join(traceback.format_exception(error)), repr(settings), str(settings)]
    texts += [repr(error.__context__), str(error.__context__)]  # the driver's error behind it
    for text in texts:
        assert_no_secret(text, wrong, neo4j_settings.password)


def test_debug_traceback_holds_no_password(neo4j_env):
    """--debug shows the traceback; it holds code and messages, never the password."""
    wrong = "kgraph-wrong-pw-in-debug-79"
    command = [str(KGRAPH), "--debug", "neo4j", "status", "--user", "kgraph-nobody", "--password", wrong]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode != 0 and "ConnectionFailed" in done.stderr
    assert wrong not in done.stderr and wrong not in done.stdout
    assert neo4j_env.password not in done.stderr + done.stdout


def test_dotenv_is_git_ignored():
    if shutil.which("git") is None:
        pytest.skip("git is not installed: cannot ask it whether .env is ignored")
    done = subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=REPO, capture_output=True, timeout=30)
    assert done.returncode == 0, ".env is not ignored by git: a password could be committed"
