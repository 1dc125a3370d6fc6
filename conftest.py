"""Doctests of the package (``pytest --doctest-modules kgraph``): ``G`` is the graph of the
built-in roadmaps, and the cache and progress file are private to the run."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def _doctest_graph(tmp_path_factory):
    import os

    os.environ.setdefault("KGRAPH_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "kgraph-cache"))
    import kgraph

    return kgraph.load_graph(use_entry_points=False)


@pytest.fixture(autouse=True)
def _doctest_namespace(request, doctest_namespace):
    """Give every doctest ``G`` (only doctests ask for it)."""
    if isinstance(request.node, pytest.DoctestItem):
        doctest_namespace["G"] = request.getfixturevalue("_doctest_graph")
