"""Teams: reading a team folder, the skills matrix, the bus factor and the team's plan.

Every expectation is computed from the progress files written here, never written down."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml

from kgraph.analysis.plans import learning_plan
from kgraph.analysis.prereqs import prereq_view
from kgraph.analysis.team import team_matrix, team_risks
from kgraph.analysis.team_plan import team_plan
from kgraph.errors import InputError, StoreError
from kgraph.store.team import load_team

CORE = "topic:kubernetes/core-competencies/core-objects"
RUNTIME = "topic:docker/core-competencies/container-runtime"
IMAGES = "topic:docker/core-competencies/image-building"
EC2 = "topic:aws/core-competencies/compute-services"
HCL = "topic:terraform/core-competencies/hcl-syntax"
HPA = "topic:kubernetes/scaling-considerations/horizontal-pod-autoscaler-hpa"
MODULES = "topic:terraform/core-competencies/modules"
EDGE = "topic:cloudflare/core-competencies/edge-computing"

TEAM = {  # four people: overlap on Docker, one unique expert per roadmap
    "ana": {CORE: "done", RUNTIME: "done", IMAGES: "done"},
    "bo": {RUNTIME: "done", EC2: "done", IMAGES: "learning"},
    "cy": {HCL: "learning", EDGE: "done"},
    "dee": {RUNTIME: "skipped"},
}
SETTINGS = {"members": {"ana": {"name": "Ana Lima", "hours_per_week": 4}, "bo": {"hours_per_week": 6}}}


def write_team(folder: Path, team=TEAM, settings=SETTINGS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for handle, topics in team.items():
        (folder / f"{handle}.yaml").write_text(yaml.safe_dump({"topics": topics}), encoding="utf-8")
    if settings is not None:
        (folder / "team.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    return folder


@pytest.fixture
def team_dir(tmp_path):
    return write_team(tmp_path / "team")


def test_load_team_reads_files_and_settings(builtin_graph, team_dir):
    team = load_team(team_dir, builtin_graph, hours_per_week=3)
    assert list(team) == sorted(TEAM) and all(team[h] == TEAM[h] for h in TEAM)
    assert team.names["ana"] == "Ana Lima" and team.names["cy"] == "cy"
    assert team.hours_per_week == {"ana": 4.0, "bo": 6.0, "cy": 3.0, "dee": 3.0}
    assert not team.warnings


def test_unknown_topic_is_a_warning_with_suggestions(builtin_graph, tmp_path):
    folder = write_team(tmp_path / "t", {"ana": {CORE: "done", CORE.replace("objects", "objcts"): "done"}}, None)
    team = load_team(folder, builtin_graph)
    assert team["ana"] == {CORE: "done"}
    (warning,) = team.warnings
    assert warning.startswith(f"{folder / 'ana.yaml'}:2: unknown topic") and CORE in warning


@pytest.mark.parametrize(
    ("files", "expected", "error"),
    [
        ({}, "no progress files", InputError),
        ({"a.yaml": "topics: {}\n", "A.yml": "topics: {}\n"}, "a second file for", InputError),
        ({"a.yaml": "topics: [1, 2]\n"}, "a.yaml:1: expected a mapping", InputError),
        ({"a.yaml": "topics:\n  x: maybe\n"}, "a.yaml:2: state 'maybe'", InputError),
        ({"a.yaml": "topics: {}\n", "team.yaml": "members:\n  zed: {}\n"}, "'zed' has no progress file", InputError),
        ({"a.yaml": "topics: {}\n", "team.yaml": "members:\n  a: {hours_per_week: 0}\n"}, "hours_per_week", InputError),
        ({"a.yaml": b"topics:\n  \xff: done\n"}, "not valid UTF-8", InputError),
    ],
)
def test_bad_team_folders(builtin_graph, tmp_path, files, expected, error):
    folder = tmp_path / "t"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    with pytest.raises(error, match=expected):
        load_team(folder, builtin_graph)


def test_missing_folder(builtin_graph, tmp_path):
    with pytest.raises(StoreError, match="team folder does not exist"):
        load_team(tmp_path / "nope", builtin_graph)


def test_matrix_counts_match_the_files(builtin_graph):
    matrix = team_matrix(builtin_graph, TEAM)
    rows = {r["topic"]: r for r in matrix.rows()}
    assert set(rows) == {t for p in TEAM.values() for t in p}
    for handle, progress in TEAM.items():
        assert {t: r[handle] for t, r in rows.items() if r[handle]} == progress
    for topic, row in rows.items():
        assert row["known_by"] == sum(1 for p in TEAM.values() if p.get(topic) == "done")
    by_roadmap = {c.roadmap: c for c in matrix.coverage}
    G = builtin_graph
    for rid, cov in by_roadmap.items():
        topics = [n for n, d in G.nodes(data=True) if d.get("kind") == "topic" and d["roadmap"] == rid]
        done = {t for p in TEAM.values() for t, s in p.items() if s == "done" and t in topics}
        per_person = [sum(1 for t in topics if p.get(t) == "done") for p in TEAM.values()]
        assert (cov.topics, cov.covered) == (len(topics), len(done))
        assert cov.coverage == round(100 * len(done) / len(topics), 1)
        assert cov.mean_per_person == round(100 * sum(per_person) / (len(topics) * len(TEAM)), 1)


def test_matrix_filters(builtin_graph):
    docker = team_matrix(builtin_graph, TEAM, roadmap="roadmap:docker", all_topics=True)
    assert {r["roadmap"] for r in docker.rows()} == {"roadmap:docker"} and [c.roadmap for c in docker.coverage] == [
        "roadmap:docker"
    ]
    assert len(docker.rows()) == docker.coverage[0].topics
    beginners = team_matrix(builtin_graph, TEAM, level="beginner")
    assert all(builtin_graph.nodes[r["topic"]]["level"] == "beginner" for r in beginners.rows())
    with pytest.raises(InputError, match="level 'guru'"):
        team_matrix(builtin_graph, TEAM, level="guru")
    with pytest.raises(InputError, match="no members"):
        team_matrix(builtin_graph, {})


def test_risks_list_exactly_the_single_holder_topics(builtin_graph):
    risks = team_risks(builtin_graph, TEAM, [HPA])
    single = {t for t in {t for p in TEAM.values() for t in p} if sum(p.get(t) == "done" for p in TEAM.values()) == 1}
    assert {s.topic for s in risks.single} == single
    reach = prereq_view(builtin_graph).reach_counts()
    assert all(s.dependents == reach[s.topic] for s in risks.single)
    flags = [s.needed_by_targets for s in risks.single]
    assert flags == sorted(flags, reverse=True)  # what the targets need comes first
    assert next(s for s in risks.single if s.topic == CORE).needed_by_targets
    known = [t for p in TEAM.values() for t, s in p.items() if s == "done"]
    assert [g.topic for g in risks.gaps] == learning_plan(builtin_graph, [HPA], known=known).topics
    assert {r.holder for r in risks.roadmaps} == {"ana", "bo", "cy"}  # kubernetes, aws, cloudflare


def test_team_plan_covers_assigns_once_and_keeps_weekly_hours(builtin_graph):
    hours = {"ana": 4, "bo": 6, "cy": 5, "dee": 3}
    result = team_plan(builtin_graph, TEAM, [HPA, MODULES], hours_per_week=hours)
    known = [t for p in TEAM.values() for t, s in p.items() if s == "done"]
    wanted = learning_plan(builtin_graph, [HPA, MODULES], known=known).topics
    assert [a.topic for a in result.assignments] == wanted  # every topic nobody knows, once, in order
    for member in result.members:
        mine = [a for a in result.assignments if a.member == member.handle]
        total = sum(a.hours + a.catch_up_hours for a in mine)
        assert math.isclose(member.total_hours, total)
        assert member.finish_week == (math.ceil(total / hours[member.handle] - 1e-9) if mine else 0)
        clock = 0.0
        for a in mine:  # one after another at the member's pace: no week holds more than their hours
            assert a.start_week == int(clock // hours[member.handle]) + 1
            clock += a.hours + a.catch_up_hours
            assert a.end_week == max(1, math.ceil(clock / hours[member.handle] - 1e-9))
    assert result.weeks == max(m.finish_week for m in result.members)
    hcl = next(a for a in result.assignments if a.topic == HCL)
    assert hcl.member == "cy" and "learning it already" in hcl.why  # who is learning it gets it


def test_team_plan_prefers_who_lacks_least(builtin_graph):
    team = {"ana": {CORE: "done"}, "bo": {}}
    result = team_plan(builtin_graph, team, [HPA], hours_per_week=5)
    hpa = next(a for a in result.assignments if a.topic == HPA)
    assert hpa.member == "ana" and not hpa.catch_up
    with pytest.raises(InputError, match="at least one target"):
        team_plan(builtin_graph, team, [])
    with pytest.raises(InputError, match="hours per week"):
        team_plan(builtin_graph, team, [HPA], hours_per_week={"ana": 0})
