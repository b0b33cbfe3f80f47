"""What the parts of the app share: its state, and finding its screens.

:class:`ReaderAppBase` declares the attributes that
:class:`reader.ui.app.ReaderApp` sets up and that its parts
(:mod:`reader.ui.app_loading`, :mod:`reader.ui.app_search`) use, with the
small helpers they all need.  Nothing here runs on its own.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App

if TYPE_CHECKING:
    from reader.model import Interview, LoadResult
    from reader.search.library import FileInfo
    from reader.state import StateStore
    from reader.ui.screens.interview import InterviewScreen
    from reader.ui.screens.library import LibraryScreen
    from reader.ui.search import SearchState
    from reader.ui.services import ReaderServices

__all__ = ["KEEP_PARSED", "ParsedCache", "ReaderAppBase", "interview_state_key"]

KEEP_PARSED = 8
"""Interviews kept parsed after they were opened (the library lists the rest from the index)."""


class ParsedCache:
    """The few interviews parsed most recently, by resolved path.

    A library is listed from the search index; an interview is parsed when
    it is opened, and the last few stay in memory, so that going back to
    one (a search hit, a bookmark, back and forward) does not parse it
    again, and memory does not grow with the library.
    """

    def __init__(self, size: int = KEEP_PARSED) -> None:
        self._size = size
        self._results: OrderedDict[str, LoadResult] = OrderedDict()

    @staticmethod
    def key(path: Path | str) -> str:
        """The cache key of ``path``: the resolved path."""
        return str(Path(path).resolve())

    def get(self, path: Path | str) -> LoadResult:
        """The file parsed (now, or kept from before)."""
        key = self.key(path)
        found = self._results.get(key)
        if found is None:
            from reader.loader import load_file

            found = load_file(Path(path))
            self.put(found)
        else:
            self._results.move_to_end(key)
        return found

    def put(self, result: LoadResult) -> None:
        """Keep ``result`` (a file just loaded or reloaded)."""
        key = self.key(result.path)
        self._results[key] = result
        self._results.move_to_end(key)
        while len(self._results) > self._size:
            self._results.popitem(last=False)

    def __len__(self) -> int:
        return len(self._results)


def interview_state_key(interview: Interview) -> str:
    """The state file's key for an interview (id plus resolved path)."""
    from reader.state import interview_key

    return interview_key(interview.id, interview.path)


class ReaderAppBase(App[None]):
    """The app's shared attributes and helpers (see the module docstring)."""

    # Set by ReaderApp.__init__; declared here for the type checker.
    paths: list[Path]
    start_qa: str | None
    state: StateStore | None
    read_only: bool
    copy_warning: str | None
    results: Sequence[FileInfo]
    """The files of the library, as listed (from the search index): the library
    screen's :class:`~reader.search.listing.Listing`, or a single file's own."""
    library: LibraryScreen | None
    search: SearchState
    parsed: ParsedCache
    """The interviews parsed so far (opened ones; a few kept)."""

    def _start(self) -> None:
        """Open the state file and apply its theme (:class:`reader.ui.app.ReaderApp`)."""
        raise NotImplementedError

    def rerun_search(self) -> None:
        """Search again what the open search bar holds (see ``app_search``)."""
        raise NotImplementedError

    def follow_indexing(self) -> None:
        """More files are indexed: bring an open partial search up to date (see ``app_search``)."""
        raise NotImplementedError

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

    @property
    def services(self) -> ReaderServices:
        """What screens get of the app; :class:`reader.ui.app.ReaderApp` is them."""
        raise NotImplementedError

    def go_to_place(
        self, path: Path | str, section_id: str, answer: int | None = None
    ) -> InterviewScreen | None:
        """Show a Q&A of any interview; :class:`reader.ui.app.ReaderApp` provides it."""
        raise NotImplementedError
