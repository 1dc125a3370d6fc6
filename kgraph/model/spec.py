"""Plain, validated descriptions of roadmaps and shared data: what plugins produce and
:func:`kgraph.model.build_graph` consumes. They hold no graph logic."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Location:
    """Where a piece of plugin data came from, for error messages."""

    source: str
    line: int | None = None
    column: int | None = None
    where: str = ""


@dataclass(frozen=True)
class RequirementSpec:
    """A prerequisite: one topic, or any one of several (``any_of`` with 2+ members)."""

    any_of: tuple[str, ...]
    reason: str | None = None
    loc: Location | None = None

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
    requires: tuple[RequirementSpec, ...] = ()
    subtopics: tuple[TopicSpec, ...] = ()
    loc: Location | None = None


@dataclass(frozen=True)
class CategorySpec:
    """A category of a roadmap, holding its topics in order."""

    slug: str
    name: str
    topics: tuple[TopicSpec, ...] = ()
    loc: Location | None = None


@dataclass(frozen=True)
class RoadmapSpec:
    """One roadmap plugin."""

    id: str
    name: str
    description: str = ""
    order: int | None = None
    facets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    categories: tuple[CategorySpec, ...] = ()
    source: str = ""
    source_kind: str = ""
    loc: Location | None = None

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
    loc: Location | None = None


@dataclass(frozen=True)
class LevelSpec:
    """A level of the competency progression matrix."""

    id: str
    name: str
    description: str
    rank: int
    loc: Location | None = None


@dataclass(frozen=True)
class ConceptSpec:
    """A technology or idea that topics mention (Prometheus, RBAC, TLS...)."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    case_sensitive: bool = False
    exclude: tuple[str, ...] = ()
    loc: Location | None = None


@dataclass(frozen=True)
class PluginSet:
    """Everything the graph is built from."""

    roadmaps: tuple[RoadmapSpec, ...] = ()
    integrations: tuple[IntegrationSpec, ...] = ()
    levels: tuple[LevelSpec, ...] = ()
    concepts: tuple[ConceptSpec, ...] = ()
