"""Compare answers on one topic across the library: one block per interview.

Opened from the palette ("Compare answers on this topic: TOPIC") on a Q&A
whose section has ``topics``.  Each interview that has Q&As on the topic is a
heading, followed by each of their answers (Q&A, speaker, the words, cut to
a few lines); enter opens that Q&A at that answer, escape closes.  The
grouping is :func:`reader.compare.compare`'s, as for ``reader compare``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.compare import UnknownTopic, compare
from reader.model import Interview
from reader.text import shorten
from reader.ui.content import literal
from reader.ui.widgets.lists import VimOptionList

__all__ = ["CompareScreen", "Place"]

Place = tuple[Interview, str, int]
"""What enter opens: the interview, the Q&A's id, the answer (0-based)."""


class CompareScreen(ModalScreen[Place | None]):
    """Every answer on a topic, grouped by interview."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close"),
    ]
    """
    | Key | Action |
    | :- | :- |
    | j k, down up | Move between answers. |
    | enter | Open the Q&A at this answer. |
    | escape | Close. |
    """

    def __init__(self, interviews: Sequence[Interview], topic: str) -> None:
        super().__init__()
        self.topic = topic
        self.places: dict[str, Place] = {}
        """Option id -> what it opens."""
        self._interviews = list(interviews)

    def compose(self) -> ComposeResult:
        with Vertical(id="compare"):
            yield Static(id="compare-title")
            yield VimOptionList(id="compare-answers")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        title = self.query_one("#compare-title", Static)
        try:
            groups = compare(self._interviews, self.topic)
        except UnknownTopic as exc:
            title.update(literal(exc.describe(), "bold"))
            return
        answers = sum(group.answer_count for group in groups)
        title.update(
            Content.assemble(
                (f"{answers} answer{'s' if answers != 1 else ''} on ", "bold"),
                literal(self.topic, "bold reverse"),
                (f" in {len(groups)} interview{'s' if len(groups) != 1 else ''}", "bold"),
                ("  enter opens, escape closes", "dim"),
            )
        )
        for group in groups:
            interview = group.interview
            options.add_option(
                Option(literal(shorten(interview.title, 100), "bold underline"), disabled=True)
            )
            for section in group.sections:
                for index, answer in enumerate(section.answers):
                    key = f"p{len(self.places)}"
                    self.places[key] = (interview, section.id, index)
                    options.add_option(
                        Option(
                            Content.assemble(
                                (f"Q&A {section.number}", "dim"),
                                "  ",
                                literal(interview.speaker_label(answer.by), "bold"),
                                ("  (reported)" if answer.reported else "", "italic dim"),
                                "\n",
                                literal(shorten(" ".join(answer.quote.split()), 240)),
                            ),
                            id=key,
                        )
                    )
                    options.add_option(None)
        first = next(
            (i for i in range(options.option_count) if options.get_option_at_index(i).id), None
        )
        options.highlighted = first
        options.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        key = event.option.id
        if key is not None and key in self.places:
            self.dismiss(self.places[key])

    def action_cancel(self) -> None:
        """Close without opening anything."""
        self.dismiss(None)
