"""Files kgraph writes follow the umask, like any other file the user writes (a graph shared
with a team is readable), and are still written atomically; the progress file and the build
cache stay private."""

from __future__ import annotations

import os
import stat

import pytest

import kgraph


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.parametrize("fmt", ["json", "graphml", "gexf"])
def test_exports_follow_the_umask(run, tmp_path, umask_022, fmt):
    out = tmp_path / f"g.{fmt}"
    assert run("export", "--format", fmt, "-o", out).exit_code == 0
    assert _mode(out) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == [out.name], "no temporary file left behind"


def test_csv_export_and_the_page_follow_the_umask(run, tmp_path, umask_022):
    assert run("export", "--format", "csv", "-o", tmp_path / "csv").exit_code == 0
    assert {_mode(p) for p in (tmp_path / "csv").iterdir()} == {0o644}
    assert run("viz", "--no-progress", "-o", tmp_path / "g.html").exit_code == 0
    assert _mode(tmp_path / "g.html") == 0o644


def test_a_stricter_umask_is_followed_too(run, tmp_path):
    old = os.umask(0o077)
    try:
        assert run("export", "-o", tmp_path / "g.json").exit_code == 0
    finally:
        os.umask(old)
    assert _mode(tmp_path / "g.json") == 0o600


def test_the_progress_file_stays_private(run, tmp_path, umask_022):
    target = tmp_path / "progress.yaml"
    assert run("progress", "mark", "kubernetes:RBAC", "done", "--file", target).exit_code == 0
    assert _mode(target) == 0o600
    kgraph.save_progress(target, {"topic:kubernetes/security-aspects/rbac": "learning"})
    assert _mode(target) == 0o600


def test_the_build_cache_stays_private(tmp_path, monkeypatch, umask_022):
    monkeypatch.setenv("KGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    kgraph.load_graph(use_entry_points=False, cache=True)
    entries = list((tmp_path / "cache").glob("graph-*.kgs"))
    assert entries and {_mode(p) for p in entries} == {0o600}
    assert _mode(tmp_path / "cache") == 0o700
