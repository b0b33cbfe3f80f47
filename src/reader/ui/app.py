"""The reader Textual app and its factory, :func:`make_app`.

One small file is read before the first frame, which is then the
interview itself.  Otherwise interviews are loaded in a thread worker, so
start-up time does not grow with the library: the interview or the library
replaces the blank first screen when ready, and "Loading interviews…" shows
if that takes longer than a glance.  One file opens straight into the
interview screen; several open the library.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from reader.text import visible
from reader.ui.app_base import ParsedCache
from reader.ui.app_base import interview_state_key as _key
from reader.ui.app_loading import FIRST_SCREEN_WAIT, LibraryLoading, LoadingScreen
from reader.ui.app_search import SearchOrchestration
from reader.ui.commands import ReaderCommands
from reader.ui.search import SearchState

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from reader.history import History
    from reader.model import Interview, LoadResult
    from reader.search.files import Entry
    from reader.search.library import FileInfo
    from reader.state import Bookmark, StateStore
    from reader.ui.screens.dialogs import BookmarksScreen
    from reader.ui.screens.interview import InterviewScreen
    from reader.ui.screens.library import LibraryScreen
    from reader.ui.services import ReaderServices

# Imported when first needed rather than here: what the first frame does not
# need is not loaded before it (the library table, the state file, search).

__all__ = ["ReaderApp", "make_app"]

READ_ONLY_NOTE = (
    "In the browser, read-only: o opens a link in a new tab, y and Y copy to the "
    "browser's clipboard, ctrl+p offers the interview as a download (Download as ...); "
    "no editor, no player, no annotating, and your place and bookmarks last as long as "
    "this tab."
)
"""The help screen's note in read-only mode (``reader serve``)."""

_BATCH = 50
"""Loaded files handed to the library per UI update."""


_NOT_WHILE_LOADING = frozenset({"help", "command_palette", "bookmarks"})
"""The app's actions that open a screen, refused until the first screen (the blank one, or
the loading screen, is on top)."""


class ReaderApp(LibraryLoading, SearchOrchestration):
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
        read_only: bool = False,
        copy_warning: str | None = None,
    ) -> None:
        super().__init__()
        self.read_only = read_only
        self.copy_warning = copy_warning
        self.paths = list(paths)
        self.start_qa = qa
        self._open_state = state is True
        self.state: StateStore | None = None if isinstance(state, bool) else state
        self.results: Sequence[FileInfo] = []
        self.parsed = ParsedCache()
        self.library: LibraryScreen | None = None
        self.search = SearchState()
        self._history: History[tuple[str, str]] | None = None
        self._travelling = False
        self._small: tuple[list[Entry], list[Path]] | None = None

    @property
    def services(self) -> ReaderServices:
        """The app's services, for the screens it makes (the app provides them itself)."""
        return self

    @property
    def history(self) -> History[tuple[str, str]]:
        """Visited Q&As as (resolved path, section id; "" for About)."""
        if self._history is None:
            from reader.history import History

            self._history = History()
        return self._history

    def on_mount(self) -> None:
        """One small file is read before the first frame; anything else by the loader's worker."""
        self._small = self._small_file()
        if self._small is None:
            # The library (or the file) replaces the blank screen when ready;
            # "Loading interviews…" only if that takes longer than a glance.
            self.set_timer(FIRST_SCREEN_WAIT, self._show_loading)
        else:
            # Read once the mount's batch update is over (App.batch_update):
            # a screen painted during it is not shown, and its next frame is
            # then a partial update (without the title line).
            self.call_later(self._open_small, self._small)

    def on_ready(self) -> None:
        """Open the state file, then load interviews (a small file was read already)."""
        if self._small is None:
            self._start()
            self._load()

    def _show_loading(self) -> None:
        """Nothing to show yet: say that interviews are loading."""
        if type(self.screen) is Screen:  # still the app's blank default screen
            self.push_screen(LoadingScreen())

    def _start(self) -> None:
        """Open the state file and apply its theme, before anything is loaded."""
        from reader.ui.heap import share_one_heap

        share_one_heap()  # before the loader's and the search's threads start
        if self._open_state:
            from reader.state import StateStore

            # Saved by a thread of its own: never a lock wait or an fsync on the UI thread.
            self.state = StateStore(background=True)
        if self.state is not None and self.state.theme in self.available_themes:
            self.theme = self.state.theme
        self._report_state_problems()

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

    def on_library_screen_resumed(self) -> None:
        """Back in the library: the read counts may have changed."""
        self.refresh_read_counts()

    def on_interview_screen_reloaded(self, event: InterviewScreen.Reloaded) -> None:
        """A file changed on disk and was read again."""
        self.replace_result(event.result)

    def on_bookmarks_screen_removed(self, event: BookmarksScreen.Removed) -> None:
        """A bookmark was deleted from the bookmarks list."""
        self.remove_bookmark(event.bookmark)

    # ---------------------------------------------------------------- actions

    def on_library_screen_open(self, event: LibraryScreen.Open) -> None:
        """Enter in the library."""
        self.open_path(event.info.path)

    def open_path(self, path: Path) -> InterviewScreen | None:
        """Open the interview in ``path`` (parsed now, unless it was lately), or its errors."""
        return self.open_result(self.parsed.get(path))

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
            result = self.parsed.get(path)
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
            target.call_after_refresh(target.show_answer, answer)
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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Until something is shown (or while "Loading interviews…" is), only quitting.

        (What loads takes the loading screen's place, or comes over the blank
        one: a help screen or the palette opened meanwhile would be closed
        without a word, or hidden under it.)
        """
        if action not in _NOT_WHILE_LOADING:
            return True
        # The blank default screen, before the first screen or the loading one.
        return not (isinstance(self.screen, LoadingScreen) or type(self.screen) is Screen)

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

    def action_next_claim(self, step: int) -> None:
        """The next (1) or previous (-1) unverified claim, across the library."""
        from reader.ui.claim_nav import go_to_next_claim

        go_to_next_claim(self, step)

    def open_compare(self, topic: str) -> None:
        """Every answer on ``topic``, across the library, in a screen of their own."""
        from reader.ui.screens.compare import CompareScreen

        # Only the files whose index summary lists the topic are parsed.
        interviews = []
        for info in self.results:
            if info.ok and topic in info.summary.get("topics", ()):
                interview = self.parsed.get(info.path).interview
                if interview is not None:
                    interviews.append(interview)

        def open_place(place: tuple[Interview, str, int] | None) -> None:
            if place is not None:
                interview, section_id, answer = place
                self.go_to_place(interview.path, section_id, answer)

        self.push_screen(CompareScreen(interviews, topic), open_place)

    def action_help(self) -> None:
        """Show every key."""
        from reader.ui.screens.help import HelpScreen
        from reader.ui.screens.interview import InterviewScreen
        from reader.ui.screens.library import LibraryScreen
        from reader.ui.widgets.library_table import LibraryTable
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
            ("Library table", LibraryTable),
            ("Search bar", SearchPanel),
        ]
        if not self.read_only:
            self.push_screen(HelpScreen(sections))
            return
        hidden = frozenset().union(
            *(getattr(owner, "HIDDEN_WHEN_READ_ONLY", frozenset()) for _, owner in sections)
        )
        self.push_screen(HelpScreen(sections, hidden=hidden, note=READ_ONLY_NOTE))


def make_app(
    paths: Sequence[Path],
    *,
    qa: str | None = None,
    state: StateStore | bool | None = True,
    read_only: bool = False,
    copy_warning: str | None = None,
) -> ReaderApp:
    """Build the app for ``paths`` (the CLI and the tests both call this).

    ``state=True`` opens the user's state file (``READER_STATE_DIR`` moves it)
    after the first frame; pass a store, or False to remember nothing.
    ``read_only=True`` is the browser mode of ``reader serve``
    (see :attr:`reader.ui.services.ReaderServices.read_only`); ``copy_warning``
    is said with every copy when copies may not reach the user
    (:attr:`reader.ui.services.ReaderServices.copy_warning`).
    """
    return ReaderApp(paths, qa=qa, state=state, read_only=read_only, copy_warning=copy_warning)
