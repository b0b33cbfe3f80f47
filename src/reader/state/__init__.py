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

The package is laid out by role: :mod:`reader.state.store` (the API),
:mod:`reader.state.document` (the locked JSON file), :mod:`reader.state.layout`
(what the file holds).

This package imports neither textual nor rich.
"""

from reader.state.document import FLUSH_TIMEOUT, LOCK_POLL, LOCK_TIMEOUT
from reader.state.layout import STATE_VERSION
from reader.state.store import (
    ENV_VAR,
    EXCERPT_WIDTH,
    STATE_FILE_NAME,
    Bookmark,
    ReadingPosition,
    StateStore,
    bookmark_excerpt,
    interview_key,
)

__all__ = [
    "ENV_VAR",
    "EXCERPT_WIDTH",
    "FLUSH_TIMEOUT",
    "LOCK_POLL",
    "LOCK_TIMEOUT",
    "STATE_FILE_NAME",
    "STATE_VERSION",
    "Bookmark",
    "ReadingPosition",
    "StateStore",
    "bookmark_excerpt",
    "interview_key",
]
