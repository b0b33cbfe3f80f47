"""Loading: one small file before the first frame, anything else in a thread worker after it.

:class:`LibraryLoading` is the part of :class:`reader.ui.app.ReaderApp`
that reads the files named on the command line off the UI thread, streams
them into the library screen in batches (or opens a single interview
directly, at the ``--qa`` deep link or where the reader left off), and keeps
the library's rows in step when a file is reloaded.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from reader.text import visible
from reader.ui.app_base import ReaderAppBase
from reader.ui.app_base import interview_state_key as _key

if TYPE_CHECKING:
    from reader.model import Interview, LoadResult
    from reader.search.files import Entry
    from reader.search.library import FileInfo

__all__ = [
    "FIRST_SCREEN_WAIT",
    "READ_BEFORE_FIRST_FRAME",
    "SMALL_FILE_WAIT",
    "LibraryLoading",
    "LoadingScreen",
]

_ROWS_PER_UPDATE = 250
"""Library rows added per UI update (about 35 ms of the UI thread for 250)."""


READ_BEFORE_FIRST_FRAME = 256 * 1024
"""One file up to this size is read before the first frame, with no loading screen.

The loader reads about 16 MB/s (bench/corpus, 2026-12-04), so this is at
most 16 ms: about what painting the loading screen and then replacing it
costs.  A larger file would leave the terminal blank for longer, so it
gets the loading screen.  Measured with bench/compare_start.py: the title
of the bundled come-back-to-me.yaml on screen 16 ms sooner (306 against
322 ms).
"""


FIRST_SCREEN_WAIT = 0.1
"""How long the blank first screen may wait for the library or the file named before
"Loading interviews…" is shown, in seconds: about as long as a glance, and several times
what a library already indexed takes to list its first rows (about 20 ms for 1,000)."""

SMALL_FILE_WAIT = 0.1
"""How long the first frame waits for the one small file being read, in seconds, before
the loading screen is shown instead: several times what the largest small file usually
takes to read and check (about 16 ms), so that a busy machine still gets no loading screen."""


class LoadingScreen(Screen[None]):
    """ "Loading interviews…": shown when what was named is not ready within FIRST_SCREEN_WAIT."""

    def compose(self) -> ComposeResult:
        yield Static(Content.styled("Loading interviews…", "dim"), id="loading")


class LibraryLoading(ReaderAppBase):
    """The app's loading of files (a part of :class:`reader.ui.app.ReaderApp`)."""

    def _open_small(self, found: tuple[list[Entry], list[Path]]) -> None:
        """Read the one small file named and show it (before the first frame).

        Read in a thread, waited for at most :data:`SMALL_FILE_WAIT`: a few
        hundred kilobytes can still take seconds to check (thousands of
        annotations pinned to passages of a long answer), and the terminal
        must not stay blank meanwhile.  Then the loading screen is shown and
        the interview replaces it once read, as for a large file.
        """
        import contextlib
        import threading

        self._start()
        (entry,) = found[0]
        read: list[LoadResult] = []
        late = False
        lock = threading.Lock()
        done = threading.Event()

        def read_it() -> None:
            result = self.parsed.get(entry.path)
            with lock:
                if not late:
                    read.append(result)
                    done.set()
                    return
            # The loading screen is up: the interview replaces it (unless
            # the reader quit meanwhile: then there is nothing to show).
            if self.is_running:
                # RuntimeError: the app ended between the check and the call.
                with contextlib.suppress(RuntimeError):
                    self.call_from_thread(self._loaded_one, result, found)

        threading.Thread(target=read_it, name="reader-small-file", daemon=True).start()
        done.wait(SMALL_FILE_WAIT)  # the GIL is the reading thread's meanwhile
        with lock:
            late = not read
        if late:
            self.push_screen(LoadingScreen())
        else:
            self._loaded_one(read[0], found, replace=False)

    def _small_file(self) -> tuple[list[Entry], list[Path]] | None:
        """The one file named, when it is small enough to read before the first frame."""
        if len(self.paths) != 1:
            return None
        import os
        import stat

        # A folder is never walked here (10,000 files take 0.5 s): the loader does that.
        try:
            status = os.stat(self.paths[0])
        except (OSError, ValueError):
            return None  # the loader says why, after the first frame
        if not stat.S_ISREG(status.st_mode) or status.st_size > READ_BEFORE_FIRST_FRAME:
            return None
        from reader.search.files import discover

        empty: list[Path] = []
        entries = discover(self.paths, empty)
        if len(entries) != 1 or empty or entries[0].info is None:
            return None
        return entries, empty

    @work(thread=True, exclusive=True, group="load", exit_on_error=False, description="load")
    def _load(self) -> None:
        from reader.search.files import discover

        # The files found once, for the loader and the index: the loader's
        # own walk resolved every path again (0.5 s at 10,000 files, before
        # anything could be listed or searched).
        empty: list[Path] = []
        entries = discover(self.paths, empty)
        if empty:
            names = ", ".join(str(folder) for folder in empty)
            self.call_from_thread(
                self.notify,
                visible(f"No interview files (*.yaml, *.yml) in {names}."),
                markup=False,
                severity="warning",
                timeout=8,
            )
        if len(entries) == 1:
            # One interview: on screen first, its search index after.
            result = self.parsed.get(entries[0].path)
            # It indexes the file after it is painted, from what was found here.
            self.call_from_thread(self._loaded_one, result, (entries, empty))
            return
        index = self.search.open(self.paths, entries, empty)
        # Listed from the index, no YAML parsed: on a warm start, the whole
        # library at once (and searchable over all of it).  Read and handed
        # over in slices, so that keys (a search typed at once) are handled
        # between them, and the rows of a large library are never all
        # Python objects at once (the listing keeps them compactly).  The
        # first slice is read before the screen is shown, so that its first
        # frame has rows.
        entries = index.entries
        first = index.listing(entries[:_ROWS_PER_UPDATE])

        def show() -> None:
            # One call: two let the loop paint the library in between, empty.
            self._start_library(len(entries))
            if first:
                self._add_to_library(first)

        self.call_from_thread(show)
        for start in range(_ROWS_PER_UPDATE, len(entries), _ROWS_PER_UPDATE):
            listed = index.listing(entries[start : start + _ROWS_PER_UPDATE])
            if listed:
                self.call_from_thread(self._add_to_library, listed)
        # New and changed files into the index (a process pool), listed as
        # each batch is stored.
        if self.search.index(
            lambda done, total, listed: self.call_from_thread(self._indexed, done, total, listed)
        ):
            # A search shown while indexing covered part of the library: now all of it.
            self.call_from_thread(self.rerun_search)

    def _indexed(self, done: int, total: int, listed: list[FileInfo]) -> None:
        """A batch of files is in the search index: list them, show the progress."""
        self.sub_title = f"indexing for search: {done:,}/{total:,}" if done < total else ""
        self._add_to_library(listed)
        if done < total:
            self.follow_indexing()

    def _loaded_one(
        self,
        result: LoadResult,
        found: tuple[list[Entry], list[Path]] | None = None,
        *,
        replace: bool | None = None,
    ) -> None:
        """Show the one file named: its interview, else its errors.

        ``replace``: in place of the loading screen (None: if it is shown).
        """
        if replace is None:
            replace = isinstance(self.screen, LoadingScreen)
        # Not from reader.search.library: that imports sqlite3 and the store,
        # on the UI thread before the interview is painted (8 ms).
        from reader.search.parsing import file_info

        if result.interview is not None:
            self.results = [file_info(result)]
            from reader.ui.screens.interview import InterviewScreen

            start, scroll = self._start_index(result)
            screen = InterviewScreen(result.interview, self.services, start=start, scroll=scroll)
            if replace:
                self.switch_screen(screen)
            else:
                self.push_screen(screen)
        else:
            from reader.ui.screens.library import ErrorsScreen

            self._start_library(1, replace=replace)
            self._add_to_library([file_info(result)])
            self.push_screen(ErrorsScreen(result))
        # Its index is opened once it is painted: opening it (importing
        # sqlite3 and the search package, reading the database) in a thread
        # meanwhile would take the GIL from the paint.
        self.call_after_refresh(self._index_one, found)

    @work(thread=True, exclusive=True, group="index", exit_on_error=False, description="index")
    def _index_one(self, found: tuple[list[Entry], list[Path]] | None) -> None:
        """Open (and bring up to date) the index of the one interview on screen.

        ``found``: its entry and the empty folders, as the loader found them.
        """
        if found is None:
            self.search.open(self.paths)
        else:
            self.search.open(self.paths, *found)
        self.call_from_thread(self.rerun_search)  # a search typed meanwhile
        if self.search.index():
            self.call_from_thread(self.rerun_search)

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

    def _start_library(self, total: int, *, replace: bool | None = None) -> None:
        """Show the library screen (``replace``: in place of the loading screen; None: if shown)."""
        if replace is None:
            replace = isinstance(self.screen, LoadingScreen)
        from reader.search.listing import Listing
        from reader.ui.screens.library import LibraryScreen

        # One listing, the library screen's, which the app reads too.
        results = Listing()
        self.results = results
        self.library = LibraryScreen(self.services, total=total, results=results)
        if replace:
            self.switch_screen(self.library)
        else:
            self.push_screen(self.library)

    def _add_to_library(self, batch: list[FileInfo]) -> None:
        library = self.library
        if library is None:
            return
        if batch:
            library.add_results(batch)
        if len(library.results) >= library.total:
            folder = self.folder_key
            last = self.state.last_in_folder(folder) if self.state and folder else None
            if last is None:
                return
            # The key is "<id>@<resolved path>": only a file with that id is
            # resolved (not every file of a large library, on the UI thread).
            wanted = last.split("@", 1)[0]
            for info in library.results:
                if info.interview == wanted and _info_key(info) == last:
                    library.highlight_path(info.path)
                    break

    def refresh_read_counts(self) -> None:
        """Draw the library's "12/40" read column again (the state file changed)."""
        if self.library is not None:
            self.library.refresh_read_counts()

    def read_count(self, info: FileInfo) -> str:
        """The "12/40" read count of a listed interview ("" without a state file).

        Asked for by the library for the rows it draws, rather than kept
        for every file of the library.
        """
        if self.state is None or info.interview is None:
            return ""
        key = _info_key(info)
        total = int(info.summary.get("sections", 0))
        read = 0
        if self.state.read_sections(key):
            # Only then the Q&A ids (a read mark of a Q&A since removed
            # does not count), from the index.
            ids = info.summary.get("section_ids") or self.search.section_ids(info.path)
            read = self.state.read_count(key, ids)
        return f"{read}/{total}"

    def replace_result(self, result: LoadResult) -> None:
        """A file was reloaded: keep the library in step (a broken reload keeps the good one)."""
        if result.interview is None:
            return
        from reader.search.library import file_info

        self.parsed.put(result)
        info = file_info(result)
        if self.library is not None:
            self.library.replace_result(info)  # its listing is self.results
        elif self.results and self.results[0].path == result.path:
            self.results = [info]


def _info_key(info: FileInfo) -> str:
    """The state file's key of a listed interview (as :func:`interview_state_key`)."""
    from reader.state import interview_key

    return interview_key(info.interview or "", info.path)
