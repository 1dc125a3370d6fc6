"""A cache of built graphs, keyed by the content of every plugin file and kgraph's own build code.

A hit skips parsing, validation and the build (what makes a cold ``kgraph plan`` fast);
any change to any plugin file, or to the code that builds graphs, gives a new key. Entries
live in ``$KGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/kgraph`` (``~/.cache/kgraph``), written
atomically; the newest few are kept. ``KGRAPH_NO_CACHE=1`` or ``--no-cache`` turns it off.

An entry is a compact store (:mod:`kgraph.store.compact`): plain data, never code, memory-mapped
and read lazily, each chunk checked against its SHA-256 digest when first read (no pickle). It
holds the graph (:mod:`kgraph.store.graph_store`: a hit gives the very graph a build gives,
order included) and answers counted at build time. A truncated entry, or one with a chunk that
does not match (edited), is rebuilt, never trusted. The cache is a private per-user folder: a
folder (or entry) another user owns or can write is not used at all, with an
:class:`~kgraph.errors.UnsafeCacheWarning`.
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from kgraph._util import progress
from kgraph._util.env import env_flag
from kgraph._util.files import unsafe_reason
from kgraph.errors import StoreError
from kgraph.store.compact import Store, write_store

KEEP = 8
FORMAT = 3


def cache_dir() -> Path:
    """Where cached graphs live."""
    if os.environ.get("KGRAPH_CACHE_DIR"):
        return Path(os.environ["KGRAPH_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kgraph"


def cache_enabled() -> bool:
    """False when ``KGRAPH_NO_CACHE`` is set to a true value."""
    return not env_flag("KGRAPH_NO_CACHE")


BUILD_PACKAGES = ("model", "plugins", "_util")
"""The packages (under ``kgraph/``) whose code turns plugin files into a graph."""
STORE_MODULES = (
    "analysis/precompute.py",
    "analysis/prereqs.py",
    "analysis/progress.py",
    "analysis/summary.py",
    "store/cache.py",
    "store/compact.py",
    "store/graph_store.py",
)
"""The modules whose code decides what a cache entry holds besides the graph (the answers
counted at build time, and the format)."""


def _code_digest() -> bytes:
    """Digest of the code that turns plugin files into a cache entry: every module and schema
    of :data:`BUILD_PACKAGES`, the pipeline, the errors and :data:`STORE_MODULES`, found from
    the package itself (a renamed or added module changes the key)."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(str(FORMAT).encode())
    files = [p for folder in BUILD_PACKAGES for p in (root / folder).rglob("*") if p.suffix in (".py", ".json")]
    files += [root / "pipeline.py", root / "errors.py", *(root / name for name in STORE_MODULES)]
    for path in sorted(p for p in files if p.is_file()):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.digest()


def cache_key(files: list, options: dict) -> str | None:
    """The key for a build from ``files`` (:class:`kgraph.plugins.discovery.PluginFile`);
    ``None`` when a file cannot be read (then nothing is cached)."""
    digest = hashlib.sha256(_code_digest())
    digest.update(json.dumps(options, sort_keys=True).encode())
    for file in files:
        digest.update(f"\0{file.kind}\0{file.origin}\0{file.source}\0".encode())
        if file.path is not None:
            try:
                digest.update(file.path.read_bytes())
            except OSError:
                return None
        else:
            digest.update(json.dumps(file.data, sort_keys=True, default=repr).encode())
    return digest.hexdigest()[:40]


def cached_store(
    key: str | None, build: Callable[[], nx.MultiDiGraph], sections: Callable[[nx.MultiDiGraph], dict]
) -> tuple[Store | None, nx.MultiDiGraph | None]:
    """The store cached under ``key`` (``(store, None)``), else ``build()``'s graph, stored
    under ``key`` on success with ``sections(graph)`` (``(store or None, graph)``).

    A missing, unreadable, truncated or tampered entry is rebuilt (a chunk found damaged while
    reading is rebuilt then); a cache folder that cannot be written is ignored (the build still
    succeeds); one another user could write is not used (:class:`~kgraph.errors.UnsafeCacheWarning`).
    """
    if key is None:
        return None, build()
    folder = cache_dir()
    if not _private(folder):
        return None, build()
    entry = folder / f"graph-{key}.kgs"

    def rewrite() -> None:
        _store(folder, entry, sections(build()))

    try:
        if _private(entry, missing_ok=False):
            return Store(entry, recover=rewrite), None
    except (OSError, ValueError, KeyError, TypeError, StoreError):
        pass
    graph = build()
    with progress.task("Writing the build cache"):
        written = _store(folder, entry, sections(graph))
    try:
        return (Store(entry, recover=rewrite) if written else None), graph
    except (OSError, StoreError):
        return None, graph


def _private(path: Path, *, missing_ok: bool = True) -> bool:
    """False (with a warning) when ``path`` exists and another user owns it or may write it."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if missing_ok:
            return True
        raise
    why = unsafe_reason(info)
    if why is not None:
        from kgraph.errors import UnsafeCacheWarning

        message = f"{path}: build cache not used: {why} (make it yours, mode 700)"
        warnings.warn(message, UnsafeCacheWarning, stacklevel=4)
        return False
    return True


def _store(folder: Path, entry: Path, sections: dict) -> bool:
    """Write a store entry (and drop the oldest, and entries of older formats); False when it
    cannot be written."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_store(entry, sections, private=True)
        entries = sorted(folder.glob("graph-*.kgs"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in [*entries[KEEP:], *folder.glob("graph-*.pickle"), *folder.glob("graph-*.json")]:
            old.unlink(missing_ok=True)  # pickles and JSON entries: older formats
    except (OSError, StoreError, TypeError, ValueError):
        return False
    return True
