"""A table that draws only the rows on screen (Textual's line API).

A library may list tens of thousands of interviews.  Textual's ``DataTable``
keeps a row object and a rendered cell per row, so its memory grows with
the library (about 6 KB a row, measured: 60 MB at 10,000 interviews).
:class:`LibraryTable` keeps no row at all: it knows how many rows there are
and asks its owner for the cells of a row when that row is drawn (the
rows in view, and a small cache of their rendered lines).  The owner sets
the columns and the row count and says when rows change; the table posts
:class:`LibraryTable.Selected` when a row is chosen (enter, or a click on
the row under the cursor), and :class:`LibraryTable.TypeToFilter` for a
printable key it does not use.

Cells are shown literally: their text is put in segments, never parsed as
markup, and the owner has already made control characters visible
(:func:`reader.text.visible`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar, NamedTuple

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

__all__ = ["Cell", "Column", "LibraryTable"]


class Column(NamedTuple):
    """A column: its heading and its width in cells (without the padding)."""

    label: str
    width: int


Cell = tuple[str, str]
"""A cell's text (shown literally) and its style ("", "dim", "bold", ...)."""

_PADDING = 1
"""Cells on each side of a cell's text (as DataTable's default cell padding)."""

_NOT_USED = "jkgGq?/'nN:"
"""Printable keys that keep their meaning (bindings here or on the screen and app)."""


_ONE_LINE = str.maketrans({"\t": " ", "\n": "\u2424", "\r": "\u240d"})
"""A cell is one line: ``visible()`` keeps line feeds and tabs (for text that
is laid out), which in a row would move the terminal's cursor.  A line feed
shows as ␤ (a file name may hold one), a tab as a space."""


def _fit(text: str, width: int) -> str:
    """``text`` on one line in exactly ``width`` cells, cut with … when longer."""
    text = text.translate(_ONE_LINE)
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…" if width > 0 else ""
    return set_cell_size(text, width)


class LibraryTable(ScrollView, can_focus=True):
    """Rows drawn on demand from their owner; a row cursor; printable keys start a filter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open the row", show=False),
        Binding("down,j", "cursor_down", "Next row", show=False),
        Binding("up,k", "cursor_up", "Previous row", show=False),
        Binding("pagedown", "page_down", "A screenful down", show=False),
        Binding("pageup", "page_up", "A screenful up", show=False),
        Binding("home,g", "first", "First row", show=False),
        Binding("end,G", "last", "Last row", show=False),
        Binding("right", "scroll_right", "Scroll the columns right", show=False),
        Binding("left", "scroll_left", "Scroll the columns left", show=False),
    ]
    """
    | Key | Action |
    | :- | :- |
    | down j / up k | Next / previous row. |
    | pagedown / pageup | A screenful down / up. |
    | home g / end G | First / last row. |
    | right / left | Scroll the columns (a narrow terminal). |
    | enter | Open the row. |
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "library-table--header",
        "library-table--cursor",
        "library-table--even-row",
        "library-table--odd-row",
    }

    DEFAULT_CSS = """
    LibraryTable {
        background: $surface;
        color: $foreground;
        &:focus {
            background-tint: $foreground 5%;
            & > .library-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .library-table--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .library-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .library-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .library-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .library-table--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .library-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    cursor_row: reactive[int] = reactive(0, always_update=True)
    """The row under the cursor (0 when there is none)."""

    class Selected(Message):
        """A row was chosen (enter, or a click on the row under the cursor)."""

        def __init__(self, table: LibraryTable, row: int) -> None:
            self.table = table
            self.row = row
            super().__init__()

        @property
        def control(self) -> LibraryTable:
            """The table."""
            return self.table

    class TypeToFilter(Message):
        """A printable key not bound to anything: start filtering with it."""

        def __init__(self, character: str) -> None:
            self.character = character
            super().__init__()

    def __init__(
        self,
        cells: Callable[[int], Sequence[Cell]],
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """``cells(row)`` gives the cells of a row, one per column, when it is drawn."""
        super().__init__(name=name, id=id, classes=classes)
        self._cells = cells
        self._columns: list[Column] = []
        self._row_count = 0
        self._lines: LRUCache[tuple[int, bool], Strip] = LRUCache(256)
        """Rendered rows (full width), by row and whether the cursor is on it."""
        self._header: Strip | None = None

    # ------------------------------------------------------------------ state

    @property
    def row_count(self) -> int:
        """How many rows the table has."""
        return self._row_count

    @property
    def columns(self) -> list[Column]:
        """The columns, left to right."""
        return list(self._columns)

    def set_columns(self, columns: Sequence[Column]) -> None:
        """Replace the columns (the rows are drawn again)."""
        self._columns = list(columns)
        self._update_size()
        self.refresh_rows()

    def set_row_count(self, count: int) -> None:
        """The rows changed: there are now ``count`` (the cursor stays in range)."""
        self._row_count = count
        self._update_size()
        self.refresh_rows()
        if self.cursor_row >= count:
            self.cursor_row = max(0, count - 1)

    def refresh_rows(self) -> None:
        """Draw every row again (their cells changed)."""
        self._lines.clear()
        self._header = None
        self.refresh()

    def move_cursor(self, row: int) -> None:
        """Put the cursor on ``row`` and scroll it into view."""
        self.cursor_row = row

    def _update_size(self) -> None:
        width = sum(column.width + 2 * _PADDING for column in self._columns)
        self.virtual_size = Size(width, self._row_count + 1)

    def validate_cursor_row(self, row: int) -> int:
        return max(0, min(row, self._row_count - 1))

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._refresh_row(old)
        self._refresh_row(new)
        if self.size.height:
            # At once: keys pressed in a row (g then pagedown) each scroll
            # from where the one before left the view.
            self._scroll_cursor_into_view()
        else:
            self.call_after_refresh(self._scroll_cursor_into_view)

    def _refresh_row(self, row: int) -> None:
        y = row + 1 - int(self.scroll_y)
        if 0 < y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def _scroll_cursor_into_view(self) -> None:
        if not self._row_count:
            return
        # Row r is at line r + 1 of the content (the header is line 0,
        # always drawn at the top): keep a line of space for it.
        region = Region(int(self.scroll_x), self.cursor_row + 1, 1, 1)
        self.scroll_to_region(region, animate=False, spacing=Spacing(1, 0, 0, 0), force=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()
        self._header = None

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh_rows()

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh_rows()

    # -------------------------------------------------------------- drawing

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        if y == 0:
            strip = self._header_strip()
        else:
            row = scroll_y + y - 1
            if row >= self._row_count:
                return Strip.blank(width, self.rich_style)
            strip = self._row_strip(row)
        return strip.crop_extend(scroll_x, scroll_x + width, self.rich_style)

    def _header_strip(self) -> Strip:
        if self._header is None:
            style = self.rich_style + self.get_component_rich_style("library-table--header")
            self._header = self._strip([(column.label, "") for column in self._columns], style)
        return self._header

    def _row_strip(self, row: int) -> Strip:
        cursor = row == self.cursor_row
        key = (row, cursor)
        strip = self._lines.get(key)
        if strip is None:
            component = (
                "library-table--cursor"
                if cursor
                else ("library-table--odd-row" if row % 2 else "library-table--even-row")
            )
            style = self.rich_style + self.get_component_rich_style(component)
            strip = self._strip(self._cells(row), style)
            self._lines[key] = strip
        return strip

    def _strip(self, cells: Sequence[Cell], style: Style) -> Strip:
        pad = " " * _PADDING
        segments: list[Segment] = []
        for column, (text, cell_style) in zip(self._columns, cells, strict=False):
            own = style + Style.parse(cell_style) if cell_style else style
            segments.append(Segment(pad, style))
            segments.append(Segment(_fit(text, column.width), own))
            segments.append(Segment(pad, style))
        return Strip(segments, sum(column.width + 2 * _PADDING for column in self._columns))

    # ---------------------------------------------------------------- input

    def on_key(self, event: events.Key) -> None:
        if (
            event.is_printable
            and event.character
            and event.character not in _NOT_USED
            and not event.character.isspace()
        ):
            event.stop()
            event.prevent_default()
            self.post_message(self.TypeToFilter(event.character))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        row = int(self.scroll_y) + offset.y - 1
        if row >= self._row_count:
            return
        event.stop()
        if row == self.cursor_row:
            self.post_message(self.Selected(self, row))
        else:
            self.cursor_row = row

    def action_select_cursor(self) -> None:
        """Choose the row under the cursor."""
        if self._row_count:
            self.post_message(self.Selected(self, self.cursor_row))

    def action_cursor_up(self) -> None:
        """The previous row."""
        self.cursor_row -= 1

    def action_cursor_down(self) -> None:
        """The next row."""
        self.cursor_row += 1

    def _page(self) -> int:
        """The rows a screen shows (the heading apart)."""
        return max(1, self.scrollable_content_region.height - 1)

    def action_page_up(self) -> None:
        """A page up."""
        self.cursor_row -= self._page()

    def action_page_down(self) -> None:
        """A page down."""
        self.cursor_row += self._page()

    def action_first(self) -> None:
        """The first row."""
        self.cursor_row = 0

    def action_last(self) -> None:
        """The last row."""
        self.cursor_row = self._row_count - 1
