"""Neo4j: connect, push the knowledge graph, pull it back, inspect the server, run Cypher.

One module per concern, every public name re-exported here
(``from kgraph.store.neo4j import push_graph``):

- :mod:`~kgraph.store.neo4j.settings`: :class:`Neo4jSettings` from arguments, ``NEO4J_*``
  variables or a ``.env`` file, one source per connection; :func:`check_uri`,
  :func:`check_transport` (a password in plain text to another host), :func:`redact_uri`.
- :mod:`~kgraph.store.neo4j.dotenv`: ``.env`` files read only when safe (:func:`load_env_file`),
  :func:`read_dotenv` for a file you trust.
- :mod:`~kgraph.store.neo4j.errors`: Neo4j status codes -> kgraph errors
  (:data:`CODE_ERRORS`), :func:`neo4j_errors`.
- :mod:`~kgraph.store.neo4j.connection`: :func:`connect` with bounded timeouts, quiet driver logs.
- :mod:`~kgraph.store.neo4j.properties`: attribute values <-> Neo4j properties, the label and
  relationship-type allow-list, :func:`check_graph`, :func:`graph_rows`.
- :mod:`~kgraph.store.neo4j.push`: :func:`push_graph` (a :class:`PushSummary`), :func:`wipe`,
  :func:`ensure_constraints`.
- :mod:`~kgraph.store.neo4j.read`: :func:`pull_graph`, :func:`server_status` (a
  :class:`ServerStatus`), :func:`run_cypher` (a :class:`QueryResult`), :func:`to_plain`.

Every function that talks to the server takes a ``neo4j.Driver`` first (one per process:
:func:`connect` makes it). The ``neo4j`` package (and networkx) is imported inside the
functions, so importing this package is cheap.

The graph maps one to one: a node of kind ``topic`` becomes a ``:Topic`` node whose ``id``
property is the node id, with every attribute as a property; an edge of kind ``REQUIRES``
becomes a ``:REQUIRES`` relationship with the edge's other attributes as properties.
Labels and relationship types come only from :class:`~kgraph.model.kinds.NodeKind` and
:class:`~kgraph.model.kinds.EdgeKind`; anything else is rejected before a query is sent.
A team added to the graph (:func:`kgraph.store.team_graph.add_team`: ``:Person`` nodes,
``:KNOWS`` relationships) is pushed like the rest, and pulled back only with
``pull_graph(driver, team=True)``.

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

from kgraph.store.neo4j.connection import (
    ACQUISITION_TIMEOUT,
    CONNECTION_TIMEOUT,
    MAX_RETRY_TIME,
    connect,
    driver_options,
    quiet_driver_logs,
)
from kgraph.store.neo4j.dotenv import EnvFile, load_env_file, parse_dotenv, read_dotenv
from kgraph.store.neo4j.errors import CODE_ERRORS, error_class, neo4j_errors
from kgraph.store.neo4j.properties import (
    INTERNAL_PREFIX,
    JSON_KEYS,
    ORDER_KEY,
    check_graph,
    decode_properties,
    encode_properties,
    graph_rows,
)
from kgraph.store.neo4j.push import DEFAULT_BATCH_SIZE, PushSummary, ensure_constraints, push_graph, wipe
from kgraph.store.neo4j.read import QueryResult, ServerStatus, pull_graph, run_cypher, server_status, to_plain
from kgraph.store.neo4j.settings import (
    DEFAULT_URI,
    DEFAULT_USER,
    ENV,
    PASSWORD_SOURCES,
    SCHEMES,
    Neo4jSettings,
    check_transport,
    check_uri,
    connection_settings,
    is_default_uri,
    is_loopback,
    redact_uri,
)

__all__ = [
    "ACQUISITION_TIMEOUT",
    "CODE_ERRORS",
    "CONNECTION_TIMEOUT",
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_URI",
    "DEFAULT_USER",
    "ENV",
    "INTERNAL_PREFIX",
    "JSON_KEYS",
    "MAX_RETRY_TIME",
    "ORDER_KEY",
    "PASSWORD_SOURCES",
    "SCHEMES",
    "EnvFile",
    "Neo4jSettings",
    "PushSummary",
    "QueryResult",
    "ServerStatus",
    "check_graph",
    "check_transport",
    "check_uri",
    "connect",
    "connection_settings",
    "decode_properties",
    "driver_options",
    "encode_properties",
    "ensure_constraints",
    "error_class",
    "graph_rows",
    "is_default_uri",
    "is_loopback",
    "load_env_file",
    "neo4j_errors",
    "parse_dotenv",
    "pull_graph",
    "push_graph",
    "quiet_driver_logs",
    "read_dotenv",
    "redact_uri",
    "run_cypher",
    "server_status",
    "to_plain",
    "wipe",
]
