"""Where and how to connect to Neo4j: :class:`Neo4jSettings` from arguments, the environment or
a ``.env`` file, and the checks on a URI made before connecting (no message holds a password).

Nothing here imports the ``neo4j`` driver.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from kgraph.errors import InputError

DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_USER = "neo4j"
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
"""URI schemes kgraph connects with: Bolt to one server, or ``neo4j`` (routing); ``+s`` for TLS
with a CA-signed certificate, ``+ssc`` for TLS accepting a self-signed one."""
ENV = {"uri": "NEO4J_URI", "user": "NEO4J_USER", "password": "NEO4J_PASSWORD", "database": "NEO4J_DATABASE"}
PASSWORD_SOURCES = "use --password-prompt, NEO4J_PASSWORD, a .env file or --password"


class Neo4jSettings:
    """Where and how to connect: ``uri``, ``user``, ``password`` (or ``None``), ``database`` (or
    ``None``: the server's default). Immutable; ``repr`` and ``str`` leave the password out."""

    __slots__ = ("database", "password", "uri", "user")

    def __init__(
        self,
        uri: str = DEFAULT_URI,
        user: str = DEFAULT_USER,
        password: str | None = None,
        database: str | None = None,
    ):
        for name, value in (("uri", uri), ("user", user), ("password", password), ("database", database)):
            object.__setattr__(self, name, value)

    def __setattr__(self, name, value):
        raise AttributeError("Neo4jSettings is immutable")

    def __eq__(self, other):
        if not isinstance(other, Neo4jSettings):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self.__slots__)

    def __hash__(self):
        return hash(tuple(getattr(self, name) for name in self.__slots__))

    def __repr__(self) -> str:
        password = "set" if self.password else "none"
        return (
            f"Neo4jSettings(uri={self.address!r}, user={self.user!r}, password={password}, database={self.database!r})"
        )

    __str__ = __repr__

    @property
    def address(self) -> str:
        """The URI without any user or password in it, safe to print."""
        return redact_uri(self.uri)


def redact_uri(uri: str) -> str:
    """``uri`` without user info (``bolt://user:secret@host`` -> ``bolt://host``)."""
    try:
        parts = urlsplit(uri)
    except ValueError:
        return "<invalid URI>"
    if "@" not in parts.netloc:
        return uri
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def read_dotenv(path: str | Path) -> dict[str, str]:
    """``KEY=VALUE`` lines of a ``.env`` file (``export``, quotes and ``#`` comments allowed).

    A missing or unreadable file gives an empty dict.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    values: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :].lstrip()
        key, sep, value = line.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key:
            continue
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
            if raw.strip().endswith('"'):
                value = value.replace('\\"', '"').replace("\\\\", "\\")
        else:
            value = re.split(r"\s+#", value, maxsplit=1)[0].rstrip()
        values[key] = value
    return values


def connection_settings(
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    dotenv: str | Path | None = ".env",
) -> Neo4jSettings:
    """Connection settings: arguments, else ``NEO4J_URI`` / ``NEO4J_USER`` / ``NEO4J_PASSWORD`` /
    ``NEO4J_DATABASE`` from ``environ`` (default: the process environment), else the same keys
    in the ``dotenv`` file (default: ``.env`` in the working directory), else
    ``bolt://localhost:7687``, user ``neo4j``, no password, the server's default database.
    Empty values count as not set.
    """
    environ = os.environ if environ is None else environ
    file_values = read_dotenv(dotenv) if dotenv else {}
    given = {"uri": uri, "user": user, "password": password, "database": database}
    chosen = {}
    for key, env_key in ENV.items():
        for value in (given[key], environ.get(env_key), file_values.get(env_key)):
            if value:
                chosen[key] = value
                break
    return Neo4jSettings(
        uri=chosen.get("uri", DEFAULT_URI),
        user=chosen.get("user", DEFAULT_USER),
        password=chosen.get("password"),
        database=chosen.get("database"),
    )


def check_uri(uri: str) -> None:
    """Refuse a URI kgraph cannot connect with, naming the problem (never echoing user info).

    Raises:
        InputError: not ``bolt``/``neo4j`` (``+s``/``+ssc``), no host, a bad port, or a user
            name or password inside the URI.
    """
    shown = redact_uri(uri)
    try:
        parts = urlsplit(uri.strip())
        parts.port  # noqa: B018 -- raises ValueError for a bad port
    except ValueError as exc:
        raise InputError(f"invalid Neo4j URI {shown!r}: {exc}") from None
    if parts.scheme.lower() not in SCHEMES:
        schemes = ", ".join(f"{scheme}://" for scheme in SCHEMES)
        raise InputError(f"invalid Neo4j URI {shown!r}: use one of {schemes} (e.g. {DEFAULT_URI})")
    if "@" in parts.netloc:
        raise InputError(
            f"invalid Neo4j URI {shown!r}: give the user and password with --user/--password "
            "(or NEO4J_USER/NEO4J_PASSWORD), not inside the URI"
        )
    if not parts.hostname:
        raise InputError(f"invalid Neo4j URI {shown!r}: no host (e.g. {parts.scheme}://localhost:7687)")
