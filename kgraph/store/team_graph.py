"""A team as part of the graph: one ``person`` node per member and a ``KNOWS`` edge per topic
in their progress file, so Neo4j can hold (and Cypher query) who knows what.

``(:Person {id: 'person:HANDLE', handle, name, hours_per_week})-[:KNOWS {state}]->(:Topic)``:
``state`` is the file's (``done``, ``learning`` or ``skipped``); a member with an empty file
is a Person without KNOWS edges. :func:`add_team` returns a copy of the graph with the team
added, which :func:`~kgraph.store.neo4j.push_graph` pushes like any graph, and
:func:`prune_team` then removes the people and KNOWS relationships Neo4j still holds from an
earlier push (``kgraph neo4j push --team DIR`` does both: a database holds one team, the last
pushed). ``pull_graph(driver, team=True)`` gives them back; :func:`without_team` drops them
again. The analyses work on the graph without people.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import TYPE_CHECKING

from kgraph.errors import InputError, TopicNotFound
from kgraph.model.kinds import PROGRESS_STATES, EdgeKind, NodeKind
from kgraph.store.team import DEFAULT_HOURS_PER_WEEK, Team

if TYPE_CHECKING:
    import networkx as nx

_PERSON = NodeKind.PERSON.label
_KNOWS = EdgeKind.KNOWS.value


def person_id(handle: str) -> str:
    """The node id of a team member: ``person:HANDLE``.

    >>> person_id("ana")
    'person:ana'
    """
    return f"{NodeKind.PERSON}:{handle}"


def people(G: nx.MultiDiGraph) -> list[str]:
    """The ``person`` nodes of ``G``, in graph order."""
    return [n for n, kind in G.nodes(data="kind") if kind == NodeKind.PERSON]


def without_team(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """``G`` without its people and their KNOWS edges (``G`` itself when it has none)."""
    persons = people(G)
    if not persons:
        return G
    H = G.copy()
    H.remove_nodes_from(persons)
    return H


def add_team(G: nx.MultiDiGraph, team: Team | Mapping[str, Mapping[str, str]]) -> nx.MultiDiGraph:
    """A copy of ``G`` with ``team``'s people (replacing any ``G`` had) and their KNOWS edges.

    ``team`` is a :class:`~kgraph.store.team.Team` (names and weekly hours from its
    ``team.yaml``) or a mapping ``handle -> {topic id: state}`` (name: the handle, hours: the
    default). People come after the graph's nodes in team order, then their KNOWS edges (per
    person, in their file's order). ``G`` is not changed.

    Raises:
        TopicNotFound: a progress entry names no topic of ``G`` (load the team with the graph,
            ``load_team(folder, G)``, to leave such entries out with a warning instead).
        InputError: an empty or non-string handle, or a state that is not done, learning or skipped.

    Example:
        >>> H = add_team(G, {"ana": {"topic:docker/core-competencies/image-building": "done"}})
        >>> [(u, v, d["state"]) for u, v, d in H.edges("person:ana", data=True)]
        [('person:ana', 'topic:docker/core-competencies/image-building', 'done')]
    """
    members = team.members if isinstance(team, Team) else None
    topics = None
    H = without_team(G).copy()
    edges = []
    for handle, progress in team.items():
        if not isinstance(handle, str) or not handle:
            raise InputError(f"team member {handle!r}: a handle must be a non-empty string")
        member = members[handle] if members is not None else None
        for topic, state in progress.items():
            if H.nodes.get(topic, {}).get("kind") != NodeKind.TOPIC:
                if topics is None:
                    topics = [n for n, kind in H.nodes(data="kind") if kind == NodeKind.TOPIC]
                raise TopicNotFound(str(topic), difflib.get_close_matches(str(topic), topics, n=3, cutoff=0.6))
            if state not in PROGRESS_STATES:
                raise InputError(
                    f"{handle}: progress state {state!r} of {topic} is not one of {', '.join(PROGRESS_STATES)}"
                )
            edges.append((person_id(handle), topic, state))
        H.add_node(
            person_id(handle),
            kind=str(NodeKind.PERSON),
            handle=handle,
            name=member.name if member is not None else handle,
            hours_per_week=float(member.hours_per_week if member is not None else DEFAULT_HOURS_PER_WEEK),
        )
    for person, topic, state in edges:
        H.add_edge(person, topic, key=str(EdgeKind.KNOWS), kind=str(EdgeKind.KNOWS), state=state)
    return H


def prune_team(driver, G: nx.MultiDiGraph, *, database: str | None = None) -> tuple[int, int]:
    """Make the team in Neo4j ``G``'s: delete the ``:Person`` nodes ``G`` has no person node for
    (with their relationships) and the ``:KNOWS`` relationships ``G`` does not have. Run after
    pushing ``G``, so the team is never missing meanwhile; a ``G`` without people removes the
    whole team. One write transaction.

    Returns:
        ``(people removed, KNOWS relationships removed)`` (those of removed people included).

    Raises:
        ConnectionFailed, StoreError: the server failed.
    """
    from kgraph.store.neo4j.errors import neo4j_errors

    persons = people(G)
    rows = [
        {"id": person, "topics": [v for _, v, key in G.out_edges(person, keys=True) if key == EdgeKind.KNOWS]}
        for person in persons
    ]

    def prune(tx) -> tuple[int, int]:
        gone = tx.run(f"MATCH (p:{_PERSON}) WHERE NOT p.id IN $ids DETACH DELETE p", {"ids": persons})
        gone = gone.consume().counters
        stale = tx.run(
            f"UNWIND $rows AS row MATCH (:{_PERSON} {{id: row.id}})-[k:{_KNOWS}]->(t) "
            "WHERE NOT t.id IN row.topics DELETE k",
            {"rows": rows},
        )
        stale = stale.consume().counters
        return gone.nodes_deleted, gone.relationships_deleted + stale.relationships_deleted

    with neo4j_errors(database=database), driver.session(database=database) as session:
        return session.execute_write(prune)
