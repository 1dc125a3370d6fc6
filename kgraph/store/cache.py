"""A cache of built graphs, keyed by the content of every plugin file and kgraph's own build code.

A hit skips parsing, validation and the build (what makes a cold ``kgraph plan`` fast);
any change to any plugin file, or to the code that builds graphs, gives a new key. Entries
live in ``$KGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/kgraph`` (``~/.cache/kgraph``), as
pickles written atomically; the newest few are kept. ``KGRAPH_NO_CACHE=1`` or ``--no-cache``
turns it off. The cache is a private per-user folder: it only ever holds graphs this
process's user built.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from kgraph._util import progress

KEEP = 8
FORMAT = 1


def cache_dir() -> Path:
    """Where cached graphs live."""
    if os.environ.get("KGRAPH_CACHE_DIR"):
        return Path(os.environ["KGRAPH_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kgraph"


def cache_enabled() -> bool:
    """False when ``KGRAPH_NO_CACHE`` is set to a true value."""
    return os.environ.get("KGRAPH_NO_CACHE", "").lower() not in ("1", "true", "yes")


BUILD_PACKAGES = ("model", "plugins", "_util")
"""The packages (under ``kgraph/``) whose code turns plugin files into a graph."""


def _code_digest() -> bytes:
    """Digest of the code that turns plugin files into a graph: every module and schema of
    :data:`BUILD_PACKAGES`, the pipeline and the errors, found from the package itself (a
    renamed or added module changes the key)."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(str(FORMAT).encode())
    files = [p for folder in BUILD_PACKAGES for p in (root / folder).rglob("*") if p.suffix in (".py", ".json")]
    files += [root / "pipeline.py", root / "errors.py"]
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


def cached_build(key: str | None, build: Callable[[], nx.MultiDiGraph]) -> nx.MultiDiGraph:
    """The graph cached under ``key``, else ``build()`` (stored under ``key`` on success).

    A missing, unreadable or corrupt entry is rebuilt; a cache folder that cannot be
    written is ignored (the build still succeeds).
    """
    if key is None:
        return build()
    folder = cache_dir()
    entry = folder / f"graph-{key}.pickle"
    try:
        with entry.open("rb") as handle:
            graph = _read(handle)
        if isinstance(graph, nx.MultiDiGraph):
            return graph
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        pass
    graph = build()
    with progress.task("Writing the build cache"):
        _store(folder, entry, graph)
    return graph


def _read(handle):
    """Unpickle an open cache entry, with progress by bytes read when progress is on."""
    if not progress.enabled():
        return pickle.load(handle)
    size = os.fstat(handle.fileno()).st_size
    with progress.task("Reading the build cache", total=size, unit="bytes") as tick:
        return pickle.load(progress.CountingReader(handle, tick))


def _store(folder: Path, entry: Path, graph: nx.MultiDiGraph) -> None:
    from kgraph._util.files import atomic_write
    from kgraph.errors import StoreError

    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic_write(entry, lambda handle: pickle.dump(graph, handle, protocol=pickle.HIGHEST_PROTOCOL), private=True)
        entries = sorted(folder.glob("graph-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
    except (OSError, StoreError):
        return
