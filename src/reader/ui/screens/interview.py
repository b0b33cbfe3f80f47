"""The interview screen: Q&A list, quote view and annotations sidebar.

The screen owns the reading state (which Q&A, which annotation) and sets it
on its three panes; the panes post messages up (a row highlighted, the
current answer changed) and never talk to each other.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.events import Resize
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, OptionList, Static

from reader.model import Anchor, Annotation, Interview, LoadResult, Problem, Section
from reader.ui.file_watch import FileWatcher
from reader.ui.screens.interview_keys import HIDDEN_WHEN_READ_ONLY, INTERVIEW_BINDINGS
from reader.ui.screens.interview_reading import (
    apply_view,
    header_content,
    published_view,
    quote_title,
    toggle_corrected,
    toggle_originals,
)
from reader.ui.widgets.lists import AnnotationList, QAList
from reader.ui.widgets.quote_view import QuoteView, TextRef
from reader.ui.widgets.search_panel import SearchPanel

if TYPE_CHECKING:
    from reader.search import Hit
    from reader.state import StateStore
    from reader.ui.services import ReaderServices

__all__ = ["NARROW_WIDTH", "InterviewScreen", "header_content", "interview_key"]

NARROW_WIDTH = 100
"""Below this many columns the sidebar folds away (``s`` shows it over the text)."""


def interview_key(interview: Interview) -> str:
    """The state file's key for an interview (id plus resolved path)."""
    from reader.state import interview_key as key

    return key(interview.id, interview.path)


class InterviewScreen(Screen[None]):
    """Read one interview."""

    BINDINGS: ClassVar[list[BindingType]] = INTERVIEW_BINDINGS
    """The keymap, with its table: :mod:`reader.ui.screens.interview_keys`."""

    HIDDEN_WHEN_READ_ONLY: ClassVar[frozenset[str]] = HIDDEN_WHEN_READ_ONLY
    """Actions hidden and refused in read-only mode (see interview_keys)."""

    READ_AFTER = 1.5
    """Seconds on a Q&A before it is marked read (a quick skim past it is not reading)."""

    SAVE_AFTER = 0.5
    """Seconds of stillness before the reading position is saved."""

    WATCH_EVERY = 0.5
    """Seconds between checks of the file on disk, for live reload."""

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

    class Reloaded(Message):
        """The file was read again after a change on disk (``result`` may be broken)."""

        def __init__(self, result: LoadResult) -> None:
            self.result = result
            super().__init__()

    def __init__(
        self,
        interview: Interview,
        services: ReaderServices,
        *,
        start: int = 0,
        scroll: int = 0,
        has_library: bool = False,
    ) -> None:
        super().__init__()
        self.interview = interview
        self.services = services
        self.has_library = has_library
        self.key = interview_key(interview)
        self._start = max(0, min(start, len(interview.sections)))
        self._start_scroll = scroll
        self._read_timer: Timer | None = None
        self._save_timer: Timer | None = None
        self.watcher = FileWatcher(self, interview.path, self._reloaded)
        self.stale_errors: tuple[Problem, ...] = ()
        """Errors of the file on disk while the last good version is shown."""
        self.last_hit: Hit | None = None
        """The search hit last shown (``c`` annotates it when nothing is selected)."""
        self.pending: tuple[Anchor, str] | None = None
        """The passage being annotated (anchor and text) while the dialog is open."""
        self.corrected = False
        """Whether the text is shown as corrected (else as published)."""
        self.originals = False
        """Whether the answers' originals are shown."""

    # ---------------------------------------------------------------- compose

    def compose(self) -> ComposeResult:
        yield Static(header_content(self.interview), id="header", markup=False)
        with Horizontal(id="panes"):
            yield QAList(id="qa-list")
            yield QuoteView(id="quote")
            with Vertical(id="sidebar"):
                yield AnnotationList(id="annotations")
        yield SearchPanel(library=False, id="search")
        yield Footer()

    def on_mount(self) -> None:
        qa_list = self.query_one(QAList)
        qa_list.border_title = Content("Q&As")
        self.query_one("#sidebar").border_title = Content("Annotations")
        qa_list.set_interview(self.interview, *self.marks())
        self.query_one(QuoteView).border_title = Content("")
        self.apply_view()
        self.show_section(self._start, scroll=self._start_scroll)
        qa_list.highlighted = self._start
        qa_list.focus()
        self.set_interval(self.WATCH_EVERY, self._check_file)
        self.notify_unplaced()

    def notify_unplaced(self) -> None:
        """Say how many annotations could not be placed (they are under "Not placed")."""
        count = self.interview.unplaced_count
        if count:
            self.notify(
                f"{count} annotation{'s' if count != 1 else ''} could not be placed: "
                'see "Not placed" in the sidebar of their Q&A (reader check says why).',
                severity="warning",
                timeout=8,
            )

    def on_unmount(self) -> None:
        self.save_position()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide and refuse the actions that act on this machine, in read-only mode."""
        return not (self.services.read_only and action in self.HIDDEN_WHEN_READ_ONLY)

    # ------------------------------------------------------------------ state

    @property
    def store(self) -> StateStore | None:
        """The user's state store, when the app has one."""
        return self.services.state

    def marks(self) -> tuple[frozenset[str], frozenset[str]]:
        """The ids of the Q&As read, and of those bookmarked."""
        store = self.store
        if store is None:
            return frozenset(), frozenset()
        bookmarked = frozenset(bookmark.section_id for bookmark in store.bookmarks(self.key))
        return store.read_sections(self.key), bookmarked

    def refresh_marks(self) -> None:
        """Redraw the read and bookmark marks of the Q&A list."""
        self.query_one(QAList).set_marks(*self.marks())

    def save_position(self) -> None:
        """Remember the Q&A and scroll offset (About is remembered as "")."""
        store = self.store
        if store is None or not self.is_mounted:
            return
        section = self.section
        try:
            scroll = int(self.query_one(QuoteView).scroll_offset.y)
        except NoMatches:  # already taken apart (the app is closing)
            return
        store.set_position(self.key, section.id if section else "", scroll)

    def _mark_read(self, section: Section) -> None:
        store = self.store
        if store is not None and self.section is section and store.mark_read(self.key, section.id):
            self.refresh_marks()

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
        if section is None:
            return self.interview.annotations
        return section.annotations + section.unplaced

    @property
    def selected_annotation(self) -> Annotation | None:
        """The annotation highlighted in the sidebar, if any."""
        sidebar = self.query_one(AnnotationList)
        row = sidebar.highlighted
        if row is None or row >= len(sidebar.order) or sidebar.order[row] < 0:
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
            self.show_section(index)

    def show_section(self, index: int, scroll: int = 0) -> None:
        """Show Q&A ``index`` (0 = About) scrolled to ``scroll``, in all three panes."""
        self.section_index = index
        section = self.section
        quote = self.query_one(QuoteView)
        quote.show(self.interview, section, matches=self._matches_for(section), scroll_y=scroll)
        quote.border_title = quote_title(self)
        names = {key: person.name for key, person in self.interview.people.items()}
        self.query_one(AnnotationList).set_annotations(self.annotations, section, names)
        if self._read_timer is not None:
            self._read_timer.stop()
        if section is not None:
            self._read_timer = self.set_timer(self.READ_AFTER, partial(self._mark_read, section))
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(self.SAVE_AFTER, self.save_position)
        self.post_message(self.SectionChanged(self, section))

    def _matches_for(self, section: Section | None) -> dict[TextRef, list[tuple[int, int]]]:
        """Search matches to highlight in ``section`` (the app owns the search)."""
        if section is None:
            return {}
        return self.services.matches_in(self.interview, section)

    def refresh_matches(self) -> None:
        """Re-highlight the current search's matches in the quote view."""
        self.query_one(QuoteView).set_matches(self._matches_for(self.section))

    @on(OptionList.OptionHighlighted, "#qa-list")
    def _qa_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_index != self.section_index:
            self.show_section(event.option_index)

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
        # Nothing selected yet: a goes to the first, A to the last.
        row = (0 if step > 0 else count - 1) if row is None else (row + step) % count
        if sidebar.order[row] < 0:  # the "Not placed" heading
            row = (row + step) % count
        sidebar.highlighted = row

    # ------------------------------------------------------------------ views

    def apply_view(self) -> None:
        """Tell the quote view what to show; say it in the header and the title."""
        apply_view(self)

    @property
    def text_view(self) -> Literal["published", "corrected"]:
        """The view of the text shown, which ``y`` and ``Y`` copy."""
        return "corrected" if self.corrected else "published"

    def action_toggle_corrected(self) -> None:
        """Show the text as corrected, or as published again."""
        toggle_corrected(self)

    def action_toggle_originals(self) -> None:
        """Show or hide each answer's original beside (or below) its translation."""
        toggle_originals(self)

    def show_annotation(self, index: int) -> None:
        """Select annotation ``index`` of the current Q&A (or of About) in the sidebar."""
        self.sidebar_shown = True
        sidebar = self.query_one(AnnotationList)
        if index in sidebar.order:
            sidebar.highlighted = sidebar.order.index(index)

    def action_search(self) -> None:
        """Open the search bar (this interview)."""
        self.query_one(SearchPanel).open(self.services.last_query_text())

    @on(SearchPanel.Closed)
    def _search_closed(self) -> None:
        self.query_one(QuoteView).focus()

    def show_answer(self, answer: int) -> None:
        """Scroll the quote view to the start of answer ``answer`` (0-based) of this Q&A."""
        self.query_one(QuoteView).scroll_to_text(("answer", answer), 0)

    def show_hit(self, hit: Hit) -> None:
        """Bring a search hit into view: its match, or its annotation."""
        from reader.ui.screens.interview_reading import show_hit

        self.last_hit = hit
        show_hit(self, hit)

    def show_search_position(self, position: str | None) -> None:
        """ "search 4/23" under the quote view, or nothing."""
        quote = self.query_one(QuoteView)
        quote.border_subtitle = Content(f"search {position}") if position else Content("")

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
        sidebar = self.query_one(AnnotationList)
        if not shown and self.focused is sidebar:
            self.query_one(QuoteView).focus()
        elif shown and self.has_class("-narrow"):
            # Floating over the text: it is what the reader wants to move in.
            sidebar.focus()

    def on_resize(self, event: Resize) -> None:
        narrow = event.size.width < NARROW_WIDTH
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            # Folding away on a narrow terminal; coming back when it widens.
            self.sidebar_shown = not narrow
            self.apply_view()

    def action_back(self) -> None:
        """Back to the library, when there is one."""
        if self.has_library:
            self.save_position()
            self.dismiss()
        elif self.sidebar_shown and self.has_class("-narrow"):
            self.sidebar_shown = False

    # ---------------------------------------------------------------- quoting

    def answer_index(self) -> int | None:
        """The answer the reader is on: at the top of the quote view, or the
        one the selected annotation is pinned to."""
        annotation = self.selected_annotation
        if annotation is not None and annotation.anchor and annotation.anchor.field == "answer":
            return annotation.anchor.answer
        current = self.current_answer
        if current is not None and current[0] == "answer":
            return current[1]
        section = self.section
        return 0 if section is not None and section.answers else None

    def action_copy_answer(self) -> None:
        """Copy the current answer as Markdown with its citation."""
        from reader.ui.screens.interview_marks import copy_answer

        copy_answer(self)

    def action_copy_section(self) -> None:
        """Copy the whole Q&A (question and all answers) with its citation."""
        from reader.ui.screens.interview_marks import copy_section

        copy_section(self)

    def action_bookmark(self) -> None:
        """Toggle a bookmark on this Q&A (on the current answer when the quote view has focus)."""
        from reader.ui.screens.interview_marks import toggle_bookmark

        toggle_bookmark(self)

    def action_bookmark_note(self) -> None:
        """Bookmark with a short private note."""
        from reader.ui.screens.interview_marks import bookmark_with_note

        bookmark_with_note(self)

    # ------------------------------------------------------------ links, edit

    def action_open_link(self) -> None:
        """Open the selected annotation's link, or the source URL on About."""
        from reader.ui.screens.interview_tools import open_link

        open_link(self)

    def action_play(self) -> None:
        """Play the interview's recording from the current answer's time."""
        from reader.ui.screens.interview_play import play_from_here

        if self.services.read_only:
            return  # no program is started on the server for a browser tab
        play_from_here(self)

    def open_url(self, url: str) -> None:
        """Open ``url`` in the browser if it is a plain http(s) link."""
        from reader.ui.screens.interview_tools import open_url

        open_url(self, url)

    def action_edit(self) -> None:
        """Open the file in $VISUAL/$EDITOR at what is selected; reload after."""
        from reader.ui.screens.interview_tools import edit_source

        if self.services.read_only:
            return  # hidden in read-only mode; also refused if reached another way
        edit_source(self)
        self._check_file()

    # ------------------------------------------------------------- annotating

    def action_select_text(self) -> None:
        """Start selecting text with the keyboard, at the current answer."""
        if self.services.read_only or not published_view(self):
            return  # nothing is written from a browser tab
        from reader.ui.screens.interview_annotate import start_selection

        start_selection(self)

    @on(QuoteView.AnnotateRequested)
    def action_annotate(self) -> None:
        """Annotate the selection (a dialog, then the file)."""
        if self.services.read_only or not published_view(self):
            return  # nothing is written from a browser tab
        from reader.ui.screens.interview_annotate import annotate_selection

        annotate_selection(self)

    def action_change_annotation(self) -> None:
        """Change the annotation selected in the sidebar."""
        if self.services.read_only:
            return  # nothing is written from a browser tab
        from reader.ui.screens.interview_annotate import change_annotation

        change_annotation(self)

    def action_delete_annotation(self) -> None:
        """Delete the annotation selected in the sidebar (after a confirmation)."""
        if self.services.read_only:
            return  # nothing is written from a browser tab
        from reader.ui.screens.interview_annotate import delete_annotation

        delete_annotation(self)

    def action_undo_annotation(self) -> None:
        """Put the file back as it was before the last annotation change."""
        if self.services.read_only:
            return  # nothing is written from a browser tab
        from reader.ui.screens.interview_annotate import undo_annotation

        undo_annotation(self)

    def replace_interview(self, interview: Interview) -> None:
        """Show a new version of the interview written by us: same Q&A, same scroll."""
        from reader.ui.screens.interview_reload import show_version

        show_version(self, interview, keep_scroll=True)

    def select_annotation_at(self, line: int) -> None:
        """Highlight in the sidebar the annotation whose mapping starts at ``line``."""
        sidebar = self.query_one(AnnotationList)
        annotations = self.annotations
        for row, index in enumerate(sidebar.order):
            if index >= 0 and annotations[index].position.line == line:
                sidebar.highlighted = row
                return

    # ------------------------------------------------------------ live reload

    def _check_file(self) -> None:
        self.watcher.check()

    def _reloaded(self, result: LoadResult) -> None:
        """Show the new version, on the same Q&A; keep the old one if it is broken."""
        from reader.ui.screens.interview_reload import reloaded

        self.post_message(self.Reloaded(result))
        reloaded(self, result)
