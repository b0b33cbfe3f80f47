"""Load benchmark: our full load of a ~20 MB interview against a bare C YAML parse.

``python bench/bench_load.py [--mb 20] [--repeat 5]`` generates one large
synthetic interview with :func:`corpus.interview_yaml` in a temporary folder
(never committed), then times, alternately and in the same run:

- ``reader.loader.load_file`` (read, decode, parse, validate, resolve anchors,
  build the model);
- bare ``yaml.load(text, Loader=yaml.CSafeLoader)`` of the same text (already
  in memory: it neither reads nor validates), with the garbage collector as
  Python leaves it, and once more with it paused (as the loader pauses it).

It prints the median of each and the ratios.  Target: loader / bare <= 1.25.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import interview_yaml
from reader.loader import load_file


def _make(target_mb: float) -> str:
    """An interview of about ``target_mb`` megabytes (UTF-8)."""
    probe = interview_yaml(200, seed=7)
    per_section = len(probe.encode("utf-8")) / 200
    sections = max(1, int(target_mb * 1_000_000 / per_section))
    return interview_yaml(sections, seed=7, title="Load benchmark")


def _time(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def _bare_paused(text: str) -> object:
    was = gc.isenabled()
    gc.disable()
    try:
        return yaml.load(text, Loader=yaml.CSafeLoader)
    finally:
        if was:
            gc.enable()


def main() -> None:
    """Generate the file, time both loads, print medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="file size (default 20)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each (default 5)")
    args = parser.parse_args()
    if not yaml.__with_libyaml__:
        print("PyYAML has no libyaml here: the bare baseline would be the pure parser")
    text = _make(args.mb)
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as folder:
        path = Path(folder) / "large.yaml"
        path.write_text(text, encoding="utf-8")
        size = path.stat().st_size
        result = load_file(path)
        if not result.ok:
            print("the generated file did not load:", *result.problems[:5], sep="\n  ")
            raise SystemExit(1)
        assert result.interview is not None
        sections = len(result.interview.sections)
        answers = sum(len(s.answers) for s in result.interview.sections)
        ours: list[float] = []
        bare: list[float] = []
        paused: list[float] = []
        for _ in range(args.repeat):
            # Alternate, so that a noisy neighbour slows all three alike.
            ours.append(_time(lambda: load_file(path)))
            bare.append(_time(lambda: yaml.load(text, Loader=yaml.CSafeLoader)))
            paused.append(_time(lambda: _bare_paused(text)))
    ours_m, bare_m, paused_m = (statistics.median(x) for x in (ours, bare, paused))
    print(f"file: {size / 1e6:.1f} MB, {sections} sections, {answers} answers")
    print(f"median of {args.repeat} runs each:")
    print(f"  reader.loader.load_file (full validation)     {ours_m:7.3f} s")
    print(f"  yaml.load(text, Loader=yaml.CSafeLoader)      {bare_m:7.3f} s")
    print(f"  the same, garbage collector paused            {paused_m:7.3f} s")
    print(f"ratio loader / bare C parse:            {ours_m / bare_m:.2f}x (target <= 1.25x)")
    print(f"ratio loader / bare C parse, GC paused: {ours_m / paused_m:.2f}x")


if __name__ == "__main__":
    main()
