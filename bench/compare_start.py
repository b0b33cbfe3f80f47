"""Compare the start-up of two installs of reader, started in turn in a real terminal.

``python bench/compare_start.py OLD NEW [--runs 15] [--library DIR] [--count DIR]`` takes two
``reader`` commands (the console scripts of two virtual environments, say one
with ``main`` installed and one with a branch) and starts the minimal Textual
app, OLD and NEW one after the other, ``--runs`` times, each in a
pseudo-terminal (bench/pty_start.py), until the bundled interview's title is
on screen (with ``--library``, also until the first row of that library).
It prints the median clock time and processor time of each, and their ratio
to the minimal app's.  With ``--count DIR``, it also times a warm
``reader search --count`` of a rare and a common word over DIR for each,
in turn with ``rg -i -c`` (ripgrep, when installed) over the same files.

Why in turn: on a machine shared with other work, figures from two separate
runs of bench/bench_ui.py differ by more than a change of 20 ms; starting the
versions alternately exposes them to the same load.  Each version gets its
own cache and state folders; bytecode is cached (``PYTHONDONTWRITEBYTECODE``
is unset), as after ``pip install .``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from pty_start import MINIMAL_APP, start_to_text  # noqa: E402

COUNTED = (("rare word", "뮤직비디오"), ("common word", "camera"))
"""Words counted by ``--count`` (in bench/corpus/search-1000: 18,500 and 102,301 hits)."""


def _clock(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _counts(commands: dict[str, str], folder: Path, runs: int, tmp: Path) -> None:
    """Warm ``reader search --count`` of each version beside ``rg -i -c``, in turn."""
    base = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    envs = {label: {**base, "READER_CACHE_DIR": str(tmp / f"count-{label}")} for label in commands}
    rg = shutil.which("rg")
    for label, command in commands.items():
        _clock([command, "search", "--count", "camera", str(folder)], envs[label])  # index made
    for name, word in COUNTED:
        times: dict[str, list[float]] = {"rg -i -c": []} if rg else {}
        times.update({label: [] for label in commands})
        for _ in range(runs):
            if rg:
                times["rg -i -c"].append(_clock([rg, "-i", "-c", word, str(folder)], base))
            for label, command in commands.items():
                argv = [command, "search", "--count", word, str(folder)]
                times[label].append(_clock(argv, envs[label]))
        ripgrep = statistics.median(times["rg -i -c"]) if rg else None
        for label, found in times.items():
            median = statistics.median(found)
            ratio = f"  {median / ripgrep:.2f}x" if ripgrep else ""
            print(f"--count, {name} ({label}): {median * 1000:7.1f} ms{ratio}")


def main() -> None:
    """Command line: two reader commands, the number of runs, an optional library."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", help="the reader command of the version to compare against")
    parser.add_argument("new", help="the reader command of the version measured")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--library", type=Path, help="a folder of interviews (first row)")
    parser.add_argument("--count", type=Path, help="a folder to count words in, warm")
    args = parser.parse_args()
    base = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    interview = str(HERE.parent / "interviews" / "come-back-to-me.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        minimal = Path(tmp) / "minimal_app.py"
        minimal.write_text(MINIMAL_APP, encoding="utf-8")
        starts: list[tuple[str, list[str], str, dict[str, str]]] = [
            ("minimal app", [sys.executable, str(minimal)], "Question 1", base)
        ]
        for label, command in (("old", args.old), ("new", args.new)):
            env = {
                **base,
                "READER_CACHE_DIR": str(Path(tmp) / f"cache-{label}"),
                "READER_STATE_DIR": str(Path(tmp) / f"state-{label}"),
            }
            starts.append((f"{label}: one interview", [command, interview], "Come Back to Me", env))
            if args.library is not None:
                first = "Synthetic interview 0"
                starts.append((f"{label}: library", [command, str(args.library)], first, env))
        for _label, argv, text, env in starts:
            start_to_text(argv, text, env=env)  # bytecode written, index made
        times: dict[str, list[tuple[float, float]]] = {label: [] for label, *_ in starts}
        loads = []
        for _ in range(args.runs):
            loads.append(os.getloadavg()[0])
            for label, argv, text, env in starts:
                times[label].append(start_to_text(argv, text, env=env))
        print(
            f"{args.runs} runs each, in turn; load average {min(loads):.1f} to "
            f"{max(loads):.1f}; until the title (or the library's first row) is on screen"
        )
        wall0 = statistics.median(wall for wall, _ in times["minimal app"])
        cpu0 = statistics.median(cpu for _, cpu in times["minimal app"])
        for label, found in times.items():
            wall = statistics.median(w for w, _ in found)
            cpu = statistics.median(c for _, c in found)
            print(
                f"{label:<22} {wall * 1000:7.1f} ms  {wall / wall0:.2f}x   "
                f"processor time {cpu * 1000:7.1f} ms  {cpu / cpu0:.2f}x"
            )
        if args.count is not None:
            print()
            print(f"warm reader search --count over {args.count}, {args.runs} runs each, in turn:")
            _counts({"old": args.old, "new": args.new}, args.count, args.runs, Path(tmp))
            print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
