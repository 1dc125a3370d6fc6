"""Plugins come from the built-in data, --plugins folders, KGRAPH_PLUGIN_PATH and entry points."""

from __future__ import annotations

import json
import sys

import pytest

import kgraph
from kgraph.plugins.discovery import discover
from tests.conftest import roadmap_doc, write_yaml


def test_extra_folder_shows_in_plugins_and_graph(run, tmp_path):
    write_yaml(tmp_path / "p" / "extra.yaml", roadmap_doc())
    listed = run("plugins", "--plugins", tmp_path / "p", "--format", "json")
    assert listed.exit_code == 0, listed.output
    rows = {row["id"]: row for row in json.loads(listed.stdout)["plugins"]}
    assert rows["extra"]["origin"] == "folder" and rows["extra"]["topics"] == 2
    assert len([r for r in rows if r]) == 8
    info = json.loads(run("--plugins", tmp_path / "p", "info", "--format", "json").stdout)
    assert info["nodes"]["roadmap"] == 8
    assert "roadmap:extra" in {r["id"] for r in info["roadmaps"]}


def test_env_plugin_path(monkeypatch, tmp_path):
    write_yaml(tmp_path / "e" / "roadmaps" / "envmap.yaml", roadmap_doc("envmap"))
    monkeypatch.setenv("KGRAPH_PLUGIN_PATH", str(tmp_path / "e"))
    files = discover(use_entry_points=False)
    assert [f.origin for f in files if "envmap" in f.source] == ["KGRAPH_PLUGIN_PATH"]
    G = kgraph.load_graph(use_entry_points=False)
    assert G.nodes["topic:envmap/core/next"]["name"] == "Next"


def test_missing_folder_is_an_input_error(run, tmp_path):
    result = run("info", "--plugins", tmp_path / "nope")
    assert result.exit_code == 2
    assert "plugin folder does not exist" in result.stderr


@pytest.fixture
def installed_entry_points(tmp_path, monkeypatch):
    """A real distribution on sys.path that declares ``kgraph.roadmaps`` entry points."""
    site = tmp_path / "site"
    package = site / "kg_extra_plugin"
    write_yaml(package / "roadmaps" / "epmap.yaml", roadmap_doc("epmap"))
    (package / "__init__.py").write_text(
        "from pathlib import Path\n"
        "def roadmap():\n"
        "    topics = [{'name': 'One'}]\n"
        "    return {'id': 'callmap', 'name': 'Call Map', 'categories': [{'name': 'Core', 'topics': topics}]}\n"
        "FOLDER = Path(__file__).parent\n"
    )
    dist = site / "kg_extra_plugin-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: kg-extra-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(
        "[kgraph.roadmaps]\nfolder = kg_extra_plugin:FOLDER\ncallable = kg_extra_plugin:roadmap\n"
    )
    monkeypatch.syspath_prepend(str(site))
    yield
    sys.modules.pop("kg_extra_plugin", None)


def test_entry_points_are_discovered(installed_entry_points):
    G = kgraph.load_graph()
    assert G.nodes["roadmap:epmap"]["name"] == "Epmap"
    assert G.nodes["topic:callmap/core/one"]["name"] == "One"
    origins = {f.origin for f in discover() if "epmap" in f.source or "callable" in f.source}
    assert origins == {"entry point"}


def test_broken_entry_point_is_a_plugin_error(tmp_path, monkeypatch, run):
    site = tmp_path / "site"
    dist = site / "kg_broken-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: kg-broken\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[kgraph.roadmaps]\nbroken = kg_missing_module:thing\n")
    monkeypatch.syspath_prepend(str(site))
    result = run("info")
    assert result.exit_code == 2
    assert "entry point 'broken' (kg-broken): cannot load 'kg_missing_module:thing'" in result.stderr
