"""Export an interview as Markdown (CommonMark with footnotes, as GitHub renders it).

The document holds the title, the date, source, tags and summary, the people,
then each Q&A under a ``##`` heading: the question, and each answer as a
block quote under the speaker's name (a reported answer, the writer's
paraphrase, is a plain paragraph marked as such).  Annotations become
footnotes: the marker ``[^n]`` sits right after the last character of the
annotated passage; a section-wide note's marker sits on the section heading,
an interview-wide one on the title.

An answer's ``original`` follows it, as a block quote labelled with its
language.  A correction's footnote says what the passage should read, and a
fact-check's its verdict, checker and date.  ``view="corrected"`` gives the
text as corrected, each corrected passage followed by ``[corrected from:
...]`` (see :mod:`reader.corrections`); the default is the text as published.

File text is untrusted, so every piece of it is (1) passed through
:func:`reader.text.visible`, which replaces control, bidi and invisible
characters by visible placeholders of the same length (the export is safe to
print on a terminal and to paste anywhere), and (2) escaped, so that no
Markdown or HTML in an interview becomes markup when the file is rendered:
``*``, ``_``, ``[``, ``<``, ``&`` and the like get a backslash, and line
starts that would make a list, heading or code block are neutralised.  Only
http(s) URLs become links.

This module imports neither textual nor rich.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from reader.corrections import View, marked_with_offsets, replacements_of
from reader.export._common import (
    KIND_LABELS,
    UNPLACED_HEADING,
    Numbered,
    by_section,
    kind_of,
    numbered_annotations,
    unplaced_annotations,
)
from reader.links import is_openable
from reader.media import time_link
from reader.model import Annotation, Interview, Section, TextField
from reader.text import shorten, visible

__all__ = ["escape", "to_markdown"]

# ASCII punctuation that starts or ends Markdown / HTML constructs anywhere.
_SPECIAL_RE = re.compile(r"[\\`*_\[\]<>&|~#$!]")
# At the start of a line (after optional spaces): list bullets, headings,
# setext underlines, block quotes; and "12." / "12)" ordered-list markers.
_LINE_START_RE = re.compile(r"(?m)^[ \t]*([-+=>#])")
_ORDERED_RE = re.compile(r"(?m)^[ \t]*\d{1,9}([.)])")
_LEADING_WS_RE = re.compile(r"(?m)^([ \t]+)(?=[^ \t\n])")
_BLANK_LINE_RE = re.compile(r"(?m)^[ \t]+$")


def escape(text: str, inserts: Mapping[int, str] | None = None) -> str:
    """``text`` made visible and escaped for Markdown, with ``inserts`` placed.

    ``inserts`` maps offsets in ``text`` to Markdown (footnote markers) to put
    before the character at that offset (or at the end).  Offsets are those of
    the original text: escaping never moves them.
    """
    shown = visible(text)
    # What to write instead of single characters, by offset; everything else
    # is copied as is (in slices, so long plain runs cost nothing).
    replace: dict[int, str] = {}
    for match in _SPECIAL_RE.finditer(shown):
        replace[match.start()] = "\\" + match.group()
    for pattern in (_LINE_START_RE, _ORDERED_RE):
        for match in pattern.finditer(shown):
            replace[match.start(1)] = "\\" + match.group(1)
    # Leading spaces would make an indented code block: write them as
    # character references.  Lines of nothing but spaces just lose them.
    for match in _LEADING_WS_RE.finditer(shown):
        for index in range(match.start(1), match.end(1)):
            replace[index] = "&#32;" if shown[index] == " " else "&#9;"
    for match in _BLANK_LINE_RE.finditer(shown):
        for index in range(match.start(), match.end()):
            replace[index] = ""
    inserts = inserts or {}
    for index in inserts:
        # "[^1](x)" would be a link to "x": escape a "(" right after a marker.
        if shown.startswith("(", index) and index not in replace:
            replace[index] = "\\("
    out: list[str] = []
    position = 0
    for index in sorted(replace.keys() | {i for i in inserts if 0 <= i <= len(shown)}):
        out.append(shown[position:index])
        out.append(inserts.get(index, ""))
        if index in replace:
            out.append(replace[index])
            position = index + 1
        else:
            position = index
    out.append(shown[position:])
    return _hard_breaks("".join(out))


def _hard_breaks(text: str) -> str:
    """Keep single line breaks inside a paragraph as breaks (a trailing backslash)."""
    lines = text.split("\n")
    for i in range(len(lines) - 1):
        if lines[i] and lines[i + 1]:
            lines[i] += "\\"
    return "\n".join(lines)


def _name(interview: Interview, key: str) -> str:
    """A speaker's name (roles are listed once, under People)."""
    person = interview.person(key)
    return person.name if person is not None else key


def _line(text: str) -> str:
    """Escaped text for a heading or list item: line breaks become spaces."""
    return escape(re.sub(r"[ \t]*\n\s*", " ", text).strip())


def _markers(notes: list[Numbered]) -> str:
    return "".join(f"[^{note.number}]" for note in notes)


def _inserts(text: str, notes: list[Numbered]) -> dict[int, str]:
    """Footnote markers keyed by the offset where each passage ends.

    A passage that ends in white space (``on: "end "``) gets its marker after
    its last visible character, so a marker never splits a paragraph break.
    """
    inserts: dict[int, str] = {}
    for note in notes:
        assert note.anchor is not None
        end = note.anchor.end
        while end > note.anchor.start and text[end - 1].isspace():
            end -= 1
        inserts[end] = inserts.get(end, "") + f"[^{note.number}]"
    return inserts


def _link(url: str, label: str | None = None) -> str:
    if not is_openable(url):
        return _line(url)
    if label:
        return f"[{_line(label)}](<{url}>)"
    return f"<{url}>"


def _quote_block(text: str) -> list[str]:
    return [f"> {line}" if line else ">" for line in text.split("\n")]


def _text(
    section: Section, field: TextField, answer: int | None, notes: list[Numbered], view: View
) -> str:
    """The question or an answer, escaped, in ``view``, with its footnote markers."""
    text = section.text_of(field, answer)
    inserts = _inserts(text, notes)
    replacements = replacements_of(section, field, answer) if view == "corrected" else []
    if not replacements:
        return escape(text, inserts)
    shown, remap = marked_with_offsets(text, replacements)
    moved: dict[int, str] = {}
    for offset, markers in sorted(inserts.items()):
        moved[remap(offset)] = moved.get(remap(offset), "") + markers
    return escape(shown, moved)


def _section_lines(
    interview: Interview, section: Section, notes: list[Numbered], view: View = "published"
) -> list[str]:
    whole = [n for n in notes if n.anchor is None]
    anchored = [n for n in notes if n.anchor is not None]
    lines = [f"## {section.number}. {_line(section.title)}{_markers(whole)}", ""]
    if section.time:
        lines += [f"*At {_time(interview, section.time)}*", ""]
    on_question = [n for n in anchored if n.anchor and n.anchor.field == "question"]
    asker = f" ({_line(_name(interview, section.asked_by))})" if section.asked_by else ""
    if not section.has_question:
        pass  # remarks: nobody asked, and nothing is shown as a question
    elif section.reported:
        lines += [f"**Question**{asker}, *reported in the writer's words:*", ""]
    else:
        lines += [f"**Question**{asker}:", ""]
    if section.has_question:
        lines += [_text(section, "question", None, on_question, view), ""]
    for index, answer in enumerate(section.answers):
        mine = [
            n
            for n in anchored
            if n.anchor and n.anchor.field == "answer" and n.anchor.answer == index
        ]
        name = _line(_name(interview, answer.by))
        when = f" (at {_time(interview, answer.time)})" if answer.time else ""
        body = _text(section, "answer", index, mine, view)
        if answer.reported:
            lines += [f"**{name}**{when}, *reported, not verbatim:*", "", body, ""]
        else:
            lines += [f"**{name}**{when}:", "", *_quote_block(body), ""]
        if answer.original is not None:
            language = interview.original_language_of(answer)
            label = f"*Original ({_line(language)}):*" if language else "*Original:*"
            lines += [label, "", *_quote_block(escape(answer.original)), ""]
    return lines


def _time(interview: Interview, time: str) -> str:
    """``12:04``, linked to that moment of the recording when ``media`` is a URL."""
    link = time_link(interview.media, time)
    return f"[{_line(time)}](<{link}>)" if link else _line(time)


def _verdict(annotation: Annotation) -> str:
    """``verdict: false, checked by Ana on 2024-05-12`` (unverified without a verdict)."""
    text = f"verdict: {_line(annotation.verdict or 'unverified')}"
    if annotation.checked_by:
        text += f", checked by {_line(annotation.checked_by)}"
    if annotation.checked_on:
        text += f" on {_line(annotation.checked_on)}"
    return text


def _footnote(note: Numbered, interview: Interview | None = None) -> list[str]:
    annotation = note.annotation
    head = f"**{KIND_LABELS[kind_of(annotation)]}**"
    passage = note.passage()
    if passage is not None:
        head += f" on “{_line(shorten(passage, 80))}”"
    elif note.section is not None:
        head += " on the whole section"
    elif annotation.about is not None and interview is not None:
        head += f" on {_line(_name(interview, annotation.about))}’s words"
    else:
        head += " on the whole interview"
    if annotation.replacement is not None:
        head += f", should read “{_line(annotation.replacement)}”"
    if annotation.kind == "fact-check":
        head += f" ({_verdict(annotation)})"
    paragraphs = [p for p in re.split(r"\n[ \t]*\n", annotation.note) if p.strip()] or [""]
    first = f"[^{note.number}]: {head}: {escape(paragraphs[0].strip())}"
    lines = [first]
    for paragraph in paragraphs[1:]:
        lines += ["", *("    " + line for line in escape(paragraph.strip()).split("\n"))]
    extras = []
    if annotation.by:
        extras.append(f"*by {_line(annotation.by)}*")
    if annotation.links:
        extras.append("Links: " + ", ".join(_link(url) for url in annotation.links))
    if extras:
        lines += ["", "    " + " · ".join(extras)]
    return lines


def _unplaced_lines(interview: Interview) -> list[str]:
    """The annotations whose passage was not found: listed apart, never as footnotes."""
    unplaced = unplaced_annotations(interview)
    if not unplaced:
        return []
    lines = [f"## {UNPLACED_HEADING}", ""]
    for section, annotation in unplaced:
        on = _line(annotation.on or "")
        entry = (
            f"- **Q&A {section.number}** ({_line(section.title)}), on “{on}”: "
            f"{_line(annotation.note)} *(not placed: {_line(annotation.problem or '')})*"
        )
        lines.append(entry)
    return [*lines, ""]


def to_markdown(interview: Interview, view: View = "published") -> str:
    """The Markdown export of ``interview`` in ``view`` (ends with one newline)."""
    numbered = numbered_annotations(interview)
    top = [n for n in numbered if n.section is None]
    lines = [f"# {_line(interview.title)}{_markers(top)}", ""]
    if view == "corrected":
        lines += ["*As corrected: each correction is marked \\[corrected from: ...\\].*", ""]
    facts = []
    if interview.date:
        facts.append(f"- **Date:** {_line(interview.date)}")
    if interview.source is not None:
        source = interview.source
        parts = []
        if source.url:
            parts.append(_link(source.url, source.name))
        elif source.name:
            parts.append(_line(source.name))
        if source.published:
            parts.append(f"published {_line(source.published)}")
        if source.note:
            parts.append(_line(source.note))
        if parts:
            facts.append("- **Source:** " + " · ".join(parts))
    if interview.language:
        facts.append(f"- **Language:** {_line(interview.language)}")
    if interview.media:
        recording = (
            _link(interview.media) if is_openable(interview.media) else _line(interview.media)
        )
        facts.append(f"- **Recording:** {recording}")
    if interview.original_language:
        facts.append(f"- **Original language:** {_line(interview.original_language)}")
    if interview.tags:
        facts.append("- **Tags:** " + ", ".join(_line(tag) for tag in interview.tags))
    if facts:
        lines += [*facts, ""]
    if interview.summary:
        lines += [escape(interview.summary), ""]
    lines += ["## People", ""]
    for person in interview.people.values():
        entry = f"- **{_line(person.name)}**"
        if person.role:
            entry += f", {_line(person.role)}"
        if person.aka:
            entry += " (also " + ", ".join(_line(name) for name in person.aka) + ")"
        lines.append(entry)
    lines.append("")
    for section, mine in zip(interview.sections, by_section(numbered, interview), strict=True):
        lines += _section_lines(interview, section, mine, view)
    if numbered:
        lines += ["---", ""]
        for note in numbered:
            lines += [*_footnote(note, interview), ""]
    lines += _unplaced_lines(interview)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"
