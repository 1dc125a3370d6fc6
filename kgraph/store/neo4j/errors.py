"""Neo4j's errors as kgraph's: :data:`CODE_ERRORS` maps a Neo4j status code to the
:class:`~kgraph.errors.KgraphError` subclass it becomes, and :func:`neo4j_errors` translates
whatever the driver raises inside a block.

Unreachable servers, refused credentials and unknown databases become
:class:`~kgraph.errors.ConnectionFailed` (exit code 3); bad Cypher, missing parameters and
writes in read-only mode :class:`~kgraph.errors.QueryError` subclasses (exit code 2); any other
server or driver error :class:`~kgraph.errors.StoreError`. Messages are one line and never hold
the password.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

from kgraph._util.text import shorten
from kgraph.errors import (
    ConnectionFailed,
    KgraphError,
    MissingParameter,
    QueryError,
    StoreError,
    WriteNotAllowed,
)

DATABASE_NOT_FOUND = "Neo.ClientError.Database.DatabaseNotFound"
SYNTAX_ERROR = "Neo.ClientError.Statement.SyntaxError"
PARAMETER_MISSING = "Neo.ClientError.Statement.ParameterMissing"
ACCESS_MODE = "Neo.ClientError.Statement.AccessMode"

CODE_ERRORS: dict[str, type[KgraphError]] = {
    DATABASE_NOT_FOUND: ConnectionFailed,
    SYNTAX_ERROR: QueryError,
    PARAMETER_MISSING: MissingParameter,
    ACCESS_MODE: WriteNotAllowed,
    "Neo.ClientError.Security.": ConnectionFailed,
    "Neo.ClientError.Statement.": QueryError,
    "Neo.ClientError.Schema.": QueryError,
    "Neo.ClientError.Procedure.": QueryError,
}
"""Neo4j status code -> the kgraph error it becomes. A key ending in ``.`` covers every code
starting with it (the longest key wins); a code matching no key becomes :class:`StoreError`."""


def error_class(code: str | None) -> type[KgraphError]:
    """The :class:`KgraphError` subclass a Neo4j status code becomes (see :data:`CODE_ERRORS`).

    >>> error_class("Neo.ClientError.Statement.SyntaxError").__name__
    'QueryError'
    >>> error_class("Neo.ClientError.Security.Forbidden").__name__, error_class("Neo.DatabaseError.X").__name__
    ('ConnectionFailed', 'StoreError')
    """
    code = code or ""
    if code in CODE_ERRORS:
        return CODE_ERRORS[code]
    prefixes = [key for key in CODE_ERRORS if key.endswith(".") and code.startswith(key)]
    return CODE_ERRORS[max(prefixes, key=len)] if prefixes else StoreError


def _one_line(text: str, limit: int = 300) -> str:
    line = " ".join(str(text).split())
    return shorten(line, limit)


def _first_line_raw(text: str) -> str:
    return next((line for line in str(text).splitlines() if line.strip()), "")


def _first_line(text: str) -> str:
    return _one_line(_first_line_raw(text))


def _short_syntax_message(message: str, limit: int = 160) -> str:
    """Neo4j's syntax message with a long list of expected tokens cut, keeping the position."""
    place = re.search(r"\(line \d+, column \d+", message)
    if len(message) <= limit or not place:
        return message
    head = message[: min(place.start(), limit)]
    if place.start() > limit and ", " in head:
        head = head[: head.rfind(", ")] + ", …"
    return f"{head.rstrip()} {place.group()})"


def _no_database(exc, message: str, where: str, database: str | None) -> KgraphError:
    name = f" {database!r}" if database else ""
    return ConnectionFailed(f"Neo4j{where} has no database{name} ({message})")


def _syntax_error(exc, message: str, where: str, database: str | None) -> KgraphError:
    full = _one_line(_first_line_raw(exc.message or str(exc)), limit=10_000)
    return QueryError(f"Cypher syntax error: {_short_syntax_message(full)}")


def _parameter_missing(exc, message: str, where: str, database: str | None) -> KgraphError:
    names = re.findall(r"[A-Za-z_][A-Za-z0-9_]*", message.partition(":")[2])
    return MissingParameter(names) if names else QueryError(f"Neo4j: {message}")


def _read_only(exc, message: str, where: str, database: str | None) -> KgraphError:
    return WriteNotAllowed("the query writes to the database, but runs read-only: pass --write to allow it")


_MESSAGES = {
    DATABASE_NOT_FOUND: _no_database,
    SYNTAX_ERROR: _syntax_error,
    PARAMETER_MISSING: _parameter_missing,
    ACCESS_MODE: _read_only,
}
"""Codes whose error gets a message of its own (the others: ``Neo4j: <Neo4j's first line>``)."""


def _from_code(exc, *, where: str, database: str | None) -> KgraphError:
    """The kgraph error for a ``neo4j.exceptions.Neo4jError``, chosen by its status code."""
    code = exc.code or ""
    message = _first_line(exc.message or str(exc))
    special = _MESSAGES.get(code)
    if special is not None:
        return special(exc, message, where, database)
    cls = error_class(code)
    if issubclass(cls, QueryError):  # the query's fault: the server's address adds nothing
        return cls(f"Neo4j: {message}")
    return cls(f"Neo4j{where}: {message}")


def _translate(exc: Exception, *, address: str | None = None, user: str | None = None, database: str | None = None):
    """The :class:`KgraphError` for a ``neo4j`` exception, or ``None`` for anything else."""
    from neo4j import exceptions as ne

    where = f" at {address}" if address else ""
    if isinstance(exc, ne.AuthError):
        who = f" for user {user!r}" if user else ""
        return ConnectionFailed(f"Neo4j{where} refused the credentials{who}: {_first_line(exc.message or exc)}")
    if isinstance(exc, ne.ServiceUnavailable | ne.SessionExpired | ne.ConnectionPoolError):
        return ConnectionFailed(f"cannot reach Neo4j{where}: {_unreachable_reason(exc)}")
    if isinstance(exc, ne.Neo4jError):
        return _from_code(exc, where=where, database=database)
    if isinstance(exc, ne.DriverError):
        return StoreError(f"Neo4j{where}: {_one_line(str(exc)) or type(exc).__name__}")
    return None


def _chain(exc: BaseException):
    """``exc`` and everything behind it: causes, contexts and the members of exception groups."""
    seen: set[int] = set()
    stack = [exc]
    while stack:
        item = stack.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        stack.append(item.__cause__ or item.__context__)
        stack.extend(reversed(getattr(item, "exceptions", None) or ()))


_ADDRESS = re.compile(r"(?:Resolved)?IPv[46]Address\(\('([^']*)', (\d+)[^)]*\)\)")


def _unreachable_reason(exc: BaseException) -> str:
    """The most specific reason a connection failed, as one short line."""
    import ssl

    chain = list(_chain(exc))
    tls = next((e for e in reversed(chain) if isinstance(e, ssl.SSLError)), None)
    if tls is not None:
        return f"TLS handshake failed ({_one_line(tls, 120)}); does the server have TLS enabled?"
    for item in chain:
        reason = re.search(r"\(reason ([^)]*)\)", str(item))
        if reason:
            return reason.group(1)
    drivers = [e for e in chain if type(e).__module__.startswith("neo4j") and str(e).strip()]
    last = drivers[-1] if drivers else exc
    text = str(last).strip()
    line = text.splitlines()[-1] if text else type(last).__name__
    return _one_line(_ADDRESS.sub(r"\1:\2", line))


@contextmanager
def neo4j_errors(*, address: str | None = None, user: str | None = None, database: str | None = None):
    """Turn ``neo4j`` exceptions raised inside the block into :class:`KgraphError` subclasses."""
    try:
        yield
    except KgraphError:
        raise
    except Exception as exc:
        error = _translate(exc, address=address, user=user, database=database)
        if error is None:
            raise
        raise error from None
