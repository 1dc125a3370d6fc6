"""Neo4j errors become kgraph's: the code -> class table and the one-line messages (no server)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from kgraph.errors import (
    ConnectionFailed,
    KgraphError,
    MissingParameter,
    QueryError,
    StoreError,
    WriteNotAllowed,
)
from kgraph.store.neo4j import errors


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("Neo.ClientError.Database.DatabaseNotFound", ConnectionFailed),
        ("Neo.ClientError.Statement.SyntaxError", QueryError),
        ("Neo.ClientError.Statement.ParameterMissing", MissingParameter),
        ("Neo.ClientError.Statement.AccessMode", WriteNotAllowed),
        ("Neo.ClientError.Security.Forbidden", ConnectionFailed),
        ("Neo.ClientError.Statement.TypeError", QueryError),
        ("Neo.ClientError.Schema.ConstraintValidationFailed", QueryError),
        ("Neo.ClientError.Procedure.ProcedureNotFound", QueryError),
        ("Neo.TransientError.Transaction.DeadlockDetected", StoreError),
        ("Neo.DatabaseError.General.UnknownError", StoreError),
        ("", StoreError),
        (None, StoreError),
    ],
)
def test_codes_map_to_kgraph_errors(code, expected):
    assert errors.error_class(code) is expected


def test_the_table_holds_only_kgraph_errors():
    assert all(issubclass(cls, KgraphError) for cls in errors.CODE_ERRORS.values())


def _neo4j_error(code: str, message: str):
    """Something shaped like ``neo4j.exceptions.Neo4jError`` (its code and message)."""
    return SimpleNamespace(code=code, message=message)


@pytest.mark.parametrize(
    ("code", "message", "expected", "text"),
    [
        (
            "Neo.ClientError.Database.DatabaseNotFound",
            "Database does not exist. Database name: 'nope'.",
            ConnectionFailed,
            "Neo4j at bolt://h:7687 has no database 'nope' (Database does not exist. Database name: 'nope'.)",
        ),
        (
            "Neo.ClientError.Statement.SyntaxError",
            "Invalid input 'RETURN': expected ')' (line 1, column 10 (offset: 9))\n\"MATCH (n RETURN n\"",
            QueryError,
            "Cypher syntax error: Invalid input 'RETURN': expected ')' (line 1, column 10 (offset: 9))",
        ),
        (
            "Neo.ClientError.Statement.ParameterMissing",
            "Expected parameter(s): topic, limit",
            MissingParameter,
            "missing query parameter $limit, $topic",
        ),
        ("Neo.ClientError.Statement.ParameterMissing", "Expected parameter(s):", QueryError, "Neo4j: Expected"),
        (
            "Neo.ClientError.Statement.AccessMode",
            "Writing in read access mode not allowed.",
            WriteNotAllowed,
            "the query writes to the database, but runs read-only: pass --write to allow it",
        ),
        (
            "Neo.ClientError.Security.Forbidden",
            "no  access\nmore",
            ConnectionFailed,
            "Neo4j at bolt://h:7687: no access",
        ),
        ("Neo.ClientError.Statement.TypeError", "Type mismatch", QueryError, "Neo4j: Type mismatch"),
        ("Neo.DatabaseError.General.UnknownError", "boom", StoreError, "Neo4j at bolt://h:7687: boom"),
    ],
)
def test_messages_are_one_line(code, message, expected, text):
    error = errors._from_code(_neo4j_error(code, message), where=" at bolt://h:7687", database="nope")
    assert type(error) is expected
    assert str(error).startswith(text)
    assert "\n" not in str(error)


def test_long_syntax_messages_keep_the_position():
    expected = ", ".join(f"'token{i}'" for i in range(60))
    message = f"Invalid input 'x': expected {expected} (line 3, column 7 (offset: 20))"
    error = errors._from_code(_neo4j_error("Neo.ClientError.Statement.SyntaxError", message), where="", database=None)
    assert len(str(error)) < 220
    assert str(error).endswith(", … (line 3, column 7)")


def test_neo4j_errors_translates_driver_errors_and_passes_others():
    from neo4j.exceptions import ServiceUnavailable

    unreachable = pytest.raises(ConnectionFailed, match="cannot reach Neo4j at bolt://h:7687: gone")
    with unreachable, errors.neo4j_errors(address="bolt://h:7687"):
        raise ServiceUnavailable("gone")
    with pytest.raises(KeyError), errors.neo4j_errors():
        raise KeyError("not the driver's")
    with pytest.raises(QueryError, match="already kgraph's"), errors.neo4j_errors():
        raise QueryError("already kgraph's")
