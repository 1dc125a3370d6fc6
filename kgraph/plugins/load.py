"""Read every discovered plugin file into one validated :class:`~kgraph.model.spec.PluginSet`."""

from __future__ import annotations

from pathlib import Path

from kgraph._util import progress, yamlfile
from kgraph._util.gcpause import gc_paused
from kgraph.errors import PluginError, Problem
from kgraph.model.spec import PluginSet, RoadmapSpec
from kgraph.plugins import specs
from kgraph.plugins.discovery import PluginFile, discover

_SHARED_READERS = {
    "integrations": specs.integrations_from_document,
    "levels": specs.levels_from_document,
    "concepts": specs.concepts_from_document,
}


def read_document(file: PluginFile) -> yamlfile.YamlDocument:
    """Parse one plugin file (or wrap an entry point's in-memory mapping)."""
    if file.path is None:
        return yamlfile.YamlDocument(file.source, file.data)
    return yamlfile.load(file.path, source=file.source)


def _roadmap_order(roadmap: RoadmapSpec) -> tuple[int, int]:
    return (0, roadmap.order) if roadmap.order is not None else (1, 0)


@gc_paused()
def load_files(files: list[PluginFile]) -> PluginSet:
    """Load and validate ``files``; every problem of every file is reported together.

    Raises:
        PluginError: any file is invalid, or two plugins share a roadmap, integration,
            level or concept id (both sources are named).
    """
    problems: list[Problem] = []
    roadmaps: dict[str, RoadmapSpec] = {}
    shared: dict[str, list] = {kind: [] for kind in _SHARED_READERS}
    owners: dict[tuple[str, str], str] = {}

    with progress.task("Reading plugin files", total=len(files), unit="files") as tick:
        for file in files:
            tick()
            try:
                doc = read_document(file)
                if file.kind == "roadmap":
                    spec = specs.roadmap_from_document(doc, source_kind=file.origin)
                    if spec.id in roadmaps:
                        first = roadmaps[spec.id].source
                        problems.append(
                            Problem(
                                file.source,
                                f"duplicate roadmap id {spec.id!r}: also defined in {first}",
                                *doc.place(("id",)),
                                "id",
                            )
                        )
                        continue
                    roadmaps[spec.id] = spec
                else:
                    for item in _SHARED_READERS[file.kind](doc):
                        key = (file.kind, item.id)
                        if key in owners:
                            loc = item.loc
                            problems.append(
                                Problem(
                                    file.source,
                                    f"duplicate {file.kind[:-1]} id {item.id!r}: also defined in {owners[key]}",
                                    loc.line,
                                    loc.column,
                                    loc.where,
                                )
                            )
                            continue
                        owners[key] = file.source
                        shared[file.kind].append(item)
            except PluginError as exc:
                problems.extend(exc.problems)
    if problems:
        raise PluginError(problems)
    return PluginSet(
        roadmaps=tuple(sorted(roadmaps.values(), key=_roadmap_order)),
        integrations=tuple(shared["integrations"]),
        levels=tuple(shared["levels"]),
        concepts=tuple(shared["concepts"]),
    )


def load_plugins(
    plugin_dirs: tuple[str | Path, ...] | list[str | Path] = (),
    *,
    builtin: bool = True,
    use_env: bool = True,
    use_entry_points: bool = True,
) -> PluginSet:
    """Discover (see :func:`kgraph.plugins.discovery.discover`) and load every plugin.

    Raises:
        PluginError: with one problem per invalid file and place.
    """
    files = discover(plugin_dirs, builtin=builtin, use_env=use_env, use_entry_points=use_entry_points)
    return load_files(files)
