"""Search benchmark: the one index (SQLite FTS5), each figure beside its baseline.

``python bench/bench_search.py [--interviews 1000] [--sections 40] [--repeat 7] [--split]``
writes a synthetic library with :func:`corpus.write_library` into
``bench/corpus/search-N/`` (git-ignored; reused when present) and prints, in
one run:

- cold indexing (an empty index, every file parsed, in a process pool as
  ``reader search`` and the app do) beside a bare ``yaml.load(...,
  Loader=CSafeLoader)`` of every file in one process (target: at most 2x),
  and the CPU time of the process that stores the files (the pool's
  workers apart) beside the bare load's;
- queries as the search bar asks them, on the warm index: the first rows
  shown (``ROWS_SHOWN`` hits with their matches) and, apart, the exact
  counts (targets: first rows <= 16 ms, counts <= 100 ms), and the slowest
  keystroke typing a phrase, beside ``rg -i -c`` over the same files;
- ``reader search`` end to end in a subprocess: warm ``--count`` of a rare
  and a common word beside ``rg -i -c`` (target: at most 2x ripgrep), and
  printing every hit of a common word to a pipe, in hits a second (target:
  at least 50,000), beside the floor of any Python command;
- memory: the resident set of this process after opening the index and
  after the queries (the index lives in SQLite's page cache, not in Python
  objects).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_library
from reader.search.library import open_library
from reader.search.query import QueryError, parse_query
from reader.ui.widgets.search_panel import ROWS_SHOWN

HERE = Path(__file__).resolve().parent

QUERIES = [
    ("common word", "camera", "camera"),
    ("rare word", "뮤직비디오", "뮤직비디오"),
    ("absent word", "zebra", "zebra"),
    ("two-word phrase", '"supply chain"', "supply chain"),
    ("by: filter + word", "camera by:amlo", "camera"),
    ("by: filter alone", "by:amlo", None),
    ("accented word", "lopez", "lópez"),
    ("one letter", "c", None),
]
"""(label, reader query, ripgrep pattern or None)."""


def _rss_mb() -> float:
    """Current resident set size in MB (Linux), else the peak."""
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def _median_ms(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _library(interviews: int, sections: int) -> Path:
    folder = HERE / "corpus" / f"search-{interviews}"
    if not any(folder.glob("*.yaml")):
        write_library(folder, interviews, sections)
    return folder


def _yaml_baseline(folder: Path) -> tuple[float, float]:
    """Seconds and CPU seconds of a bare ``yaml.load(..., Loader=CSafeLoader)`` of every file."""
    import yaml

    start, cpu = time.perf_counter(), time.process_time()
    for path in sorted(folder.glob("*.yaml")):
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start, time.process_time() - cpu


def _timed(command: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def _reader_command() -> list[str]:
    """``reader`` as a user runs it: the console script beside this Python."""
    script = Path(sys.executable).with_name("reader")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "reader"]


def _cli_figures(folder: Path, cache: Path, rg: str | None, repeat: int) -> list[str]:
    env = {**os.environ, "READER_CACHE_DIR": str(cache)}
    # Bytecode cached, as after `pip install .` (pip compiles the package):
    # with PYTHONDONTWRITEBYTECODE set, an editable install compiles every
    # module of reader at each start (about 18 ms of a warm --count).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    reader = [*_reader_command(), "search"]
    # The first run writes the bytecode; it is not timed.
    _timed([*reader, "--count", "camera", str(folder)], env)
    out = [f"  {'command':<34} {'reader':>9} {'rg':>9} {'reader/rg':>10}"]
    for label, query, pattern in (
        ("--count, rare word", "뮤직비디오", "뮤직비디오"),
        ("--count, common word", "camera", "camera"),
    ):
        # Interleaved, so that a change in the machine's load hits both alike.
        mine: list[float] = []
        ripgrep: list[float] = []
        for _ in range(repeat):
            mine.append(_timed([*reader, "--count", query, str(folder)], env))
            if rg:
                ripgrep.append(_timed([rg, "-i", "-c", pattern, str(folder)]))
        ours = statistics.median(mine)
        theirs = statistics.median(ripgrep) if ripgrep else None
        ratio = f"{ours / theirs:9.1f}x" if theirs else f"{'-':>10}"
        rg_text = f"{theirs * 1000:7.0f}ms" if theirs else f"{'-':>9}"
        out.append(f"  {label + ': ' + query:<34} {ours * 1000:7.0f}ms {rg_text} {ratio}")
    start = time.perf_counter()
    done = subprocess.run(
        [*reader, "camera", str(folder)], stdout=subprocess.PIPE, env=env, check=False
    )
    took = time.perf_counter() - start
    lines = done.stdout.count(b"\n")
    out.append(
        f"  printing every hit of 'camera' to a pipe: {lines:,} hits in {took:.2f} s, "
        f"{lines / took:,.0f} hits/s"
    )
    floor = statistics.median(
        _timed([sys.executable, "-c", "import re, sqlite3"]) for _ in range(repeat)
    )
    out.append(
        f"  floor of a Python command (python -c 'import re, sqlite3'): {floor * 1000:.0f} ms "
        f"(load average {os.getloadavg()[0]:.1f}; reader run as {' '.join(reader[:1])})"
    )
    return out


def _typing(search: Callable[[str], object], phrase: str) -> tuple[float, str]:
    """The slowest keystroke (first rows only) typing ``phrase`` key by key."""
    slowest, where = 0.0, ""
    for end in range(1, len(phrase) + 1):
        text = phrase[:end]
        if text.count('"') % 2:
            text += '"'
        try:
            parse_query(text)
        except QueryError:
            continue
        took = _median_ms(lambda text=text: search(text), 3)
        if took > slowest:
            slowest, where = took, text
    return slowest, where


def main() -> None:
    """Write (or reuse) the library and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=1000)
    parser.add_argument("--sections", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--skip-cli", action="store_true")
    parser.add_argument(
        "--split",
        action="store_true",
        help="also time, in this process, what the pool's workers do for every file",
    )
    args = parser.parse_args()
    rg = shutil.which("rg")
    folder = _library(args.interviews, args.sections)
    size_mb = sum(p.stat().st_size for p in folder.glob("*.yaml")) / 1e6
    cache = Path(tempfile.mkdtemp(prefix="reader-bench-"))
    try:
        baseline, baseline_cpu = _yaml_baseline(folder)
        start, cpu = time.perf_counter(), time.process_time()
        library = open_library([folder], directory=cache)
        library.index()
        cold = time.perf_counter() - start
        # The process that stores (what the pool's workers parse comes to
        # it): its CPU time is the part of indexing that no core can share.
        cold_cpu = time.process_time() - cpu
        scope = library.scope()
        store = library.store
        passages = store.count("in:questions", scope) + store.count("in:answers", scope)
        passages += store.count("in:annotations", scope)
        print(
            f"library: {len(scope.order)} interviews, {passages:,} passages, {size_mb:.0f} MB "
            f"of YAML in {folder.relative_to(HERE.parent)}; "
            f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}"
        )
        print(
            f"cold indexing: {cold:.1f} s; bare yaml.load (CSafeLoader, one process): "
            f"{baseline:.1f} s; ratio {cold / baseline:.2f}x (target <= 2x)"
        )
        print(
            f"  CPU: the storing process {cold_cpu:.1f} s, the bare load {baseline_cpu:.1f} s "
            f"({cold_cpu / baseline_cpu:.2f}x)"
        )
        if args.split:
            from reader.search.parsing import parse_for_index

            cpu = time.process_time()
            for path in sorted(folder.glob("*.yaml")):
                parse_for_index(str(path))
            work = time.process_time() - cpu
            print(
                f"  CPU: the workers' part (parse, check, fold, rows) of every file, in one "
                f"process: {work:.1f} s ({work / baseline_cpu:.2f}x the bare load)"
            )
        database = cache / "search-v2.sqlite3"
        print(f"index on disk: {database.stat().st_size / 1e6:.0f} MB")
        rss_open = _rss_mb()
        print()
        print(
            f"{'query':<19} {'text':<16} {'hits':>7} {'Q&As':>6} {'ivs':>5} "
            f"{'first rows':>10} {'counts':>8} {'rg -i -c':>9}"
        )
        for label, text, pattern in QUERIES:
            query = parse_query(text)
            total, sections, interviews = store.counts(query, scope)
            first = _median_ms(
                lambda q=query: store.hits(q, scope, store.ids(q, scope, 0, ROWS_SHOWN)),
                args.repeat,
            )
            counts = _median_ms(lambda q=query: store.counts(q, scope), args.repeat)
            theirs = None
            if rg and pattern is not None:
                theirs = _median_ms(
                    lambda p=pattern: subprocess.run(
                        [rg, "-i", "-c", p, str(folder)], stdout=subprocess.DEVNULL
                    ),
                    3,
                )
            rg_text = f"{theirs:7.0f}ms" if theirs else f"{'-':>9}"
            print(
                f"{label:<19} {text:<16} {total:>7} {sections:>6} {interviews:>5} "
                f"{first:8.2f}ms {counts:6.1f}ms {rg_text}"
            )
        print()
        for phrase in ("supply chain", '"supply chain"', "director by:lee"):
            slowest, where = _typing(
                lambda t: store.hits(
                    parse_query(t), scope, store.ids(parse_query(t), scope, 0, ROWS_SHOWN)
                ),
                phrase,
            )
            print(
                f"typing {phrase!r}: slowest keystroke, first rows: {slowest:.2f} ms "
                f"(at {where!r}; target <= 16 ms)"
            )
        print(
            f"memory (this process): {rss_open:.0f} MB with the index open, "
            f"{_rss_mb():.0f} MB after the queries"
        )
        library.close()
        if not args.skip_cli:
            print()
            print("reader search, warm (the same index), in a subprocess:")
            print(*_cli_figures(folder, cache, rg, max(7, args.repeat)), sep="\n")
        if not rg:
            print("(ripgrep not installed: no comparison; apt-get install ripgrep)")
    finally:
        shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
