"""Small dialogs: a bookmark note prompt, a link chooser, the bookmarks list.

Each is a ``ModalScreen`` that dismisses with its answer (or None on
escape); text from files and from the state file is shown literally.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.text import shorten
from reader.ui.content import literal
from reader.ui.widgets.lists import VimOptionList

if TYPE_CHECKING:
    from reader.state import Bookmark

__all__ = ["BookmarksScreen", "LinkChooser", "NoteScreen"]


class NoteScreen(ModalScreen[str | None]):
    """Ask for a bookmark's short private note (``M``)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, where: str, note: str = "") -> None:
        super().__init__()
        self.where = where
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog", classes="bottom-prompt"):
            yield Static(
                Content.assemble(
                    "Bookmark ",
                    literal(self.where),
                    (" — a short note (enter saves, escape cancels):", "dim"),
                )
            )
            yield Input(value=self.note, placeholder="note", id="note-input", max_length=500)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        """Close without bookmarking."""
        self.dismiss(None)


class LinkChooser(ModalScreen[str | None]):
    """Choose one of an annotation's links to open (``o`` with several)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, links: Sequence[str]) -> None:
        super().__init__()
        self.links = list(links)

    def compose(self) -> ComposeResult:
        with Vertical(id="links-dialog", classes="dialog"):
            yield Static(Content.styled("Open which link? (enter opens, escape cancels)", "bold"))
            yield VimOptionList(*[Option(literal(link)) for link in self.links], id="links")

    def on_mount(self) -> None:
        links = self.query_one(OptionList)
        links.highlighted = 0
        links.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.links[event.option_index])

    def action_cancel(self) -> None:
        """Close without opening anything."""
        self.dismiss(None)


class BookmarksScreen(ModalScreen["Bookmark | None"]):
    """Every bookmark, across interviews (``'``): enter jumps, delete removes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,apostrophe", "cancel", "Close"),
        Binding("delete,d", "delete", "Delete bookmark"),
    ]

    class Removed(Message):
        """The user deleted ``bookmark`` from the list."""

        def __init__(self, bookmark: Bookmark) -> None:
            self.bookmark = bookmark
            super().__init__()

    def __init__(self, bookmarks: Sequence[Bookmark]) -> None:
        super().__init__()
        self.bookmarks = list(bookmarks)

    def compose(self) -> ComposeResult:
        with Vertical(id="bookmarks-dialog", classes="dialog"):
            yield Static(id="bookmarks-title")
            yield VimOptionList(id="bookmarks")

    def on_mount(self) -> None:
        self._fill()
        self.query_one(OptionList).focus()

    def _fill(self) -> None:
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for bookmark in self.bookmarks:
            where = f"Q&A {bookmark.section_number}"
            if bookmark.answer is not None:
                where += f", answer {bookmark.answer + 1}"
            parts: list[Content | str | tuple[str, str]] = [
                literal(shorten(bookmark.interview_title, 60), "bold"),
                ("  ", ""),
                (where, "dim"),
                ("  ", ""),
                (bookmark.created[:16].replace("T", " "), "dim"),
                "\n",
                literal(shorten(bookmark.excerpt, 100), "italic"),
            ]
            if bookmark.note:
                parts += ["\n", ("✎ ", "dim"), literal(shorten(bookmark.note, 100))]
            options.add_option(Option(Content.assemble(*parts)))
            options.add_option(None)
        count = len(self.bookmarks)
        title = (
            f"{count} bookmark{'s' if count != 1 else ''}: "
            "enter jumps, d or delete removes, escape closes"
            if count
            else "No bookmarks yet: m bookmarks the current Q&A (or answer), M adds a note."
        )
        self.query_one("#bookmarks-title", Static).update(Content.styled(title, "bold"))
        if self.bookmarks:
            options.highlighted = min(highlighted or 0, len(self.bookmarks) - 1)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.bookmarks[event.option_index])

    def action_delete(self) -> None:
        """Remove the highlighted bookmark."""
        options = self.query_one(OptionList)
        index = options.highlighted
        if index is None or not self.bookmarks:
            return
        bookmark = self.bookmarks.pop(index)
        self.post_message(self.Removed(bookmark))
        self._fill()

    def action_cancel(self) -> None:
        """Close."""
        self.dismiss(None)
