"""Typed exceptions. Every error kgraph raises on purpose is a :class:`KgraphError`.

Each class carries the CLI exit code it maps to, so the CLI turns errors into
messages and exit codes in one place (:class:`kgraph.cli.app.KgraphGroup`)::

    KgraphError
    |-- InputError              2  bad input or usage: a value, option or file the command cannot use
    |   |-- PluginError            invalid plugin files (``problems``: one Problem each)
    |   |-- CycleError             the prerequisites form a cycle (``cycle``)
    |   |-- NotFound               a reference matches nothing (``ref``, ``suggestions``)
    |   |   |-- TopicNotFound
    |   |   `-- RoadmapNotFound
    |   |-- AmbiguousTopic         a reference matches several topics (``candidates``)
    |   `-- QueryError             a Cypher query was rejected
    |       |-- MissingParameter   (``names``)
    |       `-- WriteNotAllowed
    |-- NoPath                  1  the analysis found nothing: no chain joins two topics
    `-- StoreError              3  a file or the database failed
        `-- ConnectionFailed       unreachable server, refused credentials, unknown database

:class:`Problem` is one problem in a plugin file (file, line, column, key path, message).
:class:`KgraphWarning` and its subclasses are warnings, not errors: :class:`UnsafeCacheWarning`
(the build cache is not used), :class:`UnsafeDotenvWarning` (``./.env`` is not read),
:class:`PlaintextPasswordWarning` (a password goes unencrypted to another host).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace


class KgraphError(Exception):
    """Root of every kgraph error."""

    exit_code = 2


class InputError(KgraphError):
    """Bad input from the user: a value, option or file the command cannot use."""

    exit_code = 2


_LINE_BREAKS = {c: repr(chr(c))[1:-1] for c in (0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029)}


def one_line(text: str) -> str:
    """``text`` with every character Python splits lines at written as an escape (``\\r``, ``\\u2028``)."""
    return text.translate(_LINE_BREAKS)


@dataclass(frozen=True)
class Problem:
    """One problem in a plugin file: where it is and what is wrong.

    Without a ``message`` it is just a place in a file (the model's specs keep one per
    topic and requirement, for messages about the built graph).
    """

    source: str
    message: str = ""
    line: int | None = None
    column: int | None = None
    where: str = ""

    def with_message(self, message: str) -> Problem:
        """The same place with ``message``."""
        return replace(self, message=message)

    def __str__(self) -> str:
        place = self.source
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        where = f"{self.where}: " if self.where else ""
        return one_line(f"{place}: {where}{self.message}")


class PluginError(InputError):
    """One or more plugin files are invalid; ``problems`` lists each with file and place."""

    def __init__(self, problems: Iterable[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(source="plugins", message=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class CycleError(InputError):
    """The prerequisite graph has a cycle; ``cycle`` lists the node ids in order."""

    def __init__(self, cycle: Sequence[str], message: str | None = None):
        self.cycle = list(cycle)
        shown = " -> ".join([*self.cycle, self.cycle[0]]) if self.cycle else "?"
        super().__init__(message or f"prerequisite cycle: {shown}")


class NotFound(InputError):
    """A reference matches nothing; ``suggestions`` holds close ids."""

    what = "reference"

    def __init__(self, ref: str, suggestions: Sequence[str] = (), what: str | None = None):
        self.ref = ref
        self.suggestions = list(suggestions)
        hint = f"; did you mean: {', '.join(self.suggestions)}" if self.suggestions else ""
        super().__init__(f"unknown {what or self.what} {ref!r}{hint}")


class TopicNotFound(NotFound):
    """A topic reference matches no topic."""

    what = "topic"


class RoadmapNotFound(NotFound):
    """A roadmap id or name matches no roadmap."""

    what = "roadmap"


class AmbiguousTopic(InputError):
    """A topic reference matches several topics; ``candidates`` lists them."""

    def __init__(self, ref: str, candidates: Sequence[str]):
        self.ref = ref
        self.candidates = list(candidates)
        shown = ", ".join(self.candidates[:5])
        more = f" (and {len(self.candidates) - 5} more)" if len(self.candidates) > 5 else ""
        super().__init__(f"ambiguous topic {ref!r}: matches {shown}{more}")


class NoPath(KgraphError):
    """No chain connects the two topics."""

    exit_code = 1


class StoreError(KgraphError):
    """Reading or writing a file or a database failed."""

    exit_code = 3


class ConnectionFailed(StoreError):
    """The graph database cannot be used: unreachable, wrong credentials, or no such database."""


class QueryError(InputError):
    """A Cypher query was rejected: bad syntax, a bad or missing parameter, or a write in read-only mode."""


class MissingParameter(QueryError):
    """A query needs parameters that were not given; ``names`` lists them."""

    def __init__(self, names, message: str | None = None):
        self.names = sorted(names)
        shown = ", ".join(f"${n}" for n in self.names)
        super().__init__(message or f"missing query parameter {shown}")


class WriteNotAllowed(QueryError):
    """A query tried to write in a read-only transaction."""


class KgraphWarning(UserWarning):
    """A warning of kgraph's own: the CLI prints each as one ``kgraph: warning:`` line."""


class UnsafeCacheWarning(KgraphWarning):
    """The build cache folder (or an entry) is another user's or others can write it, so it
    is not used."""


class UnsafeDotenvWarning(KgraphWarning):
    """The working folder's ``.env`` is not read: not a regular file, another user's, or
    writable by group or others."""


class PlaintextPasswordWarning(KgraphWarning):
    """A password is about to travel unencrypted (``bolt://`` or ``neo4j://``) to a host that is
    not this machine."""
