"""What every format's reader and the pipeline share: turns, notices, cleaning.

A format reader (``plain``, ``webvtt``, ``srt``, ``whisper``, ``ohms``) turns
the file into a :class:`Parsed`: a list of :class:`Turn` (a speaker's words,
with the line they start on and, from a timed source, the time), the
interview's metadata, notes, and what it left out.  The pipeline
(:mod:`reader.importer.pipeline`) makes people and sections of that.

This module imports neither textual nor rich.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

__all__ = [
    "ImportOptionError",
    "ImportedPerson",
    "Notice",
    "Options",
    "Parsed",
    "SectionHint",
    "TranscriptError",
    "Turn",
    "clean_line",
    "format_time",
    "strip_invisible",
]


class TranscriptError(Exception):
    """The transcript cannot be imported (not UTF-8, no speakers, broken timings)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


MAX_SECONDS = 100 * 3600
"""Times go up to 99:59:59 (reader/1's HH:MM:SS has two digits of hours)."""


class ImportOptionError(ValueError):
    """An option names a label the transcript does not have, or is malformed."""


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the summary reports: a passage left out, a decision, a doubt.

    ``line`` is the 1-based line in the source file, or ``None`` for notices
    about the whole file.  ``text`` is the source text concerned (raw: pass it
    through :func:`reader.text.visible` before printing).
    """

    line: int | None
    message: str
    text: str = ""


@dataclass(slots=True)
class ImportedPerson:
    """A person found in the transcript, with the labels that name them."""

    key: str
    name: str
    labels: list[str]
    """Labels as written in the transcript, the first one the main one."""
    aka: list[str] = field(default_factory=list)
    interviewer: bool = False
    moderator: bool = False
    turns: int = 0
    first_line: int = 0
    role: str | None = None
    asks_because: str = ""
    """Why this person was taken as one who asks (for the summary)."""


@dataclass(slots=True)
class Turn:
    """One speaker's uninterrupted words.

    ``label`` is the speaker label as written (``None`` when the source names
    nobody); ``time`` and ``end`` are seconds from the start of the
    recording, for timed sources; ``cues`` counts the cues or segments merged
    into the turn.
    """

    label: str | None
    line: int
    time: float | None = None
    paragraphs: list[str] = field(default_factory=list)
    end: float | None = None
    cues: int = 1
    person: ImportedPerson | None = None
    lines: list[int] = field(default_factory=list)
    """The first line of each paragraph, where the reader knows it."""
    question: bool = False
    """True when the source marks this turn as a question (bold, --alternate)."""
    continues: bool = False
    """True for the second part of a turn cut at a section boundary (not a turn of its own)."""


@dataclass(slots=True)
class SectionHint:
    """A section the source itself marks (an OHMS index point)."""

    line: int
    time: float | None
    title: str
    first_turn: int
    """Index into the turns of the turn the section starts at."""
    annotations: list[dict[str, object]] = field(default_factory=list)


@dataclass(slots=True)
class Parsed:
    """What a format reader found, before people and sections are made."""

    format: str
    turns: list[Turn] = field(default_factory=list)
    title: str | None = None
    title_from: str = "none"
    meta: dict[str, object] = field(default_factory=dict)
    """``date``, ``language``, ``summary``, ``source``, ``tags``, ``media``."""
    notes: list[dict[str, object]] = field(default_factory=list)
    """Interview-wide annotations (a NOTE block, text after the transcript's end)."""
    skipped: list[Notice] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)
    decisions: list[Notice] = field(default_factory=list)
    hints: list[SectionHint] = field(default_factory=list)
    interviewers: list[str] = field(default_factory=list)
    """Names the file's metadata gives for those who ask."""
    interviewees: list[str] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)
    """A role for a person, by label id (from header lines)."""
    names: dict[str, str] = field(default_factory=dict)
    """A display name for a label id (from header lines or metadata)."""
    invisible: Counter[str] = field(default_factory=Counter)
    """Invisible characters removed from the text, by name."""
    footnotes: list[tuple[Turn, dict[str, object]]] = field(default_factory=list)
    """Notes on the section that holds a turn: ``(turn, annotation)``."""
    questions_by_shape: bool = False
    """True when questions were told from answers by their shape (bold, "?")."""


@dataclass(frozen=True, slots=True)
class Options:
    """What the user said on the command line about the transcript."""

    interviewers: tuple[str, ...] | None = None
    interviewees: tuple[str, ...] = ()
    moderators: tuple[str, ...] = ()
    same: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    """``LABEL=NAME`` pairs: the name a label's person is given (``SPEAKER_00=Carme``)."""
    title: str | None = None
    alternate: bool = False
    offset: float = 0.0
    media: str | None = None


# Spaces that are not line breaks: NBSP and its cousins, tabs, the Unicode
# space separators.  Control characters that Python's str.split() would also
# take as white space (\x1c-\x1f) are deliberately not here: they are kept
# and reported.
SPACES_RE = re.compile("[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")

# Characters that are never anyone's words and only break search and
# display: removed from imported text and counted.  ZWJ and ZWNJ are not
# here: they shape emoji and several scripts (Persian, Indic).
_INVISIBLE_NAMES = {
    "\u200b": "zero-width space",
    "\u2060": "word joiner",
    "\ufeff": "byte order mark",
}
_INVISIBLE_RE = re.compile("[\u200b\u2060\ufeff]")


def strip_invisible(text: str, counter: Counter[str]) -> str:
    """``text`` without zero-width spaces, word joiners and BOMs, counted in ``counter``."""
    if not _INVISIBLE_RE.search(text):
        return text
    for match in _INVISIBLE_RE.finditer(text):
        counter[_INVISIBLE_NAMES[match.group()]] += 1
    return _INVISIBLE_RE.sub("", text)


def clean_line(line: str) -> str:
    """One line with every run of spaces (NBSP included) as one space, trimmed."""
    return SPACES_RE.sub(" ", line).strip()


def format_time(seconds: float) -> str:
    """Seconds as reader/1's ``MM:SS`` or ``HH:MM:SS`` (whole seconds, rounded down).

    Rounded down so that playing from the time never starts after the words.
    """
    whole = max(0, int(seconds))
    if whole >= MAX_SECONDS:
        raise TranscriptError("a time of 100 hours or more: reader/1 times go up to 99:59:59")
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours:02d}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"
