"""Per-user reading state: resume positions, read marks, bookmarks, theme.

Everything ``reader`` remembers between runs lives in one small JSON file,
``state.json``, in the platform's per-user state directory
(``platformdirs.user_state_dir("reader")``), or in ``$READER_STATE_DIR`` when
that is set.  The file looks like this (version 1)::

    {
      "version": 1,
      "interviews": {
        "<key>": {
          "position": {"section": "q3", "scroll": 12, "when": "2025-01-02T03:04:05+00:00"},
          "read": ["q1", "q2", "q3"]
        }
      },
      "bookmarks": [{"id": "…", "key": "<key>", "path": "/abs/file.yaml", …}],
      "folders": {"/abs/folder": "<key>"},
      "theme": "nord"
    }

An interview's ``<key>`` is its id and its resolved path (:func:`interview_key`),
so two files that share an id never share state.  Keys this version does not
know are kept as they are, so a file round-trips through an older reader.

Safety, in the order it matters:

* **No lost updates.**  Every change is a read-modify-write done under a file
  lock (``state.json.lock``): the file is re-read inside the lock and the
  change applied to what is on disk *now*, so two ``reader`` processes never
  overwrite each other's bookmarks or read marks.
* **Never a broken file.**  The new content goes to a temporary file in the
  same directory, is fsynced, and replaces the old file with ``os.replace``
  (then the directory is fsynced); a process killed at any point leaves the
  old file or the new one.
* **Never lose the user's data.**  A file that is not valid JSON, is
  truncated, or holds a wrongly typed value is renamed aside to
  ``state.json.corrupt-YYYYMMDDTHHMMSSZ`` (never deleted), reported once in
  :attr:`StateStore.problems`, and replaced by a fresh file.  A file written
  by a newer ``reader`` (``"version"`` above 1) is left untouched and the store
  runs read-only for the session.  A state directory that cannot be written
  makes the store run without saving, reported once; nothing raises.

* **Never freeze the UI.**  A change waits at most ``LOCK_TIMEOUT`` for
  another process's lock; past that it is kept in memory and saved with the
  next change (or :meth:`StateStore.flush`, which the app calls at exit).

When the store is not saving (:attr:`StateStore.read_only`), every method
still works on the in-memory copy, so the session behaves normally and only
persistence is lost.

This module imports neither textual nor rich.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

import platformdirs
from filelock import FileLock, Timeout

from reader.atomic import atomic_write, temporary_prefix
from reader.model import Interview, Section
from reader.text import shorten, visible

__all__ = [
    "ENV_VAR",
    "STATE_FILE_NAME",
    "STATE_VERSION",
    "Bookmark",
    "ReadingPosition",
    "StateStore",
    "bookmark_excerpt",
    "interview_key",
]

STATE_VERSION = 1
"""The version of the state file this module reads and writes."""

STATE_FILE_NAME = "state.json"
"""The name of the state file inside the state directory."""

ENV_VAR = "READER_STATE_DIR"
"""Environment variable naming the state directory (overrides platformdirs)."""

LOCK_TIMEOUT = 1.0
"""Seconds a change waits for another process's lock.  Holders keep it for a
few milliseconds; past this the change is kept in memory and saved with the
next change that gets the lock (or by :meth:`StateStore.flush`), rather than
freezing the UI."""

FLUSH_TIMEOUT = 5.0
"""Seconds :meth:`StateStore.flush` waits for the lock (at exit)."""

LOCK_POLL = 0.001
"""Seconds between attempts to take a held lock.  Short, so that a waiting
process gets its turn between the holder's back-to-back changes."""

EXCERPT_WIDTH = 80
"""Length of the one-line excerpt stored with a bookmark."""

_T = TypeVar("_T")
_Data = dict[str, Any]


def interview_key(interview_id: str, path: Path | str) -> str:
    """The state key of an interview: ``<id>@<resolved path>``.

    Ids are slugs (no ``@``), so the key splits unambiguously at its first
    ``@``; the path is resolved so that ``./a.yaml`` and ``/home/me/a.yaml``
    are the same interview.
    """
    return f"{interview_id}@{_resolve(Path(path))}"


def _resolve(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        # A symlink loop or an unreadable parent: the absolute path is the
        # best stable name we have.
        return str(path.absolute())


def bookmark_excerpt(section: Section, answer: int | None) -> str:
    """One line of the quote for a bookmark list, terminal-safe.

    The selected answer's quote; for a bookmark on the whole Q&A, its first
    answer (the question when a section somehow has none).
    """
    if answer is not None and 0 <= answer < len(section.answers):
        text = section.answers[answer].quote
    elif section.answers:
        text = section.answers[0].quote
    else:
        text = section.question
    return visible(shorten(text, EXCERPT_WIDTH))


@dataclass(frozen=True, slots=True)
class ReadingPosition:
    """Where the reader was in an interview: a Q&A and a scroll offset."""

    section_id: str
    scroll: int
    when: str
    """ISO 8601 time (UTC) the position was saved."""


@dataclass(frozen=True, slots=True)
class Bookmark:
    """A bookmark on a Q&A, or on one answer of it.

    Text fields (``interview_title``, ``excerpt``, ``note``) come from
    interview files or from the user: show them as literal text
    (``Content(text)``), never as markup.
    """

    id: str
    key: str
    """The interview's :func:`interview_key`."""
    path: str
    """The interview file's resolved path."""
    interview_id: str
    interview_title: str
    section_id: str
    section_number: int
    """1-based number of the Q&A when the bookmark was made."""
    answer: int | None
    """0-based answer index, or ``None`` for the whole Q&A."""
    excerpt: str
    note: str
    created: str
    """ISO 8601 time (UTC) the bookmark was made."""


# --- reading and validating the file -------------------------------------------------


class _Status(Enum):
    OK = "ok"
    MISSING = "missing"
    CORRUPT = "corrupt"
    NEWER = "newer"
    UNREADABLE = "unreadable"


class _Invalid(Exception):
    """The file's content does not match the version-1 layout."""


def _empty() -> _Data:
    return {"version": STATE_VERSION, "interviews": {}, "bookmarks": [], "folders": {}}


def _is_int(value: object) -> bool:
    # bool is an int subclass; ``true`` is not a scroll offset.
    return isinstance(value, int) and not isinstance(value, bool)


def _expect(ok: bool, where: str, what: str) -> None:
    if not ok:
        raise _Invalid(f"{where}: expected {what}")


_BOOKMARK_FIELDS: dict[str, tuple[Callable[[object], bool], str]] = {
    "id": (lambda v: isinstance(v, str) and v != "", "a non-empty string"),
    "key": (lambda v: isinstance(v, str), "a string"),
    "path": (lambda v: isinstance(v, str), "a string"),
    "interview_id": (lambda v: isinstance(v, str), "a string"),
    "interview_title": (lambda v: isinstance(v, str), "a string"),
    "section_id": (lambda v: isinstance(v, str), "a string"),
    "section_number": (_is_int, "an integer"),
    "answer": (lambda v: v is None or (_is_int(v) and v >= 0), "null or an integer >= 0"),
    "excerpt": (lambda v: isinstance(v, str), "a string"),
    "note": (lambda v: isinstance(v, str), "a string"),
    "created": (lambda v: isinstance(v, str), "a string"),
}


def _validate(data: _Data) -> None:
    """Raise :class:`_Invalid` unless ``data`` is a well-typed version-1 state."""
    interviews = data.setdefault("interviews", {})
    _expect(isinstance(interviews, dict), "interviews", "an object")
    for key, entry in interviews.items():
        where = f"interviews[{key!r}]"
        _expect(isinstance(entry, dict), where, "an object")
        if "position" in entry:
            pos = entry["position"]
            _expect(isinstance(pos, dict), f"{where}.position", "an object")
            _expect(isinstance(pos.get("section"), str), f"{where}.position.section", "a string")
            _expect(_is_int(pos.get("scroll")), f"{where}.position.scroll", "an integer")
            _expect(isinstance(pos.get("when"), str), f"{where}.position.when", "a string")
        if "read" in entry:
            read = entry["read"]
            _expect(
                isinstance(read, list) and all(isinstance(s, str) for s in read),
                f"{where}.read",
                "a list of strings",
            )
    bookmarks = data.setdefault("bookmarks", [])
    _expect(isinstance(bookmarks, list), "bookmarks", "a list")
    seen: set[str] = set()
    for index, bookmark in enumerate(bookmarks):
        where = f"bookmarks[{index}]"
        _expect(isinstance(bookmark, dict), where, "an object")
        for name, (check, what) in _BOOKMARK_FIELDS.items():
            _expect(check(bookmark.get(name)), f"{where}.{name}", what)
        _expect(bookmark["id"] not in seen, f"{where}.id", "an id no other bookmark has")
        seen.add(bookmark["id"])
    folders = data.setdefault("folders", {})
    _expect(isinstance(folders, dict), "folders", "an object")
    for folder, key in folders.items():
        _expect(isinstance(key, str), f"folders[{folder!r}]", "a string")
    _expect(data.get("theme") is None or isinstance(data["theme"], str), "theme", "a string")


def _parse(raw: bytes) -> tuple[_Status, _Data | None, str]:
    """Classify and parse the bytes of a state file."""
    try:
        obj = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return _Status.CORRUPT, None, "not UTF-8 text"
    except RecursionError:
        return _Status.CORRUPT, None, "nested too deeply"
    except ValueError as error:
        # JSONDecodeError is a ValueError; so is an over-long integer literal.
        reason = "empty" if not raw.strip() else f"not valid JSON: {error}"
        return _Status.CORRUPT, None, reason
    if not isinstance(obj, dict):
        return _Status.CORRUPT, None, "not a JSON object"
    version = obj.get("version")
    if not _is_int(version):
        return _Status.CORRUPT, None, "version: expected an integer"
    if version > STATE_VERSION:
        return _Status.NEWER, None, f"format version {version}"
    if version < STATE_VERSION:
        return _Status.CORRUPT, None, f"version: expected {STATE_VERSION}, found {version}"
    try:
        _validate(obj)
    except _Invalid as error:
        return _Status.CORRUPT, None, str(error)
    return _Status.OK, obj, ""


def _now_utc() -> datetime:
    return datetime.now(UTC)


# --- the store ------------------------------------------------------------------------


class StateStore:
    """The per-user state file, read and written safely.

    Reads come from an in-memory copy that is refreshed (one ``stat``)
    whenever another process has replaced the file.  Each change locks the
    file, re-reads it, applies the change and writes it back atomically.
    Nothing here raises on I/O trouble: problems are collected in
    :attr:`problems` for the UI to show once.

    ``now`` returns the current time (tests pass a fixed clock).
    """

    def __init__(self, path: Path | None = None, *, now: Callable[[], datetime] | None = None):
        self.path: Path = path if path is not None else self.default_path()
        self._now = now or _now_utc
        self._lock = FileLock(f"{self.path}.lock")
        self._mutex = threading.RLock()
        self._problems: list[str] = []
        self._unseen: list[str] = []
        self._saving = True
        self._newer = False
        self._swept = False
        self._data: _Data = _empty()
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

    # -- locations

    @staticmethod
    def default_path(environ: Mapping[str, str] | None = None) -> Path:
        """``$READER_STATE_DIR/state.json``, else the platform's state directory."""
        env = os.environ if environ is None else environ
        folder = env.get(ENV_VAR)
        if folder:
            return Path(folder).expanduser() / STATE_FILE_NAME
        return Path(platformdirs.user_state_dir("reader", appauthor=False)) / STATE_FILE_NAME

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
        """Save changes left waiting by a busy lock; True when none are left.

        Call it when the app exits.  Nothing to do (and True) in the usual case.
        """
        with self._mutex:
            if self._pending and self._saving:
                self._update(lambda data: None, timeout, remember=False)
            return not self._pending

    # -- resume positions

    def position(self, key: str) -> ReadingPosition | None:
        """Where the reader last was in interview ``key``."""
        pos = self._entry(key).get("position")
        if pos is None:
            return None
        return ReadingPosition(pos["section"], pos["scroll"], pos["when"])

    def set_position(self, key: str, section_id: str, scroll: int = 0) -> None:
        """Remember the Q&A and scroll offset the reader is at (one write)."""
        when = self._timestamp()
        value = {"section": section_id, "scroll": max(0, int(scroll)), "when": when}

        def change(data: _Data) -> None:
            _entry_for_update(data, key)["position"] = value

        self._update(change)

    # -- read marks

    def read_sections(self, key: str) -> frozenset[str]:
        """Ids of the Q&As of interview ``key`` already read."""
        return frozenset(self._entry(key).get("read", ()))

    def read_count(self, key: str, section_ids: Iterable[str]) -> int:
        """How many of ``section_ids`` are read (ids of removed Q&As do not count)."""
        read = self.read_sections(key)
        return sum(1 for section_id in set(section_ids) if section_id in read)

    def mark_read(self, key: str, section_id: str) -> bool:
        """Mark a Q&A read; True if it was not read before (no write otherwise)."""
        if section_id in self.read_sections(key):
            return False

        def change(data: _Data) -> bool:
            read = _entry_for_update(data, key).setdefault("read", [])
            if section_id in read:
                return False
            read.append(section_id)
            return True

        return self._update(change)

    def reset_read(self, key: str) -> None:
        """Forget which Q&As of interview ``key`` were read."""

        def change(data: _Data) -> None:
            _entry_for_update(data, key).pop("read", None)

        self._update(change)

    # -- bookmarks

    def bookmarks(self, key: str | None = None) -> list[Bookmark]:
        """All bookmarks (or those of interview ``key``), oldest first."""
        self._refresh()
        return [
            _bookmark(raw) for raw in self._data["bookmarks"] if key is None or raw["key"] == key
        ]

    def find_bookmark(self, key: str, section_id: str, answer: int | None) -> Bookmark | None:
        """The bookmark on exactly this Q&A (``answer=None``) or answer, if any."""
        for bookmark in self.bookmarks(key):
            if bookmark.section_id == section_id and bookmark.answer == answer:
                return bookmark
        return None

    def add_bookmark(
        self, interview: Interview, section: Section, answer: int | None = None, note: str = ""
    ) -> Bookmark:
        """Bookmark a Q&A (``answer=None``) or one answer (0-based), with a note.

        If that place is already bookmarked, its note is replaced by ``note``
        and the existing bookmark returned (the ``M`` key edits in place).
        """
        new = self._new_bookmark(interview, section, answer, note)

        def change(data: _Data) -> Bookmark:
            existing = _find_raw(data, new["key"], section.id, answer)
            if existing is not None:
                existing["note"] = note
                return _bookmark(existing)
            data["bookmarks"].append(dict(new))
            return _bookmark(new)

        return self._update(change)

    def toggle_bookmark(
        self, interview: Interview, section: Section, answer: int | None = None
    ) -> bool:
        """Bookmark this Q&A or answer, or remove its bookmark; True when added."""
        new = self._new_bookmark(interview, section, answer, "")

        def change(data: _Data) -> bool:
            existing = _find_raw(data, new["key"], section.id, answer)
            if existing is not None:
                data["bookmarks"].remove(existing)
                return False
            data["bookmarks"].append(dict(new))
            return True

        return self._update(change)

    def _new_bookmark(
        self, interview: Interview, section: Section, answer: int | None, note: str
    ) -> _Data:
        return {
            "id": secrets.token_hex(8),
            "key": interview_key(interview.id, interview.path),
            "path": _resolve(interview.path),
            "interview_id": interview.id,
            "interview_title": interview.title,
            "section_id": section.id,
            "section_number": section.number,
            "answer": answer,
            "excerpt": bookmark_excerpt(section, answer),
            "note": note,
            "created": self._timestamp(),
        }

    def remove_bookmark(self, bookmark_id: str) -> bool:
        """Delete a bookmark by id; True if it existed."""

        def change(data: _Data) -> bool:
            before = len(data["bookmarks"])
            data["bookmarks"] = [b for b in data["bookmarks"] if b["id"] != bookmark_id]
            return len(data["bookmarks"]) != before

        return self._update(change)

    def set_bookmark_note(self, bookmark_id: str, note: str) -> bool:
        """Replace a bookmark's note; True if the bookmark exists."""

        def change(data: _Data) -> bool:
            for raw in data["bookmarks"]:
                if raw["id"] == bookmark_id:
                    raw["note"] = note
                    return True
            return False

        return self._update(change)

    # -- folders and theme

    def last_in_folder(self, folder: Path | str) -> str | None:
        """The key of the interview last opened from ``folder``."""
        self._refresh()
        value = self._data["folders"].get(_resolve(Path(folder)))
        return value if isinstance(value, str) else None

    def set_last_in_folder(self, folder: Path | str, key: str) -> None:
        """Remember that interview ``key`` was last opened from ``folder``."""
        name = _resolve(Path(folder))

        def change(data: _Data) -> None:
            data["folders"][name] = key

        self._update(change)

    @property
    def theme(self) -> str | None:
        """The theme chosen last, if any."""
        self._refresh()
        theme = self._data.get("theme")
        return theme if isinstance(theme, str) else None

    def set_theme(self, name: str) -> None:
        """Remember the chosen theme."""

        def change(data: _Data) -> None:
            data["theme"] = name

        self._update(change)

    # -- internals: reading

    def _entry(self, key: str) -> dict[str, Any]:
        self._refresh()
        entry = self._data["interviews"].get(key)
        return entry if isinstance(entry, dict) else {}

    def _timestamp(self) -> str:
        return self._now().astimezone(UTC).isoformat(timespec="seconds")

    def _read(self) -> tuple[_Status, _Data | None, str, bytes | None]:
        """Read and classify the file; the data is ``self._data`` if unchanged."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return _Status.MISSING, None, "", None
        except OSError as error:
            return _Status.UNREADABLE, None, _why(error), None
        if raw == self._raw:
            return _Status.OK, self._data, "", raw
        status, data, detail = _parse(raw)
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
        if status is _Status.OK and data is not None:
            self._data, self._raw, self._signature = data, raw, signature
        elif status is _Status.NEWER:
            self._go_newer(detail)
        elif status is _Status.UNREADABLE:
            self._stop_saving(
                f"cannot read the state file {self.path} ({detail}); "
                "reading positions and bookmarks will not be saved this session"
            )
        elif status is _Status.CORRUPT:
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
            if status is _Status.OK and data is not None:
                self._adopt(data, raw, signature)
            elif status is _Status.MISSING:
                # Deleted by hand: start afresh (a later change recreates it).
                self._adopt(_empty(), None, None)
            elif status is _Status.NEWER:
                self._go_newer(detail)
            elif status is _Status.UNREADABLE:
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
        lock is busy there is nothing to keep for later.
        """
        with self._mutex:
            if not self._saving:
                return change(self._data)
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

    def _write_failed(self, error: OSError) -> str:
        return (
            f"cannot write the state file {self.path} ({_why(error)}); "
            "reading positions and bookmarks will not be saved this session"
        )

    def _read_locked(self) -> _Data | None:
        """The file's current data, read under the lock; None if we must not write."""
        status, data, detail, _raw = self._read()
        if status is _Status.OK and data is not None:
            return data
        if status is _Status.MISSING:
            return _empty()
        if status is _Status.NEWER:
            self._go_newer(detail)
            return None
        if status is _Status.UNREADABLE:
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
        self._data = _empty()
        return _empty()

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


def _entry_for_update(data: _Data, key: str) -> dict[str, Any]:
    entry = data["interviews"].get(key)
    if not isinstance(entry, dict):
        entry = data["interviews"][key] = {}
    return entry


def _find_raw(data: _Data, key: str, section_id: str, answer: int | None) -> _Data | None:
    for raw in data["bookmarks"]:
        if raw["key"] == key and raw["section_id"] == section_id and raw["answer"] == answer:
            return raw
    return None


def _bookmark(raw: _Data) -> Bookmark:
    return Bookmark(**{name: raw[name] for name in _BOOKMARK_FIELDS})


def _why(error: OSError) -> str:
    return error.strerror or str(error)
