"""Cues (WebVTT, SRT, Whisper segments) into turns: one set of rules for all.

A cue's text names its speaker in one of these ways, and the rules are the
same whichever file the cue came from:

* a voice span ``<v Name>`` or ``<v.loud Name>`` (closed by ``</v>`` or not);
  several voices in one cue make several turns;
* a label at the start of a line: ``Name: text`` (Zoom), ``[SPEAKER_00]: text``
  and ``SPEAKER_00: text`` (WhisperX).  A label in brackets always counts; a
  bare one counts when it starts a line at least twice in the file, or when
  most cues start with a label, so a caption that begins ``So: ...`` is not
  a speaker;
* ``- `` at the start of a line: a change of speaker, name unknown;
* nothing: the speaker of the cue before goes on.

Tags (``<c>``, ``<i>``, ``<b>``, ``<u>``, ``<00:01:02.500>`` word times) are
removed and HTML entities decoded; ``<br>`` breaks a paragraph.  Adjacent cues
by one speaker merge into one turn whose time is the first cue's start; a
pause of :data:`PARAGRAPH_PAUSE` seconds or more between them starts a new
paragraph.  YouTube's rolling captions, where each cue repeats the line
before, are recognised and the repeats dropped.

This module imports neither textual nor rich.
"""

from __future__ import annotations

import functools
import html
import re
from collections import Counter
from dataclasses import dataclass, field

from reader.importer._common import Notice, Parsed, Turn, clean_line, strip_invisible
from reader.importer._labels import check_words, label_id

__all__ = ["PARAGRAPH_PAUSE", "Cue", "cues_to_turns", "parse_time", "parse_timing"]

PARAGRAPH_PAUSE = 2.0
"""Seconds of silence between two cues of one speaker that start a new paragraph."""

_TIME_RE = re.compile(r"^(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?$")
_TIMING_RE = re.compile(r"^\s*(?P<start>\S+)\s+-->\s+(?P<end>\S+)(?:\s+.*)?$")
_VOICE_RE = re.compile(r"<v(?:\.[^\s>]*)?(?:\s+(?P<name>[^>]*))?>|</v\s*>", re.IGNORECASE)
_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG_RE = re.compile(r"</?[A-Za-z][^>]*>|<\d[\d:.]*>")
_BRACKET_LABEL_RE = re.compile(r"^\[(?P<label>[^\[\]:]{1,60})\]:?\s*(?P<rest>.*)$")
_BARE_LABEL_RE = re.compile(r"^(?P<label>[^\W_][^:]{0,59}?):(?:\s+(?P<rest>.*)|$)")
_DASH_RE = re.compile(r"^[-–]\s+(?P<rest>.*)$")

_SAME = "\x00same"  # the speaker goes on
_DASH = "\x00dash"  # a new, unnamed speaker


class TimingError(ValueError):
    """A cue timing that cannot be read; the message says what is wrong."""


def parse_time(value: str) -> float:
    """``HH:MM:SS.mmm``, ``MM:SS.mmm`` or Teams' ``H:M:S.m`` as seconds.

    Raises :class:`TimingError` saying what is wrong.
    """
    match = _TIME_RE.match(value)
    if not match:
        raise TimingError(f"{value!r} is not a time (write HH:MM:SS.mmm or MM:SS.mmm)")
    hours, minutes, seconds, fraction = match.groups()
    if int(minutes) >= 60 and hours is not None:
        raise TimingError(f"{value!r}: minutes must be below 60")
    if int(seconds) >= 60:
        raise TimingError(f"{value!r}: seconds must be below 60")
    total = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    if fraction:
        total += int(fraction) / 10 ** len(fraction)
    return float(total)


def parse_timing(line: str) -> tuple[float, float] | None:
    """The start and end of a timing line, or None when ``line`` has no ``-->``.

    Raises :class:`TimingError` when it has one but cannot be read.
    """
    if "-->" not in line:
        return None
    match = _TIMING_RE.match(line)
    if not match:
        raise TimingError("a timing line is START --> END (00:00:01.000 --> 00:00:04.000)")
    return parse_time(match.group("start")), parse_time(match.group("end"))


@dataclass(slots=True)
class Cue:
    """One cue: its timing line's number, its times, its text lines as written."""

    line: int
    start: float
    end: float
    lines: list[tuple[int, str]] = field(default_factory=list)
    speaker: str | None = None
    """A speaker given outside the text (Whisper's ``speaker`` field)."""


@dataclass(slots=True)
class _Segment:
    label: str  # a label, _SAME or _DASH
    line: int
    paragraphs: list[list[str]]


def _split_voices(cue: Cue, invisible: Counter[str]) -> list[_Segment]:
    """The cue's text cut where the speaker changes, tags and invisible characters removed."""
    segments = [_Segment(cue.speaker or _SAME, cue.lines[0][0] if cue.lines else cue.line, [[]])]
    for line_no, raw in cue.lines:
        # A <br> inside a cue line breaks a paragraph (OHMS writes <br><br>).
        pieces = _BR_RE.split(strip_invisible(raw, invisible))
        for number, piece in enumerate(pieces):
            if number and segments[-1].paragraphs[-1]:
                segments[-1].paragraphs.append([])
            position = 0
            for match in _VOICE_RE.finditer(piece):
                _add_text(segments[-1], piece[position : match.start()])
                position = match.end()
                name = match.group("name")
                if name is not None and clean_line(name):
                    segments.append(_Segment(clean_line(name), line_no, [[]]))
            _add_text(segments[-1], piece[position:])
        if segments[-1].paragraphs[-1] and segments[-1].paragraphs[-1][-1] != "\n":
            segments[-1].paragraphs[-1].append("\n")
    return segments


def _add_text(segment: _Segment, text: str) -> None:
    text = html.unescape(_TAG_RE.sub("", text))
    if text.strip():
        segment.paragraphs[-1].append(text)


def _lines_of(segment: _Segment) -> list[list[str]]:
    """Each paragraph of the segment as its cleaned lines."""
    result = []
    for paragraph in segment.paragraphs:
        lines = [clean_line(line) for line in "".join(paragraph).split("\n")]
        lines = [line for line in lines if line]
        if lines:
            result.append(lines)
    return result


@functools.lru_cache(maxsize=4096)
def _line_label(line: str) -> tuple[str, str, bool] | None:
    """``(label, rest, bracketed)`` for a label at the start of a cue line."""
    match = _BRACKET_LABEL_RE.match(line)
    if match and check_words(clean_line(match.group("label")), any_case=True):
        return clean_line(match.group("label")), match.group("rest"), True
    match = _BARE_LABEL_RE.match(line)
    if match and check_words(match.group("label").strip(), any_case=False):
        return match.group("label").strip(), match.group("rest") or "", False
    return None


def cues_to_turns(cues: list[Cue], parsed: Parsed) -> None:
    """Append the turns of ``cues`` to ``parsed.turns`` (rules in the module docstring)."""
    split = [_split_voices(cue, parsed.invisible) for cue in cues]
    # Each segment's cleaned lines, worked out once.
    lines_of = {id(segment): _lines_of(segment) for segments in split for segment in segments}
    # Bare labels count when they start a line at least twice in the file,
    # or when most cues start with one (a file labelled throughout).
    starts: Counter[str] = Counter()
    labelled = 0
    for segments in split:
        first_line = True
        for segment in segments:
            for paragraph in lines_of[id(segment)]:
                for line in paragraph:
                    found = _line_label(line)
                    if found and not found[2]:
                        starts[label_id(found[0])] += 1
                    labelled += 1 if found and first_line else 0
                    first_line = False
    labelled_throughout = bool(split) and labelled * 2 >= len(split)
    if labelled_throughout:
        for ident in list(starts):
            starts[ident] = max(starts[ident], 2)
    rolling = _is_rolling(split, lines_of)
    if rolling:
        parsed.decisions.append(
            Notice(None, "rolling captions (each cue repeats the line before): repeats dropped")
        )
    previous_lines: list[str] = []
    current: str | None = None
    last_end: float | None = None
    turns = parsed.turns
    for cue, segments in zip(cues, split, strict=True):
        cue_lines: list[str] = []
        first_in_cue = True
        for segment in segments:
            label = segment.label
            paragraphs = lines_of[id(segment)]
            if rolling and first_in_cue:
                paragraphs = _drop_repeat(paragraphs, previous_lines)
            for paragraph in paragraphs:
                cue_lines.extend(paragraph)
            # Labels and dashes inside the text: each line may change the speaker.
            pieces: list[tuple[str, int, list[list[str]]]] = [(label, segment.line, [])]
            for paragraph in paragraphs:
                pieces[-1][2].append([])
                for line in paragraph:
                    found = _line_label(line)
                    if found and (found[2] or starts[label_id(found[0])] >= 2):
                        pieces.append((found[0], segment.line, [[found[1]]] if found[1] else [[]]))
                        continue
                    dash = _DASH_RE.match(line)
                    if dash:
                        pieces.append((_DASH, segment.line, [[dash.group("rest")]]))
                        continue
                    pieces[-1][2][-1].append(line)
            for piece_label, piece_line, piece_paragraphs in pieces:
                texts = [" ".join(p).strip() for p in piece_paragraphs]
                texts = [clean_line(strip_invisible(t, parsed.invisible)) for t in texts]
                texts = [t for t in texts if t]
                if not texts and piece_label == _SAME:
                    continue
                if piece_label == _SAME and current is None and not turns:
                    piece_label = _DASH
                if (
                    piece_label == _SAME
                    and first_in_cue
                    and labelled_throughout
                    and turns
                    and turns[-1].label is not None
                ):
                    # Most cues name their speaker and this one does not:
                    # the words stay with the speaker before, and the
                    # summary says so, since it is a guess.
                    parsed.warnings.append(
                        Notice(
                            piece_line,
                            f"this cue names no speaker; kept with {turns[-1].label}",
                            " ".join(texts),
                        )
                    )
                new_turn = piece_label == _DASH or (
                    piece_label != _SAME and label_id(piece_label) != current
                )
                if piece_label not in (_SAME, _DASH):
                    current = label_id(piece_label)
                elif piece_label == _DASH:
                    current = None
                if new_turn or not turns:
                    name = None if piece_label in (_SAME, _DASH) else piece_label
                    turns.append(Turn(name, piece_line, cue.start, [], cue.end, 1))
                    turns[-1].paragraphs.extend(texts)
                else:
                    turn = turns[-1]
                    pause = cue.start - last_end if last_end is not None else 0.0
                    if texts:
                        if turn.paragraphs and pause < PARAGRAPH_PAUSE and first_in_cue:
                            turn.paragraphs[-1] = turn.paragraphs[-1] + " " + texts[0]
                            turn.paragraphs.extend(texts[1:])
                        else:
                            turn.paragraphs.extend(texts)
                    if first_in_cue:
                        turn.cues += 1
                    turn.end = max(turn.end or cue.end, cue.end)
                first_in_cue = False
        if cue_lines:
            previous_lines = cue_lines
        last_end = cue.end
    # Turns left without words (a cue of tags only) are not kept.
    parsed.turns[:] = [turn for turn in turns if turn.paragraphs]


def _is_rolling(split: list[list[_Segment]], lines_of: dict[int, list[list[str]]]) -> bool:
    """True when most cues start with the previous cue's last line (YouTube)."""
    repeats = 0
    comparable = 0
    previous: list[str] = []
    for segments in split:
        lines = [line for segment in segments for p in lines_of[id(segment)] for line in p]
        if previous and lines:
            comparable += 1
            if lines[0] == previous[-1]:
                repeats += 1
        if lines:
            previous = lines
    return comparable >= 2 and repeats * 2 >= comparable


def _drop_repeat(paragraphs: list[list[str]], previous: list[str]) -> list[list[str]]:
    """``paragraphs`` without leading lines that repeat the end of ``previous``."""
    flat = [line for paragraph in paragraphs for line in paragraph]
    drop = 0
    for size in range(min(len(flat), len(previous)), 0, -1):
        if flat[:size] == previous[-size:]:
            drop = size
            break
    if not drop:
        return paragraphs
    result: list[list[str]] = []
    for paragraph in paragraphs:
        kept = paragraph[drop:] if drop else paragraph
        drop = max(0, drop - len(paragraph))
        if kept:
            result.append(kept)
    return result
