"""Golden cases on the built-in data that a DevOps engineer would accept."""

from __future__ import annotations

import json

import pytest

import kgraph
from kgraph.model.lookup import resolve_topics

HPA = "topic:kubernetes/scaling-considerations/horizontal-pod-autoscaler-hpa"
CORE_OBJECTS = "topic:kubernetes/core-competencies/core-objects"
IMAGE_BUILDING = "topic:docker/core-competencies/image-building"


def test_autoscaling_plan_puts_docker_before_kubernetes_core(builtin_graph):
    plan = kgraph.learning_plan(builtin_graph, [HPA])
    order = plan.topics
    assert order[-1] == HPA
    assert order.index(IMAGE_BUILDING) < order.index(CORE_OBJECTS) < order.index(HPA)
    assert "topic:kubernetes/scaling-considerations/metrics-server" in order


def test_autoscaling_plan_with_docker_known_leaves_docker_out(builtin_graph):
    docker = resolve_topics(builtin_graph, "docker")
    assert len(docker) == 53
    plan = kgraph.learning_plan(builtin_graph, [HPA], known=docker)
    assert not [t for t in plan.topics if t.startswith("topic:docker/")]
    assert CORE_OBJECTS in plan.topics or CORE_OBJECTS in kgraph.learning_plan(builtin_graph, [HPA]).topics
    fundamentals = kgraph.learning_plan(builtin_graph, [HPA], known=[IMAGE_BUILDING])
    assert IMAGE_BUILDING not in fundamentals.topics
    assert "topic:docker/core-competencies/container-runtime" not in fundamentals.topics, "implied by image building"


def test_plan_cli_with_known_roadmap(run):
    data = json.loads(run("plan", "kubernetes:HPA", "--known", "docker", "--format", "json", "--no-progress").stdout)
    topics = [s["topic"] for stage in data["stages"] for s in stage]
    assert topics[-1] == HPA and not any(t.startswith("topic:docker/") for t in topics)


def test_path_from_docker_images_to_rolling_updates(builtin_graph):
    [path] = kgraph.learning_path(
        builtin_graph, IMAGE_BUILDING, "topic:kubernetes/deployment-strategies/rolling-updates"
    )
    assert path.topics[0] == IMAGE_BUILDING and path.length >= 2
    assert any(step.reason for step in path.steps)


def test_top_bridging_nodes_include_cross_roadmap_concepts(builtin_graph):
    result = kgraph.cross_domain_centrality(builtin_graph, metric="bridging", kind="concept", top=10)
    names = {row.name for row in result.items}
    assert "Container" in names
    assert sum(row.roadmaps >= 2 for row in result.items[:5]) >= 4
    top_all = kgraph.cross_domain_centrality(builtin_graph, metric="bridging", top=25)
    assert any(row.kind == "concept" for row in top_all.items)
    assert top_all.items[0].roadmaps >= 4


def test_next_for_a_newcomer_starts_with_entry_points(builtin_graph):
    frontier = kgraph.next_topics(builtin_graph, top=5)
    assert all(row.level == "beginner" for row in frontier.items)
    assert frontier.items[0].unlocks >= frontier.items[-1].unlocks


def test_order_of_kubernetes_has_core_objects_early(builtin_graph):
    result = kgraph.prerequisite_order(builtin_graph, roadmaps=["kubernetes"])
    stage = {row["topic"]: row["stage"] for row in result.rows()}
    assert stage[CORE_OBJECTS] < stage[HPA]
    assert result.outside_prerequisites > 0


@pytest.mark.parametrize("ref", ["roadmap:docker", "Docker", "docker"])
def test_known_roadmap_references(builtin_graph, ref):
    assert len(resolve_topics(builtin_graph, ref)) == 53


def test_frames(builtin_graph):
    nodes, edges = kgraph.frames(builtin_graph)
    assert len(nodes) == builtin_graph.number_of_nodes() and len(edges) == builtin_graph.number_of_edges()
    assert nodes[nodes.kind == "topic"].groupby("roadmap").size()["roadmap:docker"] == 53
    assert set(edges.kind) >= {"REQUIRES", "MENTIONS", "HAS_TOPIC"}


def test_autoscaling_plan_stays_on_kubernetes_and_containers(builtin_graph):
    plan = kgraph.learning_plan(builtin_graph, [HPA])
    roadmaps = {step.roadmap for step in plan.steps}
    assert not roadmaps & {"roadmap:aws", "roadmap:cloudflare", "roadmap:system_design"}, roadmaps
    assert "topic:system_design/core-competencies/scalability-patterns" in {e.topic for e in plan.also_useful}
    richer = kgraph.learning_plan(builtin_graph, [HPA], with_recommended=True)
    assert set(plan.topics) < set(richer.topics)


def test_prefer_aws_on_a_plan_without_an_aws_choice_says_so(run):
    result = run("plan", "kubernetes:HPA", "--prefer", "aws", "--no-progress")
    assert result.exit_code == 0
    assert "kgraph: --prefer aws: no choice in this plan offers it" in result.stderr
    assert "AWS" not in result.stdout.split("Also useful")[0]


def test_prefer_aws_takes_the_aws_members_and_says_why(run):
    plain = run("plan", "devops:Auto-Scaling Groups", "--no-progress").stdout
    aws = run("plan", "devops:Auto-Scaling Groups", "--prefer", "aws", "--no-progress").stdout
    assert "(preferred: --prefer aws)" in aws and "(preferred" not in plain
    assert "Auto Scaling" in aws.split("Choices")[0]
