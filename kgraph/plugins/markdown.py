"""Import roadmaps written in the seed's markdown format into plugin YAML files.

The format: ``## N. NAME ROADMAP`` starts a roadmap, ``### Category`` a category,
``- **Name**: description`` a topic and an indented ``- text`` a subtopic of the topic
above. A fenced JSON "Plugin Configuration Schema" gives roadmap ids and facets;
"Cross-Roadmap Integration Points" (``### A + B/C`` with bullets) and the
"Competency Progression Matrix" (``Level: description`` lines) become the shared files.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from kgraph._util import progress
from kgraph.errors import PluginError, Problem
from kgraph.model.ids import slugify

_ROADMAP = re.compile(r"^##\s+(?:\d+\.\s*)?(?P<name>.+?)\s+ROADMAP\s*$", re.IGNORECASE)
_SECTION = re.compile(r"^##\s+(?P<name>.+?)\s*$")
_CATEGORY = re.compile(r"^###\s+(?P<name>.+?)\s*$")
_BULLET = re.compile(r"^(?P<indent>\s*)[-*]\s+(?P<text>.*?)\s*$")
_BOLD = re.compile(r"^\*\*(?P<name>.+?)\*\*\s*:?\s*(?P<rest>.*)$")
_LEVEL = re.compile(r"^(?P<name>[A-Za-z]+):\s*(?P<text>.+?)\s*$")


@dataclass
class _Topic:
    name: str
    description: str = ""
    subtopics: list[_Topic] = field(default_factory=list)

    def to_yaml(self) -> dict:
        out: dict = {"name": self.name}
        if self.description:
            out["description"] = self.description
        if self.subtopics:
            out["subtopics"] = [sub.to_yaml() for sub in self.subtopics]
        return out


@dataclass
class _Roadmap:
    name: str
    categories: list[tuple[str, list[_Topic]]] = field(default_factory=list)


@dataclass
class ImportResult:
    """What :func:`parse_markdown` found: roadmap documents and the shared documents."""

    roadmaps: dict[str, dict]
    integrations: dict | None
    levels: dict | None


def _split_bullet(text: str) -> tuple[str, str]:
    bold = _BOLD.match(text)
    if bold:
        return bold["name"].strip().rstrip(":").strip(), bold["rest"].strip()
    return text.strip(), ""


def parse_markdown(text: str, source: str = "<markdown>") -> ImportResult:
    """Parse seed-format markdown into plugin documents (plain dicts ready to dump as YAML).

    Raises:
        PluginError: a bullet outside any category, or a malformed plugin schema block.
    """
    roadmaps: list[_Roadmap] = []
    section = None  # "roadmap", "integrations", "matrix", "schema" or None
    integrations: list[dict] = []
    levels: list[dict] = []
    schema_lines: list[str] = []
    in_fence = False
    current: list[_Topic] | None = None
    group: dict | None = None

    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith("```"):
            in_fence = not in_fence
            continue
        if in_fence:
            if section == "schema":
                schema_lines.append(line)
            elif section == "matrix" and (m := _LEVEL.match(line.strip())):
                levels.append({"id": m["name"].lower(), "name": m["name"], "description": m["text"]})
            continue
        if m := _ROADMAP.match(line):
            roadmaps.append(_Roadmap(m["name"].strip().title() if m["name"].isupper() else m["name"].strip()))
            section, current = "roadmap", None
            continue
        if m := _SECTION.match(line):
            title = m["name"].lower()
            section = (
                "integrations"
                if "integration" in title
                else "matrix"
                if "competency" in title or "matrix" in title
                else "schema"
                if "schema" in title or "plugin" in title
                else None
            )
            current, group = None, None
            continue
        if m := _CATEGORY.match(line):
            if section == "roadmap":
                current = []
                roadmaps[-1].categories.append((m["name"].strip(), current))
            elif section == "integrations":
                group = {"title": m["name"].strip(), "points": []}
                integrations.append(group)
            continue
        bullet = _BULLET.match(line)
        if not bullet or not bullet["text"]:
            continue
        if section == "roadmap":
            if current is None:
                raise PluginError(Problem(source, "bullet outside a category", number, 1))
            name, description = _split_bullet(bullet["text"])
            if bullet["indent"] and current:
                current[-1].subtopics.append(_Topic(name, description))
            else:
                current.append(_Topic(name, description))
        elif section == "integrations" and group is not None:
            group["points"].append(bullet["text"])

    schema = _parse_schema("\n".join(schema_lines), source)
    by_name = {entry.get("name", "").lower(): entry for entry in schema}
    documents: dict[str, dict] = {}
    for order, roadmap in enumerate(roadmaps, start=1):
        entry = by_name.get(roadmap.name.lower(), {})
        rid = entry.get("id") or slugify(roadmap.name).replace("-", "_")
        facets = {k: v for k, v in entry.items() if k not in ("id", "name", "categories") and isinstance(v, list)}
        doc: dict = {"id": rid, "name": entry.get("name", roadmap.name), "order": order}
        if facets:
            doc["facets"] = facets
        doc["categories"] = [
            {"id": slugify(name), "name": name, "topics": [t.to_yaml() for t in topics]}
            for name, topics in roadmap.categories
        ]
        documents[rid] = doc

    names = {doc["name"].lower(): rid for rid, doc in documents.items()}
    groups = [_integration_group(g, names) for g in integrations if g["points"]]
    return ImportResult(
        roadmaps=documents,
        integrations={"integrations": groups} if groups else None,
        levels={"levels": levels} if levels else None,
    )


def _parse_schema(text: str, source: str) -> list[dict]:
    if not text.strip():
        return []
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PluginError(Problem(source, f"plugin configuration schema is not valid JSON: {exc.msg}")) from None
    entries = data.get("roadmaps", []) if isinstance(data, dict) else []
    return [e for e in entries if isinstance(e, dict)]


def _integration_group(group: dict, names: dict[str, str]) -> dict:
    """``"Terraform + AWS/Kubernetes"`` -> roadmaps terraform, aws, kubernetes; "All Others" -> ``*``."""
    roadmaps: list[str] = []
    for part in re.split(r"\s*[+/]\s*", group["title"]):
        key = part.strip().lower()
        if key in ("all", "all others", "others", "all other roadmaps"):
            roadmaps.append("*")
        elif key in names:
            roadmaps.append(names[key])
        elif key:
            roadmaps.append(slugify(key).replace("-", "_"))
    gid = "+".join("all" if r == "*" else r for r in roadmaps)
    return {"id": gid, "title": group["title"], "roadmaps": roadmaps, "points": group["points"]}


def dump_yaml(data: dict) -> str:
    """YAML text for a plugin document: keys in order, unicode kept, long lines unwrapped."""
    import yaml

    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000, default_flow_style=False)


def import_markdown(path: Path, out_dir: Path, *, force: bool = False) -> list[Path]:
    """Write plugin files for the roadmaps in a seed-format markdown file.

    Roadmaps go to ``OUT/roadmaps/ID.yaml``, the shared parts to ``OUT/integrations.yaml``
    and ``OUT/levels.yaml``. Nothing is written if any target exists (unless ``force``)
    or the markdown has no roadmap.

    Raises:
        PluginError: unreadable or malformed markdown, or no roadmap found.
        InputError: a target file exists and ``force`` is false.
    """
    from kgraph._util.yamlfile import read_text
    from kgraph.errors import InputError

    result = parse_markdown(read_text(Path(path)), str(path))
    if not result.roadmaps:
        raise PluginError(Problem(str(path), "no roadmap found (expected '## NAME ROADMAP' headings)"))
    out_dir = Path(out_dir)
    targets = {out_dir / "roadmaps" / f"{rid}.yaml": doc for rid, doc in result.roadmaps.items()}
    if result.integrations:
        targets[out_dir / "integrations.yaml"] = result.integrations
    if result.levels:
        targets[out_dir / "levels.yaml"] = result.levels
    existing = [str(t) for t in targets if t.exists()]
    if existing and not force:
        raise InputError(f"{existing[0]}: already exists (use --force to overwrite)")
    header = f"# Imported from {Path(path).name} by `kgraph import markdown`; curate by hand from here.\n"
    (out_dir / "roadmaps").mkdir(parents=True, exist_ok=True)
    with progress.task("Writing plugin files", total=len(targets), unit="files") as tick:
        for target, doc in targets.items():
            target.write_text(header + dump_yaml(doc), encoding="utf-8")
            tick()
    return list(targets)
