"""Invalid plugin files: exit code 2, one line per problem naming the file and place, no traceback."""

from __future__ import annotations

import json

import pytest

from kgraph.errors import PluginError
from kgraph.plugins.load import load_plugins
from tests.conftest import roadmap_doc, write_yaml


def _check_failure(result, *fragments):
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr
    assert result.stdout == ""


def test_yaml_syntax_error_names_file_line_and_column(run, tmp_path):
    bad = tmp_path / "plugins" / "broken.yaml"
    bad.parent.mkdir()
    bad.write_text("id: broken\nname: Broken\ncategories:\n  - name: [unclosed\n", encoding="utf-8")
    result = run("info", "--plugins", bad.parent)
    _check_failure(result, "broken.yaml:5:1: YAML error")


def test_wrong_type_names_key_path_and_line(run, tmp_path):
    doc = roadmap_doc()
    doc["categories"][0]["topics"][1]["effort_hours"] = "lots"
    write_yaml(tmp_path / "p" / "extra.yaml", doc)
    result = run("validate", "--plugins", tmp_path / "p")
    _check_failure(result, "extra.yaml:13:19: categories[0].topics[1].effort_hours: expected number, got string")


def test_missing_required_field(run, tmp_path):
    doc = roadmap_doc()
    del doc["categories"][0]["topics"][0]["name"]
    write_yaml(tmp_path / "p" / "extra.yaml", doc)
    result = run("info", "--plugins", tmp_path / "p")
    _check_failure(result, "extra.yaml:", "categories[0].topics[0]: missing required field 'name'")


def test_duplicate_roadmap_id_names_both_sources(run, tmp_path):
    write_yaml(tmp_path / "a" / "one.yaml", roadmap_doc("dup"))
    write_yaml(tmp_path / "b" / "two.yaml", roadmap_doc("dup"))
    result = run("plugins", "--plugins", tmp_path / "a", "--plugins", tmp_path / "b")
    _check_failure(result, "two.yaml:1:5: id: duplicate roadmap id 'dup': also defined in", "one.yaml")


def test_duplicate_of_a_builtin_roadmap(run, tmp_path):
    write_yaml(tmp_path / "p" / "k8s.yaml", roadmap_doc("kubernetes"))
    result = run("info", "--plugins", tmp_path / "p")
    _check_failure(result, "k8s.yaml:1:5", "duplicate roadmap id 'kubernetes'", "data/roadmaps/kubernetes.yaml")


def test_every_problem_is_reported_one_per_line(run, tmp_path):
    doc = roadmap_doc()
    doc["colour"] = "blue"
    doc["categories"][0]["topics"][0]["level"] = "guru"
    doc["categories"][0]["topics"][1]["name"] = 7
    write_yaml(tmp_path / "p" / "extra.yaml", doc)
    result = run("validate", "--plugins", tmp_path / "p")
    _check_failure(
        result, "unknown field 'colour'", "level: must be one of beginner", "name: expected string, got integer 7"
    )
    assert len(result.stderr.strip().splitlines()) == 3


def test_validate_json_lists_problems(run, tmp_path):
    doc = roadmap_doc()
    doc["categories"][0]["topics"][0]["effort_hours"] = -1
    write_yaml(tmp_path / "p" / "extra.yaml", doc)
    result = run("validate", "--format", "json", tmp_path / "p")
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert report["ok"] is False
    [problem] = report["problems"]
    assert problem["where"] == "categories[0].topics[0].effort_hours"
    assert problem["line"] == 10 and problem["source"].endswith("extra.yaml")


def test_validate_ok(run, tmp_path):
    write_yaml(tmp_path / "p" / "extra.yaml", roadmap_doc())
    result = run("validate", tmp_path / "p")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok: ")


def test_dangling_prerequisite_suggests_closest(run, tmp_path):
    doc = roadmap_doc()
    doc["categories"][0]["topics"][1]["requires"] = ["extra/core/basic"]
    write_yaml(tmp_path / "p" / "extra.yaml", doc)
    result = run("validate", tmp_path / "p")
    _check_failure(
        result,
        "extra.yaml:15:7: categories[0].topics[1].requires[0]: unknown prerequisite 'extra/core/basic'",
        "closest: extra/core/basics",
    )


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "file is empty"),
        (b"id: x\n\tname: y\n", "YAML error"),
        (b"id: \xff\xfe\n", "not valid UTF-8 (byte 0xff)"),
        (b"a: &a [1]\nb: *a\n", "anchors and aliases are not allowed"),
        (b"id: x\nid: y\n", "duplicate key 'id'"),
        (b"!!python/object:os.system x\n", "YAML error"),
        (b"- just\n- a list\n", "expected object, got list"),
    ],
)
def test_malformed_files_fail_cleanly(tmp_path, content, fragment):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "bad.yaml").write_bytes(content)
    with pytest.raises(PluginError) as info:
        load_plugins([folder], builtin=False, use_entry_points=False)
    assert fragment in str(info.value)
    assert "bad.yaml" in str(info.value)


def test_bom_is_accepted(tmp_path):
    folder = tmp_path / "p"
    write_yaml(folder / "extra.yaml", roadmap_doc())
    (folder / "extra.yaml").write_bytes(b"\xef\xbb\xbf" + (folder / "extra.yaml").read_bytes())
    plugins = load_plugins([folder], builtin=False, use_entry_points=False)
    assert [r.id for r in plugins.roadmaps] == ["extra"]


def _knowledge_doc(**requirement) -> dict:
    """A roadmap whose topic 'Next' has one requirement with the given keys."""
    topics = [
        {"name": "Basics", "level": "beginner", "effort_hours": 4},
        {"name": "Cloud", "level": "beginner", "effort_hours": 2, "vendor": "bigcloud"},
        {"name": "Next", "level": "intermediate", "effort_hours": 3, "requires": [requirement]},
    ]
    return roadmap_doc(topics=topics)


@pytest.mark.parametrize(
    ("requirement", "place", "message"),
    [
        ({"topic": "extra/core/basics", "strength": "sometimes"}, ".strength", "must be one of essential, recommended"),
        ({"topic": "extra/core/basics", "needs": "a bit", "hours": -1}, ".hours", "must be more than 0 (got -1)"),
        (
            {"topic": "extra/core/basics", "needs": "a bit", "hours": 6},
            ".hours",
            "hours 6 is more than the effort of 'extra/core/basics' (4 h)",
        ),
        (
            {"any_of": ["extra/core/basics", "extra/core/cloud"], "default": "extra/core/next", "reason": "r"},
            ".default",
            "default 'extra/core/next' is not a member of the group (extra/core/basics, extra/core/cloud)",
        ),
    ],
)
def test_bad_knowledge_keys_name_file_place_and_key_path(run, tmp_path, requirement, place, message):
    write_yaml(tmp_path / "p" / "extra.yaml", _knowledge_doc(**requirement))
    result = run("validate", "--plugins", tmp_path / "p")
    _check_failure(result, f"categories[0].topics[2].requires[0]{place}: {message}")
    import re

    assert re.search(r"extra\.yaml:\d+:\d+: categories", result.stderr), result.stderr


def test_knowledge_keys_load_into_the_graph(tmp_path):
    doc = _knowledge_doc(any_of=["extra/core/basics", "extra/core/cloud"], default="extra/core/basics", reason="r")
    doc["categories"][0]["topics"][2]["requires"].append(
        {"topic": "extra/core/basics", "strength": "recommended", "needs": "a bit", "hours": 1.5, "reason": "helps"}
    )
    doc["categories"][0]["topics"][2]["requires"][0]["any_of"] = ["extra/core/cloud", "other/core/basics"]
    doc["categories"][0]["topics"][2]["requires"][0]["default"] = "other/core/basics"
    doc["vendor"] = "acme"
    write_yaml(tmp_path / "p" / "extra.yaml", doc)
    write_yaml(tmp_path / "p" / "other.yaml", roadmap_doc("other"))
    G = load_plugins_graph(tmp_path / "p")
    assert G.nodes["topic:extra/core/basics"]["vendor"] == "acme", "the roadmap's vendor is the default"
    assert G.nodes["topic:extra/core/cloud"]["vendor"] == "bigcloud"
    assert G.nodes["topic:other/core/basics"]["vendor"] == "neutral"
    edges = {v: d for _, v, d in G.out_edges("topic:extra/core/next", data=True) if d["kind"] == "REQUIRES"}
    assert edges["topic:extra/core/basics"] | {} == {
        "kind": "REQUIRES",
        "reason": "helps",
        "strength": "recommended",
        "needs": "a bit",
        "hours": 1.5,
    }
    group = edges["topic:other/core/basics"]
    assert group["default"] == "topic:other/core/basics" == edges["topic:extra/core/cloud"]["default"]
    assert group["strength"] == "essential" and group["group"] == edges["topic:extra/core/cloud"]["group"]


def load_plugins_graph(folder):
    import kgraph

    return kgraph.load_graph([folder], builtin=False, use_entry_points=False, cache=False)


def test_vendor_rule_warns_and_strict_fails(run, tmp_path):
    doc = _knowledge_doc(topic="extra/core/cloud", reason="only one cloud")
    doc["categories"][0]["topics"][0]["requires"] = [
        {"any_of": ["extra/core/cloud", "extra/core/next"], "reason": "no default here"}
    ]
    doc["categories"][0]["topics"][2]["requires"] = [{"topic": "extra/core/cloud", "reason": "only one cloud"}]
    write_yaml(tmp_path / "p" / "extra.yaml", doc)
    lenient = run("validate", "--no-builtin", tmp_path / "p")
    assert lenient.exit_code == 0, lenient.output
    assert "(2 warnings)" in lenient.stdout
    warnings = lenient.stderr.strip().splitlines()
    assert len(warnings) == 2 and all(w.startswith("kgraph: warning: ") for w in warnings)
    assert any(
        "categories[0].topics[2].requires[0]: a vendor-neutral topic has an essential prerequisite of vendor "
        "bigcloud: 'extra/core/cloud'" in w
        for w in warnings
    ), warnings
    assert any("categories[0].topics[0].requires[0]: any_of group has no default" in w for w in warnings)
    strict = run("validate", "--strict", "--no-builtin", tmp_path / "p")
    _check_failure(strict, "extra.yaml:", "vendor bigcloud", "has no default")
    as_json = run("validate", "--no-builtin", tmp_path / "p", "--format", "json")
    data = json.loads(as_json.stdout)
    assert data["ok"] is True and data["problems"] == [] and len(data["warnings"]) == 2


def test_vendor_rule_accepts_a_choice_and_recommended_edges(run, tmp_path):
    doc = _knowledge_doc(
        any_of=["extra/core/cloud", "extra/core/basics"], default="extra/core/basics", reason="any platform"
    )
    doc["categories"][0]["topics"].append({"name": "Cloud Two", "effort_hours": 1, "vendor": "bigcloud"})
    doc["categories"][0]["topics"][2]["requires"].append(
        {"topic": "extra/core/cloud-two", "strength": "recommended", "reason": "a common choice"}
    )
    write_yaml(tmp_path / "p" / "extra.yaml", doc)
    result = run("validate", "--strict", "--no-builtin", tmp_path / "p")
    assert result.exit_code == 0 and result.stderr == "", result.output


def test_a_group_member_can_need_a_part_of_its_own(run, tmp_path):
    doc = _knowledge_doc(
        any_of=["extra/core/basics", {"topic": "extra/core/cloud", "needs": "a managed database", "hours": 1}],
        default="extra/core/basics",
        needs="run a server in a container",
        hours=2,
        reason="a database to practise on",
    )
    write_yaml(tmp_path / "p" / "extra.yaml", doc)
    G = load_plugins_graph(tmp_path / "p")
    edges = {v: d for _, v, d in G.out_edges("topic:extra/core/next", data=True) if d["kind"] == "REQUIRES"}
    assert (edges["topic:extra/core/basics"]["needs"], edges["topic:extra/core/basics"]["hours"]) == (
        "run a server in a container",
        2,
    )
    assert (edges["topic:extra/core/cloud"]["needs"], edges["topic:extra/core/cloud"]["hours"]) == (
        "a managed database",
        1,
    )
    import kgraph

    plan = kgraph.learning_plan(G, ["topic:extra/core/next"], prefer=["bigcloud"])
    cloud = next(s for s in plan.steps if s.topic == "topic:extra/core/cloud")
    assert (cloud.effort_hours, cloud.part) == (1, "a managed database")
    assert plan.choices[0].remaining_effort == {"topic:extra/core/basics": 2, "topic:extra/core/cloud": 1}
    doc["categories"][0]["topics"][2]["requires"][0]["any_of"][1]["hours"] = 3
    write_yaml(tmp_path / "p" / "extra.yaml", doc)
    result = run("validate", "--plugins", tmp_path / "p")
    _check_failure(result, "categories[0].topics[2].requires[0].any_of[1].hours: hours 3 is more than the effort")


def test_validating_a_folder_kgraph_loads_anyway_checks_each_file_once(run):
    from kgraph.plugins.discovery import builtin_data_dir

    result = run("validate", builtin_data_dir())
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok: 10 files, 445 topics")
