"""Where a mouse selection in the quote view lands in the interview's text.

Textual's mouse selection is in screen rows and cells; an annotation is
pinned to character offsets in one passage (the question or one answer).
These functions map the one to the other over the quote view's wrapped
rows, and say why when a selection cannot be pinned.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.geometry import Offset
from textual.selection import Selection

from reader.model import Anchor
from reader.ui.widgets.quote_blocks import Block, Row, TextRef

__all__ = ["mouse_anchor", "text_position"]


def text_position(
    rows: Sequence[Row],
    blocks: Sequence[Block],
    text_of: Callable[[TextRef], str],
    y: int,
    x: int,
) -> tuple[TextRef, int] | None:
    """The text and character offset shown at row ``y``, character ``x`` of the row.

    ``x`` below 0 means the end of the row.  None when the row is not text
    (a speaker line, a gap, a heading).
    """
    if not 0 <= y < len(rows):
        return None
    row = rows[y]
    block = blocks[row.block]
    if block.ref is None:
        return None
    length = len(row.content.plain)
    column = length if x < 0 else min(x, length)
    text_length = len(text_of(block.ref)) if block.ref[0] != "about" else 0
    offset = max(0, min(row.start + column - block.shift, text_length))
    return block.ref, offset


def mouse_anchor(
    rows: Sequence[Row],
    blocks: Sequence[Block],
    text_of: Callable[[TextRef], str],
    selection: Selection,
) -> Anchor | str | None:
    """The anchor of a mouse selection; a string says why it cannot be one.

    None: nothing is selected (an empty selection, or one on the About page).
    """
    if not rows:
        return None
    first = selection.start or Offset(0, 0)
    last = selection.end
    start = text_position(rows, blocks, text_of, first.y, first.x)
    if last is None:
        end = text_position(rows, blocks, text_of, len(rows) - 1, -1)
    else:
        end = text_position(rows, blocks, text_of, last.y, last.x)
    if start is None or end is None:
        return "select words of the question or of one answer"
    (start_ref, start_offset), (end_ref, end_offset) = start, end
    if start_ref != end_ref:
        return (
            "the selection spans two passages (an annotation anchors in one passage: "
            "the question or one answer); select within one"
        )
    field_name, answer = start_ref
    if end_offset <= start_offset:
        return None
    if field_name == "question" or field_name == "answer":
        return Anchor(field_name, answer, start_offset, end_offset)
    return None
