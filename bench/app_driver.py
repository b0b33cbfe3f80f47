"""Driver for bench/bench_ui.py: one start of the app on a library, timed, in its own process.

``python bench/app_driver.py LIBRARY WORD`` starts reader headless (Pilot,
120x40) on LIBRARY with the search index in ``$READER_CACHE_DIR`` and prints
one JSON line:

- ``results_s``: seconds from start until the first results of ``/WORD``,
  typed as soon as the library screen takes keys, are on screen, with what
  they covered (``hits``, ``searched`` of ``files``); ``counted_s`` when
  their exact counts followed;
- ``indexed_s``: seconds until the index is up to date (0 work on a warm
  start);
- ``all_hits``: the hits of the same search once the whole library is in;
- ``opened_s``: seconds to open the first hit (its interview parsed then);
- ``peak_mb``: this process's peak resident set (the indexing pool's
  processes are the forkserver's children, measured apart).

Its own process, so that the peak is the app's alone.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from pathlib import Path


async def _run(library: Path, word: str) -> dict[str, object]:
    from reader.ui.app import make_app
    from reader.ui.screens.interview import InterviewScreen
    from reader.ui.screens.library import LibraryScreen

    start = time.perf_counter()
    app = make_app([library], state=False)
    out: dict[str, object] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        while not (isinstance(app.screen, LibraryScreen) and app.screen.focused is not None):
            await asyncio.sleep(0.005)
        # What "/" does, and the whole word at once, as fast as a user could:
        # Pilot's press would first wait for the screen to be idle, which
        # is Pilot's own wait, not the app's.
        screen = app.screen
        screen.action_search()
        screen.query_one("#search").input.value = word
        while app.search.result is None:
            await asyncio.sleep(0.005)
        out["results_s"] = time.perf_counter() - start
        while not (first := app.search.result).counted:
            await asyncio.sleep(0.005)
        out["counted_s"] = time.perf_counter() - start
        out["hits"] = first.total_hits
        out["searched"] = first.searched
        out["files"] = first.files
        while app.search.progress is not None or app.sub_title:
            await asyncio.sleep(0.05)
        out["indexed_s"] = time.perf_counter() - start
        # The search shown is run again over the whole library once it is indexed.
        while (result := app.search.result) is None or result.partial or not result.counted:
            await asyncio.sleep(0.01)
        out["all_hits"] = result.total_hits
        before = time.perf_counter()
        app.open_hit(0)
        while not isinstance(app.screen, InterviewScreen):
            await asyncio.sleep(0.005)
        await pilot.pause()
        out["opened_s"] = time.perf_counter() - before
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
    return out


def main() -> None:
    """Run one start and print its figures as JSON."""
    library, word = Path(sys.argv[1]), sys.argv[2]
    print(json.dumps(asyncio.run(_run(library, word))))


if __name__ == "__main__":
    main()
