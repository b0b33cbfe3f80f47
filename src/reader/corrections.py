"""The text as published and the text as corrected.

A ``correction`` annotation may carry ``replacement``: what its passage should
read.  :func:`corrected` applies the replacements of one text (a question or
an answer) and says where each corrected passage now stands, so that the quote
view can mark them; :func:`marked` gives the corrected text with each
correction marked the documented way, for copies and exports, so that a copied
quote never silently differs from the source::

    Lee Sung-jin [corrected from: Lee Sung-gin]

The published text is the file's text, unchanged.  The loader refuses
replacements whose passages overlap in one text, so each character is
replaced at most once; :func:`replacements_of` still skips an overlapping one,
so that a model built by other means cannot make a garbled text.

This module imports neither textual nor rich.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, get_args

from reader.model import Annotation, Section, TextField

__all__ = [
    "VIEWS",
    "Corrected",
    "Replacement",
    "View",
    "corrected",
    "marked",
    "marked_with_offsets",
    "replacements_of",
    "section_has_replacements",
]

View = Literal["published", "corrected"]
VIEWS: tuple[str, ...] = get_args(View)
"""The views of a text: as published (the file's words) and as corrected."""

MARK = " [corrected from: {published}]"
"""What follows a corrected passage in copies and exports."""


@dataclass(frozen=True, slots=True)
class Replacement:
    """One correction applied to a text: where it was, and what it became."""

    start: int
    """Where the passage starts in the published text."""
    end: int
    """Where it ends in the published text."""
    published: str
    """The passage as published."""
    replacement: str
    """What the correction says it should read."""
    annotation: Annotation


@dataclass(frozen=True, slots=True)
class Corrected:
    """A text as corrected, with where each corrected passage now stands."""

    text: str
    spans: tuple[tuple[int, int, Replacement], ...]
    """``(start, end, replacement)`` of each corrected passage in ``text``."""


def replacements_of(section: Section, field: TextField, answer: int | None) -> list[Replacement]:
    """The replacements that apply to the question (``answer`` None) or an answer, in order."""
    text = section.text_of(field, answer)
    found: list[Replacement] = []
    for annotation in section.annotations:
        anchor = annotation.anchor
        if annotation.kind != "correction" or annotation.replacement is None or anchor is None:
            continue
        if anchor.field != field or (field == "answer" and anchor.answer != answer):
            continue
        found.append(
            Replacement(
                anchor.start,
                anchor.end,
                text[anchor.start : anchor.end],
                annotation.replacement,
                annotation,
            )
        )
    found.sort(key=lambda r: (r.start, r.end))
    kept: list[Replacement] = []
    for replacement in found:
        if kept and replacement.start < kept[-1].end:
            continue
        kept.append(replacement)
    return kept


def section_has_replacements(section: Section) -> bool:
    """True when some correction of ``section`` carries a replacement."""
    return any(
        a.kind == "correction" and a.replacement is not None and a.anchor is not None
        for a in section.annotations
    )


def corrected(text: str, replacements: list[Replacement]) -> Corrected:
    """``text`` with ``replacements`` (from :func:`replacements_of`) applied."""
    parts: list[str] = []
    spans: list[tuple[int, int, Replacement]] = []
    position = 0
    length = 0
    for replacement in replacements:
        before = text[position : replacement.start]
        parts.append(before)
        length += len(before)
        parts.append(replacement.replacement)
        spans.append((length, length + len(replacement.replacement), replacement))
        length += len(replacement.replacement)
        position = replacement.end
    parts.append(text[position:])
    return Corrected("".join(parts), tuple(spans))


def marked(text: str, replacements: list[Replacement]) -> str:
    """The corrected text with ``[corrected from: ...]`` after each corrected passage."""
    return marked_with_offsets(text, replacements)[0]


def marked_with_offsets(
    text: str, replacements: list[Replacement]
) -> tuple[str, Callable[[int], int]]:
    """:func:`marked`, and a map from offsets in ``text`` to offsets in the result.

    An offset inside a replaced passage maps to the end of its marked
    replacement, so that a note anchored on the passage ends after the mark;
    an offset at a passage's start stays at the replacement's start.
    """
    parts: list[str] = []
    # (published start, published end, marked start, marked end) of each replacement.
    moved: list[tuple[int, int, int, int]] = []
    position = 0
    length = 0
    for replacement in replacements:
        before = text[position : replacement.start]
        segment = replacement.replacement + MARK.format(
            published=" ".join(replacement.published.split())
        )
        parts += [before, segment]
        length += len(before)
        moved.append((replacement.start, replacement.end, length, length + len(segment)))
        length += len(segment)
        position = replacement.end
    parts.append(text[position:])

    starts = [start for start, _, _, _ in moved]

    def remap(offset: int) -> int:
        # The last replacement that starts before the offset decides
        # (a binary search: the quote view maps every highlight's offsets).
        k = bisect_left(starts, offset) - 1
        if k < 0:
            return offset
        _, end, _, new_end = moved[k]
        if offset < end:
            return new_end
        return offset + new_end - end

    return "".join(parts), remap
