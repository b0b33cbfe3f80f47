"""The interview screen: Q&A list, quote view and annotations sidebar.

The screen owns the reading state (which Q&A, which annotation) and sets it
on its three panes; the panes post messages up (a row highlighted, the
current answer changed) and never talk to each other.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Resize
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static

from reader.model import Anchor, Annotation, Interview, Section
from reader.ui.content import literal
from reader.ui.widgets.lists import AnnotationList, QAList
from reader.ui.widgets.quote_view import QuoteView, TextRef

__all__ = ["InterviewScreen", "NARROW_WIDTH"]

NARROW_WIDTH = 100
"""Below this many columns the sidebar folds away (``s`` shows it over the text)."""


def header_content(interview: Interview) -> Content:
    """Title, date and source for the header line."""
    parts: list[Content | str | tuple[str, str]] = [literal(interview.title, "bold")]
    if interview.date:
        parts += [("  ·  ", "dim"), literal(interview.date)]
    if interview.source is not None and interview.source.name:
        parts += [("  ·  ", "dim"), literal(interview.source.name, "italic")]
    return Content.assemble(*parts)


class InterviewScreen(Screen[None]):
    """Read one interview."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right_square_bracket", "next_qa", "Next Q&A", key_display="]"),
        Binding("left_square_bracket", "previous_qa", "Prev Q&A", key_display="["),
        Binding("g,home", "first_qa", "First Q&A", show=False),
        Binding("G,end", "last_qa", "Last Q&A", show=False),
        Binding("colon", "goto", "Go to", key_display=":"),
        Binding("a", "next_annotation", "Next note"),
        Binding("A", "previous_annotation", "Previous note", show=False),
        Binding("space", "page(1)", "Page down", show=False),
        Binding("b", "page(-1)", "Page up", show=False),
        Binding("s", "toggle_sidebar", "Notes"),
        Binding("escape", "back", "Library", show=False),
    ]
    """
    | Key | Action |
    | :- | :- |
    | ] [ | Next / previous Q&A, from any pane. |
    | g G, home end | First / last Q&A. |
    | : | Go to a Q&A by number, id or words of its title. |
    | a A | Next / previous annotation of the current Q&A. |
    | space b | Page down / up in the quote view. |
    | s | Show / hide the annotations sidebar. |
    | escape | Back to the library. |
    """

    section_index: reactive[int] = reactive(0, init=False)
    """0 is the About page; N is section N."""

    sidebar_shown: reactive[bool] = reactive(True, init=False)
    """Whether the user wants the sidebar (below NARROW_WIDTH it shows as an overlay)."""

    class SectionChanged(Message):
        """The reader moved to another Q&A (for history, resume, read marks)."""

        def __init__(self, screen: InterviewScreen, section: Section | None) -> None:
            self.interview_screen = screen
            self.section = section
            super().__init__()

    def __init__(self, interview: Interview, *, start: int = 0, has_library: bool = False) -> None:
        super().__init__()
        self.interview = interview
        self.has_library = has_library
        self._start = max(0, min(start, len(interview.sections)))
        self._annotation_row: int | None = None

    # ---------------------------------------------------------------- compose

    def compose(self) -> ComposeResult:
        yield Static(header_content(self.interview), id="header", markup=False)
        with Horizontal(id="panes"):
            yield QAList(id="qa-list")
            yield QuoteView(id="quote")
            with Vertical(id="sidebar"):
                yield AnnotationList(id="annotations")
        yield Footer()

    def on_mount(self) -> None:
        qa_list = self.query_one(QAList)
        qa_list.border_title = Content("Q&As")
        self.query_one("#sidebar").border_title = Content("Annotations")
        qa_list.set_interview(self.interview)
        self.query_one(QuoteView).border_title = Content("")
        self._show(self._start)
        qa_list.highlighted = self._start
        qa_list.focus()

    # ---------------------------------------------------------------- queries

    @property
    def section(self) -> Section | None:
        """The current section, or None on the About page."""
        if self.section_index == 0:
            return None
        return self.interview.sections[self.section_index - 1]

    @property
    def annotations(self) -> tuple[Annotation, ...]:
        """The annotations shown in the sidebar."""
        section = self.section
        return section.annotations if section is not None else self.interview.annotations

    @property
    def selected_annotation(self) -> Annotation | None:
        """The annotation highlighted in the sidebar, if any."""
        sidebar = self.query_one(AnnotationList)
        row = sidebar.highlighted
        if row is None or row >= len(sidebar.order):
            return None
        return self.annotations[sidebar.order[row]]

    @property
    def current_answer(self) -> TextRef | None:
        """The question or answer at the top of the quote view."""
        return self.query_one(QuoteView).current

    # ------------------------------------------------------------- navigation

    def go_to(self, index: int) -> None:
        """Select Q&A ``index`` (0 = About)."""
        index = max(0, min(index, len(self.interview.sections)))
        self.query_one(QAList).highlighted = index
        if index != self.section_index:
            self._show(index)

    def _show(self, index: int) -> None:
        self.section_index = index
        section = self.section
        quote = self.query_one(QuoteView)
        quote.show(self.interview, section)
        number = f"Q&A {index} of {len(self.interview.sections)}" if section else "About"
        quote.border_title = Content(number)
        self.query_one(AnnotationList).set_annotations(self.annotations, section)
        self.post_message(self.SectionChanged(self, section))

    @on(OptionList.OptionHighlighted, "#qa-list")
    def _qa_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_index != self.section_index:
            self._show(event.option_index)

    @on(OptionList.OptionSelected, "#qa-list")
    def _qa_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one(QuoteView).focus()

    @on(OptionList.OptionHighlighted, "#annotations")
    def _annotation_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        annotation = self.selected_annotation
        anchor: Anchor | None = annotation.anchor if annotation is not None else None
        self.query_one(QuoteView).select_annotation(anchor)

    def action_next_qa(self) -> None:
        """Next Q&A."""
        self.go_to(self.section_index + 1)

    def action_previous_qa(self) -> None:
        """Previous Q&A."""
        self.go_to(self.section_index - 1)

    def action_first_qa(self) -> None:
        """First Q&A."""
        self.go_to(1 if self.interview.sections else 0)

    def action_last_qa(self) -> None:
        """Last Q&A."""
        self.go_to(len(self.interview.sections))

    def action_next_annotation(self) -> None:
        """Next annotation of this Q&A; the quote view follows."""
        self._step_annotation(1)

    def action_previous_annotation(self) -> None:
        """Previous annotation of this Q&A."""
        self._step_annotation(-1)

    def _step_annotation(self, step: int) -> None:
        sidebar = self.query_one(AnnotationList)
        count = len(sidebar.order)
        if not count:
            self.notify("No annotations here.", timeout=2)
            return
        row = sidebar.highlighted
        if row is None:
            row = 0 if step > 0 else count - 1
        else:
            row = (row + step) % count
        sidebar.highlighted = row

    def action_page(self, direction: int) -> None:
        """Page the quote view from any pane."""
        quote = self.query_one(QuoteView)
        quote.action_page(direction)

    def action_goto(self) -> None:
        """Ask for a Q&A by number, id or words of its title."""
        from reader.ui.screens.goto import GotoScreen

        def jump(index: int | None) -> None:
            if index is not None:
                self.go_to(index)

        self.app.push_screen(GotoScreen(self.interview), jump)

    def action_toggle_sidebar(self) -> None:
        """Show or hide the annotations sidebar."""
        self.sidebar_shown = not self.sidebar_shown

    def watch_sidebar_shown(self, shown: bool) -> None:
        self.set_class(not shown, "-sidebar-hidden")
        self.set_class(shown, "-sidebar-shown")
        if not shown and self.focused is self.query_one(AnnotationList):
            self.query_one(QuoteView).focus()

    def on_resize(self, event: Resize) -> None:
        narrow = event.size.width < NARROW_WIDTH
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            # Folding away on a narrow terminal; coming back when it widens.
            self.sidebar_shown = not narrow

    def action_back(self) -> None:
        """Back to the library, when there is one."""
        if self.has_library:
            self.dismiss()
        elif self.sidebar_shown and self.has_class("-narrow"):
            self.sidebar_shown = False
