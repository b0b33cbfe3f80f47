"""What the index stores of a file, read in a pool worker: passages, summary, errors.

:func:`parse_for_index` loads one file (in a process of the indexing pool)
and returns its :data:`Parsed` record; :class:`FileInfo` is a file as the
library lists it, from the index or (:func:`file_info`) from a file just
loaded.

Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

from reader.tuples import NamedTuple

# The records and the rows are imported when a file is parsed: the library
# imports this module for FileInfo, and a warm `reader search --count`
# parses nothing (see reader.cli.search on TYPE_CHECKING).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path
    from typing import Any

    from reader.model import Interview, LoadResult
    from reader.search.records import IndexedFile
    from reader.search.sql import FileRows

__all__ = [
    "FileInfo",
    "Parsed",
    "error_of",
    "file_info",
    "parse_for_index",
    "record_of",
    "summary_of",
]

Parsed = tuple["IndexedFile | None", "FileRows", "dict[str, object]", "list[tuple[int, int, str]]"]
"""What :func:`parse_for_index` gives: the file, its passages as the index's rows, its
summary and its errors."""


def record_of(result: LoadResult) -> Parsed:
    """What the index stores of a loaded file (see :data:`Parsed`)."""
    from reader.search.records import indexed_file, passages_of
    from reader.search.sql import FileRows, file_rows

    interview = result.interview
    if interview is None:
        errors = result.errors or result.problems
        found = [(e.line, e.column, e.message) for e in errors] or [(1, 1, "cannot load this file")]
        return None, FileRows([], []), {}, found
    return indexed_file(interview), file_rows(passages_of(interview)), summary_of(interview), []


def parse_for_index(path: str) -> Parsed:
    """Load the file ``path`` and return what the index stores (runs in pool workers)."""
    import gc
    from pathlib import Path

    from reader.loader import load_file

    # As the loader does: no cycles are made, and the collector would only
    # rescan the rows built (a tenth of the time to build them).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return record_of(load_file(Path(path)))
    finally:
        if was_enabled:
            gc.enable()


class FileInfo(NamedTuple):
    """A file as the library lists it, from the index (no YAML parsed)."""

    path: Path
    """As named (a folder argument joined with the path below it)."""
    interview: str | None
    """The interview's id (None for a file that does not load)."""
    title: str | None
    people: Sequence[Sequence[str]]
    """Each person's name followed by their other names, in the file's order."""
    summary: dict[str, Any]
    """``date``, ``sections`` and ``annotations`` (counts), ``tags`` and
    ``section_ids`` (empty for a broken file)."""
    errors: list[tuple[int, int, str]]
    """Line, column and message of each error; empty when the file loaded."""
    rank: int = 0
    """The file's place among the files of the library (path order)."""

    @property
    def ok(self) -> bool:
        """True when the file loaded."""
        return self.interview is not None


def summary_of(interview: Interview) -> dict[str, Any]:
    """What the library lists of an interview besides its title and people.

    ``unverified`` is the number of unverified claims (None when the
    interview has no fact-check) and ``unverified_places`` where they are
    (:func:`reader.claims.unverified_places`), so that the library's column
    and "next unverified claim" need no parse; ``topics`` are its sections'
    topics, for "Compare answers on this topic".
    """
    from reader.claims import claims, unverified_places

    places = unverified_places(interview)
    return {
        "date": interview.date,
        "sections": len(interview.sections),
        "annotations": interview.annotation_count,
        "tags": list(interview.tags),
        "section_ids": [section.id for section in interview.sections],
        "unverified": len(places) if claims(interview) else None,
        "unverified_places": [list(place) for place in places],
        "topics": sorted({topic for section in interview.sections for topic in section.topics}),
    }


def file_info(result: LoadResult, rank: int = 0) -> FileInfo:
    """The :class:`FileInfo` of a file just loaded (a reload, a single file)."""
    interview = result.interview
    if interview is None:
        errors = result.errors or result.problems
        found = [(e.line, e.column, e.message) for e in errors] or [(1, 1, "cannot load this file")]
        return FileInfo(result.path, None, None, [], {}, found, rank)
    people = [[person.name, *person.aka] for person in interview.people.values()]
    return FileInfo(
        result.path, interview.id, interview.title, people, summary_of(interview), [], rank
    )


def error_of(stored: list[Any]) -> tuple[int, int, str]:
    """An error as stored (a JSON list) back as (line, column, message)."""
    line, column, message = stored
    return int(line), int(column), str(message)
