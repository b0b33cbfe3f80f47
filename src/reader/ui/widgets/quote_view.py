"""The quote view: a section's question and answers, with highlighted passages.

A line-API ``ScrollView``: the text is wrapped once per width into rows, and
only the rows on screen are rendered, so a 1 MB answer or a 100,000-line
quote scrolls as smoothly as a short one.  Because the view wraps the text
itself, it knows on which row every character lands, which is what lets it
scroll exactly to an annotation's passage or a search match.

Attributes down: the screen calls :meth:`QuoteView.show`,
:meth:`QuoteView.select_annotation` and :meth:`QuoteView.set_view` (as
published or as corrected, originals shown or not, beside or below); the
view never reaches into siblings.  Transcription conventions, corrections and
originals are drawn by :mod:`reader.ui.widgets.quote_reading`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Literal

from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content, Span
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.model import ANNOTATION_KINDS, Anchor, Interview, Section
from reader.ui.content import literal
from reader.ui.widgets.quote_reading import (
    beside_layout,
    convention_spans,
    view_text,
    wrapped,
)

__all__ = ["Block", "QuoteView", "TextRef"]

TextRef = tuple[Literal["question", "answer", "about"], int | None]
"""Which text a block shows: ("question", None), ("answer", i) or ("about", None)."""

GUTTER = 2
"""Columns left of each answer: a bar marks the current answer."""


def kind_class(kind: str) -> str:
    """The component class that colours passages of an annotation kind."""
    return f"quote-view--{kind}"


@dataclass(slots=True)
class Block:
    """A run of text in the view: a heading line, a body of text, or a gap."""

    content: Content
    ref: TextRef | None = None
    """The question or answer this block shows (None for headings and gaps)."""
    owner: TextRef | None = None
    """The question or answer this block belongs to (headings included)."""
    indent: int = GUTTER
    shift: int = 0
    """Offset in ``content`` where the referenced text starts (after a quotation mark)."""
    remap: Callable[[int], int] | None = None
    """Where an offset of the text as published is in the text shown (as corrected)."""
    beside: Content | None = None
    """The answer's original, laid out beside the text (wide) or below it (narrow)."""
    beside_label: Content | None = None
    """The original's label (its language)."""


@dataclass(slots=True)
class Row:
    """One screen line: a slice of a block, wrapped to the view's width."""

    content: Content
    block: int
    start: int
    """Offset in the block's text of the row's first character."""
    indent: int


@dataclass(slots=True)
class _Layout:
    width: int = 0
    rows: list[Row] = field(default_factory=list)
    block_rows: list[int] = field(default_factory=list)
    """Index of each block's first row."""


class QuoteView(ScrollView, can_focus=True, inherit_bindings=False):
    """Shows one section (or the About page) of an interview."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_lines(1)", "Scroll down (at the end: next answer)", show=False),
        Binding("k,up", "scroll_lines(-1)", "Scroll up (at the top: previous answer)", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
    ]
    """
    | Key | Action |
    | :- | :- |
    | j, down | Scroll down one line; when it cannot, the next answer becomes current. |
    | k, up | Scroll up one line; when it cannot, the previous answer becomes current. |
    | pagedown, pageup | Scroll a page. |
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "quote-view--speaker",
        "quote-view--meta",
        "quote-view--label",
        "quote-view--reported",
        "quote-view--selected",
        "quote-view--match",
        "quote-view--current",
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
        self._layout = _Layout()
        self._strip_cache: dict[int, Strip] = {}
        self._selected: Anchor | None = None
        self._matches: dict[TextRef, list[tuple[int, int]]] = {}
        self._current: TextRef | None = None
        self._pending_scroll: int | None = None
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
        """The row on which character ``offset`` of ``ref`` is shown.

        ``offset`` is into the text as published (as the file has it), or
        into the text as shown when ``display`` is true.
        """
        self._ensure_layout()
        for index, block in enumerate(self._blocks):
            if block.ref == ref:
                if block.remap is not None and not display:
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

    # ---------------------------------------------------------------- actions

    def action_scroll_lines(self, lines: int) -> None:
        """Scroll by ``lines`` (negative: up); at an end, move to the next answer."""
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
                corrected=self._corrected,
                originals=self._originals,
            )
        self._layout = _Layout()
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
        layout = _Layout(width=width)
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
        for text, style in row.content.render(base, end="", parse_style=self._get_style):
            segments.append(Segment(text, style.rich_style))
        return Strip(segments).extend_cell_length(width, base_rich).crop(0, width)


def _styled_text(
    text: str,
    spans: list[Span],
) -> Content:
    # Tabs would be expanded by the wrapper and shift every offset after them.
    return literal(text.replace("\t", " "), extra_spans=spans)


def passage_spans(
    section: Section,
    ref: TextRef,
    selected: Anchor | None,
    matches: Sequence[tuple[int, int]],
) -> list[Span]:
    """Highlight spans for one text: annotation kinds, the selection, matches."""
    spans: list[Span] = []
    field_name, answer = ref
    for annotation in section.annotations:
        anchor = annotation.anchor
        if anchor is None or anchor.field != field_name or anchor.answer != answer:
            continue
        spans.append(Span(anchor.start, anchor.end, "." + kind_class(annotation.kind)))
    if selected is not None and selected.field == field_name and selected.answer == answer:
        spans.append(Span(selected.start, selected.end, ".quote-view--selected"))
    spans.extend(Span(start, end, ".quote-view--match") for start, end in matches)
    return spans


def section_blocks(
    interview: Interview,
    section: Section,
    selected: Anchor | None,
    matches: dict[TextRef, list[tuple[int, int]]],
    *,
    corrected: bool = False,
    originals: bool = False,
) -> list[Block]:
    """The blocks of a section: who asked, the question, each answer.

    ``corrected`` shows the texts as corrected; ``originals`` gives each
    answer that has one its original, to lay out beside or below it.
    """
    blocks: list[Block] = []
    when = [("  ", ""), (f"[{section.time}]", ".quote-view--meta")] if section.time else []
    if not section.has_question:
        # Remarks: nobody asked, so no question is shown; the heading
        # belongs to the first answer.
        blocks.append(
            Block(
                Content.assemble(
                    (f"Q{section.number}", ".quote-view--label"),
                    "  ",
                    literal(section.title, ".quote-view--meta"),
                    *when,
                ),
                owner=("answer", 0),
            )
        )
    else:
        blocks += _question_blocks(interview, section, selected, matches, when, corrected)
    for index, answer in enumerate(section.answers):
        ref: TextRef = ("answer", index)
        blocks.append(Block(Content(""), indent=0))
        person = interview.person(answer.by)
        parts: list[Content | str | tuple[str, str]] = [
            literal(person.name if person else answer.by, ".quote-view--speaker")
        ]
        if person is not None and person.role:
            parts += ["  ", literal(person.role, ".quote-view--meta")]
        if answer.time:
            parts += ["  ", (f"[{answer.time}]", ".quote-view--meta")]
        if answer.reported:
            parts += ["  ", ("(reported, not verbatim)", ".quote-view--reported")]
        blocks.append(Block(Content.assemble(*parts), owner=ref))
        spans = passage_spans(section, ref, selected, matches.get(ref, []))
        text, spans, remap = view_text(section, "answer", index, spans, corrected)
        body = _styled_text(text, spans)
        if answer.reported:
            body = body.stylize_before(".quote-view--reported")
        block = Block(body, ref=ref, owner=ref, remap=remap)
        if originals and answer.original is not None:
            language = interview.original_language_of(answer)
            block.beside = _styled_text(answer.original, convention_spans(answer.original))
            label = f"Original ({language})" if language else "Original"
            block.beside_label = literal(label, ".quote-view--label")
        blocks.append(block)
    return blocks


def _question_blocks(
    interview: Interview,
    section: Section,
    selected: Anchor | None,
    matches: dict[TextRef, list[tuple[int, int]]],
    when: list[tuple[str, str]],
    corrected: bool = False,
) -> list[Block]:
    """Who asked (and when), then the question (as corrected when ``corrected``)."""
    blocks: list[Block] = []
    question_ref: TextRef = ("question", None)
    asker = interview.person(section.asked_by)
    heading = Content.assemble(
        (f"Q{section.number}", ".quote-view--label"),
        "  ",
        literal(asker.name if asker else "Question", ".quote-view--speaker"),
    )
    if asker is not None and asker.role:
        heading = heading + Content.assemble("  ", literal(asker.role, ".quote-view--meta"))
    if when:
        heading = heading + Content.assemble(*when)
    if section.reported:
        heading = heading + Content.assemble(
            "  ", ("(question as reported, not verbatim)", ".quote-view--reported")
        )
    blocks.append(Block(heading, owner=question_ref))
    spans = passage_spans(section, question_ref, selected, matches.get(question_ref, []))
    text, spans, remap = view_text(section, "question", None, spans, corrected)
    question = _styled_text(text, spans)
    if section.reported:
        question = question.stylize_before(".quote-view--reported")
        blocks.append(Block(question, ref=question_ref, owner=question_ref, remap=remap))
    else:
        question = Content.assemble("“", question, "”")
        blocks.append(Block(question, ref=question_ref, owner=question_ref, shift=1, remap=remap))
    return blocks


def about_blocks(interview: Interview) -> list[Block]:
    """The About page: summary, source, people, tags."""
    about: TextRef = ("about", None)
    blocks: list[Block] = [Block(literal(interview.title, ".quote-view--speaker"), owner=about)]
    meta = [part for part in (interview.date, interview.language) if part]
    if meta:
        blocks.append(Block(literal(" · ".join(meta), ".quote-view--meta"), owner=about))
    if interview.summary:
        blocks += [Block(Content(""), indent=0), Block(literal(interview.summary), ref=about)]
    source = interview.source
    if source is not None:
        blocks += [
            Block(Content(""), indent=0),
            Block(Content.styled("Source", ".quote-view--label")),
        ]
        for label, value in (
            ("Name", source.name),
            ("URL", source.url),
            ("Published", source.published),
            ("Note", source.note),
        ):
            if value:
                blocks.append(
                    Block(Content.assemble((f"{label}: ", ".quote-view--meta"), literal(value)))
                )
    if interview.media:
        blocks += [
            Block(Content(""), indent=0),
            Block(
                Content.assemble(
                    ("Recording: ", ".quote-view--label"),
                    literal(interview.media),
                    ("  (p plays it)", ".quote-view--meta"),
                )
            ),
        ]
    blocks += [Block(Content(""), indent=0), Block(Content.styled("People", ".quote-view--label"))]
    for person in interview.people.values():
        parts: list[Content | str | tuple[str, str]] = [
            literal(person.name, ".quote-view--speaker")
        ]
        if person.role:
            parts += [" — ", literal(person.role, ".quote-view--meta")]
        if person.aka:
            parts += [("  also: ", ".quote-view--meta"), literal(", ".join(person.aka))]
        blocks.append(Block(Content.assemble(*parts)))
    if interview.tags:
        blocks += [
            Block(Content(""), indent=0),
            Block(
                Content.assemble(
                    ("Tags: ", ".quote-view--label"), literal(", ".join(interview.tags))
                )
            ),
        ]
    count = len(interview.sections)
    blocks += [
        Block(Content(""), indent=0),
        Block(
            Content.styled(
                f"{count} Q&A{'s' if count != 1 else ''}, "
                f"{interview.annotation_count} annotations. Press ] for the first Q&A.",
                ".quote-view--meta",
            )
        ),
    ]
    return blocks
