"""Whisper and WhisperX JSON (``segments`` with ``start``, ``end``, ``text``, ``speaker``).

The layout of openai-whisper's result (also written by whisper-ctranslate2
and faster-whisper): a top-level object with ``segments``, a list of objects
with ``start`` and ``end`` in seconds and ``text``; WhisperX adds ``speaker``
(``SPEAKER_00``).  ``language`` becomes the interview's language.  Segments
are cues to :mod:`reader.importer._cues`, so the same merging rules apply.

This module imports neither textual nor rich.
"""

from __future__ import annotations

import json
import math
import re

from reader.importer._common import Parsed, TranscriptError
from reader.importer._cues import Cue, cues_to_turns

__all__ = ["looks_like_whisper", "parse_whisper"]

_LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?$")


def looks_like_whisper(text: str) -> bool:
    """True when ``text`` is a JSON object that mentions ``segments``."""
    return text.lstrip("\ufeff \t\n").startswith("{") and '"segments"' in text


def _line_of(text: str, needle: str, start: int) -> tuple[int, int]:
    """The line of the next ``needle`` from ``start`` (and where it is), for messages."""
    found = text.find(needle, start)
    if found < 0:
        return text.count("\n", 0, start) + 1, start
    return text.count("\n", 0, found) + 1, found + 1


def parse_whisper(text: str, parsed: Parsed) -> None:
    """Read Whisper JSON into ``parsed``; raises :class:`TranscriptError` on a bad shape."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TranscriptError(
            f"not valid JSON: {exc.msg} (column {exc.colno})", exc.lineno
        ) from None
    except RecursionError:
        raise TranscriptError("JSON nested too deeply", 1) from None
    if not isinstance(data, dict) or not isinstance(data.get("segments"), list):
        raise TranscriptError('not Whisper JSON: expected an object with a "segments" list', 1)
    language = data.get("language")
    if isinstance(language, str) and _LANGUAGE_RE.match(language):
        parsed.meta["language"] = language
    cues: list[Cue] = []
    position = 0
    for number, segment in enumerate(data["segments"]):
        line, position = _line_of(text, '"start"', position)
        if not isinstance(segment, dict):
            raise TranscriptError(f"segments[{number}] is not an object", line)
        start, end, words = segment.get("start"), segment.get("end"), segment.get("text")
        for name, value in (("start", start), ("end", end)):
            if (
                not isinstance(value, int | float)
                or isinstance(value, bool)
                or not math.isfinite(value)
                or value < 0
            ):
                raise TranscriptError(
                    f"segments[{number}].{name} must be a number of seconds, not {value!r}", line
                )
        if not isinstance(words, str):
            raise TranscriptError(f"segments[{number}].text must be text", line)
        assert isinstance(start, int | float) and isinstance(end, int | float)
        speaker = segment.get("speaker")
        cue = Cue(line, float(start), max(float(start), float(end)))
        cue.speaker = speaker.strip() if isinstance(speaker, str) and speaker.strip() else None
        cue.lines.append((line, words))
        cues.append(cue)
    if not cues:
        raise TranscriptError("this Whisper JSON has no segments", 1)
    cues_to_turns(cues, parsed)
