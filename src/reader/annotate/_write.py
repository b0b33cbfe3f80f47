"""Reading an interview file for editing, writing it back safely, and one step of undo.

The rules (docs/reading.md, "Annotating"): the file is written only when the
user asks; only if its bytes are still those that were read (a SHA-256
compare, checked again just before the rename); never when it is read-only,
one of the interviews bundled inside the installed package, or not writable;
always atomically, with its permissions kept (:func:`reader.atomic.atomic_write`).
Before each write the previous bytes are kept in the state directory, so the
last change can be undone, again only if nobody changed the file since.

Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from reader.atomic import StaleFileError, atomic_write, is_read_only
from reader.loader import MAX_FILE_BYTES
from reader.loader._source import (
    UTF8_BOM,
    DecodeFailure,
    ReadFailure,
    decode,
    describe_os_error,
    read_bytes,
)
from reader.paths import bundled_interviews
from reader.text import visible

__all__ = [
    "UNDO_DIR_NAME",
    "FileChanged",
    "Snapshot",
    "UndoRecord",
    "WriteRefused",
    "digest",
    "read_snapshot",
    "remember_by",
    "remembered_by",
    "undo_last",
    "undo_record",
    "write_text",
]

UNDO_DIR_NAME = "annotate"
"""The folder, in the state directory, that keeps the file before the last change
(and the last ``by`` given)."""


class WriteRefused(Exception):
    """The file cannot or must not be written; ``str(error)`` says why, for a person."""


class FileChanged(WriteRefused):
    """The file on disk is no longer the one that was read."""


def digest(data: bytes) -> str:
    """The SHA-256 of ``data``, in hex: how a file's version is recognised."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A file as read for editing: its bytes, its text and their hash."""

    path: Path
    data: bytes
    text: str
    sha256: str

    @property
    def bom(self) -> bool:
        """True when the file starts with a UTF-8 byte order mark (kept when written)."""
        return self.data.startswith(UTF8_BOM)

    def encode(self, text: str) -> bytes:
        """``text`` as this file's bytes (UTF-8, with its BOM if it had one)."""
        return (UTF8_BOM if self.bom else b"") + text.encode("utf-8")


def read_snapshot(path: Path) -> Snapshot:
    """Read ``path`` for editing; raises :class:`WriteRefused` when it cannot be read."""
    try:
        data = read_bytes(path, MAX_FILE_BYTES)
        text = decode(data)
    except ReadFailure as exc:
        raise WriteRefused(f"{visible(str(path))}: {exc}") from None
    except DecodeFailure as exc:
        raise WriteRefused(f"{visible(str(path))}:{exc.line}:{exc.column}: {exc.message}") from None
    return Snapshot(Path(path), data, text, digest(data))


def _is_bundled(path: Path) -> bool:
    try:
        bundled = bundled_interviews().resolve()
        target = path.resolve()
    except (OSError, RuntimeError):
        return False
    # Only the copy inside the installed package: a source checkout's own
    # interviews/ folder is the developer's to edit.
    installed = {"site-packages", "dist-packages"}.intersection(bundled.parts)
    return bool(installed) and target.is_relative_to(bundled)


def check_writable(path: Path) -> None:
    """Raise :class:`WriteRefused` when ``path`` must not or cannot be replaced."""
    shown = visible(str(path))
    if _is_bundled(path):
        raise WriteRefused(
            f"{shown} is an interview bundled with reader (inside the installed package): "
            "copy it to a folder of yours to annotate it"
        )
    if is_read_only(path):
        raise WriteRefused(f"{shown} is read-only: make it writable (chmod u+w) to annotate it")
    folder = path.parent if str(path.parent) else Path(".")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise WriteRefused(
            f"cannot write in the folder {visible(str(folder))} (permission denied): "
            "the file is replaced through a temporary file there"
        )


def write_text(snapshot: Snapshot, text: str, state_dir: Path | None) -> Snapshot:
    """Replace the file with ``text`` if it is still ``snapshot``; return the new snapshot.

    The previous bytes are kept for :func:`undo_last` in ``state_dir`` (when
    given).  Raises :class:`FileChanged` when the file's bytes changed since
    ``snapshot`` was read, and :class:`WriteRefused` for anything else that
    stops the write; the file is then untouched.
    """
    # A symlinked interview is written through its link: replacing the link
    # itself would leave the real file without the change (and the link gone).
    path = Path(os.path.realpath(snapshot.path))
    check_writable(path)
    data = snapshot.encode(text)
    if state_dir is not None:
        _keep_for_undo(state_dir, snapshot, digest(data))
    try:
        atomic_write(path, data, expect_sha256=snapshot.sha256)
    except StaleFileError:
        raise FileChanged(
            f"{visible(str(path))} changed on disk since it was read: nothing was written; "
            "it has been read again"
        ) from None
    except OSError as exc:
        raise WriteRefused(f"cannot write {visible(str(path))}: {_os_reason(exc)}") from None
    return Snapshot(snapshot.path, data, text, digest(data))


def _os_reason(exc: OSError) -> str:
    import errno

    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    return describe_os_error(exc).removeprefix("cannot read this file: ")


@dataclass(frozen=True, slots=True)
class UndoRecord:
    """The last change made: which file, and the hash of what was written."""

    path: Path
    written_sha256: str
    backup: Path


def _undo_dir(state_dir: Path) -> Path:
    return state_dir / UNDO_DIR_NAME


def _keep_for_undo(state_dir: Path, snapshot: Snapshot, written: str) -> None:
    folder = _undo_dir(state_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(folder / "previous.bin", snapshot.data, mode=0o600)
        record = {"path": str(snapshot.path.resolve()), "written_sha256": written}
        atomic_write(folder / "last.json", json.dumps(record).encode("utf-8"), mode=0o600)
    except OSError as exc:
        raise WriteRefused(
            f"cannot keep the undo copy in {visible(str(folder))}: {_os_reason(exc)}; "
            "nothing was written"
        ) from None


def remembered_by(state_dir: Path | None) -> str | None:
    """The ``by`` the user gave last time (the dialog offers it again), if any."""
    if state_dir is None:
        return None
    try:
        raw = json.loads((_undo_dir(state_dir) / "by.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    by = raw.get("by") if isinstance(raw, dict) else None
    return by if isinstance(by, str) and by.strip() else None


def remember_by(state_dir: Path | None, by: str | None) -> None:
    """Keep ``by`` for the next annotation (best effort: never an error for the user)."""
    if state_dir is None or not by or by == remembered_by(state_dir):
        return
    folder = _undo_dir(state_dir)
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(folder / "by.json", json.dumps({"by": by}).encode("utf-8"), mode=0o600)


def undo_record(state_dir: Path) -> UndoRecord | None:
    """The last change that can be undone, or None."""
    folder = _undo_dir(state_dir)
    try:
        raw = json.loads((folder / "last.json").read_text("utf-8"))
        return UndoRecord(Path(raw["path"]), str(raw["written_sha256"]), folder / "previous.bin")
    except (OSError, ValueError, KeyError, TypeError):
        return None


def undo_last(state_dir: Path) -> Path:
    """Put back the file as it was before the last annotation change; return its path.

    Refused (:class:`WriteRefused`) when there is nothing to undo, or when
    the file changed since that change (someone else's work is never
    overwritten).  One step only: the record is removed once used.
    """
    record = undo_record(state_dir)
    if record is None:
        raise WriteRefused("there is no annotation change to undo")
    try:
        previous = record.backup.read_bytes()
    except OSError as exc:
        raise WriteRefused(f"the undo copy cannot be read: {_os_reason(exc)}") from None
    check_writable(record.path)
    try:
        atomic_write(record.path, previous, expect_sha256=record.written_sha256)
    except StaleFileError:
        raise FileChanged(
            f"{visible(str(record.path))} changed since the last annotation change: not undone"
        ) from None
    except OSError as exc:
        raise WriteRefused(f"cannot write {visible(str(record.path))}: {_os_reason(exc)}") from None
    for name in ("last.json", "previous.bin"):
        with contextlib.suppress(OSError):
            (_undo_dir(state_dir) / name).unlink()
    return record.path
