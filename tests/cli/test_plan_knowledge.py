"""The knowledge layer through the CLI: parts, recommended extras, choices and preferences,
``kgraph audit`` and ``kgraph show`` on a small plugin."""

from __future__ import annotations

import csv
import json

import pytest

from tests.conftest import write_yaml

TOPICS = [
    {"name": "Shell", "level": "beginner", "effort_hours": 10},
    {"name": "Theory", "level": "beginner", "effort_hours": 5},
    {"name": "Local Cluster", "level": "beginner", "effort_hours": 2},
    {"name": "Cloud Cluster", "level": "beginner", "effort_hours": 1, "vendor": "bigcloud"},
    {
        "name": "Images",
        "level": "beginner",
        "effort_hours": 4,
        "requires": [{"topic": "kn/core/shell", "needs": "shell basics", "hours": 3, "reason": "RUN lines"}],
    },
    {
        "name": "Scaling",
        "level": "intermediate",
        "effort_hours": 3,
        "requires": [
            {"topic": "kn/core/images", "reason": "pods run images"},
            {"topic": "kn/core/theory", "strength": "recommended", "reason": "the idea behind it"},
            {
                "any_of": ["kn/core/local-cluster", "kn/core/cloud-cluster"],
                "default": "kn/core/local-cluster",
                "reason": "a cluster: local by default, or managed",
            },
        ],
    },
]


@pytest.fixture
def kn(tmp_path):
    doc = {"id": "kn", "name": "Kn", "categories": [{"id": "core", "name": "Core", "topics": TOPICS}]}
    folder = write_yaml(tmp_path / "kn" / "kn.yaml", doc).parent
    return ["--no-builtin", "--plugins", str(folder)]


def test_plan_table_shows_parts_choices_and_extras_apart(run, kn):
    result = run(*kn, "plan", "Scaling", "--no-progress")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Plan for Scaling: 4 topics, 12 h in 3 stages\n")
    shell = next(line for line in out.splitlines() if line.startswith("2  Shell"))
    assert shell.split()[4:] == ["3", "shell", "basics", "(of", "10", "h)", "Images:", "RUN", "lines"]
    assert (
        "  Scaling: Local Cluster (default; a cluster: local by default, or managed); alternatives: Cloud Cluster"
        in out
    )
    assert "Also useful (recommended, not in the total; --with-recommended adds them): 1 topic" in out
    assert "Theory" in out.split("Also useful")[1] and "Theory" not in out.split("Also useful")[0]


def test_with_recommended_adds_and_marks_the_extras(run, kn):
    result = run(*kn, "plan", "Scaling", "--with-recommended", "--no-progress")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Plan for Scaling: 5 topics, 17 h in 3 stages\n")
    assert "  of which recommended extras: 1 topic, 5 h" in result.stdout
    assert "recommended for Scaling: the idea behind it" in result.stdout
    assert "Also useful" not in result.stdout


def test_prefer_takes_a_vendor_and_says_so(run, kn):
    result = run(*kn, "plan", "Scaling", "--prefer", "bigcloud", "--no-progress")
    assert result.exit_code == 0, result.output
    assert "  Scaling: Cloud Cluster (preferred: --prefer bigcloud); alternatives: Local Cluster" in result.stdout
    assert "Local Cluster" not in result.stdout.split("Choices")[0]
    unused = run(*kn, "plan", "Images", "--prefer", "bigcloud", "--no-progress")
    assert "--prefer bigcloud: no choice in this plan offers it" in unused.stderr
    bad = run(*kn, "plan", "Scaling", "--prefer", "nowhere", "--no-progress")
    assert bad.exit_code == 2 and bad.stdout == ""
    assert bad.stderr.startswith("kgraph: unknown preference 'nowhere': not a roadmap (kn), a vendor (bigcloud)")
    assert len(bad.stderr.strip().splitlines()) == 1


def test_plan_json_and_csv_pair_each_dependent_with_its_reason(run, kn):
    data = json.loads(run(*kn, "plan", "Scaling", "--format", "json", "--no-progress").stdout)
    steps = {s["name"]: s for stage in data["stages"] for s in stage}
    assert steps["Shell"]["needed_by"] == [
        {"topic": "topic:kn/core/images", "reason": "RUN lines", "strength": "essential", "needs": "shell basics"}
    ]
    assert (steps["Shell"]["effort_hours"], steps["Shell"]["topic_hours"], steps["Shell"]["part"]) == (
        3,
        10,
        "shell basics",
    )
    assert data["total_effort_hours"] == 12
    assert [e["topic"] for e in data["also_useful"]] == ["topic:kn/core/theory"]
    [choice] = data["choices"]
    assert (choice["rule"], choice["default"], choice["chosen"]) == (
        "default",
        "topic:kn/core/local-cluster",
        "topic:kn/core/local-cluster",
    )
    rows = list(csv.DictReader(run(*kn, "plan", "Scaling", "--format", "csv", "--no-progress").stdout.splitlines()))
    shell = next(r for r in rows if r["name"] == "Shell")
    assert json.loads(shell["needed_by"]) == steps["Shell"]["needed_by"]
    assert (shell["effort_hours"], shell["topic_hours"], shell["part"]) == ("3", "10", "shell basics")


def test_show_gives_strength_part_and_group(run, kn):
    result = run(*kn, "show", "Scaling")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any("essential, any of (default)" in line and "Local Cluster" in line for line in lines)
    assert any("essential, any of " in line and "Cloud Cluster" in line and "(default)" not in line for line in lines)
    assert any(line.split()[:3] == ["out", "REQUIRES", "recommended"] and "Theory" in line for line in lines)
    images = run(*kn, "show", "Images").stdout
    assert "essential, part 3 h" in images
    assert "vendor        neutral" in images
    data = json.loads(run(*kn, "show", "Images", "--format", "json").stdout)
    [edge] = [n for n in data["neighbours"] if n["edge"] == "REQUIRES" and n["direction"] == "out"]
    assert (edge["strength"], edge["needs"], edge["hours"]) == ("essential", "shell basics", 3)


def test_audit_reports_edges_plans_hubs_and_rules(run, kn):
    data = json.loads(run(*kn, "audit", "--format", "json").stdout)
    assert data["edges"] == {
        "requires": 5,
        "essential": 4,
        "recommended": 1,
        "partial": 1,
        "any_of_groups": 1,
        "cross_roadmap": 0,
    }
    # plans: Shell 10, Theory 5, Local 2, Cloud 1, Images 4+3=7, Scaling 3+4+3+2=12
    assert data["plans"] == {
        "count": 6,
        "mean_topics": 1.67,
        "p90_topics": 4,
        "max_topics": 4,
        "mean_hours": 6.17,
        "p90_hours": 12,
        "max_hours": 12,
    }
    assert data["hubs"][0]["name"] == "Shell" and data["hubs"][0]["plans"] == 2
    assert data["hubs"][0]["hours_added"] == 6
    assert data["warnings"] == [] and data["groups_without_default"] == []
    table = run(*kn, "audit")
    assert table.exit_code == 0 and "Vendor-rule warnings: none" in table.stdout
    assert "Any-of groups without a default: none" in table.stdout
