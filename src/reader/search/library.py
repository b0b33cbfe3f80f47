"""The library's index: which files a search covers, and keeping their index current.

:func:`open_library` finds the interview files named (folders expanded, as
:func:`reader.paths.discover` does), opens the one search index
(:class:`reader.search.store.Store`) in the user cache folder
(``$READER_CACHE_DIR`` when set, else ``platformdirs.user_cache_dir("reader")``,
``~/.cache/reader`` on Linux), or in memory for ``--no-cache``, and
compares each file's resolved path, size and modification time with what
the index holds.  :meth:`Library.index` then parses the new and changed
files (in a process pool when there are many: parsing YAML is CPU-bound,
and threads would share one core under the GIL) and stores them, a batch
per transaction, so that an interrupted indexing keeps its progress; the
files indexed so far are searchable meanwhile (:meth:`Library.scope`).

Writers take a file lock (``search.lock``); readers need none (SQLite's
write-ahead log).  A database that cannot be read (corrupt, or made by
another version of ``reader`` or of Python's Unicode tables) is deleted and
built again.  The cache is never written inside a folder being searched:
then :class:`CacheUnavailable` is raised and the caller indexes in memory.

Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat
import sys
import threading
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from reader.paths import files_below
from reader.search.normalize import fold
from reader.search.records import IndexedFile, Passage, indexed_file, passages_of
from reader.search.store import Scope, Store, fts5_available

if TYPE_CHECKING:
    from reader.model import Interview, LoadResult, Problem

__all__ = [
    "CACHE_FILE",
    "CacheUnavailable",
    "FileInfo",
    "Library",
    "cache_dir",
    "file_info",
    "index_interviews",
    "open_library",
    "parse_for_index",
    "summary_of",
]

CACHE_FILE = "search-v2.sqlite3"
"""The database's name inside the cache folder."""

_FORMAT = "3"
"""Bumped whenever what is stored changes meaning: an older database is rebuilt."""

_BATCH = 32
"""Files stored per transaction (an interrupted indexing keeps its progress)."""

_POOL_FLOOR = 16
"""With more new or changed files than this, they are parsed in a process pool."""


class CacheUnavailable(Exception):
    """The on-disk index cannot be used for this search (the message says why)."""


Parsed = tuple[
    "IndexedFile | None",
    "list[Passage]",
    "dict[str, object]",
    "list[tuple[int, int, str]]",
    "list[str]",
]
"""What :func:`parse_for_index` gives: the file, its passages, its summary, its errors,
and each passage's text folded."""


def record_of(result: LoadResult) -> Parsed:
    """What the index stores of a loaded file (see :data:`Parsed`)."""
    interview = result.interview
    if interview is None:
        errors = result.errors or result.problems
        found = [(e.line, e.column, e.message) for e in errors] or [(1, 1, "cannot load this file")]
        return None, [], {}, found, []
    summary = summary_of(interview)
    passages = passages_of(interview)
    return indexed_file(interview), passages, summary, [], [fold(p.text) for p in passages]


def parse_for_index(path: str) -> Parsed:
    """Load the file ``path`` and return what the index stores (runs in pool workers)."""
    from reader.loader import load_file

    return record_of(load_file(Path(path)))


class FileInfo(NamedTuple):
    """A file as the library lists it, from the index (no YAML parsed)."""

    path: Path
    """As named (a folder argument joined with the path below it)."""
    interview: str | None
    """The interview's id (None for a file that does not load)."""
    title: str | None
    people: list[list[str]]
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
    """What the library lists of an interview besides its title and people."""
    return {
        "date": interview.date,
        "sections": len(interview.sections),
        "annotations": interview.annotation_count,
        "tags": list(interview.tags),
        "section_ids": [section.id for section in interview.sections],
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


def cache_dir() -> Path:
    """Where the cache lives: ``$READER_CACHE_DIR``, else the user cache folder."""
    configured = os.environ.get("READER_CACHE_DIR")
    if configured:
        return Path(configured)
    if sys.platform == "linux":
        # What platformdirs answers on Linux, in the cases where every
        # version of it agrees, without importing it: importing it costs
        # 16 ms (python -X importtime, 2026-12-04), a sixth of a warm
        # `reader search --count` (about 90 ms, bench/bench_search.py), whose
        # target is 2x ripgrep.  $XDG_CACHE_HOME when absolute, else ~/.cache.
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        if os.path.isabs(xdg):
            return Path(xdg, "reader")
        home = os.environ.get("HOME", "")
        if not xdg and os.path.isabs(home):
            return Path(home, ".cache", "reader")
    import platformdirs

    return Path(platformdirs.user_cache_dir("reader"))


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


_HELPERS = threading.Lock()


def _start_helpers(method: str) -> None:
    """Start multiprocessing's helper processes with a real standard error.

    The resource tracker hands its child ``sys.stderr.fileno()``; inside the
    app, Textual has replaced ``sys.stderr`` with a capture whose fileno is
    -1, and starting the pool fails ("bad value(s) in fds_to_keep").  The
    real one is put back for that instant (once per process).
    """
    from multiprocessing import resource_tracker

    with _HELPERS:
        saved = sys.stderr
        try:
            usable = saved is not None and saved.fileno() >= 0
        except (AttributeError, OSError, ValueError):
            usable = False
        if not usable and sys.__stderr__ is not None:
            sys.stderr = sys.__stderr__
        try:
            resource_tracker.ensure_running()
            if method == "forkserver":
                from multiprocessing import forkserver

                forkserver.ensure_running()
        finally:
            sys.stderr = saved


def _stamp() -> dict[str, str]:
    # Folding depends on the Unicode tables; a new Python may fold
    # differently, and the stored index must match the query side.
    return {"format": _FORMAT, "unicode": unicodedata.unidata_version}


def _connect(database: Path | None) -> sqlite3.Connection:
    """Open (and create) the database; raise sqlite3.DatabaseError when it is not ours or stale."""
    if not fts5_available():
        raise CacheUnavailable("this Python's SQLite has no FTS5: reader cannot search")
    target = ":memory:" if database is None else str(database)
    connection = sqlite3.connect(target, check_same_thread=False, isolation_level=None)
    try:
        if database is not None:
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
                raise sqlite3.DatabaseError("made by another version of reader")
        elif tables:
            raise sqlite3.DatabaseError("not a reader search index")
        Store(connection)  # creates the schema
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", sorted(stamp.items())
        )
        connection.execute("COMMIT")
    except BaseException:
        connection.close()
        raise
    return connection


def _error(stored: list[Any]) -> tuple[int, int, str]:
    """An error as stored (a JSON list) back as (line, column, message)."""
    line, column, message = stored
    return int(line), int(column), str(message)


_Known = tuple[int, int, int, bool]
"""A stored file: id, size, mtime_ns, and whether it loaded."""


class Library:
    """The files of one search and their index: what is indexed, what is left to do."""

    def __init__(
        self,
        store: Store,
        entries: list[_Entry],
        paths: Sequence[Path],
        directory: Path | None,
        empty: list[Path],
    ) -> None:
        """Use :func:`open_library`, not this."""
        self.store = store
        self.entries = entries
        self.empty = empty
        """The folders named that hold no interview file."""
        self._paths = list(paths)
        self._directory = directory
        self._lock = threading.Lock()
        self._known: dict[bytes, _Known] = {}
        self._errors: dict[int, list[tuple[int, int, str]]] = {}
        self._rank = {entry.key: rank for rank, entry in enumerate(entries)}
        self._refresh()

    def _refresh(self) -> None:
        rows = self.store.select("SELECT id, path, size, mtime_ns, errors FROM files")
        known: dict[bytes, _Known] = {}
        errors: dict[int, list[tuple[int, int, str]]] = {}
        for file_id, path, size, mtime_ns, error in rows:
            known[bytes(path)] = (file_id, size, mtime_ns, error is None)
            if error is not None:
                errors[file_id] = [_error(e) for e in json.loads(error)]
        with self._lock:
            self._known = known
            self._errors = errors

    def _fresh(self, entry: _Entry) -> bool:
        record = self._known.get(entry.key)
        info = entry.info
        return info is None or (
            record is not None and (record[1], record[2]) == (info.st_size, info.st_mtime_ns)
        )

    @property
    def stale(self) -> list[_Entry]:
        """The files new or changed since they were indexed, in path order."""
        return [entry for entry in self.entries if not self._fresh(entry)]

    def scope(self) -> Scope:
        """The files searchable now (indexed and loaded), in path order."""
        files: list[tuple[int, str]] = []
        seen: set[int] = set()
        for entry in self.entries:
            record = self._known.get(entry.key)
            if entry.info is None or record is None or not record[3] or record[0] in seen:
                continue
            if (record[1], record[2]) != (entry.info.st_size, entry.info.st_mtime_ns):
                continue
            seen.add(record[0])
            files.append((record[0], entry.name))
        total = sum(1 for entry in self.entries if entry.info is not None)
        return Scope(files, total=total - self._broken())

    def _broken(self) -> int:
        return sum(
            1
            for entry in self.entries
            if entry.info is not None
            and (record := self._known.get(entry.key)) is not None
            and not record[3]
            and self._fresh(entry)
        )

    @property
    def problems(self) -> list[Problem]:
        """The first error of each file that could not be loaded, in path order."""
        found: list[Problem] = []
        for entry in self.entries:
            if entry.info is None:
                # Missing, a folder, a FIFO...: the loader says why, at 1:1.
                from reader.loader import load_file

                result = load_file(entry.path)
                found.extend((result.errors or result.problems)[:1])
                continue
            record = self._known.get(entry.key)
            if record is not None and not record[3] and self._fresh(entry):
                # Imported only for a broken file: a clean warm search needs no model.
                from reader.model import Problem

                line, column, message = self._errors[record[0]][0]
                found.append(Problem(entry.name, line, column, message))
        return found

    def listing(self, only: Sequence[_Entry] | None = None) -> list[FileInfo]:
        """The indexed files (or those of ``only``) as the library lists them, in path order.

        From the index: no YAML is parsed.  A file the index cannot hold
        (missing, a folder, unreadable) is read to say why.
        """
        wanted = self.entries if only is None else only
        ids = {
            record[0]
            for entry in wanted
            if (record := self._known.get(entry.key)) is not None and self._fresh(entry)
        }
        rows = self.store.select(
            "SELECT id, interview, title, people, summary, errors FROM files "
            f"WHERE id IN ({', '.join(str(int(i)) for i in ids)})"
        )
        by_id = {row[0]: row for row in rows}
        rank = self._rank
        out = []
        for entry in wanted:
            if entry.info is None:
                from reader.loader import load_file

                out.append(file_info(load_file(entry.path), rank[entry.key]))
                continue
            record = self._known.get(entry.key)
            if record is None or not self._fresh(entry) or record[0] not in by_id:
                continue
            _id, interview, title, people, summary, errors = by_id[record[0]]
            out.append(
                FileInfo(
                    entry.path,
                    interview,
                    title,
                    [names for names in json.loads(people).values() if names],
                    json.loads(summary),
                    [_error(e) for e in json.loads(errors)] if errors else [],
                    rank[entry.key],
                )
            )
        return out

    def index(
        self,
        progress: Callable[[int, int, list[FileInfo]], None] | None = None,
        *,
        stop: threading.Event | None = None,
        workers: int | None = None,
        only: Sequence[_Entry] | None = None,
    ) -> int:
        """Parse and store the new and changed files; return how many were stored.

        ``progress(done, total, listed)`` is called after each batch, with
        the files of the batch as the library lists them; setting
        ``stop`` ends the work after the current batch (what is stored
        stays).  ``only`` limits the work to those files (else every file,
        and the files below the folders searched that no longer exist are
        forgotten).
        """
        wanted = self.entries if only is None else only
        stale = [entry for entry in wanted if not self._fresh(entry)]
        if stale:
            self._store(stale, progress, stop, workers)
        if only is None:
            self._prune()
        return len(stale)

    def entry(self, path: Path) -> _Entry | None:
        """The file ``path`` among the files of this library, if it is one."""
        try:
            key = os.fsencode(os.path.realpath(path))
        except (OSError, ValueError):
            return None
        return next((entry for entry in self.entries if entry.key == key), None)

    def scope_of(self, entry: _Entry) -> Scope:
        """The scope of one file of this library (empty when it is not indexed)."""
        record = self._known.get(entry.key)
        if record is None or not record[3] or not self._fresh(entry):
            return Scope([], total=1)
        return Scope([(record[0], entry.name)])

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        if self._directory is None:
            yield
            return
        with _Lock(self._directory):
            yield

    def _parsed(self, stale: list[_Entry], workers: int | None) -> Iterator[tuple[_Entry, Parsed]]:
        names = [entry.name for entry in stale]
        count = workers if workers is not None else (os.cpu_count() or 1)
        if len(stale) <= _POOL_FLOOR or count <= 1:
            for entry, name in zip(stale, names, strict=True):
                yield entry, parse_for_index(name)
            return
        import itertools
        import multiprocessing
        from collections import deque
        from concurrent.futures import Future, ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        # Not fork: the app has threads, and a forked child inherits their locks.
        method = "forkserver" if sys.platform == "linux" else "spawn"
        context = multiprocessing.get_context(method)
        done = 0
        try:
            _start_helpers(method)
            with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
                # A bounded window of files in flight: parsed records wait
                # here only while this process stores the ones before them
                # (pool.map would submit every file at once, and a slow
                # store would let the records of the whole library pile up).
                ahead = 4 * count
                pending: deque[Future[Parsed]] = deque()
                names_left = iter(names)
                try:
                    for name in itertools.islice(names_left, ahead):
                        pending.append(pool.submit(parse_for_index, name))
                    while pending:
                        parsed = pending.popleft().result()
                        following = next(names_left, None)
                        if following is not None:
                            pending.append(pool.submit(parse_for_index, following))
                        yield stale[done], parsed
                        done += 1
                finally:
                    for future in pending:
                        future.cancel()
        except (BrokenProcessPool, OSError, ValueError):
            # A worker could not start (a program without a main guard, no
            # semaphores, a process limit): parse the rest here, one by one.
            for entry in stale[done:]:
                yield entry, parse_for_index(entry.name)

    def _store(
        self,
        stale: list[_Entry],
        progress: Callable[[int, int, list[FileInfo]], None] | None,
        stop: threading.Event | None,
        workers: int | None,
    ) -> None:
        store = self.store
        done = 0
        batch: list[tuple[_Entry, Parsed]] = []

        def flush() -> None:
            nonlocal done
            # The file lock is taken per batch, so that another writer (a
            # second reader, or this app indexing one file for its own
            # search) waits for one batch at most.
            with self._writing(), store.writing():
                for entry, (file, passages, summary, errors, folded) in batch:
                    info = entry.info
                    assert info is not None
                    record = self._known.get(entry.key)
                    if record is not None:
                        store.remove_file(record[0])
                    file_id = store.add_file(
                        entry.key,
                        info.st_size,
                        info.st_mtime_ns,
                        file,
                        passages,
                        summary,
                        errors,
                        folded,
                    )
                    with self._lock:
                        self._known[entry.key] = (
                            file_id,
                            info.st_size,
                            info.st_mtime_ns,
                            file is not None,
                        )
                        if errors:
                            self._errors[file_id] = list(errors)
            done += len(batch)
            stored = [entry for entry, _parsed in batch]
            batch.clear()
            if progress is not None:
                progress(done, len(stale), self.listing(stored))

        for item in self._parsed(stale, workers):
            batch.append(item)
            if len(batch) >= _BATCH:
                flush()
                if stop is not None and stop.is_set():
                    return
        if batch:
            flush()

    def _prune(self) -> None:
        """Forget files that no longer exist (the index would otherwise only grow)."""
        gone = [
            key
            for key in self._known
            if not os.path.exists(os.fsdecode(key))
            and any(key.startswith(root) for root in self._roots())
        ]
        if not gone:
            return
        with self._writing(), self.store.writing():
            for key in gone:
                self.store.remove_file(self._known[key][0])
                with self._lock:
                    del self._known[key]

    def _roots(self) -> list[bytes]:
        roots: list[bytes] = []
        for path in self._paths:
            try:
                if os.path.isdir(path):
                    roots.append(os.fsencode(os.path.join(os.path.realpath(path), "")))
            except (OSError, ValueError):
                continue
        return roots

    def close(self) -> None:
        """Close the database."""
        self.store.close()


def open_library(
    paths: Sequence[Path], *, directory: Path | None = None, memory: bool = False
) -> Library:
    """The index over the interview files in ``paths`` (folders expanded), not yet updated.

    With ``memory``, a new index in memory (nothing read or written on
    disk).  Else the one in ``directory`` (default :func:`cache_dir`);
    raises :class:`CacheUnavailable` when it cannot be used (its folder is
    inside a searched folder or cannot be created, or the database stays
    unreadable after a rebuild): open one in memory then.  Call
    :meth:`Library.index` to bring it up to date.
    """
    empty: list[Path] = []
    entries = _discover(paths, empty)
    if memory:
        return Library(Store(_connect(None)), entries, paths, None, empty)
    directory = cache_dir() if directory is None else directory
    _check_location(directory, paths)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CacheUnavailable(f"cannot create the cache folder {directory}: {exc}") from exc
    database = directory / CACHE_FILE
    for attempt in range(2):
        try:
            return Library(Store(_connect(database)), entries, paths, directory, empty)
        except sqlite3.DatabaseError as exc:
            # Corrupt, foreign or stale: throw it away and build it again, once.
            if attempt:
                raise CacheUnavailable(f"the search index {database} is unusable: {exc}") from exc
            with _Lock(directory):
                _remove_database(database)
        except OSError as exc:
            raise CacheUnavailable(f"cannot use the search index in {directory}: {exc}") from exc
    raise AssertionError("unreachable")  # pragma: no cover


def index_interviews(interviews: Sequence[Interview]) -> tuple[Store, Scope]:
    """An index in memory of interviews already loaded, and the scope covering them all.

    For what was not read from the files the index knows (tests; an
    interview whose file changed since).  The paths are the interviews' own.
    """
    store = Store(_connect(None))
    files: list[tuple[int, str]] = []
    with store.writing():
        for number, interview in enumerate(interviews):
            file_id = store.add_file(
                f"{number}:{interview.path}".encode("utf-8", "surrogateescape"),
                0,
                0,
                indexed_file(interview),
                passages_of(interview),
                {},
            )
            files.append((file_id, str(interview.path)))
    return store, Scope(files)
