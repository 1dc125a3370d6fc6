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
