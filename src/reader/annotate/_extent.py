"""Moving a selection through a text by words and sentences, for the keyboard.

The app's selection mode starts on the first word of the current answer;
these functions say where a selection goes when it grows or shrinks by a
word or a sentence, or jumps to the next or previous word or sentence.  A
word is a run of non-space characters; a sentence ends after ``.``, ``!``,
``?`` or ``…`` (with any closing quotes or brackets) followed by white
space or the end of the text.  Every function returns ``(start, end)``
offsets into the text, never an empty span while the text has a word.

Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

import re

__all__ = [
    "first_word",
    "grow_sentence",
    "grow_word",
    "next_sentence",
    "next_word",
    "previous_sentence",
    "previous_word",
    "shrink_sentence",
    "shrink_word",
]

_WORD = re.compile(r"\S+")
_SENTENCE = re.compile(r"\S.*?(?:[.!?…]+[\"'”’)\]»]*(?=\s|$)|$)", re.DOTALL)

Span = tuple[int, int]


def _words(text: str) -> list[Span]:
    return [m.span() for m in _WORD.finditer(text)]


def _sentences(text: str) -> list[Span]:
    out: list[Span] = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end))
    return out


def first_word(text: str) -> Span:
    """The first word of ``text`` (``(0, 0)`` when it has none)."""
    words = _words(text)
    return words[0] if words else (0, 0)


def grow_word(text: str, span: Span) -> Span:
    """The selection with the next word added at its end."""
    start, end = span
    for _w_start, w_end in _words(text):
        if w_end > end:
            return (start, w_end)
    return span


def shrink_word(text: str, span: Span) -> Span:
    """The selection without its last word (its first word always stays)."""
    start, end = span
    ends = [w_end for w_start, w_end in _words(text) if start < w_end < end and w_start >= start]
    return (start, ends[-1]) if ends else span


def grow_sentence(text: str, span: Span) -> Span:
    """The selection extended to the end of the sentence after its end (or its own)."""
    start, end = span
    for _s_start, s_end in _sentences(text):
        if s_end > end:
            return (start, s_end)
    return span


def shrink_sentence(text: str, span: Span) -> Span:
    """The selection cut back to the end of the previous sentence (keeping a word)."""
    start, end = span
    ends = [s_end for s_start, s_end in _sentences(text) if start < s_end < end]
    if ends:
        return (start, ends[-1])
    return shrink_word(text, span)


def next_word(text: str, span: Span) -> Span:
    """The word after the selection's start, selected alone."""
    for word in _words(text):
        if word[0] > span[0]:
            return word
    return span


def previous_word(text: str, span: Span) -> Span:
    """The word before the selection's start, selected alone."""
    before = [word for word in _words(text) if word[0] < span[0]]
    return before[-1] if before else span


def next_sentence(text: str, span: Span) -> Span:
    """The sentence after the one the selection starts in, selected whole."""
    for sentence in _sentences(text):
        if sentence[0] > span[0]:
            return sentence
    return span


def previous_sentence(text: str, span: Span) -> Span:
    """The sentence before the one the selection starts in, selected whole."""
    before = [s for s in _sentences(text) if s[1] <= span[0]]
    if before:
        return before[-1]
    current = [s for s in _sentences(text) if s[0] <= span[0] < s[1]]
    return current[0] if current else span
