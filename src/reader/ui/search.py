"""The app's search session: the one index, the current query, its hits, ``n``/``N``.

Kept apart from the widgets.  The app's loader worker opens the library's
index (:mod:`reader.search.library`: the one ``reader search`` uses, in the
user cache folder, else in memory) and brings it up to date, reporting
progress; the files indexed so far are searchable meanwhile, and a result
says when it covers only part of the library.  A search runs in a thread
worker; a new keystroke cancels the statement still running
(:meth:`SearchState.begin`).  Only the rows shown are fetched: the first
page with the exact counts, later pages when ``n``/``N`` reach them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from reader.model import Interview, Section
    from reader.search.files import Entry
    from reader.search.library import FileInfo, Library
    from reader.search.query import Query
    from reader.search.records import Hit, SearchResult
    from reader.search.store import Scope, Ticket
    from reader.ui.widgets.quote_view import TextRef

__all__ = ["PAGE", "Answer", "Refreshed", "SearchState", "open_phrase"]

PAGE = 50
"""Hits fetched at a time: the rows the results pane lists, and each page ``n``/``N`` reach."""


class Answer(NamedTuple):
    """A search's first page and counts, and where its further pages come from."""

    result: SearchResult
    library: Library
    scope: Scope


class Refreshed(NamedTuple):
    """The current search run again over a library that has grown (:meth:`SearchState.refresh`)."""

    before: SearchResult
    """The result it replaces."""
    answer: Answer
    current: int
    """Where the hit the reader was at is in the new result (-1: none, or no longer a hit)."""


def open_phrase(result: SearchResult, text: str) -> bool:
    """True when ``result`` answers ``text`` with its unclosed phrase closed."""
    return result.query.text != text


class SearchState:
    """The index of the open paths, what was searched, what was found, where ``n``/``N`` are."""

    def __init__(self) -> None:
        self.query: Query | None = None
        self.result: SearchResult | None = None
        self.library = False
        """True when the hits come from the whole library."""
        self.current = -1
        """Index of the hit last opened (``n`` goes to the one after)."""
        self.steps = 0
        """``n`` (+1) and ``N`` (-1) pressed while the search is being brought up to date."""
        self.refreshing = False
        """True while :meth:`refresh` runs (in a worker) for the current search."""
        self.progress: tuple[int, int] | None = None
        """(files indexed, files to index) while the index is being brought up to date."""
        self._index: Library | None = None
        self._extra: dict[str, Library] = {}
        self._scope: Scope | None = None
        self._owner: Library | None = None
        self._pages: dict[int, list[Hit]] = {}
        self._ticket: Ticket | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._indexing = False

    # -------------------------------------------------------------- the index

    def open(
        self,
        paths: Sequence[Path],
        entries: list[Entry] | None = None,
        empty: list[Path] | None = None,
    ) -> Library:
        """Open the index of ``paths`` (in the user cache folder, else in memory).

        ``entries`` and ``empty``: the files of ``paths`` and the folders
        holding none, when the caller has found them already
        (:func:`reader.search.files.discover`).
        """
        from reader.search.library import CacheUnavailable, open_library

        try:
            index = open_library(paths, entries=entries, empty=empty)
        except CacheUnavailable:
            # The cache folder is inside the library, or unusable: this
            # session's index lives in memory.
            index = open_library(paths, memory=True, entries=entries, empty=empty)
        with self._lock:
            self._index = index
        return index

    def index(self, progress: Callable[[int, int, list[FileInfo]], None] | None = None) -> int:
        """Bring the index up to date (in the caller's worker); return how many files it read.

        ``progress(done, total, listed)`` after each batch of files stored
        (``listed``: those files as the library lists them).  Quitting
        (:meth:`close`) stops it after the file being stored; what is stored stays.
        """
        index = self._index
        if index is None:
            return 0
        stale = len(index.stale)
        self.progress = (0, stale) if stale else None

        def report(done: int, total: int, listed: list[FileInfo]) -> None:
            self.progress = (done, total) if done < total else None
            if progress is not None:
                progress(done, total, listed)

        with self._lock:
            if self._stop.is_set():
                return 0  # the app is ending
            self._indexing = True
        try:
            return index.index(report, stop=self._stop)
        finally:
            self.progress = None
            self._indexing = False
            if self._stop.is_set():
                index.close()  # closed here: close() left it to the indexing

    def section_ids(self, path: Path) -> list[str]:
        """The Q&A ids of ``path`` as the index holds them (empty if it does not)."""
        index = self._index
        return index.section_ids(path) if index is not None else []

    @property
    def opened(self) -> Library | None:
        """The library's index, once opened."""
        return self._index

    def close(self) -> None:
        """Stop indexing (after the file being stored) and close the databases.

        When the app ends.  An index still being brought up to date is
        closed by its indexing, once the file it is storing is in and
        committed: what is stored stays, and the next start indexes the rest.
        """
        self._stop.set()
        with self._lock:
            main = None if self._indexing else self._index
            opened = [main, *self._extra.values()]
            self._index = None
            self._extra.clear()
        for index in opened:
            if index is not None:
                index.close()

    def _scope_of(self, path: Path | None) -> tuple[Library, Scope] | None:
        """The index and scope to search: the library's, or one interview's file."""
        index = self._index
        if index is None:
            return None
        if path is None:
            return index, index.scope()
        key = str(path.resolve())
        entry = index.entry(path)
        owner = index
        if entry is None:
            # Not a file of the library (opened from a search hit's path,
            # say): an index of its own, in memory.
            with self._lock:
                extra = self._extra.get(key)
                if extra is None:
                    from reader.search.library import open_library

                    extra = self._extra[key] = open_library([path], memory=True)
            owner = extra
            entry = owner.entry(path)
            if entry is None:
                return None
        if entry in owner.stale:
            # Changed on disk (reloaded) or not indexed yet: this file now.
            owner.index(only=[entry])
        return owner, owner.scope_of(entry)

    # -------------------------------------------------------------- searching

    def begin(self) -> Ticket:
        """A ticket for a new search; the one still running is interrupted."""
        from reader.search.store import Ticket

        ticket = Ticket()
        with self._lock:
            previous, self._ticket = self._ticket, ticket
            index = self._index
        if previous is not None and index is not None:
            index.store.cancel(previous)
            for extra in list(self._extra.values()):
                extra.store.cancel(previous)
        return ticket

    def run(self, text: str, path: Path | None, ticket: Ticket) -> Answer | None:
        """Search ``text`` in the library (``path`` None) or in one interview's file.

        Runs in a worker.  A phrase still being typed (an odd number of
        quotes) is searched as if closed: its closing quote comes last, and
        an error at every key until then would only blink; the result's
        query text then ends with the added quote (see :func:`open_phrase`).
        Raises QueryError for a query that cannot be searched and
        SearchCancelled when a newer search replaced this one; None when
        there is nothing to search yet.
        """
        from reader.search.query import QueryError, parse_query

        try:
            query = parse_query(text)
        except QueryError as error:
            if text.count('"') % 2 == 0:
                raise
            try:
                query = parse_query(text + '"')
            except QueryError:
                raise error from None
        found = self._scope_of(path)
        if found is None:
            return None
        index, scope = found
        # The first rows first: the counts of a large result take longer
        # (a common word in 10,000 interviews: 50 ms, then 200 ms), and
        # come in a second step (count).
        result = index.store.search(query, scope, PAGE, ticket, count=False)
        return Answer(result, index, scope)

    @staticmethod
    def count(answer: Answer, ticket: Ticket) -> Answer:
        """``answer`` with its exact counts (in the worker, after its rows are shown)."""
        counted = answer.library.store.counted(answer.result, answer.scope, ticket)
        return answer._replace(result=counted)

    def counted(self, answer: Answer) -> bool:
        """The counts of ``answer`` have come: True when it is the current search (and taken).

        The same query answered over another scope (a run that was not
        taken, or replaced since) is not.
        """
        if self.result is None or self._scope is not answer.scope:
            return False
        if self.result.query != answer.result.query:
            return False
        self.result = answer.result
        return True

    def accept(self, answer: Answer, library: bool) -> None:
        """Make ``answer`` the current search (its first page of hits)."""
        result = answer.result
        self.query = result.query
        self.result = result
        self.library = library
        self.current = -1
        self._owner, self._scope = answer.library, answer.scope
        self._pages = {0: list(result.hits)}

    @property
    def behind(self) -> bool:
        """True when the current search of the library covers only part of it.

        It was made while the library was being indexed: ``n``/``N`` then
        run it again over what is indexed now (:meth:`refresh`) before
        stepping, so that they go through the hits of the whole library once
        indexing is done.
        """
        return self.library and self.result is not None and self.result.partial

    def refresh(self, ticket: Ticket) -> Refreshed | None:
        """The current search over the files indexed now, and the current hit's place in it.

        Runs in a worker.  None when there is no search, or nothing was
        indexed since it ran.  Raises SearchCancelled when ``ticket`` is
        cancelled.
        """
        with self._lock:
            result, owner, current = self.result, self._owner, self.current
        if result is None or owner is None:
            return None
        scope = owner.scope()
        if len(scope.order) <= result.searched:
            return None
        store = owner.store
        fresh = store.search(result.query, scope, PAGE, ticket)
        hit = self._pages.get(current // PAGE, [])[current % PAGE :][:1] if current >= 0 else []
        place = store.position(result.query, scope, hit[0], ticket) if hit else None
        return Refreshed(result, Answer(fresh, owner, scope), -1 if place is None else place)

    def adopt(self, refreshed: Refreshed) -> bool:
        """Make the refreshed search current (unless another search replaced it meanwhile)."""
        # The same search (its counts may have come since), not a newer one.
        if self.result is None or self.result.query is not refreshed.before.query:
            return False
        with self._lock:
            self.result = refreshed.answer.result
            self._owner, self._scope = refreshed.answer.library, refreshed.answer.scope
            self._pages = {0: list(self.result.hits)}
            self.current = refreshed.current
        return True

    def clear(self) -> None:
        """Forget the search (and its highlights)."""
        self.query = None
        self.result = None
        self.current = -1
        self._pages = {}

    @property
    def total(self) -> int:
        """How many hits the current search has (0 without one)."""
        return self.result.total_hits if self.result is not None else 0

    @property
    def hits(self) -> list[Hit]:
        """The first page of hits of the current search (the rows listed)."""
        return self._pages.get(0, [])

    def hit(self, index: int) -> Hit | None:
        """Hit ``index`` of the current search, its page fetched when first reached."""
        if self.result is None or not 0 <= index < self.total:
            return None
        page, at = divmod(index, PAGE)
        hits = self._pages.get(page)
        if hits is None:
            owner, scope = self._owner, self._scope
            if owner is None or scope is None:
                return None
            store = owner.store
            ids = store.ids(self.result.query, scope, page * PAGE, PAGE)
            hits = self._pages[page] = store.hits(self.result.query, scope, ids)
        return hits[at] if at < len(hits) else None

    def step(self, direction: int) -> int | None:
        """The index ``direction`` hits on (1: the next, -1: the previous), wrapping; None if none.

        From no hit yet, the first hit is one on, and the last one back.
        """
        total = self.total
        if not total:
            return None
        start = self.current if self.current >= 0 else (-1 if direction > 0 else total)
        return (start + direction) % total

    def matches_in(
        self, interview: Interview, section: Section
    ) -> dict[TextRef, list[tuple[int, int]]]:
        """Every match of the query in the question and answers of ``section``."""
        query = self.query
        if query is None or not query.positive:
            return {}
        from reader.search.match import match_spans

        found: dict[TextRef, list[tuple[int, int]]] = {}
        spans = match_spans(query, section.question)
        if spans:
            found[("question", None)] = spans
        for number, answer in enumerate(section.answers):
            spans = match_spans(query, answer.quote)
            if spans:
                found[("answer", number)] = spans
            if answer.original is not None:
                spans = match_spans(query, answer.original)
                if spans:
                    found[("original", number)] = spans
        return found
