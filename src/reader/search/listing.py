"""The library's listing, held compactly: about 300 bytes a file, decoded when read.

The app lists every file of a library (title, people, date, counts,
errors: a :class:`~reader.search.parsing.FileInfo` each) and keeps that
listing for its whole run: the library table draws its rows from it, the
filter reads it, "next unverified claim" and "compare answers" look
through it.  As Python objects (a ``Path``, a summary dict and its lists,
the tuples of names) a file costs about 2 KB, 20 MB at 10,000 interviews,
and that is what made the app's memory grow with the library.
:class:`Listing` keeps each file as one ``marshal`` record (its own data,
never read from outside this process) and a folder index, and makes the
:class:`FileInfo` again when a row is asked for: a few microseconds, for
the rows drawn (a screenful) or a pass over the library (a filter, a
search for the next claim).

Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

import marshal
import os
from array import array
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import overload

from reader.search.parsing import FileInfo

__all__ = ["Listing"]

_SUMMARY_KEYS = (
    "date",
    "sections",
    "annotations",
    "tags",
    "unverified",
    "unverified_places",
    "topics",
    "section_ids",
)
"""The keys of a file's summary (:func:`reader.search.parsing.summary_of`)."""


class Listing(Sequence[FileInfo]):
    """Files as the library lists them, in the order given, kept as compact records."""

    def __init__(self, infos: Iterable[FileInfo] = ()) -> None:
        self._records: list[bytes] = []
        self._ranks = array("q")
        self._folders: list[str] = []
        self._folder_ids: dict[str, int] = {}
        self._names: list[str] = []
        self._name_ids: dict[str, int] = {}
        self.broken = 0
        """How many of the files listed could not be loaded."""
        self.extend(infos)

    def _name_id(self, name: str) -> int:
        # The same people recur across a library: each name is kept once.
        number = self._name_ids.get(name)
        if number is None:
            number = self._name_ids[name] = len(self._names)
            self._names.append(name)
        return number

    def _pack(self, info: FileInfo) -> bytes:
        folder, name = os.path.split(os.fspath(info.path))
        number = self._folder_ids.get(folder)
        if number is None:
            number = self._folder_ids[folder] = len(self._folders)
            self._folders.append(folder)
        summary = info.summary
        # The summary's usual keys by their place (a bit each says which are
        # there), not their names in every record; any other key as is.
        present = 0
        values = []
        for bit, key in enumerate(_SUMMARY_KEYS):
            if key in summary:
                present |= 1 << bit
                values.append(summary[key])
        others = {key: value for key, value in summary.items() if key not in _SUMMARY_KEYS}
        return marshal.dumps(
            (
                number,
                name,
                info.interview,
                info.title,
                tuple(tuple(self._name_id(n) for n in names) for names in info.people),
                present,
                tuple(values),
                others or None,
                [tuple(error) for error in info.errors],
            )
        )

    def _unpack(self, index: int) -> FileInfo:
        number, name, interview, title, people, present, values, others, errors = marshal.loads(
            self._records[index]
        )
        folder = self._folders[number]
        names = self._names
        place = iter(values)
        summary = {key: next(place) for bit, key in enumerate(_SUMMARY_KEYS) if present >> bit & 1}
        if others:
            summary.update(others)
        return FileInfo(
            Path(os.path.join(folder, name) if folder else name),
            interview,
            title,
            tuple(tuple(names[n] for n in person) for person in people),
            summary,
            errors,
            self._ranks[index],
        )

    def __len__(self) -> int:
        return len(self._records)

    @overload
    def __getitem__(self, index: int) -> FileInfo: ...

    @overload
    def __getitem__(self, index: slice) -> list[FileInfo]: ...

    def __getitem__(self, index: int | slice) -> FileInfo | list[FileInfo]:
        if isinstance(index, slice):
            return [self._unpack(i) for i in range(*index.indices(len(self._records)))]
        if index < 0:
            index += len(self._records)
        if not 0 <= index < len(self._records):
            raise IndexError("listing index out of range")
        return self._unpack(index)

    def __iter__(self) -> Iterator[FileInfo]:
        for index in range(len(self._records)):
            yield self._unpack(index)

    def rank(self, index: int) -> int:
        """The rank of the file at ``index`` (without decoding it; -1 is the last)."""
        return self._ranks[index]

    def append(self, info: FileInfo) -> None:
        """Add a file at the end."""
        self._records.append(self._pack(info))
        self._ranks.append(info.rank)
        self.broken += not info.ok

    def extend(self, infos: Iterable[FileInfo]) -> None:
        """Add files at the end, in their order."""
        for info in infos:
            self.append(info)

    def __setitem__(self, index: int, info: FileInfo) -> None:
        """Replace the file at ``index`` (a file reloaded)."""
        self.broken += (not info.ok) - (not self[index].ok)
        self._records[index] = self._pack(info)
        self._ranks[index] = info.rank

    def sort_by_rank(self) -> None:
        """Put the files in rank order (path order), as the library lists them."""
        order = sorted(range(len(self._records)), key=self._ranks.__getitem__)
        self._records = [self._records[i] for i in order]
        self._ranks = array("q", (self._ranks[i] for i in order))

    def index_of(self, path: Path) -> int | None:
        """Where the file ``path`` (as named) is listed, if it is."""
        folder, name = os.path.split(os.fspath(path))
        number = self._folder_ids.get(folder)
        if number is None:
            return None
        for index in range(len(self._records)):
            found_number, found_name = marshal.loads(self._records[index])[:2]
            if found_number == number and found_name == name:
                return index
        return None

    def nbytes(self) -> int:
        """Roughly what the records take in memory (for the benchmarks)."""
        import sys

        return (
            sum(sys.getsizeof(record) for record in self._records)
            + sys.getsizeof(self._records)
            + self._ranks.itemsize * len(self._ranks)
        )
