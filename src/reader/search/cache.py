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
A database that cannot be read (corrupt, truncated, made by another version)
is deleted and built again.  Deleting the folder clears the cache.

The cache is never written inside a folder being searched: if the cache
folder lies inside one, :class:`CacheUnavailable` is raised and the caller
searches without a cache.

Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.model import LoadResult, Problem
from reader.paths import discover
from reader.search.engine import IndexedFile, passages_of
from reader.search.fts import (
    FtsIndex,
    create_schema,
    delete_file,
    fts5_available,
    indexed_file_from_row,
    insert_file,
)

__all__ = [
    "CACHE_FILE",
    "CacheUnavailable",
    "OpenedIndex",
    "cache_dir",
    "open_index",
]

CACHE_FILE = "search-v1.sqlite3"
"""The database's name inside the cache folder."""

_FORMAT = "1"
"""Bumped whenever what is stored changes meaning: an older database is rebuilt."""

_COMMIT_EVERY = 64
"""Files loaded per transaction on a cold start (an interrupted build keeps its progress)."""


class CacheUnavailable(Exception):
    """The cache cannot be used for this search (the message says why)."""


def cache_dir() -> Path:
    """Where the cache lives: ``$READER_CACHE_DIR``, else the user cache folder."""
    configured = os.environ.get("READER_CACHE_DIR")
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("reader"))


@dataclass(slots=True)
class OpenedIndex:
    """What :func:`open_index` gives: the index and the files that did not load."""

    index: FtsIndex
    problems: list[Problem]
    """The first error of each file that could not be loaded, in path order."""
    loaded: int
    """How many files were (re)loaded from YAML this time (0 when all were cached)."""


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
    return Problem(str(result.path), 1, 1, "cannot load this file")


def _key(path: Path) -> bytes:
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        resolved = path.absolute()
    return os.fsencode(resolved)


def open_index(paths: Sequence[Path], *, directory: Path | None = None) -> OpenedIndex:
    """The cached index over the interview files in ``paths`` (folders expanded).

    Loads new and changed files into the cache first.  Raises
    :class:`CacheUnavailable` when the cache cannot be used at all (its
    folder is inside a searched folder, cannot be created, or the database
    stays unreadable after a rebuild): search without it then.
    """
    from filelock import FileLock, Timeout

    directory = cache_dir() if directory is None else directory
    _check_location(directory, paths)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CacheUnavailable(f"cannot create the cache folder {directory}: {exc}") from exc
    database = directory / CACHE_FILE
    files = discover(Path(p) for p in paths)
    lock = FileLock(str(directory / "search.lock"), timeout=120)
    for attempt in range(2):
        try:
            with lock:
                connection = _connect(database)
                try:
                    return _update(connection, files)
                except BaseException:
                    connection.close()
                    raise
        except Timeout as exc:
            raise CacheUnavailable(f"the search cache in {directory} is locked") from exc
        except sqlite3.DatabaseError as exc:
            # Corrupt or foreign: throw it away and build it again, once.
            if attempt:
                raise CacheUnavailable(f"the search cache {database} is unusable: {exc}") from exc
            _remove_database(database)
        except OSError as exc:
            raise CacheUnavailable(f"cannot use the search cache in {directory}: {exc}") from exc
    raise AssertionError("unreachable")  # pragma: no cover


def _update(connection: sqlite3.Connection, files: list[Path]) -> OpenedIndex:
    from reader.loader import load_file

    use_fts = fts5_available()
    known: dict[bytes, tuple[int, int, int, str | None]] = {
        bytes(path): (file_id, size, mtime_ns, error)
        for file_id, path, size, mtime_ns, error in connection.execute(
            "SELECT id, path, size, mtime_ns, error FROM files"
        )
    }
    order: list[int] = []
    shown: dict[int, Path] = {}
    problems: list[Problem] = []
    loaded = 0
    pending = 0
    in_transaction = False
    try:
        for path in files:
            try:
                info = os.stat(path)
            except OSError:
                info = None
            if info is None or not stat.S_ISREG(info.st_mode):
                # Missing, a folder, a FIFO...: the loader says why, at 1:1.
                problems.append(_problem(load_file(path)))
                continue
            key = _key(path)
            record = known.get(key)
            if record is not None and (record[1], record[2]) == (info.st_size, info.st_mtime_ns):
                file_id, _, _, error = record
            else:
                result = load_file(path)
                loaded += 1
                if not in_transaction:
                    connection.execute("BEGIN IMMEDIATE")
                    in_transaction = True
                if record is not None:
                    delete_file(connection, record[0], use_fts=use_fts)
                error = None
                if result.interview is None:
                    first = _problem(result)
                    error = json.dumps([first.line, first.column, first.message])
                file_id = insert_file(
                    connection,
                    Path(os.fsdecode(key)),
                    info.st_size,
                    info.st_mtime_ns,
                    result.interview,
                    passages_of(result.interview) if result.interview is not None else [],
                    use_fts=use_fts,
                    error=error,
                )
                known[key] = (file_id, info.st_size, info.st_mtime_ns, error)
                pending += 1
                if pending >= _COMMIT_EVERY:
                    connection.execute("COMMIT")
                    in_transaction = False
                    pending = 0
            if error is not None:
                line, column, message = json.loads(error)
                problems.append(Problem(str(path), line, column, message))
                continue
            if file_id not in shown:
                order.append(file_id)
                shown[file_id] = path
        if in_transaction:
            connection.execute("COMMIT")
            in_transaction = False
    except BaseException:
        if in_transaction:
            connection.execute("ROLLBACK")
        raise
    _prune(connection, known, use_fts=use_fts)
    rows = {
        file_id: (interview, title, people)
        for file_id, interview, title, people in connection.execute(
            "SELECT id, interview, title, people FROM files WHERE error IS NULL"
        )
    }
    indexed: dict[int, IndexedFile] = {
        file_id: indexed_file_from_row(shown[file_id], *rows[file_id]) for file_id in order
    }
    speaker_ids = {
        (file_id, key): speaker_id
        for speaker_id, file_id, key in connection.execute("SELECT id, file, key FROM speakers")
    }
    index = FtsIndex(connection, indexed, order, speaker_ids, use_fts=use_fts)
    return OpenedIndex(index, problems, loaded)


def _prune(
    connection: sqlite3.Connection,
    known: dict[bytes, tuple[int, int, int, str | None]],
    *,
    use_fts: bool,
) -> None:
    """Forget files that no longer exist (the cache would otherwise only grow)."""
    gone = [record[0] for key, record in known.items() if not os.path.exists(os.fsdecode(key))]
    if not gone:
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        for file_id in gone:
            delete_file(connection, file_id, use_fts=use_fts)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
