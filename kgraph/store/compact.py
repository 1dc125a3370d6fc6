"""The compact store: one file of named sections, memory-mapped and read lazily, never executed.

Layout: a header line ``kgraph-store FORMAT SHA256``, a directory line (JSON: each section's
offset, length, type and the SHA-256 of each of its chunks; the header's digest covers this
line), then the sections, each 8-byte aligned. A section is JSON, UTF-8 text or an array of
unsigned integers (``B``, ``I`` or ``Q``), read through a memory map: opening a store reads two
lines; a section's chunks are checked against their digests when first read, so a command
that reads a few records checks a few chunks. A chunk that does not match (an edited entry)
raises :class:`Damaged`; a file whose size differs from the directory's (truncated) does not
open. Nothing in a store is code: the worst a changed file could do is describe another graph,
and a changed byte is found before it is used.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import os
from array import array
from collections.abc import Callable
from pathlib import Path

from kgraph._util.gcpause import gc_paused

MAGIC = b"kgraph-store"
FORMAT = 1
CHUNK = 1 << 18
"""Bytes per checked chunk: a record read checks (at most) the 256 KiB around it."""


class Damaged(ValueError):
    """A store file that is not a store of this format, is truncated, or fails its digests."""


def int_array(values) -> array:
    """``values`` (non-negative integers) as the smallest of the ``B``/``I``/``Q`` arrays."""
    values = values if isinstance(values, list) else list(values)
    top = max(values, default=0)
    code = "B" if top < 1 << 8 else "I" if top < 1 << 32 else "Q"
    return array(code, values)


def write_store(path: Path, sections: dict[str, object], *, private: bool = True) -> None:
    """Write ``sections`` (name -> JSON-able value, ``bytes`` (text) or :class:`array.array`)
    as one store file, atomically.

    Raises:
        StoreError: the file cannot be written.
        TypeError, ValueError: a value JSON cannot hold exactly.
    """
    from kgraph._util.files import atomic_write

    with gc_paused():  # big JSON values: the collector would rescan everything alive, again and again
        entries, blobs, offset = _encode(sections)
    directory = json.dumps({"body": offset, "chunk": CHUNK, "sections": entries}, separators=(",", ":")).encode()
    header = b"%s %d %s\n" % (MAGIC, FORMAT, hashlib.sha256(directory).hexdigest().encode())

    def write(handle) -> None:
        handle.write(header)
        handle.write(directory + b"\n")
        for blob in blobs:
            handle.write(blob)

    atomic_write(path, write, private=private)


def _encode(sections: dict[str, object]) -> tuple[dict, list[bytes], int]:
    """Each section's bytes (8-byte aligned), its directory entry, and the body's length."""
    entries, blobs, offset = {}, [], 0
    for name, value in sections.items():
        if isinstance(value, array):
            kind, data = value.typecode, value.tobytes()
        elif isinstance(value, bytes):
            kind, data = "text", value
        else:
            kind = "json"
            data = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()
        pad = -offset % 8
        blobs.append(b"\0" * pad)
        offset += pad
        digests = [hashlib.sha256(data[i : i + CHUNK]).hexdigest() for i in range(0, len(data), CHUNK)]
        entries[name] = {"offset": offset, "length": len(data), "type": kind, "chunks": digests}
        blobs.append(data)
        offset += len(data)
    return entries, blobs, offset


class Store:
    """A store file opened for reading: sections by name, checked chunk by chunk on first read.

    ``recover`` (optional) is called once when a chunk fails its digest: it should write the
    file again (the same content, from a fresh build); the store then reopens it and reads on.

    Raises:
        Damaged: not a store of this format, truncated, or its directory fails its digest.
    """

    def __init__(self, path: Path, *, recover: Callable[[], None] | None = None):
        self.path = Path(path)
        self._recover = recover
        self._open()

    def _open(self) -> None:
        with self.path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            header = handle.readline(200).rstrip(b"\n").split(b" ")
            if len(header) != 3 or header[0] != MAGIC or header[1] != str(FORMAT).encode():
                raise Damaged("not a kgraph store of this format")
            line = handle.readline(1 << 26)
            if hashlib.sha256(line.rstrip(b"\n")).hexdigest().encode() != header[2]:
                raise Damaged("the directory does not match its digest")
            directory = json.loads(line)
            self._base = handle.tell()
            if size != self._base + directory["body"]:
                raise Damaged("the file is truncated or has extra bytes")
            self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        self._sections = directory["sections"]
        self._chunk = directory["chunk"]
        self._checked: set[tuple[str, int]] = set()
        self._values: dict[str, object] = {}

    def __contains__(self, name: str) -> bool:
        return name in self._sections

    def _bytes(self, name: str, start: int = 0, end: int | None = None) -> memoryview:
        """Bytes ``start:end`` of a section, after checking the chunks they fall in."""
        entry = self._sections[name]
        end = entry["length"] if end is None else end
        base = self._base + entry["offset"]
        for chunk in range(start // self._chunk, max(end - 1, start) // self._chunk + 1):
            if (name, chunk) not in self._checked and chunk < len(entry["chunks"]):
                lo = chunk * self._chunk
                data = self._map[base + lo : base + min(lo + self._chunk, entry["length"])]
                if hashlib.sha256(data).hexdigest() != entry["chunks"][chunk]:
                    self._damaged(name)
                    return self._bytes(name, start, end)
                self._checked.add((name, chunk))
        return memoryview(self._map)[base + start : base + end]

    def _damaged(self, name: str) -> None:
        recover, self._recover = self._recover, None
        if recover is None:
            raise Damaged(f"section {name!r} does not match its digest")
        recover()
        self._open()

    def value(self, name: str):
        """A JSON section's value (decoded once), a text section's ``str``, or an array section
        as a ``memoryview`` of integers; ``None`` when the store has no such section."""
        if name not in self._values:
            entry = self._sections.get(name)
            if entry is None:
                return None
            data = self._bytes(name)
            if entry["type"] == "json":
                self._values[name] = json.loads(bytes(data))
            elif entry["type"] == "text":
                self._values[name] = str(data, "utf-8")
            else:
                self._values[name] = data.cast(entry["type"])
        return self._values[name]

    def records(self, name: str) -> list:
        """Every record of a section of JSON records (one parse; not kept)."""
        return json.loads(bytes(self._bytes(name)))

    def record(self, name: str, offsets: str, index: int):
        """Record ``index`` of a section of JSON records whose start offsets are the array
        section ``offsets`` (one more offset than records): decoded, chunks checked."""
        starts = self.value(offsets)
        return json.loads(bytes(self._bytes(name, starts[index], starts[index + 1] - 1)))
