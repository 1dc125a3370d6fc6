"""Files: writing atomically (through a temporary file in the same folder, then a rename), and
whether a file or folder is safe to trust (the user's own, nobody else may write it)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from kgraph.errors import StoreError


def _umask() -> int:
    """The process umask (reading it means setting it; it is put back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(path: str | Path, write: Callable[[BinaryIO], object], *, private: bool = False) -> Path:
    """Write ``path`` through ``write(handle)`` so it is never half-written.

    The file gets the mode any new file of the user would (``0o666`` minus the umask: 0644
    under the usual 022), or ``0o600`` with ``private``. Parent folders are created.

    Raises:
        StoreError: the file cannot be written (one line naming it).

    Example:
        >>> import tempfile, pathlib
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "hello.txt"
        >>> atomic_write(target, lambda handle: handle.write(b"hi")).read_text()
        'hi'
    """
    import tempfile  # here, not at import: reading commands (and `kgraph --help`) never need it

    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise StoreError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        os.fchmod(fd, 0o600 if private else 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise StoreError(f"{path}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def unsafe_reason(info: os.stat_result) -> str | None:
    """Why a file or folder with this ``stat`` is not safe to trust, or ``None`` when it is:
    another user owns it, or group or others may write it. Always ``None`` without POSIX owners
    (Windows).

    Example:
        >>> import os, tempfile
        >>> unsafe_reason(os.stat(tempfile.mkdtemp())) is None  # mkdtemp makes it 0700
        True
    """
    getuid = getattr(os, "getuid", None)
    if getuid is None:
        return None
    if info.st_uid != getuid():
        return "another user owns it"
    if info.st_mode & 0o022:
        return "group or others can write it"
    return None
