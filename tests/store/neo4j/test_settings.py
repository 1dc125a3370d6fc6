"""Connection settings: arguments, the environment, a .env file; the password never shown."""

from __future__ import annotations

import pytest

from kgraph.errors import InputError
from kgraph.store.neo4j import settings as store


def test_settings_precedence_flag_env_dotenv(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "# comment\nexport NEO4J_URI=bolt://from-file:7687\nNEO4J_USER='file-user'\n"
        'NEO4J_PASSWORD="file secret"\nNEO4J_DATABASE=filedb # trailing comment\nOTHER=1\n'
    )
    env = {"NEO4J_URI": "bolt://from-env:7687", "NEO4J_PASSWORD": "env-secret", "NEO4J_DATABASE": ""}
    s = store.connection_settings(uri="bolt://from-flag:7687", environ=env, dotenv=dotenv)
    assert (s.uri, s.user, s.password, s.database) == ("bolt://from-flag:7687", "file-user", "env-secret", "filedb")
    s = store.connection_settings(environ={}, dotenv=dotenv)
    assert (s.uri, s.user, s.password, s.database) == ("bolt://from-file:7687", "file-user", "file secret", "filedb")
    s = store.connection_settings(environ={}, dotenv=tmp_path / "missing")
    assert (s.uri, s.user, s.password, s.database) == (store.DEFAULT_URI, "neo4j", None, None)


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
    ],
)
def test_check_uri_names_the_problem_without_the_password(uri, message):
    with pytest.raises(InputError, match=message) as info:
        store.check_uri(uri)
    assert "secret" not in str(info.value)


def test_good_uris_pass():
    for scheme in store.SCHEMES:
        store.check_uri(f"{scheme}://localhost:7687")
