"""The reading-state store: resume positions, read marks, bookmarks, theme.

:class:`StateStore` is the API the app uses; the file's safety (lock, atomic
writes, setting a broken file aside) is :mod:`reader.state.document`'s and
the file's layout :mod:`reader.state.layout`'s.  See :mod:`reader.state`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from reader.state.document import LockedDocument
from reader.state.layout import BOOKMARK_FIELDS, Data, empty, parse
from reader.text import shorten, visible

if TYPE_CHECKING:
    from reader.model import Interview, Section

__all__ = [
    "ENV_VAR",
    "EXCERPT_WIDTH",
    "STATE_FILE_NAME",
    "Bookmark",
    "ReadingPosition",
    "StateStore",
    "bookmark_excerpt",
    "interview_key",
]

STATE_FILE_NAME = "state.json"
"""The name of the state file inside the state directory."""

ENV_VAR = "READER_STATE_DIR"
"""Environment variable naming the state directory (overrides platformdirs)."""

EXCERPT_WIDTH = 80
"""Length of the one-line excerpt stored with a bookmark."""


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


class StateStore(LockedDocument):
    """The per-user state file, read and written safely.

    Reads come from an in-memory copy that is refreshed (one ``stat``)
    whenever another process has replaced the file.  Each change locks the
    file, re-reads it, applies the change and writes it back atomically.
    Nothing here raises on I/O trouble: problems are collected in
    :attr:`problems` for the UI to show once.

    ``now`` returns the current time (tests pass a fixed clock).
    """

    def __init__(
        self,
        path: Path | None = None,
        *,
        now: Callable[[], datetime] | None = None,
        background: bool = False,
    ):
        """The store of ``path`` (default :meth:`default_path`).

        With ``background``, a change is made in memory at once and saved
        by a thread of its own (the app: the lock can wait up to a second,
        and a save fsyncs twice); :meth:`flush` waits for it.
        """
        super().__init__(
            path if path is not None else self.default_path(),
            parse=parse,
            empty=empty,
            now=now,
            background=background,
        )

    # -- locations

    @staticmethod
    def default_path(environ: Mapping[str, str] | None = None) -> Path:
        """``$READER_STATE_DIR/state.json``, else the platform's state directory."""
        env = os.environ if environ is None else environ
        folder = env.get(ENV_VAR)
        if folder:
            return Path(folder).expanduser() / STATE_FILE_NAME
        return Path(platformdirs.user_state_dir("reader", appauthor=False)) / STATE_FILE_NAME

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

        def change(data: Data) -> None:
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

        def change(data: Data) -> bool:
            read = _entry_for_update(data, key).setdefault("read", [])
            if section_id in read:
                return False
            read.append(section_id)
            return True

        return self._update(change)

    def reset_read(self, key: str) -> None:
        """Forget which Q&As of interview ``key`` were read."""

        def change(data: Data) -> None:
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

        def change(data: Data) -> Bookmark:
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

        def change(data: Data) -> bool:
            existing = _find_raw(data, new["key"], section.id, answer)
            if existing is not None:
                data["bookmarks"].remove(existing)
                return False
            data["bookmarks"].append(dict(new))
            return True

        return self._update(change)

    def _new_bookmark(
        self, interview: Interview, section: Section, answer: int | None, note: str
    ) -> Data:
        import secrets  # 2 ms of start-up otherwise, for the first bookmark only

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

        def change(data: Data) -> bool:
            before = len(data["bookmarks"])
            data["bookmarks"] = [b for b in data["bookmarks"] if b["id"] != bookmark_id]
            return len(data["bookmarks"]) != before

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

        def change(data: Data) -> None:
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

        def change(data: Data) -> None:
            data["theme"] = name

        self._update(change)


def _entry_for_update(data: Data, key: str) -> dict[str, Any]:
    interviews: dict[str, dict[str, Any]] = data["interviews"]
    entry = interviews.get(key)
    if not isinstance(entry, dict):
        entry = interviews[key] = {}
    return entry


def _find_raw(data: Data, key: str, section_id: str, answer: int | None) -> Data | None:
    bookmarks: list[Data] = data["bookmarks"]
    for raw in bookmarks:
        if raw["key"] == key and raw["section_id"] == section_id and raw["answer"] == answer:
            return raw
    return None


def _bookmark(raw: Data) -> Bookmark:
    return Bookmark(**{name: raw[name] for name in BOOKMARK_FIELDS})
