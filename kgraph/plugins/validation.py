"""Checking plugin files: every problem with its place, and the knowledge rules as warnings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kgraph._util.results import Result
from kgraph.errors import CycleError, PluginError, Problem
from kgraph.model.kinds import NodeKind
from kgraph.model.vocabulary import SHARED_FILES
from kgraph.plugins.discovery import PluginFile, discover, display_path, scan_folder


def _problem_dict(problem: Problem) -> dict:
    return {
        "source": problem.source,
        "line": problem.line,
        "column": problem.column,
        "where": problem.where,
        "message": problem.message,
    }


def _row(problem: Problem, severity: str) -> dict:
    return {"severity": severity, **_problem_dict(problem)}


@dataclass
class Validation(Result):
    """What :func:`validate_paths` found: the files checked, their ``problems`` (errors) and
    ``warnings`` (knowledge rules), and the size of the graph they build (when they do)."""

    files: list[str]
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    topics: int = 0
    edges: int = 0
    strict: bool = False

    @property
    def ok(self) -> bool:
        """No problems (and, when ``strict``, no warnings)."""
        return not self.failures

    @property
    def failures(self) -> list[Problem]:
        """The problems, and with ``strict`` the warnings too."""
        return self.problems + (self.warnings if self.strict else [])

    def rows(self) -> list[dict]:
        """One row per problem (``severity`` error) and per warning."""
        return [_row(p, "error") for p in self.problems] + [_row(w, "warning") for w in self.warnings]

    def to_dict(self) -> dict:
        """``ok``, the files, and the problems and warnings as plain data."""
        return {
            "ok": self.ok,
            "files": self.files,
            "problems": [_problem_dict(p) for p in self.problems],
            "warnings": [_problem_dict(w) for w in self.warnings],
        }

    def raise_for_failures(self) -> None:
        """Raise :class:`PluginError` listing :attr:`failures`, if there are any."""
        if self.failures:
            raise PluginError(self.failures)


def plugin_files(paths: Iterable[str | Path] = (), *, plugin_dirs=(), builtin: bool = True) -> list[PluginFile]:
    """The plugin files kgraph would load, plus ``paths`` (files or plugin folders)."""
    files = discover(list(plugin_dirs), builtin=builtin)
    seen = {f.path.resolve() for f in files if f.path is not None}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = scan_folder(path, "folder")
        else:
            kind = path.stem if path.stem in SHARED_FILES else "roadmap"
            found = [PluginFile(kind, "path", display_path(path), path=path)]
        files += [f for f in found if f.path is None or f.path.resolve() not in seen]  # a file loaded once
        seen.update(f.path.resolve() for f in found if f.path is not None)
    return files


def validate_paths(
    paths: Iterable[str | Path] = (), *, plugin_dirs=(), builtin: bool = True, strict: bool = False
) -> Validation:
    """Check plugin files: schema, ids, prerequisites, cycles, and the knowledge rules.

    ``paths`` (files or plugin folders) are checked together with every plugin kgraph would
    load (the built-in roadmaps unless ``builtin`` is false, ``plugin_dirs``, the environment
    and entry points), so their prerequisites may point into those. Rule breaks (the vendor
    rule, any-of groups without a default) are ``warnings`` with their file and place; with
    ``strict`` they fail the check too. Nothing is raised: read ``ok`` and ``failures``, or
    call :meth:`Validation.raise_for_failures`.

    Example:
        >>> result = validate_paths()
        >>> result.ok, result.topics, result.warnings
        (True, 445, [])
    """
    from kgraph.model.build import build_graph
    from kgraph.model.rules import rule_warnings
    from kgraph.plugins.load import load_files

    files = plugin_files(paths, plugin_dirs=plugin_dirs, builtin=builtin)
    result = Validation([f.source for f in files], strict=strict)
    locations: dict = {}
    try:
        G = build_graph(load_files(files), locations=locations)
    except PluginError as exc:
        result.problems = list(exc.problems)
        return result
    except CycleError as exc:
        result.problems = [Problem("plugins", str(exc))]
        return result
    for warning in rule_warnings(G):
        place = locations.get((warning.topic, warning.prerequisites[0]))
        result.warnings.append(place.with_message(warning.message) if place else Problem("plugins", warning.message))
    result.topics = sum(1 for _, kind in G.nodes(data="kind") if kind == NodeKind.TOPIC)
    result.edges = G.number_of_edges()
    return result


@dataclass
class PluginInfo:
    """One plugin file kgraph loads: its kind, origin and source, and for a roadmap its id,
    name and counts (shared files say how many items all files of their kind hold)."""

    kind: str
    origin: str
    source: str
    id: str = ""
    name: str = ""
    categories: int | None = None
    topics: int | None = None
    subtopics: int | None = None


@dataclass
class PluginList(Result):
    """The plugin files kgraph loads (``rows()``), in load order."""

    plugins: list[PluginInfo] = field(default_factory=list)

    def rows(self) -> list[dict]:
        """One row per file."""
        return [vars(p).copy() for p in self.plugins]


def list_plugins(*, plugin_dirs=(), builtin: bool = True) -> PluginList:
    """The plugin files kgraph would load, each with its origin and counts.

    Raises:
        PluginError: a file is invalid (every problem with its place).

    Example:
        >>> sorted(p.id for p in list_plugins().plugins if p.kind == "roadmap")[:3]
        ['aws', 'cloudflare', 'devops']
    """
    from kgraph.plugins.load import load_files

    files = plugin_files(plugin_dirs=plugin_dirs, builtin=builtin)
    loaded = load_files(files)
    by_source = {r.source: r for r in loaded.roadmaps}
    counts = {"integrations": len(loaded.integrations), "levels": len(loaded.levels), "concepts": len(loaded.concepts)}
    out = []
    for file in files:
        info = PluginInfo(file.kind, file.origin, file.source)
        roadmap = by_source.get(file.source) if file.kind == "roadmap" else None
        if roadmap:
            topics = list(roadmap.iter_topics())
            info.id, info.name, info.categories = roadmap.id, roadmap.name, len(roadmap.categories)
            info.topics = sum(parent is None for _, _, parent in topics)
            info.subtopics = sum(parent is not None for _, _, parent in topics)
        else:
            info.name = f"{counts.get(file.kind, 0)} {file.kind} (all files)"
        out.append(info)
    return PluginList(out)
