"""The quote view: a section's question and answers, with highlighted passages.

A line-API ``ScrollView``: the text is wrapped once per width into rows, and
only the rows on screen are rendered, so a 1 MB answer or a 100,000-line
quote scrolls as smoothly as a short one.  Because the view wraps the text
itself, it knows on which row every character lands, which is what lets it
scroll exactly to an annotation's passage or a search match.

Attributes down: the screen calls :meth:`QuoteView.show` and
:meth:`QuoteView.select_annotation`; the view never reaches into siblings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from textual import events
from textual.binding import BindingType
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style

from reader.model import ANNOTATION_KINDS, Anchor, Interview, Section
from reader.ui.widgets.quote_blocks import (
    Block,
    Layout,
    Row,
    TextRef,
    about_blocks,
    beside_layout,
    kind_class,
    section_blocks,
    wrapped,
)
from reader.ui.widgets.quote_keys import QUOTE_BINDINGS, SELECTION_ACTIONS
from reader.ui.widgets.quote_selection import mouse_anchor

__all__ = ["Block", "QuoteView", "TextRef"]


class QuoteView(ScrollView, can_focus=True, inherit_bindings=False):
    """Shows one section (or the About page) of an interview."""

    BINDINGS: ClassVar[list[BindingType]] = QUOTE_BINDINGS
    """The keymap, with its table: :mod:`reader.ui.widgets.quote_keys`."""

    HIDDEN_WHEN_READ_ONLY: ClassVar[frozenset[str]] = SELECTION_ACTIONS
    """Selection mode's keys: it leads only to annotating, which read-only mode has not."""

    class AnnotateRequested(Message):
        """Enter in selection mode: the screen opens the annotate dialog."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "quote-view--speaker",
        "quote-view--meta",
        "quote-view--label",
        "quote-view--reported",
        "quote-view--selected",
        "quote-view--match",
        "quote-view--current",
        "quote-view--selecting",
        "quote-view--convention",
        "quote-view--corrected",
        "quote-view--correction-mark",
        *(kind_class(kind) for kind in ANNOTATION_KINDS),
    }

    DEFAULT_CSS = """
    QuoteView {
        background: $surface;
        overflow-x: hidden;
        /* A stable gutter keeps the wrap width from changing as the scrollbar comes and goes. */
        scrollbar-gutter: stable;
    }
    """

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._interview: Interview | None = None
        self._section: Section | None = None
        self._blocks: list[Block] = []
        self._layout = Layout()
        self._strip_cache: dict[int, Strip] = {}
        self._selected: Anchor | None = None
        self._matches: dict[TextRef, list[tuple[int, int]]] = {}
        self._current: TextRef | None = None
        self._pending_scroll: int | None = None
        self._selecting: tuple[TextRef, int, int] | None = None
        self._corrected = False
        self._originals = False
        self._beside = False

    # ------------------------------------------------------------------ state

    @property
    def section(self) -> Section | None:
        """The section shown (None on the About page)."""
        return self._section

    @property
    def current(self) -> TextRef | None:
        """The question or answer at the top of the view."""
        return self._current

    @property
    def rows(self) -> Sequence[Row]:
        """The wrapped rows (for tests and for jumping)."""
        return self._layout.rows

    def show(
        self,
        interview: Interview,
        section: Section | None,
        *,
        selected: Anchor | None = None,
        matches: dict[TextRef, list[tuple[int, int]]] | None = None,
        scroll_y: int | None = 0,
    ) -> None:
        """Show ``section`` (None: the About page) and scroll to the top."""
        self._interview = interview
        self._section = section
        self._selected = selected
        self._matches = matches or {}
        self._current = None
        self._selecting = None
        self._rebuild()
        if scroll_y is not None:
            if self.size.height and self.max_scroll_y >= scroll_y:
                self.scroll_to(y=scroll_y, animate=False, immediate=True)
            else:
                # Not laid out yet (the screen is being mounted): scroll once it is.
                self.scroll_to(y=0, animate=False, immediate=True)
                self._pending_scroll = scroll_y or None
        self._update_current(force=True)

    @property
    def corrected(self) -> bool:
        """True when the text is shown as corrected."""
        return self._corrected

    def set_view(self, *, corrected: bool, originals: bool, beside: bool) -> None:
        """As published or as corrected; originals hidden or shown, beside or below."""
        if (corrected, originals, beside) == (self._corrected, self._originals, self._beside):
            return
        top = self._top_position()
        changed_text = corrected != self._corrected
        self._corrected, self._originals, self._beside = corrected, originals, beside
        self._rebuild()
        ref, offset = top if top is not None else (None, 0)
        if ref is not None:
            # When the text changed (published <-> corrected), offsets into the
            # old text mean nothing in the new one: keep the same text in view.
            row = self.row_of(ref, 0 if changed_text else offset, display=True)
            if row is not None:
                self.scroll_to(y=row, animate=False, immediate=True)

    def set_matches(self, matches: dict[TextRef, list[tuple[int, int]]]) -> None:
        """Highlight search matches (offsets into each text)."""
        self._matches = matches
        self._rebuild()

    def select_annotation(self, anchor: Anchor | None, *, scroll: bool = True) -> None:
        """Make ``anchor``'s passage stand out and bring it into view."""
        self._selected = anchor
        self._rebuild()
        if anchor is not None and scroll:
            self.scroll_to_text((anchor.field, anchor.answer), anchor.start)

    def scroll_to_text(self, ref: TextRef, offset: int) -> None:
        """Scroll so that character ``offset`` of ``ref`` is in view, a third down."""
        row = self.row_of(ref, offset)
        if row is None:
            return
        top = self.scroll_offset.y
        height = self.scrollable_content_region.height or self.size.height
        if not (top <= row < top + height):
            self.scroll_to(y=max(0, row - height // 3), animate=False, immediate=True)
        self._update_current()

    def row_of(self, ref: TextRef, offset: int, *, display: bool = False) -> int | None:
        """The row on which character ``offset`` of ``ref`` is shown."""
        self._ensure_layout()
        for index, block in enumerate(self._blocks):
            if block.ref == ref:
                if block.remap is not None and not display:
                    # Offsets are into the text as published; as corrected it moved.
                    offset = block.remap(offset)
                offset += block.shift
                first = self._layout.block_rows[index]
                last = (
                    self._layout.block_rows[index + 1]
                    if index + 1 < len(self._blocks)
                    else len(self._layout.rows)
                )
                row = first
                for candidate in range(first, last):
                    if self._layout.rows[candidate].start <= offset:
                        row = candidate
                    else:
                        break
                return row
        return None

    def first_row_of(self, ref: TextRef) -> int | None:
        """The first row of the heading (or text) of ``ref``."""
        self._ensure_layout()
        for index, block in enumerate(self._blocks):
            if block.owner == ref:
                return self._layout.block_rows[index]
        return None

    # -------------------------------------------------------------- selection

    @property
    def selecting(self) -> tuple[TextRef, int, int] | None:
        """The keyboard selection: which text, and its start and end offsets."""
        return self._selecting

    def start_selection(self, ref: TextRef | None = None) -> bool:
        """Enter selection mode on the first word of ``ref`` (default: the current answer).

        False on the About page, where there is nothing to annotate.
        """
        section = self._section
        if section is None:
            return False
        if ref is None or ref[0] == "about":
            ref = self._current if self._current and self._current[0] != "about" else None
        chosen: TextRef = ref or (("answer", 0) if section.answers else ("question", None))
        from reader.annotate._extent import first_word

        start, end = first_word(self._text(chosen))
        self.set_selection((chosen, start, end))
        return True

    def set_selection(self, selection: tuple[TextRef, int, int] | None) -> None:
        """Show ``selection`` (None: leave selection mode) and keep its end in view."""
        self._selecting = selection
        self._rebuild()
        if selection is not None:
            ref, start, end = selection
            self._set_current(ref)
            self.scroll_to_text(ref, end)
            self.scroll_to_text(ref, start)

    def _text(self, ref: TextRef) -> str:
        assert self._section is not None
        if ref[0] == "question":
            return self._section.question
        return self._section.answers[ref[1] or 0].quote

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Selection keys work only in selection mode; elsewhere they belong to the screen."""
        if action in SELECTION_ACTIONS:
            return self._selecting is not None
        return True

    def action_select(self, move: str) -> None:
        """Grow, shrink or move the keyboard selection (see the key table)."""
        from reader.annotate import _extent

        if self._selecting is None:
            return
        ref, start, end = self._selecting
        text = self._text(ref)
        start, end = getattr(_extent, move)(text, (start, end))
        self.set_selection((ref, start, end))

    def action_annotate_selection(self) -> None:
        """Ask the screen to annotate the selection."""
        self.post_message(self.AnnotateRequested())

    def action_cancel_selection(self) -> None:
        """Leave selection mode."""
        self.set_selection(None)

    def _step_selection(self, step: int) -> None:
        """Selection mode's j/k: start again in the next / previous text."""
        owners = [o for o in self._owners() if o[0] != "about"]
        assert self._selecting is not None
        ref = self._selecting[0]
        index = owners.index(ref) if ref in owners else 0
        if 0 <= index + step < len(owners):
            self.start_selection(owners[index + step])

    def selection_anchor(self) -> Anchor | str | None:
        """What is selected: the keyboard selection, else the mouse's.

        A string says why the mouse selection cannot be annotated (it spans
        two passages, or is not in the text); None: nothing is selected.
        """
        if self._selecting is not None:
            (field_name, answer), start, end = self._selecting
            if field_name == "question" or field_name == "answer":
                return Anchor(field_name, answer, start, end)
            return None
        selection = self.text_selection
        if selection is None:
            return None
        return mouse_anchor(self._layout.rows, self._blocks, self._text, selection)

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The text under the mouse selection (Textual copies it with ctrl+c)."""
        text = "\n".join(row.content.plain for row in self._layout.rows)
        return selection.extract(text), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        """Redraw with (or without) the mouse selection."""
        self._strip_cache.clear()
        self.refresh()

    # ---------------------------------------------------------------- actions

    def action_scroll_lines(self, lines: int) -> None:
        """Scroll by ``lines`` (negative: up); at an end, move to the next answer."""
        if self._selecting is not None:
            self._step_selection(1 if lines > 0 else -1)
            return
        top = self.scroll_offset.y
        at_end = top >= self.max_scroll_y if lines > 0 else top <= 0
        if at_end:
            self.step_current(1 if lines > 0 else -1)
            return
        self.scroll_to(y=top + lines, animate=False, immediate=True)

    def on_click(self, event: events.Click) -> None:
        """Clicking an answer makes it the current one."""
        index = int(self.scroll_offset.y) + event.y
        rows = self._layout.rows
        if 0 <= index < len(rows):
            owner = self._blocks[rows[index].block].owner
            if owner is not None:
                self._set_current(owner)

    def action_page(self, direction: int) -> None:
        """Scroll a page down (1) or up (-1), keeping one line of context."""
        height = self.scrollable_content_region.height or self.size.height
        self.action_scroll_lines(direction * max(1, height - 1))

    # --------------------------------------------------------------- building

    def _rebuild(self) -> None:
        interview = self._interview
        if interview is None:
            self._blocks = []
        elif self._section is None:
            self._blocks = about_blocks(interview)
        else:
            self._blocks = section_blocks(
                interview,
                self._section,
                self._selected,
                self._matches,
                self._selecting,
                corrected=self._corrected,
                originals=self._originals,
            )
        self._layout = Layout()
        self._strip_cache.clear()
        self._ensure_layout()
        self.refresh()

    def _text_width(self) -> int:
        width = self.scrollable_content_region.width or self.size.width
        return max(width, 8)

    def _ensure_layout(self) -> None:
        width = self._text_width()
        if self._layout.width == width and (self._layout.rows or not self._blocks):
            return
        layout = Layout(width=width)
        for index, block in enumerate(self._blocks):
            layout.block_rows.append(len(layout.rows))
            wrap_width = max(4, width - block.indent - 1)
            if block.beside is not None and self._beside:
                layout.rows += [
                    Row(piece, index, start, block.indent)
                    for start, piece in beside_layout(
                        block.content, block.beside, block.beside_label, wrap_width
                    )
                ]
                continue
            layout.rows += [
                Row(piece, index, start, block.indent)
                for start, piece in wrapped(block.content, wrap_width)
            ]
            if block.beside is not None:
                # Narrow: the original below its translation.
                end = len(block.content.plain) + 1
                layout.rows.append(Row(Content(""), index, end, block.indent))
                if block.beside_label is not None:
                    layout.rows.append(Row(block.beside_label, index, end, block.indent))
                layout.rows += [
                    Row(piece, index, end, block.indent)
                    for _, piece in wrapped(block.beside, wrap_width)
                ]
        self._layout = layout
        self._strip_cache.clear()
        self.virtual_size = Size(width, len(layout.rows))

    def on_resize(self) -> None:
        """Re-wrap for the new width, keeping the first visible text in view."""
        if self._pending_scroll is not None:
            self._ensure_layout()
            pending, self._pending_scroll = self._pending_scroll, None
            self.call_after_refresh(self.scroll_to, y=pending, animate=False, immediate=True)
            return
        anchor = self._top_position()
        self._ensure_layout()
        if anchor is not None:
            ref, offset = anchor
            row = self.row_of(ref, offset, display=True) if ref is not None else None
            if row is not None:
                self.scroll_to(y=row, animate=False, immediate=True)

    def _top_position(self) -> tuple[TextRef | None, int] | None:
        rows = self._layout.rows
        top = self.scroll_offset.y
        if not rows or top >= len(rows):
            return None
        row = rows[top]
        block = self._blocks[row.block]
        return block.ref, max(0, row.start - block.shift)

    def notify_style_update(self) -> None:
        """Theme or CSS changed: rendered strips are stale."""
        super().notify_style_update()
        self._strip_cache.clear()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Track which answer is at the top as the view scrolls."""
        super().watch_scroll_y(old_value, new_value)
        self._update_current()

    def _update_current(self, force: bool = False) -> None:
        """Follow the scroll: the current text is the first one at the top."""
        rows = self._layout.rows
        current: TextRef | None = None
        if rows:
            top = min(int(self.scroll_offset.y), len(rows) - 1)
            # The answer that owns the first row with text at or below the top.
            for row in rows[top:]:
                owner = self._blocks[row.block].owner
                if owner is not None:
                    current = owner
                    break
        self._set_current(current, force)

    def _set_current(self, current: TextRef | None, force: bool = False) -> None:
        if current != self._current or force:
            self._current = current
            self._strip_cache.clear()
            self.refresh()

    def _owners(self) -> list[TextRef]:
        owners: list[TextRef] = []
        for block in self._blocks:
            if block.owner is not None and block.owner not in owners:
                owners.append(block.owner)
        return owners

    def step_current(self, step: int) -> bool:
        """Make the next (1) or previous (-1) answer current; False at an end.

        When the whole section fits on screen (or the view cannot scroll
        further), ``j``/``k`` move this marker instead, so every answer can
        be chosen for ``y``, ``m`` and ``e`` with the keyboard alone.
        """
        owners = self._owners()
        if not owners:
            return False
        index = owners.index(self._current) if self._current in owners else 0
        new = index + step
        if not 0 <= new < len(owners):
            return False
        self._set_current(owners[new])
        row = self.first_row_of(owners[new])
        if row is not None:
            height = self.scrollable_content_region.height or self.size.height
            top = self.scroll_offset.y
            if not top <= row < top + height:
                self.scroll_to(y=row, animate=False, immediate=True)
        return True

    # -------------------------------------------------------------- rendering

    def render_line(self, y: int) -> Strip:
        """Render one screen line from the wrapped rows."""
        self._ensure_layout()
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width or self.size.width
        base = self.get_visual_style()
        if index >= len(self._layout.rows):
            return Strip.blank(width, base.rich_style)
        strip = self._strip_cache.get(index)
        if strip is None:
            strip = self._render_row(index, width)
            self._strip_cache[index] = strip
        return strip.crop(scroll_x, scroll_x + width)

    def _render_row(self, index: int, width: int) -> Strip:
        row = self._layout.rows[index]
        block = self._blocks[row.block]
        base = self.get_visual_style()
        base_rich = base.rich_style
        segments: list[Segment] = []
        if row.indent:
            is_current = block.owner is not None and block.owner == self._current
            if is_current and block.owner and block.owner[0] == "answer":
                bar_style = self.get_visual_style("quote-view--current").rich_style
                segments.append(Segment("┃", bar_style))
                segments.append(Segment(" " * (row.indent - 1), base_rich))
            else:
                segments.append(Segment(" " * row.indent, base_rich))
        content = row.content
        selection = self.text_selection
        if selection is not None:
            span = selection.get_span(index)
            if span is not None:
                start, end = span
                end = len(content.plain) if end == -1 else end
                rich = self.screen.get_component_rich_style("screen--selection")
                content = content.stylize(Style.from_rich_style(rich), start, end)
        text_segments = [
            Segment(text, style.rich_style)
            for text, style in content.render(base, end="", parse_style=self._get_style)
        ]
        # Character offsets on the text (not the gutter) let Textual's mouse
        # selection say which characters of which row are selected.
        segments.extend(Strip(text_segments).apply_offsets(0, index))
        return Strip(segments).extend_cell_length(width, base_rich).crop(0, width)
