"""Where and how to connect to Neo4j: :class:`Neo4jSettings` from arguments, the environment or
a ``.env`` file (one source per connection), and the checks on a URI made before connecting:
its form, and a password that would travel unencrypted (no message holds a password).

Nothing here imports the ``neo4j`` driver.
"""

from __future__ import annotations

import ipaddress
import os
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from kgraph._util.env import env_flag
from kgraph.errors import InputError, PlaintextPasswordWarning
from kgraph.store.neo4j.dotenv import EnvFile, load_env_file

DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_USER = "neo4j"
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
"""URI schemes kgraph connects with: Bolt to one server, or ``neo4j`` (routing); ``+s`` for TLS
with a CA-signed certificate, ``+ssc`` for TLS accepting a self-signed one."""
ENV = {"uri": "NEO4J_URI", "user": "NEO4J_USER", "password": "NEO4J_PASSWORD", "database": "NEO4J_DATABASE"}
PASSWORD_SOURCES = "use --password-prompt, NEO4J_PASSWORD, a .env file or --password"


class Neo4jSettings:
    """Where and how to connect: ``uri``, ``user``, ``password`` (or ``None``), ``database`` (or
    ``None``: the server's default), ``require_tls`` (refuse to send the password unencrypted to
    another host), and ``origin``: where they came from (``("environment",)``, ``("flags",
    "environment")``, ``("/home/me/project/.env",)``; ``()`` for the defaults), not part of
    equality. Immutable; ``repr`` and ``str`` leave the password out."""

    __slots__ = ("database", "origin", "password", "require_tls", "uri", "user")
    _COMPARED = ("database", "password", "require_tls", "uri", "user")

    def __init__(
        self,
        uri: str = DEFAULT_URI,
        user: str = DEFAULT_USER,
        password: str | None = None,
        database: str | None = None,
        require_tls: bool = False,
        origin: tuple[str, ...] = (),
    ):
        values = {"uri": uri, "user": user, "password": password, "database": database, "require_tls": require_tls}
        for name, value in {**values, "origin": tuple(origin)}.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name, value):
        raise AttributeError("Neo4jSettings is immutable")

    def __eq__(self, other):
        if not isinstance(other, Neo4jSettings):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self._COMPARED)

    def __hash__(self):
        return hash(tuple(getattr(self, name) for name in self._COMPARED))

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
    """``uri`` without user info (``bolt://user:secret@host`` -> ``bolt://host``): everything
    between ``//`` and the last ``@`` goes, even where a ``/``, ``?`` or ``#`` in a password
    would make a URL parser see a path.

    Example:
        >>> redact_uri("bolt://alice:p/w@db:7687"), redact_uri("bolt://db:7687")
        ('bolt://db:7687', 'bolt://db:7687')
    """
    scheme, sep, rest = uri.partition("//")
    if not sep or "@" not in rest:
        return uri
    return f"{scheme}//{rest.rsplit('@', 1)[1]}"


DOTENV = Path(".env")
"""The working folder's ``.env`` (the default of :func:`connection_settings`' ``dotenv``)."""


@dataclass(frozen=True)
class _Found:
    """Where one setting came from: ``place`` is ``flags``, ``environment`` or the ``.env``
    file's path (``in_file``); ``where`` names it for a message (``--uri``, ``NEO4J_URI in the
    environment``, ``FILE:LINE``)."""

    value: str
    place: str
    where: str
    in_file: bool = False


def connection_settings(
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    dotenv: str | Path | None = DOTENV,
    require_tls: bool | None = None,
    ask_password: Callable[[], str] | None = None,
) -> Neo4jSettings:
    """Connection settings: each of the arguments, else ``NEO4J_URI`` / ``NEO4J_USER`` /
    ``NEO4J_PASSWORD`` / ``NEO4J_DATABASE`` from ``environ`` (default: the process
    environment), else the same keys in the ``dotenv`` file, else ``bolt://localhost:7687``,
    user ``neo4j``, no password, the server's default database. Empty values count as not set.

    One source per connection: credentials go only where their owner sent them. A URI from the
    file is used only with the user, password and database of that same file; a user, password
    or database from the file goes only to that file's URI (or the default URI). Arguments and
    the environment are both the user's own and may mix.

    Parameters:
        dotenv: by default the working folder's ``.env``, read only if it exists and is safe
            (a regular file of the user's that nobody else may write; else a warning and it
            is ignored) and ``KGRAPH_NO_DOTENV`` is not set; a path names a file that must
            exist and be safe; ``None`` reads no file.
        require_tls: refuse to send a password unencrypted to another host (see
            :func:`check_transport`); ``None`` follows ``KGRAPH_REQUIRE_TLS``.
        ask_password: called for the password (a terminal prompt) when none is given, after
            the sources are checked, so nothing is asked for a connection that is refused.

    Raises:
        InputError: the sources mix (one line naming the file, line and key, and what to do),
            or an explicit ``dotenv`` file is missing or unsafe.

    Example:
        >>> connection_settings(environ={"NEO4J_URI": "bolt://db:7687"}, dotenv=None).address
        'bolt://db:7687'
    """
    environ = os.environ if environ is None else environ
    file = _env_file(dotenv, environ)
    given = {"uri": uri, "user": user, "password": password, "database": database}
    flags = {key: f"--{key}" for key in given}
    if ask_password is not None and not password:
        given["password"], flags["password"] = PROMPTED, "--password-prompt"
    found: dict[str, _Found] = {}
    for key, env_key in ENV.items():
        if given[key]:
            found[key] = _Found(given[key], "flags", flags[key])
        elif environ.get(env_key):
            found[key] = _Found(environ[env_key], "environment", f"{env_key} in the environment")
        elif file is not None and file.get(env_key):
            found[key] = _Found(file.get(env_key), str(file.path), file.where(env_key), in_file=True)
    _check_one_source(found)
    if "password" in found and found["password"].value is PROMPTED:
        found["password"] = replace(found["password"], value=ask_password())
    values = {key: f.value for key, f in found.items()}
    return Neo4jSettings(
        uri=values.get("uri", DEFAULT_URI),
        user=values.get("user", DEFAULT_USER),
        password=values.get("password"),
        database=values.get("database"),
        require_tls=env_flag("KGRAPH_REQUIRE_TLS", environ) if require_tls is None else require_tls,
        origin=tuple(dict.fromkeys(f.place for f in found.values())),
    )


PROMPTED = "<asked on the terminal>"
"""Stands for a password still to be typed while the sources are checked."""


def _env_file(dotenv: str | Path | None, environ: Mapping[str, str]) -> EnvFile | None:
    """The ``.env`` values to use (see :func:`connection_settings`' ``dotenv``)."""
    if dotenv is None:
        return None
    if dotenv is DOTENV:
        return None if env_flag("KGRAPH_NO_DOTENV", environ) else load_env_file(DOTENV, explicit=False)
    return load_env_file(dotenv, explicit=True)


def _check_one_source(found: dict[str, _Found]) -> None:
    """Refuse a connection whose URI and credentials come from different kinds of place, one
    of them a file (see :func:`connection_settings`)."""
    uri = found.get("uri")
    if uri is None or is_default_uri(uri.value):
        return  # the default server: any source may send to it
    for key in ("password", "user", "database"):
        credential = found.get(key)
        if credential is None or credential.in_file == uri.in_file:
            continue
        env_key = ENV[key]
        if uri.in_file:
            raise InputError(
                f"{uri.where} sets NEO4J_URI ({redact_uri(uri.value)}) but the {key} comes from {credential.where}: "
                f"kgraph uses a {key} only with a URI from the same place (give the server with --uri, "
                f"or put NEO4J_URI and {env_key} in the same place)"
            )
        raise InputError(
            f"{credential.where} sets {env_key}, but the URI ({redact_uri(uri.value)}) comes from {uri.where}: "
            f"a {key} from a .env file goes only to that file's NEO4J_URI or to {DEFAULT_URI} (give the {key} "
            f"with --{key}{'-prompt' if key == 'password' else ''} or {env_key}, or put NEO4J_URI in that file)"
        )


def is_default_uri(uri: str) -> bool:
    """Whether ``uri`` is the default server, ``bolt://localhost:7687`` (port optional).

    Example:
        >>> is_default_uri("bolt://localhost"), is_default_uri("bolt://localhost:7688")
        (True, False)
    """
    try:
        parts = urlsplit(uri.strip())
        port = parts.port
    except ValueError:
        return False
    local = parts.hostname == "localhost" and "@" not in parts.netloc
    return parts.scheme.lower() == "bolt" and local and port in (None, 7687)


def is_loopback(host: str | None) -> bool:
    """Whether ``host`` is this machine: ``localhost``, 127.0.0.0/8, ``::1``. Other names are
    not resolved (a name could resolve elsewhere tomorrow; ``*.localhost`` may go to DNS).

    Example:
        >>> is_loopback("127.0.0.2"), is_loopback("localhost"), is_loopback("db.localhost")
        (True, True, False)
    """
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_transport(settings: Neo4jSettings) -> None:
    """Warn (or, with ``settings.require_tls``, refuse) when a password would go unencrypted:
    a ``bolt://`` or ``neo4j://`` URI to a host that is not this machine.

    Raises:
        InputError: ``require_tls`` and the password would travel in plain text.
    """
    if settings.password is None:
        return
    parts = urlsplit(settings.uri.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("bolt", "neo4j") or is_loopback(parts.hostname):
        return
    secure = f"{scheme}+s:// ({scheme}+ssc:// for a self-signed certificate)"
    if settings.require_tls:
        raise InputError(f"--require-tls: {settings.address} is not encrypted: use {secure}")
    warnings.warn(
        f"the password goes unencrypted to {parts.hostname} ({scheme}://): use {secure}; "
        "--require-tls (or KGRAPH_REQUIRE_TLS=1) refuses this",
        PlaintextPasswordWarning,
        stacklevel=3,
    )


def check_uri(uri: str) -> None:
    """Refuse a URI kgraph cannot connect with, naming the problem (never echoing user info).

    Raises:
        InputError: not ``bolt``/``neo4j`` (``+s``/``+ssc``), no host, a bad port, or a user
            name or password inside the URI.
    """
    shown = redact_uri(uri)
    if "@" in uri.partition("//")[2]:
        raise InputError(
            f"invalid Neo4j URI {shown!r}: give the user and password with --user/--password "
            "(or NEO4J_USER/NEO4J_PASSWORD), not inside the URI"
        )
    try:
        parts = urlsplit(uri.strip())
        parts.port  # noqa: B018 -- raises ValueError for a bad port
    except ValueError as exc:
        raise InputError(f"invalid Neo4j URI {shown!r}: {exc}") from None
    if parts.scheme.lower() not in SCHEMES:
        schemes = ", ".join(f"{scheme}://" for scheme in SCHEMES)
        raise InputError(f"invalid Neo4j URI {shown!r}: use one of {schemes} (e.g. {DEFAULT_URI})")
    if not parts.hostname:
        raise InputError(f"invalid Neo4j URI {shown!r}: no host (e.g. {parts.scheme}://localhost:7687)")
