"""Knowledge rules over a built graph: the vendor rule, and any-of groups without a default.

The vendor rule: a topic never has an essential prerequisite of a vendor other than its own
(for a neutral topic: of any vendor), except in an any-of group that also offers a neutral
member or one of another vendor. Recommended prerequisites are free.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from kgraph._util import arguments
from kgraph.model.ids import local_part
from kgraph.model.kinds import EdgeKind
from kgraph.model.spec import NEUTRAL


@dataclass(frozen=True)
class RuleWarning:
    """A requirement that breaks a knowledge rule: ``rule`` is ``vendor`` or ``default``."""

    rule: str
    topic: str
    prerequisites: tuple[str, ...]
    group: str | None
    message: str


def vendor_of(G: nx.MultiDiGraph, topic: str) -> str:
    """The vendor a topic is marked with (``neutral`` when none)."""
    return G.nodes[topic].get("vendor") or NEUTRAL


def requirement_edges(G: nx.MultiDiGraph):
    """Every REQUIRES edge of ``G`` as ``(topic, prerequisite, attributes)``."""
    for u, v, d in G.edges(data=True):
        if d.get("kind") == EdgeKind.REQUIRES:
            yield u, v, d


def rule_warnings(G: nx.MultiDiGraph) -> list[RuleWarning]:
    """Requirements that break the vendor rule, and any-of groups without a default.

    The vendor rule: a topic never has an essential prerequisite of a vendor other than its
    own (for a neutral topic: of any vendor), except in an any-of group that also offers a
    neutral member or one of another vendor. Recommended prerequisites are free.

    Example:
        >>> [w.rule for w in rule_warnings(G)]
        []
    """
    arguments.graph(G)
    warnings: list[RuleWarning] = []
    groups: dict[str, list[tuple[str, str, dict]]] = {}
    for u, v, d in requirement_edges(G):
        if d.get("group"):
            groups.setdefault(d["group"], []).append((u, v, d))
            continue
        if (d.get("strength") or "essential") != "essential":
            continue
        mine, theirs = vendor_of(G, u), vendor_of(G, v)
        if theirs != NEUTRAL and theirs != mine:
            warnings.append(
                RuleWarning(
                    "vendor",
                    u,
                    (v,),
                    None,
                    f"{_who(mine)} topic has an essential prerequisite of vendor {theirs}: {_short(v)} "
                    "(make it recommended, or an any_of with a neutral or other-vendor member)",
                )
            )
    for gid, edges in sorted(groups.items()):
        topic = edges[0][0]
        members = tuple(v for _, v, _ in edges)
        if not any(d.get("default") for _, _, d in edges):
            warnings.append(
                RuleWarning(
                    "default",
                    topic,
                    members,
                    gid,
                    f"any_of group has no default ({', '.join(_short(m) for m in members)}): name the one most "
                    "learners take",
                )
            )
        if (edges[0][2].get("strength") or "essential") != "essential":
            continue
        mine = vendor_of(G, topic)
        vendors = {vendor_of(G, m) for m in members}
        only = next(iter(vendors)) if len(vendors) == 1 else NEUTRAL
        if only not in (NEUTRAL, mine):
            warnings.append(
                RuleWarning(
                    "vendor",
                    topic,
                    members,
                    gid,
                    f"{_who(mine)} topic has an any_of group whose members are all of vendor {only} "
                    "(offer a neutral or other-vendor member, or make it recommended)",
                )
            )
    warnings.sort(key=lambda w: (w.topic, w.group or "", w.prerequisites))
    return warnings


def _who(vendor: str) -> str:
    return "a vendor-neutral" if vendor == NEUTRAL else f"a {vendor}"


def _short(topic: str) -> str:
    return repr(local_part(topic))
