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

from reader.format import (
    ANNOTATION_KINDS,
    DATE_PATTERN,
    FORMAT_VERSION,
    LANGUAGE_PATTERN,
    OBJECTS,
    SLUG_PATTERN,
    SPEAKER_PATTERN,
    TIME_PATTERN,
    URL_PATTERN,
    VERDICTS,
    Key,
    required_keys,
)

__all__ = ["SCHEMA_ID", "build_schema"]

SCHEMA_ID = "https://reader.invalid/schema/reader-1.json"
"""The schema's ``$id`` (a name, not a place it is served from)."""

_EXTENSIONS = {"^x-": {"description": "Extension key: ignored by reader."}}

_DESCRIPTIONS = {
    "interview": "An interview in the reader/1 format.",
    "source": "Where the interview was published.",
    "person": "Someone who speaks or asks.",
    "section": "One question and its answers.",
    "answer": "One answer: a speaker's words.",
    "annotation": "A note on a passage ('on') of the section's question or answers, "
    "or on the whole section.",
}


def _object(obj: str) -> dict[str, Any]:
    """The schema of object ``obj`` of :data:`reader.format.OBJECTS`."""
    return {
        "type": "object",
        "description": _DESCRIPTIONS[obj],
        "properties": {key.name: _value(key) for key in OBJECTS[obj]},
        "patternProperties": dict(_EXTENSIONS),
        "additionalProperties": False,
        "required": list(required_keys(obj)),
    }


def ref(name: str) -> dict[str, Any]:
    """A reference to definition ``name``."""
    return {"$ref": f"#/$defs/{name}"}


def _value(key: Key) -> dict[str, Any]:
    """The schema of one key's value."""
    kinds: dict[str, dict[str, Any]] = {
        "version": {"const": FORMAT_VERSION},
        "boolean": {"type": "boolean", "default": False},
        "textList": {"type": "array", "items": ref("requiredText")},
        "kind": {"enum": list(ANNOTATION_KINDS)},
        # A YAML 1.2 server reads `verdict: true` as a boolean; reader reads the text.
        "verdict": {"enum": [*VERDICTS, True, False]},
        "topics": {
            "type": "array",
            "uniqueItems": True,
            "items": {"type": "string", "pattern": f"^{SLUG_PATTERN}$"},
        },
        "links": {"type": "array", "items": ref("url")},
        "people": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": f"^{SPEAKER_PATTERN}$"},
            "additionalProperties": ref("person"),
        },
        "sections": {"type": "array", "minItems": 1, "items": ref("section")},
        "answers": {"type": "array", "minItems": 1, "items": ref("answer")},
        "annotations": {
            "type": "array",
            "items": {"allOf": [ref("annotation")], "not": {"required": ["about"]}},
        },
        "interviewAnnotations": {"type": "array", "items": ref("interviewAnnotation")},
    }
    schema = dict(kinds.get(key.value) or ref(key.value))
    if key.description:
        schema["description"] = key.description
    schema.update(key.schema)
    return schema


def build_schema() -> dict[str, Any]:
    """The JSON Schema of reader/1, as a dict ready for ``json.dumps``."""
    defs: dict[str, Any] = {
        "text": {
            # A YAML 1.2 server reads `title: 1984` as a number; reader keeps it as text.
            "type": ["string", "number", "boolean"],
            "description": "Text, kept exactly as written.",
        },
        "requiredText": {
            "anyOf": [{"type": "string", "pattern": r"\S"}, {"type": ["number", "boolean"]}],
            "description": "Text (not blank), kept exactly as written.",
        },
        "slug": {
            "anyOf": [
                {"type": "string", "pattern": f"^{SLUG_PATTERN}$"},
                {"type": "integer", "minimum": 0},
            ],
            "description": "Lower-case letters, digits and '-', starting with a letter or digit.",
        },
        "speaker": {
            "type": "string",
            "pattern": f"^{SPEAKER_PATTERN}$",
            "description": "A key of 'people'.",
        },
        "date": {
            "anyOf": [
                {"type": "string", "pattern": f"^{DATE_PATTERN}$"},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ],
            "description": "YYYY, YYYY-MM or YYYY-MM-DD (a real calendar date).",
        },
        "time": {
            "type": "string",
            "pattern": f"^{TIME_PATTERN}$",
            "description": "MM:SS or HH:MM:SS: where the answer starts in the recording.",
        },
        "url": {
            "type": "string",
            "pattern": f"^{URL_PATTERN}$",
            "description": "An http:// or https:// address with a host.",
        },
        "media": {
            "anyOf": [
                {"type": "string", "pattern": f"^{URL_PATTERN}$"},
                {"type": "string", "pattern": r"^(?![A-Za-z][A-Za-z0-9+.-]*:)(?![/\\])\S"},
            ],
            "description": "The recording: an http(s) URL or a path relative to the file.",
        },
        "language": {
            "type": "string",
            "pattern": f"^(?:{LANGUAGE_PATTERN})$",
            "description": "A BCP 47 language tag, such as en, ko, pt-BR.",
        },
    }
    for obj in OBJECTS:
        if obj != "interview":
            defs[obj] = _object(obj)
    # A section without a question holds remarks: nobody asked, nothing reported.
    defs["section"]["dependentRequired"] = {"asked_by": ["question"], "reported": ["question"]}
    # replacement on corrections only; verdict, checked_by, checked_on on fact-checks only.
    defs["annotation"]["allOf"] = [
        {
            "if": {"required": [key]},
            "then": {"required": ["kind"], "properties": {"kind": {"const": kind}}},
        }
        for key, kind in (
            ("replacement", "correction"),
            ("verdict", "fact-check"),
            ("checked_by", "fact-check"),
            ("checked_on", "fact-check"),
        )
    ]
    defs["interviewAnnotation"] = {
        "allOf": [{"$ref": "#/$defs/annotation"}],
        "not": {"anyOf": [{"required": [key]} for key in ("on", "prefix", "suffix")]},
        "description": "A note on the whole interview (no 'on').",
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "reader/1 interview",
        **_object("interview"),
        "$defs": defs,
    }
