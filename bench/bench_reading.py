"""What reading as a fact-checker and a translator costs: ``python bench/run.py reading``.

A long transcript answer (about 1 MB, a transcription convention every few
sentences, a correction with a replacement every 1,000 characters, an
original as long again) is shown the way the quote view builds it:

* finding the conventions, beside a bare scan for their opening brackets;
* the text as corrected (every replacement applied and marked), beside
  copying the text once;
* the quote view's blocks of the Q&A as corrected, and with the originals,
  beside its blocks as published (conventions styled in all three).

Each figure is the best of five runs, in milliseconds.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

from reader.conventions import find_conventions
from reader.corrections import marked, replacements_of
from reader.model import Anchor, Annotation, Answer, Interview, Person, Section

SENTENCE = "We talked about the budget and the schools for a long while. "
MARKS = ("[laughs] ", "(Applause.) ", "[inaudible 00:12] ", "(As interpreted.) ")


def _answer_text(size: int) -> str:
    parts: list[str] = []
    length = 0
    n = 0
    while length < size:
        piece = SENTENCE * 3 + MARKS[n % len(MARKS)]
        parts.append(piece)
        length += len(piece)
        n += 1
    return "".join(parts)


def _interview(size: int) -> Interview:
    text = _answer_text(size)
    corrections = tuple(
        Annotation(
            note="Misheard.",
            kind="correction",
            on="budget",
            anchor=Anchor("answer", 0, start, start + len("budget")),
            replacement="city budget",
        )
        for start in (m.start() for m in re.finditer("budget", text))
        if start % 1000 < 200
    )
    section = Section(
        id="q1",
        number=1,
        title="Budget",
        question="Why did the budget grow?",
        answers=(Answer("mayor", text, original=text.upper()),),
        annotations=corrections,
    )
    return Interview(
        path=Path("bench.yaml"),
        id="bench",
        title="Bench",
        people={"mayor": Person("mayor", "Ana Ruiz", "mayor")},
        sections=(section,),
        original_language="es",
    )


def _best(run: Callable[[], object], repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main() -> None:
    """Print each figure beside its baseline."""
    from reader.ui.widgets.quote_view import section_blocks

    interview = _interview(1_000_000)
    section = interview.sections[0]
    text = section.answers[0].quote
    replacements = replacements_of(section, "answer", 0)
    print(
        f"answer: {len(text):,} characters, {len(find_conventions(text)):,} conventions, "
        f"{len(replacements):,} replacements"
    )
    openings = re.compile(r"[\[(]")
    rows = [
        ("find the conventions", lambda: find_conventions(text)),
        ("  baseline: scan for [ and (", lambda: sum(1 for _ in openings.finditer(text))),
        ("text as corrected and marked", lambda: marked(text, replacements)),
        ("  baseline: copy the text", lambda: "".join([text[:10], text[10:]])),
        (
            "quote view blocks, as corrected",
            lambda: section_blocks(interview, section, None, {}, corrected=True),
        ),
        (
            "quote view blocks, with originals",
            lambda: section_blocks(interview, section, None, {}, originals=True),
        ),
        (
            "  baseline: quote view blocks, as published",
            lambda: section_blocks(interview, section, None, {}),
        ),
    ]
    for label, run in rows:
        print(f"{label:<45} {_best(run):8.1f} ms", flush=True)


if __name__ == "__main__":
    main()
