"""Quotes as Markdown or plain text: the passage, its attribution, its footnotes."""

from __future__ import annotations

from reader.model import Answer, Interview, Section
from reader.quote._common import (
    Format,
    Note,
    QuoteView,
    answer_at,
    check_format,
    citation,
    general_notes,
    in_original,
    one_line,
    original_label,
    passage_notes,
    section_time,
    shown_text,
    speaker_name,
    text_lines,
)
from reader.quote._records import answer_record, dump_json, section_record
from reader.text import shorten

__all__ = ["format_answer", "format_section"]


class _Footnotes:
    """Numbers footnotes in order of first reference."""

    def __init__(self) -> None:
        self.notes: list[Note] = []

    def refs(self, notes: list[Note], style: Format) -> str:
        marks = []
        for note in notes:
            self.notes.append(note)
            number = len(self.notes)
            marks.append(f"[^{number}]" if style == "markdown" else f"[{number}]")
        return "".join(marks)

    def lines(self, style: Format) -> list[str]:
        out: list[str] = []
        for number, note in enumerate(self.notes, start=1):
            label = note.annotation.kind.capitalize()
            if note.passage is not None:
                label += f' ("{one_line(shorten(note.passage, 60))}")'
            if note.annotation.replacement is not None:
                label += f', should read "{one_line(note.annotation.replacement)}"'
            body = text_lines(note.annotation.note)
            mark = f"[^{number}]:" if style == "markdown" else f"[{number}]"
            out.append(f"{mark} {label}: {body[0]}")
            # Markdown continues a footnote with indented lines; text follows suit.
            out.extend(f"    {line}" if line else "" for line in body[1:])
        return out


# --- rendering -------------------------------------------------------------------------


def _verbatim(lines: list[str], refs: str, style: Format) -> list[str]:
    if style == "markdown":
        out = [f"> {line}" if line.strip() else ">" for line in lines]
        out[-1] += refs
        return out
    out = list(lines)
    out[0] = '"' + out[0]
    out[-1] += '"' + refs
    return out


def _paraphrase(lead: str, lines: list[str], refs: str) -> list[str]:
    out = list(lines)
    out[0] = f"{lead}, paraphrased: {out[0]}"
    out[-1] += refs
    return out


def _render_answer(
    interview: Interview,
    section: Section,
    answer: Answer,
    index: int,
    notes: _Footnotes,
    style: Format,
    extra: list[Note],
    labelled: bool,
    view: QuoteView = "published",
) -> list[str]:
    """One answer; ``labelled`` puts ``Speaker:`` before a verbatim quote."""
    original = in_original(answer, view)
    # Notes on the translation's passages do not describe the original's words.
    passage = [] if original else passage_notes(section, "answer", index)
    refs = notes.refs(passage + extra, style)
    lines = text_lines(shown_text(section, "answer", index, view))
    speaker = speaker_name(interview, answer.by)
    if original:
        speaker += f", {original_label(interview, answer)}"
    if answer.reported:
        return _paraphrase(speaker, lines, refs)
    quoted = _verbatim(lines, refs, style)
    if not labelled:
        return quoted
    if style == "markdown":
        return [f"{speaker}:", "", *quoted]
    quoted[0] = f"{speaker}: {quoted[0]}"
    return quoted


def _finish(body: list[str], notes: _Footnotes, style: Format) -> str:
    footnotes = notes.lines(style)
    if footnotes:
        body = [*body, "", *footnotes]
    return "\n".join(body) + "\n"


def format_answer(
    interview: Interview,
    section: Section,
    answer_index: int,
    fmt: Format = "markdown",
    view: QuoteView = "published",
) -> str:
    """One answer (0-based ``answer_index``) with its attribution, in ``fmt`` and ``view``.

    Raises ``ValueError`` for an answer index out of range, an unknown
    format, or the original view of an answer without ``original``.  The
    result ends with a newline.  JSON holds every view (see
    :func:`answer_record`), whatever ``view`` is.
    """
    answer = answer_at(section, answer_index)
    style = check_format(fmt)
    if view == "original" and answer.original is None:
        raise ValueError(
            f"answer {answer_index + 1} of Q&A {section.number} has no original text "
            "(an 'original' in the file)"
        )
    if style == "json":
        return dump_json(answer_record(interview, section, answer_index))
    notes = _Footnotes()
    general = general_notes(interview, section, {answer.by}, view)
    body = _render_answer(
        interview, section, answer, answer_index, notes, style, general, False, view
    )
    speaker = None if answer.reported else answer.by
    cited = citation(interview, section, speaker, answer.time)
    if in_original(answer, view):
        cited += f", {original_label(interview, answer)}"
    body += ["", cited]
    return _finish(body, notes, style)


def format_section(
    interview: Interview,
    section: Section,
    fmt: Format = "markdown",
    view: QuoteView = "published",
) -> str:
    """A whole Q&A — question, asker, every answer — with its attribution.

    In the original view, each answer that has an ``original`` gives it
    (labelled with its language) and the others give their text; a Q&A none
    of whose answers has an original raises ``ValueError``.
    """
    style = check_format(fmt)
    if view == "original" and all(a.original is None for a in section.answers):
        raise ValueError(f"Q&A {section.number} has no answer with an original text")
    if style == "json":
        return dump_json(section_record(interview, section))
    notes = _Footnotes()
    asker = speaker_name(interview, section.asked_by) if section.asked_by else None
    refs = notes.refs(passage_notes(section, "question", None), style)
    lines = text_lines(shown_text(section, "question", None, view))
    body: list[str]
    if not section.has_question:
        body = []
    elif section.reported:
        body = _paraphrase(f"{asker} asked" if asker else "Question", lines, refs)
    else:
        lead = f"{asker} asked:" if asker else "Question:"
        quoted = _verbatim(lines, refs, style)
        if style == "markdown":
            body = [lead, "", *quoted]
        else:
            quoted[0] = f"{lead} {quoted[0]}"
            body = quoted
    for index, answer in enumerate(section.answers):
        if body:
            body.append("")
        body += _render_answer(interview, section, answer, index, notes, style, [], True, view)
    body += [
        "",
        citation(interview, section, None, section_time(section))
        + notes.refs(general_notes(interview, section, None, view), style),
    ]
    return _finish(body, notes, style)
