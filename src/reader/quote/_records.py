"""Quotes as JSON: one object with the raw fields and the citation line."""

from __future__ import annotations

import json
from typing import Any

from reader.corrections import marked, replacements_of
from reader.media import time_link
from reader.model import Answer, Interview, Section, TextField
from reader.quote._common import (
    Note,
    answer_at,
    citation,
    general_notes,
    interview_date,
    passage_notes,
    section_time,
)
from reader.text import special_chars

__all__ = ["answer_record", "dump_json", "section_record"]

# --- JSON ------------------------------------------------------------------------------


def _speaker_record(interview: Interview, key: str | None) -> dict[str, Any] | None:
    if key is None:
        return None
    person = interview.person(key)
    if person is None:
        return {"key": key, "name": key, "role": None}
    return {"key": key, "name": person.name, "role": person.role}


def _interview_record(interview: Interview) -> dict[str, Any]:
    source = interview.source
    return {
        "id": interview.id,
        "title": interview.title,
        "path": str(interview.path),
        "date": interview_date(interview),
        "source": None
        if source is None
        else {"name": source.name, "url": source.url, "published": source.published},
    }


def _corrected(section: Section, field: TextField, answer: int | None) -> str | None:
    replacements = replacements_of(section, field, answer)
    return marked(section.text_of(field, answer), replacements) if replacements else None


def _answer_fields(
    interview: Interview, section: Section, answer: Answer, index: int
) -> dict[str, Any]:
    return {
        "number": index + 1,
        "speaker": _speaker_record(interview, answer.by),
        "text": answer.quote,
        "corrected": _corrected(section, "answer", index),
        "original": answer.original,
        "original_language": interview.original_language_of(answer)
        if answer.original is not None
        else None,
        "reported": answer.reported,
        "time": answer.time,
    }


def _note_record(note: Note, where: str | None) -> dict[str, Any]:
    annotation = note.annotation
    return {
        "kind": annotation.kind,
        "note": annotation.note,
        "scope": note.scope,
        "on": where,
        "passage": note.passage,
        "replacement": annotation.replacement,
        "by": annotation.by,
        "links": list(annotation.links),
    }


def answer_record(interview: Interview, section: Section, answer_index: int) -> dict[str, Any]:
    """The JSON object for one answer (raw text; numbers are 1-based).

    Keys: ``type`` (``"answer"``), ``interview`` (id, title, path, date,
    source), ``qa`` (id, number, title), ``answer`` (number, speaker {key,
    name, role}, text (as published), corrected (the text as corrected and
    marked, or null when no correction replaces any of it), original,
    original_language (null without an original), reported, time), ``notes`` (kind, note, scope
    ``passage``/``qa``/``interview``, on (``"answer N"`` for a passage note),
    passage, by, links), ``citation``.
    """
    answer = answer_at(section, answer_index)
    where = f"answer {answer_index + 1}"
    notes = [_note_record(n, where) for n in passage_notes(section, "answer", answer_index)]
    notes += [_note_record(n, None) for n in general_notes(interview, section, {answer.by})]
    return {
        "type": "answer",
        "interview": _interview_record(interview),
        "qa": {"id": section.id, "number": section.number, "title": section.title},
        "answer": _answer_fields(interview, section, answer, answer_index),
        "notes": notes,
        "citation": citation(
            interview, section, None if answer.reported else answer.by, answer.time
        ),
        "link": time_link(interview.media, answer.time),
    }


def section_record(interview: Interview, section: Section) -> dict[str, Any]:
    """The JSON object for a whole Q&A (``type`` ``"qa"``).

    Like :func:`answer_record`, with ``question`` (text, corrected, reported, asked_by)
    and ``answers`` (a list) instead of ``answer``; a passage note's ``on`` is
    ``"question"`` or ``"answer N"``.
    """
    notes = (
        [_note_record(n, "question") for n in passage_notes(section, "question", None)]
        if section.has_question
        else []
    )
    for index in range(len(section.answers)):
        notes += [
            _note_record(n, f"answer {index + 1}") for n in passage_notes(section, "answer", index)
        ]
    notes += [_note_record(n, None) for n in general_notes(interview, section)]
    return {
        "type": "qa",
        "interview": _interview_record(interview),
        "qa": {"id": section.id, "number": section.number, "title": section.title},
        "question": {
            "text": section.question,
            "corrected": _corrected(section, "question", None),
            "reported": section.reported,
            "asked_by": _speaker_record(interview, section.asked_by),
        }
        if section.has_question
        else None,
        "time": section_time(section),
        "answers": [
            _answer_fields(interview, section, a, i) for i, a in enumerate(section.answers)
        ],
        "notes": notes,
        "citation": citation(interview, section, None, section_time(section)),
        "link": time_link(interview.media, section_time(section)),
    }


def dump_json(record: dict[str, Any]) -> str:
    """Pretty JSON with every character :func:`visible` would replace escaped."""
    text = json.dumps(record, ensure_ascii=False, indent=2)
    out: list[str] = []
    pos = 0
    # These characters can only occur inside JSON strings (the syntax is
    # ASCII), where a \\uXXXX escape means exactly the same character.
    for offset, char, _kind in special_chars(text):
        out.append(text[pos:offset])
        out.append(f"\\u{ord(char):04x}")
        pos = offset + 1
    out.append(text[pos:])
    return "".join(out) + "\n"
