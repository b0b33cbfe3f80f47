"""One malloc heap for the app's threads (glibc), so that its memory follows what it holds.

glibc's malloc gives each new thread a heap ("arena") of its own, up to
eight per core, and memory freed in one is not reused by another.  The app
has several threads (Textual's, the loader that lists the library, the
search, the reading-state writer), and a large library's listing passes
through them: at 10,000 interviews, the peak resident set was 6 MB higher
with the default arenas than with one (84 MB against 78, measured with
``MALLOC_ARENA_MAX=1`` and ``bench/app_driver.py``), which is most of what
made the app's memory grow with the library beyond its own data.  Python's
small objects come from its own allocator, and the GIL serialises most
allocation anyway, so sharing one heap costs nothing measurable.

Called after the first frame (``ctypes`` is not imported before it), and a
no-op where it does not apply (not Linux, not glibc, or
``MALLOC_ARENA_MAX`` already set by the user).
"""

from __future__ import annotations

import os
import sys

__all__ = ["share_one_heap"]

_M_ARENA_MAX = -8
"""glibc's ``mallopt`` parameter for the most arenas (``<malloc.h>``)."""


def share_one_heap() -> bool:
    """Limit glibc's malloc to one arena for the threads started from now on; True if done."""
    if sys.platform != "linux" or "MALLOC_ARENA_MAX" in os.environ:
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
        if not hasattr(libc, "gnu_get_libc_version"):
            return False  # musl and others: their malloc has no arenas to limit
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_ARENA_MAX, 1))
