"""Reading from Neo4j: the knowledge graph pulled back (:func:`pull_graph`), the server's state
(:func:`server_status`) and any Cypher statement with parameters (:func:`run_cypher`, or
:func:`iter_cypher` to stream its records).

Everything runs in managed read transactions, except :func:`run_cypher` with ``write=True``
and :func:`iter_cypher` (one explicit transaction, read-only unless ``write=True``). The pull
and :func:`iter_cypher` stream records as they arrive (never all of them in memory).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kgraph._util import progress
from kgraph._util.results import Result
from kgraph.errors import MissingParameter, StoreError
from kgraph.model.kinds import EdgeKind, NodeKind
from kgraph.store.neo4j.connection import _counters
from kgraph.store.neo4j.errors import neo4j_errors
from kgraph.store.neo4j.properties import _LABELS, ORDER_KEY, _all_labels, _rel_type, decode_properties

if TYPE_CHECKING:
    import networkx as nx

    from kgraph.store.neo4j.settings import Neo4jSettings


# ---------------------------------------------------------------- pull


def _kgraph_counts(tx) -> tuple[dict[str, int], dict[str, int]]:
    """kgraph's nodes by label and relationships by type (from the count store: no scan)."""
    nodes = {}
    for kind in NodeKind:
        label = _LABELS[kind]
        nodes[label] = tx.run(f"MATCH (n:{label}) RETURN count(n) AS n").single()["n"]
    rels = {}
    for kind in EdgeKind:
        rel_type = _rel_type(kind, "EdgeKind")
        rels[rel_type] = tx.run(f"MATCH ()-[r:{rel_type}]->() RETURN count(r) AS n").single()["n"]
    return nodes, rels


_TEAM_KINDS = (NodeKind.PERSON, EdgeKind.KNOWS)
"""What :func:`kgraph.store.team_graph.add_team` adds: pulled only with ``team=True``."""
_KINDS = list(NodeKind)
"""Node kinds by rank: a node's kind is its rank in the query results."""


def _node_query(team: bool) -> str:
    """Every kgraph node (once per kgraph label it has) in the pushed order: by the order key
    (nodes without one last), then kind and id -- sorted by the server, streamed to us."""
    parts = [
        f"MATCH (n:{_LABELS[kind]}) RETURN n, {rank} AS rank"
        for rank, kind in enumerate(_KINDS)
        if team or kind not in _TEAM_KINDS
    ]
    return (
        f"CALL {{ {' UNION ALL '.join(parts)} }} "
        f"WITH n, rank ORDER BY n.{ORDER_KEY}, rank, toString(n.id) "
        "RETURN rank, n.id AS id, properties(n) AS props"
    )


def _rel_query(team: bool) -> str:
    """Every relationship of a kgraph type between kgraph nodes, in the pushed order: by the
    order key (the others last), then source id, type and target id."""
    labels = _all_labels()
    types = "|".join(_rel_type(kind, "EdgeKind") for kind in EdgeKind if team or kind not in _TEAM_KINDS)
    return (
        f"MATCH (a:{labels})-[r:{types}]->(b:{labels}) "
        f"WITH a, r, b ORDER BY r.{ORDER_KEY}, toString(a.id), type(r), toString(b.id) "
        "RETURN type(r) AS type, a.id AS source, b.id AS target, properties(r) AS props"
    )


def _missing_ids(tx, team: bool) -> StoreError:
    """The error for kgraph nodes without an ``id`` property (counted once one turns up)."""
    kinds = [kind for kind in _KINDS if team or kind not in _TEAM_KINDS]
    counts = {
        kind: tx.run(f"MATCH (n:{_LABELS[kind]}) WHERE n.id IS NULL RETURN count(n) AS n").single()["n"]
        for kind in kinds
    }
    label = next((_LABELS[kind] for kind, n in counts.items() if n), "?")
    return StoreError(f"{sum(counts.values())} kgraph node(s) have no id property (e.g. a :{label} node); cannot pull")


def _pull_total(tx, team: bool) -> int | None:
    """How many rows the pull reads (for the progress bar; ``None`` when it is off)."""
    if not progress.enabled():
        return None
    skip = () if team else _TEAM_KINDS
    counts = _kgraph_counts(tx)
    wanted = {_LABELS[k] for k in NodeKind if k not in skip} | {k.value for k in EdgeKind if k not in skip}
    return sum(n for part in counts for name, n in part.items() if name in wanted)


def _read_graph(tx, team: bool = False) -> nx.MultiDiGraph:
    """The graph, built as the records stream in (nodes, then relationships): the pull holds
    one fetch of records at a time, never all of them. A fresh graph on every (re)try."""
    import networkx as nx

    G = nx.MultiDiGraph()
    with progress.task("Pulling from Neo4j", total=_pull_total(tx, team), unit="rows") as tick:
        result = tx.run(_node_query(team))
        for rank, node_id, props in result:
            if node_id is None:
                result.consume()  # drop the rest on the server before asking for the count
                raise _missing_ids(tx, team)
            attrs = decode_properties(props)
            attrs.pop("id", None)
            attrs.setdefault("kind", _KINDS[rank].value)
            G.add_node(node_id, **attrs)
            tick()
        for rel_type, u, v, props in tx.run(_rel_query(team)):
            if u in G and v in G:
                attrs = decode_properties(props)
                attrs["kind"] = rel_type
                G.add_edge(u, v, key=rel_type, **attrs)
            tick()
    return G


def pull_graph(driver, database: str | None = None, *, team: bool = False) -> nx.MultiDiGraph:
    """Rebuild the knowledge graph from Neo4j, as :func:`~kgraph.store.neo4j.push.push_graph` wrote it.

    Nodes get their id, ``kind`` and every attribute back; relationships become edges keyed
    by kind with their attributes; the order of nodes and edges is the pushed graph's (nodes
    written by other tools come after, by kind and id). Read in one read transaction.

    The records stream from the server (which sorts them) straight into the graph, so the
    memory the pull needs beyond the graph it returns does not grow with the graph.

    A team pushed with the graph (``:Person`` nodes and ``:KNOWS`` relationships, see
    :func:`kgraph.store.team_graph.add_team`) comes back only with ``team=True``: without it
    the graph is the knowledge graph the analyses (``--source neo4j``) work on.

    Raises:
        StoreError: a kgraph-labelled node has no ``id`` property.
        ConnectionFailed: the server failed.
    """
    from neo4j import READ_ACCESS

    with (
        neo4j_errors(database=database),
        driver.session(database=database, default_access_mode=READ_ACCESS) as session,
    ):
        return session.execute_read(_read_graph, team)


# ---------------------------------------------------------------- status


@dataclass
class ServerStatus(Result):
    """The server and kgraph's share of its database.

    ``uri`` and ``user`` are the connection's, ``settings_from`` where its settings came from
    (``flags``, ``environment`` and/or a ``.env`` path; empty: the defaults); all three are
    ``None`` unless :func:`server_status` was given the settings. ``address`` and ``agent``
    are the server's own, ``database`` the database read. ``nodes`` counts kgraph's nodes by
    label, ``relationships`` its relationships by type; ``other_nodes`` and
    ``other_relationships`` count everything else in the database.
    ``rows()`` has one row per label and per relationship type.
    """

    uri: str | None
    user: str | None
    address: str
    agent: str
    database: str | None
    version: str
    edition: str | None
    nodes: dict[str, int]
    relationships: dict[str, int]
    other_nodes: int = 0
    other_relationships: int = 0
    settings_from: list[str] | None = None

    def rows(self) -> list[dict]:
        """One row per label (``element`` node) and per relationship type (``element`` relationship)."""
        return [{"element": "node", "name": label, "count": n} for label, n in self.nodes.items()] + [
            {"element": "relationship", "name": rel_type, "count": n} for rel_type, n in self.relationships.items()
        ]


def _read_status(tx) -> dict:
    components = tx.run("CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition").data()
    nodes, rels = _kgraph_counts(tx)
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


def server_status(driver, database: str | None = None, *, settings: Neo4jSettings | None = None) -> ServerStatus:
    """The server's address, agent, version and edition, the database, and counts of kgraph's
    nodes by label and relationships by type (plus how many other nodes and relationships exist).

    With the connection's ``settings``, the result also names its URI (without any password)
    and user, and ``database`` defaults to theirs.

    Raises:
        ConnectionFailed: the server failed.
    """
    from neo4j import READ_ACCESS

    if database is None and settings is not None:
        database = settings.database
    with neo4j_errors(database=database):
        info = driver.get_server_info()
        with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
            status = session.execute_read(_read_status)
    return ServerStatus(
        uri=settings.address if settings is not None else None,
        user=settings.user if settings is not None else None,
        settings_from=list(settings.origin) if settings is not None else None,
        address=str(info.address),
        agent=info.agent,
        **status,
    )


# ---------------------------------------------------------------- Cypher


@dataclass
class QueryResult(Result):
    """Records of a Cypher query as plain Python values (``rows()``: one dict per record), its
    column names (``columns``, a list: the names of every record's keys, in order) and its
    update counters (only the ones that are not zero)."""

    columns: list[str] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)

    def rows(self) -> list[dict]:
        """One dict per record, keyed by the query's columns."""
        return self.records

    def to_frame(self):
        """The records as a pandas DataFrame with the query's columns (also when there are none)."""
        import pandas as pd

        return pd.DataFrame(self.records, columns=self.columns)


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


def _plain_records(result, columns: list[str]) -> Iterator[dict]:
    """The records of ``result`` as plain dicts (see :func:`to_plain`), one at a time."""
    for record in result:
        yield {key: to_plain(record[key]) for key in columns}


def _run_query(tx, statement: str, params: Mapping) -> QueryResult:
    result = tx.run(statement, params)
    columns = list(result.keys())
    records = list(_plain_records(result, columns))
    counters = {k: v for k, v in _counters(result.consume()).items() if v}
    return QueryResult(columns, records, counters)


def _prepared(cypher: str, params: Mapping | None) -> tuple[str, dict]:
    """The statement and its parameters, checked before anything is sent."""
    from kgraph.store.queries import query_parameters, statement_text

    params = dict(params or {})
    statement = statement_text(cypher)
    missing = [name for name in query_parameters(statement) if name not in params]
    if missing:
        raise MissingParameter(missing)
    return statement, params


def run_cypher(
    driver,
    cypher: str,
    params: Mapping | None = None,
    *,
    database: str | None = None,
    write: bool = False,
) -> QueryResult:
    """Run one Cypher statement with parameters (never interpolated) and return plain records.

    Read-only unless ``write``: the statement runs in a managed read transaction, where the
    server refuses writes (:class:`~kgraph.errors.WriteNotAllowed`); with ``write`` it runs in
    a managed write transaction (retried on transient errors, so make it idempotent). Every
    record is held in memory: :func:`iter_cypher` streams them instead.

    Raises:
        MissingParameter: the statement uses a ``$parameter`` not in ``params`` (checked before sending).
        QueryError: bad Cypher (Neo4j's one-line message), or another statement error.
        WriteNotAllowed: a write without ``write``.
        ConnectionFailed, StoreError: the server failed.
    """
    from neo4j import READ_ACCESS, WRITE_ACCESS

    statement, params = _prepared(cypher, params)
    mode = WRITE_ACCESS if write else READ_ACCESS
    with neo4j_errors(database=database), driver.session(database=database, default_access_mode=mode) as session:
        execute = session.execute_write if write else session.execute_read
        return execute(_run_query, statement, params)


class CypherRows:
    """The records of a running statement, one plain dict at a time (iterate once, inside the
    ``with`` of :func:`iter_cypher`): ``columns`` at once, ``counters`` (the update counters
    that are not zero) and ``count`` (records read) once the rows are read."""

    def __init__(self, result):
        self._result = result
        self.columns: list[str] = list(result.keys())
        self.counters: dict[str, int] = {}
        self.count = 0
        self._done = False

    def __iter__(self) -> Iterator[dict]:
        for row in _plain_records(self._result, self.columns):
            self.count += 1
            yield row
        self._finish()

    def _finish(self) -> None:
        """Read the summary (the server drops the records not read yet)."""
        if not self._done:
            self._done = True
            self.counters = {k: v for k, v in _counters(self._result.consume()).items() if v}


@contextmanager
def iter_cypher(
    driver,
    cypher: str,
    params: Mapping | None = None,
    *,
    database: str | None = None,
    write: bool = False,
) -> Iterator[CypherRows]:
    """Run one Cypher statement like :func:`run_cypher`, but hand its records over as they
    arrive (a :class:`CypherRows`), so memory stays bounded whatever their number::

        with iter_cypher(driver, "MATCH (t:Topic) RETURN t.id AS id") as rows:
            for row in rows:
                ...

    The statement runs in one explicit transaction (read-only unless ``write``), committed
    when the block ends and rolled back if it raises. Unlike :func:`run_cypher` it is not
    retried on transient errors: rows already handed over cannot be taken back.

    Raises:
        MissingParameter: as :func:`run_cypher` (before sending).
        QueryError, WriteNotAllowed, ConnectionFailed, StoreError: as :func:`run_cypher`, when
            the statement starts or at any record (the block's own errors pass through).
    """
    from neo4j import READ_ACCESS, WRITE_ACCESS

    statement, params = _prepared(cypher, params)
    mode = WRITE_ACCESS if write else READ_ACCESS
    with neo4j_errors(database=database), driver.session(database=database, default_access_mode=mode) as session:
        tx = session.begin_transaction()
        try:
            rows = CypherRows(tx.run(statement, params))
            yield rows
            rows._finish()
            tx.commit()
        finally:
            tx.close()  # rolls back unless committed
