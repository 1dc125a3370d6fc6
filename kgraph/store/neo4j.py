"""Neo4j: connect, push the knowledge graph, pull it back, inspect the server, run Cypher.

Every function takes a ``neo4j.Driver`` first (one per process: :func:`connect` makes it).
The ``neo4j`` package is imported inside the functions, so importing this module is cheap.

The graph maps one to one: a node of kind ``topic`` becomes a ``:Topic`` node whose ``id``
property is the node id, with every attribute as a property; an edge of kind ``REQUIRES``
becomes a ``:REQUIRES`` relationship with the edge's other attributes as properties.
Labels and relationship types come only from :class:`~kgraph.model.kinds.NodeKind` and
:class:`~kgraph.model.kinds.EdgeKind`; anything else is rejected before a query is sent.

Property values. Neo4j stores strings, booleans, 64-bit integers, floats and *homogeneous*
lists of those. Every other value -- maps, ``None``, lists holding ``None``, mixed or nested
lists, larger integers -- is stored as JSON text, and the names of those properties are
listed in the node's (or relationship's) ``_kgraph_json`` property, so :func:`pull_graph`
restores them exactly. Values JSON cannot express exactly (sets, dates, objects, maps with
non-string keys) are rejected with :class:`~kgraph.errors.InputError`. Tuples come back as
lists. ``_kgraph_order`` keeps each node's and edge's position in the graph, so a pulled
graph iterates in the same order as the pushed one (and analyses break ties the same way).
Attribute names starting with ``_kgraph_``, and a node attribute named ``id``, are reserved.

Errors: unreachable server, refused credentials and unknown databases raise
:class:`~kgraph.errors.ConnectionFailed` (exit code 3); bad Cypher, missing parameters and
writes in read-only mode raise :class:`~kgraph.errors.QueryError` subclasses (exit code 2);
a malformed URI (not ``bolt``/``neo4j`` with optional ``+s``/``+ssc``, no host, a bad port, user
info inside) raises :class:`~kgraph.errors.InputError` before connecting. No message ever holds
the password, and the driver's own log records stay off stderr unless logging is configured.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Mapping
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import networkx as nx

from kgraph._util.text import shorten
from kgraph.errors import (
    ConnectionFailed,
    InputError,
    KgraphError,
    MissingParameter,
    QueryError,
    StoreError,
    WriteNotAllowed,
)
from kgraph.model.kinds import EdgeKind, NodeKind

DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_USER = "neo4j"
DEFAULT_BATCH_SIZE = 2000
CONNECTION_TIMEOUT = 5.0
"""Seconds to open a TCP connection (an unreachable host fails after this)."""
ACQUISITION_TIMEOUT = 10.0
"""Seconds to get a connection from the pool, including opening it."""
MAX_RETRY_TIME = 15.0
"""Seconds a managed transaction is retried on transient errors before giving up."""
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
"""URI schemes kgraph connects with: Bolt to one server, or ``neo4j`` (routing); ``+s`` for TLS
with a CA-signed certificate, ``+ssc`` for TLS accepting a self-signed one."""
ENV = {"uri": "NEO4J_URI", "user": "NEO4J_USER", "password": "NEO4J_PASSWORD", "database": "NEO4J_DATABASE"}
JSON_KEYS = "_kgraph_json"
ORDER_KEY = "_kgraph_order"
INTERNAL_PREFIX = "_kgraph_"
PASSWORD_SOURCES = "use --password-prompt, NEO4J_PASSWORD, a .env file or --password"
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_INT64 = (-(2**63), 2**63 - 1)


# ---------------------------------------------------------------- connection


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


def _one_line(text: str, limit: int = 300) -> str:
    line = " ".join(str(text).split())
    return shorten(line, limit)


def _first_line_raw(text: str) -> str:
    return next((line for line in str(text).splitlines() if line.strip()), "")


def _first_line(text: str) -> str:
    return _one_line(_first_line_raw(text))


def _short_syntax_message(message: str, limit: int = 160) -> str:
    """Neo4j's syntax message with a long list of expected tokens cut, keeping the position."""
    place = re.search(r"\(line \d+, column \d+", message)
    if len(message) <= limit or not place:
        return message
    head = message[: min(place.start(), limit)]
    if place.start() > limit and ", " in head:
        head = head[: head.rfind(", ")] + ", …"
    return f"{head.rstrip()} {place.group()})"


def _translate(exc: Exception, *, address: str | None = None, user: str | None = None, database: str | None = None):
    """The :class:`KgraphError` for a ``neo4j`` exception, or ``None`` for anything else."""
    from neo4j import exceptions as ne

    where = f" at {address}" if address else ""
    if isinstance(exc, ne.AuthError):
        who = f" for user {user!r}" if user else ""
        return ConnectionFailed(f"Neo4j{where} refused the credentials{who}: {_first_line(exc.message or exc)}")
    if isinstance(exc, ne.ServiceUnavailable | ne.SessionExpired | ne.ConnectionPoolError):
        return ConnectionFailed(f"cannot reach Neo4j{where}: {_unreachable_reason(exc)}")
    if isinstance(exc, ne.Neo4jError):
        code = exc.code or ""
        message = _first_line(exc.message or str(exc))
        if code == "Neo.ClientError.Database.DatabaseNotFound":
            name = f" {database!r}" if database else ""
            return ConnectionFailed(f"Neo4j{where} has no database{name} ({message})")
        if code == "Neo.ClientError.Statement.SyntaxError":
            full = _one_line(_first_line_raw(exc.message or str(exc)), limit=10_000)
            return QueryError(f"Cypher syntax error: {_short_syntax_message(full)}")
        if code == "Neo.ClientError.Statement.ParameterMissing":
            names = re.findall(r"[A-Za-z_][A-Za-z0-9_]*", message.partition(":")[2])
            return MissingParameter(names) if names else QueryError(f"Neo4j: {message}")
        if code == "Neo.ClientError.Statement.AccessMode":
            return WriteNotAllowed("the query writes to the database, but runs read-only: pass --write to allow it")
        if code.startswith("Neo.ClientError.Security."):
            return ConnectionFailed(f"Neo4j{where}: {message}")
        if code.startswith(("Neo.ClientError.Statement.", "Neo.ClientError.Schema.", "Neo.ClientError.Procedure.")):
            return QueryError(f"Neo4j: {message}")
        return StoreError(f"Neo4j{where}: {message}")
    if isinstance(exc, ne.DriverError):
        return StoreError(f"Neo4j{where}: {_one_line(str(exc)) or type(exc).__name__}")
    return None


def _chain(exc: BaseException):
    """``exc`` and everything behind it: causes, contexts and the members of exception groups."""
    seen: set[int] = set()
    stack = [exc]
    while stack:
        item = stack.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        stack.append(item.__cause__ or item.__context__)
        stack.extend(reversed(getattr(item, "exceptions", None) or ()))


_ADDRESS = re.compile(r"(?:Resolved)?IPv[46]Address\(\('([^']*)', (\d+)[^)]*\)\)")


def _unreachable_reason(exc: BaseException) -> str:
    """The most specific reason a connection failed, as one short line."""
    import ssl

    chain = list(_chain(exc))
    tls = next((e for e in reversed(chain) if isinstance(e, ssl.SSLError)), None)
    if tls is not None:
        return f"TLS handshake failed ({_one_line(tls, 120)}); does the server have TLS enabled?"
    for item in chain:
        reason = re.search(r"\(reason ([^)]*)\)", str(item))
        if reason:
            return reason.group(1)
    drivers = [e for e in chain if type(e).__module__.startswith("neo4j") and str(e).strip()]
    last = drivers[-1] if drivers else exc
    text = str(last).strip()
    line = text.splitlines()[-1] if text else type(last).__name__
    return _one_line(_ADDRESS.sub(r"\1:\2", line))


@contextmanager
def neo4j_errors(*, address: str | None = None, user: str | None = None, database: str | None = None):
    """Turn ``neo4j`` exceptions raised inside the block into :class:`KgraphError` subclasses."""
    try:
        yield
    except KgraphError:
        raise
    except Exception as exc:
        error = _translate(exc, address=address, user=user, database=database)
        if error is None:
            raise
        raise error from None


def connect(settings: Neo4jSettings | None = None, *, verify: bool = True):
    """A ``neo4j.Driver`` for ``settings`` (default: :func:`connection_settings`) with bounded
    timeouts, checked to reach the server and accept the credentials. Close it when done.

    Raises:
        InputError: the URI is malformed (see :func:`check_uri`).
        ConnectionFailed: the server is unreachable (within :data:`CONNECTION_TIMEOUT` for the
            TCP connection, :data:`ACQUISITION_TIMEOUT` in all) or refuses the credentials.
    """
    import neo4j

    from kgraph._util.version import __version__

    settings = settings or connection_settings()
    check_uri(settings.uri)
    quiet_driver_logs()
    auth = (settings.user, settings.password) if settings.password is not None else None
    try:
        driver = neo4j.GraphDatabase.driver(
            settings.uri,
            auth=auth,
            connection_timeout=CONNECTION_TIMEOUT,
            connection_acquisition_timeout=ACQUISITION_TIMEOUT,
            max_transaction_retry_time=MAX_RETRY_TIME,
            notifications_min_severity="OFF",
            user_agent=f"kgraph/{__version__}",
        )
    except (ValueError, TypeError, neo4j.exceptions.ConfigurationError) as exc:
        detail = _first_line(str(exc).replace(settings.uri, settings.address))
        raise InputError(f"invalid Neo4j URI {settings.address!r}: {detail}") from None
    if verify:
        try:
            with neo4j_errors(address=settings.address, user=settings.user, database=settings.database):
                driver.verify_connectivity()
        except ConnectionFailed as exc:
            driver.close()
            if settings.password is None and "credentials" in str(exc):
                raise ConnectionFailed(f"{exc} (no password given: {PASSWORD_SOURCES})") from None
            raise
        except BaseException:
            driver.close()
            raise
    return driver


def quiet_driver_logs() -> None:
    """Keep the driver's own log records (retries, dropped connections) off stderr.

    Without a handler anywhere, Python prints warnings and errors to stderr; a
    :class:`logging.NullHandler` on the ``neo4j`` logger stops that, while records still
    reach any handler the application configures (and never hold the password).
    """
    import logging

    logger = logging.getLogger("neo4j")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())


# ---------------------------------------------------------------- property conversion


def _scalar_type(value):
    if isinstance(value, bool):
        return bool
    if isinstance(value, int):
        return int if _INT64[0] <= value <= _INT64[1] else None
    if isinstance(value, (float, str)):
        return type(value)
    return None


def _storable(value) -> bool:
    """True if Neo4j stores ``value`` as it is (a scalar or a homogeneous list of scalars)."""
    if isinstance(value, (list, tuple)):
        types = {_scalar_type(v) for v in value}
        return len(types) <= 1 and None not in types
    return _scalar_type(value) is not None


def _json_ready(value, where: str):
    """``value`` if JSON gives it back equal (lists for tuples), else :class:`InputError`."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_json_ready(v, where) for v in value]
    if isinstance(value, dict):
        bad = [k for k in value if not isinstance(k, str)]
        if bad:
            raise InputError(f"{where}: map key {bad[0]!r} is not a string; Neo4j cannot store it")
        return {k: _json_ready(v, where) for k, v in value.items()}
    raise InputError(f"{where}: a {type(value).__name__} value cannot be stored in Neo4j")


def encode_properties(attrs: Mapping, where: str, *, reserved: Iterable[str] = ()) -> dict:
    """Attributes as Neo4j properties (see the module docs); ``where`` names the owner in errors.

    Raises:
        InputError: a reserved or non-string name, or a value that cannot be stored.
    """
    reserved = set(reserved)
    props: dict = {}
    as_json: list[str] = []
    for key, value in attrs.items():
        if not isinstance(key, str) or not key or "\x00" in key:
            raise InputError(f"{where}: attribute name {key!r} must be a non-empty string without NUL characters")
        if key in reserved or key.startswith(INTERNAL_PREFIX):
            raise InputError(f"{where}: attribute name {key!r} is reserved by kgraph's Neo4j mapping")
        if _storable(value):
            props[key] = list(value) if isinstance(value, tuple) else value
        else:
            props[key] = json.dumps(_json_ready(value, f"{where}, attribute {key!r}"), ensure_ascii=False)
            as_json.append(key)
    if as_json:
        props[JSON_KEYS] = sorted(as_json)
    return props


def decode_properties(props: Mapping) -> dict:
    """The attributes :func:`encode_properties` stored: JSON values restored, internal keys dropped."""
    as_json = set(props.get(JSON_KEYS) or ())
    attrs = {}
    for key, value in props.items():
        if key.startswith(INTERNAL_PREFIX):
            continue
        if key in as_json and isinstance(value, str):
            with suppress(json.JSONDecodeError):  # edited by hand in Neo4j: keep the text
                value = json.loads(value)
        attrs[key] = value
    return attrs


# ---------------------------------------------------------------- push


def _allowed(enum, kind, what: str, where: str) -> str:
    """``kind``'s value from the model's allow-list ``enum``, or an :class:`InputError`."""
    try:
        member = enum(kind)
    except ValueError:
        allowed = ", ".join(k.value for k in enum)
        raise InputError(f"{where}: kind {kind!r} is not {what} ({allowed})") from None
    return member.label if enum is NodeKind else member.value


def _label(kind, where: str) -> str:
    label = _allowed(NodeKind, kind, "a node kind", where)
    if not _IDENTIFIER.fullmatch(label):  # the allow-list is code, but labels go into query text
        raise InputError(f"{where}: label {label!r} is not a plain identifier")
    return label


def _rel_type(kind, where: str) -> str:
    rel_type = _allowed(EdgeKind, kind, "an edge kind", where)
    if not _IDENTIFIER.fullmatch(rel_type):
        raise InputError(f"{where}: relationship type {rel_type!r} is not a plain identifier")
    return rel_type


_LABELS = {kind.value: _label(kind, "NodeKind") for kind in NodeKind}
"""Node kind -> Neo4j label, each checked to be a plain identifier (labels go into query text)."""


def _all_labels() -> str:
    """``Roadmap|Category|...``: a label expression matching every kgraph node."""
    return "|".join(_LABELS.values())


def _node_row(node, attrs: Mapping, order: int) -> dict:
    props = encode_properties(attrs, f"node {node!r}", reserved=("id",))
    props["id"] = node
    props[ORDER_KEY] = order
    return {"id": node, "props": props}


def _rel_row(u, v, attrs: Mapping, order: int) -> dict:
    props = encode_properties({k: val for k, val in attrs.items() if k != "kind"}, f"edge {u!r} -> {v!r}")
    props[ORDER_KEY] = order
    return {"source": u, "target": v, "props": props}


def check_graph(G: nx.MultiDiGraph) -> tuple[list[str], list[tuple[str, str, str]]]:
    """Check everything in ``G`` can be stored, before anything is sent.

    Returns the labels present and the relationship groups (source label, type, target
    label) in write order. Rows are made and dropped one at a time, so checking needs no
    memory that grows with the graph.

    Raises:
        InputError: a node id that is not a string, an unknown node or edge kind, an edge whose
            key is not its kind, a reserved attribute name, or a value Neo4j cannot store.
    """
    present: set[str] = set()
    for order, (node, attrs) in enumerate(G.nodes(data=True)):
        where = f"node {node!r}"
        if not isinstance(node, str) or not node:
            raise InputError(f"{where}: node ids must be non-empty strings to be stored in Neo4j")
        present.add(_label(attrs.get("kind"), where))
        _node_row(node, attrs, order)
    groups: set[tuple[str, str, str]] = set()
    for order, (u, v, key, attrs) in enumerate(G.edges(keys=True, data=True)):
        where = f"edge {u!r} -> {v!r}"
        rel_type = _rel_type(attrs.get("kind"), where)
        if key != rel_type:
            raise InputError(
                f"{where}: key {key!r} is not its kind {rel_type!r} (kgraph keys edges by kind: "
                "Neo4j keeps one relationship of each type between two nodes)"
            )
        _rel_row(u, v, attrs, order)
        groups.add((_label_of(G, u), rel_type, _label_of(G, v)))
    node_labels = [label for label in _LABELS.values() if label in present]
    kind_rank = {kind.value: i for i, kind in enumerate(EdgeKind)}
    return node_labels, sorted(groups, key=lambda g: (kind_rank[g[1]], g))


def _label_of(G: nx.MultiDiGraph, node) -> str:
    """The label of a node already checked by :func:`check_graph`."""
    return _LABELS[G.nodes[node]["kind"]]


def _iter_node_rows(G: nx.MultiDiGraph, label: str):
    for order, (node, attrs) in enumerate(G.nodes(data=True)):
        if _LABELS[attrs["kind"]] == label:
            yield _node_row(node, attrs, order)


def _iter_rel_rows(G: nx.MultiDiGraph, group: tuple[str, str, str]):
    for order, (u, v, attrs) in enumerate(G.edges(data=True)):
        if (_label_of(G, u), attrs.get("kind"), _label_of(G, v)) == group:
            yield _rel_row(u, v, attrs, order)


def graph_rows(G: nx.MultiDiGraph) -> tuple[dict[str, list[dict]], dict[tuple[str, str, str], list[dict]]]:
    """All rows at once, checked: nodes by label, relationships by (source label, type, target label).

    :func:`push_graph` streams the same rows batch by batch instead.

    Raises:
        InputError: see :func:`check_graph`.
    """
    node_labels, groups = check_graph(G)
    nodes = {label: list(_iter_node_rows(G, label)) for label in node_labels}
    rels = {group: list(_iter_rel_rows(G, group)) for group in groups}
    return nodes, rels


def _counters(summary) -> dict[str, int]:
    c = summary.counters
    names = (
        "nodes_created",
        "nodes_deleted",
        "relationships_created",
        "relationships_deleted",
        "properties_set",
        "labels_added",
        "constraints_added",
    )
    return {name: getattr(c, name) for name in names}


def _write(tx, query: str, params: Mapping) -> dict[str, int]:
    return _counters(tx.run(query, params).consume())


@dataclass
class PushSummary:
    """What :func:`push_graph` did: rows written, counters from the server, seconds taken."""

    nodes: int = 0
    relationships: int = 0
    nodes_created: int = 0
    relationships_created: int = 0
    properties_set: int = 0
    nodes_deleted: int = 0
    relationships_deleted: int = 0
    constraints_added: int = 0
    batches: int = 0
    seconds: float = 0.0

    @property
    def nodes_updated(self) -> int:
        """Nodes that existed already (matched by id) and had their properties set."""
        return self.nodes - self.nodes_created

    @property
    def relationships_updated(self) -> int:
        """Relationships that existed already and had their properties set."""
        return self.relationships - self.relationships_created

    def as_dict(self) -> dict:
        """The summary as a plain dict (with the updated counts)."""
        return {
            **asdict(self),
            "nodes_updated": self.nodes_updated,
            "relationships_updated": self.relationships_updated,
        }


def _batches(rows, size: int):
    """Lists of up to ``size`` items from any iterable, taken lazily."""
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def wipe(driver, *, database: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE) -> tuple[int, int]:
    """Delete every kgraph node (any label of :class:`NodeKind`) and its relationships, in batches.

    Returns ``(nodes deleted, relationships deleted)``. Other nodes are left alone.
    """
    if batch_size < 1:
        raise InputError(f"batch size must be at least 1 (got {batch_size})")
    query = f"MATCH (n:{_all_labels()}) WITH n LIMIT $limit DETACH DELETE n"
    nodes = rels = 0
    with neo4j_errors(database=database), driver.session(database=database) as session:
        while True:
            counts = session.execute_write(_write, query, {"limit": batch_size})
            nodes += counts["nodes_deleted"]
            rels += counts["relationships_deleted"]
            if counts["nodes_deleted"] < batch_size:
                return nodes, rels


_UNIQUE_TYPES = ("UNIQUENESS", "NODE_PROPERTY_UNIQUENESS", "NODE_KEY")


def _unique_id_labels(tx) -> set[str]:
    """Labels with a constraint that keeps ``id`` unique (a uniqueness constraint or a node key)."""
    result = tx.run(
        "SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties "
        "WHERE type IN $types AND properties = ['id'] AND size(labelsOrTypes) = 1 "
        "RETURN labelsOrTypes[0] AS label",
        {"types": list(_UNIQUE_TYPES)},
    )
    return {record["label"] for record in result}


def _create_constraint(session, kind: NodeKind) -> int:
    """Create ``kind``'s uniqueness constraint unless it (or an equivalent one) exists."""
    from neo4j.exceptions import ClientError

    label = _LABELS[kind]
    query = f"CREATE CONSTRAINT kgraph_{kind.value}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
    try:
        return session.execute_write(_write, query, {})["constraints_added"]
    except ClientError as exc:
        if exc.code and "AlreadyExists" in exc.code and "Equivalent" in exc.code:
            return 0  # made by a concurrent push between the check and the creation
        if exc.code and exc.code.startswith("Neo.ClientError.Schema."):
            raise StoreError(
                f"cannot make id unique for :{label} nodes: {_first_line(exc.message or exc)} "
                "(kgraph needs that constraint to push safely)"
            ) from None
        raise


def ensure_constraints(driver, *, database: str | None = None) -> int:
    """Make ``id`` unique for every kgraph label; returns how many constraints were new.

    Safe to run from several pushes at once. Afterwards every label is checked to have a
    constraint on ``id`` (``kgraph_<kind>_id``, or any equivalent one).

    Raises:
        StoreError: a constraint cannot be made (e.g. an index on the same property is in the
            way, or a constraint of that name covers something else).
    """
    from neo4j import READ_ACCESS

    with neo4j_errors(database=database):
        with driver.session(database=database) as session:
            added = sum(_create_constraint(session, kind) for kind in NodeKind)
        with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
            unique = session.execute_read(_unique_id_labels)
    missing = [kind for kind in NodeKind if kind.label not in unique]
    if missing:
        name = f"kgraph_{missing[0].value}_id"
        raise StoreError(
            f"no uniqueness constraint on id for :{missing[0].label} nodes (is the name {name} "
            "taken by another constraint?); kgraph needs it to push safely"
        )
    return added


def push_graph(
    driver,
    G: nx.MultiDiGraph,
    *,
    database: str | None = None,
    wipe_first: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> PushSummary:
    """Write ``G`` to Neo4j: constraints first, then nodes, then relationships.

    Nodes are merged on ``id`` and relationships on (source, type, target), in managed write
    transactions of up to ``batch_size`` rows (``UNWIND $rows AS row MERGE ...``), one query
    per label and per relationship type. Properties are replaced (``SET n = row.props``), so
    pushing the same graph again changes nothing and a changed attribute leaves no stale
    property. Nodes and relationships no longer in ``G`` are kept unless ``wipe_first``
    deletes every kgraph node first. ``progress(n)`` is called after each batch of ``n`` rows.

    Raises:
        InputError: ``G`` holds something Neo4j cannot store (see :func:`graph_rows`).
        ConnectionFailed, StoreError: the server failed.

    Example:
        >>> with connect() as driver:  # doctest: +SKIP
        ...     push_graph(driver, kgraph.load_graph()).nodes_created
        515
    """
    if batch_size < 1:
        raise InputError(f"batch size must be at least 1 (got {batch_size})")
    started = time.perf_counter()
    node_labels, groups = check_graph(G)
    summary = PushSummary(nodes=G.number_of_nodes(), relationships=G.number_of_edges())
    if wipe_first:
        summary.nodes_deleted, summary.relationships_deleted = wipe(driver, database=database, batch_size=batch_size)
    summary.constraints_added = ensure_constraints(driver, database=database)
    # Rows are made batch by batch from the graph, so the push holds one batch at a time.
    queries = [
        (f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n = row.props", _iter_node_rows(G, label))
        for label in node_labels
    ]
    queries += [
        (
            f"UNWIND $rows AS row MATCH (a:{source} {{id: row.source}}) MATCH (b:{target} {{id: row.target}}) "
            f"MERGE (a)-[r:{rel_type}]->(b) SET r = row.props",
            _iter_rel_rows(G, (source, rel_type, target)),
        )
        for source, rel_type, target in groups
    ]
    with neo4j_errors(database=database), driver.session(database=database) as session:
        for query, rows in queries:
            for batch in _batches(rows, batch_size):
                counts = session.execute_write(_write, query, {"rows": batch})
                summary.nodes_created += counts["nodes_created"]
                summary.relationships_created += counts["relationships_created"]
                summary.properties_set += counts["properties_set"]
                summary.batches += 1
                if progress is not None:
                    progress(len(batch))
    summary.seconds = time.perf_counter() - started
    return summary


push = push_graph


# ---------------------------------------------------------------- pull


def _read_graph(tx) -> tuple[list, list]:
    nodes, rels = [], []
    for kind in NodeKind:
        label = _LABELS[kind]
        result = tx.run(f"MATCH (n:{label}) RETURN n.id AS id, properties(n) AS props")
        nodes.extend((kind, record["id"], record["props"]) for record in result)
    labels = _all_labels()
    for kind in EdgeKind:
        rel_type = _rel_type(kind, "EdgeKind")
        result = tx.run(
            f"MATCH (a:{labels})-[r:{rel_type}]->(b:{labels}) "
            "RETURN a.id AS source, b.id AS target, properties(r) AS props"
        )
        rels.extend((rel_type, record["source"], record["target"], record["props"]) for record in result)
    return nodes, rels


def _order(props: Mapping):
    order = props.get(ORDER_KEY)
    return (0, order) if isinstance(order, int) else (1, 0)


def pull_graph(driver, database: str | None = None) -> nx.MultiDiGraph:
    """Rebuild the knowledge graph from Neo4j, as :func:`push_graph` wrote it.

    Nodes get their id, ``kind`` and every attribute back; relationships become edges keyed
    by kind with their attributes; the order of nodes and edges is the pushed graph's (nodes
    written by other tools come after, by kind and id). Read in one read transaction.

    Raises:
        StoreError: a kgraph-labelled node has no ``id`` property.
        ConnectionFailed: the server failed.
    """
    from neo4j import READ_ACCESS

    with (
        neo4j_errors(database=database),
        driver.session(database=database, default_access_mode=READ_ACCESS) as session,
    ):
        nodes, rels = session.execute_read(_read_graph)
    kind_rank = {kind: i for i, kind in enumerate(NodeKind)}
    missing = [kind for kind, node_id, _ in nodes if node_id is None]
    if missing:
        label = NodeKind(missing[0]).label
        raise StoreError(f"{len(missing)} kgraph node(s) have no id property (e.g. a :{label} node); cannot pull")
    G = nx.MultiDiGraph()
    for kind, node_id, props in sorted(nodes, key=lambda n: (_order(n[2]), kind_rank[n[0]], str(n[1]))):
        attrs = decode_properties(props)
        attrs.pop("id", None)
        attrs.setdefault("kind", kind.value)
        G.add_node(node_id, **attrs)
    for rel_type, u, v, props in sorted(rels, key=lambda r: (_order(r[3]), str(r[1]), r[0], str(r[2]))):
        if u in G and v in G:
            attrs = decode_properties(props)
            attrs["kind"] = rel_type
            G.add_edge(u, v, key=rel_type, **attrs)
    return G


pull = pull_graph


# ---------------------------------------------------------------- status


def _read_status(tx) -> dict:
    components = tx.run("CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition").data()
    nodes = {}
    for kind in NodeKind:
        label = _LABELS[kind]
        nodes[label] = tx.run(f"MATCH (n:{label}) RETURN count(n) AS n").single()["n"]
    rels = {}
    for kind in EdgeKind:
        rel_type = _rel_type(kind, "EdgeKind")
        rels[rel_type] = tx.run(f"MATCH ()-[r:{rel_type}]->() RETURN count(r) AS n").single()["n"]
    result = tx.run("MATCH (n) RETURN count(n) AS n")
    total_nodes = result.single()["n"]
    database = result.consume().database
    total_rels = tx.run("MATCH ()-[r]->() RETURN count(r) AS n").single()["n"]
    kernel = next((c for c in components if c["name"] == "Neo4j Kernel"), components[0] if components else {})
    return {
        "database": database,
        "version": (kernel.get("versions") or ["?"])[0],
        "edition": kernel.get("edition"),
        "nodes": nodes,
        "relationships": rels,
        "other_nodes": total_nodes - sum(nodes.values()),
        "other_relationships": total_rels - sum(rels.values()),
    }


def server_status(driver, database: str | None = None) -> dict:
    """The server's address, agent, version and edition, the database, and counts of kgraph's
    nodes by label and relationships by type (plus how many other nodes and relationships exist).

    Raises:
        ConnectionFailed: the server failed.
    """
    from neo4j import READ_ACCESS

    with neo4j_errors(database=database):
        info = driver.get_server_info()
        with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
            status = session.execute_read(_read_status)
    return {"address": str(info.address), "agent": info.agent, **status}


# ---------------------------------------------------------------- Cypher


@dataclass
class QueryResult:
    """Rows of a Cypher query as plain Python values, its column names and its update counters."""

    columns: list[str]
    rows: list[dict]
    counters: dict[str, int]


def to_plain(value):
    """A query result value as plain data: nodes become their properties (kgraph's internal
    ones removed), relationships ``{type, source, target, ...properties}``, paths
    ``{nodes, relationships}``, temporal and spatial values strings."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return decode_properties(dict(value))
    if isinstance(value, Relationship):
        start, end = value.start_node, value.end_node
        return {
            "type": value.type,
            "source": start.get("id") if start is not None else None,
            "target": end.get("id") if end is not None else None,
            **decode_properties(dict(value)),
        }
    if isinstance(value, Path):
        return {
            "nodes": [to_plain(n) for n in value.nodes],
            "relationships": [to_plain(r) for r in value.relationships],
        }
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    return str(value)


def _run_query(tx, statement: str, params: Mapping) -> QueryResult:
    result = tx.run(statement, params)
    columns = list(result.keys())
    rows = [{key: to_plain(record[key]) for key in columns} for record in result]
    counters = {k: v for k, v in _counters(result.consume()).items() if v}
    return QueryResult(columns, rows, counters)


def run_cypher(
    driver,
    cypher: str,
    params: Mapping | None = None,
    *,
    database: str | None = None,
    write: bool = False,
) -> QueryResult:
    """Run one Cypher statement with parameters (never interpolated) and return plain rows.

    Read-only unless ``write``: the statement runs in a managed read transaction, where the
    server refuses writes (:class:`~kgraph.errors.WriteNotAllowed`); with ``write`` it runs in
    a managed write transaction (retried on transient errors, so make it idempotent).

    Raises:
        MissingParameter: the statement uses a ``$parameter`` not in ``params`` (checked before sending).
        QueryError: bad Cypher (Neo4j's one-line message), or another statement error.
        WriteNotAllowed: a write without ``write``.
        ConnectionFailed, StoreError: the server failed.
    """
    from neo4j import READ_ACCESS, WRITE_ACCESS

    from kgraph.store.queries import query_parameters, statement_text

    params = dict(params or {})
    statement = statement_text(cypher)
    missing = [name for name in query_parameters(statement) if name not in params]
    if missing:
        raise MissingParameter(missing)
    mode = WRITE_ACCESS if write else READ_ACCESS
    with neo4j_errors(database=database), driver.session(database=database, default_access_mode=mode) as session:
        execute = session.execute_write if write else session.execute_read
        return execute(_run_query, statement, params)
