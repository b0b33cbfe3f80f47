"""Writing a file atomically: readers see the old bytes or the new ones, never a mix.

The one way ``reader`` replaces a file (reading state, ``reader import -o``,
exports, annotations written into an interview): the bytes go to a temporary
file in the same folder, are flushed to disk, and the temporary file is
renamed over the target with :func:`os.replace`; then the folder is synced so
the rename itself survives a crash.  A process killed at any point leaves
either the old file or the new one, plus at worst a temporary file whose name
starts with ``.<name>.`` and ends with ``.tmp``.

This module imports neither textual nor rich.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import tempfile
from pathlib import Path

__all__ = [
    "StaleFileError",
    "atomic_write",
    "fsync_directory",
    "is_read_only",
    "temporary_prefix",
]


def temporary_prefix(path: Path) -> str:
    """The name prefix of the temporary files :func:`atomic_write` makes for ``path``."""
    return f".{path.name}."


class StaleFileError(Exception):
    """The file is no longer the version the caller read: it was not replaced."""


def _sha256_of(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except FileNotFoundError:
        return None


def is_read_only(path: Path) -> bool:
    """True when ``path`` exists and we may not write it, or it has no write bit at all.

    The second half matters for root, to whom ``os.access`` says yes anyway:
    a file marked read-only (``chmod a-w``) is the user saying "do not touch".
    """
    try:
        info = path.stat()
    except OSError:
        return False
    return not os.access(path, os.W_OK) or not info.st_mode & 0o222


def atomic_write(
    path: Path,
    data: bytes,
    *,
    mode: int | None = None,
    expect_sha256: str | None = None,
) -> os.stat_result:
    """Replace ``path`` with ``data`` atomically and durably.

    ``mode`` is the new file's permission bits; by default the replaced
    file's, or for a new file what a plain ``open()`` would give (0666 less
    the umask).  ``mkstemp`` alone would make the file private (0600).

    With ``expect_sha256`` (the hash of the bytes the caller read) the file is
    a user's document being edited in place: it is replaced only if it still
    has those bytes, checked again just before the rename (else
    :class:`StaleFileError`), and only if it is writable by us: a rename would
    replace a read-only file in a writable folder, which the user did not
    allow (:class:`PermissionError`).

    Returns the ``stat`` of the written file, taken before the rename: the
    rename keeps its inode, size and modification time, so this is the
    signature of the file this call wrote even if another process replaces
    it a moment later.  Raises :class:`OSError` (the target untouched, the
    temporary file removed) when anything fails.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if expect_sha256 is not None and is_read_only(path):
        raise PermissionError(errno.EACCES, "the file is read-only", str(path))
    if mode is None:
        mode = _mode_for(path)
    fd, temp = tempfile.mkstemp(prefix=temporary_prefix(path), suffix=".tmp", dir=folder)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fchmod(fd, mode)
        os.fsync(fd)
        st = os.fstat(fd)
        os.close(fd)
        fd = -1
        if expect_sha256 is not None and _sha256_of(path) != expect_sha256:
            raise StaleFileError(str(path))
        os.replace(temp, path)
    except BaseException:
        if fd != -1:
            os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    fsync_directory(folder)
    return st


def _mode_for(path: Path) -> int:
    """The permission bits a replacement of ``path`` should have."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def fsync_directory(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX); harmless where unsupported."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        # Some file systems refuse fsync on directories; the data is already
        # safe in the file, only the rename's durability is at stake.
        pass
    finally:
        os.close(fd)
