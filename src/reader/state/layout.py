"""The layout of ``state.json`` (version 1): what a valid state file holds.

:func:`parse` classifies the bytes of a state file (valid, corrupt, written
by a newer reader) and checks every field's type, so the store never works
on a wrongly typed value; :func:`empty` is a fresh state.  The file itself,
its lock and its atomic writes are :mod:`reader.state.document`'s.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeGuard

from reader.state.document import Status

__all__ = ["BOOKMARK_FIELDS", "STATE_VERSION", "Data", "empty", "parse"]

Data = dict[str, Any]

STATE_VERSION = 1
"""The version of the state file this module reads and writes."""


class _Invalid(Exception):
    """The file's content does not match the version-1 layout."""


def empty() -> Data:
    """A fresh, empty state."""
    return {"version": STATE_VERSION, "interviews": {}, "bookmarks": [], "folders": {}}


def _is_int(value: object) -> TypeGuard[int]:
    # bool is an int subclass; ``true`` is not a scroll offset.
    return isinstance(value, int) and not isinstance(value, bool)


def _expect(ok: bool, where: str, what: str) -> None:
    if not ok:
        raise _Invalid(f"{where}: expected {what}")


BOOKMARK_FIELDS: dict[str, tuple[Callable[[object], bool], str]] = {
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


def _validate(data: Data) -> None:
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
        for name, (check, what) in BOOKMARK_FIELDS.items():
            _expect(check(bookmark.get(name)), f"{where}.{name}", what)
        _expect(bookmark["id"] not in seen, f"{where}.id", "an id no other bookmark has")
        seen.add(bookmark["id"])
    folders = data.setdefault("folders", {})
    _expect(isinstance(folders, dict), "folders", "an object")
    for folder, key in folders.items():
        _expect(isinstance(key, str), f"folders[{folder!r}]", "a string")
    _expect(data.get("theme") is None or isinstance(data["theme"], str), "theme", "a string")


def parse(raw: bytes) -> tuple[Status, Data | None, str]:
    """Classify and parse the bytes of a state file."""
    try:
        obj = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return Status.CORRUPT, None, "not UTF-8 text"
    except RecursionError:
        return Status.CORRUPT, None, "nested too deeply"
    except ValueError as error:
        # JSONDecodeError is a ValueError; so is an over-long integer literal.
        reason = "empty" if not raw.strip() else f"not valid JSON: {error}"
        return Status.CORRUPT, None, reason
    if not isinstance(obj, dict):
        return Status.CORRUPT, None, "not a JSON object"
    version = obj.get("version")
    if not _is_int(version):
        return Status.CORRUPT, None, "version: expected an integer"
    if version > STATE_VERSION:
        return Status.NEWER, None, f"format version {version}"
    if version < STATE_VERSION:
        return Status.CORRUPT, None, f"version: expected {STATE_VERSION}, found {version}"
    try:
        _validate(obj)
    except _Invalid as error:
        return Status.CORRUPT, None, str(error)
    return Status.OK, obj, ""
