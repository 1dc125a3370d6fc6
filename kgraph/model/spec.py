"""Plain, validated descriptions of roadmaps and shared data: what plugins produce and
:func:`kgraph.model.build_graph` consumes. They hold no graph logic."""

from __future__ import annotations

from dataclasses import dataclass, field

from kgraph.errors import Problem

STRENGTHS: tuple[str, ...] = ("essential", "recommended")
"""How strongly a topic needs a prerequisite: it cannot be learned without it, or it helps."""

NEUTRAL = "neutral"
"""The vendor of a topic that applies on any platform."""


@dataclass(frozen=True)
class RequirementSpec:
    """A prerequisite: one topic, or any one of several (``any_of`` with 2+ members).

    ``strength`` is ``essential`` or ``recommended``; ``needs`` and ``hours`` name the part
    of the prerequisite that is needed and its hours (both ``None``: needed in full);
    ``default`` is the member of a group most learners take; ``member_parts`` gives, per
    member of a group, its own ``(needs, hours)`` where only a part of it is needed. ``places``
    holds where the ``default`` and ``hours`` keys stand (``hours@i`` for member ``i``), for
    messages.
    """

    any_of: tuple[str, ...]
    reason: str | None = None
    loc: Problem | None = None
    strength: str = "essential"
    needs: str | None = None
    hours: float | None = None
    default: str | None = None
    places: dict[str, Problem] = field(default_factory=dict, compare=False)
    member_parts: tuple[tuple[str, float] | None, ...] = ()

    def part(self, index: int) -> tuple[str | None, float | None]:
        """``(needs, hours)`` of the member at ``index``: its own part, else the group's."""
        own = self.member_parts[index] if index < len(self.member_parts) else None
        return own if own is not None else (self.needs, self.hours)

    @property
    def is_group(self) -> bool:
        """True for an any-of group of alternatives."""
        return len(self.any_of) > 1


@dataclass(frozen=True)
class TopicSpec:
    """A topic (or subtopic) of a category."""

    slug: str
    name: str
    description: str = ""
    level: str | None = None
    effort_hours: float | None = None
    vendor: str | None = None
    requires: tuple[RequirementSpec, ...] = ()
    subtopics: tuple[TopicSpec, ...] = ()
    loc: Problem | None = None
    resources: tuple[dict, ...] = field(default=(), hash=False)  # {type, title, url} links to learn from
    flags: tuple[str, ...] = ()  # marks from the source roadmap's legend (optional, alternative, ...)
    same_as: tuple[str, ...] = ()  # refs of topics of other roadmaps that teach the same thing
    origin: dict = field(default_factory=dict, hash=False)  # {source, node, parent} of an imported topic


@dataclass(frozen=True)
class CategorySpec:
    """A category of a roadmap, holding its topics in order."""

    slug: str
    name: str
    topics: tuple[TopicSpec, ...] = ()
    loc: Problem | None = None


@dataclass(frozen=True)
class RoadmapSpec:
    """One roadmap plugin."""

    id: str
    name: str
    description: str = ""
    order: int | None = None
    vendor: str | None = None
    facets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    categories: tuple[CategorySpec, ...] = ()
    source: str = ""
    source_kind: str = ""
    loc: Problem | None = None

    def iter_topics(self):
        """Yield ``(category, topic, parent)`` for every topic and subtopic, depth first."""

        def walk(category, topic, parent):
            yield category, topic, parent
            for sub in topic.subtopics:
                yield from walk(category, sub, topic)

        for category in self.categories:
            for topic in category.topics:
                yield from walk(category, topic, None)


@dataclass(frozen=True)
class IntegrationSpec:
    """A group of cross-roadmap integration points (e.g. "DevOps + AWS").

    ``roadmaps`` may hold ``"*"``: every loaded roadmap.
    """

    id: str
    title: str
    roadmaps: tuple[str, ...]
    points: tuple[str, ...]
    loc: Problem | None = None


@dataclass(frozen=True)
class LevelSpec:
    """A level of the competency progression matrix."""

    id: str
    name: str
    description: str
    rank: int
    loc: Problem | None = None


@dataclass(frozen=True)
class ConceptSpec:
    """A technology or idea that topics mention (Prometheus, RBAC, TLS...)."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    case_sensitive: bool = False
    exclude: tuple[str, ...] = ()
    loc: Problem | None = None


@dataclass(frozen=True)
class PluginSet:
    """Everything the graph is built from."""

    roadmaps: tuple[RoadmapSpec, ...] = ()
    integrations: tuple[IntegrationSpec, ...] = ()
    levels: tuple[LevelSpec, ...] = ()
    concepts: tuple[ConceptSpec, ...] = ()
