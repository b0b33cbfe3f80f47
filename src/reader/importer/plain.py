"""Plain-text transcripts into turns: labelled, Otter, and unlabelled Q&A articles.

The rules, in the order they apply:

* Optional YAML front matter (:mod:`reader.importer._frontmatter`).
* Non-breaking spaces become spaces; runs of spaces collapse to one;
  zero-width spaces, word joiners and BOMs are removed (and counted).  A line
  that is blank once those are gone separates paragraphs; the lines of one
  paragraph are joined with a space.
* Header lines (``Name:``, ``Title:``, ``Organization:``, ``Formal Job
  Classification:`` and the like, a paragraph each, before the first turn)
  are metadata: the interviewee's name and role.  A byline (``By Name``) goes
  to the source's note.  They are never speech.
* A *turn* starts at a speaker label (see :data:`LABEL_FORMS`), or at an
  Otter header line (``Name  0:03`` alone on its line, the time becoming the
  turn's time).  Labels in capitals, ``**Name:**`` and ``Q.``/``A.`` count at
  the start of any line; ``Name:`` in mixed case counts at the start of a
  paragraph, or at the start of a line when the same label starts a line at
  least twice in the file.
* Without labels, questions are told from answers by their shape: with
  ``--alternate`` paragraphs alternate question and answer; otherwise
  paragraphs in bold (``**...**``), or paragraphs that end with a question
  mark, are questions when every one of them is followed by an answer.
* Not speech, left out and listed: times (``11:10 A.M. EDT``), ``END``,
  separators, headings inside turns, photo captions and credits
  (``... Courtesy of NASA``, ``Credit: NASA/...``, ``(Image courtesy ...)``).
  Text after the transcript's end (after ``END`` or a closing time, a
  byline, ``To view the slides...``, ``Transcribed by ...``, a copyright
  line) becomes a note on the interview, never part of an answer.

This module imports neither textual nor rich.
"""

from __future__ import annotations

import re
from collections import Counter

from reader.importer._common import (
    Notice,
    Options,
    Parsed,
    TranscriptError,
    Turn,
    clean_line,
    strip_invisible,
)
from reader.importer._frontmatter import front_matter, metadata
from reader.importer._labels import check_words, is_caps, label_id
from reader.importer._notspeech import (
    BYLINE,
    BYLINE_RE,
    HEADING_RE,
    TRAILER_RE,
    skip_reason,
    trailer,
)
from reader.importer.unlabelled import by_shape

__all__ = ["LABEL_FORMS", "looks_like_otter", "parse_plain", "skip_reason"]

LABEL_FORMS: tuple[str, ...] = (
    "NAME: in capitals at the start of a line (PRESIDENT BIDEN:, DR. FAUCI:, Q:)",
    "Name: at the start of a paragraph (Richman:, Jamie Little:)",
    "**Name:** or **Name**: (Markdown bold)",
    "Q. and A. at the start of a line",
    "Q followed by spaces at the start of a paragraph (White House style)",
    "an optional time: Name (01:02): or [01:02] Name:",
    "Otter.ai: Name  0:03 alone on a line, the words on the next",
)
"""The speaker-label forms the plain-text reader recognises."""

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?"
_OTTER_RE = re.compile(rf"^(?P<label>\S.{{0,60}}?)\s+(?P<time>{_TIME})$")
_HEADER_KEYS = {
    "name": "name",
    "title": "role",
    "job title": "role",
    "formal job classification": "role",
    "position": "role",
    "organization": "role",
    "organisation": "role",
    "affiliation": "role",
}

# "[01:02] Name: ..." (a time before the label).
_LEAD_TIME_RE = re.compile(rf"^\[(?P<time>{_TIME})\]\s*")
# "Name: ...", "NAME (01:02): ...": a short run without colons, then a colon.
_COLON_LABEL_RE = re.compile(
    rf"^(?P<label>[^\W_][^:]{{0,59}}?)\s*(?:\((?P<time>{_TIME})\))?:(?:\s+(?P<rest>.*)|$)"
)
_BOLD_LABEL_RE = re.compile(
    rf"^(?P<mark>\*\*|__)(?P<label>[^*_:]{{1,60}}?)\s*(?:\((?P<time>{_TIME})\))?"
    r"(?::(?P=mark)|(?P=mark):)(?:\s+(?P<rest>.*)|$)"
)
_QA_DOT_RE = re.compile(r"^(?P<label>[QA])\.(?:\s+(?P<rest>.*)|$)")
_BARE_Q_RE = re.compile(r"^(?P<label>Q)(?:\s+(?P<rest>.*)|$)")
_QUESTIONEND_RE = re.compile(r"\?[\"'”’)\]]*$")

Paragraph = list[tuple[int, str]]


class _Label:
    __slots__ = ("rest", "strong", "text", "time")

    def __init__(self, text: str, rest: str, time: str | None, strong: bool) -> None:
        self.text = text
        self.rest = rest
        self.time = time
        self.strong = strong


def _seconds(time: str | None) -> float | None:
    """``M:SS``/``H:MM:SS`` as seconds, or None when absent or invalid."""
    if time is None:
        return None
    parts = [int(part) for part in time.split(":")]
    limits = [60, 60] if len(parts) == 2 else [100, 60, 60]
    if any(part >= limit for part, limit in zip(parts, limits, strict=True)):
        return None
    total = 0
    for part in parts:
        total = total * 60 + part
    return float(total)


def _match_label(line: str, paragraph_start: bool) -> _Label | None:
    """The speaker label at the start of ``line``, if any."""
    lead_time: str | None = None
    lead = _LEAD_TIME_RE.match(line)
    if lead:
        lead_time = lead.group("time")
        line = line[lead.end() :]
    match = _BOLD_LABEL_RE.match(line)
    if match and check_words(match.group("label").strip(), any_case=True):
        label = match.group("label").strip()
        if label_id(label) not in _HEADER_KEYS:
            return _Label(label, match.group("rest") or "", match.group("time") or lead_time, True)
    match = _QA_DOT_RE.match(line)
    if match:
        return _Label(match.group("label"), match.group("rest") or "", lead_time, True)
    if paragraph_start:
        # Before "Name:", so that "Q Mr. President: ..." is Q asking.
        match = _BARE_Q_RE.match(line)
        if match:
            return _Label("Q", match.group("rest") or "", lead_time, False)
    match = _COLON_LABEL_RE.match(line)
    if match:
        label = match.group("label").strip()
        if check_words(label, any_case=False) and label_id(label) not in _HEADER_KEYS:
            return _Label(
                label, match.group("rest") or "", match.group("time") or lead_time, is_caps(label)
            )
    return None


def looks_like_otter(text: str) -> bool:
    """True when at least two lines are Otter speaker headers (``Name  0:03``)."""
    count = 0
    for line in text.split("\n"):
        match = _OTTER_RE.match(line.strip())
        if match and check_words(clean_line(match.group("label")), any_case=True):
            count += 1
            if count >= 2:
                return True
    return False


def _paragraphs(lines: list[str], start: int, invisible: Counter[str]) -> list[Paragraph]:
    """Group cleaned, non-blank lines into paragraphs of ``(line number, text)``."""
    paragraphs: list[Paragraph] = []
    current: Paragraph = []
    for index in range(start, len(lines)):
        line = clean_line(strip_invisible(lines[index], invisible))
        if line:
            current.append((index + 1, line))
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def _repeated_line_labels(paragraphs: list[Paragraph]) -> set[str]:
    """Mixed-case labels that start a line at least twice: speakers in line-per-turn files."""
    counts: Counter[str] = Counter()
    for paragraph in paragraphs:
        for _, line in paragraph:
            label = _match_label(line, paragraph_start=False)
            if label is not None and not label.strong:
                counts[label_id(label.text)] += 1
    return {ident for ident, count in counts.items() if count >= 2}


def parse_plain(text: str, parsed: Parsed, options: Options, *, otter: bool = False) -> None:
    """Read a plain-text transcript into ``parsed`` (rules in the module docstring)."""
    lines = text.split("\n")
    front, body_start = front_matter(lines, parsed.warnings)
    meta, front_title = metadata(front, parsed.warnings)
    parsed.meta.update(meta)
    if front_title:
        parsed.title, parsed.title_from = front_title, "front matter"
    paragraphs = _paragraphs(lines, body_start, parsed.invisible)
    paragraphs = _take_headers(paragraphs, parsed)
    if options.alternate:
        by_shape(paragraphs, parsed, options, alternate=True)
        return
    if otter:
        turns, preamble = _otter_turns(paragraphs)
    else:
        turns, preamble = _labelled_turns(paragraphs, _repeated_line_labels(paragraphs))
    if not turns:
        if by_shape(paragraphs, parsed, options, alternate=False):
            return
        raise TranscriptError(
            "no speaker label found (the forms read are listed by reader import --help), "
            "and no questions told by their shape (bold, or a paragraph ending in '?' "
            "before each answer); for paragraphs that alternate question and answer, "
            "use --alternate"
        )
    _preamble(preamble, parsed)
    parsed.turns = _close(turns, parsed)


def _take_headers(paragraphs: list[Paragraph], parsed: Parsed) -> list[Paragraph]:
    """Remove header lines and the title line from the top, into ``parsed``."""
    kept: list[Paragraph] = []
    name: str | None = None
    roles: list[str] = []
    seen_turn = False
    for number, paragraph in enumerate(paragraphs):
        first_line, first = paragraph[0]
        if number == 0 and parsed.title is None and len(first) <= 150:
            label = _match_label(first, paragraph_start=True)
            uses = (
                sum(
                    1
                    for p in paragraphs
                    for position, (_, line) in enumerate(p)
                    if (found := _match_label(line, position == 0)) is not None
                    and label_id(found.text) == label_id(label.text)
                )
                if label is not None
                else 0
            )
            labelled = sum(1 for p in paragraphs if _match_label(p[0][1], True) is not None)
            # "Kate A. McGinnis: Ready to Go" as the first line, a label used
            # nowhere else: a headline, not a turn.
            if label is not None and not label.strong and uses == 1 and labelled < 3:
                parsed.title, parsed.title_from = first, "first line"
                if len(paragraph) > 1:
                    parsed.meta.setdefault("summary", " ".join(text for _, text in paragraph[1:]))
                    parsed.decisions.append(
                        Notice(paragraph[1][0], "teaser taken as the summary", paragraph[1][1])
                    )
                continue
        if not seen_turn and len(paragraph) == 1:
            key, sep, value = first.partition(":")
            field = _HEADER_KEYS.get(label_id(key)) if sep else None
            if field and value.strip():
                if field == "name":
                    name = value.strip()
                else:
                    roles.append(value.strip())
                parsed.skipped.append(Notice(first_line, "header line (metadata)", first))
                continue
        if len(paragraph) == 1 and BYLINE_RE.match(first):
            source = parsed.meta.setdefault("source", {})
            assert isinstance(source, dict)
            source.setdefault("note", first)
            parsed.skipped.append(Notice(first_line, "byline (source note)", first))
            kept.append([(first_line, BYLINE)])
            continue
        if _match_label(first, paragraph_start=True) is not None:
            seen_turn = True
        kept.append(paragraph)
    if name:
        parsed.interviewees.insert(0, name)
        if roles:
            parsed.roles[label_id(name)] = "; ".join(dict.fromkeys(roles))
    return kept


def _labelled_turns(
    paragraphs: list[Paragraph], line_labels: set[str]
) -> tuple[list[Turn], list[tuple[int, str]]]:
    """Split paragraphs into turns at labels; also return the text before the first."""
    turns: list[Turn] = []
    preamble: list[tuple[int, str]] = []
    for paragraph in paragraphs:
        blocks: list[tuple[_Label | None, int, list[str]]] = []
        for position, (line_no, line) in enumerate(paragraph):
            label = _match_label(line, paragraph_start=position == 0)
            if (
                label is not None
                and position > 0
                and not label.strong
                and label_id(label.text) not in line_labels
            ):
                label = None
            if label is not None:
                blocks.append((label, line_no, [label.rest] if label.rest else []))
            elif blocks:
                blocks[-1][2].append(line)
            else:
                blocks.append((None, line_no, [line]))
        for label, line_no, block_lines in blocks:
            joined = " ".join(block_lines).strip()
            if label is None:
                if not turns:
                    preamble.append((line_no, "\n".join(block_lines)))
                else:
                    turns[-1].paragraphs.append(joined)
                    turns[-1].lines.append(line_no)
                continue
            turn = Turn(label.text, line_no, _seconds(label.time), [joined] if joined else [])
            turn.lines = [line_no] if joined else []
            turns.append(turn)
    return turns, preamble


def _otter_turns(paragraphs: list[Paragraph]) -> tuple[list[Turn], list[tuple[int, str]]]:
    """Turns of an Otter export: a ``Name  0:03`` line, then the paragraph."""
    turns: list[Turn] = []
    preamble: list[tuple[int, str]] = []
    for paragraph in paragraphs:
        line_no, first = paragraph[0]
        match = _OTTER_RE.match(first)
        if match and check_words(match.group("label"), any_case=True):
            words = " ".join(text for _, text in paragraph[1:])
            turn = Turn(match.group("label"), line_no, _seconds(match.group("time")))
            if words:
                turn.paragraphs.append(words)
                turn.lines.append(paragraph[1][0])
            turns.append(turn)
        elif turns:
            turns[-1].paragraphs.append(" ".join(text for _, text in paragraph))
            turns[-1].lines.append(line_no)
        else:
            preamble.append((line_no, "\n".join(text for _, text in paragraph)))
    return turns, preamble


def _preamble(preamble: list[tuple[int, str]], parsed: Parsed) -> None:
    """Text before the first turn: the title when nothing else gives one, else listed."""
    for line_no, paragraph in preamble:
        if paragraph == BYLINE:
            continue
        reason = skip_reason(paragraph)
        if reason:
            parsed.skipped.append(Notice(line_no, reason, paragraph))
            continue
        heading = HEADING_RE.match(paragraph)
        candidate = heading.group("text") if heading else paragraph
        if parsed.title is None and "\n" not in paragraph and len(candidate) <= 150:
            parsed.title, parsed.title_from = candidate, "first line"
            continue
        parsed.skipped.append(Notice(line_no, "text before the first speaker label", paragraph))


def _close(turns: list[Turn], parsed: Parsed) -> list[Turn]:
    """Drop what is not speech from the turns; text after the end becomes notes."""
    kept: list[Turn] = []
    ended = False
    for index, turn in enumerate(turns):
        later_labels = index + 1 < len(turns)
        paragraphs: list[str] = []
        for number, text in enumerate(turn.paragraphs):
            line = turn.lines[number] if number < len(turn.lines) else turn.line
            if ended:
                trailer(parsed, line, text)
                continue
            reason = skip_reason(text)
            if reason is None and HEADING_RE.match(text):
                reason = "heading"
            if text == BYLINE:
                reason = "byline"
            if reason in ("end mark", "time", "byline") and paragraphs and not later_labels:
                ended = True
            if reason:
                if reason != "byline":
                    parsed.skipped.append(Notice(line, reason, text))
                continue
            if not later_labels and paragraphs and TRAILER_RE.match(text):
                ended = True
                trailer(parsed, line, text)
                continue
            paragraphs.append(text)
        turn.paragraphs = paragraphs
        turn.lines = []
        if paragraphs:
            kept.append(turn)
        elif not ended:
            parsed.skipped.append(
                Notice(turn.line, "label with no words after it", (turn.label or "") + ":")
            )
    return kept
