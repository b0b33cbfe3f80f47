"""Search: the query language, matching, the index and its persistent cache.

One query language (:func:`parse_query`) serves the UI's search bar and
``reader search``; docs/search.md is its reference.  Typical use::

    from reader.search import SearchIndex, parse_query

    index = SearchIndex.from_interviews(interviews)
    result = index.search('lopez "supply chain" -energy by:amlo', limit=200)
    for hit in result.hits:
        print(hit.path, hit.number, hit.speaker, hit.matches)

:func:`match_spans` finds every match of a query in any text (to highlight a
quote that is on screen).  :func:`reader.search.cache.open_index` opens the
persistent index that ``reader search`` uses.

The names below are loaded from their submodules when first used.

Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.search.engine import Hit, SearchCancelled, SearchIndex, SearchResult
    from reader.search.match import match_spans
    from reader.search.normalize import fold
    from reader.search.query import Filter, Query, QueryError, Term, parse_query

_HOMES = {
    "Hit": "engine",
    "SearchCancelled": "engine",
    "SearchIndex": "engine",
    "SearchResult": "engine",
    "match_spans": "match",
    "fold": "normalize",
    "Filter": "query",
    "Query": "query",
    "QueryError": "query",
    "Term": "query",
    "parse_query": "query",
}


def __getattr__(name: str) -> object:
    # The submodules load on first use: ``reader search --count`` imports
    # the query parser and the cache, not the in-memory engine.
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"reader.search.{home}"), name)
    globals()[name] = value
    return value


__all__ = [
    "Filter",
    "Hit",
    "Query",
    "QueryError",
    "SearchCancelled",
    "SearchIndex",
    "SearchResult",
    "Term",
    "fold",
    "match_spans",
    "parse_query",
]
