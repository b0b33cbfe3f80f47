"""The JSON Schema (draft 2020-12) of reader/1, for editors with a YAML language server.

``reader schema`` prints :func:`build_schema`.  The schema describes the data
as a YAML 1.2 language server sees it (``no`` is a string, ``2024`` a number),
so it accepts what the loader accepts, with these differences, all of them
checks that need more than a schema: speaker keys in ``by``/``asked_by`` must
exist in ``people``, section ids must be unique, ``on`` passages must be found
in the section, dates must be real calendar dates, and booleans must be spelt
``true``/``false`` exactly.  :mod:`reader.loader` is the authority;
docs/format.md says the same in prose.

Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

from typing import Any

from reader.model import ANNOTATION_KINDS, FORMAT_VERSION

__all__ = ["SCHEMA_ID", "build_schema"]

SCHEMA_ID = "https://reader.invalid/schema/reader-1.json"
"""The schema's ``$id`` (a name, not a place it is served from)."""

_EXTENSIONS = {"^x-": {"description": "Extension key: ignored by reader."}}


def _object(
    description: str,
    properties: dict[str, Any],
    required: list[str],
) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "patternProperties": dict(_EXTENSIONS),
        "additionalProperties": False,
        "required": required,
    }


def build_schema() -> dict[str, Any]:
    """The JSON Schema of reader/1, as a dict ready for ``json.dumps``."""
    text = {
        # A YAML 1.2 server reads `title: 1984` as a number; reader keeps it as text.
        "type": ["string", "number", "boolean"],
        "description": "Text, kept exactly as written.",
    }
    required_text = {
        "anyOf": [{"type": "string", "pattern": r"\S"}, {"type": ["number", "boolean"]}],
        "description": "Text (not blank), kept exactly as written.",
    }
    text_list = {"type": "array", "items": {"$ref": "#/$defs/requiredText"}}
    defs: dict[str, Any] = {
        "text": text,
        "requiredText": required_text,
        "slug": {
            "anyOf": [
                {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
                {"type": "integer", "minimum": 0},
            ],
            "description": "Lower-case letters, digits and '-', starting with a letter or digit.",
        },
        "speaker": {
            "type": "string",
            "pattern": "^[a-z0-9_-]+$",
            "description": "A key of 'people'.",
        },
        "date": {
            "anyOf": [
                {
                    "type": "string",
                    "pattern": r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$",
                },
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ],
            "description": "YYYY, YYYY-MM or YYYY-MM-DD (a real calendar date).",
        },
        "time": {
            "type": "string",
            "pattern": r"^([0-9]{1,2}:[0-5][0-9]|[0-5]?[0-9]):[0-5][0-9]$",
            "description": "MM:SS or HH:MM:SS: where the answer starts in the recording.",
        },
        "url": {
            "type": "string",
            "pattern": r"^[hH][tT][tT][pP][sS]?://[^\s/?#@]*[^\s/?#:@][^\s]*$",
            "description": "An http:// or https:// address with a host.",
        },
        "language": {
            "type": "string",
            "pattern": r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$",
            "description": "A BCP 47 language tag, such as en, ko, pt-BR.",
        },
        "person": _object(
            "Someone who speaks or asks.",
            {
                "name": {"$ref": "#/$defs/requiredText"},
                "role": {"$ref": "#/$defs/text"},
                "aka": {**text_list, "description": "Other names and spellings."},
            },
            ["name"],
        ),
        "source": _object(
            "Where the interview was published.",
            {
                "name": {"$ref": "#/$defs/text"},
                "url": {"$ref": "#/$defs/url"},
                "published": {"$ref": "#/$defs/date"},
                "note": {"$ref": "#/$defs/text"},
            },
            [],
        ),
        "annotation": _object(
            "A note on a passage ('on') of the section's question or answers, "
            "or on the whole section.",
            {
                "on": {
                    **required_text,
                    "description": "The exact passage annotated (case-sensitive; any run "
                    "of white space matches any other).",
                },
                "prefix": {**required_text, "description": "Text just before the passage."},
                "suffix": {**required_text, "description": "Text just after the passage."},
                "kind": {"enum": list(ANNOTATION_KINDS), "default": "note"},
                "note": {"$ref": "#/$defs/requiredText"},
                "by": {"$ref": "#/$defs/text"},
                "links": {"type": "array", "items": {"$ref": "#/$defs/url"}},
            },
            ["note"],
        ),
        "answer": _object(
            "One answer: a speaker's words.",
            {
                "by": {"$ref": "#/$defs/speaker"},
                "quote": {"$ref": "#/$defs/requiredText"},
                "reported": {"type": "boolean", "default": False},
                "time": {"$ref": "#/$defs/time"},
            },
            ["by", "quote"],
        ),
        "section": _object(
            "One question and its answers.",
            {
                "id": {"$ref": "#/$defs/slug"},
                "title": {"$ref": "#/$defs/requiredText"},
                "question": {"$ref": "#/$defs/requiredText"},
                "asked_by": {"$ref": "#/$defs/speaker"},
                "reported": {"type": "boolean", "default": False},
                "answers": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/answer"}},
                "annotations": {"type": "array", "items": {"$ref": "#/$defs/annotation"}},
            },
            ["question", "answers"],
        ),
    }
    interview_annotation = {
        "allOf": [{"$ref": "#/$defs/annotation"}],
        "not": {"anyOf": [{"required": [key]} for key in ("on", "prefix", "suffix")]},
        "description": "A note on the whole interview (no 'on').",
    }
    schema = _object(
        "An interview in the reader/1 format.",
        {
            "reader": {"const": FORMAT_VERSION, "description": "The format version: 1."},
            "title": {"$ref": "#/$defs/requiredText"},
            "id": {"$ref": "#/$defs/slug"},
            "date": {"$ref": "#/$defs/date"},
            "language": {"$ref": "#/$defs/language"},
            "summary": {"$ref": "#/$defs/text"},
            "source": {"$ref": "#/$defs/source"},
            "people": {
                "type": "object",
                "minProperties": 1,
                "propertyNames": {"pattern": "^[a-z0-9_-]+$"},
                "additionalProperties": {"$ref": "#/$defs/person"},
            },
            "tags": text_list,
            "annotations": {"type": "array", "items": interview_annotation},
            "sections": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/section"}},
        },
        ["reader", "title", "people", "sections"],
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "reader/1 interview",
        **schema,
        "$defs": defs,
    }
