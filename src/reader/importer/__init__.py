"""Turn the transcripts people have into reader/1 documents.

One module per format reads the file into turns (a speaker's words, the line
they start on, their time): :mod:`~reader.importer.webvtt`,
:mod:`~reader.importer.srt`, :mod:`~reader.importer.whisper`,
:mod:`~reader.importer.ohms`, :mod:`~reader.importer.plain` (labelled text
and Otter exports) and :mod:`~reader.importer.unlabelled` (Q&A articles and
oral histories without labels).  One pipeline
(:mod:`~reader.importer.pipeline`) makes people and sections of the turns,
whatever the format, and :func:`summary_lines` says what it decided.

:func:`import_bytes` reads a file's bytes, finds its format (from the
content; the file name's extension only breaks ties) and returns an
:class:`ImportResult` whose ``document`` :func:`reader.yamlwrite.dump` writes.
Nothing is invented: every quote is the source's words, in order.

This package imports neither textual nor rich.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from reader.importer._common import (
    MAX_SECONDS,
    ImportedPerson,
    ImportOptionError,
    Notice,
    Options,
    Parsed,
    TranscriptError,
    clean_line,
    format_time,
    strip_invisible,
)
from reader.importer.ohms import looks_like_ohms, parse_ohms
from reader.importer.pipeline import (
    DEFAULT_INTERVIEWERS,
    REMARKS_TITLE,
    build_people,
    build_sections,
)
from reader.importer.plain import LABEL_FORMS, looks_like_otter, parse_plain
from reader.importer.srt import looks_like_srt, parse_srt
from reader.importer.summary import summary_lines
from reader.importer.webvtt import looks_like_webvtt, parse_webvtt
from reader.importer.whisper import looks_like_whisper, parse_whisper
from reader.links import check_url
from reader.text import has_special

__all__ = [
    "DEFAULT_INTERVIEWERS",
    "FORMATS",
    "LABEL_FORMS",
    "MAX_IMPORT_BYTES",
    "REMARKS_TITLE",
    "ImportOptionError",
    "ImportResult",
    "ImportedPerson",
    "Notice",
    "Options",
    "TranscriptError",
    "decode_transcript",
    "detect_format",
    "import_bytes",
    "import_text",
    "import_transcript",
    "media_problem",
    "summary_lines",
]

FORMATS: dict[str, str] = {
    "vtt": "WebVTT (Zoom, Teams, YouTube, Whisper)",
    "srt": "SubRip (SRT)",
    "otter": "Otter.ai text export",
    "ohms": "OHMS XML (5.x and 6.0)",
    "whisper": "Whisper / WhisperX JSON",
    "text": "plain text with speaker labels, or questions and answers",
}
"""The formats ``--from`` accepts, with what each is."""

MAX_IMPORT_BYTES = 64 * 1024 * 1024
"""The loader's size cap applies to what is imported, too."""

UNTITLED = "Untitled transcript"


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What the importer made of a transcript."""

    document: dict[str, object]
    """The reader/1 mapping, keys in docs/format.md order, ready for ``dump``."""
    people: tuple[ImportedPerson, ...]
    sections: int
    remarks: int
    """Sections with no question (remarks before the first question, say)."""
    skipped: tuple[Notice, ...]
    warnings: tuple[Notice, ...]
    decisions: tuple[Notice, ...]
    title_from: str
    """Where the title came from: ``option``, ``front matter``, ``first line``, ...,
    or ``none`` (the file gives none: "Untitled transcript")."""
    format: str
    merged_cues: int
    invisible: tuple[tuple[str, int], ...]
    """Invisible characters removed, by name, with their counts."""

    @property
    def opening_remarks(self) -> bool:
        """True when the first section has no question."""
        sections = self.document.get("sections")
        if not isinstance(sections, list) or not sections:
            return False
        first = sections[0]
        return isinstance(first, dict) and "question" not in first


def decode_transcript(data: bytes) -> str:
    """The text of a transcript file: UTF-8, or UTF-16 with a BOM; any line ends.

    Raises :class:`TranscriptError` for a binary file and for bytes that are
    not UTF-8 (with the line of the first bad byte).
    """
    if len(data) > MAX_IMPORT_BYTES:
        raise TranscriptError(f"the file is larger than {MAX_IMPORT_BYTES // 2**20} MiB")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise TranscriptError("the file starts with a UTF-16 BOM but is not UTF-16") from None
    else:
        nul = data.find(b"\x00")
        if nul >= 0:
            raise TranscriptError(
                f"a binary file, not a transcript (a NUL byte at byte {nul}); UTF-16 "
                "without a byte order mark is not read either: save it as UTF-8",
                data.count(b"\n", 0, nul) + 1,
            )
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise TranscriptError(
                f"byte 0x{data[exc.start]:02x} is not UTF-8; save the file as UTF-8", line
            ) from None
    text = text.lstrip("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def detect_format(text: str, name: str | None = None) -> str:
    """The format of ``text`` (a key of :data:`FORMATS`), from its content.

    The extension of ``name`` decides only when the content fits several.
    """
    if looks_like_webvtt(text):
        return "vtt"
    if looks_like_ohms(text):
        return "ohms"
    if looks_like_whisper(text):
        return "whisper"
    if looks_like_srt(text):
        return "srt"
    suffix = PurePath(name).suffix.lower() if name else ""
    if suffix in (".vtt", ".srt", ".xml", ".json"):
        return {".vtt": "vtt", ".srt": "srt", ".xml": "ohms", ".json": "whisper"}[suffix]
    if looks_like_otter(text):
        return "otter"
    return "text"


def _tried(text: str) -> str:
    """Why the text is none of the timed formats, for an error message."""
    first = text.split("\n", 1)[0][:40]
    return (
        f"formats tried: WebVTT (no WEBVTT line; the first line is {first!r}), SRT (no cue "
        "number and timing at the top), OHMS XML (no <ROOT> record), Whisper JSON (no "
        "segments), Otter (no 'Name  0:03' lines), plain text"
    )


def import_bytes(
    data: bytes, *, name: str | None = None, fmt: str | None = None, options: Options | None = None
) -> ImportResult:
    """Import a transcript file's bytes (see :func:`import_text`)."""
    return import_text(decode_transcript(data), name=name, fmt=fmt, options=options)


def import_text(
    text: str, *, name: str | None = None, fmt: str | None = None, options: Options | None = None
) -> ImportResult:
    """Build a reader/1 document from the transcript ``text``.

    ``fmt`` forces a format (a key of :data:`FORMATS`); otherwise it is
    detected.  Raises :class:`TranscriptError` when the text cannot be read
    as that format, :class:`ImportOptionError` when an option names a label
    the transcript does not have.
    """
    options = options or Options()
    text = text.lstrip("\ufeff")
    detected = fmt or detect_format(text, name)
    parsed = Parsed(format=detected)
    if detected == "vtt":
        parse_webvtt(text, parsed)
    elif detected == "srt":
        parse_srt(text, parsed)
    elif detected == "whisper":
        parse_whisper(text, parsed)
    elif detected == "ohms":
        parse_ohms(text, parsed, options)
    else:
        try:
            parse_plain(text, parsed, options, otter=detected == "otter")
        except TranscriptError as exc:
            if fmt is None and not options.alternate:
                raise TranscriptError(exc.message + ". " + _tried(text), exc.line) from None
            raise
    if not parsed.turns:
        raise TranscriptError("no words found in the transcript")
    return _assemble(parsed, options)


def import_transcript(
    text: str,
    *,
    name: str | None = None,
    interviewers: Sequence[str] | None = None,
    same: Sequence[str] = (),
    title: str | None = None,
) -> ImportResult:
    """Import a plain-text transcript (the text reader, whatever the content)."""
    options = Options(
        interviewers=tuple(interviewers) if interviewers else None,
        same=tuple(same),
        title=title,
    )
    return import_text(
        text, name=name, fmt="otter" if looks_like_otter(text) else "text", options=options
    )


def _assemble(parsed: Parsed, options: Options) -> ImportResult:
    """The reader/1 document of ``parsed``, in docs/format.md's key order."""
    people = build_people(parsed, options)
    for turn in parsed.turns:
        if turn.time is not None and turn.time + options.offset >= MAX_SECONDS:
            raise TranscriptError(
                f"the turn at line {turn.line} is 100 hours or more into the recording: "
                "reader/1 times go up to 99:59:59",
                turn.line,
            )
        if turn.time is not None and turn.time + options.offset < 0:
            raise ImportOptionError(
                f"--offset {options.offset:g} puts the turn at line {turn.line} before 0:00"
            )
    for turn in parsed.turns:
        if any(has_special(paragraph) for paragraph in turn.paragraphs):
            parsed.warnings.append(
                Notice(
                    turn.line,
                    "control, bidi or invisible characters kept (written as escapes)",
                    "\n\n".join(turn.paragraphs),
                )
            )
    first_time = next((turn.time for turn in parsed.turns if turn.time is not None), None)
    timed = parsed.format in ("vtt", "srt", "whisper", "ohms")
    if timed and first_time is not None and first_time + options.offset >= 3600:
        hours = int((first_time + options.offset) // 3600)
        parsed.warnings.append(
            Notice(
                None,
                f"the first time is {format_time(first_time + options.offset)}: if the "
                f"recording starts at 0:00, shift every time with --offset -{hours * 3600}",
            )
        )
    sections = build_sections(parsed, options)
    title = clean_line(strip_invisible(options.title or "", parsed.invisible))
    title_from = "option"
    if not title:
        title = clean_line(strip_invisible(parsed.title or "", parsed.invisible))
        title_from = parsed.title_from
    if not title:
        title, title_from = UNTITLED, "none"
    document: dict[str, object] = {"reader": 1, "title": title}
    for key in ("date", "language", "summary", "source"):
        if parsed.meta.get(key):
            document[key] = parsed.meta[key]
    media = options.media or parsed.meta.get("media")
    if isinstance(media, str) and media:
        document["media"] = media
    document["people"] = {
        person.key: {
            key: value
            for key, value in (
                ("name", person.name),
                ("role", person.role),
                ("aka", person.aka or None),
            )
            if value
        }
        for person in people
    }
    if parsed.meta.get("tags"):
        document["tags"] = parsed.meta["tags"]
    _interpreted_notes(parsed, people)
    if parsed.notes:
        document["annotations"] = parsed.notes
    document["sections"] = sections
    parsed.skipped.sort(key=lambda notice: notice.line or 0)
    parsed.decisions.sort(key=lambda notice: notice.line or 0)
    parsed.warnings.sort(key=lambda notice: notice.line or 0)
    return ImportResult(
        document=document,
        people=tuple(people),
        sections=len(sections),
        remarks=sum(1 for section in sections if "question" not in section),
        skipped=tuple(parsed.skipped),
        warnings=tuple(parsed.warnings),
        decisions=tuple(parsed.decisions),
        title_from=title_from,
        format=parsed.format,
        merged_cues=sum(turn.cues - 1 for turn in parsed.turns),
        invisible=tuple(sorted(parsed.invisible.items())),
    )


_INTERPRETED_RE = re.compile(r"^\((?:as interpreted|through an interpreter)\.?\)", re.IGNORECASE)


def _interpreted_notes(parsed: Parsed, people: Sequence[ImportedPerson]) -> None:
    """A translation note ``about`` each speaker whose every turn is "(As interpreted.)".

    The transcript marks those words as the interpreter's; the note says so
    once, and travels only with that speaker's quotes (docs/format.md).
    """
    for person in people:
        turns = [turn for turn in parsed.turns if turn.person is person and not turn.continues]
        if not turns or not all(_INTERPRETED_RE.match(turn.paragraphs[0]) for turn in turns):
            continue
        parsed.notes.append(
            {
                "kind": "translation",
                "about": person.key,
                "note": f"Every turn by {person.name} is marked “(As interpreted.)”: these "
                "are the interpreter's words, not the speaker's own.",
            }
        )
        parsed.decisions.append(
            Notice(
                turns[0].line,
                f"every turn of {person.labels[0]} is marked (As interpreted.): "
                "a translation note about them",
            )
        )


def media_problem(media: str) -> str | None:
    """Why ``media`` cannot be an interview's recording, or None when it can."""
    if "://" in media or media.lower().startswith(("javascript:", "data:", "file:")):
        return check_url(media)
    if PurePath(media).is_absolute():
        return "a local recording is named by a path relative to the interview file"
    return None
