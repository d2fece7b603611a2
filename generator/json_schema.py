"""JSON Schemas for the content files, made from the declarations in schema.py.

Editors use them to check a file as it is typed and to offer field names with
their descriptions. They say everything about a file that a JSON Schema can:
its fields, types, shapes, lengths and choices. What needs the other files or
more than one field (unknown partners, topics and stakeholders, related
analyses, `updated` before `published`, a stakeholder listed twice, link
targets inside Markdown, real calendar dates) is left to the validator.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, TypeAlias

from . import schema
from .paths import EDITOR_SCHEMAS

JsonObject: TypeAlias = dict[str, object]
"""A JSON Schema, or a part of one, as `json.dumps` takes it."""

DRAFT = "http://json-schema.org/draft-07/schema#"
"""Draft 7: the newest draft that every YAML language server reads in full."""

DOCUMENTS: dict[str, tuple[str, schema.Spec]] = {
    "analysis.schema.json": ("Partnership Watch analysis", schema.ANALYSIS),
    "entities.schema.json": ("Partnership Watch entities", schema.ENTITIES),
    "taxonomy.schema.json": ("Partnership Watch taxonomy", schema.TAXONOMY),
}
FOLDER = EDITOR_SCHEMAS
"""Where the schemas live in the repository, as on the site."""


def _padded(pattern: str) -> str:
    """A pattern for the value with the surrounding whitespace the validator strips."""
    return r"^\s*" + pattern.removeprefix("^").removesuffix("$") + r"\s*$"


def _refused_in_any_string() -> JsonObject:
    """What the validator refuses in any text or URL: placeholder text and control characters."""
    return {"type": "string", "pattern": f"{re.escape(schema.PLACEHOLDER)}|{schema.CONTROL_CHARACTER_PATTERN}"}


def _text(spec: schema.Text) -> JsonObject:
    # One pattern for "not empty, one line, at most N characters once stripped":
    # the stripped text starts at the first \S and fits in the bounded middle.
    middle = r"[^\n]" if spec.one_line else r"[\s\S]"
    shape = rf"^\s*\S{middle}{{0,{spec.max_length - 1}}}\s*$"
    rules = ["not empty"]
    if spec.one_line:
        rules.append("one line")
    rules.append(f"at most {spec.max_length} characters")
    return {
        "type": "string",
        "pattern": shape,
        "patternErrorMessage": "Text: " + ", ".join(rules) + ".",
        "not": _refused_in_any_string(),
    }


def _id(spec: schema.Id) -> JsonObject:
    return {
        "type": "string",
        "pattern": schema.ID_PATTERN,
        "maxLength": schema.ID_MAX_LENGTH,
        "patternErrorMessage": f"A {spec.noun}: lowercase letters, digits and single hyphens.",
    }


def _date(spec: schema.Date) -> JsonObject:
    return {"type": "string", "pattern": _padded(schema.DATE_PATTERN), "patternErrorMessage": "A date: YYYY-MM-DD."}


def _partial_date(spec: schema.PartialDate) -> JsonObject:
    return {
        "anyOf": [
            {
                "type": "string",
                "pattern": _padded(schema.PARTIAL_DATE_PATTERN),
                "patternErrorMessage": "A date: YYYY, YYYY-MM or YYYY-MM-DD.",
            },
            {"type": "integer", "minimum": 1000, "maximum": 9999},
        ]
    }


def _url(spec: schema.Url) -> JsonObject:
    return {
        "type": "string",
        "pattern": _padded(schema.URL_PATTERN),
        "patternErrorMessage": "An absolute http:// or https:// URL.",
        "not": _refused_in_any_string(),
    }


def _choice(spec: schema.Choice) -> JsonObject:
    return {"type": "string", "enum": list(spec.options)}


def _pattern(spec: schema.Pattern) -> JsonObject:
    return {"type": "string", "pattern": spec.pattern}


def _text_or(spec: schema.TextOr[object]) -> JsonObject:
    return {"oneOf": [to_json_schema(spec.record.declared(spec.text_field).spec), _record(spec.record)]}


def _list(spec: schema.ListOf) -> JsonObject:
    result: JsonObject = {"type": "array", "items": to_json_schema(spec.item)}
    if spec.min_items:
        result["minItems"] = spec.min_items
    if spec.distinct:
        result["uniqueItems"] = True
    return result


def _default(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


def _record(spec: schema.Record[object]) -> JsonObject:
    properties: JsonObject = {}
    for field in spec.fields:
        value = to_json_schema(field.spec)
        if not field.required:
            # The validator reads an empty optional field as its default.
            value = {"anyOf": [value, {"type": "null"}]}
        if field.doc:
            value["description"] = field.doc
        if field.default is not None:
            value["default"] = _default(field.default)
        properties[field.name] = value
    result: JsonObject = {"type": "object"}
    if spec.doc:
        result["description"] = spec.doc
    result["properties"] = properties
    required = [field.name for field in spec.fields if field.required]
    if required:
        result["required"] = required
    result["additionalProperties"] = False
    return result


def _table(spec: schema.Table[object]) -> JsonObject:
    result: JsonObject = {"type": "object"}
    if spec.doc:
        result["description"] = spec.doc
    result["propertyNames"] = {"pattern": schema.ID_PATTERN, "maxLength": schema.ID_MAX_LENGTH}
    result["additionalProperties"] = to_json_schema(spec.value)
    return result


# By the exact type of the declaration; each takes that type (which a dict's type can't say, hence Any).
_CONVERTERS: dict[type, Callable[[Any], JsonObject]] = {
    schema.Text: _text,
    schema.Id: _id,
    schema.Date: _date,
    schema.PartialDate: _partial_date,
    schema.Url: _url,
    schema.Choice: _choice,
    schema.Pattern: _pattern,
    schema.TextOr: _text_or,
    schema.ListOf: _list,
    schema.Record: _record,
    schema.Table: _table,
}


def to_json_schema(spec: schema.Spec) -> JsonObject:
    return _CONVERTERS[type(spec)](spec)


def document(title: str, spec: schema.Spec) -> JsonObject:
    return {"$schema": DRAFT, "title": title, **to_json_schema(spec)}


def documents() -> dict[str, str]:
    """File name -> the schema as JSON text, as committed under schema/ and published under /schema/."""
    return {
        name: json.dumps(document(title, spec), indent=2, ensure_ascii=False) + "\n"
        for name, (title, spec) in DOCUMENTS.items()
    }
