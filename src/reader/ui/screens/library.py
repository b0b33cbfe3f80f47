"""The library: a table of every interview opened, filtered as you type.

Files that failed to load are listed too, with their first error; Enter on
one shows all its errors.  The table fills in as the app's loader worker
delivers results, so the screen is up before the library is loaded.  It
holds no row (:class:`~reader.ui.widgets.library_table.LibraryTable` draws
the rows on screen from the listing, kept compactly in a
:class:`~reader.search.listing.Listing`): a library of 10,000 interviews
scrolls and filters without a Python object per row.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.events import Key, Resize
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, Static

from reader.model import LoadResult
from reader.search.library import FileInfo
from reader.search.listing import Listing
from reader.search.normalize import fold
from reader.text import shorten, visible
from reader.ui.content import literal
from reader.ui.widgets.library_table import Cell, Column, LibraryTable
from reader.ui.widgets.search_panel import SearchPanel

if TYPE_CHECKING:
    from reader.ui.services import ReaderServices

__all__ = ["ErrorsScreen", "LibraryScreen", "library_row_text"]


def library_row_text(info: FileInfo) -> str:
    """What the filter matches against: title, people, date, tags, file name."""
    parts = [info.path.name]
    if info.ok:
        summary = info.summary
        parts += [info.title or "", info.interview or "", summary.get("date") or ""]
        for names in info.people:
            parts += names
        parts += list(summary.get("tags", ()))
    return fold(" ".join(parts))


def _first_error(info: FileInfo) -> str:
    if not info.errors:
        return "could not be loaded"
    line, column, message = info.errors[0]
    return f"{info.path.name}:{line}:{column}: {message}"


def _unverified_cell(summary: dict[str, Any]) -> Cell:
    """How many claims are unverified; blank when the interview has no fact-check."""
    count = summary.get("unverified")
    if count is None:
        return ("", "")
    return (str(count), "bold" if count else "dim")


def row_cells(info: FileInfo, read: str) -> list[Cell]:
    """The cells of ``info``'s row (``read``: its "12/40" read count), shown literally."""
    file_cell = (visible(info.path.name), "dim")
    if not info.ok:
        blank = ("", "")
        return [(visible("✗ " + shorten(_first_error(info), 100)), "bold"), *[blank] * 6, file_cell]
    summary = info.summary
    people = ", ".join(names[0] for names in info.people)
    return [
        (visible(shorten(info.title or "", 60)), ""),
        (visible(shorten(people, 40)), ""),
        (visible(summary.get("date") or ""), ""),
        (str(summary.get("sections", "")), ""),
        (str(summary.get("annotations", "")), ""),
        _unverified_cell(summary),
        (read, ""),
        file_cell,
    ]


PEOPLE_WIDTH = 22
FILE_WIDTH = 22


def columns_for(width: int) -> list[Column]:
    """Columns that fit ``width``: long titles and errors are cut with …"""
    # People and file names shrink on narrow terminals; the title takes
    # what is left after them, the fixed columns and the cell padding.
    people = max(12, min(PEOPLE_WIDTH, width // 5))
    file = max(10, min(FILE_WIDTH, width // 6))
    fixed = people + 10 + 4 + 5 + 6 + 5 + file + 2 * 8 + 2
    return [
        Column("Title", max(12, width - fixed)),
        Column("People", people),
        Column("Date", 10),
        Column("Q&As", 4),
        Column("Notes", 5),
        # Fact-checks still without a verdict: what a fact-checker has left to do.
        Column("Unver.", 6),
        Column("Read", 5),
        Column("File", file),
    ]


class LibraryScreen(Screen[None]):
    """Every interview opened, with its title, people, date and counts."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open"),
        Binding("slash", "search", "Search all", key_display="/"),
        Binding("n", "app.search_next", "Next hit", show=False),
        Binding("N", "app.search_previous", "Previous hit", show=False),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]
    """
    | Key | Action |
    | :- | :- |
    | enter | Open the interview (or show a broken file's errors). |
    | type | Filter by title, people, date, tags or file name. |
    | / | Search every open interview. |
    | n N | Next / previous search hit. |
    | escape | Clear the filter. |
    """

    class Open(Message):
        """Open this file (an interview, or a broken file's errors)."""

        def __init__(self, info: FileInfo) -> None:
            self.info = info
            super().__init__()

    class Resumed(Message):
        """The library is shown again (read counts may have changed meanwhile)."""

    def __init__(
        self, services: ReaderServices, total: int = 0, results: Listing | None = None
    ) -> None:
        super().__init__()
        self.services = services
        self.results = Listing() if results is None else results
        """The files listed, in path order (from the search index: no YAML parsed),
        kept compactly: a row is decoded when it is drawn or filtered."""
        self.total = total
        self._filter = ""
        self._shown: range | array[int] = range(0)
        """The rows shown: indexes into :attr:`results` (all of them, or those
        matching the filter); a ``range`` when nothing is filtered out."""
        self._wanted: Path | None = None
        self._column_width = 0
        self._ready = False

    def compose(self) -> ComposeResult:
        yield Static(Content.styled("reader · library", "bold"), id="header")
        with Vertical(id="library"):
            yield Input(placeholder="Type to filter…", id="filter", select_on_focus=False)
            yield LibraryTable(self._row_cells, id="table")
            yield Static("", id="library-status")
        yield SearchPanel(library=True, id="search")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(LibraryTable)
        table.focus()
        self._column_width = self.size.width or 120
        table.set_columns(columns_for(self._column_width))
        self._ready = True
        # Results may have arrived before the table existed.
        self._refill()

    def on_resize(self, event: Resize) -> None:
        if self._ready and event.size.width != self._column_width:
            self._column_width = event.size.width
            self.query_one(LibraryTable).set_columns(columns_for(event.size.width))

    def _row_cells(self, row: int) -> list[Cell]:
        """The cells of a row on screen (the table asks only for those it draws)."""
        if row >= len(self._shown):
            return []
        info = self.results[self._shown[row]]
        return row_cells(info, self.services.read_count(info) if info.ok else "")

    # ----------------------------------------------------------------- data

    def add_results(self, results: Sequence[FileInfo]) -> None:
        """Add files to the table (called as the index delivers them)."""
        start = len(self.results)
        in_order = not self.results or not results or self.results.rank(-1) < results[0].rank
        self.results.extend(results)
        if not in_order:
            # Files indexed now come between those the index already held:
            # the listing is sorted again, so the row under the cursor is
            # remembered by its file's rank, not by its place.
            rank = self._cursor_rank()
            self.results.sort_by_rank()
            self._refill(chosen_rank=rank)
            return
        if not self._ready:
            return
        if isinstance(self._shown, range):
            self._shown = range(len(self.results))
        else:
            self._shown.extend(i for i in range(start, len(self.results)) if self._matches(i))
        self.query_one(LibraryTable).set_row_count(len(self._shown))
        self._update_status()

    def replace_result(self, info: FileInfo) -> None:
        """A file was reloaded: show its new title and counts."""
        index = self.results.index_of(info.path)
        if index is not None:
            self.results[index] = info._replace(rank=self.results.rank(index))
        self._refill()

    def on_screen_resume(self) -> None:
        if self.results:
            self.post_message(self.Resumed())

    def refresh_read_counts(self) -> None:
        """Draw the Read column again (read marks changed meanwhile)."""
        # query, not query_one: a Resumed message may come after the screen's
        # widgets were removed (the app ending, the screen replaced).
        if self._ready:
            for table in self.query(LibraryTable):
                table.refresh_rows()

    def highlight_path(self, path: Path) -> None:
        """Move the cursor to the row of ``path`` (the last interview read)."""
        self._wanted = path
        for row, index in enumerate(self._shown):
            if self.results[index].path == path:
                self.query_one(LibraryTable).move_cursor(row)
                return

    @property
    def selected(self) -> FileInfo | None:
        """The file under the cursor."""
        if not self._ready:
            return None
        row = self.query_one(LibraryTable).cursor_row
        if not 0 <= row < len(self._shown):
            return None
        return self.results[self._shown[row]]

    def _matches(self, index: int) -> bool:
        if not self._filter:
            return True
        haystack = library_row_text(self.results[index])
        return all(word in haystack for word in self._filter.split())

    def _cursor_rank(self) -> int | None:
        """The rank (place in path order) of the file under the cursor, if any."""
        if not self._ready:
            return None
        row = self.query_one(LibraryTable).cursor_row
        return self.results.rank(self._shown[row]) if 0 <= row < len(self._shown) else None

    def _refill(self, *, narrower: bool = False, chosen_rank: int | None = None) -> None:
        """Show the rows matching the filter again; the row under the cursor stays there.

        ``narrower``: the filter only grew at its end (a key typed), so the
        rows to show are among those shown: only they are read again.
        ``chosen_rank``: the file under the cursor, by rank, when the listing
        was sorted again since (its place in the listing changed).
        """
        if not self._ready:
            return
        table = self.query_one(LibraryTable)
        row = table.cursor_row
        chosen = self._shown[row] if 0 <= row < len(self._shown) else None
        if chosen_rank is not None:
            results = self.results
            place = bisect_left(range(len(results)), chosen_rank, key=results.rank)
            chosen = place if place < len(results) and results.rank(place) == chosen_rank else None
        was_empty = not self._shown
        if self._filter:
            candidates = self._shown if narrower else range(len(self.results))
            self._shown = array("l", (i for i in candidates if self._matches(i)))
        else:
            self._shown = range(len(self.results))
        table.set_row_count(len(self._shown))
        if was_empty and self._wanted is not None:
            self.highlight_path(self._wanted)
        elif chosen is not None:
            # The rows shown are in the listing's order: the chosen one by bisection.
            found = bisect_left(self._shown, chosen)
            if found < len(self._shown) and self._shown[found] == chosen:
                table.move_cursor(found)
        self._update_status()

    def _update_status(self) -> None:
        loaded = len(self.results)
        broken = self.results.broken
        good = loaded - broken
        # Thousands separated, as the search bar counts ("of 10,000 interviews").
        parts = [f"{good:,} interview{'s' if good != 1 else ''}"]
        if self.total and loaded < self.total:
            parts = [f"Indexing {loaded:,}/{self.total:,}…"]
        if broken:
            parts.append(
                f"{broken:,} file{'s' if broken != 1 else ''} could not be loaded (enter shows why)"
            )
        if self._filter:
            parts.append(f"{len(self._shown):,} match the filter")
        self.query_one("#library-status", Static).update(Content.styled(" · ".join(parts), "dim"))

    # -------------------------------------------------------------- filtering

    @on(LibraryTable.TypeToFilter)
    def _type_to_filter(self, event: LibraryTable.TypeToFilter) -> None:
        filter_input = self.query_one("#filter", Input)
        filter_input.focus()
        filter_input.insert_text_at_cursor(event.character)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        folded = fold(event.value)
        if folded != self._filter:
            # A row that matches "ab cd" also matches "ab c": typing on
            # narrows the rows shown, and only they need reading.
            narrower = bool(self._filter) and folded.startswith(self._filter)
            self._filter = folded
            self._refill(narrower=narrower)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.action_open()

    def on_key(self, event: Key) -> None:
        # While typing a filter, the arrows still move through the table.
        if self.focused is self.query_one("#filter") and event.key in ("up", "down"):
            event.stop()
            table = self.query_one(LibraryTable)
            table.action_cursor_up() if event.key == "up" else table.action_cursor_down()

    def action_search(self) -> None:
        """Open the search bar (every open interview)."""
        self.query_one(SearchPanel).open(self.services.last_query_text())

    @on(SearchPanel.Closed)
    def _search_closed(self) -> None:
        self.query_one(LibraryTable).focus()

    def action_clear_filter(self) -> None:
        """Clear the filter and go back to the table."""
        filter_input = self.query_one("#filter", Input)
        filter_input.value = ""
        self.query_one(LibraryTable).focus()

    @on(LibraryTable.Selected)
    def _row_selected(self, event: LibraryTable.Selected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        """Open the selected interview, or show the selected broken file's errors."""
        info = self.selected
        if info is not None:
            self.post_message(self.Open(info))


class ErrorsScreen(ModalScreen[None]):
    """Every problem of one file, as ``file:line:col: error: message``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,enter", "close", "Close"),
    ]

    def __init__(self, result: LoadResult) -> None:
        super().__init__()
        self.result = result

    def compose(self) -> ComposeResult:
        lines = [str(problem) for problem in self.result.problems] or ["could not be loaded"]
        with VerticalScroll(id="errors"):
            yield Static(literal("\n".join(lines)), id="errors-text")

    def on_mount(self) -> None:
        count = len(self.result.problems)
        title = Content.assemble(
            literal(str(self.result.path)), f" — {count} problem{'s' if count != 1 else ''}"
        )
        self.query_one("#errors").border_title = title

    def action_close(self) -> None:
        """Close."""
        self.dismiss(None)
