"""Loading a library: files read in a thread worker after the first frame.

:class:`LibraryLoading` is the part of :class:`reader.ui.app.ReaderApp`
that reads the files named on the command line off the UI thread, streams
them into the library screen in batches (or opens a single interview
directly, at the ``--qa`` deep link or where the reader left off), and keeps
the library's rows in step when a file is reloaded.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from textual import work

from reader.text import visible
from reader.ui.app_base import ReaderAppBase
from reader.ui.app_base import interview_state_key as _key

if TYPE_CHECKING:
    from reader.model import Interview, LoadResult

__all__ = ["LibraryLoading"]

_BATCH = 50
"""Loaded files handed to the library per UI update."""


class LibraryLoading(ReaderAppBase):
    """The app's loading of files (a part of :class:`reader.ui.app.ReaderApp`)."""

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
            self.search.open(self.paths)
            self.search.index()
            return
        self.call_from_thread(self._start_library, len(files))
        # Searchable at once over what the index already holds (a warm start:
        # the whole library), while the files load for the listing.
        self.search.open(self.paths)
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
        # New and changed files into the search index (a process pool).
        self.search.index(lambda done, total: self.call_from_thread(self._indexed, done, total))

    def _indexed(self, done: int, total: int) -> None:
        """Progress of the search index's update."""
        self.sub_title = f"indexing for search: {done:,}/{total:,}" if done < total else ""

    def _loaded_one(self, result: LoadResult) -> None:
        self.results = [result]
        if result.interview is not None:
            from reader.ui.screens.interview import InterviewScreen

            start, scroll = self._start_index(result)
            self.switch_screen(
                InterviewScreen(result.interview, self.services, start=start, scroll=scroll)
            )
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

        self.library = LibraryScreen(self.services, total=total)
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

    def replace_result(self, result: LoadResult) -> None:
        """A file was reloaded: keep the library in step (a broken reload keeps the good one)."""
        for index, loaded in enumerate(self.results):
            if loaded.path == result.path and result.interview is not None:
                self.results[index] = result
                if self.library is not None:
                    self.library.replace_result(result)
