"""Fuzzing the plugin loader: arbitrary bytes, text and document structures.

Whatever a plugin file holds, loading and building either succeed or raise a
:class:`KgraphError` whose every line names the file; nothing else escapes.
"""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kgraph
from kgraph.errors import KgraphError, PluginError
from tests.conftest import roadmap_doc

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**30), 10**30),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=20),
        st.sampled_from(["beginner", "expert", "extra/core/basics", "extra/core/next", "", " ", "topic:x/y/z"]),
    ),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=10,
)


def _load(content: bytes):
    """Load a folder holding one file with ``content``; return the graph or the error."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "fuzz.yaml").write_bytes(content)
        try:
            return kgraph.load_graph([folder], builtin=False, use_entry_points=False, cache=False)
        except KgraphError as exc:
            lines = str(exc).splitlines()
            assert lines and all("fuzz.yaml" in line for line in lines), str(exc)
            return exc


@FUZZ
@given(st.binary(max_size=300))
def test_arbitrary_bytes(content):
    _load(content)


@FUZZ
@given(st.text(max_size=300))
def test_arbitrary_text(content):
    _load(content.encode("utf-8", "surrogatepass"))


@FUZZ
@given(VALUES)
def test_arbitrary_documents(document):
    _load(yaml.safe_dump(document).encode("utf-8"))


def _paths(node, path=()):
    """Every key path in a document."""
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*path, index))


BASE = roadmap_doc()
PATHS = [p for p in _paths(BASE) if p]


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(PATHS), VALUES), min_size=1, max_size=3))
def test_mutated_roadmaps(changes):
    """A valid roadmap with values swapped for arbitrary ones: loads, or fails as a PluginError."""
    doc = copy.deepcopy(BASE)
    for path, value in changes:
        node = doc
        try:
            for part in path[:-1]:
                node = node[part]
            node[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this place
    result = _load(yaml.safe_dump(doc, sort_keys=False).encode("utf-8"))
    assert not isinstance(result, KgraphError) or isinstance(result, PluginError | kgraph.CycleError)
