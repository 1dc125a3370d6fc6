"""Turn validated plugin documents into model specs (:mod:`kgraph.model.spec`)."""

from __future__ import annotations

from kgraph._util.yamlfile import KeyPath, YamlDocument, format_path
from kgraph.errors import PluginError, Problem
from kgraph.model.ids import slugify
from kgraph.model.spec import (
    CategorySpec,
    ConceptSpec,
    IntegrationSpec,
    LevelSpec,
    RequirementSpec,
    RoadmapSpec,
    TopicSpec,
)
from kgraph.plugins.schema import validate


def _loc(doc: YamlDocument, path: KeyPath, where: str | None = None) -> Problem:
    """Where ``path`` stands in ``doc``; ``where`` is ``format_path(path)`` when already known."""
    line, column = doc.place(path)
    return Problem(doc.source, "", line, column, format_path(path) if where is None else where)


def _checked(doc: YamlDocument, schema_name: str) -> dict:
    problems = validate(doc, schema_name)
    if problems:
        raise PluginError(problems)
    return doc.data


def _slug(doc: YamlDocument, item: dict, path: KeyPath, problems: list) -> str:
    slug = item.get("id") or slugify(item["name"])
    if not slug:
        problems.append(doc.problem((*path, "name"), "name gives an empty id; add an 'id'"))
    return slug


def _topic(doc: YamlDocument, item: dict, path: KeyPath, problems: list) -> TopicSpec:
    """A :class:`TopicSpec` (with its subtopics) from a validated topic mapping at ``path``."""
    where = format_path(path)
    requires = []
    for index, req in enumerate(item.get("requires", ())):
        req_path = (*path, "requires", index)
        loc = _loc(doc, req_path, f"{where}.requires[{index}]")
        if isinstance(req, str):
            requires.append(RequirementSpec((req,), None, loc))
            continue
        members = [req["topic"]] if "topic" in req else req["any_of"]
        refs = tuple(m if isinstance(m, str) else m["topic"] for m in members)
        places = {key: _loc(doc, (*req_path, key)) for key in ("default", "hours") if key in req}
        member_parts = tuple(None if isinstance(m, str) else (m["needs"].strip(), m["hours"]) for m in members)
        for i, member in enumerate(members):
            if not isinstance(member, str):
                places[f"hours@{i}"] = _loc(doc, (*req_path, "any_of", i, "hours"))
        requires.append(
            RequirementSpec(
                refs,
                req.get("reason"),
                loc,
                strength=req.get("strength", "essential"),
                needs=req["needs"].strip() if "needs" in req else None,
                hours=req.get("hours"),
                default=req.get("default"),
                places=places,
                member_parts=member_parts if "any_of" in req else (),
            )
        )
    return TopicSpec(
        slug=_slug(doc, item, path, problems),
        name=item["name"].strip(),
        description=item.get("description", "").strip(),
        level=item.get("level"),
        effort_hours=item.get("effort_hours"),
        vendor=item.get("vendor"),
        requires=tuple(requires),
        subtopics=tuple(
            _topic(doc, sub, (*path, "subtopics", i), problems) for i, sub in enumerate(item.get("subtopics", ()))
        ),
        loc=_loc(doc, path, where),
        resources=tuple(dict(r) for r in item.get("resources", ())),
        flags=tuple(item.get("flags", ())),
        same_as=tuple(item.get("same_as", ())),
        origin=dict(item.get("origin", {})),
    )


def roadmap_from_document(doc: YamlDocument, *, source_kind: str = "folder") -> RoadmapSpec:
    """Build a :class:`RoadmapSpec` from a roadmap plugin document.

    Raises:
        PluginError: the document breaks the roadmap schema (every violation listed).
    """
    data = _checked(doc, "roadmap")
    problems: list = []
    categories = []
    for c_index, category in enumerate(data["categories"]):
        c_path = ("categories", c_index)
        categories.append(
            CategorySpec(
                slug=_slug(doc, category, c_path, problems),
                name=category["name"].strip(),
                topics=tuple(
                    _topic(doc, topic, (*c_path, "topics", i), problems) for i, topic in enumerate(category["topics"])
                ),
                loc=_loc(doc, c_path),
            )
        )
    if problems:
        raise PluginError(problems)
    return RoadmapSpec(
        id=data["id"],
        name=data["name"].strip(),
        description=data.get("description", "").strip(),
        order=data.get("order"),
        vendor=data.get("vendor"),
        facets={key: tuple(values) for key, values in data.get("facets", {}).items()},
        categories=tuple(categories),
        source=doc.source,
        source_kind=source_kind,
        loc=_loc(doc, ("id",)),
    )


def integrations_from_document(doc: YamlDocument) -> list[IntegrationSpec]:
    """Integration-point groups from an ``integrations.yaml`` document."""
    data = _checked(doc, "integrations")
    return [
        IntegrationSpec(
            id=item["id"],
            title=item["title"],
            roadmaps=tuple(item["roadmaps"]),
            points=tuple(item["points"]),
            loc=_loc(doc, ("integrations", i, "roadmaps")),
        )
        for i, item in enumerate(data["integrations"])
    ]


def levels_from_document(doc: YamlDocument) -> list[LevelSpec]:
    """Competency levels, in order, from a ``levels.yaml`` document."""
    data = _checked(doc, "levels")
    return [
        LevelSpec(item["id"], item["name"], item["description"], rank, _loc(doc, ("levels", rank)))
        for rank, item in enumerate(data["levels"])
    ]


def concepts_from_document(doc: YamlDocument) -> list[ConceptSpec]:
    """Concepts (the gazetteer) from a ``concepts.yaml`` document."""
    data = _checked(doc, "concepts")
    return [
        ConceptSpec(
            id=item["id"],
            name=item["name"],
            aliases=tuple(item.get("aliases", ())),
            description=item.get("description", ""),
            case_sensitive=item.get("case_sensitive", False),
            exclude=tuple(item.get("exclude", ())),
            loc=_loc(doc, ("concepts", i)),
        )
        for i, item in enumerate(data["concepts"])
    ]
