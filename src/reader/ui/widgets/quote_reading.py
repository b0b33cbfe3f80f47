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

__all__ = [
    "BESIDE_GAP",
    "beside_layout",
    "beside_rows",
    "convention_spans",
    "view_text",
    "wrap_line",
    "wrapped",
]

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


def wrap_line(line: Content, width: int) -> list[tuple[int, Content]]:
    """Wrap one logical line; return (offset in line, row content) pairs."""
    if line.cell_length <= width:
        return [(0, line)]
    plain = line.plain
    pieces = line.wrap(width)
    out: list[tuple[int, Content]] = []
    position = 0
    for piece in pieces:
        text = piece.plain
        found = plain.find(text, position) if text else position
        start = found if found >= 0 else position
        out.append((start, piece))
        position = start + len(text)
    return out


def wrapped(content: Content, width: int) -> list[tuple[int, Content]]:
    """Wrap every line of ``content``: (offset in ``content``, row) pairs."""
    out: list[tuple[int, Content]] = []
    offset = 0
    for line in content.split("\n", allow_blank=True):
        out += [(offset + start, piece) for start, piece in wrap_line(line, width)]
        offset += len(line.plain) + 1
    return out


def beside_layout(
    content: Content, beside: Content, label: Content | None, width: int
) -> list[tuple[int, Content]]:
    """An answer and its original side by side, each half of ``width``.

    Returns ``(offset in content, row)`` pairs: a label row first (when
    ``label`` is given), then the two texts wrapped and padded to end level;
    rows past the end of ``content`` carry the offset of its last row.
    """
    half = max(4, (width - len(BESIDE_GAP)) // 2)
    left = wrapped(content, half)
    right = wrapped(beside, half)
    rows: list[tuple[int, Content]] = []
    if label is not None:
        left_label = [Content.styled("Translation", ".quote-view--label")]
        for _, row in beside_rows(left_label, [label.truncate(half)], half):
            rows.append((0, row))
    last = 0
    for shown, row in beside_rows([piece for _, piece in left], [p for _, p in right], half):
        if shown >= 0:
            last = left[shown][0]
        rows.append((last, row))
    return rows
