"""The notebooks in notebooks/: each runs top to bottom, and the committed files stay stripped.

Each notebook is executed with nbclient in a fresh ``python3`` kernel (the interpreter running
pytest, so the repo's venv), with notebooks/ as the working folder; a failing cell fails the
test with nbclient's CellExecutionError, which shows the cell and its traceback.

The Neo4j notebook needs a live server, found like the Neo4j tests find theirs
(tests/neo4j_server.py): NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD (/ NEO4J_DATABASE), else
the dev server's ``.neo4j-dev/env`` (``scripts/neo4j-dev start``). The connection reaches the
kernel through the environment. Without a server that test skips -- or fails with CI=true.
Like the Neo4j tests, that notebook replaces every kgraph node of the database it uses.
Without a server it must stop at its connect cell with one line and no traceback: a test runs it
against a closed port.

The roadmap.sh notebook imports the checkout named by KGRAPH_ROADMAPSH (the kernel inherits it:
set it to run that notebook in full). Without one it must say so in its first code cell and do
nothing else: a test runs it with the variable unset and with a folder that is not a checkout.
"""

from __future__ import annotations

import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from kgraph.errors import KgraphError
from kgraph.store import neo4j as store
from tests.neo4j_server import closed_port, export_settings, server_settings, unavailable

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
NEEDS_NEO4J = {"04_neo4j_cypher.ipynb"}
CELL_TIMEOUT = 300
KERNEL = "python3"
NO_SERVER = "no Neo4j server for the Neo4j notebook: set NEO4J_URI or run scripts/neo4j-dev start"
NO_SERVER_LINE = "No Neo4j server at "  # how notebook 04 starts its one line when nothing answers
ROADMAPSH = "05_roadmapsh_import.ipynb"
TEAM = "06_team.ipynb"  # the example team of examples/team/, found from notebooks/ or the root
NO_CHECKOUT = (
    "no roadmap.sh checkout given: set KGRAPH_ROADMAPSH=/path/to/developer-roadmap to run this notebook; skipping"
)


def _param(path: Path):
    marks = [pytest.mark.slow]
    if path.name in NEEDS_NEO4J:
        marks.append(pytest.mark.neo4j)
    return pytest.param(path, id=path.stem, marks=marks)


@pytest.fixture
def neo4j_kernel_env(monkeypatch):
    """NEO4J_* in this process's environment (the kernel inherits it), for a server that answers."""
    settings = server_settings()
    if settings is None:
        unavailable(NO_SERVER, "the Neo4j notebook")
    try:
        store.connect(settings).close()
    except KgraphError as exc:
        unavailable(f"{NO_SERVER} ({exc})", "the Neo4j notebook")
    export_settings(monkeypatch, settings)
    return settings


def _client(notebook) -> NotebookClient:
    return NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name=KERNEL,
        extra_arguments=["--InteractiveShell.colors=nocolor"],  # tracebacks without ANSI codes in the report
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )


@pytest.mark.parametrize("path", [_param(path) for path in PATHS])
def test_notebook_runs(path: Path, request, record_property):
    if path.name in NEEDS_NEO4J:
        request.getfixturevalue("neo4j_kernel_env")
    notebook = nbformat.read(path, as_version=4)
    client = _client(notebook)
    started = time.perf_counter()
    client.execute()  # raises CellExecutionError (cell source and traceback) on the first failing cell
    record_property("seconds", round(time.perf_counter() - started, 1))


@pytest.mark.slow
def test_neo4j_notebook_without_a_server_stops_in_one_line(monkeypatch):
    """Nothing answers: the connect cell shows one line (no traceback) and nothing after it runs."""
    uri = f"bolt://127.0.0.1:{closed_port()}"
    monkeypatch.setenv("NEO4J_URI", uri)
    notebook = nbformat.read(NOTEBOOKS / "04_neo4j_cypher.ipynb", as_version=4)
    with pytest.raises(CellExecutionError):
        _client(notebook).execute()

    code = [(index, cell) for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    ran = [index for index, cell in code if cell.get("execution_count") is not None]
    failed = [index for index, cell in code if any(out.output_type == "error" for out in cell.outputs)]
    assert failed == [ran[-1]], "execution must stop at the first failing cell"
    cell = notebook.cells[failed[0]]
    assert "kgraph.connect(" in cell.source, "the notebook must stop at its connect cell"
    (error,) = [out for out in cell.outputs if out.output_type == "error"]
    (line,) = error.traceback  # what the notebook shows: this one line, no traceback
    assert line.startswith(f"{NO_SERVER_LINE}{uri}:") and "\n" not in line, line
    assert "Traceback" not in nbformat.writes(notebook)


@pytest.mark.slow
@pytest.mark.parametrize("given", ["", "folder"], ids=["unset", "not-a-checkout"])
def test_roadmapsh_notebook_without_a_checkout_skips(monkeypatch, tmp_path, given):
    """No checkout: the first code cell says how to give one, and no other cell shows anything."""
    if given:
        monkeypatch.setenv("KGRAPH_ROADMAPSH", str(tmp_path))
    else:
        monkeypatch.delenv("KGRAPH_ROADMAPSH", raising=False)
    notebook = nbformat.read(NOTEBOOKS / ROADMAPSH, as_version=4)
    _client(notebook).execute()
    first, *rest = [cell for cell in notebook.cells if cell.cell_type == "code"]
    text = "".join(out.get("text", "") for out in first.outputs if out.output_type == "stream")
    expected = [NO_CHECKOUT] + (
        [f"(KGRAPH_ROADMAPSH={tmp_path} is not a checkout: it has no src/data/roadmaps folder)"] if given else []
    )
    assert text.splitlines() == expected
    assert [cell.outputs for cell in rest] == [[] for _ in rest]


def test_there_are_notebooks():
    assert {p.name for p in PATHS} >= {
        "01_explore_graph.ipynb",
        "02_learning_paths.ipynb",
        "03_cross_domain_centrality.ipynb",
        ROADMAPSH,
        TEAM,
        *NEEDS_NEO4J,
    }


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_committed_notebook_is_stripped(path: Path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.get("kernelspec", {}).get("name") == KERNEL
    dirty = [
        index
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
    assert not dirty, f"{path.name}: cells {dirty} hold outputs or execution counts; clear them before committing"
