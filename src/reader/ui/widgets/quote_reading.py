"""What the quote view shows for reading closely: conventions, corrections, originals.

* Transcription conventions (``[laughs]``, ``(As interpreted.)``) get the
  ``quote-view--convention`` style (dim, italic): spans over the text as
  written, which is never changed and never parsed as markup.
* As corrected, a text with replacements is shown the way copies give it
  (``Lee Sung-jin [corrected from: Lee Sung-gin]``): the replacement in the
  ``quote-view--corrected`` style, the mark in ``quote-view--correction-mark``;
  every other highlight (annotations, the selection, search matches) is moved
  to where its characters now stand.
* An answer's original is laid out beside its translation on a wide view
  (:func:`beside_rows`) and below it on a narrow one, answer by answer.

Pure functions over ``Content``; the quote view calls them.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content, Span

from reader.conventions import find_conventions
from reader.corrections import marked_with_offsets, replacements_of
from reader.model import Section, TextField

__all__ = ["BESIDE_GAP", "beside_rows", "convention_spans", "view_text"]

BESIDE_GAP = " │ "
"""Between a translation and its original, side by side."""


def convention_spans(text: str) -> list[Span]:
    """A ``quote-view--convention`` span over each transcription convention."""
    return [Span(start, end, ".quote-view--convention") for start, end in find_conventions(text)]


def view_text(
    section: Section,
    field: TextField,
    answer: int | None,
    spans: list[Span],
    corrected: bool,
) -> tuple[str, list[Span], Callable[[int], int] | None]:
    """The text to show, its spans, and how offsets move (None: they do not).

    ``spans`` are the highlights over the text as published; as corrected,
    they are moved with the text, and the corrected passages are styled.
    """
    text = section.text_of(field, answer)
    replacements = replacements_of(section, field, answer) if corrected else []
    if not replacements:
        return text, convention_spans(text) + spans, None
    shown, remap = marked_with_offsets(text, replacements)
    moved = [Span(remap(s.start), remap(s.end), s.style) for s in spans]
    marks: list[Span] = []
    for replacement in replacements:
        start = remap(replacement.start)
        middle = start + len(replacement.replacement)
        marks.append(Span(start, middle, ".quote-view--corrected"))
        marks.append(Span(middle, remap(replacement.end), ".quote-view--correction-mark"))
    return shown, convention_spans(shown) + marks + moved, remap


def beside_rows(left: list[Content], right: list[Content], width: int) -> list[tuple[int, Content]]:
    """Rows of two columns, ``left`` and ``right`` each ``width`` cells wide.

    Returns ``(index of the left row shown, -1 past its end; row)`` pairs:
    the shorter column is padded so that both end on the same row, and the
    next answer starts level on both sides.
    """
    rows: list[tuple[int, Content]] = []
    gap = Content.styled(BESIDE_GAP, ".quote-view--meta")
    for index in range(max(len(left), len(right))):
        piece = left[index] if index < len(left) else Content("")
        other = right[index] if index < len(right) else Content("")
        padding = " " * max(0, width - piece.cell_length)
        rows.append(
            (index if index < len(left) else -1, Content.assemble(piece, padding, gap, other))
        )
    return rows
