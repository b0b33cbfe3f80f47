"""Fact-check claims: their verdicts, counts, and the next one still unverified.

A claim is a ``fact-check`` annotation.  Its ``verdict`` is one of
:data:`reader.model.VERDICTS`; a claim without a verdict counts as
``unverified``, since nobody has said otherwise.  :func:`summary` gives the
interview header's line (``4 claims: 1 false, 1 true, 2 unverified``),
:func:`unverified_count` the library's column, and :func:`next_claim` the
next (or previous) unverified claim across a library, in reading order
(:func:`next_place` does the same from each file's :func:`unverified_places`,
plain data that a library index can keep without parsing the files again).

This module imports neither textual nor rich.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from reader.model import VERDICTS, Annotation, Interview

__all__ = [
    "SUMMARY_ORDER",
    "Claim",
    "Place",
    "claims",
    "next_claim",
    "next_place",
    "reading_order",
    "summary",
    "unverified_count",
    "unverified_places",
    "verdict_counts",
    "verdict_of",
]

SUMMARY_ORDER: tuple[str, ...] = (
    "false",
    "mostly-false",
    "mixed",
    "unsupported",
    "mostly-true",
    "true",
    "unverified",
)
"""The order of verdicts in a summary: what a reader most needs to see first."""

assert sorted(SUMMARY_ORDER) == sorted(VERDICTS)


@dataclass(frozen=True, slots=True)
class Claim:
    """Where a fact-check annotation is, in a library's reading order."""

    interview: int
    """Index of the interview in the sequence searched."""
    section: int | None
    """0-based index of its section; None for an annotation of the whole interview."""
    annotation: int
    """Index of the annotation in its section's (or the interview's) annotations."""
    rank: int
    """Its place among them in reading order (:func:`reading_order`); -1: before all."""


def reading_order(annotations: Sequence[Annotation]) -> list[int]:
    """Indices of ``annotations`` in text order: question, then answers, then unanchored,
    then those not placed.

    Within a text, by where the passage starts, then file order.  The
    annotations sidebar lists them in this order.
    """

    def key(index: int) -> tuple[int, int, int, int]:
        anchor = annotations[index].anchor
        if annotations[index].problem is not None:
            return (2, 0, 0, index)  # not placed: last (the sidebar lists them apart)
        if anchor is None:
            return (1, 0, 0, index)
        answer = -1 if anchor.answer is None else anchor.answer
        return (0, answer, anchor.start, index)

    return sorted(range(len(annotations)), key=key)


def verdict_of(annotation: Annotation) -> str:
    """The claim's verdict, ``unverified`` when none is given."""
    return annotation.verdict or "unverified"


def claims(interview: Interview) -> list[tuple[int | None, int, int, Annotation]]:
    """Every fact-check of ``interview``: ``(section index, annotation index, rank, annotation)``.

    In reading order: the interview's own first, then each section's in
    :func:`reading_order` (``rank`` is the place in it).
    """
    groups: list[tuple[int | None, tuple[Annotation, ...]]] = [(None, interview.annotations)]
    groups += list(enumerate(s.annotations for s in interview.sections))
    found: list[tuple[int | None, int, int, Annotation]] = []
    for section_index, notes in groups:
        for rank, index in enumerate(reading_order(notes)):
            if notes[index].kind == "fact-check":
                found.append((section_index, index, rank, notes[index]))
    return found


def verdict_counts(interview: Interview) -> dict[str, int]:
    """How many claims have each verdict (only verdicts that occur), in summary order."""
    counts = Counter(verdict_of(a) for *_, a in claims(interview))
    return {verdict: counts[verdict] for verdict in SUMMARY_ORDER if counts[verdict]}


def unverified_count(interview: Interview) -> int:
    """How many claims are still unverified (no verdict, or ``unverified``)."""
    return sum(1 for *_, a in claims(interview) if a.is_unverified_claim)


def summary(interview: Interview) -> str | None:
    """``4 claims: 1 false, 1 true, 2 unverified``, or None when there is no claim."""
    counts = verdict_counts(interview)
    total = sum(counts.values())
    if not total:
        return None
    noun = "claim" if total == 1 else "claims"
    return f"{total} {noun}: " + ", ".join(f"{n} {verdict}" for verdict, n in counts.items())


Place = tuple[int | None, int, int]
"""Where a claim is in its interview: section index (None: the interview's own),
annotation index, rank in reading order.  Plain data, so that a library index
can keep each file's places without parsing the file again."""


def unverified_places(interview: Interview) -> list[Place]:
    """The places of ``interview``'s unverified claims, in reading order."""
    return [
        (section, index, rank)
        for section, index, rank, annotation in claims(interview)
        if annotation.is_unverified_claim
    ]


def next_claim(
    interviews: Sequence[Interview | None],
    current: Claim | None,
    *,
    forward: bool = True,
) -> Claim | None:
    """The next (or previous) unverified claim after ``current``, across ``interviews``.

    ``None`` entries (files that did not load) are skipped.  See
    :func:`next_place` for the rest.
    """
    places = [None if i is None else unverified_places(i) for i in interviews]
    return next_place(places, current, forward=forward)


def next_place(
    places: Sequence[Sequence[Place] | None],
    current: Claim | None,
    *,
    forward: bool = True,
) -> Claim | None:
    """The next (or previous) unverified claim after ``current``, from each file's places.

    ``places[i]`` are file ``i``'s :func:`unverified_places` (None: a file
    that did not load).  ``current`` may be any place in reading order, not
    only a claim: the search starts just after it (before it, going back).
    ``None`` starts from the beginning (from the end, going back).  The
    search wraps round the library once; ``current`` itself is found last.
    Returns None when no file holds an unverified claim.
    """
    every = [
        Claim(file, section, index, rank)
        for file, found in enumerate(places)
        if found is not None
        for section, index, rank in found
    ]
    if not every:
        return None
    if not forward:
        every.reverse()
    if current is None:
        return every[0]
    key = _order(current)
    for claim in every:
        if (_order(claim) > key) if forward else (_order(claim) < key):
            return claim
    return every[0]


def _order(claim: Claim) -> tuple[int, int, int]:
    return (claim.interview, -1 if claim.section is None else claim.section, claim.rank)
