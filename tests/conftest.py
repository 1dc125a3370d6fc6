"""Shared fixtures: the built-in graph, a CLI runner, and a helper to write plugin folders."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import kgraph
from kgraph.cli import cli

DATA = Path(__file__).parent / "data"
SEED = DATA / "devops-roadmaps-analysis.md"


@pytest.fixture(autouse=True)
def _isolated_plugin_env(monkeypatch, tmp_path_factory):
    """Tests see only the plugins they name (no KGRAPH_PLUGIN_PATH from the machine), and
    use a build cache and progress file of their own."""
    monkeypatch.delenv("KGRAPH_PLUGIN_PATH", raising=False)
    monkeypatch.delenv("KGRAPH_NO_CACHE", raising=False)
    monkeypatch.setenv("KGRAPH_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "kgraph-cache"))
    monkeypatch.setenv("KGRAPH_PROGRESS", str(tmp_path_factory.getbasetemp() / "no-progress.yaml"))


@pytest.fixture(scope="session")
def builtin_graph():
    """The graph of the built-in roadmaps (built once; do not mutate)."""
    return kgraph.load_graph(use_entry_points=False)


@pytest.fixture
def run():
    """Run the CLI in-process: ``run("info", "--format", "json")`` -> click Result."""
    runner = CliRunner()

    def invoke(*args, **kwargs):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False, **kwargs)

    return invoke


def write_yaml(path: Path, data) -> Path:
    """Dump ``data`` as YAML to ``path`` (parents created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def roadmap_doc(rid: str = "extra", topics=None, **extra) -> dict:
    """A small valid roadmap plugin document."""
    topics = (
        topics
        if topics is not None
        else [
            {"name": "Basics", "description": "First steps", "level": "beginner", "effort_hours": 2},
            {"name": "Next", "level": "intermediate", "effort_hours": 3, "requires": [f"{rid}/core/basics"]},
        ]
    )
    return {"id": rid, "name": rid.title(), "categories": [{"id": "core", "name": "Core", "topics": topics}], **extra}


_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """An empty working folder with the repository's data/, examples/ and tests/data/ linked
    in, a progress file of its own, and no team from the environment."""
    (tmp_path / "tests").mkdir()
    for folder in ("data", "examples", "tests/data"):
        (tmp_path / folder).symlink_to(_ROOT / folder, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KGRAPH_PROGRESS", str(tmp_path / "default-progress.yaml"))
    monkeypatch.delenv("KGRAPH_TEAM", raising=False)
    return tmp_path
