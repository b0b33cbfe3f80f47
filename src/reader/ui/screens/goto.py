"""The ``:`` prompt: go to a Q&A by number, id or words of its title."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from reader.model import Interview
from reader.qaref import find_section

__all__ = ["GotoScreen"]


class GotoScreen(ModalScreen[int | None]):
    """A one-line prompt at the bottom of the screen, as in less and vim."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, interview: Interview) -> None:
        super().__init__()
        self.interview = interview

    def compose(self) -> ComposeResult:
        with Vertical(id="goto"):
            yield Static(
                Content(f"Go to Q&A: a number 1–{len(self.interview.sections)}, an id, or words"),
                id="goto-help",
            )
            yield Input(placeholder=":", id="goto-input", select_on_focus=False)
            yield Static("", id="goto-error")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        index = find_section(self.interview, event.value)
        if index is None:
            # Shown literally: the user's own words, but still never markup.
            self.query_one("#goto-error", Static).update(
                Content.assemble(("No Q&A matches ", "bold"), Content(repr(event.value)))
            )
            return
        self.dismiss(index)

    def action_cancel(self) -> None:
        """Close without moving."""
        self.dismiss(None)
