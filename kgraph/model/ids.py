"""Stable, readable node ids such as ``topic:kubernetes/security-aspects/rbac``."""

from __future__ import annotations

import re
import unicodedata

from kgraph.model.kinds import NodeKind

_NON_WORD = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Lower-case ASCII slug of ``text``: words joined by ``-``.

    >>> slugify("Pod Security Policy/Standards")
    'pod-security-policy-standards'
    >>> slugify("S3 + CloudFront CDN")
    's3-cloudfront-cdn'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NON_WORD.sub("-", ascii_text.lower()).strip("-")


def roadmap_id(roadmap: str) -> str:
    """Node id of a roadmap, e.g. ``roadmap:aws``."""
    return f"{NodeKind.ROADMAP}:{roadmap}"


def category_id(roadmap: str, category: str) -> str:
    """Node id of a category, e.g. ``category:aws/security-aspects``."""
    return f"{NodeKind.CATEGORY}:{roadmap}/{category}"


def topic_id(path: str) -> str:
    """Node id of a topic from its path ``roadmap/category/topic[/subtopic]``."""
    return f"{NodeKind.TOPIC}:{path}"


def concept_id(concept: str) -> str:
    """Node id of a concept, e.g. ``concept:prometheus``."""
    return f"{NodeKind.CONCEPT}:{concept}"


def integration_id(group: str, index: int) -> str:
    """Node id of one integration point, e.g. ``integration:devops+aws/0``."""
    return f"{NodeKind.INTEGRATION}:{group}/{index}"


def level_id(level: str) -> str:
    """Node id of a competency level, e.g. ``level:advanced``."""
    return f"{NodeKind.LEVEL}:{level}"


def kind_of(node_id: str) -> str:
    """The kind prefix of a node id (``topic`` for ``topic:aws/...``)."""
    return node_id.split(":", 1)[0]


def local_part(node_id: str) -> str:
    """The part of a node id after its kind prefix."""
    return node_id.split(":", 1)[-1]
