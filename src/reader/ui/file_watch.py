"""Live reload: noticing that an interview file changed on disk and reading it again.

A :class:`FileWatcher` compares the file's (modification time, size) each
time :meth:`FileWatcher.check` is called (the screen calls it on a timer and
after the editor returns); on a change it loads the file in a thread worker,
so a large file never freezes the screen, and hands the result, good or
broken, to the screen's callback on the UI thread.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from reader.model import LoadResult

__all__ = ["FileWatcher", "file_signature"]


def file_signature(path: Path) -> tuple[int, int] | None:
    """(modification time in ns, size) of ``path``, or None if it cannot be read."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


class FileWatcher:
    """Reloads ``path`` off the UI thread whenever it changes on disk."""

    def __init__(self, owner: DOMNode, path: Path, on_loaded: Callable[[LoadResult], None]) -> None:
        self.owner = owner
        self.path = path
        self.on_loaded = on_loaded
        self._signature = file_signature(path)
        self._reloading = False
        self._held = False

    def acknowledge(self) -> None:
        """The file was just written by us (and shown): do not reload it for that."""
        self._signature = file_signature(self.path)

    def hold(self) -> None:
        """Do not reload while we write the file ourselves (until :meth:`release`)."""
        self._held = True

    def release(self) -> None:
        """Watch again; a change made by someone else meanwhile is still noticed."""
        self._held = False

    def check(self) -> None:
        """Reload if the file changed since it was last read (once at a time)."""
        if self._held:
            return
        signature = file_signature(self.path)
        if signature == self._signature or self._reloading:
            return
        self._signature = signature
        self._reloading = True
        self.owner.run_worker(
            self._load,
            thread=True,
            exclusive=True,
            group="reload",
            exit_on_error=False,
            description="reload",
        )

    def _load(self) -> None:
        from reader.loader import load_file

        result = load_file(self.path)
        self.owner.app.call_from_thread(self._loaded, result)

    def _loaded(self, result: LoadResult) -> None:
        self._reloading = False
        self.on_loaded(result)
