"""The build cache: a hit returns an equal graph; any content change, or --no-cache, rebuilds."""

from __future__ import annotations

import networkx as nx
import pytest

import kgraph
from kgraph.errors import UnsafeCacheWarning
from kgraph.store import cache
from kgraph.store.compact import Store
from kgraph.store.graph_store import full_graph
from tests.conftest import roadmap_doc, write_yaml


@pytest.fixture(autouse=True)
def _own_cache_dir(tmp_path, monkeypatch):
    """A fresh cache folder per test (the shared one keeps only the newest few entries)."""
    monkeypatch.setenv("KGRAPH_CACHE_DIR", str(tmp_path / "cache"))


def _entries():
    return sorted(cache.cache_dir().glob("graph-*.kgs"))


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
    newest.write_bytes(b"not a cache entry")
    G = kgraph.load_graph([folder], builtin=False, use_entry_points=False)
    assert "topic:y/core/next" in G


def test_cli_no_cache_flag(run, tmp_path):
    folder = write_yaml(tmp_path / "p" / "z.yaml", roadmap_doc("z")).parent
    before = len(_entries())
    assert run("--no-cache", "--no-builtin", "--plugins", folder, "info").exit_code == 0
    assert len(_entries()) == before
    assert run("--no-builtin", "--plugins", folder, "info").exit_code == 0
    assert len(_entries()) == before + 1


def _same_graph_and_order(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> None:
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))
    assert all(list(a.pred[n]) == list(b.pred[n]) for n in a)  # in-edge order too
    assert a.graph == b.graph


def test_a_hit_is_the_built_graph_order_included(builtin_graph):
    first = kgraph.load_graph(use_entry_points=False, use_env=False)  # a miss: built and stored
    (entry,) = _entries()
    hit = kgraph.load_graph(use_entry_points=False, use_env=False)
    assert len(_entries()) == 1 and entry.read_bytes().startswith(b"kgraph-store 1 ")
    _same_graph_and_order(first, builtin_graph)
    _same_graph_and_order(hit, builtin_graph)


@pytest.mark.parametrize("damage", ["edit", "truncate", "header"])
def test_a_damaged_entry_is_rebuilt_never_trusted(tmp_path, damage):
    folder = write_yaml(tmp_path / "p" / "d.yaml", roadmap_doc("d")).parent
    kgraph.load_graph([folder], builtin=False, use_entry_points=False)
    (entry,) = _entries()
    data = entry.read_bytes()
    if damage == "edit":  # a description changed by hand: valid JSON, wrong digest
        data = data.replace(b"First steps", b"Other steps")
    elif damage == "truncate":
        data = data[: len(data) // 2]
    else:
        data = data.replace(b"kgraph-store 1", b"kgraph-store 0", 1)
    entry.write_bytes(data)
    G = kgraph.load_graph([folder], builtin=False, use_entry_points=False)
    assert G.nodes["topic:d/core/basics"]["description"] == "First steps"
    stored = full_graph(Store(entry))  # rewritten
    assert stored.nodes["topic:d/core/basics"]["description"] == "First steps"


def test_the_cache_runs_no_code():
    """No pickle, marshal or shelve anywhere in kgraph: a cache entry is data only."""
    import re
    from pathlib import Path

    root = Path(kgraph.__file__).parent
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import|from)\s+(pickle|marshal|shelve|dill|cloudpickle)\b", text, re.M), path


def test_a_folder_others_can_write_is_not_used(run, tmp_path):
    folder = write_yaml(tmp_path / "p" / "w.yaml", roadmap_doc("w")).parent
    shared = cache.cache_dir()
    shared.mkdir(parents=True)
    shared.chmod(0o777)
    with pytest.warns(UnsafeCacheWarning, match="others can write it"):
        kgraph.load_graph([folder], builtin=False, use_entry_points=False)
    assert not list(shared.iterdir())
    result = run("--no-builtin", "--plugins", folder, "info")
    assert result.exit_code == 0 and "kgraph: warning:" in result.stderr and "build cache not used" in result.stderr
    assert not list(shared.iterdir())
    shared.chmod(0o700)
    kgraph.load_graph([folder], builtin=False, use_entry_points=False)
    assert len(_entries()) == 1
