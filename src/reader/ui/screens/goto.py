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
from reader.search.normalize import fold

__all__ = ["GotoScreen", "find_section"]


def find_section(interview: Interview, ref: str) -> int | None:
    """The index (0 = About) of the Q&A that ``ref`` names, or None.

    ``ref`` is a number (``12``), a section id (``the-door``), ``about``, or
    words that must all occur in the title or question (``door light``);
    titles are tried before questions, and the first match in order wins.
    """
    ref = ref.strip()
    if not ref:
        return None
    if ref.isdigit():
        number = int(ref)
        return number if 0 <= number <= len(interview.sections) else None
    if ref.casefold() == "about":
        return 0
    for section in interview.sections:
        if section.id == ref:
            return section.number
    words = fold(ref).split()
    for field in ("title", "question"):
        for section in interview.sections:
            haystack = fold(getattr(section, field))
            if all(word in haystack for word in words):
                return section.number
    return None


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
