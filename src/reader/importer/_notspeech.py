"""What in a transcript is not anyone's words: times, end marks, captions, trailers.

Shared by the plain-text reader (:mod:`reader.importer.plain`) and the reader
of unlabelled Q&A text (:mod:`reader.importer.unlabelled`).  A paragraph
that :func:`skip_reason` names is left out and listed in the summary; text
after the transcript's end goes to :func:`trailer`, which keeps it as a note
on the interview.

This module imports neither textual nor rich.
"""

from __future__ import annotations

import re

from reader.importer._common import Notice, Parsed

__all__ = ["BYLINE", "BYLINE_RE", "END_RE", "HEADING_RE", "TRAILER_RE", "skip_reason", "trailer"]

# "11:10 A.M. EDT", "5:02 P.M. CST", "1:44 p.m.", "10:00 AM ET".
_CLOCK = (
    r"\d{1,2}[:.]\d{2}\s*(?:[AaPp]\.?\s?[Mm]\.?)(?:\s+[A-Z]{1,5})?|\d{1,2}:\d{2}(?:\s+[A-Z]{2,5})?"
)
_CLOCK_RE = re.compile(rf"^(?:{_CLOCK})$")
END_RE = re.compile(
    rf"^(?:\[?END\]?|\(END\)|-\s*END\s*-|\[END OF (?:INTERVIEW|TRANSCRIPT)\])(?:\s+(?:{_CLOCK}))?$",
    re.IGNORECASE,
)
_TAPE_RE = re.compile(
    r"^\[(?:END OF|START OF|BEGIN) (?:AUDIO|VIDEO|TAPE|SIDE|FILE|RECORDING)\b[^\]]*\]$", re.I
)
_SEPARATOR_RE = re.compile(r"^(?:[-*_=~]\s*){3,}$|^#(?:\s*#){2,}$")
HEADING_RE = re.compile(r"^#{1,6}\s+(?P<text>\S.*?)(?:\s+#+)?$")
_CAPTION_RE = re.compile(
    r"^(?:(?:file\s+)?(?:photo|image|picture)\b.*?\b)?(?:image|photo|picture|credit|caption)s?:\s*\S"
    r"|^\((?:image|photo|picture)s?\s+(?:courtesy|credit)\b[^)]*\)$"
    r"|\bcourtesy of\s+\S.{0,80}$"
    r"|\b(?:photo\s+|image\s+)?credit:\s*\S[^.]{0,80}\.?$",
    re.IGNORECASE,
)
TRAILER_RE = re.compile(
    r"^(?:to (?:view|watch|listen|read|see|download)\b.*(?:visit|go to|see)\b"
    r"|transcribed by\b|transcript(?:ion)? by\b|copyright\b|©|\(c\)\s|all rights reserved"
    r"|this transcript (?:has been|was) edited\b)",
    re.IGNORECASE,
)
BYLINE_RE = re.compile(r"^By\s+[A-Z][\w.'’\- ]{1,60}$")
BYLINE = "\x00byline"
"""Stands for a byline paragraph once its text has gone to the metadata."""


def skip_reason(text: str) -> str | None:
    """Why a paragraph without a label is not speech, or None when it is."""
    if _CLOCK_RE.match(text):
        return "time"
    if END_RE.match(text):
        return "end mark"
    if _SEPARATOR_RE.match(text):
        return "separator"
    if _TAPE_RE.match(text):
        return "end of a tape or file"
    if len(text) <= 400 and _CAPTION_RE.search(text):
        return "photo caption"
    return None


def trailer(parsed: Parsed, line: int, text: str) -> None:
    """Text after the transcript's end: a note on the interview (marks are left out)."""
    if skip_reason(text) in ("end mark", "time", "separator"):
        parsed.skipped.append(Notice(line, skip_reason(text) or "", text))
        return
    if text == BYLINE:
        return
    parsed.notes.append({"note": text})
    parsed.decisions.append(
        Notice(line, "after the end of the transcript: kept as a note on the interview", text)
    )
