"""The build cache: a hit returns an equal graph; any content change, or --no-cache, rebuilds."""

from __future__ import annotations

import networkx as nx
import pytest

import kgraph
from kgraph.store import cache
from tests.conftest import roadmap_doc, write_yaml


@pytest.fixture(autouse=True)
def _own_cache_dir(tmp_path, monkeypatch):
    """A fresh cache folder per test (the shared one keeps only the newest few entries)."""
    monkeypatch.setenv("KGRAPH_CACHE_DIR", str(tmp_path / "cache"))


def _entries():
    return sorted(cache.cache_dir().glob("graph-*.pickle"))


def test_hit_miss_and_invalidation(tmp_path):
    folder = write_yaml(tmp_path / "p" / "x.yaml", roadmap_doc("x")).parent
    before = len(_entries())
    first = kgraph.load_graph([folder], builtin=False, use_entry_points=False)
    assert len(_entries()) == before + 1
    again = kgraph.load_graph([folder], builtin=False, use_entry_points=False)
    assert again is not first and nx.utils.graphs_equal(first, again)
    assert dict(again.nodes(data=True)) == dict(first.nodes(data=True))
    assert len(_entries()) == before + 1, "a hit writes nothing"
    doc = roadmap_doc("x")
    doc["categories"][0]["topics"][0]["description"] = "Changed"
    write_yaml(folder / "x.yaml", doc)
    changed = kgraph.load_graph([folder], builtin=False, use_entry_points=False)
    assert changed.nodes["topic:x/core/basics"]["description"] == "Changed"


def test_no_cache_and_corrupt_entries(tmp_path, monkeypatch):
    folder = write_yaml(tmp_path / "p" / "y.yaml", roadmap_doc("y")).parent
    before = len(_entries())
    kgraph.load_graph([folder], builtin=False, use_entry_points=False, cache=False)
    monkeypatch.setenv("KGRAPH_NO_CACHE", "1")
    kgraph.load_graph([folder], builtin=False, use_entry_points=False)
    assert len(_entries()) == before
    monkeypatch.delenv("KGRAPH_NO_CACHE")
    kgraph.load_graph([folder], builtin=False, use_entry_points=False)
    [newest] = [p for p in _entries() if p.stat().st_mtime == max(q.stat().st_mtime for q in _entries())]
    newest.write_bytes(b"not a pickle")
    G = kgraph.load_graph([folder], builtin=False, use_entry_points=False)
    assert "topic:y/core/next" in G


def test_cli_no_cache_flag(run, tmp_path):
    folder = write_yaml(tmp_path / "p" / "z.yaml", roadmap_doc("z")).parent
    before = len(_entries())
    assert run("--no-cache", "--no-builtin", "--plugins", folder, "info").exit_code == 0
    assert len(_entries()) == before
    assert run("--no-builtin", "--plugins", folder, "info").exit_code == 0
    assert len(_entries()) == before + 1
