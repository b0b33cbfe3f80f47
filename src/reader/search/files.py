"""Which files a search covers, and where its index lives: discovery, location, lock.

:func:`cache_dir` is where the index lives (``$READER_CACHE_DIR``, else
the user cache folder); :func:`discover` finds the interview files named
(folders expanded with :func:`reader.paths.files_below`) with their
resolved path and status; :class:`WriteLock` is the cache folder's lock for
writers.

Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

import os
import stat
import sys

from reader.paths import files_below
from reader.tuples import NamedTuple

TYPE_CHECKING = False  # not typing's: see reader.cli.search
if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path
    from typing import TypeVar

    PathT = TypeVar("PathT", bound="str | os.PathLike[str]")

__all__ = [
    "CacheUnavailable",
    "Entry",
    "WriteLock",
    "cache_dir",
    "cache_folder",
    "check_location",
    "discover",
    "remove_database",
]


class CacheUnavailable(Exception):
    """The on-disk index cannot be used for this search (the message says why)."""


def cache_dir() -> Path:
    """Where the cache lives: ``$READER_CACHE_DIR``, else the user cache folder."""
    from pathlib import Path

    return Path(cache_folder())


def cache_folder() -> str:
    """:func:`cache_dir` as a string (without importing pathlib: 3 ms of a warm count)."""
    configured = os.environ.get("READER_CACHE_DIR")
    if configured:
        return configured
    if sys.platform == "linux":
        # What platformdirs answers on Linux, in the cases where every
        # version of it agrees, without importing it: importing it costs
        # 16 ms (python -X importtime, 2026-12-04), a sixth of a warm
        # `reader search --count` (about 90 ms, bench/bench_search.py), whose
        # target is 2x ripgrep.  $XDG_CACHE_HOME when absolute, else ~/.cache.
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        if os.path.isabs(xdg):
            return os.path.join(xdg, "reader")
        home = os.environ.get("HOME", "")
        if not xdg and os.path.isabs(home):
            return os.path.join(home, ".cache", "reader")
    import platformdirs

    return str(platformdirs.user_cache_dir("reader"))


def _inside(child: str, parent: str) -> bool:
    """Whether the resolved path ``child`` is ``parent`` or below it (as Path.relative_to)."""
    child, parent = os.path.normcase(child), os.path.normcase(parent)
    return child == parent or child.startswith(os.path.join(parent, ""))


def check_location(
    directory: str | os.PathLike[str], paths: Sequence[str | os.PathLike[str]]
) -> None:
    """Raise :class:`CacheUnavailable` when the cache folder is inside a folder searched."""
    where = os.path.realpath(directory)
    for path in paths:
        try:
            root = os.path.realpath(path)
        except (OSError, ValueError):
            continue
        if os.path.isdir(root) and _inside(where, root):
            raise CacheUnavailable(
                f"the cache folder {directory} is inside {path}, which is being searched; "
                "searching without a cache (set READER_CACHE_DIR elsewhere)"
            )


def remove_database(database: str | os.PathLike[str]) -> None:
    import contextlib

    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{os.fspath(database)}{suffix}")


class FileStat(NamedTuple):
    """What the index compares of a file's status: its size and modification time.

    Kept instead of the whole ``os.stat_result`` (about 600 bytes with its
    integers, against about 120): a library holds one per file for the
    app's whole run.
    """

    st_size: int
    st_mtime_ns: int


class Entry(NamedTuple):
    """A file to search: as named, its resolved path (the cache key), its status."""

    name: str
    """The path as named (a folder argument joined with the path below it)."""
    key: bytes
    info: FileStat | None
    """None when it is not a regular file we can stat (the loader says why)."""

    @property
    def path(self) -> Path:
        """The path as named, as a :class:`~pathlib.Path` (made only when needed)."""
        from pathlib import Path

        return Path(self.name)


def discover(paths: Sequence[PathT], empty: list[PathT] | None = None) -> list[Entry]:
    """:func:`reader.paths.discover`, with cheap resolved paths and the file status.

    Same files in the same order (a test checks it), but each folder is
    resolved once instead of each file, and each file is stat-ed once here
    for both the duplicate check and the cache check.  The folders holding
    no interview file are appended to ``empty``.
    """
    entries: list[Entry] = []
    seen: set[str] = set()

    def add(text: str, key: str | None, item: os.DirEntry[str] | None) -> None:
        # One lstat tells both whether the name is a link and, when it is
        # not, the file's status (what stat would say).
        try:
            own: os.stat_result | None = (
                os.lstat(text) if item is None else item.stat(follow_symlinks=False)
            )
        except (OSError, ValueError):
            own = None
        link = own is not None and stat.S_ISLNK(own.st_mode)
        if key is None or link:
            try:
                key = os.path.realpath(text)
            except (OSError, ValueError):
                key = os.path.abspath(text)
        if key in seen:
            return
        seen.add(key)
        info = own
        if own is None or link:
            try:
                info = os.stat(text)
            except (OSError, ValueError):
                info = None
        if info is not None and not stat.S_ISREG(info.st_mode):
            info = None
        entries.append(
            Entry(
                text,
                os.fsencode(key),
                None if info is None else FileStat(info.st_size, info.st_mtime_ns),
            )
        )

    for path in paths:
        text = path if isinstance(path, str) else os.fspath(path)
        try:
            is_dir = os.path.isdir(text)
        except ValueError:
            is_dir = False
        if is_dir:
            below = files_below(text)
            if not below and empty is not None:
                empty.append(path)
            # Taken from the end of the reversed list, so that each directory
            # entry (and the status it caches) is freed once used: together
            # they would weigh about 1 KB a file at the peak.
            below.reverse()
            while below:
                name, key, item = below.pop()
                # The common case without a call of add(): a regular file,
                # no link, not seen yet (a tenth of the walk's own work).
                # Else add() decides; the entry keeps the status it read.
                try:
                    own = item.stat(follow_symlinks=False)
                except (OSError, ValueError):
                    own = None
                if own is not None and stat.S_ISREG(own.st_mode) and key not in seen:
                    seen.add(key)
                    status = FileStat(own.st_size, own.st_mtime_ns)
                    entries.append(Entry(name, os.fsencode(key), status))
                else:
                    add(name, key, item)
        else:
            add(text, None, None)
    return entries


class WriteLock:
    """The cache folder's lock for writers (readers need none: SQLite WAL)."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        from filelock import FileLock

        self._lock = FileLock(os.path.join(directory, "search.lock"), timeout=120)

    def __enter__(self) -> None:
        from filelock import Timeout

        try:
            self._lock.acquire()
        except Timeout as exc:
            raise CacheUnavailable(f"the search cache is locked ({self._lock.lock_file})") from exc

    def __exit__(self, *exc: object) -> None:
        self._lock.release()
