"""Progress on stderr: drawn on a terminal for steps that take a while, never otherwise.

The CLI runs are real: ``script`` (util-linux) gives ``kgraph`` a pseudo-terminal, and a
10k-topic plugin folder (bench's generator) makes the build take over a second.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import kgraph
from kgraph._util import progress
from kgraph.plugins.markdown import import_markdown
from tests.conftest import SEED
from tests.neo4j_server import unavailable

KGRAPH = Path(sys.executable).with_name("kgraph")
CLEAR = "\r\x1b[K"
LABELS = ("Loading the graph", "Reading plugin files", "Building the graph")


@pytest.fixture(scope="session")
def big_plugins(tmp_path_factory) -> Path:
    """20 roadmaps of 500 topics: a build of one to two seconds."""
    from bench import synth

    folder = tmp_path_factory.mktemp("synth-10k")
    synth.generate(folder, roadmaps=20, topics=500, seed=7)
    return folder


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("KGRAPH_QUIET", "KGRAPH_PLUGIN_PATH")}
    return {**env, "TERM": "xterm", **extra}


def _info(folder: Path, *options: str) -> list[str]:
    return [str(KGRAPH), *options, "--plugins", str(folder), "--no-builtin", "--no-cache", "info", "--format", "json"]


def _on_terminal(command: list[str], **env: str) -> str:
    """What ``command`` writes to a pseudo-terminal (stdout and stderr both)."""
    if shutil.which("script") is None:
        unavailable("needs `script` (util-linux) for a pseudo-terminal", "the terminal progress tests")
    done = subprocess.run(
        ["script", "-qec", shlex.join(command), "/dev/null"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=_env(**env),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout.decode(errors="replace")[-2000:]
    return done.stdout.decode()


def _json(text: str) -> dict:
    return json.loads(text.replace("\r\n", "\n"))


def test_a_terminal_shows_progress_then_clears_it(big_plugins):
    out = _on_terminal(_info(big_plugins))
    progress_part, cleared, data = out.rpartition(CLEAR)
    assert cleared and any(label in progress_part for label in LABELS), out[:2000]
    assert "files" in progress_part and "%" in progress_part  # a bar with its count
    assert _json(data)["nodes"]["topic"] == 10000  # stdout after the cleared line, untouched


@pytest.mark.parametrize(("option", "env"), [("--quiet", {}), ("-q", {}), (None, {"KGRAPH_QUIET": "1"})])
def test_quiet_shows_nothing_on_a_terminal(big_plugins, option, env):
    out = _on_terminal(_info(big_plugins, *([option] if option else [])), **env)
    assert "\x1b" not in out and not any(label in out for label in LABELS)
    assert _json(out)["nodes"]["topic"] == 10000


def test_piped_stderr_holds_no_progress(big_plugins):
    done = subprocess.run(_info(big_plugins), capture_output=True, text=True, env=_env(), timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert json.loads(done.stdout)["nodes"]["topic"] == 10000


def test_the_cli_in_process_turns_progress_off(run):
    progress.enable(io.StringIO())  # as a previous command on a terminal would have left it
    result = run("info", "--format", "json")
    assert result.exit_code == 0 and result.stderr == ""
    assert not progress.enabled()


# ---------------------------------------------------------------- the facility


class Terminal(io.StringIO):
    """A stream that records what progress draws (progress is turned on by hand, so this
    stands for the terminal without pretending to be one)."""

    encoding = "utf-8"


@pytest.fixture
def drawn(monkeypatch):
    """Progress on, drawn at once and often, into a recorded stream."""
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress, "INTERVAL", 0.002)
    stream = Terminal()
    progress.enable(stream)
    yield stream
    progress.disable()


def test_off_by_default_a_task_draws_nothing(capfd):
    assert not progress.enabled()
    with progress.task("Counting", total=3) as tick:
        for _ in range(3):
            tick()
            time.sleep(0.01)
    kgraph.load_graph(use_entry_points=False, cache=False)
    assert capfd.readouterr() == ("", "")


def test_a_quick_step_draws_nothing_even_when_on():
    stream = Terminal()
    progress.enable(stream)
    try:
        with progress.task("Quick", total=10) as tick:
            tick(10)
    finally:
        progress.disable()
    assert stream.getvalue() == ""


def test_a_bar_then_a_spinner_for_the_innermost_step_then_a_clear_line(drawn):
    with progress.task("Outer"):
        time.sleep(0.05)
        with progress.task("Inner", total=4, unit="files") as tick:
            for _ in range(4):
                time.sleep(0.02)
                tick()
    text = drawn.getvalue()
    assert "Outer" in text
    assert "Inner" in text and "/4 files" in text and "█" in text
    assert text.endswith(CLEAR)
    assert text.count(CLEAR) == 1  # cleared once, when the outermost step ends


def test_echo_writes_above_the_progress_line(drawn):
    with progress.task("Waiting"):
        time.sleep(0.05)
        progress.echo("a message")
        time.sleep(0.05)
    text = drawn.getvalue()
    assert f"{CLEAR}a message\n" in text and text.index("Waiting") < text.index("a message")


def test_the_switch_follows_the_terminal_and_quiet(monkeypatch):
    monkeypatch.delenv("KGRAPH_QUIET", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    leader, follower = os.openpty()
    terminal = open(follower, "w", encoding="utf-8")  # noqa: SIM115 - closed below
    try:
        assert progress.enable_on_terminal(terminal)
        assert not progress.enable_on_terminal(terminal, quiet=True)
        monkeypatch.setenv("KGRAPH_QUIET", "1")
        assert not progress.enable_on_terminal(terminal)
        monkeypatch.delenv("KGRAPH_QUIET")
        assert not progress.enable_on_terminal(io.StringIO())
    finally:
        progress.disable()
        terminal.close()
        os.close(leader)


def test_the_long_steps_report(drawn, big_plugins, builtin_graph, tmp_path, monkeypatch):
    monkeypatch.setenv("KGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    G = kgraph.load_graph([big_plugins], builtin=False, use_entry_points=False)  # fills the cache
    again = kgraph.load_graph([big_plugins], builtin=False, use_entry_points=False)  # reads it back
    assert again.number_of_edges() == G.number_of_edges()
    kgraph.cross_domain_centrality(builtin_graph, metric="bridging")
    kgraph.export_graph(G, tmp_path / "graph.json")
    import_markdown(SEED, tmp_path / "imported")
    text = drawn.getvalue()
    for label in (
        "Reading plugin files",
        "Building the graph: roadmaps",
        "Writing the build cache",
        "Reading the build cache",
        "Bridging centrality",
        "Writing graph.json",
        "Writing plugin files",
    ):
        assert label in text, label


def test_counting_reader_ticks_every_byte_pickle_reads(tmp_path):
    path = tmp_path / "data.pickle"
    data = {"x": list(range(100_000))}
    path.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    counted = []
    with path.open("rb") as handle:
        assert pickle.load(progress.CountingReader(handle, counted.append)) == data
    assert sum(counted) == path.stat().st_size
