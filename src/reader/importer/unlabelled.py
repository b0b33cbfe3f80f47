"""Q&A text without speaker labels: articles and typed oral histories.

Questions are told from answers by their shape: with ``--alternate``,
paragraphs alternate question and answer; otherwise paragraphs in bold
(``**...**``), or else paragraphs that end with a question mark, are
questions, when every one of them is followed by an answer.

This module imports neither textual nor rich.
"""

from __future__ import annotations

import re

from reader.importer._common import Notice, Options, Parsed, Turn
from reader.importer._notspeech import BYLINE, END_RE, TRAILER_RE, skip_reason, trailer

__all__ = ["by_shape"]

_BOLD_PARAGRAPH_RE = re.compile(r"^(?:\*\*|__)(?P<text>[^*_].*?)(?:\*\*|__)$")
_QUESTION_END_RE = re.compile(r"\?[\"'”’)\]]*$")

Paragraph = list[tuple[int, str]]


def by_shape(
    paragraphs: list[Paragraph], parsed: Parsed, options: Options, *, alternate: bool
) -> bool:
    """Questions and answers without labels into ``parsed``; False when ambiguous."""
    texts = [(p[0][0], " ".join(text for _, text in p)) for p in paragraphs]
    body: list[tuple[int, str]] = []
    for line_no, text in texts:
        reason = skip_reason(text) if text != BYLINE else "byline"
        if reason and reason != "byline":
            parsed.skipped.append(Notice(line_no, reason, text))
            continue
        body.append((line_no, text))
    # The end: a byline, END, or a trailer line ends the transcript.
    for position, (_, text) in enumerate(body):
        if text == BYLINE or TRAILER_RE.match(text) or END_RE.match(text):
            for after_line, after in body[position:]:
                trailer(parsed, after_line, after)
            body = body[:position]
            break
    if alternate:
        kinds = ["q" if n % 2 == 0 else "a" for n in range(len(body))]
        how = "--alternate: paragraphs alternate question and answer"
    else:
        bold = [bool(_BOLD_PARAGRAPH_RE.match(text)) for _, text in body]
        asks = [bool(_QUESTION_END_RE.search(text)) and len(text) <= 400 for _, text in body]
        marks = bold if sum(bold) >= 2 else asks
        how = "questions in bold" if sum(bold) >= 2 else "questions are paragraphs ending in '?'"
        if sum(marks) < 2:
            return False
        first_q = marks.index(True)
        # Unambiguous: every question is followed by an answer.
        for n in range(first_q, len(marks)):
            if marks[n] and (n + 1 >= len(marks) or marks[n + 1]):
                return False
        for line_no, text in body[:first_q]:
            if parsed.title is None and len(text) <= 150:
                parsed.title, parsed.title_from = text, "first line"
            else:
                parsed.skipped.append(Notice(line_no, "text before the first question", text))
        body = body[first_q:]
        kinds = ["q" if mark else "a" for mark in marks[first_q:]]
    if not body:
        return False
    asker = options.interviewers[0] if options.interviewers else "Interviewer"
    answerer = (
        options.interviewees[0]
        if options.interviewees
        else parsed.interviewees[0]
        if parsed.interviewees
        else "Interviewee"
    )
    parsed.interviewers = [asker]
    parsed.questions_by_shape = True
    parsed.decisions.append(Notice(None, how))
    for (line_no, text), kind in zip(body, kinds, strict=True):
        text = _BOLD_PARAGRAPH_RE.sub(r"\g<text>", text) if kind == "q" else text
        label = asker if kind == "q" else answerer
        if parsed.turns and parsed.turns[-1].label == label:
            parsed.turns[-1].paragraphs.append(text)
        else:
            parsed.turns.append(Turn(label, line_no, None, [text], question=kind == "q"))
    if alternate and kinds[-1] == "q":
        parsed.warnings.append(
            Notice(body[-1][0], "--alternate: the last paragraph is a question with no answer")
        )
    return True
