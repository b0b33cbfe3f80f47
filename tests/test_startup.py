"""What start-up loads before the first interview is on screen (issue 14: first frame).

Each check runs the app in a fresh interpreter (a test process has imported
everything already) and lists which of the modules the first paint does
not need were imported by then.  Start-up time itself is measured in
bench/bench_ui.py, never here.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from tests.uitools import SAMPLE

_SCRIPT = """
import sys
from pathlib import Path

from reader.ui import search
from reader.ui.app import ReaderApp

LATER = ("filelock", "secrets", "reader.search.library", "sqlite3")
seen = {}
painted = []
opening = search.SearchState.open


def open_index(self, paths, *found):
    seen["index opened after the paint"] = bool(painted)
    return opening(self, paths, *found)


search.SearchState.open = open_index


class Probe(ReaderApp):
    def _loaded_one(self, result, found=None, **options):
        seen["loaded"] = [m for m in LATER if m in sys.modules]
        # Scheduled before the app's own callbacks after the paint.
        self.call_after_refresh(self._painted)
        super()._loaded_one(result, found, **options)

    def _painted(self):
        painted.append(True)
        seen["painted"] = [m for m in LATER[:2] if m in sys.modules]
        self.set_interval(0.01, self._exit_once_indexed)

    def _exit_once_indexed(self):
        if "index opened after the paint" in seen:
            self.exit()


Probe([Path(sys.argv[1])]).run(headless=True, size=(120, 40))
print(seen["loaded"])
print(seen["painted"])
print(seen["index opened after the paint"])
"""


def test_the_first_interview_is_painted_before_the_index_and_the_file_lock(
    tmp_path: Path,
) -> None:
    env = {
        **os.environ,
        "READER_STATE_DIR": str(tmp_path / "state"),
        "READER_CACHE_DIR": str(tmp_path / "cache"),
    }
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(SAMPLE)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    loaded, painted, index_after_paint = done.stdout.splitlines()[-3:]
    # The state file is open (its store was made before the file was read),
    # and still: no file lock, no bookmark ids, no search index.
    assert loaded == "[]"
    # On screen: still no file lock nor bookmark ids (nothing was changed);
    # the index is opened by a worker started after the paint, not meanwhile.
    assert painted == "[]"
    assert index_after_paint == "True"


_ESCAPES = re.compile(rb"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


def _first_frame_in_a_terminal(argv: list[str], env: dict[str, str], until: bytes) -> bytes:
    """What ``argv`` writes to a 120x40 pseudo-terminal until ``until`` is on screen.

    The text only, escape sequences removed; the program is then ended.
    """
    main, child = os.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    process = subprocess.Popen(
        argv,
        stdin=child,
        stdout=child,
        stderr=child,
        env={**env, "TERM": "xterm-256color"},
        start_new_session=True,
    )
    os.close(child)
    seen = b""
    try:
        while until not in _ESCAPES.sub(b"", seen):
            ready, _, _ = select.select([main], [], [], 60)
            assert ready, f"nothing drawn in 60 s; so far: {_ESCAPES.sub(b'', seen)[-500:]!r}"
            try:
                chunk = os.read(main, 65536)
            except OSError:
                chunk = b""
            assert chunk, f"ended before {until!r}: {_ESCAPES.sub(b'', seen)[-500:]!r}"
            seen += chunk
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        os.close(main)
    return _ESCAPES.sub(b"", seen)


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_the_first_frame_in_a_terminal_has_the_title_line(tmp_path: Path) -> None:
    # A screen shown during the app's mount (a batch update) was painted
    # without being written, and its next frame was a partial update: the
    # panes, but not the title line above them.
    env = {
        **os.environ,
        "READER_STATE_DIR": str(tmp_path / "state"),
        "READER_CACHE_DIR": str(tmp_path / "cache"),
    }
    drawn = _first_frame_in_a_terminal(
        [sys.executable, "-m", "reader", str(SAMPLE)], env, until="╭─ Q&As".encode()
    )
    # No loading screen, and the title line (title, date, publisher; the
    # About page has them on lines of their own) is in that frame.
    assert b"Loading interviews" not in drawn
    assert "Sample interview  ·  2024-05-10  ·  Test Press".encode() in drawn
