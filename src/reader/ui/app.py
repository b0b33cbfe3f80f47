"""The reader Textual app and its factory, :func:`make_app`.

The app composes a light loading screen first and loads interviews in a
thread worker after the first frame, so start-up time does not grow with the
library.  One file opens straight into the interview screen; several open
the library.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState, get_current_worker

from reader.text import visible
from reader.ui.commands import ReaderCommands
from reader.ui.search import CACHE_FLOOR, SearchState

if TYPE_CHECKING:
    from collections.abc import Iterator

    from textual.dom import DOMNode

    from reader.history import History
    from reader.model import Interview, LoadResult, Section
    from reader.search import SearchResult
    from reader.state import Bookmark, StateStore
    from reader.ui.screens.dialogs import BookmarksScreen
    from reader.ui.screens.interview import InterviewScreen
    from reader.ui.screens.library import LibraryScreen
    from reader.ui.widgets.quote_view import TextRef
    from reader.ui.widgets.search_panel import SearchPanel

# Imported when first needed rather than here: what the first frame does not
# need is not loaded before it (the library table, the state file, search).

__all__ = ["ReaderApp", "make_app"]

_BATCH = 50
"""Loaded files handed to the library per UI update."""


def _key(interview: Interview) -> str:
    """The state file's key for an interview (id plus resolved path)."""
    from reader.state import interview_key

    return interview_key(interview.id, interview.path)


class LoadingScreen(Screen[None]):
    """Shown for the instant between the first frame and the first interview."""

    def compose(self) -> ComposeResult:
        yield Static(Content.styled("Loading interviews…", "dim"), id="loading")


class ReaderApp(App[None]):
    """Read annotated interviews in the terminal."""

    CSS_PATH = Path(__file__).parent / "reader.tcss"
    TITLE = "reader"
    COMMANDS = App.COMMANDS | {ReaderCommands}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark,f1", "help", "Help", key_display="?"),
        Binding("ctrl+p", "command_palette", "Commands", show=False),
        Binding("apostrophe", "bookmarks", "Bookmarks", key_display="'", show=False),
    ]
    """
    | Key | Action |
    | :- | :- |
    | q | Quit. |
    | ?, f1 | Help: every key. |
    | ctrl+p | Command palette. |
    """

    def __init__(
        self,
        paths: Sequence[Path],
        *,
        qa: str | None = None,
        state: StateStore | bool | None = True,
    ) -> None:
        super().__init__()
        self.paths = list(paths)
        self.start_qa = qa
        self._open_state = state is True
        self.state: StateStore | None = None if isinstance(state, bool) else state
        self.results: list[LoadResult] = []
        self.library: LibraryScreen | None = None
        self.search = SearchState()
        self._history: History[tuple[str, str]] | None = None
        self._travelling = False

    @property
    def history(self) -> History[tuple[str, str]]:
        """Visited Q&As as (resolved path, section id; "" for About)."""
        if self._history is None:
            from reader.history import History

            self._history = History()
        return self._history

    def on_mount(self) -> None:
        self.push_screen(LoadingScreen())

    def on_ready(self) -> None:
        """After the first frame: open the state file, then load interviews."""
        if self._open_state:
            from reader.state import StateStore

            self.state = StateStore()
        if self.state is not None and self.state.theme in self.available_themes:
            self.theme = self.state.theme
        self._report_state_problems()
        self._load()

    def watch_theme(self, theme: str) -> None:
        """A theme chosen in the palette is remembered."""
        # Textual calls this only for a change, never for the initial theme, so
        # nothing is written until the user picks one (a test keeps it so).
        # (This used to test `self.is_mounted`, a method, hence always true.)
        if self.state is not None and theme != self.state.theme:
            self.state.set_theme(theme)
            self._report_state_problems()

    def _report_state_problems(self) -> None:
        if self.state is None:
            return
        for problem in self.state.take_problems():
            self.notify(visible(problem), markup=False, severity="warning", timeout=8)

    @property
    def folder_key(self) -> Path | None:
        """The folder this library was opened on, when it was one folder."""
        if len(self.paths) == 1 and self.paths[0].is_dir():
            return self.paths[0].resolve()
        return None

    def interview_screens(self) -> Iterator[InterviewScreen]:
        """The interview screens on the stack (at most one, in practice)."""
        from reader.ui.screens.interview import InterviewScreen

        return (screen for screen in self.screen_stack if isinstance(screen, InterviewScreen))

    @property
    def interview_screen(self) -> InterviewScreen | None:
        """The interview screen on top, if the top screen is one."""
        from reader.ui.screens.interview import InterviewScreen

        screen = self.screen
        return screen if isinstance(screen, InterviewScreen) else None

    async def action_quit(self) -> None:
        """Quit, saving the reading position first."""
        self._save_and_flush()
        self.exit()

    def _save_and_flush(self) -> None:
        for screen in self.interview_screens():
            screen.save_position()
        if self.state is not None:
            self.state.flush()

    def on_unmount(self) -> None:
        self._save_and_flush()
        self.search.close()

    # ---------------------------------------------------------------- loading

    @work(thread=True, exclusive=True, group="load", exit_on_error=False, description="load")
    def _load(self) -> None:
        from reader.loader import expand_paths, load_file

        files, empty = expand_paths(self.paths)
        if empty:
            names = ", ".join(str(folder) for folder in empty)
            self.call_from_thread(
                self.notify,
                visible(f"No interview files (*.yaml, *.yml) in {names}."),
                markup=False,
                severity="warning",
                timeout=8,
            )
        if len(files) == 1:
            result = load_file(files[0])
            self.call_from_thread(self._loaded_one, result)
            return
        self.call_from_thread(self._start_library, len(files))
        large = len(files) > CACHE_FLOOR
        cached = large and self.search.open_cache(self.paths)
        batch: list[LoadResult] = []
        for path in files:
            batch.append(load_file(path))
            if len(batch) >= _BATCH:
                self.call_from_thread(self._add_to_library, batch)
                batch = []
                # What is loaded lives as long as the app: keep the cyclic
                # garbage collector from walking it again and again, which
                # on a large library costs as much as the loading itself.
                gc.freeze()
        gc.collect()
        gc.freeze()
        self.call_from_thread(self._add_to_library, batch)
        # Build the library's search index now, in this worker, so that the
        # first search over a large library does not wait for it.
        interviews = [r.interview for r in self.results if r.interview is not None]
        if len(interviews) > 1:
            index = self.search.index_for(interviews)
            gc.freeze()  # the index lives as long as the library, too
            index.build_pairs()
            gc.freeze()
        if large:
            self.search.library_indexed(self.paths, fill_cache=not cached)

    @on(Worker.StateChanged)
    def _worker_state(self, event: Worker.StateChanged) -> None:
        # One place for worker failures: say what went wrong, never a traceback.
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.notify(
                visible(f"{type(error).__name__}: {error}"),
                title="Something went wrong",
                severity="error",
                timeout=10,
                markup=False,
            )

    def _loaded_one(self, result: LoadResult) -> None:
        self.results = [result]
        if result.interview is not None:
            from reader.ui.screens.interview import InterviewScreen

            start, scroll = self._start_index(result)
            self.switch_screen(InterviewScreen(result.interview, self, start=start, scroll=scroll))
        else:
            from reader.ui.screens.library import ErrorsScreen

            self._start_library(1)
            self._add_to_library([result])
            self.push_screen(ErrorsScreen(result))

    def _start_index(self, result: LoadResult) -> tuple[int, int]:
        """Where to open: the --qa deep link, else where the reader left off."""
        interview = result.interview
        if interview is None:
            return 0, 0
        if self.start_qa is not None:
            from reader.qaref import find_section

            index = find_section(interview, self.start_qa)
            self.start_qa, asked = None, self.start_qa  # the deep link applies once
            if index is None:
                self.notify(
                    visible(f"No Q&A {asked!r} in this interview; showing About."),
                    markup=False,
                    severity="warning",
                )
                return 0, 0
            return index, 0
        return self._resume_point(interview)

    def _resume_point(self, interview: Interview) -> tuple[int, int]:
        if self.state is None:
            return 0, 0
        position = self.state.position(_key(interview))
        if position is None or not interview.sections:
            return 0, 0
        if position.section_id == "":
            return 0, position.scroll
        for section in interview.sections:
            if section.id == position.section_id:
                return section.number, position.scroll
        return 0, 0

    def _start_library(self, total: int) -> None:
        from reader.ui.screens.library import LibraryScreen

        self.library = LibraryScreen(self, total=total)
        self.switch_screen(self.library)

    def _add_to_library(self, batch: list[LoadResult]) -> None:
        self.results.extend(batch)
        library = self.library
        if library is None:
            return
        if batch:
            library.add_results(batch)
        if len(library.results) >= library.total:
            self.refresh_read_counts()
            folder = self.folder_key
            last = self.state.last_in_folder(folder) if self.state and folder else None
            for loaded in self.results:
                interview = loaded.interview
                if interview is not None and _key(interview) == last:
                    library.highlight_path(loaded.path)
                    break

    def refresh_read_counts(self) -> None:
        """Update the library's "12/40" read column from the state file."""
        if self.library is None or self.state is None:
            return
        counts: dict[str, str] = {}
        for loaded in self.results:
            interview = loaded.interview
            if interview is None:
                continue
            key = _key(interview)
            read = self.state.read_count(key, [section.id for section in interview.sections])
            counts[str(loaded.path.resolve())] = f"{read}/{len(interview.sections)}"
        self.library.set_read_counts(counts)

    def on_library_screen_resumed(self) -> None:
        """Back in the library: the read counts may have changed."""
        self.refresh_read_counts()

    def on_interview_screen_reloaded(self, event: InterviewScreen.Reloaded) -> None:
        """A file changed on disk and was read again."""
        self.replace_result(event.result)

    def on_bookmarks_screen_removed(self, event: BookmarksScreen.Removed) -> None:
        """A bookmark was deleted from the bookmarks list."""
        self.remove_bookmark(event.bookmark)

    def last_query_text(self) -> str | None:
        """The last search's text, shown again when a search bar opens."""
        query = self.search.query
        return query.text if query is not None else None

    def replace_result(self, result: LoadResult) -> None:
        """A file was reloaded: keep the library in step (a broken reload keeps the good one)."""
        for index, loaded in enumerate(self.results):
            if loaded.path == result.path and result.interview is not None:
                self.results[index] = result
                if self.library is not None:
                    self.library.replace_result(result)

    # ---------------------------------------------------------------- actions

    def on_library_screen_open(self, event: LibraryScreen.Open) -> None:
        """Enter in the library."""
        self.open_result(event.result)

    def open_result(
        self, result: LoadResult, start: int | None = None, scroll: int = 0
    ) -> InterviewScreen | None:
        """Open an interview (at ``start``, else where the reader left off)."""
        from reader.ui.screens.interview import InterviewScreen
        from reader.ui.screens.library import ErrorsScreen, LibraryScreen

        interview = result.interview
        if interview is None:
            self.push_screen(ErrorsScreen(result))
            return None
        if start is None:
            start, scroll = self._resume_point(interview)
        screen = InterviewScreen(
            interview, self, start=start, scroll=scroll, has_library=self.library is not None
        )
        # One interview screen at a time: above the library when there is one,
        # else in place of the interview shown (dialogs closed first).
        home = LibraryScreen if self.library is not None else InterviewScreen
        while len(self.screen_stack) > 2 and not isinstance(self.screen, home):
            self.pop_screen()
        if self.library is None:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        folder = self.folder_key
        if self.state is not None and folder is not None:
            self.state.set_last_in_folder(folder, _key(interview))
        return screen

    def on_interview_screen_section_changed(self, event: InterviewScreen.SectionChanged) -> None:
        """Record the visit for back/forward."""
        screen = event.interview_screen
        place = (str(screen.interview.path.resolve()), event.section.id if event.section else "")
        if not self._travelling:
            self.history.visit(place)

    def go_to_place(
        self, path: Path | str, section_id: str, answer: int | None = None
    ) -> InterviewScreen | None:
        """Show a Q&A of any interview (history, bookmarks, search hits).

        Returns the interview screen, or None when the file or the Q&A is
        gone.  A newly opened screen is not mounted yet: callers that want to
        do more with it use ``screen.call_after_refresh``.
        """
        resolved = str(Path(path).resolve())
        current = self.interview_screen
        if current is not None and str(current.interview.path.resolve()) != resolved:
            current = None
        if current is not None:
            interview = current.interview
        else:
            result = next(
                (loaded for loaded in self.results if str(loaded.path.resolve()) == resolved), None
            )
            if result is None:
                from reader.loader import load_file

                result = load_file(Path(path))
            if result.interview is None:
                self.notify(
                    visible(f"Cannot open {path}: it has errors."), markup=False, severity="error"
                )
                return None
            interview = result.interview
        index = 0
        if section_id:
            found = next((s for s in interview.sections if s.id == section_id), None)
            if found is None:
                self.notify(
                    visible(f"Q&A {section_id!r} is no longer in that interview."),
                    markup=False,
                    severity="warning",
                )
                return None
            index = found.number
        if current is not None:
            current.go_to(index)
            target = current
        else:
            assert result is not None  # read above whenever no screen shows the file
            opened = self.open_result(result, start=index)
            if opened is None:
                return None
            target = opened
        if answer is not None and index:

            def scroll_to_answer() -> None:
                from reader.ui.widgets.quote_view import QuoteView

                target.query_one(QuoteView).scroll_to_text(("answer", answer), 0)

            target.call_after_refresh(scroll_to_answer)
        return target

    def action_history_back(self) -> None:
        """Go back to the previously visited Q&A."""
        self._travel(self.history.back())

    def action_history_forward(self) -> None:
        """Go forward again."""
        self._travel(self.history.forward())

    def _travel(self, place: tuple[str, str] | None) -> None:
        if place is None:
            self.notify("No further history.", timeout=2)
            return
        self._travelling = True
        try:
            self.go_to_place(*place)
        finally:
            self.call_after_refresh(self._stop_travelling)

    def _stop_travelling(self) -> None:
        self._travelling = False

    def action_bookmarks(self) -> None:
        """List every bookmark; enter jumps to one."""
        from reader.ui.screens.dialogs import BookmarksScreen

        if self.state is None or isinstance(self.screen, BookmarksScreen):
            return

        def jump(bookmark: Bookmark | None) -> None:
            if bookmark is not None:
                self.go_to_place(bookmark.path, bookmark.section_id, bookmark.answer)

        self.push_screen(BookmarksScreen(self.state.bookmarks()), jump)

    def remove_bookmark(self, bookmark: Bookmark) -> None:
        """Delete a bookmark (from the bookmarks list)."""
        if self.state is not None:
            self.state.remove_bookmark(bookmark.id)
        for screen in self.interview_screens():
            screen.refresh_marks()

    def reset_read_marks(self) -> None:
        """Forget which Q&As of the open interview were read."""
        screen = self.interview_screen
        if self.state is None or screen is None:
            return
        self.state.reset_read(screen.key)
        screen.refresh_marks()
        self.notify("Read marks reset for this interview.", timeout=3)

    # ----------------------------------------------------------------- search

    def matches_in(
        self, interview: Interview, section: Section
    ) -> dict[TextRef, list[tuple[int, int]]]:
        """What to highlight in a shown Q&A: every match of the current search."""
        return self.search.matches_in(interview, section)

    def on_search_panel_query_changed(self, event: SearchPanel.QueryChanged) -> None:
        """The user typed in a search bar: search, off the UI thread."""
        panel = event.panel
        if panel.library:
            interviews = [r.interview for r in self.results if r.interview is not None]
        else:
            screen = self.interview_screen
            if screen is None or panel.screen is not screen:
                return
            interviews = [screen.interview]
        self._run_search(panel, event.text, interviews)

    # A fixed description: by default Textual builds one from repr() of the
    # arguments, which for a library of interviews takes seconds.
    @work(thread=True, exclusive=True, group="search", exit_on_error=False, description="search")
    def _run_search(self, panel: SearchPanel, text: str, interviews: list[Interview]) -> None:
        # Off the UI thread: building a library's index, then the query itself.
        from reader.search import QueryError
        from reader.ui.widgets.search_panel import ROWS_SHOWN

        worker = get_current_worker()
        if not text.strip():
            self.call_from_thread(self._search_cleared, panel)
            return
        if not self.search.has_index(interviews) and not (panel.library and self.search.cache):
            count = len(interviews)
            self.call_from_thread(
                panel.show_status,
                f"Indexing {count} interview{'s' if count != 1 else ''} for search (once)…",
            )
        index = self.search.searchable(interviews, panel.library)
        try:
            result = self.search.run(index, text)
        except QueryError as error:
            if not worker.is_cancelled:
                self.call_from_thread(panel.show_error, error.message)
            return
        # The rows the panel lists need their hits and match offsets: make
        # them here, off the UI thread, which then only lays the rows out.
        for hit in result.hits[:ROWS_SHOWN]:
            if worker.is_cancelled:
                return
            hit.matches  # noqa: B018 - computed once, kept by the hit
        if not worker.is_cancelled:
            self.call_from_thread(self._search_done, panel, text, result)

    def _search_done(self, panel: SearchPanel, text: str, result: SearchResult) -> None:
        if panel.input.value != text:
            return  # the user has typed on since: a newer search is coming
        from reader.ui.search import open_phrase

        self.search.accept(result, panel.library)
        panel.show_result(result, open_phrase(result, text))
        self._refresh_highlights()

    def _search_cleared(self, panel: SearchPanel) -> None:
        panel.clear()
        self.search.clear()
        self._refresh_highlights()

    def _refresh_highlights(self) -> None:
        for screen in self.interview_screens():
            screen.refresh_matches()
            screen.show_search_position(None)

    def on_search_panel_open_hit(self, event: SearchPanel.OpenHit) -> None:
        """Enter on a search result."""
        event.panel.action_close()
        self.open_hit(event.index)

    def open_hit(self, index: int) -> None:
        """Show hit ``index``: its Q&A, scrolled to the match, matches highlighted."""
        hits = self.search.hits
        if not 0 <= index < len(hits):
            return
        hit = hits[index]
        self.search.current = index
        self._travelling = False
        screen = self.go_to_place(hit.path, hit.section or "")
        if screen is None:
            return
        total = self.search.result.total_hits if self.search.result else len(hits)

        def show() -> None:
            screen.refresh_matches()
            screen.show_hit(hit)
            screen.show_search_position(f"{index + 1}/{total}")

        screen.call_after_refresh(show)

    def action_search_next(self) -> None:
        """The next hit of the last search, across Q&As and interviews."""
        self._search_step(1)

    def action_search_previous(self) -> None:
        """The previous hit."""
        self._search_step(-1)

    def _search_step(self, direction: int) -> None:
        index = self.search.step(direction)
        if index is None:
            self.notify("No search results: press / to search.", timeout=3)
            return
        self.open_hit(index)

    def action_clear_search(self) -> None:
        """Forget the search and its highlights."""
        self.search.clear()
        self._refresh_highlights()

    def action_help(self) -> None:
        """Show every key."""
        from reader.ui.screens.help import HelpScreen
        from reader.ui.screens.interview import InterviewScreen
        from reader.ui.screens.library import LibraryScreen
        from reader.ui.widgets.lists import QAList
        from reader.ui.widgets.quote_view import QuoteView
        from reader.ui.widgets.search_panel import SearchPanel

        if isinstance(self.screen, HelpScreen):
            return
        sections: list[tuple[str, type[DOMNode]]] = [
            ("Everywhere", ReaderApp),
            ("Panes and text", Screen),
            ("Reading an interview", InterviewScreen),
            ("Quote view (centre)", QuoteView),
            ("Q&A list and annotations sidebar", QAList),
            ("Library", LibraryScreen),
            ("Search bar", SearchPanel),
        ]
        self.push_screen(HelpScreen(sections))


def make_app(
    paths: Sequence[Path], *, qa: str | None = None, state: StateStore | bool | None = True
) -> ReaderApp:
    """Build the app for ``paths`` (the CLI and the tests both call this).

    ``state=True`` opens the user's state file (``READER_STATE_DIR`` moves it)
    after the first frame; pass a store, or False to remember nothing.
    """
    return ReaderApp(paths, qa=qa, state=state)
