"""What every export format shares: annotation numbering, text splitting, safe URLs.

Annotations are numbered once, in reading order, so that footnote 3 in the
Markdown export, note 3 in the HTML export and ``annotation-3`` in the W3C
export are the same annotation: first the interview-wide annotations, then
for each section its section-wide annotations, then its anchored ones in text
order (question first, then answers; within a text by where the passage ends,
then where it starts, then file order).

This module imports neither textual nor rich.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.model import ANNOTATION_KINDS, Anchor, Annotation, Interview, Section

__all__ = [
    "KIND_LABELS",
    "UNPLACED_HEADING",
    "Numbered",
    "by_section",
    "kind_of",
    "numbered_annotations",
    "paragraph_spans",
    "unplaced_annotations",
]

KIND_LABELS: dict[str, str] = {
    "note": "Note",
    "context": "Context",
    "correction": "Correction",
    "translation": "Translation",
    "source": "Source",
    "fact-check": "Fact check",
}
"""How each annotation kind is named in exports."""


@dataclass(frozen=True, slots=True)
class Numbered:
    """An annotation with its export number and where it sits."""

    number: int
    annotation: Annotation
    section: Section | None
    """None for an interview-wide annotation."""

    @property
    def anchor(self) -> Anchor | None:
        """The resolved passage, or None for a whole section or interview."""
        return self.annotation.anchor

    def text(self) -> str | None:
        """The full text (question or answer) the passage is in, if anchored."""
        anchor = self.anchor
        if anchor is None or self.section is None:
            return None
        return self.section.text_of(anchor.field, anchor.answer)

    def passage(self) -> str | None:
        """The exact characters annotated (``text[start:end]``), if anchored."""
        text = self.text()
        anchor = self.anchor
        if text is None or anchor is None:
            return None
        return text[anchor.start : anchor.end]


def kind_of(annotation: Annotation) -> str:
    """The annotation's kind, or ``note`` for anything reader/1 does not define."""
    return annotation.kind if annotation.kind in ANNOTATION_KINDS else "note"


def _text_order(annotation: Annotation, index: int) -> tuple[int, int, int, int, int]:
    anchor = annotation.anchor
    if anchor is None:
        return (0, 0, 0, 0, index)
    which = 0 if anchor.field == "question" else 1 + (anchor.answer or 0)
    return (1, which, anchor.end, anchor.start, index)


def numbered_annotations(interview: Interview) -> list[Numbered]:
    """Every annotation of ``interview``, numbered from 1 in reading order."""
    result = [
        Numbered(number, annotation, None)
        for number, annotation in enumerate(interview.annotations, start=1)
    ]
    for section in interview.sections:
        order = sorted(
            range(len(section.annotations)),
            key=lambda i: _text_order(section.annotations[i], i),
        )
        for index in order:
            result.append(Numbered(len(result) + 1, section.annotations[index], section))
    return result


def by_section(numbered: list[Numbered], interview: Interview) -> list[list[Numbered]]:
    """The numbered annotations of each section of ``interview``, in section order."""
    groups: dict[int, list[Numbered]] = {id(section): [] for section in interview.sections}
    for note in numbered:
        if note.section is not None:
            groups[id(note.section)].append(note)
    return [groups[id(section)] for section in interview.sections]


_PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")


UNPLACED_HEADING = "Annotations not placed"
"""How exports title the list of annotations whose passage was not found."""


def unplaced_annotations(interview: Interview) -> list[tuple[Section, Annotation]]:
    """The annotations that could not be placed, with their Q&A, in file order.

    Exports list them apart, with the reason, and never mark them in the text.
    """
    return [(section, a) for section in interview.sections for a in section.unplaced]


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph of ``text`` (split at blank lines)."""
    spans = []
    position = 0
    for match in _PARAGRAPH_BREAK_RE.finditer(text):
        if match.start() > position:
            spans.append((position, match.start()))
        position = match.end()
    if position < len(text) or not spans:
        spans.append((position, len(text)))
    return spans
