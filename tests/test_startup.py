"""What start-up loads before the first interview is on screen (issue 14: first frame).

Each check runs the app in a fresh interpreter (a test process has imported
everything already) and lists which of the modules the first paint does
not need were imported by then.  Start-up time itself is measured in
bench/bench_ui.py, never here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
    def _loaded_one(self, result, found=None):
        seen["loaded"] = [m for m in LATER if m in sys.modules]
        # Scheduled before the app's own callbacks after the paint.
        self.call_after_refresh(self._painted)
        super()._loaded_one(result, found)

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
