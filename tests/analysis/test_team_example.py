"""The example team of ``examples/team/`` (docs/team.md, notebooks/06_team.ipynb): its files are
coherent, its plan for the notebook's capability keeps every member within their weekly hours,
and what docs/team.md shows is what kgraph prints.

Every expectation is computed from the example's files (read here with plain YAML), never
written down. docs/team.md's ```text blocks (``$ kgraph ...`` lines and their output) and its
```python blocks run here, in a scratch folder like tests/test_docs.py's with ``examples/``
linked in as well (tests/test_docs.py checks the command lines parse and the links resolve).
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kgraph.analysis.prereqs import prereq_view
from kgraph.analysis.team import team_matrix, team_risks
from kgraph.analysis.team_plan import team_plan
from kgraph.cli import cli
from kgraph.model.lookup import resolve_topic
from kgraph.store.team import load_team
from tests.test_docs import blocks, examples, write_shown_files

ROOT = Path(__file__).resolve().parents[2]
TEAM_DIR = ROOT / "examples" / "team"
TEAM_DOC = ROOT / "docs" / "team.md"
NOTEBOOK = ROOT / "notebooks" / "06_team.ipynb"
TARGETS = ["kubernetes:HPA", "kubernetes:Cluster Autoscaler", "kubernetes:Pod Disruption Budgets"]  # the notebook's


def files() -> dict[str, dict[str, str]]:
    """Handle -> the topics of its progress file, as YAML reads them."""
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))["topics"]
        for path in sorted(TEAM_DIR.glob("*.yaml"))
        if path.name != "team.yaml"
    }


def settings() -> dict[str, dict]:
    return yaml.safe_load((TEAM_DIR / "team.yaml").read_text(encoding="utf-8"))["members"]


@pytest.fixture(scope="module")
def team(builtin_graph):
    return load_team(TEAM_DIR, builtin_graph)


@pytest.fixture(scope="module")
def targets(builtin_graph):
    return [resolve_topic(builtin_graph, ref) for ref in TARGETS]


# -- the files --------------------------------------------------------------------------------


def test_the_notebook_plans_the_targets_tested_here():
    assert all(ref in NOTEBOOK.read_text(encoding="utf-8") for ref in TARGETS)


def test_every_topic_of_the_example_is_in_the_graph(builtin_graph, team):
    unknown = [
        (handle, topic)
        for handle, topics in files().items()
        for topic in topics
        if builtin_graph.nodes.get(topic, {}).get("kind") != "topic"
    ]
    assert not unknown
    assert not team.warnings
    assert {h: dict(team[h]) for h in team} == files()


def test_team_yaml_names_every_member_with_hours(team):
    assert set(settings()) == set(files()) == set(team)
    for handle, entry in settings().items():
        assert team.names[handle] == entry["name"] != handle
        assert team.hours_per_week[handle] == entry["hours_per_week"]


def test_every_member_has_done_topics_and_uses_every_state():
    for handle, topics in files().items():
        counts = Counter(topics.values())
        assert counts["done"] >= 1, handle
        assert set(counts) <= {"done", "learning", "skipped"}, handle
    assert {state for topics in files().values() for state in topics.values()} == {"done", "learning", "skipped"}


def test_done_topics_follow_their_prerequisites(builtin_graph):
    """Whoever marks a topic done has done each essential prerequisite it needs in full and one
    topic of each any-of group; a topic being learned has those done or being learned."""
    view = prereq_view(builtin_graph)
    missing = []
    for handle, topics in files().items():
        done = {t for t, s in topics.items() if s == "done"}
        started = done | {t for t, s in topics.items() if s == "learning"}
        for topic, state in topics.items():
            req = view.needs.get(topic)
            if state == "skipped" or req is None:
                continue
            have = done if state == "done" else started
            missing += [(handle, topic, p) for p in req.all_of if not req.edges[p].partial and p not in have]
            missing += [(handle, topic, g.members) for g in req.groups if not set(g.members) & have]
    assert not missing


def test_team_matrix_gives_no_warnings():
    result = CliRunner().invoke(cli, ["-q", "team", "matrix", "--team", str(TEAM_DIR)], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout.startswith(f"{len(files())} people, ")


# -- the analyses ---------------------------------------------------------------------------


def test_single_holders_are_the_topics_exactly_one_file_marks_done(builtin_graph, team):
    done_by: dict[str, list[str]] = {}
    for handle, topics in files().items():
        for topic, state in topics.items():
            if state == "done":
                done_by.setdefault(topic, []).append(handle)
    risks = team_risks(builtin_graph, team)
    assert {s.topic: s.holder for s in risks.single} == {t: hs[0] for t, hs in done_by.items() if len(hs) == 1}
    roadmaps: dict[str, set[str]] = {}
    for topic, holders in done_by.items():
        roadmaps.setdefault(builtin_graph.nodes[topic]["roadmap"], set()).update(holders)
    assert {r.roadmap: r.holder for r in risks.roadmaps} == {
        rid: next(iter(hs)) for rid, hs in roadmaps.items() if len(hs) == 1
    }
    matrix = team_matrix(builtin_graph, team)
    assert {r["topic"]: r["known_by"] for r in matrix.rows() if r["known_by"]} == {
        t: len(hs) for t, hs in done_by.items()
    }


def test_the_plan_assigns_every_topic_to_exactly_one_member(builtin_graph, team, targets):
    plan = team_plan(builtin_graph, team, targets, hours_per_week=team.hours_per_week, names=team.names)
    assigned = [a.topic for a in plan.assignments]
    assert len(assigned) == len(set(assigned))
    assert set(assigned) == set(plan.plan.topics) and set(targets) <= set(assigned)
    assert all(a.member in team for a in plan.assignments)
    known = {t for topics in files().values() for t, s in topics.items() if s == "done"}
    assert not known & set(assigned), "a topic someone has done is planned again"
    gaps = team_risks(builtin_graph, team, targets).gaps
    assert [g.topic for g in gaps] == assigned and sum(g.hours for g in gaps) == sum(a.hours for a in plan.assignments)
    for a in plan.assignments:  # a member learning the topic gets it
        learners = [h for h, topics in files().items() if topics.get(a.topic) == "learning"]
        assert not learners or a.member in learners, a.name


@pytest.mark.parametrize("hours", ["team.yaml", 3.0, 12.0])
def test_no_member_works_more_than_their_weekly_hours(builtin_graph, team, targets, hours):
    """Rebuild each member's weeks from the assignments: their topics in order, catch-up
    included, at their weekly hours; the weeks stated hold all of it and no week holds more."""
    pace = dict(team.hours_per_week) if hours == "team.yaml" else dict.fromkeys(team, hours)
    plan = team_plan(builtin_graph, team, targets, hours_per_week=pace, names=team.names)
    loads = {m.handle: m for m in plan.members}
    for handle in team:
        mine = [a for a in plan.assignments if a.member == handle]
        weekly: Counter = Counter()
        load = 0.0
        for a in mine:
            start, load = load, load + a.hours + a.catch_up_hours
            assert a.start_week == math.floor(start / pace[handle]) + 1, a.name
            assert a.end_week >= a.start_week, a.name
            for week in range(a.start_week, a.end_week + 1):
                lo, hi = (week - 1) * pace[handle], week * pace[handle]
                weekly[week] += max(0.0, min(hi, load) - max(lo, start))
            assert sum(weekly.values()) == pytest.approx(load), f"{a.name}: weeks {a.start_week}-{a.end_week}"
        assert all(h <= pace[handle] + 1e-9 for h in weekly.values()), (handle, dict(weekly))
        assert loads[handle].total_hours == pytest.approx(load)
        assert loads[handle].topics == len(mine)
        assert loads[handle].assigned_hours == pytest.approx(sum(a.hours for a in mine))
        assert loads[handle].catch_up_hours == pytest.approx(sum(a.catch_up_hours for a in mine))
        assert loads[handle].finish_week == max((a.end_week for a in mine), default=0)
        assert loads[handle].finish_week == (math.ceil(load / pace[handle] - 1e-9) if mine else 0)
    assert plan.weeks == max(m.finish_week for m in plan.members)
    assert plan.total_hours == pytest.approx(sum(m.total_hours for m in plan.members))


# -- docs/team.md -----------------------------------------------------------------------------

BLOCKS = blocks(TEAM_DOC)
TEXT = [block for block in BLOCKS if block.lang == "text" and any(line.startswith("$ ") for line in block.lines)]
PYTHON = [block for block in BLOCKS if block.lang == "python"]


def test_docs_team_shows_every_team_command_on_the_example():
    shown = {tuple(e.args[:2]) for block in TEXT for e in examples(block) if "examples/team" in e.args}
    assert shown == {("team", "matrix"), ("team", "risks"), ("team", "plan")}
    assert PYTHON


@pytest.mark.parametrize("block", PYTHON, ids=[f"team:{b.line}" for b in PYTHON])
def test_docs_team_python_runs(block, scratch):
    write_shown_files(TEAM_DOC, scratch)
    exec(compile("\n".join(block.lines), f"team.md:{block.line}", "exec"), {})
