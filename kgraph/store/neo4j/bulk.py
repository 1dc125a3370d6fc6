"""The first load into a database that holds no kgraph node: one pass over the graph, nodes
created rather than merged.

Compared with the MERGE path of :func:`~kgraph.store.neo4j.push.push_graph`:

- rows are made in one pass over the nodes and one over the edges (the MERGE path scans the
  graph once per label and once per relationship group), bucketed by label or group and sent
  when a bucket is full, so memory stays bounded by the batch size (one partial batch per
  label and per group);
- nodes are written with ``CREATE`` (no lookup before the write), relationship rows are plain
  lists ``[source, target, properties]`` instead of maps;
- the next batch is made in a background thread while the server writes the current one.

Safety is the MERGE path's: the uniqueness constraints exist before the first node is
written, so a node can never be created twice. A node batch whose transaction is retried (its
commit may have happened), or that finds one of its nodes already there (another push running
at the same time), is written again with ``MERGE``, and so is every later node batch.
Relationships are always merged: two pushes at once never duplicate one.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from kgraph.store.neo4j.connection import _counters
from kgraph.store.neo4j.properties import _LABELS, _all_labels, _node_row, _rel_row

if TYPE_CHECKING:
    import networkx as nx

_CREATE_NODES = "UNWIND $rows AS props CREATE (n:{label}) SET n = props"
_MERGE_NODES = "UNWIND $rows AS props MERGE (n:{label} {{id: props.id}}) SET n = props"
_MERGE_RELS = (
    "UNWIND $rows AS row MATCH (a:{source} {{id: row[0]}}) MATCH (b:{target} {{id: row[1]}}) "
    "MERGE (a)-[r:{rel_type}]->(b) SET r = row[2]"
)
_CONFLICT = "Neo.ClientError.Schema.ConstraintValidationFailed"


def holds_kgraph_nodes(driver, *, database: str | None = None) -> bool:
    """True if the database holds at least one node with a kgraph label."""
    from neo4j import READ_ACCESS

    query = f"OPTIONAL MATCH (n:{_all_labels()}) WITH n LIMIT 1 RETURN n IS NOT NULL AS found"
    with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
        return session.execute_read(lambda tx: tx.run(query).single()["found"])


def node_batches(G: nx.MultiDiGraph, size: int) -> Iterator[tuple[str, list[dict]]]:
    """``(label, property maps)`` batches of up to ``size`` nodes, in one pass over ``G``."""
    buckets: dict[str, list[dict]] = {}
    for order, (node, attrs) in enumerate(G.nodes(data=True)):
        label = _LABELS[attrs["kind"]]
        bucket = buckets.setdefault(label, [])
        bucket.append(_node_row(node, attrs, order)["props"])
        if len(bucket) >= size:
            yield label, buckets.pop(label)
    yield from ((label, bucket) for label, bucket in buckets.items() if bucket)


def rel_batches(G: nx.MultiDiGraph, size: int) -> Iterator[tuple[tuple[str, str, str], list[list]]]:
    """``((source label, type, target label), [source, target, properties] rows)`` batches of up
    to ``size`` relationships, in one pass over ``G``'s edges."""
    nodes = G.nodes
    buckets: dict[tuple[str, str, str], list[list]] = {}
    last, source_label = None, ""
    for order, (u, v, attrs) in enumerate(G.edges(data=True)):
        if u is not last:
            last, source_label = u, _LABELS[nodes[u]["kind"]]
        group = (source_label, attrs["kind"], _LABELS[nodes[v]["kind"]])
        bucket = buckets.setdefault(group, [])
        bucket.append([u, v, _rel_row(u, v, attrs, order)["props"]])
        if len(bucket) >= size:
            yield group, buckets.pop(group)
    yield from ((group, bucket) for group, bucket in buckets.items() if bucket)


def prefetched(items: Iterator, depth: int = 2) -> Iterator:
    """``items``, made in a background thread up to ``depth`` ahead of the consumer.

    The thread stops when the consumer stops (closed generator or exception); an exception
    raised while making items is raised again in the consumer.
    """
    slots: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()
    done = object()

    def produce() -> None:
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        slots.put((item, None), timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            slots.put((done, None))
        except BaseException as exc:  # handed to the consumer
            slots.put((done, exc))

    thread = threading.Thread(target=produce, name="kgraph-push-rows", daemon=True)
    thread.start()
    try:
        while True:
            item, error = slots.get()
            if item is done:
                if error is not None:
                    raise error
                return
            yield item
    finally:
        stop.set()
        thread.join(timeout=5)


class BulkWriter:
    """Writes node and relationship batches for a bulk push; ``merging`` turns True (for good)
    once a node batch had to be merged."""

    def __init__(self, session, count: Callable[[dict[str, int], int], None]):
        self.session = session
        self.count = count
        self.merging = False

    def _run(self, tx, query: str, rows: list, attempts: list[int]) -> dict[str, int]:
        attempts[0] += 1
        return _counters(tx.run(query, {"rows": rows}).consume())

    def _nodes_tx(self, tx, label: str, rows: list[dict], attempts: list[int]) -> dict[str, int]:
        """CREATE on the first attempt; a retry may follow a commit that happened: MERGE."""
        template = _MERGE_NODES if self.merging or attempts[0] else _CREATE_NODES
        return self._run(tx, template.format(label=label), rows, attempts)

    def nodes(self, label: str, rows: list[dict]) -> None:
        """Write one batch of nodes (created, or merged when some exist already)."""
        from neo4j.exceptions import ClientError

        try:
            counts = self.session.execute_write(self._nodes_tx, label, rows, [0])
        except ClientError as exc:
            if exc.code != _CONFLICT:
                raise
            self.merging = True  # another push writes the same nodes: merge from now on
            counts = self.session.execute_write(self._nodes_tx, label, rows, [0])
        self.count(counts, len(rows))

    def relationships(self, group: tuple[str, str, str], rows: list[list]) -> None:
        """Merge one batch of relationships of one (source label, type, target label) group."""
        source, rel_type, target = group
        query = _MERGE_RELS.format(source=source, rel_type=rel_type, target=target)
        self.count(self.session.execute_write(self._run, query, rows, [0]), len(rows))


def bulk_write(session, G: nx.MultiDiGraph, batch_size: int, count: Callable[[dict[str, int], int], None]) -> bool:
    """Write ``G`` (already checked) through ``session``: nodes, then relationships.

    ``count(counters, rows)`` is called after each batch. Returns True if some node batch had
    to be merged (another push wrote the same nodes).
    """
    writer = BulkWriter(session, count)
    for label, rows in prefetched(node_batches(G, batch_size)):
        writer.nodes(label, rows)
    for group, rows in prefetched(rel_batches(G, batch_size)):
        writer.relationships(group, rows)
    return writer.merging
