"""Import benchmark: a three-hour WebVTT and a 100-page OHMS record, beside bare parses.

``python bench/bench_import.py [--repeat 5]`` generates, in memory (never
committed), two files of the sizes people import:

- a WebVTT of 3,000 cues over three hours: Zoom-style ``Name: text`` cues,
  runs by one speaker, voice spans, an inline tag now and then;
- an OHMS 5.x record of 100 pages (about 40,000 words, 4,000 transcript
  lines) with ``<sync>`` data every minute and 40 index points;

then times, in the same run and alternately:

- ``reader.importer.import_bytes`` (decode, detect, parse, merge cues,
  make people and sections, the YAML document) and ``reader.yamlwrite.dump``
  of the result;
- a bare parse of the same bytes: for WebVTT, a decode, a split into blocks
  and one regular expression per timing line (the least any cue reader
  does); for OHMS, ``defusedxml.ElementTree.fromstring`` alone.

It prints the median of each and the ratio.  Target: each import under 1 s.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from defusedxml.ElementTree import fromstring

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from reader.importer import import_bytes
from reader.yamlwrite import dump

_WORDS = (
    "the river archive tape summer school letter mother station we they said went "
    "remember because after before never always village city work factory song radio "
    "winter war train harbour bread market church family friend teacher paper"
).split()
_TIMING_RE = re.compile(r"^(\S+) --> (\S+)")


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + rng.choice([".", ".", "?", "!"])


def _stamp(seconds: float) -> str:
    whole = int(seconds)
    millis = int(seconds * 1000) % 1000
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}.{millis:03d}"


def make_vtt(cues: int = 3000, hours: float = 3.0, seed: int = 12) -> bytes:
    """A WebVTT of ``cues`` cues over ``hours`` hours, two to four speakers."""
    rng = random.Random(seed)
    names = ["Ana Ruiz", "Dr. Sam Lee", "Olek Bar", "Interviewer"]
    step = hours * 3600 / cues
    lines = ["WEBVTT", ""]
    speaker = names[0]
    for number in range(cues):
        start = number * step
        if rng.random() < 0.3:
            speaker = rng.choice(names)
        text = _sentence(rng, rng.randint(6, 18))
        if number % 7 == 0:
            payload = f"<v {speaker}>{text}</v>"
        elif number % 11 == 0:
            payload = f"{speaker}: {text.replace('the', '<i>the</i>', 1)}"
        else:
            payload = f"{speaker}: {text}"
        lines += [str(number + 1), f"{_stamp(start)} --> {_stamp(start + step * 0.9)}", payload, ""]
    return "\n".join(lines).encode("utf-8")


def make_ohms(pages: int = 100, seed: int = 12) -> bytes:
    """An OHMS 5.x record of about ``pages`` pages (400 words a page)."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    words = 0
    speaker = "SMITH"
    while words < pages * 400:
        speaker = "JONES" if speaker == "SMITH" else "SMITH"
        count = rng.randint(10, 30) if speaker == "SMITH" else rng.randint(40, 250)
        body = " ".join(_sentence(rng, 10) for _ in range(max(1, count // 10)))
        # Wrapped at ~80 columns, as OHMS transcripts are.
        wrapped = re.sub(r"(.{1,80})(?:\s|$)", "\\1\n", f"{speaker}: {body}").strip()
        paragraphs.append(wrapped)
        words += count
    transcript = "\n\n".join(paragraphs)
    total_lines = transcript.count("\n") + 1
    minutes = max(1, words // 150)
    sync = "1:|" + "|".join(f"{1 + m * total_lines // minutes}(1)" for m in range(1, minutes))
    points = []
    starts = [p for p in paragraphs if p.startswith("SMITH")]
    for n in range(40):
        first = starts[n * len(starts) // 40]
        points.append(
            f"<point><time>{n * minutes * 60 // 40}</time><title>Part {n + 1}</title>"
            f"<partial_transcript>{first[:60]}</partial_transcript>"
            f"<synopsis>{_sentence(rng, 12)}</synopsis><keywords>river;archive</keywords></point>"
        )
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<ROOT xmlns="https://www.weareavp.com/nunncenter/ohms"><record id="1">'
        "<version>5.4</version><title>Oral history interview with Ann Jones</title>"
        f"<sync>{sync}</sync><index>{''.join(points)}</index>"
        f"<transcript>{transcript}</transcript></record></ROOT>\n"
    )
    return xml.encode("utf-8")


def _bare_vtt(data: bytes) -> int:
    cues = 0
    for block in data.decode("utf-8").split("\n\n"):
        for line in block.split("\n", 2)[:2]:
            if _TIMING_RE.match(line):
                cues += 1
    return cues


def _import(data: bytes, name: str) -> str:
    return dump(import_bytes(data, name=name).document)


def _median(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Generate both files, time import and bare parse, print medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    vtt, ohms = make_vtt(), make_ohms()
    result = import_bytes(vtt, name="bench.vtt")
    print(
        f"WebVTT: {len(vtt) / 1e6:.2f} MB, 3,000 cues over 3 h -> "
        f"{sum(p.turns for p in result.people)} turns, {result.sections} sections"
    )
    bare = _median(lambda: _bare_vtt(vtt), args.repeat)
    full = _median(lambda: _import(vtt, "bench.vtt"), args.repeat)
    print(f"  bare parse (split + timing regex)   {bare * 1000:8.1f} ms")
    print(f"  reader import (to YAML)             {full * 1000:8.1f} ms   x{full / bare:.1f}")
    result = import_bytes(ohms, name="bench.xml")
    print(
        f"OHMS: {len(ohms) / 1e6:.2f} MB, 100 pages -> "
        f"{sum(p.turns for p in result.people)} turns, {result.sections} sections"
    )
    bare = _median(lambda: fromstring(ohms), args.repeat)
    full = _median(lambda: _import(ohms, "bench.xml"), args.repeat)
    print(f"  bare parse (defusedxml)             {bare * 1000:8.1f} ms")
    print(f"  reader import (to YAML)             {full * 1000:8.1f} ms   x{full / bare:.1f}")


if __name__ == "__main__":
    main()
