"""Find plugin files: the built-in ``data/``, extra folders, ``KGRAPH_PLUGIN_PATH`` and
Python entry points in the group ``kgraph.roadmaps``.

A plugin folder is laid out like the built-in data folder: roadmap files as
``*.yaml`` / ``*.yml`` in the folder or its ``roadmaps/`` sub-folder, and optional shared
files ``integrations.yaml``, ``levels.yaml`` and ``concepts.yaml``.

An entry point may name a path (a roadmap file or a plugin folder), a module or package
(its folder is a plugin folder), a roadmap as a mapping, or a callable returning any of these.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kgraph.errors import PluginError, Problem
from kgraph.model.vocabulary import SHARED_FILES

ENTRY_POINT_GROUP = "kgraph.roadmaps"
ENV_PLUGIN_PATH = "KGRAPH_PLUGIN_PATH"

_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class PluginFile:
    """One plugin file (or in-memory roadmap) and where it came from.

    ``kind`` is ``roadmap`` or a shared kind (``integrations``, ``levels``, ``concepts``);
    ``origin`` is ``built-in``, ``folder``, ``KGRAPH_PLUGIN_PATH`` or ``entry point``.
    """

    kind: str
    origin: str
    source: str
    path: Path | None = None
    data: Any = None


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when below it, else absolute."""
    path = Path(path).absolute()
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def builtin_data_dir() -> Path:
    """The folder of the built-in data (inside the installed package, or the source tree's ``data/``)."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "_data"
    return packaged if packaged.is_dir() else here.parent / "data"


def scan_folder(folder: Path, origin: str) -> list[PluginFile]:
    """Plugin files in ``folder`` (see the module docs for the layout), sorted by name.

    Raises:
        PluginError: the folder does not exist.
    """
    folder = Path(folder)
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise PluginError(Problem(display_path(folder), f"plugin folder {what}"))
    files: list[PluginFile] = []
    for directory in (folder, folder / "roadmaps"):
        if not directory.is_dir():
            continue
        for path in sorted(p for p in directory.iterdir() if p.suffix in _SUFFIXES and p.is_file()):
            kind = path.stem if directory == folder and path.stem in SHARED_FILES else "roadmap"
            files.append(PluginFile(kind, origin, display_path(path), path=path))
    return files


def _entry_point_files(value: Any, name: str, source: str) -> list[PluginFile]:
    import types

    origin = "entry point"
    if isinstance(value, types.ModuleType):
        if not getattr(value, "__file__", None):
            raise PluginError(Problem(source, "entry point module has no folder"))
        return scan_folder(Path(value.__file__).parent, origin)
    if isinstance(value, (str, os.PathLike)):
        path = Path(value)
        if path.is_dir():
            return scan_folder(path, origin)
        if path.is_file():
            return [PluginFile("roadmap", origin, display_path(path), path=path)]
        raise PluginError(Problem(source, f"entry point names a missing path {str(path)!r}"))
    if isinstance(value, dict):
        return [PluginFile("roadmap", origin, source, data=value)]
    if isinstance(value, (list, tuple)):
        return [f for item in value for f in _entry_point_files(item, name, source)]
    if callable(value):
        try:
            produced = value()
        except Exception as exc:  # a third-party plugin's failure must not become a traceback
            raise PluginError(Problem(source, f"entry point failed: {type(exc).__name__}: {exc}")) from None
        return _entry_point_files(produced, name, source)
    raise PluginError(Problem(source, f"entry point gave a {type(value).__name__}, not a path, module or mapping"))


def entry_point_files() -> list[PluginFile]:
    """Plugin files from the installed distributions' ``kgraph.roadmaps`` entry points, by name."""
    from importlib.metadata import entry_points

    files: list[PluginFile] = []
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        dist = getattr(ep.dist, "name", None)
        source = f"entry point {ep.name!r}" + (f" ({dist})" if dist else "")
        try:
            value = ep.load()
        except Exception as exc:  # a broken third-party plugin must not become a traceback
            raise PluginError(Problem(source, f"cannot load {ep.value!r}: {type(exc).__name__}: {exc}")) from None
        files.extend(_entry_point_files(value, ep.name, source))
    return files


def discover(
    plugin_dirs: tuple[str | Path, ...] | list[str | Path] = (),
    *,
    builtin: bool = True,
    use_env: bool = True,
    use_entry_points: bool = True,
) -> list[PluginFile]:
    """All plugin files, in load order: built-in, ``plugin_dirs``, ``KGRAPH_PLUGIN_PATH``, entry points.

    Raises:
        PluginError: a named folder is missing, or an entry point cannot be loaded.
    """
    files: list[PluginFile] = []
    if builtin:
        files += scan_folder(builtin_data_dir(), "built-in")
    for folder in plugin_dirs:
        files += scan_folder(Path(folder), "folder")
    if use_env:
        for folder in filter(None, os.environ.get(ENV_PLUGIN_PATH, "").split(os.pathsep)):
            files += scan_folder(Path(folder), ENV_PLUGIN_PATH)
    if use_entry_points:
        files += entry_point_files()
    return files
