"""`kgraph team matrix | risks | plan`: outputs agree with the API, bad input is one line."""

from __future__ import annotations

import csv
import io
import json

import pytest

from kgraph.analysis.team import team_matrix, team_risks
from kgraph.analysis.team_plan import team_plan
from tests.analysis.test_team import HPA, MODULES, TEAM, write_team


@pytest.fixture
def team_dir(tmp_path):
    return write_team(tmp_path / "team")


def test_matrix_json_and_csv_agree_with_the_api(run, builtin_graph, team_dir):
    api = team_matrix(builtin_graph, TEAM)
    out = run("-q", "team", "matrix", "--team", team_dir, "--format", "json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["people"] == sorted(TEAM) and data["cells"] == api.cells
    assert data["coverage"] == api.coverage_rows()
    rows = list(csv.DictReader(io.StringIO(run("-q", "team", "matrix", "--team", team_dir, "--format", "csv").stdout)))
    assert {r["topic"]: r["ana"] for r in rows if r["ana"]} == TEAM["ana"]
    table = run("-q", "team", "matrix", "--team", team_dir, "--roadmap", "docker")
    assert "Ana Lima" in table.stdout and "Compute Services" not in table.stdout


def test_env_var_names_the_team(run, team_dir):
    out = run("-q", "team", "risks", "--format", "json", env={"KGRAPH_TEAM": str(team_dir)})
    assert out.exit_code == 0, out.output
    assert {r["holder"] for r in json.loads(out.stdout)["single"]} >= {"ana", "bo", "cy"}


def test_risks_and_plan_agree_with_the_api(run, builtin_graph, team_dir):
    risks = json.loads(
        run("-q", "team", "risks", "--team", team_dir, "--target", "kubernetes:HPA", "--format", "json").stdout
    )
    api = team_risks(builtin_graph, TEAM, [HPA])
    assert [r["topic"] for r in risks["single"]] == [s.topic for s in api.single]
    assert [g["topic"] for g in risks["gaps"]] == [g.topic for g in api.gaps]
    out = run("-q", "team", "plan", "kubernetes:HPA", "terraform:Modules", "--team", team_dir, "--format", "json")
    plan = json.loads(out.stdout)
    hours = {"ana": 4, "bo": 6, "cy": 5, "dee": 5}  # team.yaml, else the default 5
    expected = team_plan(builtin_graph, TEAM, [HPA, MODULES], hours_per_week=hours)
    assert [(a["topic"], a["member"]) for a in plan["assignments"]] == [
        (a.topic, a.member) for a in expected.assignments
    ]
    table = run("-q", "team", "plan", "kubernetes:HPA", "--team", team_dir, "--hours-per-week", "2")
    assert table.exit_code == 0 and "By member" in table.stdout and "Ana Lima" in table.stdout


def test_unknown_topic_warns_and_goes_on(run, tmp_path):
    folder = write_team(tmp_path / "t", {"ana": {HPA: "done", "topic:kubernetes/nope/hpaa": "done"}}, None)
    out = run("-q", "team", "matrix", "--team", folder)
    assert out.exit_code == 0 and "Horizontal Pod Autoscaler" in out.stdout
    assert "kgraph: warning:" in out.stderr and "unknown topic 'topic:kubernetes/nope/hpaa'" in out.stderr


@pytest.mark.parametrize(
    ("files", "code", "expected"),
    [
        ({}, 2, "no progress files"),
        ({"a.yaml": "topics: {}\n", "A.yaml": "topics: {}\n"}, 2, "a second file for"),
        ({"a.yaml": b"\xff\xfe\x00"}, 2, "a.yaml"),
        (None, 3, "team folder does not exist"),
    ],
)
def test_bad_team_is_one_line(run, tmp_path, files, code, expected):
    folder = tmp_path / "t"
    if files is not None:
        folder.mkdir()
        for name, text in files.items():
            (folder / name).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    out = run("-q", "team", "matrix", "--team", folder)
    assert out.exit_code == code and expected in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr


def test_bad_options_are_usage_errors(run, team_dir):
    assert run("-q", "team", "matrix").exit_code == 2  # no --team and no KGRAPH_TEAM
    out = run("-q", "team", "plan", "kubernetes:HPA", "--team", team_dir, "--hours-per-week", "0")
    assert out.exit_code == 2 and "--hours-per-week" in out.stderr
    out = run("-q", "team", "matrix", "--team", team_dir, "--category", "docker/nothing")
    assert out.exit_code == 2 and "no such category" in out.stderr
