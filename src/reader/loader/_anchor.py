"""Resolving an annotation's ``on`` passage to exact character offsets.

Matching is case-sensitive and treats any run of white space as one space,
so a passage still matches after an editor folds a long YAML scalar.  The
search runs on the original text (no folded copy is built), so the offsets
it returns are offsets into the text as loaded.  ``prefix``/``suffix`` (as
in the W3C TextQuoteSelector) pick one occurrence; white space where they
meet the passage does not matter.

Typography is forgiven where people type differently from transcripts:
straight and curly apostrophes (``'`` ``’`` ``‘``) match each other, as do
straight and curly double quotes (``"`` ``“`` ``”``), and a non-breaking
space is white space like any other.  Each such mark stands for one
character, so offsets found in the translated text are offsets in the
original.  :func:`typography_note` says, in words, where the file's text
differs from what was typed that way.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable
from typing import NamedTuple

from reader.model import Anchor, TextField
from reader.text import shorten, visible

__all__ = ["Candidate", "resolve", "typography_note"]

_WS = re.compile(r"\s+")
# White space other than single plain spaces: where a plain substring search
# would differ from "any run of white space matches any other".
_ODD_WS = re.compile(r"[^\S ]")
"""White space other than a single space (with two spaces in a row: see :func:`_odd_space`)."""
_EDGE_PUNCTUATION = ".,;:!?\"'()[]{}…“”‘’«»"
_MAX_SUGGESTION_WINDOWS = 5000
# Quote marks that match each other, one character for one character.
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_QUOTE_CHARS = frozenset("'\"\u2019\u2018\u201c\u201d")
_MAX_SUGGESTED_PASSAGE = 300
SUGGESTIONS_PER_FILE = 20
"""At most this many passages found nowhere in one file get a did-you-mean.

Each one compares the passage with thousands of windows of its section's
texts (a few milliseconds on a long answer): a file of 4,000 such notes on
a 150 KB answer took 7.6 s to load, where 20 suggestions take about 50 ms.
The rest say to copy the passage exactly.
"""


class Suggestions:
    """A file's budget of did-you-means (:data:`SUGGESTIONS_PER_FILE`)."""

    def __init__(self, left: int = SUGGESTIONS_PER_FILE) -> None:
        self.left = left

    def take(self) -> bool:
        """Whether one more may be looked for (and count it)."""
        if self.left <= 0:
            return False
        self.left -= 1
        return True


class Candidate(NamedTuple):
    """One text an anchor may point into: the question or an answer.

    (A named tuple: one is made per text of every annotated section.)
    """

    field: TextField
    answer: int | None
    text: str
    speaker: str | None = None
    """Who gave the answer, for messages."""

    @property
    def label(self) -> str:
        """How messages name it: ``the question``, ``answer 2 (by rm)``."""
        if self.answer is None:
            return "the question"
        by = f" (by {visible(shorten(self.speaker, 30))})" if self.speaker else ""
        return f"answer {self.answer + 1}{by}"


def _fold(text: str) -> str:
    return _WS.sub(" ", text)


def _quote(text: str, width: int = 50) -> str:
    return "'" + visible(shorten(text, width)) + "'"


def _ends_with(text: str, end: int, folded: str) -> bool:
    """Whether ``text[:end]``, white space at its end ignored, ends with ``folded``."""
    i = end
    while i > 0 and text[i - 1].isspace():
        i -= 1
    j = len(folded)
    while j > 0:
        ch = folded[j - 1]
        if ch == " ":
            if i == 0 or not text[i - 1].isspace():
                return False
            while i > 0 and text[i - 1].isspace():
                i -= 1
        else:
            if i == 0 or text[i - 1] != ch:
                return False
            i -= 1
        j -= 1
    return True


def _starts_with(text: str, start: int, folded: str) -> bool:
    """Whether ``text[start:]``, white space at its start ignored, starts with ``folded``."""
    n = len(text)
    i = start
    while i < n and text[i].isspace():
        i += 1
    for ch in folded:
        if ch == " ":
            if i == n or not text[i].isspace():
                return False
            while i < n and text[i].isspace():
                i += 1
        else:
            if i == n or text[i] != ch:
                return False
            i += 1
    return True


def _times(count: int) -> str:
    return {1: "", 2: "twice "}.get(count, f"{count} times ")


def _where(hits: dict[str, int]) -> str:
    parts = [f"{_times(count)}in {label}" for label, count in hits.items()]
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _windows(words: list[str], sizes: tuple[int, ...], wanted: set[str]) -> list[str]:
    starts: range | list[int] = range(len(words))
    if len(words) > _MAX_SUGGESTION_WINDOWS:
        # A huge text: only look near words the passage shares with it.
        starts = [i for i, w in enumerate(words) if w.strip(_EDGE_PUNCTUATION) in wanted]
        starts = starts[:_MAX_SUGGESTION_WINDOWS]
    out: list[str] = []
    for i in starts:
        for size in sizes:
            if i + size <= len(words):
                window = " ".join(words[i : i + size])
                out.append(window)
                trimmed = window.strip(_EDGE_PUNCTUATION)
                if trimmed and trimmed != window:
                    out.append(trimmed)
    return out


def closest_passage(passage: str, candidates: list[Candidate]) -> str | None:
    """The passage of the candidates' texts most like ``passage``, if any is close."""
    folded = _fold(passage).strip()
    if len(folded) > _MAX_SUGGESTED_PASSAGE:
        return None  # comparing long passages with difflib is slow, and rarely helps
    size = len(folded.split(" "))
    sizes = tuple(s for s in (size, size - 1, size + 1) if s >= 1)
    wanted = {w.strip(_EDGE_PUNCTUATION) for w in folded.split(" ")}
    pool: list[str] = []
    for candidate in candidates:
        pool.extend(_windows(candidate.text.split(), sizes, wanted))
    matches = difflib.get_close_matches(folded, pool, n=1, cutoff=0.6)
    return matches[0] if matches else None


Search = Callable[[str, int], "tuple[int, int] | None"]


def _regex_search(pattern: re.Pattern[str]) -> Search:
    def search(text: str, pos: int) -> tuple[int, int] | None:
        match = pattern.search(text, pos)
        return match.span() if match is not None else None

    return search


def _plain_search(needle: str) -> Search:
    size = len(needle)

    def search(text: str, pos: int) -> tuple[int, int] | None:
        found = text.find(needle, pos)
        return (found, found + size) if found >= 0 else None

    return search


@functools.lru_cache(maxsize=8)
def _odd_space(text: str) -> bool:
    """True when ``text`` holds white space other than single spaces.

    Remembered for the last few texts: every note of a Q&A asks about the
    same texts (4,000 notes on a 150 KB answer spent 2.5 s asking again).
    """
    # Four times faster than one regex with "| {2}" (every annotation checks
    # the texts of its Q&A: a tenth of validating a file).
    return "  " in text or _ODD_WS.search(text) is not None


def resolve(
    on: str,
    prefix: str | None,
    suffix: str | None,
    candidates: list[Candidate],
    *,
    suggestions: Suggestions | None = None,
) -> Anchor | str:
    """The one place ``on`` points to, or a message saying what to fix.

    ``suggestions``: the file's budget of did-you-means, taken from when
    ``on`` is nowhere (None: no limit).
    """
    shown = _quote(on)
    if _QUOTE_CHARS.intersection(on + (prefix or "") + (suffix or "")):
        # Compare with every quote mark read as its straight form.
        on = on.translate(_QUOTES)
        prefix = prefix.translate(_QUOTES) if prefix else prefix
        suffix = suffix.translate(_QUOTES) if suffix else suffix
        candidates = [c._replace(text=c.text.translate(_QUOTES)) for c in candidates]
    folded_on = _fold(on)
    if not folded_on.strip():
        return "'on' is blank: write the exact passage this note is about"
    if " " in folded_on and any(_odd_space(c.text) for c in candidates):
        pattern = re.compile(r"\s+".join(re.escape(piece) for piece in folded_on.split(" ")))
        search = _regex_search(pattern)
    else:
        # The common case (single spaces only): a plain search, no regex to compile.
        search = _plain_search(folded_on)
    folded_prefix = _fold(prefix).strip() if prefix else ""
    folded_suffix = _fold(suffix).strip() if suffix else ""
    found: list[tuple[Candidate, int, int]] = []
    plain_hits: dict[str, int] = {}
    selected: dict[str, int] = {}
    for candidate in candidates:
        text = candidate.text
        span = search(text, 0)
        while span is not None:
            start, end = span
            plain_hits[candidate.label] = plain_hits.get(candidate.label, 0) + 1
            if (not folded_prefix or _ends_with(text, start, folded_prefix)) and (
                not folded_suffix or _starts_with(text, end, folded_suffix)
            ):
                selected[candidate.label] = selected.get(candidate.label, 0) + 1
                found.append((candidate, start, end))
            # Occurrences may overlap ("aa" in "aaa"): look again one character on.
            span = search(text, start + 1)
    if len(found) == 1:
        candidate, start, end = found[0]
        return Anchor(candidate.field, candidate.answer, start, end)
    if found:
        count = len(found)
        where = _where(selected)
        if folded_prefix or folded_suffix:
            return (
                f"'on' passage {shown} occurs {count} times with this prefix/suffix "
                f"({where}): make the prefix or suffix longer so that it picks one"
            )
        return (
            f"'on' passage {shown} occurs {count} times ({where}): add a 'prefix' "
            "(the words just before it) or a 'suffix' (just after) to pick one"
        )
    if plain_hits:
        given = " and ".join(
            part for part, value in (("prefix", folded_prefix), ("suffix", folded_suffix)) if value
        )
        return (
            f"'on' passage {shown} occurs ({_where(plain_hits)}) but never with this {given}: "
            f"check the {given} against the text"
        )
    suggestion = (
        closest_passage(on, candidates) if suggestions is None or suggestions.take() else None
    )
    hint = (
        f": did you mean {_quote(suggestion, 80)}?"
        if suggestion
        else (": copy the passage exactly from the question or an answer of this section")
    )
    return f"'on' passage {shown} is not in this section's question or answers{hint}"


def typography_note(on: str, text: str, anchor: Anchor) -> str | None:
    """How the anchored text's quote marks differ from ``on`` as typed, or None.

    ``"the text has ’ where you wrote '"``: said in words, because the
    difference is all but invisible in a did-you-mean.
    """
    typed = "".join(on.split())
    found = "".join(text[anchor.start : anchor.end].split())
    if typed == found or len(typed) != len(found):
        return None
    for mine, theirs in zip(typed, found, strict=True):
        if mine != theirs:
            return f"the text has {theirs} where you wrote {mine}"
    return None  # pragma: no cover - the strings differ somewhere
