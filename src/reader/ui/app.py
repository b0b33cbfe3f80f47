"""The reader Textual app and its factory, :func:`make_app`.

The app composes a light loading screen first and loads interviews in a
thread worker after the first frame, so start-up time does not grow with the
library.  One file opens straight into the interview screen; several open
the library.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from reader.model import LoadResult
from reader.ui.commands import ReaderCommands
from reader.ui.screens.interview import InterviewScreen
from reader.ui.screens.library import ErrorsScreen, LibraryScreen

__all__ = ["ReaderApp", "make_app"]

_BATCH = 50
"""Loaded files handed to the library per UI update."""


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
    ]
    """
    | Key | Action |
    | :- | :- |
    | q | Quit. |
    | ?, f1 | Help: every key. |
    | ctrl+p | Command palette. |
    """

    def __init__(self, paths: Sequence[Path], *, qa: str | None = None) -> None:
        super().__init__()
        self.paths = list(paths)
        self.start_qa = qa
        self.results: list[LoadResult] = []
        self.library: LibraryScreen | None = None

    def on_mount(self) -> None:
        self.push_screen(LoadingScreen())
        self._load()

    # ---------------------------------------------------------------- loading

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(self) -> None:
        from reader.loader import load_file
        from reader.paths import discover

        files = discover(self.paths)
        if len(files) == 1:
            result = load_file(files[0])
            self.call_from_thread(self._loaded_one, result)
            return
        self.call_from_thread(self._start_library, len(files))
        batch: list[LoadResult] = []
        for path in files:
            batch.append(load_file(path))
            if len(batch) >= _BATCH:
                self.call_from_thread(self._add_to_library, batch)
                batch = []
        self.call_from_thread(self._add_to_library, batch)

    @on(Worker.StateChanged)
    def _worker_state(self, event: Worker.StateChanged) -> None:
        # One place for worker failures: say what went wrong, never a traceback.
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.notify(
                Content(f"{type(error).__name__}: {error}"),
                title="Something went wrong",
                severity="error",
                timeout=10,
            )

    def _loaded_one(self, result: LoadResult) -> None:
        self.results = [result]
        if result.interview is not None:
            start = self._start_index(result)
            self.switch_screen(InterviewScreen(result.interview, start=start))
        else:
            self._start_library(1)
            self._add_to_library([result])
            self.push_screen(ErrorsScreen(result))

    def _start_index(self, result: LoadResult) -> int:
        if self.start_qa is None or result.interview is None:
            return 0
        from reader.ui.screens.goto import find_section

        index = find_section(result.interview, self.start_qa)
        if index is None:
            self.notify(
                Content(f"No Q&A {self.start_qa!r} in this interview; showing About."),
                severity="warning",
            )
            return 0
        return index

    def _start_library(self, total: int) -> None:
        self.library = LibraryScreen(total=total)
        self.switch_screen(self.library)

    def _add_to_library(self, batch: list[LoadResult]) -> None:
        self.results.extend(batch)
        if self.library is not None and batch:
            self.library.add_results(batch)

    # ---------------------------------------------------------------- actions

    @on(LibraryScreen.Open)
    def _open(self, event: LibraryScreen.Open) -> None:
        self.open_result(event.result)

    def open_result(self, result: LoadResult) -> None:
        """Open an interview from the library (or show a broken file's errors)."""
        if result.interview is None:
            self.push_screen(ErrorsScreen(result))
            return
        # One interview screen at a time above the library.
        while len(self.screen_stack) > 1 and not isinstance(self.screen, LibraryScreen):
            self.pop_screen()
        self.push_screen(InterviewScreen(result.interview, has_library=self.library is not None))

    def action_help(self) -> None:
        """Show every key."""
        from reader.ui.screens.help import HelpScreen
        from reader.ui.widgets.lists import QAList
        from reader.ui.widgets.quote_view import QuoteView

        if isinstance(self.screen, HelpScreen):
            return
        sections = [
            ("Everywhere", ReaderApp),
            ("Moving between panes", Screen),
            ("Reading an interview", InterviewScreen),
            ("Quote view (centre)", QuoteView),
            ("Q&A list and annotations sidebar", QAList),
            ("Library", LibraryScreen),
        ]
        self.push_screen(HelpScreen(sections))


def make_app(paths: Sequence[Path], *, qa: str | None = None) -> ReaderApp:
    """Build the app for ``paths`` (the CLI and the tests both call this)."""
    return ReaderApp(paths, qa=qa)
