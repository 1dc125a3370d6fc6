"""`kgraph plan --hours-per-week` and the exports learners keep: the iCalendar file read back
with a standard reader, the markdown checklist, `next --format markdown`, and bad values
refused in one line with no file written."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from icalendar import Calendar

from kgraph.analysis.prereqs import prereq_view

GOAL = "kubernetes:HPA"
ICS_ARGS = (GOAL, "--known", "docker", "--hours-per-week", 5, "--start", "2027-01-04", "--no-progress")


def _plan(run, *args) -> dict:
    result = run("plan", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    "args",
    [ICS_ARGS, (GOAL, "--hours-per-week", 5, "--start", "2027-01-04", "--no-progress", "--days", "mon,wed,sat")],
    ids=["issue-check", "three-days"],
)
def test_ics_reads_back_as_the_plan(run, builtin_graph, tmp_path, args):
    target = tmp_path / "p.ics"
    result = run("plan", *args, "--format", "ics", "-o", target)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and f"wrote {target}" in result.stderr
    calendar = Calendar.from_ical(target.read_bytes())
    events = list(calendar.walk("VEVENT"))
    plan = _plan(run, *args)["plan"]
    steps = {s["topic"]: s for s in plan["steps"]} if "steps" in plan else None
    steps = steps or {s["topic"]: s for stage in plan["stages"] for s in stage}
    names = {s["name"]: t for t, s in steps.items()}

    by_topic: dict[str, list] = {}
    for event in events:
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert isinstance(start, dt.datetime) and start >= dt.datetime(2027, 1, 4)
        summary = str(event["summary"])
        topic = next(t for name, t in names.items() if summary.startswith(f"{name} · "))
        by_topic.setdefault(topic, []).append((start, end))
        assert str(event["description"]).startswith(builtin_graph.nodes[topic].get("description", "")[:20])
        assert "Why: " in str(event["description"])
        assert str(event["uid"]).endswith("@kgraph")
    assert set(by_topic) == set(steps)  # every plan topic has its events

    essential = prereq_view(builtin_graph)
    for topic, spans in by_topic.items():
        first = min(s for s, _ in spans)
        for prerequisite in essential.needs[topic].prerequisites() if topic in essential.needs else ():
            if prerequisite in by_topic:
                assert first >= max(e for _, e in by_topic[prerequisite]), (topic, prerequisite)

    minutes = sum((e - s).total_seconds() / 60 for spans in by_topic.values() for s, e in spans)
    assert minutes == round(plan["total_effort_hours"] * 60)
    week_minutes: dict[int, float] = {}
    for spans in by_topic.values():
        for s, e in spans:
            week = (s.date() - dt.date(2027, 1, 4)).days // 7
            week_minutes[week] = week_minutes.get(week, 0) + (e - s).total_seconds() / 60
    assert max(week_minutes.values()) <= 5 * 60


def test_markdown_checklist_by_week(run):
    result = run("plan", *ICS_ARGS, "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    data = _plan(run, *ICS_ARGS)
    topics = {s["topic"] for stage in data["plan"]["stages"] for s in stage}
    checkboxes = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    assert len(checkboxes) == len(topics)
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [h for h in headings if h.startswith("## Week ")]
    assert len(headings) == data["weeks"] == len({e["week"] for e in data["entries"]})
    for line in checkboxes:  # roadmap, hours, and why
        assert " · Kubernetes · " in line and " h" in line and " — " in line


def test_markdown_checklist_by_stage(run, builtin_graph):
    result = run("plan", GOAL, "--no-progress", "--format", "markdown")
    assert result.exit_code == 0
    plan = _plan(run, GOAL, "--no-progress")
    lines = result.stdout.splitlines()
    assert sum(line.startswith("- [ ] ") for line in lines) == sum(len(stage) for stage in plan["stages"])
    assert [line for line in lines if line.startswith("#")] == [f"## Stage {i}" for i in range(1, 7)]
    core = "- [ ] **Core Objects** · Kubernetes · 8 h — for Metrics Server: installed as"
    images = "- [ ] **Image Building** · Docker · 2 h of 4 h — only what an image is: build, tag and run"
    assert any(line.startswith(core) for line in lines) and any(line.startswith(images) for line in lines)


def test_schedule_table_json_and_csv(run):
    table = run("plan", *ICS_ARGS)
    assert table.exit_code == 0
    assert "at 5 h a week on Mon, Tue, Wed, Thu, Fri from Mon 4 Jan 2027: 2 weeks" in table.stdout
    header = next(line for line in table.stdout.splitlines() if line.startswith("week"))
    assert header.split() == ["week", "dates", "topic", "roadmap", "hours", "total", "note"]
    data = _plan(run, *ICS_ARGS)
    assert data["hours_per_week"] == 5 and data["start"] == "2027-01-04" and data["days"][0] == "mon"
    assert data["entries"][-1]["cumulative_hours"] == data["plan"]["total_effort_hours"] == data["total_hours"]
    rows = list(csv.DictReader(io.StringIO(run("plan", *ICS_ARGS, "--format", "csv").stdout)))
    assert [r["topic"] for r in rows] == [e["topic"] for e in data["entries"]]
    assert rows[0]["week_start"] == "2027-01-04"


def test_output_file_for_any_format(run, tmp_path):
    target = tmp_path / "plan.md"
    result = run("plan", GOAL, "--no-progress", "--format", "markdown", "-o", target)
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text().count("- [ ] ") == 7


def test_next_as_markdown(run):
    result = run("next", "--no-progress", "--top", 4, "--format", "markdown")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    boxes = [line for line in lines if line.startswith("- [ ] ")]
    table = run("next", "--no-progress", "--top", 4, "--format", "json")
    items = json.loads(table.stdout)["items"]
    assert len(boxes) == 4
    for line, item in zip(boxes, items, strict=True):
        assert line.startswith(f"- [ ] **{item['name']}** · ") and f"unlocks {item['unlocks']} topics" in line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--hours-per-week", "0"), "hours per week must be more than 0"),
        (("--hours-per-week", "200"), "at most 168, got 200"),
        (("--hours-per-week", "-1"), "more than 0"),
        (("--hours-per-week", "5", "--start", "2027-02-30"), "start date '2027-02-30' is not a date"),
        (("--hours-per-week", "5", "--start", "tomorrow"), "start date 'tomorrow' is not a date"),
        (("--hours-per-week", "5", "--days", "funday"), "unknown day 'funday'"),
        (("--hours-per-week", "five"), "'five' is not a valid float"),
        (("--start", "2027-01-04"), "go with --hours-per-week"),
        ((), "--format ics needs --hours-per-week"),
    ],
)
def test_bad_values_exit_2_in_one_line_and_write_nothing(run, tmp_path, args, message):
    target = tmp_path / "p.ics"
    result = run("plan", GOAL, "--no-progress", *args, "--format", "ics", "-o", target)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr
    assert "Traceback" not in result.stderr
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_a_whole_roadmap_known_says_what_else_it_counts(run):
    result = run("plan", GOAL, "--known", "docker", "--no-progress")
    assert result.exit_code == 0
    assert (
        "kgraph: note: --known docker also counts Core Objects (Kubernetes, needed by Orchestration Integration) "
        "as known; to claim less, name a category (--known docker/core-competencies) or topics"
    ) in result.stderr
    narrower = run("plan", GOAL, "--known", "docker/core-competencies", "--no-progress")
    assert "note:" not in narrower.stderr and "Core Objects" in narrower.stdout


def test_a_start_in_the_past_is_noted(run):
    result = run("plan", GOAL, "--no-progress", "--hours-per-week", 5, "--start", "2020-01-06")
    assert result.exit_code == 0 and "kgraph: note: the schedule starts in the past (Mon 6 Jan 2020)" in result.stderr
