"""Run every benchmark of reader in one go: ``python bench/run.py``.

Each benchmark prints its figures beside a baseline measured in the same
run (a bare C YAML parse, ripgrep, a minimal Textual app, served or not, a
bare parse of a transcript).  Pass names to run only some: ``python bench/run.py load ui``.
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

BENCHMARKS = {
    "load": "bench_load",
    "search": "bench_search",
    "ui": "bench_ui",
    "serve": "bench_serve",
    "import": "bench_import",
    "annotate": "bench_annotate",
    "reading": "bench_reading",
}


def main() -> None:
    """Run the named benchmarks (all by default)."""
    names = sys.argv[1:] or list(BENCHMARKS)
    for name in names:
        module = importlib.import_module(BENCHMARKS[name])
        print(f"\n# {name}\n", flush=True)
        start = time.perf_counter()
        saved = sys.argv
        sys.argv = [module.__file__ or name]
        try:
            module.main()
        finally:
            sys.argv = saved
        print(f"({name}: {time.perf_counter() - start:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
