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

from reader.ui.app import ReaderApp

LATER = ("filelock", "secrets", "reader.ui.widgets.search_panel", "reader.search.library",
         "sqlite3")
seen = {}


class Probe(ReaderApp):
    def _loaded_one(self, result):
        seen["loaded"] = [m for m in LATER if m in sys.modules]
        super()._loaded_one(result)
        self.screen_stack[-1].call_after_refresh(self._painted)

    def _painted(self):
        seen["painted"] = [m for m in LATER if m in sys.modules]
        self.exit()


Probe([Path(sys.argv[1])]).run(headless=True, size=(120, 40))
print(seen["loaded"])
print(seen["painted"])
"""


def test_the_first_interview_is_painted_before_the_search_bar_the_index_and_the_file_lock(
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
    loaded, painted = done.stdout.splitlines()[-2:]
    # The state file is open (its store was made before the file was read),
    # and still: no file lock, no bookmark ids, no search bar, no index.
    assert loaded == "[]"
    # Painted: the search bar is mounted by the first `/`, and the index
    # opened by the loader once the interview is on screen.
    assert "reader.ui.widgets.search_panel" not in painted
    assert "filelock" not in painted
