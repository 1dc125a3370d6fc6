"""Graph build from plugin data: inheritance, any-of groups, cycles, dangling references."""

from __future__ import annotations

import gc

import pytest

import kgraph
from kgraph.errors import CycleError, PluginError
from kgraph.model.build import _has_cycle
from tests.conftest import roadmap_doc, write_yaml


def _load(folder):
    return kgraph.load_graph([folder], builtin=False, use_entry_points=False)


def test_subtopics_inherit_level_and_effort(tmp_path):
    topics = [
        {"name": "Parent", "level": "advanced", "effort_hours": 6, "subtopics": [{"name": "Child"}]},
    ]
    G = _load(write_yaml(tmp_path / "p" / "x.yaml", roadmap_doc("x", topics)).parent)
    child = G.nodes["topic:x/core/parent/child"]
    assert (child["level"], child["effort_hours"], child["parent"]) == ("advanced", 6, "topic:x/core/parent")
    assert G.has_edge("topic:x/core/parent/child", "topic:x/core/parent", key="PART_OF")


def test_any_of_group_becomes_grouped_edges(tmp_path):
    topics = [
        {"name": "A", "level": "beginner", "effort_hours": 1},
        {"name": "B", "level": "beginner", "effort_hours": 1},
        {
            "name": "C",
            "level": "intermediate",
            "effort_hours": 1,
            "requires": [{"any_of": ["x/core/a", "x/core/b"], "reason": "either"}],
        },
    ]
    G = _load(write_yaml(tmp_path / "p" / "x.yaml", roadmap_doc("x", topics)).parent)
    edges = [
        (v, d["group"], d["reason"]) for _, v, d in G.out_edges("topic:x/core/c", data=True) if d["kind"] == "REQUIRES"
    ]
    assert sorted(edges) == [("topic:x/core/a", "x/core/c#0", "either"), ("topic:x/core/b", "x/core/c#0", "either")]


def test_cycle_names_topics_in_order_and_place(tmp_path, run):
    topics = [
        {"name": "A", "requires": ["x/core/c"]},
        {"name": "B", "requires": ["x/core/a"]},
        {"name": "C", "requires": ["x/core/b"]},
    ]
    folder = write_yaml(tmp_path / "p" / "x.yaml", roadmap_doc("x", topics)).parent
    with pytest.raises(CycleError) as info:
        _load(folder)
    cycle = info.value.cycle
    assert sorted(cycle) == ["x/core/a", "x/core/b", "x/core/c"]
    start = cycle.index("x/core/a")
    assert cycle[start:] + cycle[:start] == ["x/core/a", "x/core/c", "x/core/b"]
    result = run("validate", "--no-builtin", folder)
    assert result.exit_code == 2
    assert "x.yaml:" in result.stderr and "prerequisite cycle: x/core/" in result.stderr
    assert "Traceback" not in result.output


def test_self_requirement_and_duplicates(tmp_path):
    topics = [
        {"name": "A", "requires": ["x/core/a"]},
        {"name": "B", "requires": ["x/core/a", "x/core/a"]},
    ]
    with pytest.raises(PluginError) as info:
        _load(write_yaml(tmp_path / "p" / "x.yaml", roadmap_doc("x", topics)).parent)
    text = str(info.value)
    assert "requires itself" in text and "listed twice" in text


def test_duplicate_topic_names_in_a_category(tmp_path):
    topics = [{"name": "Same"}, {"name": "same"}]
    with pytest.raises(PluginError, match="duplicate topic id 'topic:x/core/same'"):
        _load(write_yaml(tmp_path / "p" / "x.yaml", roadmap_doc("x", topics)).parent)


def test_cross_plugin_prerequisite(tmp_path):
    doc = roadmap_doc("gitops", [{"name": "Argo CD", "requires": ["kubernetes/core-competencies/core-objects"]}])
    G = kgraph.load_graph([write_yaml(tmp_path / "p" / "g.yaml", doc).parent], use_entry_points=False)
    assert G.has_edge("topic:gitops/core/argo-cd", "topic:kubernetes/core-competencies/core-objects", key="REQUIRES")


@pytest.mark.parametrize(
    ("edges", "cyclic"),
    [
        ([], False),
        ([("a", "b"), ("b", "c"), ("a", "c")], False),
        ([("a", "b"), ("b", "c"), ("c", "a"), ("x", "a")], True),
        ([("x", "y"), ("y", "x")], True),
    ],
)
def test_has_cycle(edges, cyclic):
    assert _has_cycle(edges) is cyclic


@pytest.mark.parametrize("enabled", [True, False])
def test_building_leaves_the_garbage_collector_as_it_was(tmp_path, enabled):
    topics = [{"name": "A", "requires": ["x/core/b"]}, {"name": "B", "requires": ["x/core/a"]}]
    good = write_yaml(tmp_path / "good" / "x.yaml", roadmap_doc("x")).parent
    bad = write_yaml(tmp_path / "bad" / "x.yaml", roadmap_doc("x", topics)).parent
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        _load(good)
        assert gc.isenabled() is enabled
        with pytest.raises(CycleError):
            _load(bad)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
