"""JSON Schemas of the plugin files, and validation that reports every problem with its place."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from kgraph._util.text import shorten
from kgraph._util.yamlfile import YamlDocument
from kgraph.errors import Problem

SCHEMAS = ("roadmap", "integrations", "levels", "concepts")

_TYPE_NAMES = {
    bool: "boolean",
    int: "integer",
    float: "number",
    str: "string",
    list: "list",
    dict: "mapping",
    type(None): "null",
}


@cache
def schema(name: str) -> dict:
    """The JSON Schema named ``name`` (one of :data:`SCHEMAS`)."""
    text = resources.files("kgraph.plugins").joinpath(f"schemas/{name}.schema.json").read_text("utf-8")
    return json.loads(text)


@cache
def _validator(name: str):
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(name))


@cache
def _fast_check(name: str):
    """A compiled validator (fastjsonschema): tells valid from invalid ~100x faster."""
    import fastjsonschema

    return fastjsonschema.compile(schema(name))


def validate(doc: YamlDocument, name: str) -> list[Problem]:
    """Validate a parsed document against schema ``name``; one :class:`Problem` per violation.

    A compiled validator checks the document first; only an invalid one goes through
    jsonschema, whose errors carry the key paths that make the messages.
    """
    if doc.data is None:
        return [Problem(doc.source, "file is empty", 1, 1)]
    import fastjsonschema

    try:
        _fast_check(name)(doc.data)
        return []
    except fastjsonschema.JsonSchemaException as exc:
        fallback = exc
    problems = []
    for error in _validator(name).iter_errors(doc.data):
        path, message = _describe(error)
        problems.append(doc.problem(path, message))
    if not problems:  # the two validators disagree: still refuse, with the compiled one's words
        problems.append(doc.problem((), str(fallback)))
    problems.sort(key=lambda p: (p.line or 0, p.column or 0, p.message))
    return problems


def _describe(error) -> tuple[tuple, str]:
    """Key path and a readable message for one jsonschema error."""
    path = tuple(error.absolute_path)
    custom = error.schema.get("x-message") if isinstance(error.schema, dict) else None
    instance = error.instance
    if error.validator == "required":
        missing = [key for key in error.validator_value if key not in instance]
        return path, f"missing required field {missing[0]!r}" if missing else error.message
    if error.validator == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(str(key) for key in instance if key not in allowed)
        if extra:
            hint = f" (allowed: {', '.join(sorted(allowed))})" if allowed else ""
            return (*path, extra[0]), f"unknown field {extra[0]!r}{hint}"
    if custom:
        return path, f"{custom} (got {_show(instance)})"
    if error.validator == "type":
        return (
            path,
            f"expected {error.validator_value}, got "
            + ("null" if instance is None else f"{_TYPE_NAMES.get(type(instance), 'value')} {_show(instance)}"),
        )
    if error.validator == "enum":
        return path, f"must be one of {', '.join(map(str, error.validator_value))} (got {_show(instance)})"
    if error.validator in ("exclusiveMinimum", "minimum", "maximum", "exclusiveMaximum"):
        bound = {"exclusiveMinimum": "more than", "minimum": "at least", "maximum": "at most"}.get(
            error.validator, "less than"
        )
        return path, f"must be {bound} {error.validator_value} (got {_show(instance)})"
    if error.validator == "minItems":
        return path, f"needs at least {error.validator_value} item(s)"
    if error.validator in ("minLength", "pattern") and isinstance(instance, str) and not instance.strip():
        return path, "must not be empty"
    return path, error.message


def _show(value) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return shorten(text, 60, ellipsis="...")
