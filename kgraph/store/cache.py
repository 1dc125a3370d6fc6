"""A cache of built graphs, keyed by the content of every plugin file and kgraph's own build code.

A hit skips parsing, validation and the build (what makes a cold ``kgraph plan`` fast);
any change to any plugin file, or to the code that builds graphs, gives a new key. Entries
live in ``$KGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/kgraph`` (``~/.cache/kgraph``), written
atomically; the newest few are kept. ``KGRAPH_NO_CACHE=1`` or ``--no-cache`` turns it off.

An entry is plain data, never code: a header line ``kgraph-cache FORMAT SHA256`` and the graph
as JSON (nodes with their attributes, edges by node index, and each node's predecessors in
order, so a hit gives the very graph a build gives, order included). Nothing in it is executed
(no pickle): the worst a changed entry could do is describe another graph, and an entry whose
digest does not match (edited, truncated) is rebuilt, never trusted. The cache is a private
per-user folder: a folder (or entry) another user owns or can write is not used at all, with an
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
from kgraph._util.gcpause import gc_paused

KEEP = 8
FORMAT = 2
MAGIC = b"kgraph-cache"


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

    A missing, unreadable, corrupt or tampered entry is rebuilt; a cache folder that cannot be
    written is ignored (the build still succeeds); one another user could write is not used
    (:class:`~kgraph.errors.UnsafeCacheWarning`).
    """
    if key is None:
        return build()
    folder = cache_dir()
    if not _private(folder):
        return build()
    entry = folder / f"graph-{key}.json"
    try:
        if _private(entry, missing_ok=False):
            return _read(entry)
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        pass
    graph = build()
    with progress.task("Writing the build cache"):
        _store(folder, entry, graph)
    return graph


def _private(path: Path, *, missing_ok: bool = True) -> bool:
    """False (with a warning) when ``path`` exists and another user owns it or may write it."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if missing_ok:
            return True
        raise
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # no POSIX owners (Windows): nothing to check
        return True
    if info.st_uid != getuid() or info.st_mode & 0o022:
        from kgraph.errors import UnsafeCacheWarning

        why = "another user owns it" if info.st_uid != getuid() else "others can write it"
        warnings.warn(
            f"{path}: build cache not used: {why} (make it yours, mode 700)", UnsafeCacheWarning, stacklevel=4
        )
        return False
    return True


def _read(entry: Path) -> nx.MultiDiGraph:
    """The graph in a cache entry (checked against its digest first).

    Raises:
        ValueError: not an entry of this format, or its digest does not match (edited, truncated).
    """
    with entry.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        # The step spans the parse and the rebuild too: the bar is full while they run.
        with progress.task("Reading the build cache", total=size, unit="bytes") as tick:
            reader = progress.CountingReader(handle, tick)
            header, body = reader.readline(200).rstrip(b"\n"), reader.read()
            parts = header.split(b" ")
            if len(parts) != 3 or parts[0] != MAGIC or parts[1] != str(FORMAT).encode():
                raise ValueError("not a kgraph cache entry of this format")
            if hashlib.sha256(body).hexdigest().encode() != parts[2]:
                raise ValueError("the entry does not match its digest")
            with gc_paused():  # millions of small containers: the collector would rescan them again and again
                return _graph(json.loads(body))


def _graph(data: dict) -> nx.MultiDiGraph:
    """The graph of an entry's data: built straight into NetworkX's dicts (the same dict
    layout ``add_edge`` makes; twice as fast as adding edge by edge)."""
    G = nx.MultiDiGraph()
    G.graph.update(data["graph"])
    names = [node for node, _ in data["nodes"]]
    succ, pred = G._succ, G._pred
    for node, attrs in data["nodes"]:
        G._node[node] = attrs
        succ[node] = {}
    for u, v, key, attrs in data["edges"]:
        out = succ[names[u]]
        keydict = out.get(names[v])
        if keydict is None:
            keydict = out[names[v]] = {}
        keydict[key] = attrs
    for target, preds in zip(names, data["pred"], strict=True):
        pred[target] = {names[u]: succ[names[u]][target] for u in preds}
    return G


def _data(G: nx.MultiDiGraph) -> dict:
    index = {node: i for i, node in enumerate(G)}
    return {
        "graph": G.graph,
        "nodes": [[node, attrs] for node, attrs in G.nodes(data=True)],
        "edges": [[index[u], index[v], key, attrs] for u, v, key, attrs in G.edges(keys=True, data=True)],
        "pred": [[index[u] for u in G._pred[node]] for node in G],
    }


def _store(folder: Path, entry: Path, graph: nx.MultiDiGraph) -> None:
    from kgraph._util.files import atomic_write
    from kgraph.errors import StoreError

    try:
        body = json.dumps(_data(graph), separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (TypeError, ValueError):
        return  # a value JSON cannot hold exactly (a set, a date, NaN): this graph is not cached
    header = b" ".join((MAGIC, str(FORMAT).encode(), hashlib.sha256(body).hexdigest().encode())) + b"\n"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic_write(entry, lambda handle: (handle.write(header), handle.write(body)), private=True)
        entries = sorted(folder.glob("graph-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in [*entries[KEEP:], *folder.glob("graph-*.pickle")]:  # pickles: the old format
            old.unlink(missing_ok=True)
    except (OSError, StoreError):
        return
