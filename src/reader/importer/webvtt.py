"""WebVTT (Zoom, Teams, YouTube, Whisper, OHMS 6.0) into turns.

A small parser of our own, because the details matter to a quote: webvtt-py
0.6.0 reads a voice span only on a cue's first line, joins lines split by
``<br>`` without a separator and drops milliseconds.  This one reads:

* the ``WEBVTT`` line (a BOM before it is fine); text after ``WEBVTT -`` is
  the title; header lines such as ``Kind:`` and ``Language: en`` (YouTube)
  up to the first blank line give the language;
* ``NOTE`` blocks, kept as notes on the whole interview (``TRANSCRIPTION
  BEGIN``/``END`` markers are left out); ``STYLE`` and ``REGION`` blocks,
  left out;
* cues: an optional id line, a timing line (``00:01:02.500 --> ...``, the
  short ``01:02.500`` form, Teams' ``0:0:1.5``, cue settings after it), then
  the text up to a blank line or the next timing line.

What the cue text says about speakers is read by :mod:`reader.importer._cues`.

This module imports neither textual nor rich.
"""

from __future__ import annotations

import re

from reader.format import LANGUAGE_RE
from reader.importer._common import Notice, Parsed, TranscriptError, clean_line
from reader.importer._cues import Cue, TimingError, cues_to_turns, parse_timing

__all__ = ["looks_like_webvtt", "parse_webvtt", "read_cues"]

_SIGNATURE_RE = re.compile(r"^WEBVTT(?:[ \t](?P<rest>.*))?$")
# "00:00:01.000 -> 00:00:02.000", "00:01.000 - 00:02.000": a timing gone wrong.
_ALMOST_TIMING_RE = re.compile(r"^\s*\d{1,3}:\d{2}[\d:.,]*\s*(?:-+>?|–|—|to)\s*\d")
_MARKERS_RE = re.compile(r"^TRANSCRIPTION (?:BEGIN|END)$", re.IGNORECASE)


def looks_like_webvtt(text: str) -> bool:
    """True when ``text`` starts with the WebVTT signature."""
    first = text.lstrip("\ufeff").split("\n", 1)[0].rstrip()
    return _SIGNATURE_RE.match(first) is not None


def read_cues(text: str, parsed: Parsed, line_offset: int = 0) -> list[Cue]:
    """The cues of a WebVTT text; header, NOTE, STYLE and REGION go into ``parsed``.

    ``line_offset`` is added to line numbers (a WebVTT inside an XML file).
    Raises :class:`TranscriptError` at a timing that cannot be read.
    """
    lines = text.lstrip("\ufeff").split("\n")
    signature = _SIGNATURE_RE.match(lines[0].rstrip()) if lines else None
    if signature is None:
        raise TranscriptError("not WebVTT: the first line must be WEBVTT", line_offset + 1)
    rest = (signature.group("rest") or "").strip().lstrip("-").strip()
    if rest:
        parsed.title, parsed.title_from = clean_line(rest), "WEBVTT line"
    index = 1
    # Header lines up to the first blank line (YouTube: Kind, Language, Style).
    while index < len(lines) and lines[index].strip() and "-->" not in lines[index]:
        header = lines[index].strip()
        key, _, value = header.partition(":")
        # Kept only when it is a language tag: the header is the file's text.
        if key.strip().lower() == "language" and LANGUAGE_RE.fullmatch(value.strip()):
            parsed.meta.setdefault("language", value.strip())
        parsed.skipped.append(Notice(line_offset + index + 1, "WebVTT header", header))
        index += 1
    cues: list[Cue] = []
    while index < len(lines):
        line = lines[index].rstrip()
        if not line.strip():
            index += 1
            continue
        start_line = index
        block_end = index
        while block_end < len(lines) and lines[block_end].strip():
            block_end += 1
        word = line.split(None, 1)[0] if line.split() else ""
        if word in ("NOTE", "STYLE", "REGION") and "-->" not in line:
            body = [clean_line(item) for item in lines[index:block_end]]
            body[0] = body[0][len(word) :].strip()
            note = " ".join(item for item in body if item)
            if word == "NOTE" and note and not _MARKERS_RE.match(note):
                parsed.notes.append({"note": note})
                parsed.decisions.append(
                    Notice(
                        line_offset + start_line + 1, "NOTE kept as a note on the interview", note
                    )
                )
            else:
                parsed.skipped.append(
                    Notice(line_offset + start_line + 1, f"{word} block", note or word)
                )
            index = block_end
            continue
        if "-->" not in line and _ALMOST_TIMING_RE.match(line):
            raise TranscriptError(
                f"cue timing {line.strip()!r}: a timing line is START --> END "
                "(00:00:01.000 --> 00:00:04.000)",
                line_offset + index + 1,
            )
        timing_index = index
        if "-->" not in line:
            timing_index = index + 1  # a cue id first
        if timing_index >= len(lines) or "-->" not in lines[timing_index]:
            where = line_offset + min(timing_index, len(lines) - 1) + 1
            found = lines[timing_index].strip() if timing_index < len(lines) else "the end"
            raise TranscriptError(
                f"expected a cue timing (00:00:01.000 --> 00:00:04.000) after {line.strip()!r}, "
                f"found {found!r}",
                where,
            )
        index = timing_index
        cue = _cue_at(lines, index, line_offset, parsed)
        index += 1
        # The text runs to a blank line, or to the next timing line (YouTube
        # sometimes leaves out the blank line).
        while index < len(lines) and lines[index].strip():
            if "-->" in lines[index]:
                break
            cue.lines.append((line_offset + index + 1, lines[index]))
            index += 1
        cues.append(cue)
    return cues


def _cue_at(lines: list[str], index: int, line_offset: int, parsed: Parsed) -> Cue:
    where = line_offset + index + 1
    try:
        timing = parse_timing(lines[index])
    except TimingError as exc:
        raise TranscriptError(f"cue timing {lines[index].strip()!r}: {exc}", where) from None
    assert timing is not None
    start, end = timing
    if end < start:
        parsed.warnings.append(
            Notice(
                where, "this cue ends before it starts; its end is ignored", lines[index].strip()
            )
        )
        end = start
    return Cue(where, start, end)


def parse_webvtt(text: str, parsed: Parsed, line_offset: int = 0) -> None:
    """Read a WebVTT file into ``parsed`` (turns, title, notes)."""
    cues = read_cues(text, parsed, line_offset)
    if not cues:
        raise TranscriptError("this WebVTT file has no cues", line_offset + 1)
    cues_to_turns(cues, parsed)
