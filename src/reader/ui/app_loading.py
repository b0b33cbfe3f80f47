"""Loading a library: files read in a thread worker after the first frame.

:class:`LibraryLoading` is the part of :class:`reader.ui.app.ReaderApp`
that reads the files named on the command line off the UI thread, streams
them into the library screen in batches (or opens a single interview
directly, at the ``--qa`` deep link or where the reader left off), and keeps
the library's rows in step when a file is reloaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from reader.text import visible
from reader.ui.app_base import ReaderAppBase
from reader.ui.app_base import interview_state_key as _key

if TYPE_CHECKING:
    from reader.model import Interview, LoadResult
    from reader.search.library import FileInfo

__all__ = ["LibraryLoading"]

_ROWS_PER_UPDATE = 250
"""Library rows added per UI update (about 35 ms of the UI thread for 250)."""


class LibraryLoading(ReaderAppBase):
    """The app's loading of files (a part of :class:`reader.ui.app.ReaderApp`)."""

    @work(thread=True, exclusive=True, group="load", exit_on_error=False, description="load")
    def _load(self) -> None:
        from reader.loader import expand_paths

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
            # One interview: on screen first, its search index after.
            result = self.parsed.get(files[0])
            self.call_from_thread(self._loaded_one, result)  # it indexes the file after
            return
        index = self.search.open(self.paths)
        self.call_from_thread(self._start_library, len(index.entries))
        # Listed from the index, no YAML parsed: on a warm start, the whole
        # library at once (and searchable over all of it).  Handed over in
        # slices, so that keys (a search typed at once) are handled between
        # them rather than after every row of a large library.
        listing = index.listing()
        for start in range(0, len(listing), _ROWS_PER_UPDATE):
            self.call_from_thread(self._add_to_library, listing[start : start + _ROWS_PER_UPDATE])
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

    def _loaded_one(self, result: LoadResult) -> None:
        # Not from reader.search.library: that imports sqlite3 and the store,
        # on the UI thread before the interview is painted (8 ms).
        from reader.search.parsing import file_info

        self.results = [file_info(result)]
        if result.interview is not None:
            from reader.ui.screens.interview import InterviewScreen

            start, scroll = self._start_index(result)
            self.switch_screen(
                InterviewScreen(result.interview, self.services, start=start, scroll=scroll)
            )
        else:
            from reader.ui.screens.library import ErrorsScreen

            self._start_library(1)
            self._add_to_library(list(self.results), replace=True)
            self.push_screen(ErrorsScreen(result))
        # Its index is opened once it is painted: opening it (importing
        # sqlite3 and the search package, reading the database) in a thread
        # meanwhile would take the GIL from the paint.
        self.call_after_refresh(self._index_one)

    @work(thread=True, exclusive=True, group="index", exit_on_error=False, description="index")
    def _index_one(self) -> None:
        """Open (and bring up to date) the index of the one interview on screen."""
        self.search.open(self.paths)
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

    def _start_library(self, total: int) -> None:
        from reader.ui.screens.library import LibraryScreen

        self.library = LibraryScreen(self.services, total=total)
        self.switch_screen(self.library)

    def _add_to_library(self, batch: list[FileInfo], replace: bool = False) -> None:
        if not replace:
            self.results.extend(batch)
        library = self.library
        if library is None:
            return
        if batch:
            # The rows come with their read counts: no second pass over the table.
            library.set_read_counts(self._read_counts(batch), refill=False)
            library.add_results(batch)
        if len(library.results) >= library.total:
            folder = self.folder_key
            last = self.state.last_in_folder(folder) if self.state and folder else None
            for info in library.results:
                if info.interview is not None and _info_key(info) == last:
                    library.highlight_path(info.path)
                    break

    def refresh_read_counts(self) -> None:
        """Update the library's "12/40" read column from the state file."""
        if self.library is None or self.state is None:
            return
        self.library.set_read_counts(self._read_counts(self.library.results))

    def _read_counts(self, infos: list[FileInfo]) -> dict[str, str]:
        """Per resolved path, "12/40" read of each interview of ``infos``."""
        counts: dict[str, str] = {}
        if self.state is None:
            return counts
        for info in infos:
            if info.interview is None:
                continue
            key = _info_key(info)
            total = int(info.summary.get("sections", 0))
            read = 0
            if self.state.read_sections(key):
                # Only then the Q&A ids (a read mark of a Q&A since removed
                # does not count), from the index.
                ids = info.summary.get("section_ids") or self.search.section_ids(info.path)
                read = self.state.read_count(key, ids)
            counts[str(info.path.resolve())] = f"{read}/{total}"
        return counts

    def replace_result(self, result: LoadResult) -> None:
        """A file was reloaded: keep the library in step (a broken reload keeps the good one)."""
        if result.interview is None:
            return
        from reader.search.library import file_info

        self.parsed.put(result)
        info = file_info(result)
        for index, listed in enumerate(self.results):
            if listed.path == result.path:
                self.results[index] = info._replace(rank=listed.rank)
        if self.library is not None:
            self.library.replace_result(info)


def _info_key(info: FileInfo) -> str:
    """The state file's key of a listed interview (as :func:`interview_state_key`)."""
    from reader.state import interview_key

    return interview_key(info.interview or "", info.path)
