"""The app's search state: the query, its hits, the current hit, the indexes.

Kept apart from the widgets: the app asks this object to run a query (from
a thread worker), to say which hit ``n``/``N`` lead to, and which characters
of a shown Q&A to highlight.  Indexes are built once per set of interviews
(an interview reloaded from disk is a new object, so it gets a new index).

A large library's index can only be built once its last file is loaded,
which takes many seconds.  Until then, searches of the library go to the
persistent search cache (:mod:`reader.search.cache`, the one ``reader
search`` uses) when it already holds the library's files: the same hits,
from SQLite, at once.  The app fills that cache after building the index,
so that the next start can search at once.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from reader.model import Interview, Section
    from reader.search import Hit, Query, SearchIndex, SearchResult
    from reader.search.fts import FtsIndex
    from reader.ui.widgets.quote_view import TextRef

__all__ = ["CACHE_FLOOR", "RESULT_LIMIT", "SearchState", "open_phrase"]

RESULT_LIMIT = 1000
"""Hits kept for ``n``/``N`` (the counts always cover them all)."""

_PAIRS_INLINE = 20
"""Up to this many interviews, an index is built whole at once."""

CACHE_FLOOR = 20
"""Libraries of more files than this use the persistent search cache."""

_CACHE_STALE = 20
"""At start, the cache is used when at most this many files must be (re)read into it."""


def open_phrase(result: SearchResult, text: str) -> bool:
    """True when ``result`` answers ``text`` with its unclosed phrase closed."""
    return result.query.text != text


@dataclass
class SearchState:
    """What was searched, what was found, and where ``n``/``N`` are."""

    query: Query | None = None
    result: SearchResult | None = None
    library: bool = False
    """True when the hits come from every open interview."""
    current: int = -1
    """Index of the hit last opened (``n`` goes to the one after)."""
    cache: FtsIndex | None = None
    """The persistent cache over the library, searched until its own index is built."""
    _indexes: dict[tuple[int, ...], SearchIndex] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _opened: list[FtsIndex] = field(default_factory=list)

    def open_cache(self, paths: Sequence[Path]) -> bool:
        """Search ``paths`` from the persistent cache until the library is indexed.

        Only when the cache already holds (nearly) all the files: a file
        new to it is parsed here, and the app is parsing every file anyway.
        Returns whether the cache is in use.  Runs in the loader's worker.
        """
        import sqlite3

        from reader.search.cache import CacheUnavailable, open_index

        try:
            opened = open_index(paths, max_loads=_CACHE_STALE)
        except (CacheUnavailable, OSError, sqlite3.Error):
            return False
        self._opened.append(opened.index)
        self.cache = opened.index
        return True

    def library_indexed(self, paths: Sequence[Path], *, fill_cache: bool) -> None:
        """The library's own index is built: stop using the cache, and fill it if asked.

        Filling parses the files the cache lacks (all of them, the first
        time), so that the next start can search at once; it runs in the
        loader's worker, after everything else, and its progress is kept
        if the app quits meanwhile.
        """
        self.cache = None
        if not fill_cache:
            return
        import contextlib
        import sqlite3

        from reader.search.cache import CacheUnavailable, open_index

        # The cache is a convenience: without it, the next start searches
        # once the library is indexed, as this one did.
        with contextlib.suppress(CacheUnavailable, OSError, sqlite3.Error):
            open_index(paths).index.close()

    def close(self) -> None:
        """Close the cache's database (when the app ends)."""
        self.cache = None
        for index in self._opened:
            index.close()
        self._opened.clear()

    def searchable(self, interviews: Sequence[Interview], library: bool) -> SearchIndex | FtsIndex:
        """What to search ``interviews`` with, right now.

        Their index when it is built; else, for the library, the cache when
        it is in use; else their index, built now (the caller is a worker).
        """
        cache = self.cache
        if library and cache is not None and not self.has_index(interviews):
            return cache
        return self.index_for(interviews)

    @property
    def hits(self) -> Sequence[Hit]:
        """The listed hits of the current search."""
        return self.result.hits if self.result is not None else []

    def has_index(self, interviews: Sequence[Interview]) -> bool:
        """True when the index of these interviews is already built."""
        return tuple(id(interview) for interview in interviews) in self._indexes

    def index_for(self, interviews: Sequence[Interview]) -> SearchIndex:
        """The index of exactly these interviews (built on first use; thread-safe)."""
        key = tuple(id(interview) for interview in interviews)
        with self._lock:
            index = self._indexes.get(key)
            if index is None:
                from reader.search import SearchIndex

                # Keep only the newest few: a library, an interview, a reload.
                if len(self._indexes) > 4:
                    self._indexes.clear()
                # A large library's pair postings come later, from the
                # loader's worker (build_pairs): searches work meanwhile.
                index = SearchIndex.from_interviews(
                    list(interviews), pairs=len(interviews) <= _PAIRS_INLINE
                )
                self._indexes[key] = index
            return index

    @staticmethod
    def run(index: SearchIndex | FtsIndex, text: str) -> SearchResult:
        """Run ``text`` (may raise QueryError) against ``index``.

        A phrase still being typed (an odd number of quotes) is searched as
        if closed: its closing quote comes last, and an error at every key
        until then would only blink.  The result's query text then ends with
        the added quote (see :func:`open_phrase`).
        """
        from reader.search import QueryError, parse_query

        try:
            query = parse_query(text)
        except QueryError as error:
            if text.count('"') % 2 == 0:
                raise
            try:
                query = parse_query(text + '"')
            except QueryError:
                raise error from None
        return index.search(query, limit=RESULT_LIMIT)

    def accept(self, result: SearchResult, library: bool) -> None:
        """Make ``result`` the current search."""
        self.query = result.query
        self.result = result
        self.library = library
        self.current = -1

    def clear(self) -> None:
        """Forget the search (and its highlights)."""
        self.query = None
        self.result = None
        self.current = -1

    def step(self, direction: int) -> int | None:
        """The index of the next (1) or previous (-1) hit, wrapping; None if none."""
        hits = self.hits
        if not hits:
            return None
        if self.current < 0:
            return 0 if direction > 0 else len(hits) - 1
        return (self.current + direction) % len(hits)

    def matches_in(
        self, interview: Interview, section: Section
    ) -> dict[TextRef, list[tuple[int, int]]]:
        """Every match of the query in the question and answers of ``section``."""
        query = self.query
        if query is None or not query.positive:
            return {}
        from reader.search import match_spans

        found: dict[TextRef, list[tuple[int, int]]] = {}
        spans = match_spans(query, section.question)
        if spans:
            found[("question", None)] = spans
        for number, answer in enumerate(section.answers):
            spans = match_spans(query, answer.quote)
            if spans:
                found[("answer", number)] = spans
        return found
