"""``.env`` files: their ``KEY=VALUE`` lines (and on which line each key is), and whether a
file is safe to read before any of it is believed.

The working folder's ``.env`` is read only when it is a regular file of the user's that
nobody else may write (else a :class:`~kgraph.errors.UnsafeDotenvWarning` and it is left
alone); a file named explicitly must pass the same checks or it is an error.
"""

from __future__ import annotations

import os
import re
import stat
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from kgraph._util.files import unsafe_reason
from kgraph.errors import InputError, UnsafeDotenvWarning

_COMMENT = re.compile(r"\s#")
"""Where a comment starts in an unquoted value (`` #``)."""
MAX_BYTES = 1 << 20
"""A ``.env`` larger than this (1 MiB) is not a settings file: not read."""


@dataclass(frozen=True)
class EnvFile:
    """The values of one ``.env`` file: its absolute ``path``; ``lines`` maps each key to
    ``(value, line number)`` (the last line setting a key wins)."""

    path: Path
    lines: dict[str, tuple[str, int]] = field(default_factory=dict)

    def get(self, key: str) -> str | None:
        """The value of ``key`` (``None`` when unset or empty)."""
        value = self.lines.get(key, ("", 0))[0]
        return value or None

    def where(self, key: str) -> str:
        """``FILE:LINE`` of the line that sets ``key``."""
        return f"{self.path}:{self.lines[key][1]}"


def parse_dotenv(text: str) -> dict[str, tuple[str, int]]:
    """``KEY=VALUE`` lines (``export``, quotes and ``#`` comments allowed) as
    ``{key: (value, line number)}``.

    Example:
        >>> parse_dotenv("# dev\\nexport NEO4J_URI='bolt://db:7687'\\nNEO4J_USER=me # mine\\n")
        {'NEO4J_URI': ('bolt://db:7687', 2), 'NEO4J_USER': ('me', 3)}
    """
    values: dict[str, tuple[str, int]] = {}
    for number, raw in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):  # a BOM is not a key
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :].lstrip()
        key, sep, value = line.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key:
            continue
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            quote, value = value[0], value[1:-1]
            if quote == '"':
                value = value.replace('\\"', '"').replace("\\\\", "\\")
        else:
            comment = _COMMENT.search(value)  # linear: no backtracking over a run of spaces
            value = (value[: comment.start()] if comment else value).rstrip()
        values[key] = (value, number)
    return values


def read_dotenv(path: str | Path) -> dict[str, str]:
    """``KEY=VALUE`` lines of a file you trust (see :func:`parse_dotenv`), without the checks
    of :func:`load_env_file`. A missing or unreadable file gives an empty dict."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    return {key: value for key, (value, _line) in parse_dotenv(text).items()}


def load_env_file(path: str | Path, *, explicit: bool) -> EnvFile | None:
    """The values of the ``.env`` file ``path`` if it is safe to read: a regular file (a
    symbolic link is followed), owned by the user, not writable by group or others, at most
    :data:`MAX_BYTES`, UTF-8.

    ``explicit``: the user named this file (``--env-file``): any problem is an error. Otherwise
    (the working folder's ``.env``) a missing file gives ``None`` and an unsafe or unreadable
    one a :class:`~kgraph.errors.UnsafeDotenvWarning` and ``None``.

    Raises:
        InputError: ``explicit`` and the file is missing, unsafe or unreadable (one line naming it).
    """
    shown = Path(os.path.abspath(path))
    try:
        text = _read_checked(shown)
    except FileNotFoundError:
        if explicit:
            raise InputError(f"--env-file {shown}: no such file") from None
        return None
    except _Unsafe as exc:
        if explicit:
            raise InputError(f"--env-file {shown}: not read: {exc}") from None
        hint = "chmod go-w it" if "write" in str(exc) else "name a file with --env-file"
        warnings.warn(
            f"{shown}: not read: {exc} ({hint}, or set KGRAPH_NO_DOTENV=1)", UnsafeDotenvWarning, stacklevel=3
        )
        return None
    return EnvFile(shown, parse_dotenv(text))


class _Unsafe(Exception):
    """The file is not safe (or not possible) to read; the message says why."""


def _read_checked(path: Path) -> str:
    """The text of ``path`` after checking the open file itself (no race with a swap)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise _Unsafe(f"cannot open it: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _Unsafe("not a regular file")
        why = unsafe_reason(info)
        if why is not None:
            raise _Unsafe(why)
        if info.st_size > MAX_BYTES:
            raise _Unsafe(f"larger than {MAX_BYTES // 1024} KiB")
        data = os.read(fd, MAX_BYTES + 1)
    except OSError as exc:
        raise _Unsafe(f"cannot read it: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise _Unsafe("not UTF-8 text") from None
