"""Every bullet of the seed document is in the graph, under the right roadmap and parent."""

from __future__ import annotations

import json
import re

import networkx as nx

from tests.conftest import SEED

ROADMAP_IDS = {
    "DEVOPS": "devops",
    "AWS": "aws",
    "KUBERNETES": "kubernetes",
    "DOCKER": "docker",
    "TERRAFORM": "terraform",
    "CLOUDFLARE": "cloudflare",
    "SYSTEM DESIGN": "system_design",
}


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold().rstrip(":")


def seed_bullets():
    """(roadmap id, name, parent name or None) for every bullet of the seven roadmap sections,
    parsed here independently of kgraph's importer."""
    roadmap, parent, out = None, None, []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"^## \d+\. (.+) ROADMAP$", line):
            roadmap = ROADMAP_IDS[m[1]]
        elif line.startswith("## "):
            roadmap = None
        elif roadmap and (m := re.match(r"^- \*\*(.+?)\*\*", line)):
            parent = m[1]
            out.append((roadmap, m[1], None))
        elif roadmap and (m := re.match(r"^  - (.+)$", line)):
            out.append((roadmap, m[1].strip(), parent))
    return out


def test_seed_counts():
    bullets = seed_bullets()
    assert len(bullets) == 445
    assert sum(p is None for *_, p in bullets) == 338


def test_export_json_holds_every_seed_bullet(run, tmp_path):
    out = tmp_path / "g.json"
    result = run("export", "--format", "json", "-o", out)
    assert result.exit_code == 0, result.output
    G = nx.node_link_graph(json.loads(out.read_text()))
    topics = {n: d for n, d in G.nodes(data=True) if d["kind"] == "topic"}
    by_key = {}
    for node, data in topics.items():
        by_key.setdefault((data["roadmap"], _norm(data["name"])), []).append(node)
    for roadmap, name, parent in seed_bullets():
        nodes = by_key.get((f"roadmap:{roadmap}", _norm(name)))
        assert nodes, f"{roadmap}: {name!r} missing"
        if parent is not None:
            parents = {v for node in nodes for _, v, k in G.out_edges(node, data="kind") if k == "PART_OF"}
            assert any(_norm(G.nodes[p]["name"]) == _norm(parent) for p in parents), (name, parent)
    assert len(topics) == 445


def test_integrations_join_the_roadmaps_they_name(builtin_graph):
    G = builtin_graph
    points = [n for n, k in G.nodes(data="kind") if k == "integration"]
    assert len(points) == 24
    joined = {n: {v for _, v in G.out_edges(n)} for n in points}
    assert joined["integration:devops+aws/0"] == {"roadmap:devops", "roadmap:aws"}
    assert joined["integration:terraform+aws+kubernetes/1"] == {
        "roadmap:terraform",
        "roadmap:aws",
        "roadmap:kubernetes",
    }
    assert len(joined["integration:system_design+all/0"]) == 7
    assert G.nodes["integration:aws+kubernetes/0"]["name"] == "Deploy EKS clusters in AWS infrastructure"


def test_levels_carry_the_matrix_text(builtin_graph):
    levels = {n: d for n, d in builtin_graph.nodes(data=True) if d["kind"] == "level"}
    assert list(levels) == ["level:beginner", "level:intermediate", "level:advanced", "level:expert"]
    assert levels["level:advanced"]["description"] == "Architecture design, complex scaling, security hardening"


def test_build_is_deterministic():
    import kgraph

    first = kgraph.load_graph(use_entry_points=False)
    second = kgraph.load_graph(use_entry_points=False)
    assert list(first.nodes) == list(second.nodes)
    assert list(first.edges(keys=True)) == list(second.edges(keys=True))


def test_every_node_and_edge_has_kind_and_name(builtin_graph):
    for node, data in builtin_graph.nodes(data=True):
        assert data["kind"] == node.split(":", 1)[0]
        assert data["name"]
    for *_, data in builtin_graph.edges(data=True):
        assert data["kind"]
    for _node, data in builtin_graph.nodes(data=True):
        if data["kind"] == "topic":
            assert data["roadmap"] in builtin_graph and data["category"] in builtin_graph
            assert builtin_graph.nodes[data["category"]]["roadmap"] == data["roadmap"]
            assert "description" in data
