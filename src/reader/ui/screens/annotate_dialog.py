"""The annotate dialog: kind, note, links and author of a new or changed annotation.

It dismisses with :class:`~reader.annotate.Fields` (without ``on``/``prefix``
/``suffix``, which the caller works out from the selection) or None when the
user presses escape: nothing is written from here.  Links are checked as
``reader check`` checks them (:func:`reader.links.check_url`) and a blank
note is refused, each with a message in the dialog, which stays open.

Also here: :class:`ConfirmScreen`, a yes/no question (deleting an
annotation, copying one that could not be written).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static, TextArea

from reader.annotate import Fields
from reader.model import ANNOTATION_KINDS
from reader.text import shorten
from reader.ui.content import literal

__all__ = ["AnnotateDialog", "ConfirmScreen"]


class AnnotateDialog(ModalScreen[Fields | None]):
    """Write or change an annotation (``c``, ``C``)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save", priority=True),
    ]
    """
    | Key | Action |
    | :- | :- |
    | tab, shift+tab | Move between the fields. |
    | ctrl+s | Save (also the Save button). |
    | escape | Cancel: nothing is written. |
    """

    def __init__(self, title: str, passage: str | None, initial: Fields) -> None:
        super().__init__()
        self.dialog_title = title
        self.passage = passage
        self.initial = initial

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="annotate-dialog"):
            yield Static(Content.styled(self.dialog_title, "bold"), id="annotate-title")
            if self.passage is not None:
                yield Static(
                    Content.assemble(
                        ("on ", "dim"), literal("“" + shorten(self.passage, 200) + "”", "italic")
                    ),
                    id="annotate-passage",
                )
            yield Select(
                [(kind, kind) for kind in ANNOTATION_KINDS],
                value=self.initial.kind,
                allow_blank=False,
                id="annotate-kind",
                compact=True,
            )
            yield Static(Content.styled("Note (several lines are fine):", "dim"))
            yield TextArea(self.initial.note, id="annotate-note", soft_wrap=True, compact=True)
            yield Input(
                " ".join(self.initial.links),
                placeholder="links: https://... (several: separated by spaces)",
                id="annotate-links",
                compact=True,
            )
            yield Input(
                self.initial.by or "", placeholder="by: your name", id="annotate-by", compact=True
            )
            yield Static("", id="annotate-error")
            with Horizontal(id="annotate-buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="annotate-save", compact=True)
                yield Button("Cancel (escape)", id="annotate-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#annotate-note", TextArea).focus()

    def fields(self) -> Fields | str:
        """The fields as typed, or why they cannot be saved."""
        from reader.links import check_url

        note = self.query_one("#annotate-note", TextArea).text
        if not note.strip():
            return "The note is empty: write what the passage needs to say."
        links = tuple(self.query_one("#annotate-links", Input).value.split())
        for link in links:
            reason = check_url(link)
            if reason is not None:
                return f"Link {shorten(link, 60)!r} refused: {reason}."
        kind = self.query_one("#annotate-kind", Select).value
        by = self.query_one("#annotate-by", Input).value.strip() or None
        return Fields(
            note=note.strip("\n"),
            kind=str(kind) if kind in ANNOTATION_KINDS else "note",
            by=by,
            links=links,
        )

    def action_save(self) -> None:
        """Check the fields; dismiss with them, or say what to fix."""
        fields = self.fields()
        if isinstance(fields, str):
            self.query_one("#annotate-error", Static).update(literal(fields))
            return
        self.dismiss(fields)

    def action_cancel(self) -> None:
        """Close; nothing is written."""
        self.dismiss(None)

    @on(Button.Pressed, "#annotate-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#annotate-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question: ``y`` or enter says yes, ``n`` or escape no."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: Content) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Static(self.question, id="confirm-question")
            yield Static(Content.styled("y / enter: yes    n / escape: no", "dim"))

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)
