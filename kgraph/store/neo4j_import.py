"""A folder for ``neo4j-admin database import full``: the graph as CSV files, for graphs too
large to push live (``kgraph export --format neo4j-import -o DIR``).

The database the import makes holds what :func:`~kgraph.store.neo4j.push.push_graph` would
write: the same labels, ``id`` and other properties (encoded by
:func:`~kgraph.store.neo4j.properties.encode_properties`, ``_kgraph_json`` and
``_kgraph_order`` included) and relationship types and properties, so
:func:`~kgraph.store.neo4j.read.pull_graph` reads back the same graph. The folder holds:

* ``nodes-LABEL.csv`` (one per label; ``nodes-LABEL-2.csv`` ... when an attribute has values of
  two types under one label, e.g. integer and float hours) and ``relationships-TYPE.csv``,
  each with its typed header (``id:ID``, ``effort_hours:long``, ``aliases:string[]``,
  ``:START_ID``, ``:END_ID``; one global id space, the label or type given on the command
  line). Strings are always quoted (``""`` is the empty string, an empty field no property),
  array elements are split by U+001F.
* ``after-import.cypher``: one statement a line, to run once the server is up: the
  uniqueness constraints a push makes (the import makes none), then fix-ups for the lists CSV
  cannot hold (``[]``, ``[""]``: the files carry them as JSON text listed in ``_kgraph_json``,
  so a pull reads them back right even before the fix-ups).
* ``README.txt``: the ``neo4j-admin`` command with the paths written, and the steps.

Files are written to a folder beside ``DIR`` and renamed into place when complete, with rows
streamed from the graph (two passes: one for the column types, one to write), so nothing is
half-written and memory does not grow with the graph.
"""

from __future__ import annotations

import json
import math
import os
import shlex
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kgraph._util import progress
from kgraph._util.files import _umask
from kgraph._util.results import Result, record_rows
from kgraph.errors import InputError, StoreError
from kgraph.model.kinds import EdgeKind, NodeKind
from kgraph.store.neo4j.properties import JSON_KEYS, ORDER_KEY, _label, _node_row, _rel_row, _rel_type, _storable

if TYPE_CHECKING:
    import networkx as nx

ARRAY_DELIMITER = "\x1f"
"""Between array elements (``--array-delimiter=U+001F``): a control character text rarely holds."""
README = "README.txt"
AFTER_IMPORT = "after-import.cypher"
IMPORT_REPORT = "import.report"
"""Where the command has neo4j-admin list bad entries (in the folder)."""
_MARKER = "kgraph neo4j-import folder"
# neo4j-admin reads a header name up to '(' or '{' (id group, options); U+001F would split _kgraph_json
_BAD_KEY_CHARS = "\n\r({" + ARRAY_DELIMITER
_ESCAPED_LISTS = {"[]": "[]", '[""]': "['']"}  # JSON text -> the Cypher list it stands for


@dataclass
class ImportFile:
    """One CSV file of the folder: its name, what it holds (``nodes`` of ``name``, or
    ``relationships`` of a type), rows, size, and whether fields span lines."""

    file: str
    element: str
    name: str
    rows: int = 0
    bytes: int = 0
    multiline: bool = False


@dataclass
class ImportFolder(Result):
    """What :func:`write_import_folder` wrote: the folder, the ``neo4j-admin`` command to run
    (``command``; ``admin_args`` are its arguments after ``neo4j-admin``), the statements to
    run after the import, counts, bytes and seconds. ``rows()``: one row per CSV file."""

    folder: str
    command: str
    admin_args: list[str]
    after_import: list[str]
    nodes: int = 0
    relationships: int = 0
    bytes: int = 0
    seconds: float = 0.0
    files: list[ImportFile] = field(default_factory=list)

    def rows(self) -> list[dict]:
        """One row per CSV file: file, element, name, rows, bytes, multiline."""
        return record_rows(self.files)


# ---------------------------------------------------------------- values and headers


def _scalar_text(value, where: str) -> str:
    """A scalar as neo4j-admin reads it (unquoted; strings are quoted by the caller)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if ARRAY_DELIMITER in value:
        raise InputError(f"{where}: a list element holds U+001F, the array delimiter of the CSV files")
    return value


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def field_text(value, where: str = "value") -> str:
    """``value`` (a property value as a push stores it) as one CSV field.

    Raises:
        InputError: a list element holding the array delimiter (U+001F).

    Example:
        >>> field_text('say "hi", then go'), field_text(2.5), field_text(["a", "b"]).split("\\x1f")
        ('"say ""hi"", then go"', '2.5', ['"a', 'b"'])
    """
    if isinstance(value, str):
        return _quoted(value)
    if isinstance(value, list):
        return _quoted(ARRAY_DELIMITER.join(_scalar_text(v, where) for v in value))
    return _scalar_text(value, where)


def _scalar_type(value) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    return "double" if isinstance(value, float) else "string"


def csv_type(value) -> str:
    """The neo4j-admin column type of a stored value: ``long``, ``double``, ``string[]``..."""
    if isinstance(value, list):
        return _scalar_type(value[0]) + "[]"
    return _scalar_type(value)


def _stored_type(value) -> tuple[str, bool]:
    """The column type an attribute value gets once encoded and escaped, and whether it is
    then listed in ``_kgraph_json`` (the first pass's shortcut: no encoding)."""
    if not _storable(value):
        return "string", True
    if isinstance(value, (list, tuple)):
        if not value or list(value) == [""]:
            return "string", True
        return _scalar_type(value[0]) + "[]", False
    return _scalar_type(value), False


def _header_name(key: str, kind: str) -> str:
    return _quoted(f"{key}:{kind}")


def _check_key(key: str, where: str) -> None:
    bad = next((c for c in _BAD_KEY_CHARS if c in key), None)
    if bad is not None:
        raise InputError(
            f"{where}: attribute name {key!r} holds {bad!r}, which the neo4j-admin CSV files cannot hold "
            "(use kgraph neo4j push instead)"
        )


def _escape_lists(props: dict) -> list[str]:
    """Lists CSV cannot hold (``[]``, ``[""]``) as JSON text, listed in ``_kgraph_json``; their keys."""
    escaped = [k for k, v in props.items() if isinstance(v, list) and (not v or v == [""])]
    if escaped:
        for key in escaped:
            props[key] = json.dumps(props[key])
        props[JSON_KEYS] = sorted({*props.get(JSON_KEYS, ()), *escaped})
    return escaped


# ---------------------------------------------------------------- the graph as rows


class _Rows:
    """The graph's rows as the push makes them, checked for CSV: (element, name, key, props)."""

    def __init__(self, G: nx.MultiDiGraph):
        self.G = G
        self._checked: set[str] = set()
        self._names: dict[str, str] = {}
        self.escaped: dict[str, set[tuple[str, str, str]]] = {"nodes": set(), "relationships": set()}

    def _props(self, props: dict, where: str, element: str, name: str) -> dict:
        for key in _escape_lists(props):
            self.escaped[element].add((name, key, props[key]))
        for key in props:
            if key not in self._checked:
                _check_key(key, where)
                self._checked.add(key)
        return props

    def _name(self, kind, where: str, check) -> str:
        """``kind``'s label or relationship type (``check`` raises for an unknown one)."""
        name = self._names.get(kind) if isinstance(kind, str) else None
        if name is None:
            name = check(kind, where)
            self._names[kind] = name
        return name

    def node_types(self):
        """``(label, attrs)`` for every node, checked only for its label (the first pass)."""
        for node, attrs in self.G.nodes(data=True):
            yield self._name(attrs.get("kind"), f"node {node!r}", _label), attrs

    def edge_types(self):
        """``(type, attrs)`` for every edge, checked only for its type (the first pass)."""
        for u, v, attrs in self.G.edges(data=True):
            yield self._name(attrs.get("kind"), f"edge {u!r} -> {v!r}", _rel_type), attrs

    def nodes(self):
        """``(label, id, props)`` for every node, ``id`` not among the props."""
        for order, (node, attrs) in enumerate(self.G.nodes(data=True)):
            where = f"node {node!r}"
            if not isinstance(node, str) or not node:
                raise InputError(f"{where}: node ids must be non-empty strings to be stored in Neo4j")
            label = self._name(attrs.get("kind"), where, _label)
            props = _node_row(node, attrs, order)["props"]
            del props["id"]
            yield label, node, self._props(props, where, "nodes", label)

    def edges(self):
        """``(type, (source, target), props)`` for every edge."""
        for order, (u, v, key, attrs) in enumerate(self.G.edges(keys=True, data=True)):
            where = f"edge {u!r} -> {v!r}"
            rel_type = self._name(attrs.get("kind"), where, _rel_type)
            if key != rel_type:
                raise InputError(f"{where}: key {key!r} is not its kind {rel_type!r} (kgraph keys edges by kind)")
            props = _rel_row(u, v, attrs, order)["props"]
            yield rel_type, (u, v), self._props(props, where, "relationships", rel_type)


class _Plan:
    """Column types by label (or type) from a first pass; then a file per label and signature
    (the types of the keys whose type varies under that label)."""

    def __init__(self, element: str, prefix: str, key_columns: list[str]):
        self.element, self.prefix, self.key_columns = element, prefix, key_columns
        self.types: dict[str, dict[str, set[str]]] = {}
        self.files: dict[tuple[str, tuple], tuple[ImportFile, object]] = {}

    def learn(self, name: str, attrs: dict, skip: str) -> None:
        """Note the column types ``attrs`` will need once encoded (``skip``: not a property)."""
        types = self.types.setdefault(name, {})
        as_json = False
        for key, value in attrs.items():
            if key != skip:
                kind, escaped = _stored_type(value)
                types.setdefault(key, set()).add(kind)
                as_json = as_json or escaped
        types.setdefault(ORDER_KEY, set()).add("long")
        if as_json:
            types.setdefault(JSON_KEYS, set()).add("string[]")

    def _varying(self, name: str) -> list[str]:
        return [key for key, seen in self.types[name].items() if len(seen) > 1]

    def write(self, folder: Path, name: str, key_values: list[str], props: dict, where: str) -> None:
        varying = self._varying(name)
        signature = tuple(csv_type(props[k]) if k in props else None for k in varying)
        entry = self.files.get((name, signature))
        if entry is None:
            entry = self._open(folder, name, varying, signature)
        info, (handle, columns) = entry
        cells = [*key_values, *(field_text(props[k], where) if k in props else "" for k in columns)]
        line = ",".join(cells) + "\n"
        handle.write(line)
        info.rows += 1
        if not info.multiline and ("\n" in line[:-1] or "\r" in line):
            info.multiline = True

    def _open(self, folder: Path, name: str, varying: list[str], signature: tuple):
        count = sum(1 for n, _ in self.files if n == name)
        file = f"{self.prefix}-{name}{'' if count == 0 else f'-{count + 1}'}.csv"
        fixed = dict(zip(varying, signature, strict=True))
        columns = [k for k in sorted(self.types[name]) if fixed.get(k, "") is not None]
        kinds = {k: fixed.get(k) or next(iter(self.types[name][k])) for k in columns}
        handle = open(folder / file, "w", encoding="utf-8", newline="")  # noqa: SIM115 (closed by close())
        handle.write(",".join([*self.key_columns, *(_header_name(k, kinds[k]) for k in columns)]) + "\n")
        entry = (ImportFile(file, self.element, name), (handle, columns))
        self.files[(name, signature)] = entry
        return entry

    def close(self, folder: Path, order: list[str]) -> list[ImportFile]:
        """Close every file; their records in ``order`` (labels or types), then as opened."""
        for _, (handle, _) in self.files.values():
            handle.close()
        infos = [info for info, _ in self.files.values()]
        for info in infos:
            info.bytes = (folder / info.file).stat().st_size
        return sorted(infos, key=lambda i: order.index(i.name))


# ---------------------------------------------------------------- the folder


def _check_target(folder: Path) -> None:
    """Refuse a target that is a file, or a folder of other files (it would be replaced)."""
    if "," in str(folder):
        raise InputError(f"{folder}: neo4j-admin splits file lists at commas; choose a folder without one")
    if folder.exists() or folder.is_symlink():
        if not folder.is_dir():
            raise InputError(f"{folder}: exists and is not a folder")
        if any(folder.iterdir()) and not _is_import_folder(folder):
            raise InputError(f"{folder}: not empty and not a kgraph neo4j-import folder; choose a new or empty folder")


def _is_import_folder(folder: Path) -> bool:
    try:
        with open(folder / README, encoding="utf-8") as handle:
            return handle.readline().startswith(_MARKER)
    except OSError:
        return False


def admin_arguments(folder: Path, files: list[ImportFile], database: str = "neo4j") -> list[str]:
    """The arguments of ``neo4j-admin`` that import ``files`` of ``folder`` into ``database``."""
    # The database first: --nodes and --relationships take every later word as a file.
    args = ["database", "import", "full", database, "--overwrite-destination", "--array-delimiter=U+001F"]
    args.append(f"--report-file={folder / IMPORT_REPORT}")  # else import.report lands in the working folder
    multiline = [str(folder / f.file) for f in files if f.multiline]
    if multiline:
        args += ["--multiline-fields-format=v2", "--multiline-fields=" + ",".join(multiline)]
    return args + [f"--{f.element}={f.name}={folder / f.file}" for f in files]


def after_import_statements(node_lists: set, rel_lists: set) -> list[str]:
    """The uniqueness constraints a push makes, then the fix-ups of escaped lists.

    ``node_lists`` holds ``(label, key, json_text)``, ``rel_lists`` ``(type, key, json_text)``.
    """
    statements = [
        f"CREATE CONSTRAINT kgraph_{kind.value}_id IF NOT EXISTS FOR (n:{kind.label}) REQUIRE n.id IS UNIQUE;"
        for kind in NodeKind
    ]
    for pattern, entries in (("(n:{})", node_lists), ("()-[n:{}]->()", rel_lists)):
        for name, key, text in sorted(entries):
            prop, literal = f"n.`{key.replace('`', '``')}`", _cypher_string(key)
            statements.append(
                f"MATCH {pattern.format(name)} WHERE {prop} = {_cypher_string(text)} AND {literal} IN n.{JSON_KEYS} "
                f"SET {prop} = {_ESCAPED_LISTS[text]}, n.{JSON_KEYS} = CASE WHEN size(n.{JSON_KEYS}) = 1 "
                f"THEN null ELSE [k IN n.{JSON_KEYS} WHERE k <> {literal}] END;"
            )
    return statements


def _cypher_string(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def write_import_folder(G: nx.MultiDiGraph, folder: str | Path, *, database: str = "neo4j") -> ImportFolder:
    """Write ``G`` to ``folder`` for ``neo4j-admin database import full`` (see the module docs).

    ``folder`` must be new, empty, or a folder this function wrote before (it is replaced
    whole). ``database`` is the name the command imports into.

    Raises:
        InputError: ``G`` is empty or holds what Neo4j (see ``check_graph``) or the CSV files
            cannot (an attribute name with a newline, ``(``, ``{`` or U+001F; a list element
            with U+001F), or ``folder`` is a file, a folder of other files, or has a comma.
        StoreError: the files cannot be written.

    Example (``tests/store/test_neo4j_import.py`` runs the command it gives)::

        summary = write_import_folder(kgraph.load_graph(), "graph-import")
        print(summary.command)  # neo4j-admin database import full neo4j --overwrite-destination ...
    """
    started = time.perf_counter()
    folder = Path(os.path.abspath(folder))
    _check_target(folder)
    if not G.number_of_nodes():
        raise InputError("the graph is empty: neo4j-admin needs at least one node to import")
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.", suffix=".tmp"))
    except OSError as exc:
        raise StoreError(f"{folder}: cannot write: {exc.strerror or exc}") from None
    try:
        summary = _write(G, work, folder, database)
        _write_text(work / README, _readme(summary))
        _write_text(work / AFTER_IMPORT, "".join(s + "\n" for s in summary.after_import))
        os.chmod(work, 0o777 & ~_umask())
        _replace(work, folder)
    except OSError as exc:
        shutil.rmtree(work, ignore_errors=True)
        raise StoreError(f"{folder}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    summary.seconds = time.perf_counter() - started
    return summary


def _write(G: nx.MultiDiGraph, work: Path, folder: Path, database: str) -> ImportFolder:
    """Both passes: column types, then the files (in ``work``; paths named for ``folder``)."""
    rows = _Rows(G)
    nodes = _Plan("nodes", "nodes", ["id:ID"])
    rels = _Plan("relationships", "relationships", [":START_ID", ":END_ID"])
    with progress.task("Checking the graph", total=G.number_of_nodes() + G.number_of_edges(), unit="rows") as tick:
        for label, attrs in rows.node_types():
            nodes.learn(label, attrs, "id")
            tick()
        for rel_type, attrs in rows.edge_types():
            rels.learn(rel_type, attrs, "kind")
            tick()
    try:
        with progress.task(
            f"Writing {folder.name}", total=G.number_of_nodes() + G.number_of_edges(), unit="rows"
        ) as tick:
            for label, node, props in rows.nodes():
                nodes.write(work, label, [_quoted(node)], props, f"node {node!r}")
                tick()
            for rel_type, (u, v), props in rows.edges():
                rels.write(work, rel_type, [_quoted(u), _quoted(v)], props, f"edge {u!r} -> {v!r}")
                tick()
    finally:
        files = nodes.close(work, [k.label for k in NodeKind]) + rels.close(work, [k.value for k in EdgeKind])
    args = admin_arguments(folder, files, database)
    return ImportFolder(
        folder=str(folder),
        command=shlex.join(["neo4j-admin", *args]),
        admin_args=args,
        after_import=after_import_statements(rows.escaped["nodes"], rows.escaped["relationships"]),
        nodes=G.number_of_nodes(),
        relationships=G.number_of_edges(),
        bytes=sum(f.bytes for f in files),
        files=files,
    )


def _write_text(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def _replace(work: Path, folder: Path) -> None:
    """Move the finished ``work`` folder to ``folder`` (an earlier export there is removed)."""
    _check_target(folder)  # again: something may have appeared while writing
    old = None
    if folder.exists():
        if not any(folder.iterdir()):
            folder.rmdir()
        else:
            old = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.", suffix=".old"))
            os.replace(folder, old / folder.name)
    os.replace(work, folder)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _readme(summary: ImportFolder) -> str:
    """README.txt: what the folder holds and the steps, with the command for these paths."""
    folder = summary.folder
    dev_args = shlex.join(["scripts/neo4j-dev", "admin", *summary.admin_args])
    lines = [
        f"{_MARKER}: {summary.nodes} nodes, {summary.relationships} relationships, written by kgraph export",
        "",
        "1. Stop the Neo4j server, then import (this replaces the database named last):",
        "",
        f"   {summary.command}",
        "",
        "   (neo4j-admin is in the bin/ folder of a Neo4j installation; with kgraph's dev server:",
        f"   {dev_args})",
        "   (A neo4j-admin without --multiline-fields-format takes --multiline-fields=true instead.)",
        "",
        "2. Start the server and run the statements of after-import.cypher, one a line: the",
        "   uniqueness constraints on id that kgraph neo4j push makes (neo4j-admin makes none;",
        "   the next kgraph neo4j push would make them too), then fix-ups that turn the lists",
        "   CSV cannot hold ([] and ['']) from JSON text back into lists. With cypher-shell:",
        "",
        f"   cypher-shell -f {shlex.quote(str(Path(folder) / AFTER_IMPORT))}",
        "",
        "   or with kgraph (connection from NEO4J_URI etc., as for kgraph neo4j push):",
        "",
        f"   while IFS= read -r s; do printf '%s\\n' \"$s\" | kgraph query --write -; done < "
        f"{shlex.quote(str(Path(folder) / AFTER_IMPORT))}",
        "",
        "Files (typed headers; strings quoted; array elements split by U+001F):",
        *(f"   {f.file}: {f.rows} {f.element} ({f.name})" for f in summary.files),
        "",
    ]
    return "\n".join(lines)
