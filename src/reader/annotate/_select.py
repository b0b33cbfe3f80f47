"""From a selection in a section's text to ``on`` and, when needed, ``prefix``/``suffix``.

The loader finds an annotation's passage by searching the section's question
and answers for ``on`` (any run of white space matching any other), and
``prefix``/``suffix`` pick one occurrence when there are several.  Here we go
the other way: given the exact characters the user selected, we write the
``on`` that finds them and, only when ``on`` alone is ambiguous, the shortest
``prefix`` or ``suffix`` (or both) that makes the loader pick exactly that
occurrence.  Every answer is checked with the loader's own
:func:`reader.loader._anchor.resolve`, so the two can never disagree.

Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.loader._anchor import Candidate, resolve
from reader.model import Anchor, Section, TextField

__all__ = ["MAX_CONTEXT_WORDS", "SelectionError", "Selectors", "candidates_of", "selectors_for"]

MAX_CONTEXT_WORDS = 60
"""A prefix or suffix longer than this many words is never proposed."""


class SelectionError(Exception):
    """The selection cannot be anchored; ``str(error)`` says why, for a person."""


@dataclass(frozen=True, slots=True)
class Selectors:
    """What to write in the annotation, and where the loader will anchor it."""

    on: str
    prefix: str | None
    suffix: str | None
    anchor: Anchor


def candidates_of(section: Section) -> list[Candidate]:
    """The texts an annotation of ``section`` may anchor in, as the loader lists them."""
    out = [Candidate("question", None, section.question)]
    out.extend(Candidate("answer", i, a.quote, a.by) for i, a in enumerate(section.answers))
    return out


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The selection without white space at its ends."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def selectors_for(
    section: Section, field: TextField, answer: int | None, start: int, end: int
) -> Selectors:
    """``on`` (and ``prefix``/``suffix`` if needed) that anchor exactly ``[start, end)``.

    ``field``/``answer`` name the text as :class:`~reader.model.Anchor` does.
    White space at the ends of the selection is dropped (the loader cannot
    anchor at it); runs of white space inside are written as one space.
    Raises :class:`SelectionError` when the selection is empty, out of range,
    or cannot be told apart from another occurrence by any prefix or suffix.
    """
    if field == "question":
        answer = None
        text = section.question
    else:
        if answer is None or not 0 <= answer < len(section.answers):
            raise SelectionError(f"Q&A {section.number} has no answer {(answer or 0) + 1}")
        text = section.answers[answer].quote
    if not 0 <= start <= end <= len(text):
        raise SelectionError("the selection is outside the text")
    start, end = _trimmed(text, start, end)
    if start == end:
        raise SelectionError("the selection is empty: select the words the note is about")
    want = Anchor(field, answer, start, end)
    on = " ".join(text[start:end].split())
    candidates = candidates_of(section)
    if resolve(on, None, None, candidates) == want:
        return Selectors(on, None, None, want)
    before = text[:start].split()[-MAX_CONTEXT_WORDS:]
    after = text[end:].split()[:MAX_CONTEXT_WORDS]
    prefixes = [" ".join(before[-k:]) for k in range(1, len(before) + 1)]
    suffixes = [" ".join(after[:k]) for k in range(1, len(after) + 1)]
    # One side alone, shortest first; the first that works on each side, then
    # the shorter of the two (a prefix when they tie).
    best: tuple[int, str | None, str | None] | None = None
    for prefix in prefixes:
        if resolve(on, prefix, None, candidates) == want:
            best = (len(prefix), prefix, None)
            break
    for suffix in suffixes:
        if best is not None and len(suffix) >= best[0]:
            break
        if resolve(on, None, suffix, candidates) == want:
            best = (len(suffix), None, suffix)
            break
    if best is None:
        # Both sides together, by total length.
        pairs = sorted(
            ((p, s) for p in prefixes for s in suffixes),
            key=lambda pair: len(pair[0]) + len(pair[1]),
        )
        for prefix, suffix in pairs:
            if resolve(on, prefix, suffix, candidates) == want:
                best = (len(prefix) + len(suffix), prefix, suffix)
                break
    if best is None:
        raise SelectionError(
            "this passage occurs elsewhere in the Q&A with the same words around it, "
            "so no prefix or suffix can pick it: select a longer passage"
        )
    return Selectors(on, best[1], best[2], want)
