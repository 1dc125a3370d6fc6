"""How any-of groups are resolved: a learner's preferences, and the rule that picked each member.

A group is met by a member already known. Otherwise the member to learn is, in this order:
one in progress, one matching the first preference that matches any member (``--prefer``:
a roadmap, a vendor or a topic), one the plan holds anyway (it costs nothing more), the
group's default, the one with the least remaining effort (ties broken by id).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from kgraph._util import arguments
from kgraph.errors import InputError, RoadmapNotFound, TopicNotFound
from kgraph.model import ids
from kgraph.model.kinds import NodeKind
from kgraph.model.spec import NEUTRAL

KNOWN = "known"
IN_PROGRESS = "in progress"
PREFERRED = "preferred"
IN_PLAN = "in the plan anyway"
DEFAULT = "default"
LEAST_EFFORT = "least effort"
RULES: tuple[str, ...] = (KNOWN, IN_PROGRESS, PREFERRED, IN_PLAN, DEFAULT, LEAST_EFFORT)
"""The rules that pick a group's member, in the order they are tried."""
YIELDING: tuple[str, ...] = (DEFAULT, LEAST_EFFORT)
"""The rules whose pick gives way to another member the plan holds anyway."""


@dataclass(frozen=True)
class Preference:
    """A learner's preference among alternatives: a roadmap and/or a vendor, or one topic."""

    text: str
    roadmap: str | None = None
    vendor: str | None = None
    topic: str | None = None

    def matches(self, topic: str, data: dict) -> bool:
        """Whether the topic (id and node attributes) is what this preference asks for."""
        return (
            topic == self.topic
            or (self.roadmap is not None and data.get("roadmap") == self.roadmap)
            or (self.vendor is not None and data.get("vendor") == self.vendor)
        )


def vendors(G: nx.MultiDiGraph) -> list[str]:
    """The vendors topics of ``G`` are marked with (``neutral`` left out), sorted."""
    found = {d.get("vendor") for _, d in G.nodes(data=True) if d.get("kind") == NodeKind.TOPIC}
    return sorted(v for v in found if v and v != NEUTRAL)


def resolve_preferences(G: nx.MultiDiGraph, prefer: Iterable[str]) -> list[Preference]:
    """Preferences from names: a roadmap (``aws``, ``Kubernetes``), a vendor (``aws``,
    ``cloudflare``) or a topic reference (see :func:`kgraph.resolve_topic`).

    A name that is both a roadmap and a vendor (``aws``) prefers either.

    Raises:
        InputError: a name is none of these (the roadmaps and vendors are listed).
        AmbiguousTopic: a topic name matches several topics.

    Example:
        >>> [(p.roadmap, p.vendor) for p in resolve_preferences(G, ["aws"])]
        [('roadmap:aws', 'aws')]
    """
    from kgraph.model.lookup import resolve_roadmaps, resolve_topic

    names = arguments.names(prefer, "prefer")
    known_vendors = vendors(G) if names else []
    out = []
    for text in names:
        name = text.strip()
        try:
            roadmap = next(iter(resolve_roadmaps(G, [name])))
        except RoadmapNotFound:
            roadmap = None
        vendor = name.casefold() if name.casefold() in known_vendors else None
        if roadmap or vendor:
            out.append(Preference(name, roadmap=roadmap, vendor=vendor))
            continue
        try:
            out.append(Preference(name, topic=resolve_topic(G, name)))
        except TopicNotFound:
            roadmaps = sorted(ids.local_part(n) for n, k in G.nodes(data="kind") if k == NodeKind.ROADMAP)
            raise InputError(
                f"unknown preference {name!r}: not a roadmap ({', '.join(roadmaps)}), "
                f"a vendor ({', '.join(known_vendors) or 'none marked'}) or a topic"
            ) from None
    return out
