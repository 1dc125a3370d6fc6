"""Reading from Neo4j: the knowledge graph pulled back (:func:`pull_graph`), the server's state
(:func:`server_status`) and any Cypher statement with parameters (:func:`run_cypher`).

Everything runs in managed read transactions, except :func:`run_cypher` with ``write=True``.
"""

from __future__ import annotations

from collections.abc import Mapping
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


def _read_graph(tx, team: bool = False) -> tuple[list, list]:
    skip = () if team else _TEAM_KINDS
    nodes, rels = [], []
    total = None
    if progress.enabled():  # for the bar
        counts = _kgraph_counts(tx)
        wanted = {_LABELS[k] for k in NodeKind if k not in skip} | {k.value for k in EdgeKind if k not in skip}
        total = sum(n for part in counts for name, n in part.items() if name in wanted)
    with progress.task("Pulling from Neo4j", total=total, unit="rows") as tick:
        for kind in NodeKind:
            if kind in skip:
                continue
            label = _LABELS[kind]
            for record in tx.run(f"MATCH (n:{label}) RETURN n.id AS id, properties(n) AS props"):
                nodes.append((kind, record["id"], record["props"]))
                tick()
        labels = _all_labels()
        for kind in EdgeKind:
            if kind in skip:
                continue
            rel_type = _rel_type(kind, "EdgeKind")
            result = tx.run(
                f"MATCH (a:{labels})-[r:{rel_type}]->(b:{labels}) "
                "RETURN a.id AS source, b.id AS target, properties(r) AS props"
            )
            for record in result:
                rels.append((rel_type, record["source"], record["target"], record["props"]))
                tick()
    return nodes, rels


def _order(props: Mapping):
    order = props.get(ORDER_KEY)
    return (0, order) if isinstance(order, int) else (1, 0)


def pull_graph(driver, database: str | None = None, *, team: bool = False) -> nx.MultiDiGraph:
    """Rebuild the knowledge graph from Neo4j, as :func:`~kgraph.store.neo4j.push.push_graph` wrote it.

    Nodes get their id, ``kind`` and every attribute back; relationships become edges keyed
    by kind with their attributes; the order of nodes and edges is the pushed graph's (nodes
    written by other tools come after, by kind and id). Read in one read transaction.

    A team pushed with the graph (``:Person`` nodes and ``:KNOWS`` relationships, see
    :func:`kgraph.store.team_graph.add_team`) comes back only with ``team=True``: without it
    the graph is the knowledge graph the analyses (``--source neo4j``) work on.

    Raises:
        StoreError: a kgraph-labelled node has no ``id`` property.
        ConnectionFailed: the server failed.
    """
    import networkx as nx
    from neo4j import READ_ACCESS

    with (
        neo4j_errors(database=database),
        driver.session(database=database, default_access_mode=READ_ACCESS) as session,
    ):
        nodes, rels = session.execute_read(_read_graph, team)
    kind_rank = {kind: i for i, kind in enumerate(NodeKind)}
    missing = [kind for kind, node_id, _ in nodes if node_id is None]
    if missing:
        label = NodeKind(missing[0]).label
        raise StoreError(f"{len(missing)} kgraph node(s) have no id property (e.g. a :{label} node); cannot pull")
    G = nx.MultiDiGraph()
    with progress.task("Building the pulled graph", total=len(nodes) + len(rels), unit="rows") as tick:
        for kind, node_id, props in sorted(nodes, key=lambda n: (_order(n[2]), kind_rank[n[0]], str(n[1]))):
            attrs = decode_properties(props)
            attrs.pop("id", None)
            attrs.setdefault("kind", kind.value)
            G.add_node(node_id, **attrs)
            tick()
        for rel_type, u, v, props in sorted(rels, key=lambda r: (_order(r[3]), str(r[1]), r[0], str(r[2]))):
            if u in G and v in G:
                attrs = decode_properties(props)
                attrs["kind"] = rel_type
                G.add_edge(u, v, key=rel_type, **attrs)
            tick()
    return G


# ---------------------------------------------------------------- status


@dataclass
class ServerStatus(Result):
    """The server and kgraph's share of its database.

    ``uri`` and ``user`` are the connection's (``None`` unless :func:`server_status` was given
    the settings); ``address`` and ``agent`` are the server's own, ``database`` the database
    read. ``nodes`` counts kgraph's nodes by label, ``relationships`` its relationships by type;
    ``other_nodes`` and ``other_relationships`` count everything else in the database.
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


def _run_query(tx, statement: str, params: Mapping) -> QueryResult:
    result = tx.run(statement, params)
    columns = list(result.keys())
    records = [{key: to_plain(record[key]) for key in columns} for record in result]
    counters = {k: v for k, v in _counters(result.consume()).items() if v}
    return QueryResult(columns, records, counters)


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
