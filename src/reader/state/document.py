"""A JSON document on disk shared by several processes: locked, atomic, never lost.

:class:`LockedDocument` keeps an in-memory copy of one JSON file and changes
it safely (the guarantees are listed in :mod:`reader.state`): every change
is a read-modify-write under a file lock, written with
:func:`reader.atomic.atomic_write`; a file that is not valid is renamed
aside, never deleted; a file from a newer version is left alone and the
document runs read-only; a lock held too long by another process keeps the
change in memory for the next save instead of freezing the caller.  What a
valid file holds is the subclass's business (:mod:`reader.state.layout`
for ``state.json``).
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from reader.atomic import atomic_write, temporary_prefix

if TYPE_CHECKING:
    from filelock import FileLock

__all__ = ["FLUSH_TIMEOUT", "LOCK_POLL", "LOCK_TIMEOUT", "LockedDocument", "Status"]

LOCK_TIMEOUT = 1.0
"""Seconds a change waits for another process's lock.  Holders keep it for a
few milliseconds; past this the change is kept in memory and saved with the
next change that gets the lock (or by :meth:`LockedDocument.flush`), rather than
freezing the UI."""

FLUSH_TIMEOUT = 5.0
"""Seconds :meth:`LockedDocument.flush` waits for the lock (at exit)."""

LOCK_POLL = 0.001
"""Seconds between attempts to take a held lock.  Short, so that a waiting
process gets its turn between the holder's back-to-back changes."""

_T = TypeVar("_T")
_Data = dict[str, Any]


class Status(Enum):
    """What reading a document's file found."""

    OK = "ok"
    MISSING = "missing"
    CORRUPT = "corrupt"
    NEWER = "newer"
    UNREADABLE = "unreadable"


class LockedDocument:
    """One JSON file, read and written safely; see the module's docstring.

    ``parse`` classifies a file's bytes; ``empty`` makes a fresh document;
    ``now`` returns the current time (tests pass a fixed clock).  Nothing
    here raises on I/O trouble: problems are collected in :attr:`problems`
    for the UI to show once.
    """

    def __init__(
        self,
        path: Path,
        *,
        parse: Callable[[bytes], tuple[Status, _Data | None, str]],
        empty: Callable[[], _Data],
        now: Callable[[], datetime] | None = None,
        background: bool = False,
    ) -> None:
        self.path = path
        self._background = background
        self._wake = threading.Condition(threading.Lock())
        self._writer: threading.Thread | None = None
        self._parse = parse
        self._empty = empty
        self._now = now or _now_utc
        self._file_lock: FileLock | None = None
        self._file_lock_made = threading.Lock()
        self._mutex = threading.RLock()
        self._saving_lock = threading.Lock()
        self._problems: list[str] = []
        self._unseen: list[str] = []
        self._saving = True
        self._newer = False
        self._swept = False
        self._data: _Data = empty()
        # The bytes self._data was read from or written as: a file that still
        # holds exactly these bytes needs no parsing or validation.
        self._raw: bytes | None = None
        self._signature: tuple[int, int, int] | None = None
        # Changes made while another process held the lock too long: already
        # in self._data, replayed onto the file's data at the next save.
        self._pending: list[Callable[[_Data], object]] = []
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            self._stop_saving(
                f"cannot create the state directory {self.path.parent} ({_why(error)}); "
                "reading positions and bookmarks will not be saved this session"
            )
            return
        self._load()

    @property
    def _lock(self) -> FileLock:
        """The file lock, made (and filelock imported) when first needed.

        Importing filelock costs about 9 ms, on the UI thread before the
        first frame; a session that changes nothing never needs it
        (bench/bench_ui.py, 2026-12-04).
        """
        with self._file_lock_made:
            if self._file_lock is None:
                from filelock import FileLock

                self._file_lock = FileLock(f"{self.path}.lock")
            return self._file_lock

    # -- status

    @property
    def read_only(self) -> bool:
        """True when changes are kept in memory only (newer or unwritable file)."""
        return not self._saving

    @property
    def newer_version(self) -> bool:
        """True when the file on disk was written by a newer ``reader``."""
        return self._newer

    @property
    def problems(self) -> list[str]:
        """Every problem met so far, each once, oldest first."""
        return list(self._problems)

    def take_problems(self) -> list[str]:
        """Problems not yet taken: the UI shows these once, then they are gone."""
        with self._mutex:
            new, self._unseen = self._unseen, []
            return new

    @property
    def unsaved(self) -> int:
        """How many changes wait to be saved (the lock was busy); usually 0."""
        return len(self._pending)

    def flush(self, timeout: float = FLUSH_TIMEOUT) -> bool:
        """Save changes left waiting by a busy lock (or, in the background, not saved
        yet); True when none are left.

        Call it when the app exits.  Nothing to do (and True) in the usual case.
        """
        if self._background:
            return self._drain(timeout)
        with self._mutex:
            if self._pending and self._saving:
                self._update(lambda data: None, timeout, remember=False)
            return not self._pending

    # -- internals: reading

    def _entry(self, key: str) -> dict[str, Any]:
        self._refresh()
        entry = self._data["interviews"].get(key)
        return entry if isinstance(entry, dict) else {}

    def _timestamp(self) -> str:
        return self._now().astimezone(UTC).isoformat(timespec="seconds")

    def _read(self) -> tuple[Status, _Data | None, str, bytes | None]:
        """Read and classify the file; the data is ``self._data`` if unchanged."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return Status.MISSING, None, "", None
        except OSError as error:
            return Status.UNREADABLE, None, _why(error), None
        if raw == self._raw:
            return Status.OK, self._data, "", raw
        status, data, detail = self._parse(raw)
        return status, data, detail, raw

    def _stat_signature(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def _load(self) -> None:
        """First read at start-up."""
        signature = self._stat_signature()
        status, data, detail, raw = self._read()
        if status is Status.OK and data is not None:
            self._data, self._raw, self._signature = data, raw, signature
        elif status is Status.NEWER:
            self._go_newer(detail)
        elif status is Status.UNREADABLE:
            self._stop_saving(
                f"cannot read the state file {self.path} ({detail}); "
                "reading positions and bookmarks will not be saved this session"
            )
        elif status is Status.CORRUPT:
            # Set it aside under the lock (another process may be fixing it
            # right now) and write a fresh file in its place.
            self._update(lambda data: None, remember=False)

    def _refresh(self) -> None:
        """Pick up another process's changes (costs one stat when nothing changed)."""
        if not self._saving:
            return
        with self._mutex:
            signature = self._stat_signature()
            if signature == self._signature:
                return
            status, data, detail, raw = self._read()
            if status is Status.OK and data is not None:
                self._adopt(data, raw, signature)
            elif status is Status.MISSING:
                # Deleted by hand: start afresh (a later change recreates it).
                self._adopt(self._empty(), None, None)
            elif status is Status.NEWER:
                self._go_newer(detail)
            elif status is Status.UNREADABLE:
                self._stop_saving(
                    f"cannot read the state file {self.path} ({detail}); "
                    "changes will not be saved this session"
                )
            else:
                self._update(lambda data: None, remember=False)

    def _adopt(
        self, data: _Data, raw: bytes | None, signature: tuple[int, int, int] | None
    ) -> None:
        """Make ``data`` (just read) the in-memory copy, plus any unsaved changes."""
        if self._pending:
            for change in self._pending:
                change(data)
            raw = None  # the copy no longer mirrors the file's bytes
        self._data, self._raw, self._signature = data, raw, signature

    # -- internals: writing

    def _update(
        self, change: Callable[[_Data], _T], timeout: float | None = None, remember: bool = True
    ) -> _T:
        """Apply ``change`` to the freshest data and save it, under the lock.

        ``remember=False`` is for no-op changes (a flush, a repair): when the
        lock is busy there is nothing to keep for later.  In the background
        mode, a change is applied to the in-memory copy and saved by the
        writer thread (:meth:`_save_in_background`).
        """
        if self._background and remember:
            with self._mutex:
                if not self._saving:
                    return change(self._data)
                result = change(self._data)
                self._pending.append(change)
                self._raw = None  # self._data is ahead of the file now
            self._start_writer()
            return result
        with self._mutex:
            if not self._saving:
                return change(self._data)
            from filelock import Timeout

            try:
                with self._lock.acquire(
                    timeout=LOCK_TIMEOUT if timeout is None else timeout,
                    poll_interval=LOCK_POLL,
                ):
                    fresh = self._read_locked()
                    if fresh is None:
                        self._pending.clear()  # already in self._data; never saved
                        return change(self._data)
                    # From here on each change is applied exactly once, to
                    # what becomes the in-memory copy, whether or not saving
                    # works.
                    for earlier in self._pending:
                        earlier(fresh)
                    self._pending.clear()
                    result = change(fresh)
                    self._data, self._raw = fresh, None
                    try:
                        self._write_locked(fresh)
                    except OSError as error:
                        self._stop_saving(self._write_failed(error))
                    return result
            except Timeout:
                self._report(
                    f"the state file {self.path} was locked by another reader for over "
                    f"{LOCK_TIMEOUT:g} s; changes are kept and saved when it is free"
                )
                result = change(self._data)
                if remember:
                    self._pending.append(change)
                    self._raw = None  # self._data is ahead of the file now
                return result
            except OSError as error:
                # The lock file itself could not be created or opened.
                self._stop_saving(self._write_failed(error))
                return change(self._data)

    # -- internals: saving in the background

    def _start_writer(self) -> None:
        """Wake the writer thread (started on the first change)."""
        with self._wake:
            if self._writer is None:
                self._writer = threading.Thread(
                    target=self._save_in_background, name="reader-state-writer", daemon=True
                )
                self._writer.start()
            self._wake.notify_all()

    def _save_in_background(self) -> None:
        """The writer thread: save the pending changes whenever there are some."""
        while True:
            with self._wake:
                while not (self._pending and self._saving):
                    self._wake.wait()
            if not self._save_pending():
                # The lock stayed busy: try again a little later.
                with self._wake:
                    self._wake.wait(LOCK_TIMEOUT)

    def _drain(self, timeout: float) -> bool:
        """Wait until the writer has saved every change (at most ``timeout`` s)."""
        if self._pending and self._saving:
            self._start_writer()
        deadline = time.monotonic() + timeout
        while self._pending and self._saving:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            # Saving here too is safe (one writer at a time, by the file lock
            # and the saving lock) and does not wait for the thread's retry.
            self._save_pending(min(left, LOCK_TIMEOUT))
        # A save the writer thread has begun (its changes no longer pending)
        # is done once the saving lock is free.
        if self._saving_lock.acquire(timeout=max(0.0, deadline - time.monotonic())):
            self._saving_lock.release()
        else:
            return False
        return not self._pending

    def _save_pending(self, timeout: float | None = None) -> bool:
        """Save the pending changes (off the caller's thread of reads); False if locked out.

        The waits (the file lock, up to ``timeout``, and the two fsyncs of
        an atomic write) happen without :attr:`_mutex`, so that the UI
        thread's reads never wait for them: only taking the changes and
        swapping in the saved data hold it.
        """
        if timeout is None:
            timeout = LOCK_TIMEOUT
        from filelock import Timeout

        with self._saving_lock:
            try:
                with self._lock.acquire(timeout=timeout, poll_interval=LOCK_POLL):
                    with self._mutex:
                        if not self._pending or not self._saving:
                            return True
                        fresh = self._read_locked()
                        if fresh is None:
                            self._pending.clear()  # already in self._data; never saved
                            return True
                        if fresh is self._data:
                            fresh = copy.deepcopy(fresh)
                        for change in self._pending:
                            change(fresh)
                        self._pending.clear()
                        # Changes made from here on are pending again, on top.
                        self._data, self._raw = fresh, None
                        if not self._swept:
                            self._sweep_temporaries()
                        payload = json.dumps(fresh, separators=(",", ":")).encode("ascii")
                    try:
                        st = atomic_write(self.path, payload, mode=0o600)
                    except OSError as error:
                        with self._mutex:
                            self._stop_saving(self._write_failed(error))
                        return True
                    with self._mutex:
                        self._signature = (st.st_mtime_ns, st.st_size, st.st_ino)
                        if not self._pending:
                            self._raw = payload
                    return True
            except Timeout:
                self._report(
                    f"the state file {self.path} was locked by another reader for over "
                    f"{timeout:g} s; changes are kept and saved when it is free"
                )
                return False
            except OSError as error:
                with self._mutex:
                    self._stop_saving(self._write_failed(error))
                return True

    def _write_failed(self, error: OSError) -> str:
        return (
            f"cannot write the state file {self.path} ({_why(error)}); "
            "reading positions and bookmarks will not be saved this session"
        )

    def _read_locked(self) -> _Data | None:
        """The file's current data, read under the lock; None if we must not write."""
        status, data, detail, _raw = self._read()
        if status is Status.OK and data is not None:
            return data
        if status is Status.MISSING:
            return self._empty()
        if status is Status.NEWER:
            self._go_newer(detail)
            return None
        if status is Status.UNREADABLE:
            self._stop_saving(
                f"cannot read the state file {self.path} ({detail}); "
                "reading positions and bookmarks will not be saved this session"
            )
            return None
        aside = self._set_aside()
        if aside is None:
            self._stop_saving(
                f"the state file {self.path} is unreadable ({detail}) and could not be moved "
                "aside; reading positions and bookmarks will not be saved this session"
            )
            return None
        self._report(
            f"the state file {self.path} was unreadable ({detail}); "
            f"it was moved aside to {aside} and a fresh one started"
        )
        self._data = self._empty()
        return self._empty()

    def _set_aside(self) -> Path | None:
        """Rename the broken file to a unique timestamped name; never delete it."""
        stamp = self._now().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        base = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        target = base
        counter = 1
        while target.exists():
            target = base.with_name(f"{base.name}-{counter}")
            counter += 1
        try:
            os.rename(self.path, target)
        except FileNotFoundError:
            return target if target.exists() else None
        except OSError:
            return None
        return target

    def _write_locked(self, data: _Data) -> None:
        """Write ``data`` atomically; the caller holds the lock."""
        if not self._swept:
            self._sweep_temporaries()
        # ASCII output: a lone surrogate (from a "\\ud800" escape in an
        # interview title, or an undecodable file name in a key) is written
        # as an escape instead of making the encoding fail.
        payload = json.dumps(data, separators=(",", ":")).encode("ascii")
        # Reading state is private: 0600 whatever the umask.
        st = atomic_write(self.path, payload, mode=0o600)
        # atomic_write returns the stat taken before the rename, which keeps
        # the inode, size and mtime: the signature of the file we just wrote
        # even if another process replaces it before our next stat.
        self._signature = (st.st_mtime_ns, st.st_size, st.st_ino)
        self._raw = payload

    def _sweep_temporaries(self) -> None:
        """Remove temporary files left by a writer killed mid-write.

        Writers hold the lock while their temporary file exists, so under the
        lock any temporary file is an orphan.
        """
        self._swept = True
        prefix = temporary_prefix(self.path)
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.path.parent):
                if entry.name.startswith(prefix) and entry.name.endswith(".tmp"):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)

    # -- internals: problems

    def _report(self, message: str) -> None:
        with self._mutex:
            if message not in self._problems:
                self._problems.append(message)
                self._unseen.append(message)

    def _stop_saving(self, message: str) -> None:
        self._saving = False
        self._pending.clear()  # already in self._data, which is all there is now
        self._report(message)

    def _go_newer(self, detail: str) -> None:
        self._newer = True
        self._stop_saving(
            f"the state file {self.path} was written by a newer version of reader ({detail}); "
            "it is left untouched and nothing will be saved this session"
        )


def _now_utc() -> datetime:
    return datetime.now(UTC)


def _why(error: OSError) -> str:
    return error.strerror or str(error)
