"""Node and edge kinds: the allow-list every layer (and Neo4j labels) draws from."""

from __future__ import annotations

from enum import StrEnum


class NodeKind(StrEnum):
    """Kinds of node; the value is the ``kind`` attribute and the id prefix."""

    ROADMAP = "roadmap"
    CATEGORY = "category"
    TOPIC = "topic"
    CONCEPT = "concept"
    INTEGRATION = "integration"
    LEVEL = "level"
    PERSON = "person"
    """A team member (``person:HANDLE``): only in a graph a team was added to
    (:func:`kgraph.store.team_graph.add_team`), never in the knowledge graph itself."""

    @property
    def label(self) -> str:
        """The Neo4j label for this kind, e.g. ``Topic``."""
        return self.value.capitalize()


class EdgeKind(StrEnum):
    """Kinds of edge; the value is the ``kind`` attribute and the Neo4j relationship type."""

    HAS_CATEGORY = "HAS_CATEGORY"
    HAS_TOPIC = "HAS_TOPIC"
    PART_OF = "PART_OF"
    REQUIRES = "REQUIRES"
    MENTIONS = "MENTIONS"
    INTEGRATES = "INTEGRATES"
    AT_LEVEL = "AT_LEVEL"
    SAME_AS = "SAME_AS"
    KNOWS = "KNOWS"
    """Person -> topic, with the ``state`` of their progress file (done, learning, skipped)."""


LEVELS: tuple[str, ...] = ("beginner", "intermediate", "advanced", "expert")
"""The competency levels in order, from the seed's progression matrix."""


def level_rank(level: str | None) -> int:
    """A level's place in :data:`LEVELS` (unknown or missing levels sort last).

    Example:
        >>> level_rank("intermediate"), level_rank(None)
        (1, 4)
    """
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


PROGRESS_STATES: tuple[str, ...] = ("done", "learning", "skipped")
"""A learner's progress states for a topic, as on roadmap.sh."""
