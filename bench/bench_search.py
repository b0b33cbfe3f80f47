"""Search benchmark: the in-memory index and ``reader search`` against ripgrep.

``python bench/bench_search.py [--interviews 1000] [--sections 40] [--repeat 7]``
writes a synthetic library with :func:`corpus.write_library` into
``bench/corpus/search-N/`` (git-ignored; reused when present), loads it with
the real loader, builds :class:`reader.search.SearchIndex`, and prints, side
by side and in one run:

- the median latency of a common word, a rare word, a two-word phrase and a
  ``by:`` filter on the loaded library, as the search bar asks
  (``search(query, limit=1000)``, the hits kept for ``n``/``N``, plus the
  match offsets of the 50 rows the results pane lists), with the library
  out of the garbage collector's way (``gc.freeze()``, as the app does),
  next to ``rg -i -c`` over the same YAML files for the same words;
- the slowest keystroke when typing a phrase character by character (each
  prefix one query, unclosed quotes closed as a search bar would);
- ``reader search`` end to end in a subprocess: cold (empty cache) and warm
  (the cache shared with another folder, as a user's is), ``--count`` and
  printing every hit, next to ``rg -i -c`` and ``rg -i``, and the floor of
  any Python command (the interpreter starting with ``re`` and ``sqlite3``);
- memory: resident size after loading and after indexing, and peaks.

Targets (issue 4), at about 120,000 quotes: median per query <= 5 ms,
slowest keystroke <= 16 ms, >= 5x faster than ripgrep for the same word,
``reader search`` warm faster than ripgrep's scan.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_library
from reader.loader import load_paths
from reader.search import QueryError, SearchIndex
from reader.ui.search import RESULT_LIMIT  # what the search bar asks for
from reader.ui.widgets.search_panel import ROWS_SHOWN  # rows the results pane lists

HERE = Path(__file__).resolve().parent

QUERIES = [
    ("common word", "camera", "camera"),
    ("rare word", "뮤직비디오", "뮤직비디오"),
    ("absent word", "zebra", "zebra"),
    ("two-word phrase", '"supply chain"', "supply chain"),
    ("by: filter + word", "camera by:amlo", "camera"),
    ("by: filter alone", "by:amlo", None),
    ("accented word", "lopez", "lópez"),
]
"""(label, reader query, ripgrep pattern or None)."""


def _rss_mb() -> float:
    """Current resident set size in MB (Linux), else the peak."""
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError):
        return _peak_mb(resource.RUSAGE_SELF)


def _peak_mb(who: int) -> float:
    peak = resource.getrusage(who).ru_maxrss
    # Linux reports kilobytes, macOS bytes.
    return peak / 1e6 if sys.platform == "darwin" else peak / 1e3


def _median_ms(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _library(interviews: int, sections: int) -> Path:
    folder = HERE / "corpus" / f"search-{interviews}x{sections}"
    if not folder.is_dir() or len(list(folder.glob("*.yaml"))) != interviews:
        shutil.rmtree(folder, ignore_errors=True)
        print(f"writing {interviews} interviews to {folder} ...", flush=True)
        write_library(folder, interviews, sections)
    return folder


def _query_once(index: SearchIndex, text: str) -> None:
    try:
        result = index.search(text, limit=RESULT_LIMIT)
    except QueryError:
        return
    for hit in result.hits[:ROWS_SHOWN]:
        hit.matches  # noqa: B018 - computing the offsets is part of the cost


def _rg(pattern: str, folder: Path, *flags: str) -> Callable[[], object]:
    def run() -> object:
        return subprocess.run(
            ["rg", *flags, pattern, str(folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )

    return run


def _typing(index: SearchIndex, phrase: str, close_quote: bool) -> tuple[float, str, float]:
    """(slowest ms, its query, median ms) typing ``phrase`` one character at a time."""
    index._prefix_cache = {}  # a fresh bar: no prefix computed yet
    index._by_cache = {}
    index._pair_cache = {}
    times: list[tuple[float, str]] = []
    for end in range(1, len(phrase) + 1):
        text = phrase[:end]
        if close_quote and text.count('"') % 2:
            text += '"'
        start = time.perf_counter()
        _query_once(index, text)
        times.append(((time.perf_counter() - start) * 1000, text))
    slowest = max(times)
    return slowest[0], slowest[1], statistics.median(t for t, _ in times)


def _cli(args: list[str], cache: Path) -> float:
    env = {**os.environ, "READER_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    # As installed: byte code cached (some sandboxes set this, which makes
    # every start compile every module).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # The installed command, as a user runs it (python -m adds runpy's start-up).
    script = Path(sys.executable).parent / "reader"
    command = [str(script)] if script.is_file() else [sys.executable, "-m", "reader"]
    start = time.perf_counter()
    subprocess.run(
        [*command, "search", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        check=False,
    )
    return time.perf_counter() - start


_CLI_RUNS = [
    # (what, reader search arguments before the folder, ripgrep flags and pattern)
    ("count: camera", ["camera", "--count"], ["-i", "-c", "camera"]),
    ("count: 뮤직비디오", ["뮤직비디오", "--count"], ["-i", "-c", "뮤직비디오"]),
    ('print: "supply chain"', ['"supply chain"'], ["-i", "supply chain"]),
    ("print: camera", ["camera"], ["-i", "camera"]),
]


def _pad(text: str, width: int) -> str:
    """``text`` left-aligned in ``width`` terminal cells (Hangul takes two)."""
    cells = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - cells)


def _timed(command: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False
    )
    return time.perf_counter() - start


def _cli_figures(folder: Path, rg: str | None, repeat: int = 5) -> list[str]:
    """``reader search`` end to end, beside ripgrep, as printable lines.

    The cache also holds the bundled interviews, as a user's cache holds
    every folder searched before, so the search is narrowed to the files
    named.  The last line is the floor of any Python command here: the
    interpreter starting, and starting with the two modules a search
    cannot do without.  Run before this process loads anything, so that
    the children's peak memory is theirs: a child forked from a large
    process counts its parent's pages until it executes.
    """
    out: list[str] = []
    python = [sys.executable, "-c"]
    with tempfile.TemporaryDirectory(prefix="reader-bench-cache-") as temp:
        cache = Path(temp)
        _cli(["--help"], cache)  # writes the byte code once
        _cli(["rose", str(HERE.parent / "interviews"), "--count"], cache)
        cold = _cli(["camera", str(folder), "--count"], cache)
        out.append(f"reader search, cold (empty cache, --count camera): {cold:.1f} s")
        out.append(f"reader search, warm (cache shared with another folder), median of {repeat}:")
        out.append(f"  {'command':<26} {'reader':>9} {'rg':>9} {'rg/reader':>10}")
        for what, arguments, rg_arguments in _CLI_RUNS:
            runs = 3 if what == "print: camera" else repeat
            ours = statistics.median(_cli([*arguments, str(folder)], cache) for _ in range(runs))
            theirs = (
                statistics.median(_timed([rg, *rg_arguments, str(folder)]) for _ in range(runs))
                if rg
                else None
            )
            shown = f"{theirs * 1000:8.0f}ms {theirs / ours:9.2f}x" if theirs else f"{'-':>9}"
            out.append(f"  {_pad(what, 26)} {ours * 1000:7.0f}ms {shown}")
    children = _peak_mb(resource.RUSAGE_CHILDREN)
    out.append(f"peak memory of a reader search subprocess: {children:.0f} MB")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    bare = statistics.median(_timed([*python, "pass"], env) for _ in range(repeat))
    floor = statistics.median(_timed([*python, "import re, sqlite3"], env) for _ in range(repeat))
    out.append(
        f"floor of a Python command: python -c pass {bare * 1000:.0f} ms; "
        f'python -c "import re, sqlite3" {floor * 1000:.0f} ms'
    )
    return out


def main() -> None:
    """Build the corpus, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=1000)
    parser.add_argument("--sections", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--skip-cli", action="store_true", help="skip the subprocess runs")
    args = parser.parse_args()
    rg = shutil.which("rg")
    folder = _library(args.interviews, args.sections)
    size_mb = sum(p.stat().st_size for p in folder.glob("*.yaml")) / 1e6
    cli_lines = [] if args.skip_cli else _cli_figures(folder, rg)

    rss_start = _rss_mb()
    start = time.perf_counter()
    gc.disable()
    try:
        interviews = [r.interview for r in load_paths([folder]) if r.interview is not None]
    finally:
        gc.enable()
    load_s = time.perf_counter() - start
    rss_loaded = _rss_mb()
    # As the app does once a library is loaded: move it out of the cyclic
    # collector's way (gc.freeze()), so that neither the index build nor a
    # query rescans millions of model objects.
    gc.collect()
    gc.freeze()
    start = time.perf_counter()
    # As the app does: the index first, its pair postings after (in a worker).
    index = SearchIndex.from_interviews(interviews, pairs=False)
    build_s = time.perf_counter() - start
    gc.freeze()  # as the app does: the index lives as long as the library
    rss_unpaired = _rss_mb()
    start = time.perf_counter()
    index.build_pairs()
    pairs_s = time.perf_counter() - start
    gc.freeze()
    rss_indexed = _rss_mb()
    quotes = sum(len(s.answers) for i in interviews for s in i.sections)
    print(
        f"library: {len(interviews)} interviews, {quotes:,} quotes, {len(index):,} passages, "
        f"{size_mb:.0f} MB of YAML in {folder.relative_to(HERE.parent)}"
    )
    print(
        f"load (reader.loader, every file): {load_s:.1f} s; index build: {build_s:.1f} s, "
        f"then its pair postings (phrases): {pairs_s:.1f} s"
    )
    print()

    print(
        f"{'query':<19} {'text':<16} {'hits':>7} {'Q&As':>6} {'ivs':>5} "
        f"{'reader':>9} {'rg -i -c':>9} {'rg/reader':>9}"
    )
    for label, text, pattern in QUERIES:
        result = index.search(text, limit=RESULT_LIMIT)
        ours = _median_ms(lambda text=text: _query_once(index, text), args.repeat)
        theirs = None
        if rg and pattern is not None:
            theirs = _median_ms(_rg(pattern, folder, "-i", "-c"), max(3, args.repeat // 2))
        ratio = f"{theirs / ours:8.0f}x" if theirs else f"{'-':>9}"
        rg_text = f"{theirs:7.1f}ms" if theirs else f"{'-':>9}"
        print(
            f"{label:<19} {_pad(text, 16)} {result.total_hits:>7} {result.sections:>6} "
            f"{result.interviews:>5} {ours:7.2f}ms {rg_text} {ratio}"
        )
    if not rg:
        print("(ripgrep not installed: no comparison; apt-get install ripgrep)")
    print()

    for phrase, close in (("supply chain", False), ('"supply chain"', True)):
        slowest, where, median = _typing(index, phrase, close)
        print(
            f"typing {phrase!r} key by key: slowest keystroke {slowest:.2f} ms "
            f"(query {where!r}), median {median:.2f} ms"
        )
    print()

    if cli_lines:
        print()
        print(*cli_lines, sep="\n")
    print(
        f"memory (this process): {rss_start:.0f} MB at start, {rss_loaded:.0f} MB with the "
        f"interviews loaded, {rss_indexed:.0f} MB with the index "
        f"(+{rss_indexed - rss_loaded:.0f} MB, of which pairs "
        f"+{rss_indexed - rss_unpaired:.0f} MB); "
        f"peak {_peak_mb(resource.RUSAGE_SELF):.0f} MB"
    )


if __name__ == "__main__":
    main()
