"""A team: a folder of progress files, one per person (``HANDLE.yaml``), and an optional
``team.yaml`` with display names and weekly hours.

``team.yaml``::

    members:
      alice: {name: Alice Moreau, hours_per_week: 6}
      bob: {hours_per_week: 4}

Default folder: ``--team DIR``, else ``$KGRAPH_TEAM``. A progress file naming a topic the graph
does not have is used without that topic, with a warning that suggests close topic ids.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kgraph._util import yamlfile
from kgraph.errors import InputError, PluginError, StoreError
from kgraph.model.kinds import NodeKind
from kgraph.store.progress import load_progress

ENV_TEAM = "KGRAPH_TEAM"
TEAM_FILE = "team.yaml"
DEFAULT_HOURS_PER_WEEK = 5.0
_HANDLE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass
class Member:
    """One person: ``handle`` (the file name), display ``name``, weekly hours, progress."""

    handle: str
    name: str
    hours_per_week: float
    progress: dict[str, str] = field(default_factory=dict)
    path: str = ""


@dataclass
class Team(Mapping):
    """The members of a team by handle (a read-only mapping ``handle -> progress``), with the
    warnings reading it gave (unknown topics dropped)."""

    folder: str
    members: dict[str, Member] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def __getitem__(self, handle: str) -> dict[str, str]:
        return self.members[handle].progress

    def __iter__(self):
        return iter(self.members)

    def __len__(self) -> int:
        return len(self.members)

    @property
    def names(self) -> dict[str, str]:
        """Handle -> display name."""
        return {h: m.name for h, m in self.members.items()}

    @property
    def hours_per_week(self) -> dict[str, float]:
        """Handle -> weekly hours."""
        return {h: m.hours_per_week for h, m in self.members.items()}


def default_team_dir() -> Path | None:
    """``$KGRAPH_TEAM`` as a path, or ``None``."""
    value = os.environ.get(ENV_TEAM)
    return Path(value) if value else None


def load_team(folder: str | Path, G: nx.MultiDiGraph | None = None, *, hours_per_week: float | None = None) -> Team:
    """Read a team folder: ``HANDLE.yaml`` progress files and the optional ``team.yaml``.

    Parameters:
        G: with a graph, topics it does not have are dropped, each with a warning naming the
            file, line and close topic ids.
        hours_per_week: weekly hours of a member ``team.yaml`` gives none
            (default :data:`DEFAULT_HOURS_PER_WEEK`).

    Raises:
        StoreError: the folder is missing, or a file cannot be read (permissions, a folder).
        InputError: no progress files, two files for one handle, a bad handle, a malformed
            progress file (not UTF-8, bad YAML, a bad state) or ``team.yaml`` (file and line).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise StoreError(f"{folder}: team folder does not exist")
    names = (TEAM_FILE, "team.yml")
    files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.name not in names)
    if not files:
        raise InputError(f"{folder}: no progress files (HANDLE.yaml, as `kgraph progress` writes)")
    seen: dict[str, Path] = {}
    for path in files:
        handle = path.stem
        if not _HANDLE.match(handle):
            raise InputError(f"{path}: {handle!r} is not a handle (letters, digits, '.', '_', '-')")
        if handle.casefold() in seen:
            raise InputError(f"{path}: a second file for {handle!r} (also {seen[handle.casefold()].name})")
        seen[handle.casefold()] = path
    settings = _read_settings(folder, {p.stem for p in files})
    default_hours = DEFAULT_HOURS_PER_WEEK if hours_per_week is None else float(hours_per_week)
    team = Team(str(folder))
    topics = [n for n, k in G.nodes(data="kind") if k == NodeKind.TOPIC] if G is not None else []
    for path in files:
        try:
            path.read_bytes()
        except OSError as exc:  # a folder named HANDLE.yaml, no permission: I/O trouble (exit 3)
            raise StoreError(f"{path}: cannot read: {exc.strerror or exc}") from None
        progress = load_progress(path, missing_ok=False)
        states = dict(progress.states)
        if G is not None:
            for topic in [t for t in states if G.nodes.get(t, {}).get("kind") != NodeKind.TOPIC]:
                del states[topic]
                close = difflib.get_close_matches(topic, topics, n=3, cutoff=0.6)
                hint = f" (did you mean {', '.join(close)}?)" if close else ""
                team.warnings.append(f"{path}{_line_of(path, topic)}: unknown topic {topic!r} left out{hint}")
        own = settings.get(path.stem, {})
        hours = float(own.get("hours_per_week", default_hours))
        team.members[path.stem] = Member(path.stem, str(own.get("name") or path.stem), hours, states, str(path))
    return team


def _line_of(path: Path, text: str) -> str:
    """``:LINE`` of the first line of ``path`` holding ``text`` ('' if none)."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return next((f":{i}" for i, line in enumerate(lines, start=1) if text in line), "")


def _read_settings(folder: Path, handles: set[str]) -> dict[str, dict]:
    """``team.yaml``'s members: handle -> {name, hours_per_week}, checked."""
    path = next((folder / n for n in (TEAM_FILE, "team.yml") if (folder / n).is_file()), None)
    if path is None:
        return {}
    try:
        doc = yamlfile.load(path)
    except PluginError as exc:
        raise InputError(str(exc)) from None
    data = doc.data or {}
    members = data.get("members") if isinstance(data, dict) else None
    if not isinstance(data, dict) or set(data) - {"members"} or not isinstance(members or {}, dict):
        raise InputError(f"{path}:1: expected 'members: {{handle: {{name, hours_per_week}}}}'")
    settings = {}
    for handle, entry in (members or {}).items():
        line, _ = doc.place(("members", handle))
        where = f"{path}:{line}" if line else str(path)
        if str(handle) not in handles:
            raise InputError(f"{where}: {handle!r} has no progress file ({handle}.yaml)")
        entry = entry or {}
        if not isinstance(entry, dict) or set(entry) - {"name", "hours_per_week"}:
            raise InputError(f"{where}: expected {{name, hours_per_week}} for {handle!r}")
        hours = entry.get("hours_per_week", DEFAULT_HOURS_PER_WEEK)
        if isinstance(hours, bool) or not isinstance(hours, (int, float)) or not 0 < hours <= 168:
            raise InputError(f"{where}: hours_per_week of {handle!r} must be a number above 0 and at most 168")
        if "name" in entry and not str(entry["name"] or "").strip():
            raise InputError(f"{where}: the name of {handle!r} is empty")
        settings[str(handle)] = entry
    return settings
