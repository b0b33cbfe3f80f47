"""OHMS XML (the Oral History Metadata Synchronizer's records, 5.x and 6.0).

XML is untrusted: it is parsed with defusedxml, which refuses DTDs, entity
declarations (so no "billion laughs") and external entities.

* The record's ``title``, ``date``, ``interviewer``, ``interviewee``,
  ``repository``, ``rights``, ``accession`` and ``media_url`` become the
  interview's metadata; ``keyword`` and ``subject`` elements and the index's
  keywords become its tags.
* The transcript: 5.x's ``<transcript>`` is labelled text (``BOHNING:``), read
  by the plain-text reader; its ``<sync>`` data (minute by minute, the line
  the recording has reached) gives each turn a time, interpolated between
  the minutes.  ``[[footnote]]1[[/footnote]]`` markers leave the text, and
  the ``[[footnotes]]`` block's notes become notes on the section where
  their marker stood.  6.0's ``<vtt_transcript>`` is WebVTT.
* Each index ``<point>`` is a section: its ``time`` and ``title``; its
  synopsis, keywords and subjects become the section's notes, and the
  ``_alt`` (translated) fields a translation note.  A point starts at the
  turn its ``partial_transcript`` begins, or failing that at its time.

This module imports neither textual nor rich.
"""

from __future__ import annotations

import bisect
import html
import re
import xml.etree.ElementTree as StdET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from reader.importer._common import (
    Notice,
    Options,
    Parsed,
    SectionHint,
    TranscriptError,
    Turn,
    clean_line,
)
from reader.importer._frontmatter import LANGUAGE_RE, parse_date
from reader.importer.plain import parse_plain
from reader.importer.webvtt import parse_webvtt

__all__ = ["looks_like_ohms", "parse_ohms"]

# A marker, with the spaces (or the line break) before it, and the
# punctuation after it, which then closes the words before the marker.
_FOOTNOTE_RE = re.compile(
    r"(?P<newline>\n?)[ \t]*\[\[footnote\]\]\s*(?P<number>\d+)\s*\[\[/footnote\]\]"
    r"(?P<after>[.,;:!?”\"')\]]*)"
)
_FOOTNOTES_RE = re.compile(r"\[\[footnotes\]\](.*?)\[\[/footnotes\]\]", re.DOTALL)
_NOTE_RE = re.compile(r"\[\[note\]\](.*?)\[\[/note\]\]", re.DOTALL)
_SYNC_RE = re.compile(r"^(\d+)\((\d+)\)$")


def looks_like_ohms(text: str) -> bool:
    """True for XML whose root is an OHMS ``ROOT`` (or that names the OHMS namespace)."""
    head = text.lstrip()[:2000]
    return head.startswith("<") and ("nunncenter/ohms" in head or "<ROOT" in head)


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _child(element: StdET.Element, name: str) -> StdET.Element | None:
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _text(element: StdET.Element | None, name: str) -> str:
    found = _child(element, name) if element is not None else None
    return clean_line(found.text or "") if found is not None else ""


def _raw(element: StdET.Element | None, name: str) -> str:
    found = _child(element, name) if element is not None else None
    return (found.text or "") if found is not None else ""


def _line_of(text: str, tag: str) -> int:
    """Newlines before the text of ``<tag>`` (its first line's offset), for line numbers."""
    match = re.search(rf"<{tag}>(?:<!\[CDATA\[)?", text)
    return text.count("\n", 0, match.end()) if match else 0


def parse_ohms(text: str, parsed: Parsed, options: Options | None = None) -> None:
    """Read an OHMS record into ``parsed``; raises :class:`TranscriptError` on bad XML."""
    try:
        # The text is decoded already (UTF-8, or UTF-16 with a BOM): the parser
        # reads it as UTF-8 whatever the XML declaration says, so a wrong or
        # unknown declared encoding neither garbles the text nor fails.
        parser = DefusedXMLParser(encoding="utf-8", forbid_dtd=True)
        parser.feed(text.encode("utf-8"))
        root = parser.close()
    except DefusedXmlException as exc:
        raise TranscriptError(
            f"refused: the XML declares a DTD or entities ({type(exc).__name__}); "
            "untrusted XML may not define entities",
            1,
        ) from None
    except StdET.ParseError as exc:
        line, column = exc.position
        raise TranscriptError(
            f"not well-formed XML: {exc.msg} (column {column + 1})", line
        ) from None
    except (LookupError, ValueError) as exc:  # after DefusedXmlException, a ValueError too
        raise TranscriptError(f"unreadable XML: {exc}", 1) from None
    record = root if _local(root.tag) == "record" else _child(root, "record")
    if record is None:
        raise TranscriptError("not an OHMS record: no <record> element", 1)
    _metadata(record, parsed)
    vtt = _raw(record, "vtt_transcript")
    transcript = _raw(record, "transcript")
    footnotes: list[_Footnote] = []
    if vtt.strip():
        parse_webvtt(
            vtt.strip("\n"),
            parsed,
            _line_of(text, "vtt_transcript") + (1 if vtt.startswith("\n") else 0),
        )
    elif transcript.strip():
        footnotes = _transcript(
            transcript, _line_of(text, "transcript"), record, parsed, options or Options()
        )
    else:
        raise TranscriptError(
            "this OHMS record has no transcript (<transcript> or <vtt_transcript>)", 1
        )
    alt = _raw(record, "transcript_alt").strip()
    if alt:
        parsed.notes.append({"kind": "translation", "note": clean_line(alt.replace("\n", " "))})
        parsed.decisions.append(Notice(None, "transcript_alt kept as a translation note"))
    _index(record, parsed, text)
    # After the index may have cut turns: a note goes with the words before its marker.
    for line, marker, before, note in footnotes:
        turn = next(
            (t for t in parsed.turns if before and before in " ".join(t.paragraphs)),
            None,
        )
        if turn is None:
            starts = [t.line for t in parsed.turns]
            turn = parsed.turns[max(0, bisect.bisect_right(starts, line) - 1)]
        parsed.footnotes.append((turn, {"kind": "source", "note": f"[{marker}] {note}"}))
        parsed.decisions.append(Notice(line, f"footnote {marker} kept as a note on its Q&A", note))


def _metadata(record: StdET.Element, parsed: Parsed) -> None:
    title = _text(record, "title")
    if title:
        parsed.title, parsed.title_from = title, "the OHMS record"
    date_element = _child(record, "date")
    date = parse_date(date_element.get("value", "")) if date_element is not None else None
    if date:
        parsed.meta["date"] = date
    language = _text(record, "language")
    if language and LANGUAGE_RE.match(language):
        parsed.meta["language"] = language
    for field, target in (
        ("interviewer", parsed.interviewers),
        ("interviewee", parsed.interviewees),
    ):
        for element in record:
            if _local(element.tag) == field and element.text:
                target.extend(name.strip() for name in element.text.split(";") if name.strip())
    with_name = re.search(r"\binterview (?:with|of) (.{3,80})$", title, re.IGNORECASE)
    if not parsed.interviewees and with_name:
        parsed.interviewees.append(with_name.group(1).strip())
    source: dict[str, object] = {}
    if _text(record, "repository"):
        source["name"] = _text(record, "repository")
    notes = [
        part
        for part in (
            _text(record, "rights"),
            f"Accession {_text(record, 'accession')}" if _text(record, "accession") else "",
        )
        if part
    ]
    if notes:
        source["note"] = "; ".join(notes)
    if source:
        parsed.meta["source"] = source
    media = _text(record, "media_url")
    if media.lower().startswith(("http://", "https://")):
        parsed.meta["media"] = media
    tags = [
        clean_line(element.text or "")
        for element in record.iter()
        if _local(element.tag) in ("keyword", "subject") and clean_line(element.text or "")
    ]
    if tags:
        parsed.meta["tags"] = list(dict.fromkeys(tags))


_Footnote = tuple[int, str, str, str]
"""A footnote marker: its line, its number, the words just before it, the note."""


def _transcript(
    transcript: str, offset: int, record: StdET.Element, parsed: Parsed, options: Options
) -> list[_Footnote]:
    """A 5.x transcript: footnotes out, labelled text in, times from ``<sync>``.

    Returns the footnotes, for :func:`parse_ohms` to place once the index
    has cut the turns into sections.
    """
    notes: dict[str, str] = {}
    block = _FOOTNOTES_RE.search(transcript)
    if block:
        for number, note in enumerate(_NOTE_RE.findall(block.group(1)), start=1):
            notes[str(number)] = clean_line(note.replace("\n", " "))
        # Blank the block but keep its line breaks, so line numbers hold.
        transcript = (
            transcript[: block.start()]
            + re.sub(r"[^\n]", " ", block.group(0))
            + transcript[block.end() :]
        )
    markers: list[tuple[int, str, str]] = []

    def drop(match: re.Match[str]) -> str:
        # The last few words before the marker, as they will read in the quote.
        before = " ".join(transcript[max(0, match.start() - 60) : match.start()].split())
        before = html.unescape(before.split(" ", 1)[1] if " " in before else before)
        line = offset + transcript.count("\n", 0, match.start()) + 1 + len(match["newline"])
        markers.append((line, match["number"], before))
        return match["after"] + match["newline"]

    transcript = _FOOTNOTE_RE.sub(drop, transcript)
    parse_plain("\n" * offset + transcript, parsed, options)
    sync = _sync(_raw(record, "sync"))
    if sync:
        for turn in parsed.turns:
            turn.time = _time_at(sync, turn.line - offset)
        parsed.decisions.append(
            Notice(
                None,
                f"times from the <sync> data ({len(sync) - 1} points), interpolated between "
                "them by line: right to within a minute",
            )
        )
    else:
        parsed.warnings.append(Notice(None, "no <sync> data: the answers have no times"))
    footnotes: list[_Footnote] = []
    for line, marker, before in markers:
        note = notes.get(marker)
        if note is None:
            parsed.warnings.append(Notice(line, f"footnote {marker} has no note in [[footnotes]]"))
            continue
        footnotes.append((line, marker, before, note))
    return footnotes


def _sync(data: str) -> list[tuple[float, int]]:
    """``(seconds, transcript line)`` pairs from OHMS ``<sync>`` data (``1:|25(2)|...``)."""
    interval, _, entries = data.strip().partition(":")
    if not interval.strip().isdigit():
        return []
    step = int(interval) * 60
    points: list[tuple[float, int]] = [(0.0, 1)]
    for number, entry in enumerate(entries.split("|")):
        match = _SYNC_RE.match(entry.strip())
        if match:
            points.append((float(number * step), int(match.group(1))))
    return points


def _time_at(sync: list[tuple[float, int]], line: int) -> float:
    """The time of transcript ``line``, interpolated between the sync points."""
    lines = [point[1] for point in sync]
    index = max(0, bisect.bisect_right(lines, line) - 1)
    time, at = sync[index]
    if index + 1 < len(sync):
        next_time, next_line = sync[index + 1]
        if next_line > at:
            time += (next_time - time) * (line - at) / (next_line - at)
    return time


def _split_at(parsed: Parsed, partial: str, start: int, time: float | None) -> int | None:
    """The turn where ``partial`` (an index point's first words) starts, from ``start``.

    Words are compared without case or punctuation (the index writes "—" and
    curly quotes where the transcript has "--" and straight ones).  When the
    point starts inside a turn, the turn is cut there, between two of its
    sentences, and the index of its second part returned.
    """
    words = re.findall(r"\w+", re.sub(r"^[A-Z][A-Z .'-]{0,40}:\s*", "", partial))[:8]
    if len(words) < 3:
        return None
    pattern = re.compile(r"\W+".join(re.escape(word) for word in words), re.IGNORECASE)
    turns = parsed.turns
    for number in range(start, len(turns)):
        turn = turns[number]
        whole = "\n\n".join(turn.paragraphs)
        found = pattern.search(whole)
        if found is None:
            continue
        before = whole[: found.start()].rstrip()
        if not before:
            return number
        after = whole[found.start() :]
        turn.paragraphs = before.split("\n\n")
        second = Turn(turn.label, turn.line, time if time is not None else turn.time)
        second.paragraphs = after.split("\n\n")
        second.continues = True
        turns.insert(number + 1, second)
        parsed.decisions.append(
            Notice(turn.line, "an index point starts inside this turn: cut there", after)
        )
        return number + 1
    return None


def _index(record: StdET.Element, parsed: Parsed, text: str) -> None:
    index = _child(record, "index")
    points = [point for point in index if _local(point.tag) == "point"] if index is not None else []
    if not points:
        return
    known = parsed.meta.get("tags", [])
    tags = [tag for tag in known if isinstance(tag, str)] if isinstance(known, list) else []
    search_from = 0
    line = _line_of(text, "index") + 1
    for point in points:
        title = _text(point, "title") or "Untitled index point"
        time_text = _text(point, "time")
        time = float(time_text) if re.fullmatch(r"\d+(?:\.\d+)?", time_text) else None
        first = _split_at(parsed, _text(point, "partial_transcript"), search_from, time)
        if first is None and time is not None:
            first = next(
                (
                    n
                    for n in range(search_from, len(parsed.turns))
                    if (parsed.turns[n].time or 0) >= time
                ),
                None,
            )
            if first is not None:
                parsed.warnings.append(
                    Notice(
                        line,
                        "index point's words not found in the transcript: placed by its time",
                        title,
                    )
                )
        if first is None:
            parsed.warnings.append(
                Notice(line, "index point not found in the transcript: left out", title)
            )
            continue
        search_from = first
        hint = SectionHint(line, time, title, first)
        synopsis = _text(point, "synopsis")
        if synopsis:
            hint.annotations.append({"kind": "context", "note": synopsis})
        for field, label in (("keywords", "Keywords"), ("subjects", "Subjects")):
            words = [
                clean_line(word) for word in _text(point, field).split(";") if clean_line(word)
            ]
            if words:
                hint.annotations.append({"note": f"{label}: " + "; ".join(words)})
                tags.extend(words)
        alt = [
            f"{name}: {_text(point, field)}"
            for field, name in (
                ("title_alt", "Title"),
                ("synopsis_alt", "Synopsis"),
                ("keywords_alt", "Keywords"),
                ("subjects_alt", "Subjects"),
                ("partial_transcript_alt", "Partial transcript"),
            )
            if _text(point, field)
        ]
        if alt:
            hint.annotations.append({"kind": "translation", "note": " / ".join(alt)})
        parsed.hints.append(hint)
    if tags:
        parsed.meta["tags"] = list(dict.fromkeys(tags))
