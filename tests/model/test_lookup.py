"""Topic references: ids, names, roadmap scoping, fuzzy matches, and clear failures."""

from __future__ import annotations

import pytest

from kgraph.errors import AmbiguousTopic, NotFound, RoadmapNotFound, TopicNotFound
from kgraph.model.lookup import resolve_topic

RBAC = "topic:kubernetes/security-aspects/rbac"


@pytest.mark.parametrize(
    "ref",
    [RBAC, "kubernetes/security-aspects/rbac", "kubernetes:RBAC", "Kubernetes: rbac", "security-aspects/rbac"],
)
def test_resolves(builtin_graph, ref):
    assert resolve_topic(builtin_graph, ref) == RBAC


def test_roadmap_keyword_scopes(builtin_graph):
    assert resolve_topic(builtin_graph, "Horizontal Scaling", roadmap="docker") == (
        "topic:docker/scaling-considerations/horizontal-scaling"
    )


def test_unique_name_any_case(builtin_graph):
    assert resolve_topic(builtin_graph, "horizontal pod autoscaler (hpa)") == (
        "topic:kubernetes/scaling-considerations/horizontal-pod-autoscaler-hpa"
    )


def test_misspelling_is_accepted_when_unambiguous(builtin_graph):
    assert resolve_topic(builtin_graph, "Container Orchestraton") == (
        "topic:devops/core-competencies/container-orchestration"
    )


def test_ambiguous_lists_candidates(builtin_graph):
    with pytest.raises(AmbiguousTopic) as info:
        resolve_topic(builtin_graph, "Horizontal Scaling")
    assert len(info.value.candidates) == 4


def test_unknown_suggests(builtin_graph):
    with pytest.raises(TopicNotFound) as info:
        resolve_topic(builtin_graph, "kubernetes:Pod Autoscaling")
    assert info.value.suggestions
    assert len(info.value.suggestions) <= 5
    assert all(s.startswith("topic:kubernetes/") for s in info.value.suggestions)


def test_unknown_roadmap_scope(builtin_graph):
    with pytest.raises(RoadmapNotFound):
        resolve_topic(builtin_graph, "RBAC", roadmap="azure")


def test_unknown_topics_and_roadmaps_share_one_base(builtin_graph):
    from kgraph.model.lookup import resolve_roadmaps

    with pytest.raises(NotFound) as topic:
        resolve_topic(builtin_graph, "Kubernetes Wizardry")
    with pytest.raises(NotFound) as roadmap:
        resolve_roadmaps(builtin_graph, ["azure"])
    assert isinstance(topic.value, TopicNotFound) and not isinstance(topic.value, RoadmapNotFound)
    assert isinstance(roadmap.value, RoadmapNotFound) and roadmap.value.ref == "azure"
    assert str(roadmap.value).startswith("unknown roadmap 'azure'; did you mean: aws, cloudflare")
