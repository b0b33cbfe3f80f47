"""Export the loaded model as JSON, for scripts; and read such JSON back.

The JSON is the :class:`~reader.model.Interview` with every field, in the
model's field order (stable across runs): people, sections, answers,
annotations with their resolved ``anchor`` (which text, and the character
offsets), positions in the source file, and the file's warnings.  The path is
a string.  ``{"reader": 1}`` comes first so a script can tell what it reads.
:func:`from_data` rebuilds the very same model from it.

Text is kept exactly.  ``ensure_ascii`` is off (accented names stay
readable), but every control, bidi and invisible character, and DEL and the
C1 controls that JSON allows raw, is written as a ``\\uXXXX`` escape: the
output is safe to print on a terminal, and any JSON reader gets the exact
text back.

This module imports neither textual nor rich.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from reader.model import (
    FORMAT_VERSION,
    Anchor,
    Annotation,
    Answer,
    Interview,
    Person,
    Position,
    Problem,
    Section,
    Severity,
    Source,
)

__all__ = ["dumps", "from_data", "to_data", "to_json"]

# What json.dumps(ensure_ascii=False) leaves raw but a terminal would act on
# or hide: DEL, C1, bidi controls, zero-width characters, line and paragraph
# separators, BOM, lone surrogates.
_UNSAFE_RE = re.compile(
    "[\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"
)


def dumps(data: Any) -> str:
    """``data`` as indented JSON, safe for terminals, ending with a newline."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _UNSAFE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def to_data(value: Any) -> Any:
    """The model (or any part of it) as JSON-ready data."""
    if isinstance(value, Interview):
        return {"reader": FORMAT_VERSION, **_fields(value)}
    if is_dataclass(value) and not isinstance(value, type):
        return _fields(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, Mapping):
        return {str(key): to_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_data(item) for item in value]
    return value


def _fields(value: Any) -> dict[str, Any]:
    return {f.name: to_data(getattr(value, f.name)) for f in fields(value)}


def to_json(interview: Interview) -> str:
    """The JSON export of ``interview``."""
    return dumps(to_data(interview))


def _position(data: Mapping[str, Any]) -> Position:
    return Position(data["line"], data["column"])


def _anchor(data: Mapping[str, Any] | None) -> Anchor | None:
    if data is None:
        return None
    return Anchor(data["field"], data["answer"], data["start"], data["end"])


def _annotation(data: Mapping[str, Any]) -> Annotation:
    return Annotation(
        note=data["note"],
        kind=data["kind"],
        on=data["on"],
        prefix=data["prefix"],
        suffix=data["suffix"],
        by=data["by"],
        links=tuple(data["links"]),
        about=data.get("about"),
        anchor=_anchor(data["anchor"]),
        position=_position(data["position"]),
        note_position=_position(data["note_position"]),
        problem=data.get("problem"),
        replacement=data.get("replacement"),
        verdict=data.get("verdict"),
        checked_by=data.get("checked_by"),
        checked_on=data.get("checked_on"),
    )


def _answer(data: Mapping[str, Any]) -> Answer:
    return Answer(
        by=data["by"],
        quote=data["quote"],
        reported=data["reported"],
        time=data["time"],
        position=_position(data["position"]),
        quote_position=_position(data["quote_position"]),
        original=data.get("original"),
        original_language=data.get("original_language"),
        original_position=_position(data["original_position"])
        if "original_position" in data
        else Position(1, 1),
    )


def _section(data: Mapping[str, Any]) -> Section:
    return Section(
        id=data["id"],
        number=data["number"],
        title=data["title"],
        question=data["question"],
        answers=tuple(_answer(item) for item in data["answers"]),
        asked_by=data["asked_by"],
        reported=data["reported"],
        annotations=tuple(_annotation(item) for item in data["annotations"]),
        unplaced=tuple(_annotation(item) for item in data.get("unplaced", ())),
        has_title=data["has_title"],
        position=_position(data["position"]),
        question_position=_position(data["question_position"]),
        has_question=data.get("has_question", True),
        time=data.get("time"),
        topics=tuple(data.get("topics", ())),
    )


def _person(data: Mapping[str, Any]) -> Person:
    return Person(
        key=data["key"],
        name=data["name"],
        role=data["role"],
        aka=tuple(data["aka"]),
        position=_position(data["position"]),
    )


def _problem(data: Mapping[str, Any]) -> Problem:
    return Problem(
        path=data["path"],
        line=data["line"],
        column=data["column"],
        message=data["message"],
        severity=Severity(data["severity"]),
    )


def from_data(data: Mapping[str, Any]) -> Interview:
    """Rebuild the :class:`~reader.model.Interview` that :func:`to_data` wrote.

    Raises ``KeyError``/``TypeError``/``ValueError`` for data of another shape.
    """
    if data.get("reader") != FORMAT_VERSION:
        raise ValueError(f"not a reader/{FORMAT_VERSION} JSON export")
    source = data["source"]
    return Interview(
        path=Path(data["path"]),
        id=data["id"],
        title=data["title"],
        people={key: _person(item) for key, item in data["people"].items()},
        sections=tuple(_section(item) for item in data["sections"]),
        date=data["date"],
        language=data["language"],
        summary=data["summary"],
        source=Source(**source) if source is not None else None,
        media=data.get("media"),
        tags=tuple(data["tags"]),
        annotations=tuple(_annotation(item) for item in data["annotations"]),
        warnings=tuple(_problem(item) for item in data["warnings"]),
        position=_position(data["position"]),
        title_position=_position(data["title_position"]),
        original_language=data.get("original_language"),
    )
