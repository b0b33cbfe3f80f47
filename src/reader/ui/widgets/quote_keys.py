"""The quote view's keys: scrolling, and selection mode's keys.

Kept apart from the view's behaviour so the keymap reads in one place; the
help screen reads them from ``QuoteView.BINDINGS``.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

__all__ = ["QUOTE_BINDINGS", "SELECTION_ACTIONS"]

QUOTE_BINDINGS: list[BindingType] = [
    Binding("j,down", "scroll_lines(1)", "Scroll down (at the end: next answer)", show=False),
    Binding("k,up", "scroll_lines(-1)", "Scroll up (at the top: previous answer)", show=False),
    Binding("pagedown", "page(1)", "Page down", show=False),
    Binding("pageup", "page(-1)", "Page up", show=False),
    # Selection mode (v): active only while a keyboard selection is shown.
    Binding("l,right", "select('grow_word')", "Selection: one word more"),
    Binding("h,left", "select('shrink_word')", "Selection: one word less"),
    Binding("L,shift+right", "select('grow_sentence')", "Selection: to the next sentence end"),
    Binding("H,shift+left", "select('shrink_sentence')", "Selection: one sentence less"),
    Binding("w", "select('next_word')", "Selection: the next word", show=False),
    Binding("b", "select('previous_word')", "Selection: the previous word", show=False),
    Binding(
        "right_parenthesis", "select('next_sentence')", "Selection: the next sentence",
        key_display=")", show=False,
    ),
    Binding(
        "left_parenthesis", "select('previous_sentence')", "Selection: the previous sentence",
        key_display="(", show=False,
    ),
    Binding("enter", "annotate_selection", "Annotate the selection"),
    Binding("escape", "cancel_selection", "Leave selection mode", show=False),
]  # fmt: skip
"""
| Key | Action |
| :- | :- |
| j, down | Scroll down one line; when it cannot, the next answer becomes current. |
| k, up | Scroll up one line; when it cannot, the previous answer becomes current. |
| pagedown, pageup | Scroll a page. |

In selection mode (``v`` on the interview screen):

| Key | Action |
| :- | :- |
| l h, right left | One word more / less at the end. |
| L H, shift+right shift+left | To the end of the next sentence / one sentence less. |
| w b | Select the next / previous word. |
| ) ( | Select the next / previous sentence. |
| j k, down up | Start again in the next / previous answer (or the question). |
| enter | Annotate the selection. |
| escape | Leave selection mode. |
"""

SELECTION_ACTIONS: frozenset[str] = frozenset({"select", "annotate_selection", "cancel_selection"})
"""Selection mode's keys: it leads only to annotating, which read-only mode has not."""
