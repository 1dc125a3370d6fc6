"""Safe YAML loading that remembers where every value stands in the file.

Plugins are written by users and third parties, so loading is defensive: size and
nesting limits, UTF-8 only (a BOM is accepted), the safe loader (no custom tags),
no anchors or aliases (which also rules out "billion laughs" alias bombs), and no
duplicate keys. Every problem becomes a :class:`~kgraph.errors.Problem` with the
file, line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kgraph.errors import PluginError, Problem

MAX_FILE_BYTES = 5 * 1024 * 1024
"""Largest plugin file accepted (bytes)."""
MAX_DEPTH = 64
"""Deepest nesting of YAML collections accepted."""

KeyPath = tuple[str | int, ...]

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML was built with it (many times faster), else the pure one."""


@dataclass
class YamlDocument:
    """Parsed YAML data plus the line and column (1-based) of every value by key path."""

    source: str
    data: Any
    marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def place(self, path: KeyPath) -> tuple[int | None, int | None]:
        """Line and column of the value at ``path``, or of its closest ancestor."""
        path = tuple(path)
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, (None, None))

    def problem(self, path: KeyPath, message: str) -> Problem:
        """A problem at ``path`` in this document."""
        line, column = self.place(path)
        return Problem(self.source, message, line, column, format_path(path))


def format_path(path: KeyPath) -> str:
    """``('categories', 0, 'name')`` -> ``categories[0].name``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _mark_problem(source: str, message: str, mark) -> Problem:
    if mark is None:
        return Problem(source, message)
    return Problem(source, message, mark.line + 1, mark.column + 1)


def read_text(path: Path, *, source: str | None = None) -> str:
    """Read a plugin file as UTF-8 text, within the size limit.

    Raises:
        PluginError: missing, unreadable, too large, or not UTF-8.
    """
    source = source or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise PluginError(Problem(source, f"file is too large ({size} bytes; the limit is {MAX_FILE_BYTES})"))
        raw = path.read_bytes()
    except OSError as exc:
        raise PluginError(Problem(source, f"cannot read: {exc.strerror or exc}")) from None
    return decode(raw, source)


def decode(raw: bytes, source: str) -> str:
    """Decode UTF-8 bytes (with an optional BOM) or raise a :class:`PluginError` at the bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise PluginError(Problem(source, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})", line, column)) from None


def parse(text: str, source: str) -> YamlDocument:
    """Parse YAML text safely into a :class:`YamlDocument`.

    Raises:
        PluginError: syntax error, custom tag, alias, duplicate key, too deep, not one document.
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise PluginError(Problem(source, f"file is too large (the limit is {MAX_FILE_BYTES} bytes)"))
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(source, None)
        marks: dict[KeyPath, tuple[int, int]] = {}
        _check_tree(node, (), marks, source)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "invalid YAML"
        raise PluginError(_mark_problem(source, f"YAML error: {message}", mark)) from None
    except yaml.YAMLError as exc:
        raise PluginError(Problem(source, f"YAML error: {exc}")) from None
    except RecursionError:
        raise PluginError(Problem(source, f"nesting is too deep (the limit is {MAX_DEPTH} levels)")) from None
    finally:
        loader.dispose()
    return YamlDocument(source, data, marks)


def _check_tree(root: yaml.Node, path: KeyPath, marks: dict, source: str) -> None:
    """Record marks by key path; reject aliases, duplicate keys, odd keys and deep nesting."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, KeyPath]] = [(root, path)]
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            raise PluginError(_mark_problem(source, "YAML anchors and aliases are not allowed", node.start_mark))
        seen.add(id(node))
        if len(path) > MAX_DEPTH:
            raise PluginError(
                _mark_problem(source, f"nesting is too deep (the limit is {MAX_DEPTH} levels)", node.start_mark)
            )
        marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                    raise PluginError(_mark_problem(source, "keys must be plain strings", key_node.start_mark))
                key = key_node.value
                if key in keys:
                    raise PluginError(_mark_problem(source, f"duplicate key {key!r}", key_node.start_mark))
                keys.add(key)
                stack.append((value_node, (*path, key)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, (*path, index)) for index, child in enumerate(node.value))


def load(path: Path, *, source: str | None = None) -> YamlDocument:
    """Read and parse a YAML plugin file (see :func:`read_text` and :func:`parse`)."""
    source = source or str(path)
    return parse(read_text(path, source=source), source)
