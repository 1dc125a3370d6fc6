"""The Cypher query library (``queries/*.cypher``) and typed query parameters.

A query file is plain Cypher starting with a ``//`` comment block::

    // Prerequisites of a topic: every topic it transitively REQUIRES, nearest first.
    // params: $topic (topic id)
    // defaults: limit=10

The first line says what the query is for, ``params:`` documents its parameters and the
optional ``defaults:`` line gives values used when a parameter is not given (written like
``-p NAME=VALUE``). Nothing here talks to a server: see :mod:`kgraph.store.neo4j`.
"""

from __future__ import annotations

import difflib
import json
import re
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kgraph._util.results import Result
from kgraph.errors import InputError, MissingParameter, QueryError, StoreError

SUFFIX = ".cypher"
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")
_PARAM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_INT = re.compile(r"[+-]?\d+")
_FLOAT = re.compile(r"[+-]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?")
_CYPHER_PARAM = re.compile(r"[^\W\d]\w*|\d+")
INT64 = (-(2**63), 2**63 - 1)


def queries_dir() -> Path:
    """The folder of the query library (inside the installed package, or the source tree's ``queries/``)."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "_queries"
    return packaged if packaged.is_dir() else here.parent / "queries"


@dataclass(frozen=True)
class CypherQuery:
    """A Cypher statement with its documentation header, parameters and defaults."""

    name: str
    text: str
    path: Path | None = None
    purpose: str = ""
    params_doc: str = ""
    params: tuple[str, ...] = ()
    defaults: dict = field(default_factory=dict)

    @property
    def statement(self) -> str:
        """The text to send: one statement, without a trailing semicolon."""
        return statement_text(self.text)

    def bind(self, params: Mapping | None = None) -> dict:
        """The parameters to run the query with: its ``defaults`` overridden by ``params``.

        >>> q = parse_query("// defaults: limit=10\\nMATCH (t:Topic {id: $topic}) RETURN t LIMIT $limit")
        >>> q.bind({"topic": "topic:aws/x"})
        {'limit': 10, 'topic': 'topic:aws/x'}

        Raises:
            QueryError: ``params`` names a parameter the query does not use.
            MissingParameter: a parameter the query uses is neither in ``params`` nor defaulted.
        """
        given = dict(params or {})
        unknown = [name for name in given if name not in self.params]
        if unknown:
            takes = ", ".join(f"${p}" for p in self.params) or "no parameters"
            raise QueryError(f"query {self.name!r} has no parameter ${unknown[0]} (it takes: {takes})")
        values = {**self.defaults, **given}
        missing = [name for name in self.params if name not in values]
        if missing:
            shown = ", ".join(f"${p}" for p in missing)
            raise MissingParameter(missing, f"query {self.name!r} needs {shown}: give it with -p {missing[0]}=VALUE")
        return values


# ---------------------------------------------------------------- scanning Cypher text


def _scan(text: str):
    """Walk Cypher text outside strings and comments.

    Returns ``(params, semicolons, last_code)``: parameter names in order of first use,
    offsets of statement-ending semicolons, and the offset just after the last code character.
    """
    params: list[str] = []
    semicolons: list[int] = []
    last_code = 0
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
            continue
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
            continue
        if ch.isspace():
            i += 1
            continue
        if ch in "'\"":
            j = i + 1
            while j < n and text[j] != ch:
                j += 2 if text[j] == "\\" else 1
            i = j + 1
        elif ch == "`":
            j = i + 1
            while j < n:
                if text[j] == "`":
                    if text.startswith("``", j):
                        j += 2
                        continue
                    break
                j += 1
            i = j + 1
        elif ch == "$":
            if text.startswith("`", i + 1):
                end = text.find("`", i + 2)
                end = n if end < 0 else end
                name = text[i + 2 : end]
                i = end + 1
            else:
                match = _CYPHER_PARAM.match(text, i + 1)
                name = match.group() if match else ""
                i = match.end() if match else i + 1
            if name and name not in params:
                params.append(name)
        elif ch == ";":
            semicolons.append(i)
            i += 1
            continue
        else:
            i += 1
        last_code = min(i, n)
    return params, semicolons, last_code


def query_parameters(text: str) -> list[str]:
    """Names of the ``$parameters`` a Cypher statement uses, in order of first use.

    Strings, comments and backticked names are skipped.

    >>> query_parameters("MATCH (t:Topic {id: $topic}) // not $this\\nRETURN '$nor' + $x, $topic")
    ['topic', 'x']
    """
    return _scan(text)[0]


def statement_text(text: str) -> str:
    """``text`` as one statement without its trailing semicolon.

    Raises:
        QueryError: the text holds more than one statement, or none.
    """
    _params, semicolons, last_code = _scan(text)
    if last_code == 0:
        raise QueryError("the query is empty")
    if any(pos < last_code for pos in semicolons):
        raise QueryError("a query must be one Cypher statement (found ';' between statements)")
    if semicolons:
        return text[: semicolons[0]].rstrip()
    return text.rstrip()


# ---------------------------------------------------------------- parameters


def _check_value(value, name: str):
    """Reject values Neo4j cannot take as a parameter (integers beyond 64 bits)."""
    if isinstance(value, bool) or value is None or isinstance(value, (str, float)):
        return value
    if isinstance(value, int):
        if not INT64[0] <= value <= INT64[1]:
            raise InputError(f"parameter {name!r}: integer {value} does not fit in 64 bits")
        return value
    if isinstance(value, list):
        return [_check_value(v, name) for v in value]
    if isinstance(value, dict):
        return {k: _check_value(v, name) for k, v in value.items()}
    raise InputError(f"parameter {name!r}: unsupported value {value!r}")


def parse_value(text: str, name: str = "value"):
    """A parameter value from the command line, typed by its look.

    ``3`` is an int, ``1.5`` a float, ``true``/``false`` a bool, text starting with ``[`` or ``{``
    a JSON list or object; anything else stays a string.

    >>> [parse_value(v) for v in ["3", "1.5", "true", '["a", 2]', "topic:aws/x", "007"]]
    [3, 1.5, True, ['a', 2], 'topic:aws/x', 7]

    Raises:
        InputError: a list or object that is not valid JSON, or an integer beyond 64 bits.
    """
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    if _INT.fullmatch(text):
        return _check_value(int(text), name)
    if _FLOAT.fullmatch(text):
        return float(text)
    if text[:1] in ("[", "{"):
        try:
            return _check_value(json.loads(text), name)
        except json.JSONDecodeError as exc:
            raise InputError(f"parameter {name!r}: invalid JSON {text!r}: {exc.msg}") from None
    return text


def parse_param(item: str) -> tuple[str, object]:
    """``NAME=VALUE`` (typed by :func:`parse_value`) or ``NAME:=JSON`` (any JSON value).

    >>> parse_param("n=3"), parse_param('id:="007"'), parse_param("known:=[]")
    (('n', 3), ('id', '007'), ('known', []))

    Raises:
        InputError: no ``=``, a bad name, or bad JSON.
    """
    name, sep, raw = item.partition("=")
    if not sep:
        raise InputError(f"parameter {item!r}: expected NAME=VALUE or NAME:=JSON")
    as_json = name.endswith(":")
    name = name[:-1] if as_json else name
    if not _PARAM_NAME.fullmatch(name):
        raise InputError(f"parameter {item!r}: the name must be letters, digits and _ (not starting with a digit)")
    if not as_json:
        return name, parse_value(raw, name)
    try:
        return name, _check_value(json.loads(raw), name)
    except json.JSONDecodeError as exc:
        raise InputError(f"parameter {name!r}: invalid JSON {raw!r}: {exc.msg}") from None


def parse_params(items) -> dict:
    """Parse several ``-p`` items into a dict.

    Raises:
        InputError: a bad item, or a name given twice.
    """
    params: dict = {}
    for item in items:
        name, value = parse_param(item)
        if name in params:
            raise InputError(f"parameter {name!r} is given twice")
        params[name] = value
    return params


# ---------------------------------------------------------------- the library


def _header(text: str) -> list[str]:
    lines: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("//"):
            lines.append(stripped[2:].strip())
        elif stripped or lines:
            break
    return lines


def parse_query(text: str, name: str = "query", path: Path | None = None) -> CypherQuery:
    """A :class:`CypherQuery` from Cypher text with an optional ``//`` header.

    Raises:
        InputError: a bad ``defaults:`` line.
    """
    purpose, params_doc, defaults = "", "", {}
    for line in _header(text):
        key, _, rest = line.partition(":")
        key = key.strip().lower()
        if key == "params" and rest:
            params_doc = rest.strip()
        elif key == "defaults" and rest:
            try:
                items = shlex.split(rest)
            except ValueError as exc:
                raise InputError(f"{path or name}: bad defaults line: {exc}") from None
            defaults = parse_params(items)
        elif not purpose and line:
            purpose = line
    return CypherQuery(
        name=name,
        text=text,
        path=path,
        purpose=purpose,
        params_doc=params_doc,
        params=tuple(query_parameters(text)),
        defaults=defaults,
    )


def _read(path: Path, name: str) -> CypherQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not a UTF-8 text file") from None
    except OSError as exc:
        raise StoreError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return parse_query(text, name, path)


@dataclass
class QueryLibrary(Result, Sequence):
    """The queries of a library folder, by name; indexable like a list. ``rows()`` gives each
    query's name, parameters and purpose."""

    folder: str
    queries: list[CypherQuery] = field(default_factory=list)

    def __getitem__(self, index):
        return self.queries[index]

    def __len__(self) -> int:
        return len(self.queries)

    def rows(self) -> list[dict]:
        """One row per query: ``name``, ``params`` (as ``$a, $b``), ``purpose``."""
        return [{"name": q.name, "params": ", ".join(f"${p}" for p in q.params), "purpose": q.purpose} for q in self]

    def to_dict(self) -> dict:
        """The folder and the rows."""
        return {"folder": self.folder, "queries": self.rows()}


def list_queries(folder: Path | None = None) -> QueryLibrary:
    """Every query in the library folder, sorted by name.

    Example:
        >>> [q.name for q in list_queries()][:3]
        ['bus_factor', 'cross_roadmap_bridges', 'dependents']
    """
    folder = folder or queries_dir()
    if not folder.is_dir():
        return QueryLibrary(str(folder))
    found = [_read(path, path.stem) for path in sorted(folder.glob(f"*{SUFFIX}")) if path.is_file()]
    return QueryLibrary(str(folder), found)


def load_query(ref: str | Path, folder: Path | None = None) -> CypherQuery:
    """A query by library name (``prerequisites``) or by file path (``my/query.cypher``).

    A plain name is looked up in the library first, then as a file.

    Raises:
        InputError: no such query (with the closest library names) or file.
        StoreError: the file cannot be read.
    """
    folder = folder or queries_dir()
    text = str(ref)
    path = Path(text)
    stem = text[: -len(SUFFIX)] if text.endswith(SUFFIX) else text
    if _NAME.fullmatch(stem) and (folder / f"{stem}{SUFFIX}").is_file():
        return _read(folder / f"{stem}{SUFFIX}", stem)
    if path.is_file():
        return _read(path, path.stem)
    if path.exists():
        raise InputError(f"{text}: not a query file")
    if _NAME.fullmatch(stem):
        names = [q.stem for q in sorted(folder.glob(f"*{SUFFIX}"))] if folder.is_dir() else []
        close = difflib.get_close_matches(stem, names, n=3, cutoff=0.5)
        hint = f"; did you mean: {', '.join(close)}" if close else f"; available: {', '.join(names) or 'none'}"
        raise InputError(f"unknown query {stem!r}{hint}")
    raise InputError(f"{text}: no such query file")
