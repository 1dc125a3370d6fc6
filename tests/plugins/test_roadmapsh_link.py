"""Imported roadmap.sh topics linked to the built-in ones (``same_as`` -> SAME_AS edges and
carried-over essential prerequisites). Fixtures are invented here, in roadmap.sh's shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

import kgraph
from kgraph.analysis.centrality import knowledge_digraph
from kgraph.errors import PluginError
from kgraph.plugins.roadmapsh import import_roadmapsh
from kgraph.plugins.roadmapsh_link import name_keys
from tests.conftest import roadmap_doc, write_yaml

HPA = "topic:kubernetes/scaling-considerations/horizontal-pod-autoscaler-hpa"
IMPORTED_HPA = "topic:rs-kubernetes/topics/autoscaling/horizontal-pod-autoscaler-hpa"


def _checkout(root: Path) -> Path:
    """A 'kubernetes' roadmap (editor format) whose names partly match the built-in one."""
    folder = root / "src" / "data" / "roadmaps" / "kubernetes"
    (folder / "content").mkdir(parents=True)
    (folder / "kubernetes.md").write_text("---\ntitle: 'Kubernetes'\n---\n", encoding="utf-8")
    nodes = [
        ("T1", "topic", "Autoscaling", 0),
        ("S1", "subtopic", "Horizontal Pod Autoscaler (HPA)", 10),
        ("T2", "topic", "State Management", 100),  # a name of another roadmap only: no link
        ("T3", "topic", "Widgets", 200),  # no match at all
    ]
    diagram = {
        "nodes": [
            {"id": i, "type": k, "position": {"x": 0, "y": y}, "width": 9, "height": 9, "data": {"label": label}}
            for i, k, label, y in nodes
        ],
        "edges": [{"source": "S1", "target": "T1", "data": {"edgeStyle": "dashed"}}],
    }
    (folder / "kubernetes.json").write_text(json.dumps(diagram), encoding="utf-8")
    return root


@pytest.fixture
def imported(tmp_path) -> Path:
    out = tmp_path / "out"
    (summary,) = import_roadmapsh(_checkout(tmp_path / "checkout"), out, roadmaps=["kubernetes"])
    assert summary.linked == 1
    return out


def test_name_keys_match_spellings_not_other_words():
    assert name_keys("Learn a Programming Language") == name_keys("programming languages")
    assert "rbac" in name_keys("Role Based Access Control (RBAC)")
    assert "rds" not in name_keys("Database Module (RDS)")  # not what the words spell
    assert name_keys("State Management") != name_keys("Stateful Applications")


def test_import_links_only_home_roadmap_matches(imported):
    doc = yaml.safe_load((imported / "roadmaps" / "rs-kubernetes.yaml").read_text(encoding="utf-8"))
    autoscaling, state, widgets = doc["categories"][0]["topics"]
    assert autoscaling["subtopics"][0]["same_as"] == ["kubernetes/scaling-considerations/horizontal-pod-autoscaler-hpa"]
    assert "same_as" not in state  # Terraform has a "State Management": another roadmap, another meaning
    assert "same_as" not in widgets and "same_as" not in autoscaling


def test_no_link_option(tmp_path):
    out = tmp_path / "out"
    (summary,) = import_roadmapsh(_checkout(tmp_path / "c"), out, roadmaps=["kubernetes"], link=False)
    assert summary.linked == 0 and "same_as" not in (out / "roadmaps" / "rs-kubernetes.yaml").read_text("utf-8")


def test_graph_carries_over_essential_prerequisites(imported):
    G = kgraph.load_graph([imported], use_entry_points=False, use_env=False)
    assert G.has_edge(IMPORTED_HPA, HPA, key="SAME_AS")
    wanted = {v for _, v, d in G.out_edges(HPA, data=True) if d["kind"] == "REQUIRES" and d["strength"] == "essential"}
    assert wanted  # the built-in HPA has essential prerequisites
    carried = {v: d for _, v, d in G.out_edges(IMPORTED_HPA, data=True) if d["kind"] == "REQUIRES"}
    assert set(carried) == wanted
    assert all(d["via"] == HPA and d["reason"].startswith("via Kubernetes") for d in carried.values())
    assert G.nodes[IMPORTED_HPA]["effort_hours"] == G.nodes[HPA]["effort_hours"]  # the same topic
    assert G.has_edge(IMPORTED_HPA, HPA) and (IMPORTED_HPA, HPA) in knowledge_digraph(G).edges

    plan = kgraph.learning_plan(G, [IMPORTED_HPA])
    steps = {s.topic: s for s in plan.steps}
    assert wanted <= set(steps) and HPA not in steps  # the match is the goal itself, not a step


def test_without_builtin_the_link_is_skipped(imported):
    G = kgraph.load_graph([imported], builtin=False, use_entry_points=False, use_env=False)
    assert not [e for e in G.out_edges(IMPORTED_HPA, keys=True) if e[2] in ("SAME_AS", "REQUIRES")]


@pytest.mark.parametrize(
    ("same_as", "message"),
    [
        ("kubernetes/scaling-considerations/no-such-topic", "same_as: unknown topic"),
        ("extra/core/other", "is in the same roadmap"),
    ],
)
def test_bad_same_as_names_the_file(tmp_path, same_as, message):
    topics = [{"name": "Basics", "same_as": [same_as]}, {"name": "Other"}]
    write_yaml(tmp_path / "p" / "extra.yaml", roadmap_doc(topics=topics))
    with pytest.raises(PluginError, match=message) as info:
        kgraph.load_graph([tmp_path / "p"], use_entry_points=False, use_env=False)
    assert "extra.yaml" in str(info.value)


def test_show_lists_match_flags_and_origin(run, imported):
    shown = run("-q", "--plugins", imported, "show", IMPORTED_HPA)
    assert shown.exit_code == 0, shown.output
    assert f"same as       Horizontal Pod Autoscaler (HPA) ({HPA})" in shown.stdout
    assert "origin        roadmap.sh node S1, parent drawn" in shown.stdout
    back = run("-q", "--plugins", imported, "show", HPA)
    assert f"({IMPORTED_HPA})" in back.stdout  # the built-in topic names its imported twin


def test_empty_prefix_links_nothing(tmp_path):
    """With no prefix the import is 'kubernetes' itself: nothing to link to but itself."""
    out = tmp_path / "out"
    (summary,) = import_roadmapsh(_checkout(tmp_path / "c"), out, roadmaps=["kubernetes"], id_prefix="")
    assert summary.linked == 0
    G = kgraph.load_graph([out], builtin=False, use_entry_points=False, use_env=False)
    assert "topic:kubernetes/topics/autoscaling/horizontal-pod-autoscaler-hpa" in G
