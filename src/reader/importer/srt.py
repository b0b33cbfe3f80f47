"""SubRip (SRT) into turns: numbered cues, ``00:00:01,500 --> 00:00:04,000``.

Cue numbers and timings never reach the text; the text of each cue is read
by the same rules as WebVTT's (:mod:`reader.importer._cues`): labels inside
the text, ``<i>``/``<b>``/``<font>`` tags removed, adjacent cues by one
speaker merged.  The ``srt`` package (3.5.3) would parse the same; a parser of
a few lines keeps every line number for the summary and the errors.

This module imports neither textual nor rich.
"""

from __future__ import annotations

import re

from reader.importer._common import Parsed, TranscriptError
from reader.importer._cues import Cue, TimingError, cues_to_turns, parse_timing

__all__ = ["looks_like_srt", "parse_srt"]

_NUMBER_RE = re.compile(r"^\d+$")
_SRT_TIMING_RE = re.compile(r"^\s*\d{1,3}:\d{1,2}:\d{1,2}[,.]\d{1,3}\s+-->\s+")


def looks_like_srt(text: str) -> bool:
    """True when the first block is a cue number and an SRT timing line."""
    lines = [line.strip() for line in text.lstrip("\ufeff").split("\n") if line.strip()][:2]
    return (
        len(lines) == 2
        and _NUMBER_RE.match(lines[0]) is not None
        and _SRT_TIMING_RE.match(lines[1]) is not None
    )


def parse_srt(text: str, parsed: Parsed) -> None:
    """Read an SRT file into ``parsed``; raises :class:`TranscriptError` at a bad timing."""
    lines = text.lstrip("\ufeff").split("\n")
    cues: list[Cue] = []
    index = 0
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        if _NUMBER_RE.match(lines[index].strip()):
            index += 1
        if index >= len(lines) or "-->" not in lines[index]:
            found = lines[index].strip() if index < len(lines) else "the end of the file"
            raise TranscriptError(
                f"expected a cue timing (00:00:01,000 --> 00:00:04,000), found {found!r}",
                min(index, len(lines) - 1) + 1,
            )
        try:
            timing = parse_timing(lines[index])
        except TimingError as exc:
            raise TranscriptError(
                f"cue timing {lines[index].strip()!r}: {exc}", index + 1
            ) from None
        assert timing is not None
        cue = Cue(index + 1, timing[0], max(timing))
        index += 1
        while index < len(lines) and lines[index].strip():
            cue.lines.append((index + 1, lines[index]))
            index += 1
        cues.append(cue)
    if not cues:
        raise TranscriptError("this SRT file has no cues", 1)
    cues_to_turns(cues, parsed)
