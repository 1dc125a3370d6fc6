"""What a learner already has: known topics, progress states, and what they imply."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import networkx as nx

from kgraph._util import arguments
from kgraph.analysis.prereqs import PrereqView, prereq_view
from kgraph.errors import InputError, TopicNotFound
from kgraph.model.kinds import PROGRESS_STATES as STATES
from kgraph.model.kinds import NodeKind


def check_topics(G: nx.MultiDiGraph, topics: Iterable[str]) -> list[str]:
    """``topics`` as a list, each checked to be a topic node id.

    Raises:
        TopicNotFound: one is not a topic of ``G``.
    """
    arguments.graph(G)
    out = []
    for topic in arguments.names(topics, "topics"):
        if G.nodes.get(topic, {}).get("kind") != NodeKind.TOPIC:
            raise TopicNotFound(str(topic))
        out.append(topic)
    return out


def check_progress(G: nx.MultiDiGraph, progress: Mapping[str, str] | None) -> dict[str, str]:
    """A validated copy of a progress mapping ``topic id -> state``.

    Raises:
        TopicNotFound: a topic is not in ``G``.
        InputError: a state is not one of :data:`STATES`.
    """
    progress = arguments.mapping(progress, "progress")
    check_topics(G, list(progress))
    for topic, state in progress.items():
        if state not in STATES:
            raise InputError(f"progress state {state!r} of {topic} is not one of {', '.join(STATES)}")
    return progress


def implied(view: PrereqView, known: Iterable[str]) -> set[str]:
    """``known`` plus every topic they imply: the plain (all-of) prerequisites of the view
    (essential ones by default) that they need in full, transitively.

    Members of any-of groups are not implied: knowing a topic does not say which alternative
    was learned. Nor is a prerequisite needed only in part (see :func:`known_parts`).
    """
    return set(implied_via(view, known))


def implied_via(view: PrereqView, known: Iterable[str]) -> dict[str, str | None]:
    """Like :func:`implied`, each topic with the topic that needs it (``None`` for a known one)."""
    via: dict[str, str | None] = dict.fromkeys(known)
    stack = list(via)
    while stack:
        topic = stack.pop()
        req = view.needs.get(topic)
        if req is None:
            continue
        for prerequisite in req.all_of:
            if prerequisite not in via and not req.edges[prerequisite].partial:
                via[prerequisite] = topic
                stack.append(prerequisite)
    return via


def known_parts(view: PrereqView, satisfied: Iterable[str]) -> set[str]:
    """Topics of which a part is known: plain prerequisites that satisfied topics need in part.

    A plan that needs only a part of such a topic leaves it out; one that needs all of it
    keeps it.
    """
    parts = set()
    for topic in satisfied:
        req = view.needs.get(topic)
        if req is not None:
            parts.update(p for p in req.all_of if req.edges[p].partial)
    return parts


def satisfied_topics(
    G: nx.MultiDiGraph,
    known: Iterable[str] = (),
    progress: Mapping[str, str] | None = None,
    view: PrereqView | None = None,
) -> tuple[set[str], dict[str, str]]:
    """Topics a learner needs no more (known, done, implied by those, or skipped), and the progress.

    Raises:
        TopicNotFound, InputError: see :func:`check_topics` and :func:`check_progress`.
    """
    progress = check_progress(G, progress)
    known = set(check_topics(G, known)) | {t for t, s in progress.items() if s == "done"}
    satisfied = implied(view or prereq_view(G), known) | {t for t, s in progress.items() if s == "skipped"}
    return satisfied, progress


def skipped_topics(progress: Mapping[str, str]) -> set[str]:
    """Topics marked ``skipped`` in ``progress``."""
    return {t for t, s in progress.items() if s == "skipped"}


def group_met(group: Iterable[str], satisfied: set[str], skipped: set[str]) -> str | None:
    """The member that satisfies an any-of group, or ``None`` when one must still be learned.

    A known (or implied) member satisfies it; a *skipped* member does not (skipping one
    alternative means learning another), unless every member is skipped.
    """
    group = list(group)
    for member in group:
        if member in satisfied and member not in skipped:
            return member
    if all(member in skipped for member in group):
        return group[0]
    return None
