"""Connection settings: arguments, the environment, a .env file; the password never shown."""

from __future__ import annotations

import os

import pytest

from kgraph.errors import InputError
from kgraph.store.neo4j import settings as store


def test_settings_precedence_flag_env_dotenv(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "# comment\nexport NEO4J_URI=bolt://from-file:7687\nNEO4J_USER='file-user'\n"
        'NEO4J_PASSWORD="file secret"\nNEO4J_DATABASE=filedb # trailing comment\nOTHER=1\n'
    )
    env = {"NEO4J_URI": "bolt://from-env:7687", "NEO4J_USER": "env-user", "NEO4J_PASSWORD": "env-secret"}
    env["NEO4J_DATABASE"] = "db"
    s = store.connection_settings(uri="bolt://from-flag:7687", environ=env, dotenv=dotenv)
    assert (s.uri, s.user, s.password, s.database) == ("bolt://from-flag:7687", "env-user", "env-secret", "db")
    assert s.origin == ("flags", "environment")
    s = store.connection_settings(password="flag-secret", environ=env, dotenv=dotenv)
    assert (s.uri, s.user, s.password) == ("bolt://from-env:7687", "env-user", "flag-secret")
    s = store.connection_settings(environ={}, dotenv=dotenv)
    assert (s.uri, s.user, s.password, s.database) == ("bolt://from-file:7687", "file-user", "file secret", "filedb")
    assert s.origin == (str(dotenv),) and s == store.Neo4jSettings(s.uri, s.user, s.password, s.database)
    with pytest.raises(InputError, match="no such file"):
        store.connection_settings(environ={}, dotenv=tmp_path / "missing")
    s = store.connection_settings(environ={}, dotenv=None)
    assert (s.uri, s.user, s.password, s.database, s.origin) == (store.DEFAULT_URI, "neo4j", None, None, ())


@pytest.mark.parametrize(
    ("given", "environ", "file", "refused"),
    [
        ({}, {"NEO4J_PASSWORD": "pw"}, "NEO4J_URI=bolt://evil:7687", "sets NEO4J_URI"),
        ({"password": "pw"}, {}, "NEO4J_URI=bolt://evil:7687", "sets NEO4J_URI"),
        ({}, {"NEO4J_USER": "me"}, "NEO4J_URI=bolt://evil:7687\nNEO4J_PASSWORD=x", "the user comes from"),
        ({"uri": "bolt://db:7687"}, {}, "NEO4J_PASSWORD=pw", "sets NEO4J_PASSWORD"),
        ({}, {"NEO4J_URI": "bolt://db:7687"}, "NEO4J_PASSWORD=pw", "sets NEO4J_PASSWORD"),
        ({"uri": "bolt://db:7687", "password": "pw"}, {}, "NEO4J_USER=u", "sets NEO4J_USER"),
        ({}, {}, "NEO4J_URI=bolt://db:7687\nNEO4J_PASSWORD=pw", None),
        ({}, {"NEO4J_PASSWORD": "pw"}, "NEO4J_URI=bolt://localhost:7687", None),  # the default server
        ({"uri": "bolt://localhost"}, {}, "NEO4J_USER=u\nNEO4J_PASSWORD=pw", None),
        ({"uri": "bolt://db:7687"}, {"NEO4J_PASSWORD": "pw"}, "NEO4J_DATABASE=x", "sets NEO4J_DATABASE"),
        ({}, {"NEO4J_DATABASE": "x"}, "NEO4J_URI=bolt://evil:7687", "the database comes from"),
        ({}, {"NEO4J_PASSWORD": "pw"}, "NEO4J_DATABASE=x", None),  # the default server
        ({"password": "pw"}, {"NEO4J_URI": "bolt://db:7687", "NEO4J_USER": "u"}, "", None),  # both yours
    ],
)
def test_one_source_per_connection(tmp_path, given, environ, file, refused):
    dotenv = tmp_path / "x.env"
    dotenv.write_text(file + "\n")
    if refused is None:
        store.connection_settings(**given, environ=environ, dotenv=dotenv)
        return
    with pytest.raises(InputError, match=refused) as info:
        store.connection_settings(**given, environ=environ, dotenv=dotenv)
    assert f"{dotenv}:" in str(info.value) and "pw" not in str(info.value).replace("password", "")


def test_the_prompt_is_asked_only_for_a_connection_that_is_not_refused(tmp_path):
    asked = []

    def ask():
        asked.append(1)
        return "typed"

    dotenv = tmp_path / "x.env"
    dotenv.write_text("NEO4J_URI=bolt://evil:7687\n")
    with pytest.raises(InputError, match="--password-prompt"):
        store.connection_settings(environ={}, dotenv=dotenv, ask_password=ask)
    assert not asked
    s = store.connection_settings(uri="bolt://db:7687", environ={}, dotenv=dotenv, ask_password=ask)
    assert (s.uri, s.password, len(asked)) == ("bolt://db:7687", "typed", 1)


@pytest.mark.parametrize(
    ("uri", "password", "warns"),
    [
        ("bolt://db.example.com:7687", "pw", True),
        ("neo4j://10.1.2.3", "pw", True),
        ("bolt://[2001:db8::1]:7687", "pw", True),
        ("bolt://localhost:7687", "pw", False),
        ("neo4j://127.0.0.2:7687", "pw", False),
        ("bolt://[::1]:7687", "pw", False),
        ("bolt://api.localhost:7687", "pw", True),  # may go to DNS
        ("bolt://localhost.attacker.example:7687", "pw", True),
        ("bolt+s://db.example.com:7687", "pw", False),
        ("neo4j+ssc://db.example.com:7687", "pw", False),
        ("bolt://db.example.com:7687", None, False),  # nothing secret to send
    ],
)
def test_check_transport(uri, password, warns, recwarn):
    from kgraph.errors import PlaintextPasswordWarning

    store.check_transport(store.Neo4jSettings(uri=uri, password=password))
    assert [w.category for w in recwarn.list] == ([PlaintextPasswordWarning] if warns else [])
    strict = store.Neo4jSettings(uri=uri, password=password, require_tls=True)
    if warns:
        with pytest.raises(InputError, match=r"--require-tls: .* is not encrypted"):
            store.check_transport(strict)
    else:
        store.check_transport(strict)


def test_require_tls_from_the_environment():
    assert store.connection_settings(environ={"KGRAPH_REQUIRE_TLS": "1"}, dotenv=None).require_tls
    assert not store.connection_settings(environ={"KGRAPH_REQUIRE_TLS": "0"}, dotenv=None).require_tls
    assert not store.connection_settings(environ={}, dotenv=None).require_tls


def test_kgraph_no_dotenv(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("NEO4J_URI=bolt://dotenv-host:7688\n")
    assert store.connection_settings(environ={}).uri == "bolt://dotenv-host:7688"
    assert store.connection_settings(environ={"KGRAPH_NO_DOTENV": "1"}).uri == store.DEFAULT_URI


def test_unsafe_reason_names_the_owner_and_the_writers(tmp_path):
    from kgraph._util.files import unsafe_reason

    fields = list(os.stat(tmp_path))[:10]

    def stat(mode: int, uid: int) -> os.stat_result:
        return os.stat_result([mode, *fields[1:4], uid, *fields[5:]])

    assert unsafe_reason(stat(0o100600, os.getuid() + 1)) == "another user owns it"
    assert unsafe_reason(stat(0o100620, os.getuid())) == "group or others can write it"
    assert unsafe_reason(stat(0o100602, os.getuid())) == "group or others can write it"
    assert unsafe_reason(stat(0o100644, os.getuid())) is None


def test_parse_dotenv_lines():
    from kgraph.store.neo4j.dotenv import parse_dotenv

    text = "\ufeffNEO4J_URI=bolt://a:1\r\n\r\n  # note\n"
    text += 'export NEO4J_USER = "x \\"y\\"" \nNEO4J_URI=bolt://b:2\nbad line\n=v\n'
    assert parse_dotenv(text) == {"NEO4J_URI": ("bolt://b:2", 5), "NEO4J_USER": ('x "y"', 4)}


def test_a_long_dotenv_line_parses_in_linear_time():
    import time

    from kgraph.store.neo4j.dotenv import parse_dotenv

    started = time.perf_counter()
    values = parse_dotenv("NEO4J_DATABASE=a" + " " * 1_000_000 + "b # note\n")
    assert values["NEO4J_DATABASE"][0] == "a" + " " * 1_000_000 + "b"
    assert time.perf_counter() - started < 5  # quadratic backtracking took minutes


def test_dotenv_in_the_working_folder_is_read(tmp_path, monkeypatch):
    for key in store.ENV.values():
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("NEO4J_URI=bolt://dotenv-host:7688\n")
    assert store.connection_settings().uri == "bolt://dotenv-host:7688"


def test_settings_never_show_the_password():
    s = store.Neo4jSettings(uri="bolt://alice:pw-in-uri@host:7687", password="top-secret-pw")
    for text in (repr(s), str(s), s.address, f"{s}"):
        assert "top-secret-pw" not in text and "pw-in-uri" not in text
    assert s.address == "bolt://host:7687"
    with pytest.raises(AttributeError):
        s.password = "x"
    assert s == store.Neo4jSettings(uri="bolt://alice:pw-in-uri@host:7687", password="top-secret-pw")


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("localhost:7687", "use one of bolt://"),
        ("http://localhost:7474", "use one of bolt://"),
        ("bolt://", "no host"),
        ("bolt://localhost:port", "Port could not be cast"),
        ("bolt://alice:secret@localhost:7687", "not inside the URI"),
        ("bolt://alice:se/cret@localhost:7687", "not inside the URI"),
        ("bolt://alice:9/secret@localhost:7687", "not inside the URI"),
        ("neo4j://alice:se?c#ret@localhost:7687", "not inside the URI"),
    ],
)
def test_check_uri_names_the_problem_without_the_password(uri, message):
    with pytest.raises(InputError, match=message) as info:
        store.check_uri(uri)
    assert "cret" not in str(info.value)  # no part of the password, however it is cut


def test_good_uris_pass():
    for scheme in store.SCHEMES:
        store.check_uri(f"{scheme}://localhost:7687")
