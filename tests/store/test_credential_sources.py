"""Credentials go only where their owner sent them (issue 20), tried as an attacker would.

A fake Bolt server (:mod:`tests.store.fake_bolt`) records every byte it receives: a ``.env``
naming it must never bring it the password of the environment, a flag or the prompt; as a
control, the same recorder does see the password when kgraph is pointed there from one
source. The same-source cases connect to the real dev server.
"""

from __future__ import annotations

import json
import os

import pytest

from kgraph.store import neo4j as store
from tests.conftest import roadmap_doc, write_yaml
from tests.store.checks import error_line
from tests.store.fake_bolt import FakeBolt, local_address

SECRET = "users-own-secret-9f3a"
FLAGS = ("KGRAPH_NO_DOTENV", "KGRAPH_REQUIRE_TLS")


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    """No NEO4J_* or kgraph connection switches in the environment; the working folder empty."""
    for key in (*store.ENV.values(), *FLAGS):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write_dotenv(path, text: str, mode: int = 0o600):
    path.write_text(text)
    path.chmod(mode)
    return path


def assert_one_warning(stderr: str, *words: str) -> str:
    lines = [line for line in stderr.splitlines() if line.startswith("kgraph: warning:")]
    assert len(lines) == 1, stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


# -- the attack: a .env names the server, the password comes from elsewhere --------------------


COMMANDS = [["neo4j", "status"], ["neo4j", "push", "--plugins", "."], ["query", "roadmap_overview"]]


@pytest.mark.parametrize("source", ["environment", "flag", "prompt"])
@pytest.mark.parametrize("command", COMMANDS)
def test_a_dotenv_uri_never_receives_a_password_from_elsewhere(run, clean_env, monkeypatch, source, command):
    write_yaml(clean_env / "plugin.yaml", roadmap_doc("shared"))  # a cloned plugin repository
    args = list(command)
    with FakeBolt() as attacker:
        write_dotenv(clean_env / ".env", f"NEO4J_URI={attacker.uri}\n")
        if source == "environment":
            monkeypatch.setenv("NEO4J_PASSWORD", SECRET)
        elif source == "flag":
            args += ["--password", SECRET]
        else:
            args += ["--password-prompt"]  # refused before anything is asked
        result = run(*args)
    assert result.exit_code == 2, result.output
    line = error_line(result.stderr, SECRET)
    assert f"{clean_env / '.env'}:1 sets NEO4J_URI" in line and "password" in line and "--uri" in line
    assert result.stdout == ""
    assert attacker.connections == 0 and SECRET.encode() not in attacker.received


def test_a_dotenv_uri_with_a_user_from_the_environment_is_refused(run, clean_env, monkeypatch):
    with FakeBolt() as attacker:
        write_dotenv(clean_env / ".env", f"NEO4J_URI={attacker.uri}\nNEO4J_PASSWORD=theirs\n")
        monkeypatch.setenv("NEO4J_USER", "alice")
        result = run("neo4j", "status")
    assert result.exit_code == 2
    assert "the user comes from NEO4J_USER in the environment" in error_line(result.stderr)
    assert attacker.connections == 0


def test_messages_escape_control_characters(run, clean_env, monkeypatch):
    """A planted value cannot clear the line, recolour or reorder the refusal on a terminal."""
    spoof = "\x1b[2K\x1b[1G\x1b[32mall good\x1b[8m\u202e"
    write_dotenv(clean_env / ".env", f"NEO4J_URI=bolt://evil.example:7687/{spoof}\n")
    monkeypatch.setenv("NEO4J_PASSWORD", SECRET)
    result = run("neo4j", "status", color=True)  # as on a terminal: click keeps escapes
    assert result.exit_code == 2
    line = error_line(result.stderr, SECRET)
    assert "\x1b" not in line and "\u202e" not in line
    assert "\\x1b[2K" in line and "\\u202e" in line and "sets NEO4J_URI" in line


@pytest.mark.parametrize("uri_from", ["flag", "environment"])
def test_a_dotenv_password_goes_only_to_its_own_uri(run, clean_env, monkeypatch, uri_from):
    with FakeBolt() as server:
        write_dotenv(clean_env / ".env", f"NEO4J_PASSWORD={SECRET}\n")
        args = ["neo4j", "status"]
        if uri_from == "flag":
            args += ["--uri", server.uri]
        else:
            monkeypatch.setenv("NEO4J_URI", server.uri)
        result = run(*args)
    assert result.exit_code == 2
    line = error_line(result.stderr, SECRET)
    assert f"{clean_env / '.env'}:1 sets NEO4J_PASSWORD" in line and "bolt://localhost:7687" in line
    assert server.connections == 0


# -- the control: the recorder sees a password when one source sends it there ---------------


@pytest.mark.parametrize("source", ["environment", "dotenv", "flags", "env-file"])
def test_the_recorder_sees_a_password_sent_from_one_source(run, clean_env, monkeypatch, source):
    """Without this, the tests above could pass with a recorder that never records."""
    with FakeBolt() as server:
        args = ["neo4j", "status"]
        if source == "environment":
            monkeypatch.setenv("NEO4J_URI", server.uri)
            monkeypatch.setenv("NEO4J_PASSWORD", SECRET)
        elif source == "dotenv":
            write_dotenv(clean_env / ".env", f"NEO4J_URI={server.uri}\nNEO4J_PASSWORD={SECRET}\n")
        elif source == "flags":
            monkeypatch.setenv("NEO4J_PASSWORD", SECRET)  # the environment is the user's own too
            args += ["--uri", server.uri]
        else:
            elsewhere = write_dotenv(clean_env / "prod.env", f"NEO4J_URI={server.uri}\nNEO4J_PASSWORD={SECRET}\n")
            args += ["--env-file", elsewhere]
        result = run(*args)
    assert result.exit_code == 3, result.output  # a fake server: it never answers the LOGON
    error_line(result.stderr, SECRET)
    assert server.connections >= 1 and SECRET.encode() in server.received


# -- .env hygiene -----------------------------------------------------------------------------


@pytest.mark.parametrize(("mode", "why"), [(0o620, "group or others can write it"), (0o602, "group or others")])
def test_a_writable_dotenv_is_ignored_with_a_warning(run, clean_env, monkeypatch, mode, why):
    with FakeBolt() as server:
        write_dotenv(clean_env / ".env", f"NEO4J_URI={server.uri}\nNEO4J_PASSWORD={SECRET}\n", mode)
        result = run("neo4j", "status", "--uri", "bolt://127.0.0.1:1")  # read, it would be refused (exit 2)
    assert result.exit_code == 3, result.output
    assert_one_warning(result.stderr, str(clean_env / ".env"), why, "not read")
    assert server.connections == 0


def test_an_explicit_env_file_that_is_not_safe_is_an_error(run, clean_env):
    loose = write_dotenv(clean_env / "team.env", "NEO4J_URI=bolt://127.0.0.1:1\n", 0o664)
    result = run("neo4j", "status", "--env-file", loose)
    assert result.exit_code == 2
    assert error_line(result.stderr) == f"kgraph: --env-file {loose}: not read: group or others can write it"
    result = run("neo4j", "status", "--env-file", clean_env / "missing.env")
    assert result.exit_code == 2 and "no such file" in error_line(result.stderr)


def test_kgraph_no_dotenv_turns_the_working_folder_file_off(run, clean_env, monkeypatch):
    with FakeBolt() as server:
        write_dotenv(clean_env / ".env", f"NEO4J_URI={server.uri}\n")
        monkeypatch.setenv("NEO4J_PASSWORD", SECRET)
        monkeypatch.setenv("KGRAPH_NO_DOTENV", "1")
        result = run("neo4j", "status", "--uri", "bolt://127.0.0.1:1")
    assert result.exit_code == 3 and "127.0.0.1:1" in error_line(result.stderr, SECRET)
    assert server.connections == 0


@pytest.mark.parametrize("kind", ["folder", "fifo", "too large"])
def test_a_dotenv_that_is_not_a_small_regular_file_is_not_read(clean_env, kind):
    path = clean_env / ".env"
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path, 0o600)  # reading it would block: never opened for reading
    else:
        write_dotenv(path, "NEO4J_URI=bolt://127.0.0.1:1\n" + "#" * (2 << 20))
    with pytest.warns(store_warning(), match="not read"):
        settings = store.connection_settings()
    assert settings.uri == store.DEFAULT_URI


def test_a_symlinked_dotenv_is_read_when_its_target_is_safe(clean_env):
    target = write_dotenv(clean_env / "real.env", "NEO4J_URI=bolt://db.internal:7687\nNEO4J_PASSWORD=pw\n")
    (clean_env / ".env").symlink_to(target)
    assert store.connection_settings().uri == "bolt://db.internal:7687"


def store_warning():
    from kgraph.errors import UnsafeDotenvWarning

    return UnsafeDotenvWarning


# -- a password in plain text to another host ---------------------------------------------------


def remote_listener() -> FakeBolt:
    address = local_address()
    assert address, "this machine has no non-loopback IPv4 address to play the remote server"
    return FakeBolt(address)


def test_plaintext_to_another_host_warns_and_require_tls_refuses(run, clean_env, monkeypatch):
    with remote_listener() as remote:
        result = run("neo4j", "status", "--uri", remote.uri, "--password", SECRET)
        assert result.exit_code == 3
        assert_one_warning(result.stderr, "unencrypted", remote.host, "bolt+s://", "--require-tls")
        assert SECRET.encode() in remote.received  # what the warning says is true
        seen = remote.connections
        result = run("neo4j", "status", "--uri", remote.uri, "--password", SECRET, "--require-tls")
        assert result.exit_code == 2
        assert error_line(result.stderr, SECRET) == (
            f"kgraph: --require-tls: {remote.uri} is not encrypted: "
            "use bolt+s:// (bolt+ssc:// for a self-signed certificate)"
        )
        monkeypatch.setenv("KGRAPH_REQUIRE_TLS", "1")
        assert run("neo4j", "status", "--uri", remote.uri, "--password", SECRET).exit_code == 2
        assert remote.connections == seen  # refused before connecting


def test_plaintext_to_this_machine_does_not_warn(run, clean_env):
    with FakeBolt() as local:
        result = run("neo4j", "status", "--uri", local.uri, "--password", SECRET, "--require-tls")
    assert result.exit_code == 3 and "warning" not in result.stderr
    assert SECRET.encode() in local.received


# -- the same-source cases still work against the real server -----------------------------------


def push_tiny(run, folder):
    write_yaml(folder / "tiny.yaml", roadmap_doc("tiny"))
    return run("neo4j", "push", "--plugins", folder, "--no-builtin", "--wipe")


@pytest.mark.neo4j
@pytest.mark.parametrize("place", ["environment", "dotenv", "env-file"])
def test_one_source_connects_to_the_dev_server(run, neo4j_settings, neo4j_driver, clean_env, monkeypatch, place):
    values = {
        "NEO4J_URI": neo4j_settings.uri,
        "NEO4J_USER": neo4j_settings.user,
        "NEO4J_PASSWORD": neo4j_settings.password,
        "NEO4J_DATABASE": neo4j_settings.database,
    }
    lines = "".join(f"{key}={value}\n" for key, value in values.items() if value)
    args = ["neo4j", "status", "--format", "json"]
    if place == "environment":
        for key, value in values.items():
            if value:
                monkeypatch.setenv(key, value)
    elif place == "dotenv":
        write_dotenv(clean_env / ".env", lines)
    else:
        args += ["--env-file", write_dotenv(clean_env / "dev.env", lines)]
    result = run(*args)
    assert result.exit_code == 0, result.output
    status = json.loads(result.stdout)
    assert status["edition"] == "community" and "warning" not in result.stderr
    where = {"environment": "environment", "dotenv": str(clean_env / ".env"), "env-file": str(clean_env / "dev.env")}
    assert status["settings_from"] == [where[place]]
    assert neo4j_settings.password not in result.output


@pytest.mark.neo4j
def test_a_group_writable_dotenv_is_ignored_against_the_dev_server(run, neo4j_env, monkeypatch, tmp_path):
    """The environment points at the dev server; a loose .env naming a database would be
    refused if it were read (a database from a .env goes only to that file's URI)."""
    write_dotenv(tmp_path / ".env", "NEO4J_DATABASE=nosuchdb\n", 0o664)
    monkeypatch.delenv("NEO4J_DATABASE", raising=False)
    result = run("neo4j", "status", "--format", "json")
    assert result.exit_code == 0, result.output
    assert_one_warning(result.stderr, "group or others can write it")
    (tmp_path / ".env").chmod(0o600)
    result = run("neo4j", "status")
    assert result.exit_code == 2 and ".env:1 sets NEO4J_DATABASE" in error_line(result.stderr, neo4j_env.password)
