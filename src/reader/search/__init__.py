"""Search: the query language, matching, and the one index for the app and the CLI.

One query language (:func:`parse_query`) serves the UI's search bar and
``reader search``; docs/search.md is its reference.  The package by role:

- :mod:`~reader.search.query`: the query language (parse, errors);
- :mod:`~reader.search.normalize`: folding (case, accents, width) and tokens;
- :mod:`~reader.search.match`: what a match is, and where in a text;
- :mod:`~reader.search.records`: passages, indexed files, hits, results;
- :mod:`~reader.search.sql`: the index's layout (schema, row ids, facet
  tokens, FTS5 query text, scope);
- :mod:`~reader.search.store`: the SQLite FTS5 index, written and searched;
- :mod:`~reader.search.files`: which files, and where the index lives;
- :mod:`~reader.search.parsing`: what a pool worker reads of a file;
- :mod:`~reader.search.library`: a search's files and keeping their index
  current (in the user cache folder, or in memory);
- :mod:`~reader.search.scan`: the brute-force search the index is held to.

Typical use::

    from reader.search.library import open_library

    library = open_library(paths)  # or memory=True
    library.index()  # parse new and changed files
    result = library.store.search('lopez "supply chain" -energy by:amlo', library.scope(), 50)
    for hit in result.hits:
        print(hit.path, hit.number, hit.speaker, hit.matches)

:func:`match_spans` finds every match of a query in any text (to highlight a
quote that is on screen).

The names below are loaded from their submodules when first used.

Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

import sys

# Neither typing nor importlib: a warm ``reader search --count`` imports
# only what counting needs (see reader.cli.search).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from reader.search.match import match_spans
    from reader.search.normalize import fold
    from reader.search.query import Filter, Query, QueryError, Term, parse_query
    from reader.search.records import Hit, SearchCancelled, SearchResult

_HOMES = {
    "Hit": "records",
    "SearchCancelled": "records",
    "SearchResult": "records",
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
    # the query parser and the index, not the matching of hits.
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = f"reader.search.{home}"
    __import__(module)
    value = getattr(sys.modules[module], name)
    globals()[name] = value
    return value


__all__ = [
    "Filter",
    "Hit",
    "Query",
    "QueryError",
    "SearchCancelled",
    "SearchResult",
    "Term",
    "fold",
    "match_spans",
    "parse_query",
]
