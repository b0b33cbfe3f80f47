"""Transcription conventions: stage directions and editorial marks in quotes.

Transcripts mark what is not speech with a few conventions: ``[laughs]``,
``[inaudible 00:12]``, ``[crosstalk]``, ``[sic]`` in square brackets, and the
White House style ``(Laughter.)``, ``(As interpreted.)``, ``(Speaks
French.)``, ``(Applause.)`` in parentheses.  :func:`find_conventions` finds
them as character spans so that the quote view can style them (dim, italic);
the text itself is never changed, so a copied quote keeps them exactly as
written, and nothing here is markup: the spans are offsets, never tags.

What is recognised (case-insensitive; docs/format.md lists the same):

* in square brackets, one of :data:`BRACKET_WORDS`, optionally followed by a
  time (``[inaudible 00:12]``, ``[crosstalk 1:02:03]``, ``[inaudible at
  00:12]``, ``[inaudible, 00:12]``); ``[in French]``/``[speaks French]``; and
  the cut marks ``[...]`` and ``[…]``;
* in parentheses, one of :data:`PAREN_WORDS`, or ``Speaks Language`` (the language
  capitalised), with or without a final full stop (``(Laughter.)``,
  ``(laughs)``, ``(Speaks French.)``, ``(As interpreted.)``).

Other bracketed words (an editor's insertion such as ``[which is]``) are
left alone: they are the editor's words, not a stage direction.

This module imports neither textual nor rich.
"""

from __future__ import annotations

import re

__all__ = ["BRACKET_WORDS", "CONVENTION_RE", "PAREN_WORDS", "find_conventions"]

BRACKET_WORDS: tuple[str, ...] = (
    "applause",
    "background noise",
    "chuckles",
    "clears throat",
    "coughs",
    "cross talk",
    "cross-talk",
    "crosstalk",
    "silence",
    "inaudible",
    "indiscernible",
    "indistinct",
    "laughing",
    "laughs",
    "laughter",
    "long pause",
    "music",
    "off mic",
    "off-mic",
    "overlapping",
    "pause",
    "pauses",
    "sic",
    "sighs",
    "unintelligible",
)
"""Words recognised alone in square brackets, each maybe followed by a time."""

PAREN_WORDS: tuple[str, ...] = (
    "applause",
    "as interpreted",
    "chuckles",
    "cross talk",
    "cross-talk",
    "crosstalk",
    "inaudible",
    "indiscernible",
    "laughs",
    "laughter",
    "off mic",
    "off-mic",
    "pause",
    "sic",
    "unintelligible",
)
"""Words recognised alone in parentheses, with or without a final full stop."""


def _alternatives(words: tuple[str, ...]) -> str:
    # Longest first, so that "cross talk" is tried before a shorter prefix;
    # a space in a word matches any run of spaces.
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(word).replace(r"\ ", r"[ \t]+") for word in ordered)


_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:\.\d{1,3})?"
# A language name is capitalised even where the rest is matched in any case,
# so that "(in part)" is not taken for "(In French.)".
_NAME = r"(?-i:[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?)"
_LANGUAGE = rf"(?:in|speaks)[ \t]+{_NAME}"
# In parentheses only "Speaks ...": "(In Mexico.)" is a place more often than not.
_SPEAKS = rf"speaks[ \t]+{_NAME}"

CONVENTION_RE = re.compile(
    r"\[[ \t]*(?:"
    + f"(?:{_alternatives(BRACKET_WORDS)})(?:(?:,?[ \t]+(?:at[ \t]+)?){_TIME})?"
    + f"|{_LANGUAGE}"
    + r")[ \t]*\]"
    + r"|\[(?:\.\.\.|…)\]"
    + r"|\([ \t]*(?:"
    + f"(?:{_alternatives(PAREN_WORDS)})(?:(?:,?[ \t]+(?:at[ \t]+)?){_TIME})?"
    + f"|{_SPEAKS}"
    + r")\.?[ \t]*\)",
    re.IGNORECASE,
)
"""One transcription convention; see the module docstring."""


def find_conventions(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every transcription convention in ``text``, in order.

    Spans never overlap; ``text[start:end]`` is the convention exactly as
    written (brackets included).
    """
    return [match.span() for match in CONVENTION_RE.finditer(text)]
