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


def test_every_prerequisite_that_needs_explaining_has_a_reason(builtin_graph, R):
    """Cross-roadmap, partial, recommended and any-of requirements each say why."""
    roadmap = {n: d["roadmap"] for n, d in _topics(builtin_graph).items()}
    unexplained = [
        (u, v)
        for u, v, d in R.edges(data=True)
        if not d.get("reason")
        and (roadmap[u] != roadmap[v] or d.get("hours") or d.get("strength") == "recommended" or d.get("group"))
    ]
    assert unexplained == []


def test_no_rule_warnings(builtin_graph):
    """No vendor-neutral topic needs one vendor's topic outside a choice; every any-of group
    names its default."""
    from kgraph.analysis.audit import rule_warnings

    assert [(w.topic, w.message) for w in rule_warnings(builtin_graph)] == []


def test_every_edge_has_a_known_strength_and_parts_fit(builtin_graph):
    for u, v, d in builtin_graph.edges(data=True):
        if d["kind"] != "REQUIRES":
            continue
        assert d.get("strength") in ("essential", "recommended"), (u, v)
        if d.get("hours") is not None:
            assert d.get("needs") and 0 < d["hours"] <= builtin_graph.nodes[v]["effort_hours"], (u, v)


def test_parents_carry_their_own_overview_not_the_sum_of_their_subtopics(builtin_graph):
    subtopics = defaultdict(list)
    for data in _topics(builtin_graph).values():
        if data.get("parent"):
            subtopics[data["parent"]].append(data["effort_hours"])
    assert len(subtopics) >= 20
    assert [p for p, hours in subtopics.items() if builtin_graph.nodes[p]["effort_hours"] == sum(hours)] == []
    big = {p: hours for p, hours in subtopics.items() if len(hours) > 2}
    assert all(builtin_graph.nodes[p]["effort_hours"] < sum(hours) for p, hours in big.items())


def test_topics_are_marked_with_vendors(builtin_graph):
    vendor = {n: d["vendor"] for n, d in _topics(builtin_graph).items()}
    assert {v for n, v in vendor.items() if n.startswith("topic:aws/")} == {"aws"}
    assert vendor["topic:kubernetes/core-competencies/cluster-setup"] == "neutral"
    assert vendor["topic:docker/core-competencies/image-building"] == "neutral"
    assert "cloudflare" in {v for n, v in vendor.items() if n.startswith("topic:cloudflare/")}


# Chains practitioners agree on: a from-scratch plan for the first topic holds the second.
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
]


@pytest.mark.parametrize(("topic", "prerequisite"), CHAINS, ids=[c[0].split("/")[-1] for c in CHAINS])
def test_practitioner_chains(builtin_graph, topic, prerequisite):
    import kgraph

    assert f"topic:{prerequisite}" in kgraph.learning_plan(builtin_graph, [f"topic:{topic}"]).topics


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
    assert knowledge["prerequisite_edges"] == knowledge["essential"] + knowledge["recommended"]
    assert knowledge["partial"] > 0 and knowledge["recommended"] > 0
    assert knowledge["any_of_groups_with_default"] == knowledge["any_of_groups"] > 0
    assert knowledge["concepts"] >= 60
    assert knowledge["concepts_shared_by_2plus_roadmaps"] >= 30
