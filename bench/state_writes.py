"""How long one state-file change and one read take, on a realistic state file.

Run: ``python bench/state_writes.py`` (writes only into a temporary folder).
The UI saves the reading position on Q&A changes (debounced), so a change
should cost a few milliseconds at most; reads happen on every redraw of the
read marks and must be far cheaper.  Most of a change is the two fsyncs
(file and folder) that make it durable.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from reader.model import Answer, Interview, Person, Section
from reader.state import StateStore, interview_key

INTERVIEWS = 50
SECTIONS = 40
WRITES = 300
READS = 10_000


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = StateStore(Path(folder) / "state.json")
        sections = tuple(
            Section(f"q{i}", i + 1, "t", "q?", (Answer("a", "word " * 40),))
            for i in range(SECTIONS)
        )
        for n in range(INTERVIEWS):
            interview = Interview(
                Path(folder) / f"i{n}.yaml", f"i{n}", "Title", {"a": Person("a", "A")}, sections
            )
            key = interview_key(interview.id, interview.path)
            for section in sections:
                store.mark_read(key, section.id)
            store.add_bookmark(interview, sections[0], 0, "a note")
        size = store.path.stat().st_size
        start = time.perf_counter()
        for i in range(WRITES):
            store.set_position(key, "q3", i)
        write_ms = (time.perf_counter() - start) / WRITES * 1000
        start = time.perf_counter()
        for _ in range(READS):
            store.read_sections(key)
        read_us = (time.perf_counter() - start) / READS * 1e6
    print(f"state file {size / 1024:.0f} KiB ({INTERVIEWS} interviews x {SECTIONS} read marks)")
    print(f"set_position: {write_ms:.2f} ms per change (lock, re-read, write, 2 fsyncs, rename)")
    print(f"read_sections: {read_us:.1f} us per read")


if __name__ == "__main__":
    main()
