"""Writing the knowledge graph to Neo4j: uniqueness constraints, an optional wipe, then nodes and
relationships merged in batches (``UNWIND $rows AS row MERGE ...``) in managed write
transactions, so a push can be retried and pushing twice changes nothing. A first load into a
database without kgraph nodes takes the faster bulk path of :mod:`~kgraph.store.neo4j.bulk`.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kgraph._util.progress import task
from kgraph._util.results import Result
from kgraph.errors import InputError, StoreError
from kgraph.model.kinds import NodeKind
from kgraph.model.vocabulary import PUSH_MODES
from kgraph.store.neo4j.connection import _counters
from kgraph.store.neo4j.errors import _first_line, neo4j_errors
from kgraph.store.neo4j.properties import _LABELS, _all_labels, _iter_node_rows, _iter_rel_rows, check_graph

if TYPE_CHECKING:
    import networkx as nx

DEFAULT_BATCH_SIZE = 2000
"""Rows per write transaction (both paths: larger batches measured no faster on the bulk path)."""


@dataclass
class PushSummary(Result):
    """What :func:`push_graph` did: rows written, counters from the server, seconds taken.

    ``mode`` is the path taken: ``bulk`` for a first load into a database without kgraph
    nodes, ``merge`` otherwise (not in ``to_dict()``, whose keys are fixed). ``rows()`` has
    one row per item (nodes, relationships) with its ``total``, ``created`` and ``updated``
    counts, and ``deleted first`` when the push wiped first; ``to_dict()`` has every count,
    ``nodes_updated`` and ``relationships_updated`` included.
    """

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
    _wiped: bool = field(default=False, repr=False, compare=False)
    _mode: str = field(default="merge", compare=False)

    @property
    def mode(self) -> str:
        """The path taken: ``bulk`` (a first load: nodes created) or ``merge`` (every row merged)."""
        return self._mode

    @property
    def nodes_updated(self) -> int:
        """Nodes that existed already (matched by id) and had their properties set."""
        return self.nodes - self.nodes_created

    @property
    def relationships_updated(self) -> int:
        """Relationships that existed already and had their properties set."""
        return self.relationships - self.relationships_created

    @property
    def wiped(self) -> bool:
        """True if the push deleted kgraph's nodes first (``wipe_first``)."""
        return self._wiped

    def rows(self) -> list[dict]:
        """One row per item: nodes, relationships."""
        counts = {
            "nodes": (self.nodes, self.nodes_created, self.nodes_updated, self.nodes_deleted),
            "relationships": (
                self.relationships,
                self.relationships_created,
                self.relationships_updated,
                self.relationships_deleted,
            ),
        }
        rows = []
        for item, (total, created, updated, deleted) in counts.items():
            row = {"item": item, "total": total, "created": created, "updated": updated}
            if self._wiped:
                row["deleted first"] = deleted
            rows.append(row)
        return rows

    def to_dict(self) -> dict:
        """Every count (the updated ones included) and the seconds taken, as plain data."""
        return {
            **super().to_dict(),
            "nodes_updated": self.nodes_updated,
            "relationships_updated": self.relationships_updated,
        }


def _write(tx, query: str, params: Mapping) -> dict[str, int]:
    return _counters(tx.run(query, params).consume())


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
    mode: str = "auto",
) -> PushSummary:
    """Write ``G`` to Neo4j: constraints first, then nodes, then relationships.

    Nodes are merged on ``id`` and relationships on (source, type, target), in managed write
    transactions of up to ``batch_size`` rows (``UNWIND $rows AS row MERGE ...``), one query
    per label and per relationship type. Properties are replaced (``SET n = row.props``), so
    pushing the same graph again changes nothing and a changed attribute leaves no stale
    property. Nodes and relationships no longer in ``G`` are kept unless ``wipe_first``
    deletes every kgraph node first. ``progress(n)`` is called after each batch of ``n`` rows.

    ``mode="auto"`` takes the bulk path (:mod:`~kgraph.store.neo4j.bulk`: one pass over the
    graph, nodes created) when the database holds no kgraph node after the optional wipe, and
    the MERGE path otherwise; ``"bulk"`` and ``"merge"`` force a path (the bulk path is
    correct on a populated database too, only slower). Either way an interrupted push is
    completed by pushing again.

    Raises:
        InputError: ``G`` holds something Neo4j cannot store (see :func:`check_graph`), or an
            unknown ``mode``.
        ConnectionFailed, StoreError: the server failed.

    Example (needs a server, so it is not run as a doctest; tests/store/test_neo4j.py runs it)::

        with connect() as driver:
            push_graph(driver, kgraph.load_graph(), wipe_first=True).to_frame()
    """
    if batch_size < 1:
        raise InputError(f"batch size must be at least 1 (got {batch_size})")
    if mode not in PUSH_MODES:
        raise InputError(f"push mode must be one of {', '.join(PUSH_MODES)} (got {mode!r})")
    started = time.perf_counter()
    summary = PushSummary(nodes=G.number_of_nodes(), relationships=G.number_of_edges(), _wiped=bool(wipe_first))
    with task("Pushing to Neo4j", total=summary.nodes + summary.relationships, unit="rows") as tick:
        node_labels, groups = check_graph(G)
        if wipe_first:
            deleted = wipe(driver, database=database, batch_size=batch_size)
            summary.nodes_deleted, summary.relationships_deleted = deleted
        summary.constraints_added = ensure_constraints(driver, database=database)

        def count(counts: Mapping[str, int], rows: int) -> None:
            summary.nodes_created += counts["nodes_created"]
            summary.relationships_created += counts["relationships_created"]
            summary.properties_set += counts["properties_set"]
            summary.batches += 1
            tick(rows)
            if progress is not None:
                progress(rows)

        from kgraph.store.neo4j.bulk import bulk_write, holds_kgraph_nodes  # threads and queues: when pushing

        with neo4j_errors(database=database):
            if mode == "auto":
                mode = "merge" if holds_kgraph_nodes(driver, database=database) else "bulk"
            summary._mode = mode
            with driver.session(database=database) as session:
                if mode == "bulk":
                    bulk_write(session, G, batch_size, count)
                else:
                    _merge_write(session, G, node_labels, groups, batch_size, count)
    summary.seconds = time.perf_counter() - started
    return summary


def _merge_write(session, G, node_labels, groups, batch_size: int, count) -> None:
    """The MERGE path: one query per label and per relationship group, each a scan of ``G``."""
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
    for query, rows in queries:
        for batch in _batches(rows, batch_size):
            count(session.execute_write(_write, query, {"rows": batch}), len(batch))
