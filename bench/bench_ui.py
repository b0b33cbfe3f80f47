"""Start-up and navigation benchmark of the reading screen (issue 3).

``python bench/bench_ui.py`` prints, from one run:

* process start to first frame: reader on the bundled interviews against a
  minimal Textual app (Header, OptionList, Static, Footer) started the same
  way (headless, 120x40), median of several alternating runs, and the ratio;
* the same for a 1,000-interview library (first frame must not grow with the
  library), and the time until its rows are all on screen;
* a generated interview of 5,000 Q&As: first frame, first content, and the
  time for ``G`` (jump to the last Q&A) to be handled and repainted.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import interview_yaml, write_library  # noqa: E402

RUNS = 7


def _time_process(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, str(HERE / "first_frame.py"), *args],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def _median_ms(args: list[str], runs: int = RUNS) -> float:
    return statistics.median(_time_process(args) for _ in range(runs)) * 1000


async def _press_times(pilot, keys: tuple[str, str], rounds: int = 8) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Median ms from a key press until the app is idle again (repainted)."""
    times: dict[str, list[float]] = {key: [] for key in keys}
    for _ in range(rounds):
        for key in keys:
            start = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            times[key].append((time.perf_counter() - start) * 1000)
    first, second = keys
    return statistics.median(times[first]), statistics.median(times[second])


async def _jump_baseline() -> float:
    """The same measurement on a minimal app: end/home in a 5,000-row OptionList.

    Pilot's press-and-wait has a fixed cost of its own; this is it, plus
    Textual's own repaint, so the difference is what reader adds.
    """
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, OptionList, Static

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield OptionList(*[f"Question {n}" for n in range(5000)])
            yield Static("A quote.")
            yield Footer()

    app = Minimal()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        app.query_one(OptionList).focus()
        end, _home = await _press_times(pilot, ("end", "home"))
    return end


async def _jump_to_last(path: Path) -> tuple[float, float]:
    from reader.ui.app import make_app
    from reader.ui.screens.interview import InterviewScreen

    app = make_app([path], state=False)
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, InterviewScreen):
            await pilot.pause(0.01)
        await pilot.pause(0.3)
        jump, back = await _press_times(pilot, ("G", "g"))
        await pilot.press("G")
        assert app.screen.section_index == len(app.screen.interview.sections)
    return jump, back


async def _first_results(library: Path, word: str, fill: bool) -> tuple[float, float, float, str]:
    """Seconds from start to the first results (typed once the library shows) and to
    all files loaded, and from typing to shown for a query once the index is built;
    and what those first results covered.

    ``fill``: wait, before quitting, until the app has filled the search cache
    (what it does after a start that found the cache empty).
    """
    from reader.search.cache import holds
    from reader.ui.app import make_app
    from reader.ui.screens.library import LibraryScreen

    start = time.perf_counter()
    app = make_app([library], state=False)
    async with app.run_test(size=(120, 40)) as pilot:
        while not (isinstance(app.screen, LibraryScreen) and app.screen.focused is not None):
            await pilot.pause(0.01)
        await pilot.press("slash")
        # The whole word at once: Pilot's key presses each wait for the screen
        # to be idle, which a loading library keeps busy for seconds.
        app.screen.query_one("#search").input.value = word
        while app.search.result is None:
            await asyncio.sleep(0.01)
        results = time.perf_counter() - start
        first = app.search.result
        covered = f"{first.total_hits:,} hits in {first.interviews:,} interviews"
        screen = app.screen
        while not (isinstance(screen, LibraryScreen) and len(screen.results) >= screen.total):
            await pilot.pause(0.01)
        loaded = time.perf_counter() - start
        # A second query once the library's own index is built: only the query runs.
        interviews = [r.interview for r in app.results if r.interview is not None]
        while app.search.cache is not None or not app.search.has_index(interviews):
            await pilot.pause(0.05)
        app.search.result = None
        panel = app.screen.query_one("#search")
        before = time.perf_counter()
        panel.input.value = "supply"
        while app.search.result is None:
            await pilot.pause(0.005)
        again = time.perf_counter() - before
        while fill and not holds([library]):
            await pilot.pause(0.5)
    return loaded, results, again, covered


def main() -> None:
    """Run the benchmark and print the table."""
    bundled = str(ROOT / "interviews")
    print(f"## Start-up (process start to first frame, headless 120x40, median of {RUNS} runs)")
    # Warm the file cache and bytecode first, for both.
    _time_process(["minimal"])
    _time_process(["reader", bundled])
    baseline = _median_ms(["minimal"])
    first = _median_ms(["reader", bundled])
    content = _median_ms(["reader", "--content", bundled])
    print(f"{'minimal Textual app (baseline)':<46}{baseline:9.0f} ms   1.00x")
    print(
        f"{'reader, bundled interviews: first frame':<46}{first:9.0f} ms"
        f"   {first / baseline:.2f}x  (target <= 1.2x)"
    )
    print(
        f"{'reader, bundled interviews: library on screen':<46}{content:9.0f} ms"
        f"   {content / baseline:.2f}x"
    )
    with tempfile.TemporaryDirectory() as tmp:
        # A search cache of the benchmark's own, empty: the user's is left alone,
        # and the first run below is a first start.
        os.environ["READER_CACHE_DIR"] = str(Path(tmp) / "cache")
        library = Path(tmp) / "library"
        write_library(library, 1000, 40)
        big = Path(tmp) / "five-thousand.yaml"
        big.write_text(interview_yaml(5000, seed=7), encoding="utf-8")
        lib_first = _median_ms(["reader", str(library)], runs=3)
        lib_content = _median_ms(["reader", "--content", str(library)], runs=3)
        print(
            f"{'reader, 1,000 interviews: first frame':<46}{lib_first:9.0f} ms"
            f"   {lib_first / baseline:.2f}x  (must not grow with the library)"
        )
        print(
            f"{'reader, 1,000 interviews: all rows loaded':<46}{lib_content:9.0f} ms"
            f"   {lib_content / baseline:.2f}x"
        )
        loaded, results, again, covered = asyncio.run(_first_results(library, "camera", fill=True))
        print(f"{'1,000 interviews: library loaded (in-process)':<46}{loaded * 1000:9.0f} ms")
        print(
            f"{'1,000 interviews: first results of /camera':<46}{results * 1000:9.0f} ms"
            f"   (first start, empty cache: {covered}, the files loaded so far)"
        )
        print(f"{'1,000 interviews: next query, typed to shown':<46}{again * 1000:9.1f} ms")
        _, results, _, covered = asyncio.run(_first_results(library, "camera", fill=False))
        print(
            f"{'1,000 interviews: first results, next start':<46}{results * 1000:9.0f} ms"
            f"   ({covered}: the search cache the first start filled)"
        )
        big_first = _median_ms(["reader", str(big)], runs=3)
        big_content = _median_ms(["reader", "--content", str(big)], runs=3)
        print(
            f"{'reader, 5,000 Q&As: first frame':<46}{big_first:9.0f} ms"
            f"   {big_first / baseline:.2f}x  (target < 1000 ms)"
        )
        print(
            f"{'reader, 5,000 Q&As: interview on screen':<46}{big_content:9.0f} ms"
            f"   {big_content / baseline:.2f}x"
        )
        baseline_jump = asyncio.run(_jump_baseline())
        jump, back = asyncio.run(_jump_to_last(big))
        print(f"{'minimal app, 5,000 rows: end (baseline)':<46}{baseline_jump:9.1f} ms   1.00x")
        print(
            f"{'5,000 Q&As: G handled and repainted':<46}{jump:9.1f} ms"
            f"   {jump / baseline_jump:.2f}x  (reader's own part: {jump - baseline_jump:.0f} ms;"
            " target < 50 ms)"
        )
        print(
            f"{'5,000 Q&As: g handled and repainted':<46}{back:9.1f} ms"
            f"   {back / baseline_jump:.2f}x"
        )


if __name__ == "__main__":
    main()
