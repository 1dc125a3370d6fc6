"""Import roadmaps from a checkout of the roadmap.sh repository into plugin YAML files.

kgraph reads the user's own checkout and never ships its content. A roadmap ``R`` lives in
``src/data/roadmaps/R/``: ``R.md`` (front matter: title, description, relatedRoadmaps),
``R.json`` (the diagram, editor or Balsamiq format) and ``content/SLUG@NODEID.md`` (one file
per topic: a paragraph and ``- [@type@title](url)`` links). Each roadmap becomes one plugin
file with one category "Topics" (the diagram has no categories) and, for content files no
diagram node names, a category "Other". Parsing of the diagrams is in :mod:`.roadmapsh_diagram`.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from kgraph._util import progress
from kgraph._util.urls import web_url
from kgraph._util.yamlfile import read_text
from kgraph.errors import InputError, PluginError, Problem
from kgraph.model.ids import slugify
from kgraph.plugins.roadmapsh_diagram import Diagram, Item, clean_text, parse_diagram
from kgraph.plugins.roadmapsh_link import Linker, link_document

DEFAULT_ROADMAPS = ("devops", "aws", "kubernetes", "docker", "terraform", "cloudflare", "system-design")
REASON = "suggested order on roadmap.sh"
_CONTENT_NAME = re.compile(r"^(?P<slug>.*)@(?P<node>[A-Za-z0-9_-]+)\.md$")
_LINK = re.compile(r"^\s*[-*]\s+\[@(?P<type>[^@\]]*)@(?P<title>[^\]]*)\]\((?P<url>[^)\s]*)\)")
_HEADING = re.compile(r"^#+\s*(?P<text>.*?)\s*#*\s*$")
_PREFIX = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass
class Summary:
    """What one roadmap's import found (counts for the CLI summary)."""

    roadmap: str
    path: Path | None = None
    topics: int = 0
    subtopics: int = 0
    resources: int = 0
    dropped_links: int = 0
    dropped_edges: int = 0
    guessed_parents: int = 0
    linked: int = 0
    content_files: int = 0
    orphans: list[str] = field(default_factory=list)
    diagram: str = ""

    def line(self) -> str:
        shown = ", ".join(self.orphans[:10]) + (
            f", ... ({len(self.orphans) - 10} more)" if len(self.orphans) > 10 else ""
        )
        orphans = f" ({shown})" if self.orphans else ""
        return (
            f"{self.roadmap}: {self.topics} topics, {self.subtopics} subtopics ({self.diagram} diagram), "
            f"{self.resources} resources, {self.content_files} content files, "
            f"{self.dropped_links} links dropped, {self.dropped_edges} edges dropped, "
            f"{self.guessed_parents} parents guessed, {self.linked} linked to built-in topics, "
            f"{len(self.orphans)} orphan files{orphans}"
        )


@dataclass
class _Content:
    slug: str
    node: str
    path: Path
    title: str = ""
    description: str = ""
    resources: list[dict] = field(default_factory=list)
    dropped: int = 0


def parse_front_matter(text: str, source: str) -> dict:
    """The YAML front matter of a roadmap's ``R.md`` (an empty dict if it has none)."""
    import yaml

    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return {}
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise PluginError(Problem(source, "front matter has no closing '---'", 1, 1)) from None
    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else None
        raise PluginError(
            Problem(source, f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}", line)
        ) from None
    return data if isinstance(data, dict) else {}


def parse_content(text: str, slug: str, node: str, path: Path) -> _Content:
    """Title, first paragraph and ``- [@type@title](url)`` links of a content file (http/https only)."""
    content = _Content(slug, node, path)
    paragraph: list[str] = []
    done = False
    for line in text.splitlines():
        stripped = line.strip()
        if m := _LINK.match(line):
            url, title = m["url"].strip(), m["title"].strip()
            if web_url(url) and title:
                kind = slugify(m["type"]) or "link"
                content.resources.append({"type": kind, "title": title, "url": url})
            else:
                content.dropped += 1
            continue
        if not content.title and not paragraph and (h := _HEADING.match(stripped)):
            content.title = _clean(h["text"])
            continue
        if done or stripped.startswith(("#", "- ", "* ")):
            done = done or bool(paragraph)
            continue
        if stripped:
            paragraph.append(stripped)
        elif paragraph:
            done = True
    content.description = _clean(" ".join(paragraph))
    return content


def _clean(text: str) -> str:
    """Text without HTML tags, markdown links kept as their text, whitespace collapsed."""
    return clean_text(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text))


def _read_contents(folder: Path) -> list[_Content]:
    if not folder.is_dir():
        return []
    contents = []
    for path in sorted(folder.glob("*.md")):
        m = _CONTENT_NAME.match(path.name)
        if not m:
            continue
        contents.append(parse_content(read_text(path), m["slug"], m["node"], path))
    return contents


def label_slug(label: str) -> str:
    """The content-file slug of a label: lower case, ``[a-z0-9_- ]`` kept, spaces to ``-``."""
    return re.sub(r"[^a-z0-9_\- ]", "", label.lower()).replace(" ", "-")


def _unique_slug(name: str, taken: set[str]) -> str:
    base = slugify(name) or "topic"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def build_roadmap(folder: Path, name: str, prefix: str) -> tuple[dict, Summary]:
    """The plugin document for the roadmap in ``folder`` (``src/data/roadmaps/NAME``), and its summary.

    Raises:
        PluginError: malformed JSON, front matter or a content file that is not UTF-8.
    """
    rid = f"{prefix}{slugify(name) or 'roadmap'}"
    summary = Summary(rid)
    md = folder / f"{name}.md"
    front = parse_front_matter(read_text(md), str(md)) if md.is_file() else {}
    diagram: Diagram = parse_diagram(folder / f"{name}.json", folder / "migration-mapping.json")
    summary.diagram = diagram.kind
    summary.dropped_edges = diagram.dropped_edges
    summary.guessed_parents = diagram.guessed_parents
    contents = _read_contents(folder / "content")
    summary.content_files = len(contents)

    by_node: dict[str, list[_Content]] = {}
    by_slug: dict[str, list[_Content]] = {}
    for c in contents:
        by_node.setdefault(c.node, []).append(c)
        by_slug.setdefault(c.slug, []).append(c)
    used: set[Path] = set()

    def content_for(item: Item) -> _Content | None:
        slug = label_slug(item.label)
        candidates = by_node.get(item.node_id or "", []) if item.node_id else []
        if not candidates and diagram.match_by_slug:
            candidates = by_slug.get(slug, []) or by_slug.get(item.key_slug or "", [])
        candidates = [c for c in candidates if c.path not in used]
        if not candidates:
            return None
        best = next((c for c in candidates if c.slug == slug), candidates[0])
        used.add(best.path)
        return best

    refs: dict[str, str] = {}  # item key -> topic reference
    top_slugs: set[str] = set()
    topics: list[dict] = []
    for item in diagram.topics:
        topics.append(_topic(item, content_for, top_slugs, f"{rid}/topics", refs, summary))
        summary.topics += 1
    for item in diagram.loose_subtopics:  # subtopics with no topic at all in the diagram
        topics.append(_topic(item, content_for, top_slugs, f"{rid}/topics", refs, summary))
        summary.subtopics += 1

    other: list[dict] = []
    other_slugs: set[str] = set()
    for c in contents:
        if c.path in used:
            continue
        entry = _entry(c.title or c.slug.replace("-", " "), c, other_slugs, summary)
        other.append(entry)
        summary.orphans.append(c.path.name)

    for source, target in diagram.order_edges:
        if source in refs and target in refs:
            entry = _find(topics, refs[target])
            entry.setdefault("requires", []).append(
                {"topic": refs[source], "strength": "recommended", "reason": REASON}
            )
        else:
            summary.dropped_edges += 1

    doc: dict = {"id": rid, "name": _clean(str(front.get("title") or "")) or name}
    if description := _clean(str(front.get("description") or "")):
        doc["description"] = description
    related = front.get("relatedRoadmaps")
    if isinstance(related, list) and related:
        doc["facets"] = {"related_roadmaps": [str(r) for r in related]}
    doc["categories"] = []
    if topics:
        doc["categories"].append({"id": "topics", "name": "Topics", "topics": topics})
    if other:
        doc["categories"].append({"id": "other", "name": "Other", "topics": other})
    if not doc["categories"]:
        raise PluginError(Problem(str(folder), "no topics found in the diagram or the content files"))
    return doc, summary


def _entry(name: str, content: _Content | None, taken: set[str], summary: Summary, item: Item | None = None) -> dict:
    name = _clean(name) or "Untitled"
    entry: dict = {"id": _unique_slug(name, taken), "name": name}
    if item is not None and item.flags:
        entry["flags"] = list(item.flags)
    origin = {"source": "roadmap.sh", "node": (item.node_id if item else None) or (content.node if content else None)}
    origin["node"] = origin["node"] or (item.key if item else "")
    if item is not None and item.parent_found:
        origin["parent"] = item.parent_found
    entry["origin"] = origin
    if content:
        if content.description:
            entry["description"] = content.description
        if content.resources:
            entry["resources"] = content.resources
        summary.resources += len(content.resources)
        summary.dropped_links += content.dropped
    return entry


def _topic(item: Item, content_for, taken: set[str], base: str, refs: dict, summary: Summary) -> dict:
    entry = _entry(item.label, content_for(item), taken, summary, item)
    refs[item.key] = f"{base}/{entry['id']}"
    entry["_ref"] = refs[item.key]
    sub_slugs: set[str] = set()
    subs = []
    for sub in item.children:
        sub_entry = _entry(sub.label, content_for(sub), sub_slugs, summary, sub)
        refs[sub.key] = f"{refs[item.key]}/{sub_entry['id']}"
        sub_entry["_ref"] = refs[sub.key]
        subs.append(sub_entry)
        summary.subtopics += 1
    if subs:
        entry["subtopics"] = subs
    return entry


def _find(topics: list[dict], ref: str) -> dict:
    for entry in topics:
        if entry.get("_ref") == ref:
            return entry
        for sub in entry.get("subtopics", ()):
            if sub.get("_ref") == ref:
                return sub
    raise KeyError(ref)


def _strip_refs(topics: list[dict]) -> None:
    for entry in topics:
        entry.pop("_ref", None)
        _strip_refs(entry.get("subtopics", []))


def roadmap_names(checkout: Path, names: list[str] | tuple[str, ...] = ()) -> list[str]:
    """The roadmap folder names to import: ``names`` (``all``: every folder), default :data:`DEFAULT_ROADMAPS`.

    Raises:
        InputError: ``checkout`` is not a roadmap.sh checkout, or a roadmap is missing.
    """
    root = Path(checkout) / "src" / "data" / "roadmaps"
    if not root.is_dir():
        raise InputError(f"{checkout}: not a roadmap.sh checkout (no src/data/roadmaps folder)")
    available = sorted(p.name for p in root.iterdir() if p.is_dir() and (p / f"{p.name}.json").is_file())
    wanted = list(names) or list(DEFAULT_ROADMAPS)
    if "all" in wanted:
        return available
    missing = [n for n in wanted if n not in available]
    if missing:
        raise InputError(f"{root / missing[0]}: no such roadmap (no {missing[0]}.json) in the checkout")
    return list(dict.fromkeys(wanted))


def import_roadmapsh(
    checkout: Path,
    out_dir: Path,
    *,
    roadmaps: list[str] | tuple[str, ...] = (),
    id_prefix: str = "rs-",
    force: bool = False,
    link: bool = True,
) -> list[Summary]:
    """Write one plugin file per roadmap of a roadmap.sh checkout to ``OUT/roadmaps/ID.yaml``.

    The folder is built next to ``out_dir`` and renamed into place, so a failed import
    leaves nothing behind; the output is deterministic (a second import is byte-identical).
    With ``link``, topics get ``same_as`` the built-in topic they match
    (:mod:`kgraph.plugins.roadmapsh_link`).

    Raises:
        InputError: not a checkout, a missing roadmap, a bad prefix, or ``out_dir`` exists
            (without ``force``).
        PluginError: a malformed diagram, front matter or content file (file and place).
    """
    from kgraph.plugins.markdown import dump_yaml

    if id_prefix and not _PREFIX.match(id_prefix):
        raise InputError(f"--id-prefix {id_prefix!r}: use lower-case letters, digits, '-' and '_'")
    out_dir = Path(out_dir)
    if out_dir.exists() and not force:
        raise InputError(f"{out_dir}: already exists (use --force to replace it)")
    names = roadmap_names(Path(checkout), roadmaps)
    root = Path(checkout) / "src" / "data" / "roadmaps"
    documents = []
    linker = _builtin_linker() if link else None
    with progress.task("Reading roadmap.sh roadmaps", total=len(names), unit="roadmaps") as tick:
        for name in names:
            doc, summary = build_roadmap(root / name, name, id_prefix)
            for category in doc["categories"]:
                _strip_refs(category["topics"])
            home = linker.home(name) if linker is not None else None
            if linker is not None and home != doc["id"]:  # an empty prefix gives the built-in id itself
                summary.linked = link_document(doc, linker, home)
            documents.append((doc, summary))
            tick()
    tmp = None
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
        (tmp / "roadmaps").mkdir()
        for order, (doc, summary) in enumerate(documents, start=1):
            doc = {**doc, "order": 100 + order}
            header = f"# Imported from roadmap.sh ({doc['id']}) by `kgraph import roadmapsh`; not for redistribution.\n"
            target = tmp / "roadmaps" / f"{doc['id']}.yaml"
            target.write_text(header + dump_yaml(_ordered(doc)), encoding="utf-8")
            summary.path = out_dir / "roadmaps" / target.name
        tmp.chmod(0o777 & ~_umask())
        if out_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old.", dir=out_dir.parent))
            out_dir.rename(old / "x")
            tmp.rename(out_dir)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(out_dir)
    except OSError as exc:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        from kgraph.errors import StoreError

        raise StoreError(f"{out_dir}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        raise
    return [summary for _, summary in documents]


def _builtin_linker() -> Linker:
    from kgraph.plugins.discovery import discover
    from kgraph.plugins.load import load_files

    return Linker(load_files(discover((), builtin=True, use_env=False, use_entry_points=False)))


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


def _ordered(doc: dict) -> dict:
    keys = ("id", "name", "description", "order", "vendor", "facets", "categories")
    doc = {k: doc[k] for k in keys if k in doc}
    for category in doc["categories"]:
        category["topics"] = [_ordered_topic(t) for t in category["topics"]]
    return doc


_TOPIC_KEYS = ("id", "name", "description", "same_as", "flags", "requires", "resources", "origin", "subtopics")


def _ordered_topic(entry: dict) -> dict:
    entry = {k: entry[k] for k in _TOPIC_KEYS if k in entry}
    if "subtopics" in entry:
        entry["subtopics"] = [_ordered_topic(t) for t in entry["subtopics"]]
    return entry
