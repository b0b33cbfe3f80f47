"""Start-up, memory and navigation benchmark of the app.

``python bench/bench_ui.py [--sizes=100,1000,10000]`` prints, from one run:

* process start to first frame, headless: reader on the bundled interviews
  against a minimal Textual app (Header, OptionList, Static, Footer) started
  the same way, median of several runs, and the ratio;
* the same in a real pseudo-terminal (bench/pty_start.py), until the
  interview's title (the minimal app's first row) is on screen;
* for each library size (generated once into bench/corpus/search-N,
  git-ignored): a first start on an empty index (indexing time, the first
  results of a search typed at once and what they covered) and a next start
  (first results after launch), each in its own process
  (bench/app_driver.py) with its peak memory, and the first frame in a
  terminal;
* the library table with 10,000 files listed (synthetic rows, the library
  screen alone): the UI thread's time to list them and to filter, against
  a Textual ``DataTable`` filled with the same cells;
* a generated interview of 5,000 Q&As: first frame, first content, and the
  time for ``G`` (jump to the last Q&A) to be handled and repainted.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import interview_yaml, write_library  # noqa: E402
from pty_start import MINIMAL_APP  # noqa: E402

if TYPE_CHECKING:
    from reader.search.library import FileInfo

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


def _listed(count: int) -> list[FileInfo]:
    """``count`` files as the index lists them (synthetic: no YAML, no index)."""
    from reader.search.library import FileInfo

    return [
        FileInfo(
            Path(f"lib/interview-{n:05}.yaml"),
            f"synthetic-{n}",
            f"Synthetic interview {n}",
            (("Alex Host",), ("Lee Sung-jin",), ("RM", "Kim Namjoon")),
            {"date": "2024-05-10", "sections": 40, "annotations": n % 30, "tags": ("music",)},
            [],
            n,
        )
        for n in range(count)
    ]


async def _library_table(count: int) -> tuple[float, float, float, float]:
    """ms of the UI thread: list ``count`` files (slices of 250), a filter's first key
    and second key, and clearing it; the library screen alone, 120x40."""
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    import reader.ui.app
    from reader.search.normalize import fold
    from reader.ui.screens.library import LibraryScreen

    class Services:
        state = None
        read_only = False
        copy_warning = None

        def matches_in(self, interview: object, section: object) -> dict[object, object]:
            return {}

        def last_query_text(self) -> None:
            return None

        def read_count(self, info: object) -> str:
            return ""

    class Host(App[None]):
        CSS_PATH = Path(reader.ui.app.__file__).parent / "reader.tcss"

        def compose(self) -> ComposeResult:
            yield Static("")

    listed = _listed(count)
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = LibraryScreen(Services(), total=count)  # type: ignore[arg-type]
        await app.push_screen(screen)
        start = time.perf_counter()
        for first in range(0, count, 250):
            screen.add_results(listed[first : first + 250])
        await pilot.pause()
        fill = time.perf_counter() - start
        times = []
        for text in ("9", "99", ""):
            start = time.perf_counter()
            screen.query_one("#filter").value = text  # type: ignore[attr-defined]
            await pilot.pause()
            times.append(time.perf_counter() - start)
            assert screen._filter == fold(text)
    return fill * 1000, times[0] * 1000, times[1] * 1000, times[2] * 1000


async def _data_table(count: int) -> float:
    """Baseline: ms to fill a Textual DataTable with the same cells (8 Rich Text a row)."""
    from rich.text import Text
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield DataTable()

    listed = _listed(count)
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        table: DataTable[Text] = app.query_one(DataTable)
        for label in ("Title", "People", "Date", "Q&As", "Notes", "Unver.", "Read", "File"):
            table.add_column(label)
        start = time.perf_counter()
        for info in listed:
            summary = info.summary
            table.add_row(
                Text(info.title or ""),
                Text(", ".join(names[0] for names in info.people)),
                Text(summary["date"]),
                Text(str(summary["sections"])),
                Text(str(summary["annotations"])),
                Text(""),
                Text(""),
                Text(info.path.name),
            )
        await pilot.pause()
        return (time.perf_counter() - start) * 1000


def _library_table_figures() -> None:
    count = 10_000
    runs = [asyncio.run(_library_table(count)) for _ in range(3)]
    fill, first, second, clear = (statistics.median(run[i] for run in runs) for i in range(4))
    baseline = statistics.median(asyncio.run(_data_table(count)) for _ in range(3))
    print()
    print(f"## The library table, {count:,} files listed (synthetic rows; median of 3 runs)")
    label = "a DataTable filled with the same cells (baseline)"
    print(f"{label:<52}{baseline:8.0f} ms   1.00x")
    label = "the library listing them (slices of 250)"
    print(f"{label:<52}{fill:8.0f} ms   {fill / baseline:.2f}x")
    label = "filter, until repainted: first key, second, cleared"
    print(f"{label:<52}{first:8.0f} ms, {second:.0f} ms, {clear:.0f} ms")


def _app_start(library: Path, word: str) -> dict[str, float]:
    """One start of the app on ``library`` (bench/app_driver.py, its own process)."""
    done = subprocess.run(
        [sys.executable, str(HERE / "app_driver.py"), str(library), word],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _minimal_script(folder: Path) -> Path:
    """The baseline app as a program of its own, for the pseudo-terminal."""
    script = folder / "minimal_app.py"
    script.write_text(
        MINIMAL_APP,
        encoding="utf-8",
    )
    return script


def _pty_medians(starts: list[tuple[list[str], str]], runs: int) -> list[tuple[float, float]]:
    """Median ms of several programs until their text is on screen, and of the
    processor time they used until then; run in turn, so that a change of the
    machine's load hits each alike."""
    from pty_start import start_to_text

    times: list[list[tuple[float, float]]] = [[] for _ in starts]
    for _ in range(runs):
        for found, (argv, text) in zip(times, starts, strict=True):
            found.append(start_to_text(argv, text))
    return [
        (
            statistics.median(wall for wall, _cpu in found) * 1000,
            statistics.median(cpu for _wall, cpu in found) * 1000,
        )
        for found in times
    ]


def _sizes() -> list[int]:
    for argument in sys.argv[1:]:
        if argument.startswith("--sizes="):
            return [int(size) for size in argument.split("=", 1)[1].split(",")]
    return [100, 1000]


def _library_figures(tmp: Path, baseline: float, baseline_cpu: float) -> None:
    """Per library size: first frame in a terminal, memory, first results, indexing."""
    reader = str(Path(sys.executable).with_name("reader"))
    print()
    print(
        "## Libraries (bench/corpus/search-N, generated once; each start its own process; "
        "index in a fresh cache)"
    )
    peaks: dict[int, float] = {}
    for size in _sizes():
        library = HERE / "corpus" / f"search-{size}"
        if not any(library.glob("*.yaml")):
            write_library(library, size, 40)
        os.environ["READER_CACHE_DIR"] = str(tmp / f"cache-{size}")
        cold = _app_start(library, "camera")
        warm = _app_start(library, "camera")
        ((frame, frame_cpu),) = _pty_medians([([reader, str(library)], "Synthetic interview 0")], 3)
        peaks[size] = max(cold["peak_mb"], warm["peak_mb"])
        print(
            f"{size:>6,} interviews: first start (empty index): indexed in "
            f"{cold['indexed_s']:.1f} s; /camera typed at once answered at "
            f"{cold['results_s']:.2f} s ({cold['hits']:,} hits in {cold['searched']:,} of "
            f"{cold['files']:,} files indexed so far), then {cold['all_hits']:,} hits over all"
        )
        print(
            f"{'':>20}next start: first rows of /camera {warm['results_s']:.2f} s after "
            f"launch, exact counts {warm['counted_s']:.2f} s "
            f"({warm['hits']:,} hits in {warm['searched']:,} of {warm['files']:,} files; "
            "target <= 1 s); "
            f"a hit opened in {warm['opened_s'] * 1000:.0f} ms"
        )
        print(
            f"{'':>20}peak memory of the app: first start {cold['peak_mb']:.0f} MB, next "
            f"{warm['peak_mb']:.0f} MB (target <= 150 MB); first frame in a terminal "
            f"{frame:.0f} ms, {frame / baseline:.2f}x the minimal app (target <= 1.2x); "
            f"processor time until then {frame_cpu:.0f} ms, {frame_cpu / baseline_cpu:.2f}x"
        )
    sizes = sorted(peaks)
    if len(sizes) > 1:
        print(
            f"peak memory from {sizes[0]:,} to {sizes[-1]:,} interviews: "
            f"{peaks[sizes[-1]] / peaks[sizes[0]]:.2f}x (target <= 1.5x)"
        )


def main() -> None:
    """Run the benchmark and print the table."""
    # Every start below runs reader from cached bytecode, as after `pip install .`
    # (pip compiles the package; the warm-up runs write it for an editable
    # install): with PYTHONDONTWRITEBYTECODE set, an editable install would
    # compile all of reader at each start, about 100 ms of its first frame.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
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
        os.environ["READER_STATE_DIR"] = str(Path(tmp) / "state")
        minimal = _minimal_script(Path(tmp))
        reader = str(Path(sys.executable).with_name("reader"))
        os.environ["READER_CACHE_DIR"] = str(Path(tmp) / "cache-one")
        one_interview = [reader, str(ROOT / "interviews" / "come-back-to-me.yaml")]
        time_to_title = ([sys.executable, str(minimal)], "Question 1")
        _pty_medians([(one_interview, "Come Back to Me")], 1)  # its index made, bytecode written
        (pty_baseline, baseline_cpu), (one, one_cpu) = _pty_medians(
            [time_to_title, (one_interview, "Come Back to Me")], 7
        )
        print()
        print("## First frame in a real terminal (pty, 120x40), until the title is on screen")
        print(f"{'minimal Textual app (Question 1 on screen)':<46}{pty_baseline:9.0f} ms   1.00x")
        print(
            f"{'reader, one interview (its title on screen)':<46}{one:9.0f} ms"
            f"   {one / pty_baseline:.2f}x  (target <= 1.2x)"
        )
        print(
            f"{'processor time until then: minimal app':<46}{baseline_cpu:9.0f} ms   1.00x"
            f"  (varies less with the machine's load)"
        )
        print(
            f"{'processor time until then: reader':<46}{one_cpu:9.0f} ms"
            f"   {one_cpu / baseline_cpu:.2f}x"
        )
        _library_figures(Path(tmp), pty_baseline, baseline_cpu)
        _library_table_figures()
        big = Path(tmp) / "five-thousand.yaml"
        big.write_text(interview_yaml(5000, seed=7), encoding="utf-8")
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
