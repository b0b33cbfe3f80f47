"""What every quote shares: its types, its citation line, the notes that travel with it.

The Markdown and plain-text forms (:mod:`reader.quote._text`) and the JSON
records (:mod:`reader.quote._records`) are both built from these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, TypeGuard, get_args

from reader.corrections import marked, replacements_of
from reader.media import time_link
from reader.model import Annotation, Answer, Interview, Section, TextField
from reader.text import visible

__all__ = [
    "FOOTNOTE_KINDS",
    "FORMATS",
    "QUOTE_VIEWS",
    "Format",
    "Note",
    "QuoteView",
    "answer_at",
    "check_format",
    "citation",
    "copy_summary",
    "general_notes",
    "in_original",
    "interview_date",
    "one_line",
    "original_label",
    "passage_notes",
    "section_time",
    "shown_text",
    "speaker_name",
    "text_lines",
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


def one_line(text: str) -> str:
    """Terminal-safe text on one line (for names and titles in the attribution)."""
    # visible() first: it turns U+2028/NEL into "\n", which must fold too.
    return _WS.sub(" ", visible(text)).strip()


def text_lines(text: str) -> list[str]:
    """Terminal-safe lines of a passage, without blank lines at either end."""
    lines = [line.rstrip() for line in visible(text).split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return lines or [""]


def speaker_name(interview: Interview, key: str | None) -> str:
    return one_line(interview.speaker_label(key))


def interview_date(interview: Interview) -> str | None:
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
        parts.append(speaker_name(interview, speaker))
    parts.append(f'"{one_line(interview.title)}"')
    if interview.source is not None and interview.source.name:
        parts.append(one_line(interview.source.name))
    date = interview_date(interview)
    if date:
        parts.append(one_line(date))
    parts.append(f"Q&A {section.number}")
    if time:
        link = time_link(interview.media, time)
        parts.append(f"at {time}" + (f" ({one_line(link)})" if link else ""))
    return "— " + ", ".join(parts)


def copy_summary(interview: Interview, section: Section, answer_index: int | None) -> str:
    """A short, terminal-safe description of what was copied (for a notification)."""
    if answer_index is None:
        count = len(section.answers)
        answers = "1 answer" if count == 1 else f"{count} answers"
        if not section.has_question:
            return f"Q&A {section.number} ({answers})"
        return f"Q&A {section.number} (question and {answers})"
    answer = answer_at(section, answer_index)
    kind = "paraphrase" if answer.reported else "answer"
    who = speaker_name(interview, answer.by)
    return f"{kind} {answer_index + 1} of Q&A {section.number} ({who})"


def answer_at(section: Section, answer_index: int) -> Answer:
    if not 0 <= answer_index < len(section.answers):
        count = len(section.answers)
        raise ValueError(
            f"Q&A {section.number} has {count} answer{'s' if count != 1 else ''}; "
            f"there is no answer {answer_index + 1}"
        )
    return section.answers[answer_index]


def shown_text(section: Section, field: TextField, answer: int | None, view: QuoteView) -> str:
    """The question or an answer's text in ``view`` (raw; made visible later)."""
    text = section.text_of(field, answer)
    if view == "corrected":
        return marked(text, replacements_of(section, field, answer))
    if view == "original" and field == "answer":
        original = section.answers[answer or 0].original
        if original is not None:
            return original
    return text


def in_original(answer: Answer, view: QuoteView) -> bool:
    return view == "original" and answer.original is not None


def original_label(interview: Interview, answer: Answer) -> str:
    language = interview.original_language_of(answer)
    return f"original in {one_line(language)}" if language else "original"


# --- footnotes -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Note:
    annotation: Annotation
    scope: Literal["passage", "qa", "interview"]
    passage: str | None
    """The annotated words when the note covers only part of the passage."""


def passage_notes(section: Section, field: str, answer: int | None) -> list[Note]:
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
        notes.append(Note(annotation, "passage", passage))
    return notes


def general_notes(
    interview: Interview,
    section: Section,
    speakers: set[str | None] | None = None,
    view: QuoteView = "published",
) -> list[Note]:
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
        Note(a, "qa", None) for a in section.annotations if a.anchor is None and a.kind in kinds
    ]
    notes += [
        Note(a, "interview", None)
        for a in interview.annotations
        if a.kind in kinds and (a.about is None or a.about in speakers)
    ]
    return notes


def _is_format(fmt: str) -> TypeGuard[Format]:
    return fmt in FORMATS


def section_time(section: Section) -> str | None:
    """Where the Q&A starts: its own ``time``, else its first answer's."""
    return section.time or (section.answers[0].time if section.answers else None)


def check_format(fmt: str) -> Format:
    if not _is_format(fmt):
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return fmt
