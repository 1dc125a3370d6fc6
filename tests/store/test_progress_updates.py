"""Progress files under concurrent changes: no lost update, no torn file, a bounded wait
(issue 19, items 1-2); marking many topics in one write."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import kgraph
from kgraph.store.progress import load_progress, locked

KGRAPH = Path(sys.executable).parent / "kgraph"
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX only (flock, SIGKILL)")


@pytest.fixture(scope="module")
def topics(builtin_graph) -> list[str]:
    return sorted(n for n, d in builtin_graph.nodes(data=True) if d.get("kind") == "topic")


@pytest.fixture(scope="module")
def warm_env(tmp_path_factory) -> dict[str, str]:
    """An environment with a build cache filled once (so twenty processes start quickly)."""
    env = {**os.environ, "KGRAPH_CACHE_DIR": str(tmp_path_factory.mktemp("cache")), "KGRAPH_QUIET": "1"}
    subprocess.run([str(KGRAPH), "info"], env=env, check=True, capture_output=True)
    return env


def test_twenty_marks_at_the_same_moment_are_all_kept(topics, warm_env, tmp_path):
    for round_ in range(5):
        target = tmp_path / f"p{round_}.yaml"
        chosen = topics[round_ * 20 : round_ * 20 + 20]
        children = [
            subprocess.Popen(
                [str(KGRAPH), "progress", "mark", topic, "done", "--file", str(target)],
                env=warm_env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            for topic in chosen
        ]
        errors = [child.communicate()[1] for child in children]
        assert [child.returncode for child in children] == [0] * 20, errors
        assert dict(load_progress(target)) == dict.fromkeys(chosen, "done")


WRITER = """
import sys
from kgraph.store.progress import update_progress
for topic in sys.argv[2:]:
    update_progress(sys.argv[1], lambda states, t=topic: states.__setitem__(t, "done"))
"""


def test_a_writer_killed_at_any_moment_leaves_a_file_that_loads(topics, tmp_path):
    target = tmp_path / "p.yaml"
    rng = random.Random(19)
    for _ in range(8):
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(target), *topics[:200]])
        time.sleep(rng.uniform(0.3, 1.5))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        if target.exists():
            states = load_progress(target)  # never a torn file
            assert set(states.values()) <= {"done"}
    assert len(load_progress(target)) > 0


def test_a_held_lock_gives_a_clear_error_after_a_bounded_wait(topics, warm_env, tmp_path):
    target = tmp_path / "p.yaml"
    kgraph.save_progress(target, {topics[0]: "learning"})
    before = target.read_bytes()
    with locked(target):
        started = time.monotonic()
        done = subprocess.run(
            [str(KGRAPH), "progress", "mark", topics[1], "done", "--file", str(target)],
            env={**warm_env, "KGRAPH_LOCK_TIMEOUT": "0.5"},
            capture_output=True,
            text=True,
        )
        waited = time.monotonic() - started
    assert done.returncode == 3 and waited < 10
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "another kgraph process" in lines[0] and "Traceback" not in done.stderr
    assert target.read_bytes() == before


def test_many_topics_in_one_write(run, tmp_path):
    target = tmp_path / "p.yaml"
    assert run("progress", "mark", "RBAC", "Image Building", "done", "--file", target).exit_code == 0
    assert dict(load_progress(target)) == {
        "topic:kubernetes/security-aspects/rbac": "done",
        "topic:docker/core-competencies/image-building": "done",
    }
    assert run("progress", "mark", "--roadmap", "docker", "learning", "--file", target).exit_code == 0
    states = dict(load_progress(target))
    docker = [t for t in states if t.startswith("topic:docker/")]
    assert len(docker) == 53 and {states[t] for t in docker} == {"learning"}
    assert run("progress", "mark", "--category", "docker/core-competencies", "clear", "--file", target).exit_code == 0
    assert not [t for t in load_progress(target) if t.startswith("topic:docker/core-competencies/")]


def test_unknown_topics_write_nothing_unless_skipped(run, tmp_path):
    target = tmp_path / "p.yaml"
    result = run("progress", "mark", "RBAC", "RBCA", "no such topic", "done", "--file", target)
    assert result.exit_code == 2 and not target.exists()
    assert "did you mean: topic:kubernetes/security-aspects/rbac" in result.stderr
    assert "nothing written" in result.stderr
    result = run("progress", "mark", "RBAC", "no such topic", "done", "--skip-unknown", "--file", target)
    assert result.exit_code == 0 and "warning: unknown topic 'no such topic'" in result.stderr
    assert dict(load_progress(target)) == {"topic:kubernetes/security-aspects/rbac": "done"}
    result = run("progress", "mark", "--category", "docker/nope", "done", "--file", target)
    assert result.exit_code == 2 and "unknown category" in result.stderr


def test_a_file_without_dates_loads_and_carries_dates_after_one_mark(run, tmp_path):
    import yaml

    target = tmp_path / "p.yaml"
    target.write_text("topics:\n  topic:kubernetes/security-aspects/rbac: done\n")  # an earlier version's file
    assert dict(load_progress(target)) == {"topic:kubernetes/security-aspects/rbac": "done"}
    assert run("progress", "mark", "Image Building", "learning", "--file", target).exit_code == 0
    entries = yaml.safe_load(target.read_text())["topics"]
    image = entries["topic:docker/core-competencies/image-building"]
    assert image["state"] == "learning" and image["changed"] == image["started"]
    assert entries["topic:kubernetes/security-aspects/rbac"] == {"state": "done"}  # upgraded, date unknown
    progress = load_progress(target)
    assert progress.changed == {"topic:docker/core-competencies/image-building": image["changed"]}
    shown = run("progress", "show", "--file", target, "--format", "json")
    rows = {row["topic"]: row["changed"] for row in __import__("json").loads(shown.stdout)["topics"]}
    assert rows["topic:docker/core-competencies/image-building"] == image["changed"]


def test_dates_follow_changes_only():
    from kgraph.store.progress import Progress, dated

    jan = "2026-01-01T00:00:00Z"
    before = Progress("p", {"a": "learning", "b": "done"}, changed={"a": jan}, started={"a": jan})
    after = dated(before, {"a": "done", "b": "done", "c": "learning"}, when="2026-02-02T00:00:00Z")
    assert after.changed == {"a": "2026-02-02T00:00:00Z", "c": "2026-02-02T00:00:00Z"}  # b unchanged: no date made up
    assert after.started == {"a": jan, "c": "2026-02-02T00:00:00Z"}


def test_a_bad_time_names_the_file_and_line(tmp_path):
    from kgraph.errors import InputError

    target = tmp_path / "p.yaml"
    target.write_text("topics:\n  topic:x/y/z: {state: done, changed: yesterday}\n")
    with pytest.raises(InputError, match=r"p\.yaml:2: 'yesterday' of topic:x/y/z is not a time"):
        load_progress(target)


def _file(path, entries: dict) -> Path:
    import yaml

    path.write_text(yaml.safe_dump({"topics": entries}))
    return path


def test_import_keeps_the_newer_change_and_lists_the_conflict(run, tmp_path):
    rbac, image = "topic:kubernetes/security-aspects/rbac", "topic:docker/core-competencies/image-building"
    ours = _file(
        tmp_path / "ours.yaml",
        {
            rbac: {"state": "learning", "changed": "2026-03-01T10:00:00Z", "started": "2026-03-01T10:00:00Z"},
            image: {"state": "skipped", "changed": "2026-03-05T10:00:00Z"},
        },
    )
    theirs = _file(
        tmp_path / "theirs.yaml",
        {
            rbac: {"state": "done", "changed": "2026-03-02T10:00:00Z", "started": "2026-02-20T09:00:00Z"},
            image: {"state": "done", "changed": "2026-03-04T10:00:00Z"},
            "topic:devops/core-competencies/containerization": "done",
        },
    )
    before = ours.read_bytes()
    dry = run("progress", "import", theirs, "--file", ours, "--dry-run", "--format", "json")
    assert dry.exit_code == 0 and ours.read_bytes() == before
    import json

    report = json.loads(dry.stdout)
    assert {c["topic"]: c["kept"] for c in report["conflicts"]} == {rbac: "theirs", image: "ours"}
    assert sorted(c["topic"] for c in report["changes"]) == sorted(
        [rbac, "topic:devops/core-competencies/containerization"]
    )
    assert run("progress", "import", theirs, "--file", ours).exit_code == 0
    merged = load_progress(ours)
    assert dict(merged) == {rbac: "done", image: "skipped", "topic:devops/core-competencies/containerization": "done"}
    assert merged.changed[rbac] == "2026-03-02T10:00:00Z" and merged.started[rbac] == "2026-02-20T09:00:00Z"
    again = json.loads(run("progress", "import", theirs, "--file", ours, "--format", "json").stdout)
    assert again["changes"] == []  # nothing newer left to take


def test_import_of_a_bad_file_changes_nothing(run, tmp_path):
    ours = _file(tmp_path / "ours.yaml", {"topic:kubernetes/security-aspects/rbac": "done"})
    before = ours.read_bytes()
    bad = _file(tmp_path / "bad.yaml", {"topic:nope/nope/nope": "done"})
    result = run("progress", "import", bad, "--file", ours)
    assert result.exit_code == 2 and "unknown topic 'topic:nope/nope/nope'" in result.stderr
    assert ours.read_bytes() == before
