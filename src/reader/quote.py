"""Quotes with their citation, ready to paste: Markdown, plain text or JSON.

Used by the ``y``/``Y`` keys (copy to the clipboard) and by ``reader quote``.

Markdown, verbatim answer — the quote as a blockquote, then the attribution::

    > Each line of the quote,
    > paragraphs kept.
    >
    > Second paragraph.[^1]

    — Lee Sung-jin (director), "Interview title", Source name, 2024-05-10, Q&A 3

    [^1]: Translation: Translated from Korean by @KNJsSource.

Markdown, reported answer (the writer's paraphrase): never a blockquote, never
in quotation marks, and the speaker leads so the reader sees whose view it is::

    Lee Sung-jin (director), paraphrased: He wanted the door to glow.

    — "Interview title", Source name, 2024-05-10, Q&A 3

A whole Q&A gives the question (``X asked:`` then a blockquote, or ``X
asked, paraphrased: ...`` for a reported question; ``Question:`` when no asker
is known), then each answer as ``Speaker:`` and a blockquote (or the
paraphrase form), then ``— "Interview title", source, date, Q&A N``.

A section of remarks (no question) gives its answers only.  An answer with a
``time`` adds it to the attribution (``at 12:04``), with a ``#t=`` link to the
moment when the interview's ``media`` is a URL.

Missing parts of the attribution (source, date) are left out with their
comma.  The date is the interview's ``date``, else the source's
``published``.  Footnotes: every ``translation`` or ``correction`` annotation
that applies to the copied text is added as a numbered footnote — those
anchored on the passage (the reference follows the passage; a note on only
part of it names that part), and those on the whole Q&A or the whole
interview (after the passage for one answer, after the attribution for a
whole Q&A).  An interview annotation ``about`` one speaker travels only with
that speaker's words.

Views: the text as published (the default), as corrected (``view=
"corrected"``: each passage with a ``replacement`` is replaced and marked
``Lee Sung-jin [corrected from: Lee Sung-gin]``, see
:mod:`reader.corrections`) or in the original (``view="original"``: an
answer's ``original`` instead of its translation, labelled with its language,
``Lee Sung-jin (director), original in ko:``; notes on the translation's
passages and translation credits do not travel with an original).

Plain text has the same shape: verbatim text in straight double quotes,
footnotes as ``[1]``.  JSON is one object with the raw fields (see
:func:`answer_record` and :func:`section_record`) and the citation line.

Terminal safety: Markdown and text go to the clipboard through the terminal
(OSC 52) and are pasted into other programs, so they are made
:func:`reader.text.visible`-safe here, once, for both the clipboard and
``reader quote``.  JSON keeps every character exactly, but writes the ones
``visible()`` would replace as ``\\uXXXX`` escapes, so the output is both
lossless and safe to print.

This module imports neither textual nor rich.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Literal, TypeGuard, get_args

from reader.corrections import marked, replacements_of
from reader.media import time_link
from reader.model import Annotation, Answer, Interview, Section, TextField
from reader.text import shorten, special_chars, visible

__all__ = [
    "FOOTNOTE_KINDS",
    "FORMATS",
    "QUOTE_VIEWS",
    "Format",
    "QuoteView",
    "answer_record",
    "citation",
    "copy_summary",
    "format_answer",
    "format_section",
    "section_record",
]

Format = Literal["markdown", "text", "json"]
FORMATS: tuple[str, ...] = get_args(Format)
"""The output formats, in the order ``--format`` lists them."""

QuoteView = Literal["published", "corrected", "original"]
QUOTE_VIEWS: tuple[str, ...] = get_args(QuoteView)
"""The views a quote can be given in."""

FOOTNOTE_KINDS: tuple[str, ...] = ("translation", "correction")
"""Annotation kinds that travel with a quote as footnotes."""

_WS = re.compile(r"\s+")


# --- small text helpers ----------------------------------------------------------------


def _one_line(text: str) -> str:
    """Terminal-safe text on one line (for names and titles in the attribution)."""
    # visible() first: it turns U+2028/NEL into "\n", which must fold too.
    return _WS.sub(" ", visible(text)).strip()


def _block(text: str) -> list[str]:
    """Terminal-safe lines of a passage, without blank lines at either end."""
    lines = [line.rstrip() for line in visible(text).split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return lines or [""]


def _speaker(interview: Interview, key: str | None) -> str:
    return _one_line(interview.speaker_label(key))


def _date(interview: Interview) -> str | None:
    if interview.date:
        return interview.date
    if interview.source is not None and interview.source.published:
        return interview.source.published
    return None


def citation(
    interview: Interview,
    section: Section,
    speaker: str | None = None,
    time: str | None = None,
) -> str:
    """``— Speaker (role), "Title", Source, date, Q&A N, at 12:04 (URL#t=724)``.

    The speaker and the time are optional; the link is there when the
    interview's ``media`` is an http(s) URL.
    """
    parts: list[str] = []
    if speaker is not None:
        parts.append(_speaker(interview, speaker))
    parts.append(f'"{_one_line(interview.title)}"')
    if interview.source is not None and interview.source.name:
        parts.append(_one_line(interview.source.name))
    date = _date(interview)
    if date:
        parts.append(_one_line(date))
    parts.append(f"Q&A {section.number}")
    if time:
        link = time_link(interview.media, time)
        parts.append(f"at {time}" + (f" ({_one_line(link)})" if link else ""))
    return "— " + ", ".join(parts)


def copy_summary(interview: Interview, section: Section, answer_index: int | None) -> str:
    """A short, terminal-safe description of what was copied (for a notification)."""
    if answer_index is None:
        count = len(section.answers)
        answers = "1 answer" if count == 1 else f"{count} answers"
        if not section.has_question:
            return f"Q&A {section.number} ({answers})"
        return f"Q&A {section.number} (question and {answers})"
    answer = _answer(section, answer_index)
    kind = "paraphrase" if answer.reported else "answer"
    return f"{kind} {answer_index + 1} of Q&A {section.number} ({_speaker(interview, answer.by)})"


def _answer(section: Section, answer_index: int) -> Answer:
    if not 0 <= answer_index < len(section.answers):
        count = len(section.answers)
        raise ValueError(
            f"Q&A {section.number} has {count} answer{'s' if count != 1 else ''}; "
            f"there is no answer {answer_index + 1}"
        )
    return section.answers[answer_index]


def _shown(section: Section, field: TextField, answer: int | None, view: QuoteView) -> str:
    """The question or an answer's text in ``view`` (raw; made visible later)."""
    text = section.text_of(field, answer)
    if view == "corrected":
        return marked(text, replacements_of(section, field, answer))
    if view == "original" and field == "answer":
        original = section.answers[answer or 0].original
        if original is not None:
            return original
    return text


def _in_original(answer: Answer, view: QuoteView) -> bool:
    return view == "original" and answer.original is not None


def _original_label(interview: Interview, answer: Answer) -> str:
    language = interview.original_language_of(answer)
    return f"original in {_one_line(language)}" if language else "original"


# --- footnotes -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Note:
    annotation: Annotation
    scope: Literal["passage", "qa", "interview"]
    passage: str | None
    """The annotated words when the note covers only part of the passage."""


def _passage_notes(section: Section, field: str, answer: int | None) -> list[_Note]:
    """Footnoted annotations anchored on the question (``answer=None``) or an answer."""
    text = section.question if field == "question" else section.answers[answer or 0].quote
    notes = []
    for annotation in section.annotations:
        anchor = annotation.anchor
        if annotation.kind not in FOOTNOTE_KINDS or anchor is None:
            continue
        if anchor.field != field or (field == "answer" and anchor.answer != answer):
            continue
        whole = not text[: anchor.start].strip() and not text[anchor.end :].strip()
        passage = None if whole else text[anchor.start : anchor.end]
        notes.append(_Note(annotation, "passage", passage))
    return notes


def _general_notes(
    interview: Interview,
    section: Section,
    speakers: set[str | None] | None = None,
    view: QuoteView = "published",
) -> list[_Note]:
    """Footnoted annotations on the whole Q&A, then on the whole interview.

    An interview annotation ``about`` a speaker is kept only when that
    speaker is among ``speakers`` (whose words are copied; None: the Q&A's).
    In the original view a translation credit is left out: it is about the
    translation, not the words as spoken.
    """
    if speakers is None:
        speakers = {section.asked_by, *(answer.by for answer in section.answers)}
    kinds = ("correction",) if view == "original" else FOOTNOTE_KINDS
    notes = [
        _Note(a, "qa", None) for a in section.annotations if a.anchor is None and a.kind in kinds
    ]
    notes += [
        _Note(a, "interview", None)
        for a in interview.annotations
        if a.kind in kinds and (a.about is None or a.about in speakers)
    ]
    return notes


class _Footnotes:
    """Numbers footnotes in order of first reference."""

    def __init__(self) -> None:
        self.notes: list[_Note] = []

    def refs(self, notes: list[_Note], style: Format) -> str:
        marks = []
        for note in notes:
            self.notes.append(note)
            number = len(self.notes)
            marks.append(f"[^{number}]" if style == "markdown" else f"[{number}]")
        return "".join(marks)

    def lines(self, style: Format) -> list[str]:
        out: list[str] = []
        for number, note in enumerate(self.notes, start=1):
            label = note.annotation.kind.capitalize()
            if note.passage is not None:
                label += f' ("{_one_line(shorten(note.passage, 60))}")'
            if note.annotation.replacement is not None:
                label += f', should read "{_one_line(note.annotation.replacement)}"'
            body = _block(note.annotation.note)
            mark = f"[^{number}]:" if style == "markdown" else f"[{number}]"
            out.append(f"{mark} {label}: {body[0]}")
            # Markdown continues a footnote with indented lines; text follows suit.
            out.extend(f"    {line}" if line else "" for line in body[1:])
        return out


# --- rendering -------------------------------------------------------------------------


def _verbatim(lines: list[str], refs: str, style: Format) -> list[str]:
    if style == "markdown":
        out = [f"> {line}" if line.strip() else ">" for line in lines]
        out[-1] += refs
        return out
    out = list(lines)
    out[0] = '"' + out[0]
    out[-1] += '"' + refs
    return out


def _paraphrase(lead: str, lines: list[str], refs: str) -> list[str]:
    out = list(lines)
    out[0] = f"{lead}, paraphrased: {out[0]}"
    out[-1] += refs
    return out


def _render_answer(
    interview: Interview,
    section: Section,
    answer: Answer,
    index: int,
    notes: _Footnotes,
    style: Format,
    extra: list[_Note],
    labelled: bool,
    view: QuoteView = "published",
) -> list[str]:
    """One answer; ``labelled`` puts ``Speaker:`` before a verbatim quote."""
    original = _in_original(answer, view)
    # Notes on the translation's passages do not describe the original's words.
    passage = [] if original else _passage_notes(section, "answer", index)
    refs = notes.refs(passage + extra, style)
    lines = _block(_shown(section, "answer", index, view))
    speaker = _speaker(interview, answer.by)
    if original:
        speaker += f", {_original_label(interview, answer)}"
    if answer.reported:
        return _paraphrase(speaker, lines, refs)
    quoted = _verbatim(lines, refs, style)
    if not labelled:
        return quoted
    if style == "markdown":
        return [f"{speaker}:", "", *quoted]
    quoted[0] = f"{speaker}: {quoted[0]}"
    return quoted


def _finish(body: list[str], notes: _Footnotes, style: Format) -> str:
    footnotes = notes.lines(style)
    if footnotes:
        body = [*body, "", *footnotes]
    return "\n".join(body) + "\n"


def format_answer(
    interview: Interview,
    section: Section,
    answer_index: int,
    fmt: Format = "markdown",
    view: QuoteView = "published",
) -> str:
    """One answer (0-based ``answer_index``) with its attribution, in ``fmt`` and ``view``.

    Raises ``ValueError`` for an answer index out of range, an unknown
    format, or the original view of an answer without ``original``.  The
    result ends with a newline.  JSON holds every view (see
    :func:`answer_record`), whatever ``view`` is.
    """
    answer = _answer(section, answer_index)
    style = _check_format(fmt)
    if view == "original" and answer.original is None:
        raise ValueError(
            f"answer {answer_index + 1} of Q&A {section.number} has no original text "
            "(an 'original' in the file)"
        )
    if style == "json":
        return _dump(answer_record(interview, section, answer_index))
    notes = _Footnotes()
    general = _general_notes(interview, section, {answer.by}, view)
    body = _render_answer(
        interview, section, answer, answer_index, notes, style, general, False, view
    )
    speaker = None if answer.reported else answer.by
    cited = citation(interview, section, speaker, answer.time)
    if _in_original(answer, view):
        cited += f", {_original_label(interview, answer)}"
    body += ["", cited]
    return _finish(body, notes, style)


def format_section(
    interview: Interview,
    section: Section,
    fmt: Format = "markdown",
    view: QuoteView = "published",
) -> str:
    """A whole Q&A — question, asker, every answer — with its attribution.

    In the original view, each answer that has an ``original`` gives it
    (labelled with its language) and the others give their text; a Q&A none
    of whose answers has an original raises ``ValueError``.
    """
    style = _check_format(fmt)
    if view == "original" and all(a.original is None for a in section.answers):
        raise ValueError(f"Q&A {section.number} has no answer with an original text")
    if style == "json":
        return _dump(section_record(interview, section))
    notes = _Footnotes()
    asker = _speaker(interview, section.asked_by) if section.asked_by else None
    refs = notes.refs(_passage_notes(section, "question", None), style)
    lines = _block(_shown(section, "question", None, view))
    body: list[str]
    if not section.has_question:
        body = []
    elif section.reported:
        body = _paraphrase(f"{asker} asked" if asker else "Question", lines, refs)
    else:
        lead = f"{asker} asked:" if asker else "Question:"
        quoted = _verbatim(lines, refs, style)
        if style == "markdown":
            body = [lead, "", *quoted]
        else:
            quoted[0] = f"{lead} {quoted[0]}"
            body = quoted
    for index, answer in enumerate(section.answers):
        if body:
            body.append("")
        body += _render_answer(interview, section, answer, index, notes, style, [], True, view)
    body += [
        "",
        citation(interview, section, None, _section_time(section))
        + notes.refs(_general_notes(interview, section, None, view), style),
    ]
    return _finish(body, notes, style)


def _is_format(fmt: str) -> TypeGuard[Format]:
    return fmt in FORMATS


def _section_time(section: Section) -> str | None:
    """Where the Q&A starts: its own ``time``, else its first answer's."""
    return section.time or (section.answers[0].time if section.answers else None)


def _check_format(fmt: str) -> Format:
    if not _is_format(fmt):
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return fmt


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
        "date": _date(interview),
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


def _note_record(note: _Note, where: str | None) -> dict[str, Any]:
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
    answer = _answer(section, answer_index)
    where = f"answer {answer_index + 1}"
    notes = [_note_record(n, where) for n in _passage_notes(section, "answer", answer_index)]
    notes += [_note_record(n, None) for n in _general_notes(interview, section, {answer.by})]
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
        [_note_record(n, "question") for n in _passage_notes(section, "question", None)]
        if section.has_question
        else []
    )
    for index in range(len(section.answers)):
        notes += [
            _note_record(n, f"answer {index + 1}") for n in _passage_notes(section, "answer", index)
        ]
    notes += [_note_record(n, None) for n in _general_notes(interview, section)]
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
        "time": _section_time(section),
        "answers": [
            _answer_fields(interview, section, a, i) for i, a in enumerate(section.answers)
        ],
        "notes": notes,
        "citation": citation(interview, section, None, _section_time(section)),
        "link": time_link(interview.media, _section_time(section)),
    }


def _dump(record: dict[str, Any]) -> str:
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
