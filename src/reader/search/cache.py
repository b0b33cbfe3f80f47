"""The persistent search cache: parse each interview file once, search it many times.

``reader search`` keeps one SQLite database (:mod:`reader.search.fts`) in the
user cache folder: ``$READER_CACHE_DIR`` when set, else
``platformdirs.user_cache_dir("reader")`` (``~/.cache/reader`` on Linux).  It
holds, for every file searched, the file's resolved path, size and
modification time (nanoseconds), its people, and its passages with their
positions and folded text in a full-text index, or the file's first error.

:func:`open_index` checks each file named (after expanding folders) against
the database: an unchanged file (same resolved path, size and mtime) is not
read at all; a new or changed one is loaded with :func:`reader.loader.load_file`
and replaced, in its own transaction.  Updates take a file lock
(``search.lock``), so two ``reader search`` runs never interleave their writes.
When every file is unchanged, nothing is locked, written or parsed: the
database is only read (SQLite's write-ahead log lets readers run beside a
writer).  A database that cannot be read (corrupt, truncated, made by
another version) is deleted and built again.  Deleting the folder clears
the cache.

The cache is never written inside a folder being searched: if the cache
folder lies inside one, :class:`CacheUnavailable` is raised and the caller
searches without a cache.

Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from reader.paths import files_below
from reader.search.fts import FtsIndex, create_schema, delete_file, fts5_available, insert_file

if TYPE_CHECKING:
    from reader.model import LoadResult, Problem

__all__ = [
    "CACHE_FILE",
    "CacheUnavailable",
    "OpenedIndex",
    "cache_dir",
    "holds",
    "open_index",
]

CACHE_FILE = "search-v1.sqlite3"
"""The database's name inside the cache folder."""

_FORMAT = "2"
"""Bumped whenever what is stored changes meaning: an older database is rebuilt.

2: a file whose only errors are annotations not placed loads now (it was
listed as broken in 1).
"""

_COMMIT_EVERY = 64
"""Files loaded per transaction on a cold start (an interrupted build keeps its progress)."""


class CacheUnavailable(Exception):
    """The cache cannot be used for this search (the message says why)."""


def cache_dir() -> Path:
    """Where the cache lives: ``$READER_CACHE_DIR``, else the user cache folder."""
    configured = os.environ.get("READER_CACHE_DIR")
    if configured:
        return Path(configured)
    if sys.platform == "linux":
        # What platformdirs answers on Linux, in the cases where every
        # version of it agrees, without importing it (a tenth of a warm
        # search's start-up): $XDG_CACHE_HOME when absolute, else ~/.cache.
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        if os.path.isabs(xdg):
            return Path(xdg, "reader")
        home = os.environ.get("HOME", "")
        if not xdg and os.path.isabs(home):
            return Path(home, ".cache", "reader")
    import platformdirs

    return Path(platformdirs.user_cache_dir("reader"))


class OpenedIndex(NamedTuple):
    """What :func:`open_index` gives: the index and the files that did not load."""

    index: FtsIndex
    problems: list[Problem]
    """The first error of each file that could not be loaded, in path order."""
    loaded: int
    """How many files were (re)loaded from YAML this time (0 when all were cached)."""
    empty: list[Path]
    """The folders named that hold no interview file (each a problem to report)."""


def _stamp() -> dict[str, str]:
    # Folding depends on the Unicode tables; a new Python may fold
    # differently, and the stored index must match the query side.
    return {
        "format": _FORMAT,
        "unicode": unicodedata.unidata_version,
        "fts5": "1" if fts5_available() else "0",
    }


def _inside(child: Path, parent: Path) -> bool:
    try:
        child.relative_to(parent)
    except ValueError:
        return False
    return True


def _check_location(directory: Path, paths: Sequence[Path]) -> None:
    where = directory.resolve()
    for path in paths:
        try:
            root = Path(path).resolve()
        except (OSError, RuntimeError):
            continue
        if root.is_dir() and _inside(where, root):
            raise CacheUnavailable(
                f"the cache folder {directory} is inside {path}, which is being searched; "
                "searching without a cache (set READER_CACHE_DIR elsewhere)"
            )


def _remove_database(database: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{database}{suffix}")


def _connect(database: Path) -> sqlite3.Connection:
    """Open the database, creating or rebuilding it when it is not ours or is stale."""
    connection = sqlite3.connect(database, check_same_thread=False, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        stamp = _stamp()
        if "meta" in tables:
            stored = dict(connection.execute("SELECT key, value FROM meta").fetchall())
            if stored != stamp:
                connection.close()
                _remove_database(database)
                return _connect(database)
        elif tables:
            raise sqlite3.DatabaseError("not a reader search cache")
        create_schema(connection, use_fts=stamp["fts5"] == "1")
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", sorted(stamp.items())
        )
        connection.execute("COMMIT")
    except BaseException:
        connection.close()
        raise
    return connection


def _problem(result: LoadResult) -> Problem:
    errors = result.errors
    if errors:
        return errors[0]
    from reader.model import Problem

    return Problem(str(result.path), 1, 1, "cannot load this file")


class _Entry(NamedTuple):
    """A file to search: as named, its resolved path (the cache key), its status."""

    name: str
    """The path as named (a folder argument joined with the path below it)."""
    key: bytes
    info: os.stat_result | None
    """None when it is not a regular file we can stat (the loader says why)."""

    @property
    def path(self) -> Path:
        """The path as named, as a :class:`~pathlib.Path` (made only when needed)."""
        return Path(self.name)


def _discover(paths: Sequence[Path], empty: list[Path] | None = None) -> list[_Entry]:
    """:func:`reader.paths.discover`, with cheap resolved paths and the file status.

    Same files in the same order (a test checks it), but each folder is
    resolved once instead of each file, and each file is stat-ed once here
    for both the duplicate check and the cache check.  The folders holding
    no interview file are appended to ``empty``.
    """
    entries: list[_Entry] = []
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
        entries.append(_Entry(text, os.fsencode(key), info))

    for path in paths:
        text = os.fspath(path)
        try:
            is_dir = os.path.isdir(text)
        except ValueError:
            is_dir = False
        if is_dir:
            below = files_below(text)
            if not below and empty is not None:
                empty.append(Path(path))
            for name, key, item in below:
                add(name, key, item)
        else:
            add(text, None, None)
    return entries


_Record = tuple[int, int, int, str | None]
"""A cached file: id, size, mtime_ns, first error (JSON) or None."""


def _read_state(connection: sqlite3.Connection) -> dict[bytes, _Record] | None:
    """The cached files, or None when the database is not a current cache."""
    tables = {
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    if "meta" not in tables or "files" not in tables:
        return None
    if dict(connection.execute("SELECT key, value FROM meta").fetchall()) != _stamp():
        return None
    return {
        bytes(path): (file_id, size, mtime_ns, error)
        for file_id, path, size, mtime_ns, error in connection.execute(
            "SELECT id, path, size, mtime_ns, error FROM files"
        )
    }


def _fresh(entry: _Entry, known: dict[bytes, _Record]) -> bool:
    record = known.get(entry.key)
    info = entry.info
    return info is None or (
        record is not None and (record[1], record[2]) == (info.st_size, info.st_mtime_ns)
    )


def _vanished(paths: Sequence[Path], entries: list[_Entry], known: dict[bytes, _Record]) -> bool:
    """True when a cached file below a searched folder is gone (deleted or renamed)."""
    roots: list[bytes] = []
    for path in paths:
        try:
            if os.path.isdir(path):
                roots.append(os.fsencode(os.path.join(os.path.realpath(path), "")))
        except (OSError, ValueError):
            continue
    if not roots:
        return False
    current = {entry.key for entry in entries}
    return any(
        key not in current
        and any(key.startswith(root) for root in roots)
        and not os.path.exists(os.fsdecode(key))
        for key in known
    )


class _Lock:
    """The cache folder's lock for writers (readers need none: SQLite WAL)."""

    def __init__(self, directory: Path) -> None:
        from filelock import FileLock

        self._lock = FileLock(str(directory / "search.lock"), timeout=120)

    def __enter__(self) -> None:
        from filelock import Timeout

        try:
            self._lock.acquire()
        except Timeout as exc:
            raise CacheUnavailable(f"the search cache is locked ({self._lock.lock_file})") from exc

    def __exit__(self, *exc: object) -> None:
        self._lock.release()


def open_index(
    paths: Sequence[Path], *, directory: Path | None = None, max_loads: int | None = None
) -> OpenedIndex:
    """The cached index over the interview files in ``paths`` (folders expanded).

    Loads new and changed files into the cache first (under the cache's
    lock); when nothing changed, nothing is written and no YAML is parsed.
    Raises :class:`CacheUnavailable` when the cache cannot be used at all
    (its folder is inside a searched folder or cannot be created, it stays
    locked, or the database stays unreadable after a rebuild): search
    without it then.  With ``max_loads``, it is also raised, before any
    file is parsed, when more files than that are new or changed (the app
    asks so: it parses every file itself, and would rather not twice).
    """
    directory = cache_dir() if directory is None else directory
    _check_location(directory, paths)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CacheUnavailable(f"cannot create the cache folder {directory}: {exc}") from exc
    database = directory / CACHE_FILE
    empty: list[Path] = []
    entries = _discover(paths, empty)
    for attempt in range(2):
        try:
            return _open(database, paths, entries, max_loads)._replace(empty=empty)
        except sqlite3.DatabaseError as exc:
            # Corrupt or foreign: throw it away and build it again, once.
            if attempt:
                raise CacheUnavailable(f"the search cache {database} is unusable: {exc}") from exc
            with _Lock(directory):
                _remove_database(database)
        except OSError as exc:
            raise CacheUnavailable(f"cannot use the search cache in {directory}: {exc}") from exc
    raise AssertionError("unreachable")  # pragma: no cover


def holds(paths: Sequence[Path], *, directory: Path | None = None) -> bool:
    """True when the cache holds every file in ``paths``, unchanged (nothing to parse)."""
    try:
        opened = open_index(paths, directory=directory, max_loads=0)
    except CacheUnavailable:
        return False
    opened.index.close()
    return True


def _open(
    database: Path, paths: Sequence[Path], entries: list[_Entry], max_loads: int | None
) -> OpenedIndex:
    known: dict[bytes, _Record] | None = None
    if database.exists():
        connection = sqlite3.connect(database, check_same_thread=False, isolation_level=None)
        try:
            known = _read_state(connection)
            if (
                known is not None
                and all(_fresh(entry, known) for entry in entries)
                and not _vanished(paths, entries, known)
            ):
                return _finish(connection, entries, known, 0)
        except BaseException:
            connection.close()
            raise
        connection.close()
    if max_loads is not None:
        stale = sum(1 for entry in entries if not _fresh(entry, known or {}))
        if stale > max_loads:
            raise CacheUnavailable(
                f"{stale} of {len(entries)} files are not in the search cache yet"
            )
    with _Lock(database.parent):
        connection = _connect(database)
        try:
            known = _read_state(connection) or {}
            loaded = _update(connection, entries, known)
            _prune(connection, known, {entry.key for entry in entries})
            return _finish(connection, entries, known, loaded)
        except BaseException:
            connection.close()
            raise


def _update(
    connection: sqlite3.Connection, entries: list[_Entry], known: dict[bytes, _Record]
) -> int:
    """Load the new and changed files into the cache; return how many."""
    use_fts = fts5_available()
    stale = [entry for entry in entries if not _fresh(entry, known)]
    if not stale:
        return 0
    from reader.loader import load_file
    from reader.search.engine import passages_of

    for start in range(0, len(stale), _COMMIT_EVERY):
        connection.execute("BEGIN IMMEDIATE")
        try:
            for entry in stale[start : start + _COMMIT_EVERY]:
                info = entry.info
                assert info is not None
                result = load_file(entry.path)
                record = known.get(entry.key)
                if record is not None:
                    delete_file(connection, record[0], use_fts=use_fts)
                error = None
                if result.interview is None:
                    first = _problem(result)
                    import json

                    error = json.dumps([first.line, first.column, first.message])
                file_id = insert_file(
                    connection,
                    Path(os.fsdecode(entry.key)),
                    info.st_size,
                    info.st_mtime_ns,
                    result.interview,
                    passages_of(result.interview) if result.interview is not None else [],
                    use_fts=use_fts,
                    error=error,
                )
                known[entry.key] = (file_id, info.st_size, info.st_mtime_ns, error)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    return len(stale)


def _finish(
    connection: sqlite3.Connection,
    entries: list[_Entry],
    known: dict[bytes, _Record],
    loaded: int,
) -> OpenedIndex:
    """The index over ``entries`` (all cached now) and their problems."""
    problems: list[Problem] = []
    order: list[int] = []
    shown: dict[int, str] = {}
    for entry in entries:
        if entry.info is None:
            # Missing, a folder, a FIFO...: the loader says why, at 1:1.
            from reader.loader import load_file

            problems.append(_problem(load_file(entry.path)))
            continue
        file_id, _, _, error = known[entry.key]
        if error is not None:
            # Imported only when a file has an error: a warm, clean search
            # needs neither the model nor json.
            import json

            from reader.model import Problem

            line, column, message = json.loads(error)
            problems.append(Problem(str(entry.path), line, column, message))
        elif file_id not in shown:
            order.append(file_id)
            shown[file_id] = entry.name
    cached_files = sum(1 for record in known.values() if record[3] is None)
    index = FtsIndex(
        connection,
        shown,
        order,
        use_fts=fts5_available(),
        whole=len(order) == cached_files,
    )
    return OpenedIndex(index, problems, loaded, [])


def _prune(
    connection: sqlite3.Connection, known: dict[bytes, _Record], current: set[bytes]
) -> None:
    """Forget files that no longer exist (the cache would otherwise only grow)."""
    gone = [key for key in known if key not in current and not os.path.exists(os.fsdecode(key))]
    if not gone:
        return
    use_fts = fts5_available()
    connection.execute("BEGIN IMMEDIATE")
    try:
        for key in gone:
            delete_file(connection, known.pop(key)[0], use_fts=use_fts)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
