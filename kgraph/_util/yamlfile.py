"""Safe YAML loading that remembers where every value stands in the file.

Plugins are written by users and third parties, so loading is defensive: size and
nesting limits, UTF-8 only (a BOM is accepted), the safe loader (no custom tags),
no anchors or aliases (which also rules out "billion laughs" alias bombs), and no
duplicate keys. Every problem becomes a :class:`~kgraph.errors.Problem` with the
file, line and column.
"""

from __future__ import annotations

import re
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
        if isinstance(part, int) or not _PLAIN_KEY.fullmatch(str(part)):
            out += f"[{part!r}]"
        else:
            out += f".{part}" if out else part
    return out


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


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
            raise PluginError(
                Problem(
                    source, f"file is too large ({size / 2**20:.1f} MB; the limit is {MAX_FILE_BYTES / 2**20:g} MB)"
                )
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise PluginError(Problem(source, f"cannot read: {exc.strerror or exc}")) from None
    return decode(raw, source)


_OTHER_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def _line_column(data: str | bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``data``."""
    newline = b"\n" if isinstance(data, bytes) else "\n"
    before = data[:offset]
    return before.count(newline) + 1, offset - (before.rfind(newline) + 1) + 1


def decode(raw: bytes, source: str) -> str:
    """Decode UTF-8 bytes (with an optional BOM) or raise a :class:`PluginError` at the bad byte."""
    for bom, encoding in _OTHER_BOMS:
        if raw.startswith(bom):
            raise PluginError(
                Problem(
                    source, f"file is {encoding} (it starts with a {encoding} byte-order mark); save it as UTF-8", 1, 1
                )
            )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _line_column(raw, exc.start)
        raise PluginError(Problem(source, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})", line, column)) from None


def parse(text: str, source: str) -> YamlDocument:
    """Parse YAML text safely into a :class:`YamlDocument`.

    A fast pass builds the data and marks straight from the parser's events; a document it
    does not vouch for (any alias, anchor, tag, odd or duplicate key, deep nesting, error)
    is parsed again by the checking pass, which gives the exact error.

    Raises:
        PluginError: syntax error, custom tag, alias, duplicate key, too deep, not one document.
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise PluginError(Problem(source, f"file is too large (the limit is {MAX_FILE_BYTES / 2**20:g} MB)"))
    loader = _LOADER(text)
    try:
        data, marks = _EventBuilder(loader).document()
        return YamlDocument(source, data, marks)
    except (_Unsure, yaml.YAMLError):
        pass
    finally:
        loader.dispose()
    return _parse_checked(text, source)


def _parse_checked(text: str, source: str) -> YamlDocument:
    """The checking pass of :func:`parse`: compose nodes, check them, then construct."""
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(source, None)
        marks: dict[KeyPath, tuple[int, int]] = {}
        _check_tree(node, (), marks, source)
        data = _construct(loader, node, source)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "invalid YAML"
        raise PluginError(_mark_problem(source, f"YAML error: {message}", mark)) from None
    except yaml.reader.ReaderError as exc:
        raise PluginError(_reader_problem(text, source, exc)) from None
    except yaml.YAMLError as exc:
        raise PluginError(Problem(source, f"YAML error: {' '.join(str(exc).split())}")) from None
    except RecursionError:
        raise PluginError(Problem(source, f"nesting is too deep (the limit is {MAX_DEPTH} levels)")) from None
    finally:
        loader.dispose()
    return YamlDocument(source, data, marks)


def _reader_problem(text: str, source: str, exc) -> Problem:
    """A character libyaml refuses (a control character, say), at its line and column."""
    line, column = _line_column(text, exc.position)
    char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
    return Problem(source, f"YAML error: character U+{char:04X} is not allowed ({exc.reason})", line, column)


def _construct(loader, node: yaml.Node, source: str) -> Any:
    """The node's data; a value that cannot be built (``2023-02-30``) is reported at its place."""
    try:
        return loader.construct_document(node)
    except (ValueError, OverflowError, TypeError) as exc:
        for scalar in _scalars(node):
            build = loader.yaml_constructors.get(scalar.tag)
            try:
                if build is not None:
                    build(loader, scalar)
            except (ValueError, OverflowError, TypeError):
                raise PluginError(
                    _mark_problem(source, f"YAML error: cannot read {scalar.value!r}: {exc}", scalar.start_mark)
                ) from None
        raise PluginError(Problem(source, f"YAML error: cannot read a value: {exc}")) from None


def _scalars(node: yaml.Node):
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            yield node
        elif isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in reversed(node.value) for part in reversed(pair))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))


_NOT_FINITE = frozenset({".inf", ".nan"})


def _not_finite(tag: str, text: str) -> bool:
    """Whether a scalar is ``.inf`` or ``.nan`` (any sign or case), which no plugin field takes."""
    return tag == _FLOAT_TAG and text.lower().lstrip("+-") in _NOT_FINITE


class _Unsure(Exception):
    """The fast pass met something only the checking pass may judge."""


_STR_TAG = "tag:yaml.org,2002:str"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_SCALAR_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "timestamp"))


class _EventBuilder:
    """The fast pass: data and marks built from parser events, as the checking pass would.

    Plain scalars are resolved as the loader resolves them (cached by text); anything
    beyond untagged, unanchored scalars, lists and mappings with new scalar keys, within
    :data:`MAX_DEPTH`, raises :class:`_Unsure`.
    """

    def __init__(self, loader):
        self.loader = loader
        self.next_event = loader.get_event
        self.resolvers = loader.yaml_implicit_resolvers
        if None in self.resolvers or loader.yaml_path_resolvers:
            raise _Unsure
        self.resolved: dict[str, Any] = {}
        self.marks: dict[KeyPath, tuple[int, int]] = {}

    def document(self) -> tuple[Any, dict[KeyPath, tuple[int, int]]]:
        """The one document's data and marks (``None`` and no marks for an empty stream)."""
        self.next_event()  # StreamStartEvent
        if isinstance(self.next_event(), yaml.StreamEndEvent):
            return None, self.marks
        event = self.next_event()
        self._mark((), event)
        data = self.scalar(event) if isinstance(event, yaml.ScalarEvent) else self.collection(event)
        if not isinstance(self.next_event(), yaml.DocumentEndEvent) or not isinstance(
            self.next_event(), yaml.StreamEndEvent
        ):
            raise _Unsure
        return data, self.marks

    def _mark(self, path: KeyPath, event) -> None:
        if len(path) > MAX_DEPTH:
            raise _Unsure
        self.marks[path] = (event.start_mark.line + 1, event.start_mark.column + 1)

    def scalar(self, event) -> Any:
        """The value of a scalar event."""
        if event.anchor is not None or event.tag is not None:
            raise _Unsure
        text = event.value
        if not event.implicit[0] or text[:1] not in self.resolvers:
            return text
        try:
            return self.resolved[text]
        except KeyError:
            value = self.resolved[text] = self._construct(text)
            return value

    def _construct(self, text: str) -> Any:
        loader = self.loader
        tag = loader.resolve(yaml.ScalarNode, text, (True, False))
        if tag == _STR_TAG:
            return text
        if tag not in _SCALAR_TAGS or _not_finite(tag, text):
            raise _Unsure
        try:
            return loader.yaml_constructors[tag](loader, yaml.ScalarNode(tag, text))
        except Exception:  # e.g. an impossible date: the checking pass raises it as before
            raise _Unsure from None

    def collection(self, event) -> dict | list:
        """The value of a collection starting at ``event``, read up to its end event."""
        root = container = self._new(event)
        path: KeyPath = ()
        keys: set[str] | None = set() if isinstance(root, dict) else None
        key = raw = None  # key: (value,) while a mapping waits for that key's value; raw: its text
        stack: list = []
        while True:
            event = self.next_event()
            kind = type(event)
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                if not stack:
                    return root
                container, path, keys = stack.pop()
                key = None
                continue
            if keys is not None and key is None:
                if kind is not yaml.ScalarEvent or event.value in keys:
                    raise _Unsure
                raw = event.value
                keys.add(raw)
                key = (self.scalar(event),)
                continue
            child = (*path, raw) if keys is not None else (*path, len(container))
            self._mark(child, event)
            value = self.scalar(event) if kind is yaml.ScalarEvent else self._new(event)
            if keys is not None:
                container[key[0]] = value
                key = None
            else:
                container.append(value)
            if kind is not yaml.ScalarEvent:
                stack.append((container, path, keys))
                container, path = value, child
                keys = set() if kind is yaml.MappingStartEvent else None

    def _new(self, event) -> dict | list:
        if event.anchor is not None or event.tag is not None:
            raise _Unsure
        return {} if isinstance(event, yaml.MappingStartEvent) else []


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
        if isinstance(node, yaml.ScalarNode) and _not_finite(node.tag, node.value):
            raise PluginError(_mark_problem(source, f"{node.value} is not a finite number", node.start_mark))
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
