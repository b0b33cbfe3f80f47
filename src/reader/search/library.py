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

import _thread
import os
import sqlite3
import sys
import time
import unicodedata

from reader.search.files import (
    CacheUnavailable,
    Entry,
    WriteLock,
    cache_dir,
    cache_folder,
    check_location,
    discover,
    remove_database,
)
from reader.search.sql import SCHEMA, STATUS_INDEX
from reader.search.store import Scope, Store, fts5_available

# What a warm `reader search --count` does not need is imported where it is
# used: contextlib, json, threading, pathlib, typing, the records (see
# reader.cli.search on TYPE_CHECKING).
TYPE_CHECKING = False
if TYPE_CHECKING:
    import contextlib
    import threading
    from collections.abc import Callable, Iterator, Sequence
    from pathlib import Path
    from typing import Any

    from reader.model import Interview, Problem
    from reader.search.parsing import (
        FileInfo,
        Parsed,
        file_info,
        parse_for_index,
        summary_of,
    )

_PARSING = ("FileInfo", "Parsed", "error_of", "file_info", "parse_for_index", "summary_of")
"""What this module takes from reader.search.parsing, imported when first used: a warm
count parses nothing (0.3 ms)."""


def __getattr__(name: str) -> object:
    if name not in _PARSING:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from reader.search import parsing

    value = getattr(parsing, name)
    globals()[name] = value
    return value


def _parsing(name: str) -> Any:
    """``name`` of reader.search.parsing, as this module's attribute (tests replace some)."""
    return globals()[name] if name in globals() else __getattr__(name)


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

_FORMAT = "4"
"""Bumped whenever what is stored changes meaning: an older database is rebuilt."""

_BATCH = 32
"""Files stored per transaction, at least (an interrupted indexing keeps its progress)."""

_BATCH_SECONDS = 1.0
"""With a pool, files are stored about once a second (in batches of at least :data:`_BATCH`)."""

_BATCH_MAX = 1024
"""Files stored per transaction, at most."""

_POOL_FLOOR = 16
"""With more new or changed files than this, they are parsed in a process pool."""


_HELPERS = _thread.allocate_lock()


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


def _connect(database: str | None) -> sqlite3.Connection:
    """Open (and create) the database; raise sqlite3.DatabaseError when it is not ours or stale."""
    target = ":memory:" if database is None else database
    connection = sqlite3.connect(target, check_same_thread=False, isolation_level=None)
    try:
        if not fts5_available(connection):
            raise CacheUnavailable("this Python's SQLite has no FTS5: reader cannot search")
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
            # Ours and current: nothing is written.  (Writing the stamp again
            # at every open made every warm `reader search` a writer, with a
            # WAL checkpoint at its close: 1.5 ms of a warm `--count` of
            # about 55 ms over 1,000 files, and a write where none is due.)
            return connection
        if tables:
            raise sqlite3.DatabaseError("not a reader search index")
        # A new database: its tables and its stamp in one transaction, so
        # that another process opening it never finds the tables without
        # the stamp (and deletes the database as a stale one).
        connection.execute("BEGIN IMMEDIATE")
        for statement in SCHEMA.split(";"):  # no ";" inside a statement of ours
            if statement.strip():
                connection.execute(statement)
        connection.execute(STATUS_INDEX)
        connection.executemany(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", sorted(stamp.items())
        )
        connection.execute("COMMIT")
    except BaseException:
        connection.close()
        raise
    return connection


_Known = tuple[int, int, int, bool]
"""A stored file: id, size, mtime_ns, and whether it loaded."""


class Library:
    """The files of one search and their index: what is indexed, what is left to do."""

    def __init__(
        self,
        store: Store,
        entries: list[Entry],
        paths: Sequence[str | os.PathLike[str]],
        directory: str | None,
        empty: list[Any],
    ) -> None:
        """Use :func:`open_library`, not this."""
        self.store = store
        self.entries = entries
        self.empty = empty
        """The folders named that hold no interview file."""
        self._paths = list(paths)
        self._directory = directory
        self._lock = _thread.allocate_lock()
        self._known: dict[bytes, _Known] = {}
        self._errors: dict[int, list[tuple[int, int, str]]] = {}
        self._rank: dict[bytes, int] | None = None
        self._generation = 0
        """Bumped whenever what is known of the files changes (the scope is then made again)."""
        self._scope: tuple[int, Scope] | None = None
        self._refresh()

    @property
    def database(self) -> Path | None:
        """The index's file (None for an index in memory)."""
        if self._directory is None:
            return None
        from pathlib import Path

        return Path(self._directory, CACHE_FILE)

    def _refresh(self) -> None:
        self._version = self.store.select("PRAGMA data_version")[0][0]
        rows = self.store.select("SELECT id, path, size, mtime_ns, errors FROM files")
        known: dict[bytes, _Known] = {}
        errors: dict[int, list[tuple[int, int, str]]] = {}
        # The entries' own keys, not a second copy of every path read back
        # (100 bytes a file, kept as long as the library is open).
        ours = {entry.key: entry.key for entry in self.entries}
        for file_id, path, size, mtime_ns, error in rows:
            key = bytes(path)
            known[ours.get(key, key)] = (file_id, size, mtime_ns, error is None)
            if error is not None:
                import json

                errors[file_id] = [_parsing("error_of")(e) for e in json.loads(error)]
        with self._lock:
            self._known = known
            self._errors = errors
            self._generation += 1

    def _fresh(self, entry: Entry) -> bool:
        record = self._known.get(entry.key)
        info = entry.info
        return info is None or (
            record is not None and (record[1], record[2]) == (info.st_size, info.st_mtime_ns)
        )

    @property
    def stale(self) -> list[Entry]:
        """The files new or changed since they were indexed, in path order."""
        return self._stale(self.entries)

    def _stale(self, entries: Sequence[Entry]) -> list[Entry]:
        """Those of ``entries`` not :meth:`_fresh` (one loop, no call per file)."""
        known = self._known
        stale = []
        for entry in entries:
            info = entry.info
            if info is None:
                continue
            record = known.get(entry.key)
            if record is None or record[1] != info.st_size or record[2] != info.st_mtime_ns:
                stale.append(entry)
        return stale

    def scope(self) -> Scope:
        """The files searchable now (indexed and loaded), in path order.

        Made again only when what is known of the files changed: a search
        at each keystroke reuses it (at 10,000 files, making it takes
        30 ms and 2 MB).
        """
        if self.store.select("PRAGMA data_version")[0][0] != self._version:
            # Another process (a `reader search` beside the app) stored
            # files since: their ids are new.
            self._refresh()
        generation = self._generation
        cached = self._scope
        if cached is not None and cached[0] == generation:
            return cached[1]
        files: list[tuple[int, str]] = []
        seen: set[int] = set()
        known = self._known
        total = 0  # the files asked about, but for those known not to load
        for entry in self.entries:
            info = entry.info
            if info is None:
                continue
            record = known.get(entry.key)
            if record is None or record[1] != info.st_size or record[2] != info.st_mtime_ns:
                total += 1  # new or changed: to be indexed
                continue
            if not record[3]:
                continue  # indexed, and does not load
            total += 1
            if record[0] not in seen:
                seen.add(record[0])
                files.append((record[0], entry.name))
        scope = Scope(files, total=total)
        self._scope = (generation, scope)
        return scope

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

    def listing(self, only: Sequence[Entry] | None = None) -> list[FileInfo]:
        """The indexed files (or those of ``only``) as the library lists them, in path order.

        From the index: no YAML is parsed.  A file the index cannot hold
        (missing, a folder, unreadable) is read to say why.
        """
        import json

        error_of, file_info, info_of = (_parsing(n) for n in ("error_of", "file_info", "FileInfo"))
        wanted = self.entries if only is None else only
        ids = {
            record[0]
            for entry in wanted
            if (record := self._known.get(entry.key)) is not None and self._fresh(entry)
        }
        where = f"WHERE id IN ({', '.join(str(int(i)) for i in ids)})"
        try:
            # The Q&A ids (most of a summary's text) left out by SQLite, not
            # decoded only to be dropped: listing 10,000 files takes 0.14 s less.
            rows = self.store.select(
                "SELECT id, interview, title, people, json_remove(summary, '$.section_ids'), "
                f"errors FROM files {where}"
            )
        except sqlite3.OperationalError:  # an SQLite without its JSON functions
            rows = self.store.select(
                f"SELECT id, interview, title, people, summary, errors FROM files {where}"
            )
        by_id = {row[0]: row for row in rows}
        rank = self._rank
        if rank is None:
            # Made when first listed: a count lists nothing.
            rank = self._rank = {entry.key: place for place, entry in enumerate(self.entries)}
        strings: dict[str, str] = {}

        def shared(text: str) -> str:
            return strings.setdefault(text, text)

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
            listed = json.loads(summary)
            # Not kept for every row (40 ids a file add up over a large
            # library): read counts ask for them (section_ids) when needed.
            listed.pop("section_ids", None)
            if listed.get("date"):
                listed["date"] = shared(listed["date"])
            listed["tags"] = tuple(shared(tag) for tag in listed.get("tags", ()))
            out.append(
                info_of(
                    entry.path,
                    interview,
                    title,
                    # The same people recur across a library: one copy each.
                    tuple(
                        tuple(shared(name) for name in names)
                        for names in json.loads(people).values()
                        if names
                    ),
                    listed,
                    [error_of(e) for e in json.loads(errors)] if errors else [],
                    rank[entry.key],
                )
            )
        return out

    def section_ids(self, path: Path) -> list[str]:
        """The Q&A ids of the indexed file ``path`` (empty when it is not indexed)."""
        import json

        entry = self.entry(path)
        record = self._known.get(entry.key) if entry is not None else None
        if record is None:
            return []
        rows = self.store.select("SELECT summary FROM files WHERE id = ?", (record[0],))
        if not rows:
            return []
        ids = json.loads(rows[0][0]).get("section_ids", [])
        return [str(section_id) for section_id in ids]

    def index(
        self,
        progress: Callable[[int, int, list[FileInfo]], None] | None = None,
        *,
        stop: threading.Event | None = None,
        workers: int | None = None,
        only: Sequence[Entry] | None = None,
    ) -> int:
        """Parse and store the new and changed files; return how many were stored.

        ``progress(done, total, listed)`` is called after each batch (a
        transaction), with the files of the batch as the library lists
        them; setting ``stop`` ends the work after the file being stored,
        committing the batch so far (what is stored stays).  ``only``
        limits the work to those files (else every file, and the files
        below the folders searched that no longer exist are forgotten).
        """
        stale = self._stale(self.entries if only is None else only)
        if stale:
            self._store(stale, progress, stop, workers)
        if only is None:
            self._prune()
        return len(stale)

    def entry(self, path: Path) -> Entry | None:
        """The file ``path`` among the files of this library, if it is one."""
        try:
            key = os.fsencode(os.path.realpath(path))
        except (OSError, ValueError):
            return None
        return next((entry for entry in self.entries if entry.key == key), None)

    def scope_of(self, entry: Entry) -> Scope:
        """The scope of one file of this library (empty when it is not indexed)."""
        record = self._known.get(entry.key)
        if record is None or not record[3] or not self._fresh(entry):
            return Scope([], total=1)
        return Scope([(record[0], entry.name)])

    def _writing(self) -> contextlib.AbstractContextManager[object]:
        """The cache folder's lock for writers (none for an index in memory)."""
        if self._directory is None:
            import contextlib

            return contextlib.nullcontext()
        return WriteLock(self._directory)

    def _parsed(
        self, stale: list[Entry], workers: int | None
    ) -> Iterator[tuple[Entry, Parsed, bool]]:
        """Each stale file parsed, in order, and whether a pool parses them."""
        names = [entry.name for entry in stale]
        parse_for_index = _parsing("parse_for_index")
        count = workers if workers is not None else (os.cpu_count() or 1)
        if len(stale) <= _POOL_FLOOR or count <= 1:
            for entry, name in zip(stale, names, strict=True):
                yield entry, parse_for_index(name), False
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
                        yield stale[done], parsed, True
                        done += 1
                finally:
                    for future in pending:
                        future.cancel()
        except (BrokenProcessPool, OSError, ValueError):
            # A worker could not start (a program without a main guard, no
            # semaphores, a process limit): parse the rest here, one by one.
            for entry in stale[done:]:
                yield entry, parse_for_index(entry.name), False

    def _store(
        self,
        stale: list[Entry],
        progress: Callable[[int, int, list[FileInfo]], None] | None,
        stop: threading.Event | None,
        workers: int | None,
    ) -> None:
        import contextlib

        store = self.store
        done = 0
        written: list[Entry] = []  # stored in the transaction still open
        transaction: contextlib.ExitStack | None = None
        opened = 0.0

        def commit() -> None:
            nonlocal transaction, done, written
            if transaction is not None:
                transaction.close()
                transaction = None
            done += len(written)
            listed, written = written, []
            if progress is not None:
                progress(done, len(stale), self.listing(listed))

        try:
            for entry, parsed, pooled in self._parsed(stale, workers):
                if transaction is None:
                    # The file lock is taken per transaction, so that another
                    # writer (a second reader, or this app indexing one file
                    # for its own search) waits for one at most.
                    transaction = contextlib.ExitStack()
                    transaction.enter_context(self._writing())
                    transaction.enter_context(store.writing())
                    opened = time.monotonic()
                self._add(entry, parsed)
                written.append(entry)
                # Each file is stored as it comes (its rows are not kept
                # waiting).  With a pool, a transaction holds about a second
                # of files: each commit makes FTS5 write a segment and merge
                # small ones, and fewer, larger ones cost this process about
                # a tenth less CPU over 1,000 interviews.
                # Parsed here, the next file would be parsed with the file
                # lock held, and another writer (a `reader search` beside
                # the app) would wait for it: each file is committed (at
                # most a few files are parsed here: _POOL_FLOOR).  With a
                # pool, the next files are parsed meanwhile by the workers.
                full = not pooled or (
                    len(written) >= _BATCH
                    and (time.monotonic() - opened >= _BATCH_SECONDS or len(written) >= _BATCH_MAX)
                )
                if full or (stop is not None and stop.is_set()):
                    commit()
                    if stop is not None and stop.is_set():
                        return
            if written:
                commit()
        except BaseException:
            if transaction is not None:
                # Rolled back: what the last commit stored stays, and the
                # files of this transaction are to be read again.
                transaction.__exit__(*sys.exc_info())
                with self._lock:
                    for entry in written:
                        self._known.pop(entry.key, None)
                    self._generation += 1
                    self._generation += 1
            raise

    def _add(self, entry: Entry, parsed: Parsed) -> None:
        """Store one parsed file, replacing what is stored of it (in the caller's transaction)."""
        store = self.store
        file, rows, summary, errors = parsed
        info = entry.info
        assert info is not None
        # Looked up in the database, not in what this library read at its
        # start: another process (a `reader search` beside the app) may have
        # stored the file since.
        for (stored,) in store.select("SELECT id FROM files WHERE path = ?", (entry.key,)):
            store.remove_file(stored)
        file_id = store.add_file(
            entry.key, info.st_size, info.st_mtime_ns, file, rows, summary, errors
        )
        with self._lock:
            self._known[entry.key] = (file_id, info.st_size, info.st_mtime_ns, file is not None)
            if errors:
                self._errors[file_id] = list(errors)
            self._generation += 1

    def _prune(self) -> None:
        """Forget files that no longer exist (the index would otherwise only grow)."""
        # The files just found exist: only the others are looked at (a
        # stat each of every known file cost 3 ms of a warm `--count` of
        # about 55 ms over 1,000 files, 2026-12-04).
        found = {entry.key for entry in self.entries if entry.info is not None}
        roots: list[bytes] | None = None
        gone = []
        for key in self._known.keys() - found:
            if roots is None:
                roots = self._roots()
            if any(key.startswith(root) for root in roots) and not os.path.exists(os.fsdecode(key)):
                gone.append(key)
        if not gone:
            return
        with self._writing(), self.store.writing():
            for key in gone:
                self.store.remove_file(self._known[key][0])
                with self._lock:
                    del self._known[key]
                    self._generation += 1

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


def _busy(exc: sqlite3.DatabaseError) -> bool:
    """Whether ``exc`` says the database is locked by another connection (not damaged)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def open_library(
    paths: Sequence[str | os.PathLike[str]],
    *,
    directory: str | os.PathLike[str] | None = None,
    memory: bool = False,
    entries: list[Entry] | None = None,
    empty: list[Any] | None = None,
) -> Library:
    """The index over the interview files in ``paths`` (folders expanded), not yet updated.

    With ``memory``, a new index in memory (nothing read or written on
    disk).  Else the one in ``directory`` (default :func:`cache_dir`);
    raises :class:`CacheUnavailable` when it cannot be used (its folder is
    inside a searched folder or cannot be created, or the database stays
    unreadable after a rebuild): open one in memory then.  Call
    :meth:`Library.index` to bring it up to date.  ``entries`` and
    ``empty``: the files of ``paths`` and the folders holding none, as
    :func:`reader.search.files.discover` found them (found here when not
    given).
    """
    if entries is None:
        empty = []
        entries = discover(paths, empty)
    elif empty is None:
        empty = []
    if memory:
        return Library(Store(_connect(None)), entries, paths, None, empty)
    # Strings, not pathlib (see reader.cli.search on what a warm count imports).
    directory = cache_folder() if directory is None else os.fspath(directory)
    check_location(directory, paths)
    try:
        if not os.path.isdir(directory):
            os.makedirs(directory, exist_ok=True)
    except OSError as exc:
        raise CacheUnavailable(f"cannot create the cache folder {directory}: {exc}") from exc
    database = os.path.join(directory, CACHE_FILE)
    for attempt in range(2):
        try:
            return Library(Store(_connect(database)), entries, paths, directory, empty)
        except sqlite3.DatabaseError as exc:
            if _busy(exc):
                # Another process holds it (longer than SQLite's timeout):
                # the index is sound, and never deleted under a writer.
                raise CacheUnavailable(
                    f"the search index {database} is busy (another reader is writing it): {exc}"
                ) from exc
            # Corrupt, foreign or stale: throw it away and build it again, once.
            if attempt:
                raise CacheUnavailable(f"the search index {database} is unusable: {exc}") from exc
            with WriteLock(directory):
                remove_database(database)
        except OSError as exc:
            raise CacheUnavailable(f"cannot use the search index in {directory}: {exc}") from exc
    raise AssertionError("unreachable")  # pragma: no cover


def index_interviews(interviews: Sequence[Interview]) -> tuple[Store, Scope]:
    """An index in memory of interviews already loaded, and the scope covering them all.

    For what was not read from the files the index knows (tests; an
    interview whose file changed since).  The paths are the interviews' own.
    """
    from reader.search.records import indexed_file, passages_of
    from reader.search.sql import file_rows

    store = Store(_connect(None))
    files: list[tuple[int, str]] = []
    with store.writing():
        for number, interview in enumerate(interviews):
            file_id = store.add_file(
                f"{number}:{interview.path}".encode("utf-8", "surrogateescape"),
                0,
                0,
                indexed_file(interview),
                file_rows(passages_of(interview)),
                {},
            )
            files.append((file_id, str(interview.path)))
    return store, Scope(files)
