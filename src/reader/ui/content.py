"""Build Textual ``Content`` from interview text, literally and safely.

Every string that comes from an interview file reaches a widget through
:func:`literal` (or a function here built on it).  ``Content(text)`` never
parses markup, and :func:`reader.text.visible` first swaps control, bidi and
zero-width characters for visible placeholders of the same length, so
offsets computed on the original text (anchors, search matches) still land
on the right characters.  The placeholders get the ``special`` style so a
reader sees that something unusual is there.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content, Span

from reader.text import shorten, special_chars, visible

__all__ = ["SPECIAL_STYLE", "literal", "one_line"]

SPECIAL_STYLE = "reverse"
"""How placeholders for control, bidi and zero-width characters are shown."""


def literal(text: str, style: str = "", extra_spans: Iterable[Span] = ()) -> Content:
    """``text`` as Content, shown exactly as written (never as markup)."""
    shown = visible(text)
    spans: list[Span] = []
    if style:
        spans.append(Span(0, len(shown), style))
    spans.extend(extra_spans)
    if shown is not text:
        spans.extend(
            Span(offset, offset + 1, SPECIAL_STYLE) for offset, _, _ in special_chars(text)
        )
    # strip_control_codes=False: visible() already replaced every control
    # character; letting Content strip more would shift the offsets.
    return Content(shown, spans, strip_control_codes=False)


def one_line(text: str, width: int = 60, style: str = "") -> Content:
    """``text`` on one line, shortened to ``width`` characters, literally."""
    return literal(shorten(text, width), style)
