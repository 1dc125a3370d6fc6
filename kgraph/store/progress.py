"""The learner's progress file: ``topic id -> done | learning | skipped`` in YAML.

Default location: ``$KGRAPH_PROGRESS``, else ``$XDG_CONFIG_HOME/kgraph/progress.yaml``
(``~/.config/kgraph/progress.yaml``). Commands take ``--progress FILE`` / ``--file FILE`` too.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import networkx as nx

from kgraph._util import yamlfile
from kgraph._util.results import Result
from kgraph._util.times import TIME, now, parse_time
from kgraph.errors import InputError, PluginError, StoreError
from kgraph.model.kinds import PROGRESS_STATES as STATES
from kgraph.model.kinds import NodeKind

ENV_PROGRESS = "KGRAPH_PROGRESS"
LOCK_TIMEOUT = 10.0
"""Seconds a change waits for another process's change to the same file (``KGRAPH_LOCK_TIMEOUT``)."""
HEADER = "# kgraph learning progress: topic id -> state (done | learning | skipped), when it changed\n"


def default_progress_path() -> Path:
    """Where the progress file lives unless a flag says otherwise."""
    if os.environ.get(ENV_PROGRESS):
        return Path(os.environ[ENV_PROGRESS])
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "kgraph" / "progress.yaml"


@dataclass(eq=False)
class Progress(Result, Mapping):
    """A learner's progress: ``topic id -> done | learning | skipped``, read from ``path``.

    It is a read-only mapping (pass it as ``progress=`` to the analyses); ``rows()`` gives one
    ``{topic, state}`` row per topic.
    """

    path: str | None
    states: dict[str, str] = field(default_factory=dict)
    changed: dict[str, str] = field(default_factory=dict)
    """When each topic's state last changed (ISO 8601, UTC); topics from files of earlier
    versions have none until they change."""
    started: dict[str, str] = field(default_factory=dict)
    """When each topic was first marked ``learning``."""

    def __getitem__(self, topic: str) -> str:
        return self.states[topic]

    def __iter__(self):
        return iter(self.states)

    def __len__(self) -> int:
        return len(self.states)

    def rows(self) -> list[dict]:
        """One row per topic, in file order."""
        return [
            {"topic": t, "state": state, "changed": self.changed.get(t), "started": self.started.get(t)}
            for t, state in self.states.items()
        ]


def load_progress(path: str | Path, G: nx.MultiDiGraph | None = None, *, missing_ok: bool = False) -> Progress:
    """Read a progress file; with ``G``, check every topic exists in it.

    Raises:
        InputError: malformed file, a bad state, or (with ``G``) an unknown topic -- each
            naming the file and line.
        StoreError: the file cannot be read (or is missing and not ``missing_ok``).
    """
    path = Path(path)
    if not path.exists():
        if missing_ok:
            return Progress(str(path))
        raise StoreError(f"{path}: progress file does not exist")
    try:
        doc = yamlfile.load(path)
    except PluginError as exc:
        raise InputError(str(exc)) from None
    data = doc.data if doc.data is not None else {"topics": {}}
    if not isinstance(data, dict) or set(data) - {"topics"} or not isinstance(data.get("topics") or {}, dict):
        raise InputError(f"{path}:1: expected a mapping 'topics: {{topic id: state}}'")
    result = Progress(str(path))
    for topic, entry in (data.get("topics") or {}).items():
        line, _ = doc.place(("topics", topic))
        where = f"{path}:{line}" if line else str(path)
        state, changed, started = _entry(entry, topic, where)
        if G is not None and G.nodes.get(topic, {}).get("kind") != NodeKind.TOPIC:
            raise InputError(f"{where}: unknown topic {topic!r}")
        result.states[str(topic)] = state
        if changed:
            result.changed[str(topic)] = changed
        if started:
            result.started[str(topic)] = started
    return result


def _is_time(text: str) -> bool:
    try:
        parse_time(text)
    except ValueError:
        return False
    return True


def _entry(entry, topic, where: str) -> tuple[str, str | None, str | None]:
    """``(state, changed, started)`` of a file entry: ``done`` (files of earlier versions) or
    ``{state: done, changed: TIME, started: TIME}``."""
    if isinstance(entry, dict):
        unknown = set(entry) - {"state", "changed", "started"}
        if unknown:
            raise InputError(f"{where}: unknown key {sorted(unknown)[0]!r} for {topic} (state, changed, started)")
        state, times = entry.get("state"), [entry.get("changed"), entry.get("started")]
    else:
        state, times = entry, [None, None]
    if state not in STATES:
        raise InputError(f"{where}: state {state!r} of {topic} is not one of {', '.join(STATES)}")
    for i, value in enumerate(times):
        if isinstance(value, datetime):  # YAML reads an unquoted timestamp as a datetime
            times[i] = value.astimezone(UTC).strftime(TIME) if value.tzinfo else value.strftime(TIME)
        elif value is not None and not (isinstance(value, str) and _is_time(value)):
            raise InputError(f"{where}: {value!r} of {topic} is not a time like 2026-11-27T18:30:00Z")
    return state, times[0], times[1]


def save_progress(path: str | Path, progress: Mapping[str, str]) -> None:
    """Write a progress file atomically (sorted by topic id). To change a file other processes
    may change too, use :func:`update_progress` (it locks the file).

    Raises:
        InputError: a state is not valid.
        StoreError: the file cannot be written.
    """
    import yaml

    from kgraph._util.files import atomic_write

    bad = [s for s in progress.values() if s not in STATES]
    if bad:
        raise InputError(f"progress state {bad[0]!r} is not one of {', '.join(STATES)}")
    changed, started = getattr(progress, "changed", {}), getattr(progress, "started", {})
    topics = {}
    for topic in sorted(progress):
        entry = {"state": progress[topic]}
        if changed.get(topic):
            entry["changed"] = changed[topic]
        if started.get(topic):
            entry["started"] = started[topic]
        topics[topic] = entry
    text = HEADER + yaml.safe_dump({"topics": topics}, sort_keys=False, width=1000)
    atomic_write(Path(path), lambda handle: handle.write(text.encode("utf-8")), private=True)


@contextmanager
def locked(path: str | Path, *, timeout: float | None = None) -> Iterator[None]:
    """Hold the exclusive lock of a progress file (``PATH.lock``, beside it) inside the block.

    Every change to a progress file reads, changes and writes it under this lock, so changes
    started at the same moment are applied one after the other and none is lost. The lock is
    the operating system's (``flock``): a process that dies releases it.

    Raises:
        StoreError: the lock is still held after ``timeout`` seconds (default
            ``$KGRAPH_LOCK_TIMEOUT`` or 10), or the lock file cannot be opened.
    """
    try:
        import fcntl
    except ImportError:  # no flock (Windows): changes are still atomic, not serialised
        yield
        return
    path = Path(path)
    if timeout is None:
        timeout = float(os.environ.get("KGRAPH_LOCK_TIMEOUT") or LOCK_TIMEOUT)
    lock = path.with_name(path.name + ".lock")
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise StoreError(f"{lock}: cannot open the lock file: {exc.strerror or exc}") from None
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreError(
                        f"{path}: another kgraph process has been changing this file for {timeout:g} s; "
                        "try again when it is done"
                    ) from None
                time.sleep(0.01)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def update_progress(
    path: str | Path, change: Callable[[dict[str, str]], None], G: nx.MultiDiGraph | None = None
) -> dict[str, str]:
    """Read a progress file, apply ``change`` (which edits the ``topic -> state`` dict in
    place) and write it back, all under :func:`locked`: concurrent updates are never lost,
    and readers see the old file or the new one, never a part (the write is atomic).

    Returns the states written. Raises as :func:`load_progress` and :func:`save_progress`,
    and ``StoreError`` when the lock is not free in time.
    """
    with locked(path):
        before = load_progress(path, G, missing_ok=True)
        states = dict(before)
        change(states)
        save_progress(path, dated(before, states))
    return states


def dated(before: Progress, states: Mapping[str, str], when: str | None = None) -> Progress:
    """``states`` as a :class:`Progress` with dates: a topic whose state is new or changed
    since ``before`` gets ``changed`` = ``when`` (default: now), and ``started`` when it becomes
    ``learning`` for the first time; the others keep their dates."""
    when = when or now()
    out = Progress(before.path, dict(states))
    for topic, state in states.items():
        if before.states.get(topic) != state:
            out.changed[topic] = when
        elif topic in before.changed:
            out.changed[topic] = before.changed[topic]
        if topic in before.started:
            out.started[topic] = before.started[topic]
        elif state == "learning":
            out.started[topic] = when
    return out


@dataclass
class ProgressMerge(Result):
    """What merging another progress file changes: ``changes`` (one row per topic whose state
    or dates change: topic, from, to, changed) and ``conflicts`` (topics both files changed to
    different states: both states and times, and which was kept)."""

    merged: Progress
    changes: list[dict] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)

    def rows(self) -> list[dict]:
        """One row per change."""
        return self.changes


def merge_progress(ours: Progress, theirs: Progress) -> ProgressMerge:
    """``theirs`` merged into ``ours``, topic by topic: a topic only one file has is kept; where
    both have it, the state changed last wins (a dated change beats an undated one; two undated
    ones keep ours), and ``started`` is the earlier of the two. Where both hold different states,
    the topic is listed in ``conflicts`` with the state kept.

    Example:
        >>> a = Progress("a", {"t": "learning"}, changed={"t": "2026-01-01T00:00:00Z"})
        >>> b = Progress("b", {"t": "done"}, changed={"t": "2026-02-01T00:00:00Z"})
        >>> merge_progress(a, b).merged.states
        {'t': 'done'}
    """
    merged = Progress(ours.path, dict(ours.states), dict(ours.changed), dict(ours.started))
    result = ProgressMerge(merged)
    for topic, state in theirs.states.items():
        mine, when, their_when = ours.states.get(topic), ours.changed.get(topic), theirs.changed.get(topic)
        take = mine is None or (mine != state and (their_when or "") > (when or ""))
        if mine is not None and mine != state:
            kept = "theirs" if take else "ours"
            result.conflicts.append(
                {
                    "topic": topic,
                    "ours": mine,
                    "ours_changed": when,
                    "theirs": state,
                    "theirs_changed": their_when,
                    "kept": kept,
                }
            )
        if take:
            merged.states[topic] = state
            merged.changed.pop(topic, None)
            if their_when:
                merged.changed[topic] = their_when
            result.changes.append({"topic": topic, "from": mine, "to": state, "changed": their_when})
        starts = [t for t in (ours.started.get(topic), theirs.started.get(topic)) if t]
        if starts and min(starts) != ours.started.get(topic):
            merged.started[topic] = min(starts)
    return result
