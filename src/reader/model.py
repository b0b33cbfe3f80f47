"""The reader/1 interview model: plain, frozen, typed data.

Everything in ``reader`` (the UI, search, export, quoting) works on these
classes.  They are built only by :mod:`reader.loader`, which validates a file
and resolves every annotation to the exact characters it anchors.  This module
imports neither textual nor rich (a test guards that).

Positions are 1-based ``line``/``column`` pairs into the source file, counted
the way editors count them: lines are separated by ``\\n`` only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Literal

FORMAT_VERSION = 1
"""The only value of the top-level ``reader`` key that this version reads."""

ANNOTATION_KINDS: tuple[str, ...] = (
    "note",
    "context",
    "correction",
    "translation",
    "source",
    "fact-check",
)
"""The annotation kinds of reader/1, in the order the UI lists them."""

REMARKS_TITLE = "Remarks"
"""The title of a section with no question and no title of its own."""

VERDICTS: tuple[str, ...] = (
    "unverified",
    "true",
    "mostly-true",
    "mixed",
    "mostly-false",
    "false",
    "unsupported",
)
"""The verdicts a ``fact-check`` annotation may carry, from "not checked yet" to
"checked, no evidence either way" (``unsupported``)."""


class Severity(StrEnum):
    """How bad a :class:`Problem` is: errors reject a file, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Position:
    """A 1-based line and column in a source file (columns count characters)."""

    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem found while loading a file."""

    path: str
    line: int
    column: int
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"


@dataclass(frozen=True, slots=True)
class Person:
    """Someone who speaks or asks in an interview, under a speaker key."""

    key: str
    name: str
    role: str | None = None
    aka: tuple[str, ...] = ()
    position: Position = Position(1, 1)

    @property
    def label(self) -> str:
        """``Name (role)``, or just the name."""
        return f"{self.name} ({self.role})" if self.role else self.name


@dataclass(frozen=True, slots=True)
class Source:
    """Where an interview was published."""

    name: str | None = None
    url: str | None = None
    published: str | None = None
    note: str | None = None


TextField = Literal["question", "answer"]


@dataclass(frozen=True, slots=True)
class Anchor:
    """The exact characters an annotation is pinned to.

    ``field`` is ``"question"`` or ``"answer"``; ``answer`` is the 0-based index
    of the answer when ``field == "answer"``.  ``start``/``end`` are character
    offsets into that text (``text[start:end]``).
    """

    field: TextField
    answer: int | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Annotation:
    """A note pinned to a passage, to a whole section, or to the interview."""

    note: str
    kind: str = "note"
    on: str | None = None
    prefix: str | None = None
    suffix: str | None = None
    by: str | None = None
    links: tuple[str, ...] = ()
    about: str | None = None
    """Interview annotations only: the speaker key whose quotes the note is about."""
    anchor: Anchor | None = None
    position: Position = Position(1, 1)
    """Where the annotation's mapping starts in the file."""
    note_position: Position = Position(1, 1)
    """Where the ``note`` scalar starts in the file."""
    problem: str | None = None
    """Why the passage could not be placed (the message ``reader check`` gives), or None.

    Such an annotation is in :attr:`Section.unplaced`, never in
    :attr:`Section.annotations`, so nothing can show it as anchored.
    """
    replacement: str | None = None
    """``correction`` only: what the passage should read."""
    verdict: str | None = None
    """``fact-check`` only: one of :data:`VERDICTS`, or None (not given)."""
    checked_by: str | None = None
    """``fact-check`` only: who checked the claim."""
    checked_on: str | None = None
    """``fact-check`` only: the date of the check."""

    @property
    def is_unverified_claim(self) -> bool:
        """A fact-check with no verdict, or with ``unverified``."""
        return self.kind == "fact-check" and self.verdict in (None, "unverified")


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer: a speaker's words, verbatim unless ``reported``."""

    by: str
    quote: str
    reported: bool = False
    time: str | None = None
    position: Position = Position(1, 1)
    """Where the answer's mapping starts in the file."""
    quote_position: Position = Position(1, 1)
    """Where the ``quote`` scalar starts in the file."""
    original: str | None = None
    """The words in the language they were spoken in (``quote`` is then a translation)."""
    original_language: str | None = None
    """The BCP 47 tag of ``original`` when it differs from the interview's."""
    original_position: Position = Position(1, 1)
    """Where the ``original`` scalar starts in the file (when there is one)."""


@dataclass(frozen=True, slots=True)
class Section:
    """One Q&A: a question and its answers, with annotations."""

    id: str
    number: int
    """1-based position of the section in the interview."""
    title: str
    """The explicit title, or the question shortened."""
    question: str
    answers: tuple[Answer, ...]
    asked_by: str | None = None
    reported: bool = False
    annotations: tuple[Annotation, ...] = ()
    has_title: bool = False
    """True when ``title`` was written in the file (not derived)."""
    unplaced: tuple[Annotation, ...] = ()
    """Annotations whose ``on`` passage is not found or is ambiguous, in file order.

    The file still loads ("orphans", as Hypothesis calls them); each one's
    :attr:`Annotation.problem` says why, and ``reader check`` reports it as an
    error.
    """
    position: Position = Position(1, 1)
    question_position: Position = Position(1, 1)
    has_question: bool = True
    """False for a section of remarks: ``question`` is then empty, never shown or exported."""
    time: str | None = None
    """Where the section starts in the recording (``MM:SS`` or ``HH:MM:SS``)."""
    topics: tuple[str, ...] = ()
    """Slugs naming what the Q&A is about (``childhood``, ``first-film``)."""

    def text_of(self, anchor_field: TextField, answer: int | None) -> str:
        """The question, or answer number ``answer``'s quote."""
        if anchor_field == "question":
            return self.question
        assert answer is not None
        return self.answers[answer].quote


@dataclass(frozen=True, slots=True)
class Interview:
    """A loaded, validated interview."""

    path: Path
    id: str
    title: str
    people: Mapping[str, Person]
    sections: tuple[Section, ...]
    date: str | None = None
    language: str | None = None
    summary: str | None = None
    source: Source | None = None
    media: str | None = None
    """The recording: an http(s) URL, or a path relative to the interview file."""
    tags: tuple[str, ...] = ()
    annotations: tuple[Annotation, ...] = ()
    warnings: tuple[Problem, ...] = ()
    position: Position = Position(1, 1)
    title_position: Position = Position(1, 1)
    original_language: str | None = None
    """The BCP 47 tag of the answers' ``original`` texts (an answer may override it)."""

    @property
    def annotation_count(self) -> int:
        """Interview-wide plus all sections' annotations (placed ones)."""
        return len(self.annotations) + sum(len(s.annotations) for s in self.sections)

    @property
    def unplaced_count(self) -> int:
        """How many annotations could not be placed (see :attr:`Section.unplaced`)."""
        return sum(len(s.unplaced) for s in self.sections)

    def original_language_of(self, answer: Answer) -> str | None:
        """The language of ``answer.original``: the answer's own, else the interview's."""
        return answer.original_language or self.original_language

    def person(self, key: str | None) -> Person | None:
        """The person under ``key``, if any."""
        return self.people.get(key) if key is not None else None

    def speaker_label(self, key: str | None) -> str:
        """``Name (role)`` for a speaker key, or the key itself."""
        person = self.person(key)
        if person is None:
            return key or ""
        return person.label


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What loading one file gave: an interview, or problems, or both.

    ``interview`` is ``None`` when the file has at least one error, except
    errors of annotations that could not be placed (their passage is not
    found or is ambiguous): those are in ``problems`` and the interview still
    loads, with them in :attr:`Section.unplaced`.  Warnings never reject a
    file.
    """

    path: Path
    interview: Interview | None
    problems: tuple[Problem, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """True when the file loaded (it may still carry warnings)."""
        return self.interview is not None

    @property
    def errors(self) -> tuple[Problem, ...]:
        """Only the errors among the problems."""
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)
