"""Annotate benchmark: adding one annotation to a file, against loading that file once.

``python bench/bench_annotate.py [--mb 1 5] [--repeat 5]`` generates synthetic
interviews with :func:`corpus.interview_yaml` in a temporary folder (never
committed) and times, in the same run:

- ``load_text`` of the file's text: what the app already paid to show it
  (the baseline);
- ``add_at_selection``: working out ``on``/``prefix``, the text edit, and the
  strict check of the result (the old and the new text each loaded once);
- ``write_text``: the SHA-256 compare, the undo copy and the atomic write.

It prints the median of each and its ratio to the baseline: what a user
waits for between ``ctrl+s`` and the annotation in the sidebar.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import interview_yaml
from reader.annotate import Fields, add_at_selection, read_snapshot, write_text
from reader.loader import load_text


def _make(target_mb: float) -> str:
    probe = interview_yaml(100, seed=3)
    per_section = len(probe.encode("utf-8")) / 100
    sections = max(1, int(target_mb * 1_000_000 / per_section))
    return interview_yaml(sections, seed=3, title="Annotate benchmark")


def _median(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Generate the files, time load / plan / write, print medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, nargs="*", default=[0.1, 1.0, 5.0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{'file':>8}  {'load (baseline)':>16}  {'plan + check':>14}  {'write':>8}  ratio")
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as folder:
        for mb in args.mb:
            text = _make(mb)
            path = Path(folder) / f"i{mb}.yaml"
            path.write_text(text, encoding="utf-8")
            result = load_text(text, path)
            assert result.interview is not None, result.problems[:3]
            # The middle section's first answer, its first three words.
            section = result.interview.sections[len(result.interview.sections) // 2]
            quote = section.answers[0].quote
            end = len(" ".join(quote.split(" ")[:3]))
            fields = Fields(note="A benchmark note.")

            def plan(section=section, end=end, text=text, path=path, fields=fields):  # type: ignore[no-untyped-def]
                return add_at_selection(text, path, section, "answer", 0, 0, end, fields)

            load = _median(lambda text=text, path=path: load_text(text, path), args.repeat)
            planned = _median(plan, args.repeat)
            new_text = plan().text
            state = Path(folder) / "state"

            def write(path=path, new_text=new_text, text=text, state=state):  # type: ignore[no-untyped-def]
                path.write_text(text, encoding="utf-8")
                write_text(read_snapshot(path), new_text, state)

            written = _median(write, args.repeat)
            size = path.stat().st_size / 1e6
            print(
                f"{size:>6.1f}MB  {load * 1000:>14.0f}ms  {planned * 1000:>12.0f}ms  "
                f"{written * 1000:>6.0f}ms  plan = {planned / load:.1f} x load",
                flush=True,
            )


if __name__ == "__main__":
    main()
