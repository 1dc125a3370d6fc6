"""The analysis commands on a small plugin: formats, exit codes, progress files."""

from __future__ import annotations

import csv
import json

import pytest
import yaml

from tests.conftest import write_yaml

TOPICS = [
    {"name": "Linux", "level": "beginner", "effort_hours": 4},
    {
        "name": "Containers",
        "level": "beginner",
        "effort_hours": 3,
        "requires": [{"topic": "mini/core/linux", "reason": "namespaces and cgroups"}],
    },
    {"name": "Orchestration", "level": "intermediate", "effort_hours": 6, "requires": ["mini/core/containers"]},
    {"name": "Island", "level": "beginner", "effort_hours": 1},
]


@pytest.fixture
def mini(tmp_path):
    doc = {"id": "mini", "name": "Mini", "categories": [{"id": "core", "name": "Core", "topics": TOPICS}]}
    folder = write_yaml(tmp_path / "mini" / "mini.yaml", doc).parent
    return ["--no-builtin", "--plugins", str(folder)]


def test_path_table_json_csv(run, mini):
    table = run(*mini, "path", "Linux", "Orchestration")
    assert table.exit_code == 0, table.output
    assert "Path 1: prerequisite chain, 2 steps" in table.stdout
    assert "namespaces and cgroups" in table.stdout
    [path] = json.loads(run(*mini, "path", "Linux", "Orchestration", "--format", "json").stdout)
    assert [s["topic"] for s in path["steps"]] == [
        "topic:mini/core/linux",
        "topic:mini/core/containers",
        "topic:mini/core/orchestration",
    ]
    rows = list(csv.DictReader(run(*mini, "path", "linux", "orchestration", "--format", "csv").stdout.splitlines()))
    assert [r["name"] for r in rows] == ["Linux", "Containers", "Orchestration"]


def test_no_path_is_exit_1(run, mini):
    result = run(*mini, "path", "Island", "Orchestration")
    assert result.exit_code == 1
    assert "no prerequisite chain leads from topic:mini/core/island" in result.stderr
    related = run(*mini, "path", "Island", "Orchestration", "--any-edge")
    assert related.exit_code == 0 and "relatedness path over any edge" in related.stdout


def test_unknown_and_ambiguous_topics_are_exit_2(run, mini):
    unknown = run(*mini, "plan", "Kubernetes")
    assert unknown.exit_code == 2 and "unknown topic 'Kubernetes'" in unknown.stderr
    assert run("path", "Horizontal Scaling", "RBAC").exit_code == 2


def test_plan_formats_and_known(run, mini):
    result = run(*mini, "plan", "Orchestration", "--no-progress")
    assert result.exit_code == 0
    assert "Plan for Orchestration: 3 topics, 13 h in 3 stages" in result.stdout
    data = json.loads(
        run(*mini, "plan", "Orchestration", "--known", "Containers", "--format", "json", "--no-progress").stdout
    )
    assert [s["topic"] for stage in data["stages"] for s in stage] == ["topic:mini/core/orchestration"]
    assert data["total_effort_hours"] == 6
    rows = list(
        csv.DictReader(run(*mini, "plan", "Orchestration", "--format", "csv", "--no-progress").stdout.splitlines())
    )
    assert [r["order"] for r in rows] == ["1", "2", "3"]


def test_progress_mark_show_and_use(run, mini, tmp_path, monkeypatch):
    progress = tmp_path / "progress.yaml"
    monkeypatch.setenv("KGRAPH_PROGRESS", str(progress))
    assert run(*mini, "progress", "mark", "Linux", "done").exit_code == 0
    assert run(*mini, "progress", "mark", "Containers", "learning").exit_code == 0
    entries = yaml.safe_load(progress.read_text())["topics"]
    assert {t: e["state"] for t, e in entries.items()} == {
        "topic:mini/core/containers": "learning",
        "topic:mini/core/linux": "done",
    }
    assert all(e["changed"].endswith("Z") for e in entries.values())
    assert set(entries["topic:mini/core/containers"]) == {"state", "changed", "started"}
    shown = json.loads(run(*mini, "progress", "show", "--format", "json").stdout)
    assert shown["by_roadmap"][0]["done"] == 1 and shown["by_roadmap"][0]["percent_done"] == 25.0
    plan = run(*mini, "plan", "Orchestration", "--format", "json")
    assert "using progress from" in plan.stderr
    steps = [s for stage in json.loads(plan.stdout)["stages"] for s in stage]
    assert [(s["name"], s["status"]) for s in steps] == [("Containers", "learning"), ("Orchestration", None)]
    nxt = json.loads(run(*mini, "next", "--format", "json").stdout)
    assert nxt["items"][0]["name"] == "Containers"
    assert run(*mini, "progress", "mark", "Linux", "clear").exit_code == 0
    assert "topic:mini/core/linux" not in progress.read_text()


def test_bad_progress_file(run, mini, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("topics:\n  topic:mini/core/linux: mastered\n")
    result = run(*mini, "plan", "Orchestration", "--progress", bad)
    assert result.exit_code == 2
    assert f"{bad}:2: state 'mastered'" in result.stderr
    bad.write_text("topics:\n  topic:mini/core/nothing: done\n")
    result = run(*mini, "next", "--progress", bad)
    assert result.exit_code == 2 and "unknown topic 'topic:mini/core/nothing'" in result.stderr


def test_order_and_cycle(run, mini, tmp_path):
    result = json.loads(run(*mini, "order", "--format", "json").stdout)
    assert [len(stage) for stage in result["stages"]] == [2, 1, 1]
    assert run(*mini, "order", "--roadmap", "nope").exit_code == 2


def test_centrality_formats(run, mini):
    rows = json.loads(run(*mini, "centrality", "--metric", "degree", "--format", "json").stdout)["items"]
    assert rows[0]["name"] == "Containers"
    table = run(*mini, "centrality", "--kind", "topic", "--top", "2")
    assert table.exit_code == 0 and len(table.stdout.strip().splitlines()) == 4
