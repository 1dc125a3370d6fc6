"""The bad-input corpus: malformed plugin folders, each refused cleanly.

Every case goes through ``kgraph validate`` and ``kgraph info`` (and ``kgraph export``): exit
code 2, stderr naming the file and (where the problem has one) the line and column, no
traceback, nothing on stdout, no output file and no build-cache entry written.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import kgraph
from kgraph.errors import CycleError, InputError, PluginError
from tests.conftest import roadmap_doc

PLACE = re.compile(r"\.ya?ml:\d+(:\d+)?: ")


def _dump(doc) -> bytes:
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True).encode("utf-8")


def _roadmap(**changes) -> bytes:
    doc = roadmap_doc()
    for path, value in changes.items():
        _set(doc, path, value)
    return _dump(doc)


def _set(doc, path: str, value) -> None:
    """``a.0.b`` style paths into the document; value ``...`` deletes the key."""
    *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
    for part in parents:
        doc = doc[part]
    if value is ...:
        del doc[last]
    else:
        doc[last] = value


def _topics(*topics) -> bytes:
    return _dump(roadmap_doc(topics=list(topics)))


def _basic(name="Basics", **extra) -> dict:
    return {"name": name, "level": "beginner", "effort_hours": 1, **extra}


VALID = _roadmap()
OTHER = _dump(roadmap_doc("other"))
ALIAS_BOMB = b"a: &a [x, x, x, x, x, x, x, x, x]\n" + b"".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n".encode()
    for i in range(8)
)
DEEP = b"id: deep\nname: Deep\ncategories: " + b"[" * 100_000 + b"]" * 100_000 + b"\n"
DEEP_BLOCK = b"id: deep\nname: Deep\ncategories:\n" + b"".join(b"  " * i + b"- x:\n" for i in range(2_000))
HUGE = b"id: huge\nname: Huge\ndescription: '" + b"x" * (50 * 1024 * 1024) + b"'\ncategories: []\n"

# name -> ({file name: bytes}, fragment expected in the message, whether a line:col place is expected)
CORPUS: dict[str, tuple[dict[str, bytes], str, bool]] = {
    # -- bytes and encodings
    "empty file": ({"r.yaml": b""}, "file is empty", False),
    "only whitespace": ({"r.yaml": b"  \n\n  \n"}, "file is empty", False),
    "whitespace with a tab": ({"r.yaml": b"  \n\n \t\n"}, "YAML error", True),
    "only a comment": ({"r.yaml": b"# nothing here\n"}, "file is empty", False),
    "non-UTF-8 byte": ({"r.yaml": b"id: caf\xe9\nname: x\n"}, "not valid UTF-8", False),
    "UTF-16 with BOM": ({"r.yaml": "id: x\nname: X\n".encode("utf-16")}, "file is UTF-16", True),
    "UTF-32 with BOM": ({"r.yaml": "id: x\nname: X\n".encode("utf-32")}, "file is UTF-32", True),
    "NUL byte": ({"r.yaml": b"id: x\x00\nname: X\n"}, "", True),
    "control character": ({"r.yaml": b"id: x\nname: X\x07\n"}, "", True),
    # -- YAML syntax and features
    "unclosed bracket": ({"r.yaml": b"id: x\nname: [unclosed\n"}, "YAML error", True),
    "tab indentation": ({"r.yaml": b"id: x\ncategories:\n\t- name: y\n"}, "YAML error", True),
    "bad indentation": ({"r.yaml": b"id: x\n  name: y\n name: z\n"}, "YAML error", True),
    "unterminated quote": ({"r.yaml": b"id: x\nname: 'open\n"}, "YAML error", True),
    "duplicate key": ({"r.yaml": b"id: x\nid: y\nname: X\ncategories: []\n"}, "duplicate key 'id'", True),
    "alias bomb": ({"r.yaml": ALIAS_BOMB}, "anchors and aliases are not allowed", True),
    "single alias": ({"r.yaml": VALID + b"extra: &e 1\nmore: *e\n"}, "anchors and aliases are not allowed", True),
    "merge key": ({"r.yaml": b"base: &b {level: beginner}\nid: x\nname: X\ncategories: []\nt: {<<: *b}\n"}, "", True),
    "python tag": ({"r.yaml": b"id: !!python/object/apply:os.system ['true']\nname: X\n"}, "", True),
    "local custom tag": ({"r.yaml": b"id: !include other.yaml\nname: X\ncategories: []\n"}, "", True),
    "binary tag": ({"r.yaml": b"id: !!binary aGVsbG8=\nname: X\ncategories: []\n"}, "", True),
    "two documents": ({"r.yaml": VALID + b"---\n" + OTHER}, "", True),
    "100k-deep flow nesting": ({"r.yaml": DEEP}, "nesting", True),
    "2k-deep block nesting": ({"r.yaml": DEEP_BLOCK}, "nesting", True),
    "100-deep nesting": (
        {"r.yaml": VALID + b"extra: " + b"[" * 100 + b"]" * 100 + b"\n"},
        "nesting is too deep",
        False,
    ),
    "50 MB file": ({"r.yaml": HUGE}, "too large", False),
    # -- shape and types
    "top-level list": ({"r.yaml": b"- a\n- b\n"}, "expected object, got list", True),
    "top-level scalar": ({"r.yaml": b"just a string\n"}, "expected object", True),
    "null document": ({"r.yaml": b"~\n"}, "", False),
    "integer key": ({"r.yaml": VALID + b"1: one\n"}, "", True),
    "name is a number": ({"r.yaml": _roadmap(**{"categories.0.topics.1.name": 7})}, "expected string", True),
    "categories is a mapping": ({"r.yaml": _roadmap(categories={"a": 1})}, "categories", True),
    "effort is text": ({"r.yaml": _roadmap(**{"categories.0.topics.0.effort_hours": "lots"})}, "expected number", True),
    "effort is negative": ({"r.yaml": _roadmap(**{"categories.0.topics.0.effort_hours": -1})}, "effort_hours", True),
    "effort is NaN": ({"r.yaml": VALID.replace(b"effort_hours: 2", b"effort_hours: .nan")}, "not a finite", True),
    "impossible date": ({"r.yaml": VALID + b"updated: 2023-02-30\n"}, "cannot read '2023-02-30'", True),
    "effort is infinite": ({"r.yaml": VALID.replace(b"effort_hours: 2", b"effort_hours: .inf")}, "not a finite", True),
    "unknown level": ({"r.yaml": _roadmap(**{"categories.0.topics.0.level": "guru"})}, "level", True),
    "requires is a mapping": ({"r.yaml": _roadmap(**{"categories.0.topics.1.requires": {"a": 1}})}, "requires", True),
    "null topic": ({"r.yaml": _roadmap(**{"categories.0.topics.1": None})}, "topics[1]", True),
    "blank name": ({"r.yaml": _roadmap(**{"categories.0.topics.0.name": "   "})}, "name", True),
    "bad roadmap id": ({"r.yaml": _roadmap(id="Bad Id!")}, "id", True),
    # -- missing and unknown fields
    "missing id": ({"r.yaml": _roadmap(id=...)}, "missing required field 'id'", True),
    "missing name": ({"r.yaml": _roadmap(name=...)}, "missing required field 'name'", True),
    "missing categories": ({"r.yaml": _roadmap(categories=...)}, "missing required field 'categories'", True),
    "category without topics": ({"r.yaml": _roadmap(**{"categories.0.topics": ...})}, "'topics'", True),
    "topic without name": ({"r.yaml": _roadmap(**{"categories.0.topics.0.name": ...})}, "'name'", True),
    "unknown top-level key": ({"r.yaml": _roadmap(colour="blue")}, "unknown field 'colour'", True),
    "unknown topic key": ({"r.yaml": _roadmap(**{"categories.0.topics.0.colour": "x"})}, "unknown field", True),
    # -- duplicates, references and cycles
    "duplicate roadmap ids": ({"a.yaml": VALID, "b.yaml": VALID}, "duplicate roadmap id 'extra'", True),
    "duplicate topic names": ({"r.yaml": _topics(_basic(), _basic())}, "duplicate", True),
    "duplicate category ids": (
        {"r.yaml": _dump({**roadmap_doc(), "categories": roadmap_doc()["categories"] * 2})},
        "duplicate",
        True,
    ),
    "missing prerequisite": (
        {"r.yaml": _topics(_basic(requires=["extra/core/nothing"]))},
        "unknown prerequisite",
        True,
    ),
    "prerequisite in a missing roadmap": ({"r.yaml": _topics(_basic(requires=["nope/core/x"]))}, "unknown", True),
    "self-requirement": ({"r.yaml": _topics(_basic(requires=["extra/core/basics"]))}, "itself", True),
    "two-topic cycle": (
        {"r.yaml": _topics(_basic("A", requires=["extra/core/b"]), _basic("B", requires=["extra/core/a"]))},
        "cycle",
        True,
    ),
    "cycle across roadmaps": (
        {
            "r.yaml": _topics(_basic("A", requires=["other/core/b"])),
            "o.yaml": _dump(roadmap_doc("other", topics=[_basic("B", requires=["extra/core/a"])])),
        },
        "cycle",
        True,
    ),
    # -- strength, parts, defaults and vendors
    "strength is not a strength": (
        {"r.yaml": _topics(_basic("A"), _basic(requires=[{"topic": "extra/core/a", "strength": "sometimes"}]))},
        "requires[0].strength: must be one of essential, recommended",
        True,
    ),
    "negative part hours": (
        {"r.yaml": _topics(_basic("A"), _basic(requires=[{"topic": "extra/core/a", "needs": "x", "hours": -1}]))},
        "requires[0].hours: must be more than 0",
        True,
    ),
    "part hours above the prerequisite's effort": (
        {"r.yaml": _topics(_basic("A"), _basic(requires=[{"topic": "extra/core/a", "needs": "x", "hours": 5}]))},
        "requires[0].hours: hours 5 is more than the effort of 'extra/core/a' (1 h)",
        True,
    ),
    "part without hours": (
        {"r.yaml": _topics(_basic("A"), _basic(requires=[{"topic": "extra/core/a", "needs": "x"}]))},
        "missing required field 'hours'",
        True,
    ),
    "hours without the part": (
        {"r.yaml": _topics(_basic("A"), _basic(requires=[{"topic": "extra/core/a", "hours": 1}]))},
        "'hours' goes with 'needs'",
        True,
    ),
    "default outside its group": (
        {
            "r.yaml": _topics(
                _basic("A"),
                _basic("B"),
                _basic("C"),
                _basic(requires=[{"any_of": ["extra/core/a", "extra/core/b"], "default": "extra/core/c"}]),
            )
        },
        "requires[0].default: default 'extra/core/c' is not a member of the group",
        True,
    ),
    "vendor is not an id": ({"r.yaml": _topics(_basic(vendor="Big Cloud"))}, "vendor: must be a vendor id", True),
    # -- shared files
    "integration names an unknown roadmap": (
        {
            "r.yaml": VALID,
            "integrations.yaml": _dump(
                {"integrations": [{"id": "x+y", "title": "X", "roadmaps": ["extra", "nope"], "points": ["p"]}]}
            ),
        },
        "nope",
        True,
    ),
    "concept alias is a number": (
        {"r.yaml": VALID, "concepts.yaml": _dump({"concepts": [{"id": "c", "name": "C", "aliases": [5]}]})},
        "aliases",
        True,
    ),
    "levels file is a list": ({"r.yaml": VALID, "levels.yaml": b"- beginner\n"}, "", True),
}


def test_the_corpus_is_big_enough():
    assert len(CORPUS) >= 40


@pytest.fixture
def folder(tmp_path):
    def make(files: dict[str, bytes]) -> Path:
        plugins = tmp_path / "plugins"
        plugins.mkdir()
        for name, content in files.items():
            (plugins / name).write_bytes(content)
        return plugins

    return make


def _cache_entries(tmp_path_factory) -> list[Path]:
    cache = tmp_path_factory.getbasetemp() / "kgraph-cache"
    return sorted(cache.rglob("*")) if cache.exists() else []


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_refused_cleanly(case, folder, run, tmp_path, tmp_path_factory):
    files, fragment, placed = CORPUS[case]
    plugins = folder(files)
    cached = _cache_entries(tmp_path_factory)
    out = tmp_path / "graph.json"
    for command in (("validate",), ("info",), ("export", "--format", "json", "-o", str(out))):
        result = (
            run("--no-builtin", "--plugins", plugins, *command)
            if command[0] != "validate"
            else run("validate", "--no-builtin", plugins)
        )
        assert result.exit_code == 2, (case, command, result.output)
        assert result.stdout == "", (case, command)
        assert "Traceback" not in result.stderr
        lines = result.stderr.strip().splitlines()
        assert lines and all(line.startswith("kgraph: ") or ".yaml" in line for line in lines), result.stderr
        assert any(name in result.stderr for name in files), (case, result.stderr)
        assert fragment in result.stderr, (case, result.stderr)
        if placed:
            assert PLACE.search(result.stderr), (case, result.stderr)
    assert not out.exists(), "nothing written"
    assert _cache_entries(tmp_path_factory) == cached, "nothing cached"


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_the_api_raises_input_errors_only(case, folder):
    plugins = folder(CORPUS[case][0])
    with pytest.raises(InputError) as info:
        kgraph.load_graph([plugins], builtin=False, use_entry_points=False, cache=False)
    assert isinstance(info.value, PluginError | CycleError), type(info.value)
