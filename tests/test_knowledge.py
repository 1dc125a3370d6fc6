"""The curated knowledge layer of the built-in data: levels, effort, prerequisites, concepts."""

from __future__ import annotations

from collections import defaultdict

import networkx as nx
import pytest

from kgraph.model import LEVELS, requires_subgraph


@pytest.fixture(scope="module")
def R(builtin_graph):
    return requires_subgraph(builtin_graph)


def _topics(G):
    return {n: d for n, d in G.nodes(data=True) if d["kind"] == "topic"}


def test_every_topic_has_level_and_effort(builtin_graph):
    for node, data in _topics(builtin_graph).items():
        assert data.get("level") in LEVELS, node
        assert isinstance(data.get("effort_hours"), (int, float)) and data["effort_hours"] > 0, node


def test_levels_span_the_matrix(builtin_graph):
    used = {d["level"] for d in _topics(builtin_graph).values()}
    assert used == set(LEVELS)


def test_at_level_edges_match_level(builtin_graph):
    for node, data in _topics(builtin_graph).items():
        levels = [v for _, v, k in builtin_graph.out_edges(node, data="kind") if k == "AT_LEVEL"]
        assert levels == [f"level:{data['level']}"], node


def test_requires_is_acyclic(R):
    assert nx.is_directed_acyclic_graph(R)


def test_every_topic_above_beginner_has_a_prerequisite(builtin_graph, R):
    missing = [n for n, d in _topics(builtin_graph).items() if d["level"] != "beginner" and R.out_degree(n) == 0]
    assert missing == []


def test_cross_roadmap_prerequisites_and_any_of_groups(builtin_graph, R):
    roadmap = {n: d["roadmap"] for n, d in _topics(builtin_graph).items()}
    cross = [(u, v) for u, v in R.edges if roadmap[u] != roadmap[v]]
    assert len(cross) >= 60
    assert len({roadmap[u] for u, _ in cross}) == 7, "every roadmap leans on another"
    groups = defaultdict(set)
    for _u, v, group in R.edges(data="group"):
        if group:
            groups[group].add(v)
    assert len(groups) >= 5
    assert all(len(members) >= 2 for members in groups.values())


def test_reasons_are_given_on_cross_roadmap_edges(builtin_graph, R):
    roadmap = {n: d["roadmap"] for n, d in _topics(builtin_graph).items()}
    cross = [(u, v, d) for u, v, d in R.edges(data=True) if roadmap[u] != roadmap[v]]
    with_reason = [e for e in cross if e[2].get("reason")]
    assert len(with_reason) >= 0.8 * len(cross)


# Chains practitioners agree on: the first topic depends, through some chain, on the second.
CHAINS = [
    ("kubernetes/deployment-strategies/rolling-updates", "docker/core-competencies/image-building"),
    ("kubernetes/core-competencies/workload-resources", "docker/core-competencies/container-runtime"),
    (
        "kubernetes/scaling-considerations/horizontal-pod-autoscaler-hpa",
        "kubernetes/scaling-considerations/metrics-server",
    ),
    (
        "kubernetes/scaling-considerations/horizontal-pod-autoscaler-hpa",
        "kubernetes/scaling-considerations/resource-requests-limits",
    ),
    ("aws/infrastructure-patterns/microservices-on-ecs", "aws/core-competencies/networking"),
    ("aws/infrastructure-patterns/microservices-on-ecs", "docker/core-competencies/image-building"),
    ("terraform/infrastructure-patterns/modular-architecture/vpc-module-network", "aws/core-competencies/networking"),
    (
        "terraform/infrastructure-patterns/remote-state-backend/s3-dynamodb-on-aws",
        "aws/core-competencies/storage-services",
    ),
    ("cloudflare/deployment-strategies/api-deployment", "terraform/core-competencies/hcl-syntax"),
    (
        "system_design/scaling-considerations/database-scaling/read-replicas-for-read-heavy-workloads",
        "system_design/core-competencies/database-design",
    ),
    ("system_design/scaling-considerations/cache-scaling", "system_design/core-competencies/caching-strategies"),
    ("devops/infrastructure-patterns/gitops", "devops/core-competencies/version-control"),
    ("devops/core-competencies/container-orchestration", "devops/core-competencies/containerization"),
]


@pytest.mark.parametrize(("topic", "prerequisite"), CHAINS, ids=[c[0].split("/")[-1] for c in CHAINS])
def test_practitioner_chains(R, topic, prerequisite):
    assert f"topic:{prerequisite}" in nx.descendants(R, f"topic:{topic}")


def test_concepts_join_the_roadmaps(builtin_graph):
    G = builtin_graph
    concepts = [n for n, k in G.nodes(data="kind") if k == "concept"]
    assert len(concepts) >= 60
    roadmaps = defaultdict(set)
    for u, v, kind in G.edges(data="kind"):
        if kind == "MENTIONS":
            roadmaps[v].add(G.nodes[u]["roadmap"])
    assert sum(len(r) >= 2 for r in roadmaps.values()) >= 30
    for concept in ("concept:prometheus", "concept:terraform", "concept:rbac", "concept:iam", "concept:tls"):
        assert len(roadmaps[concept]) >= 2, concept


def test_no_false_hit_for_go_in_google(builtin_graph):
    G = builtin_graph
    mentions = (
        {u for u, v, k in G.in_edges("concept:go", data="kind") if k == "MENTIONS"} if "concept:go" in G else set()
    )
    for topic in mentions:
        text = f"{G.nodes[topic]['name']} {G.nodes[topic].get('description', '')}"
        assert "Go" in text.replace("Google", "")


def test_info_reports_the_knowledge_counts(run):
    import json

    knowledge = json.loads(run("info", "--format", "json").stdout)["knowledge"]
    assert knowledge["cross_roadmap_prerequisites"] >= 60
    assert knowledge["any_of_groups"] >= 5
    assert knowledge["concepts"] >= 60
    assert knowledge["concepts_shared_by_2plus_roadmaps"] >= 30
