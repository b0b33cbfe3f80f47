"""Folding text for search: case, accents, width and scripts, with a way back.

Search compares *folded* text.  :func:`fold` maps each character of a
passage (or of a query word) to a folded piece:

- case is removed with Unicode full case folding (``Straße`` -> ``strasse``,
  ``İ`` -> ``i``), compatibility forms are decomposed (``ﬁ`` -> ``fi``,
  full-width ``Ａ`` -> ``a``, ``①`` -> ``1``) and every combining mark is
  dropped (``López`` -> ``lopez``): NFKD, casefold, NFKD again, marks out;
- Hangul syllables and the Japanese kana are kept whole (decomposing them
  would split ``김`` into jamo and ``が`` into ``か`` plus a voicing mark);
- Han ideographs, hiragana and katakana become one-character words
  (``中文`` -> `` 中  文 ``), because Chinese and Japanese are written without
  spaces and must match anywhere inside a run;
- any other character that is neither a letter nor a digit becomes a space.

The folded text is then cut into *tokens*: runs of ASCII letters and digits
and of non-ASCII characters (every non-ASCII character left after folding is
a letter or a digit).  That is exactly how SQLite FTS5's ``ascii`` tokenizer
cuts text, so the full-text index and the Python matcher agree by
construction.

:func:`fold` is the fast path used to build the index; :func:`fold_map`
gives the same folded text plus, for each folded character, the offset of the
original character it came from, so that matches found in folded text are
mapped back to exact offsets in the original (``ß`` folds to two characters,
``é`` written as ``e`` plus a combining accent folds to one).

Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

__all__ = [
    "TOKEN_RE",
    "FoldMap",
    "fold",
    "fold_char",
    "fold_map",
    "is_cjk",
    "tokens",
]

TOKEN_RE = re.compile("[0-9a-z\u0080-\U0010ffff]+")
"""A token in folded text (the FTS5 ``ascii`` tokenizer's notion of a word)."""

_NON_ASCII_RUN = re.compile("[^\x00-\x7f]+")

# Ideographs and kana: each one is a word of its own.  Kept as (first, last)
# code point ranges; fold_char() consults them only once per distinct character.
_CJK_RANGES: tuple[tuple[int, int], ...] = (
    (0x2E80, 0x2FDF),  # CJK and Kangxi radicals
    (0x3005, 0x3007),  # 々 〆 〇
    (0x3021, 0x3029),  # Hangzhou numerals
    (0x3038, 0x303C),
    (0x3041, 0x309F),  # hiragana
    (0x30A0, 0x30FF),  # katakana (with ー)
    (0x31F0, 0x31FF),  # katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x20000, 0x3FFFF),  # CJK extensions B and later (planes 2 and 3)
)
_KANA = (0x3041, 0x30FF)
_HANGUL_SYLLABLES = (0xAC00, 0xD7A3)


def is_cjk(ch: str) -> bool:
    """True for a Han ideograph or a kana character (each one its own word)."""
    code = ord(ch)
    return any(first <= code <= last for first, last in _CJK_RANGES)


def _decompose(ch: str) -> str:
    """NFKD, casefold, NFKD again, combining marks dropped."""
    text = unicodedata.normalize("NFKD", ch).casefold()
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.category(c).startswith("M"))


def _fold_uncached(ch: str) -> str:
    code = ord(ch)
    if code < 0x80:
        return ch.lower()
    if _HANGUL_SYLLABLES[0] <= code <= _HANGUL_SYLLABLES[1]:
        return ch
    if _KANA[0] <= code <= _KANA[1]:
        decomposed = ch if unicodedata.category(ch)[0] != "M" else ""
    else:
        decomposed = _decompose(ch)
    out: list[str] = []
    for c in decomposed:
        if c < "\x80":
            out.append(c.lower())
        elif is_cjk(c) and c.isalnum():
            out.append(f" {c} ")
        elif c.isalnum() and not ("\ud800" <= c <= "\udfff"):
            out.append(c)
        else:
            # Punctuation, symbols, spaces, controls, format characters: a
            # word boundary, never part of a word.
            out.append(" ")
    return "".join(out)


_PIECES: dict[str, str] = {}
_RUNS: dict[str, str] = {}
_RUNS_LIMIT = 200_000


def fold_char(ch: str) -> str:
    """The folded piece of one character (possibly empty, possibly several)."""
    piece = _PIECES.get(ch)
    if piece is None:
        piece = _PIECES[ch] = _fold_uncached(ch)
    return piece


def _fold_run(match: re.Match[str]) -> str:
    run = match.group()
    folded = _RUNS.get(run)
    if folded is None:
        pieces = _PIECES
        folded = "".join([pieces.get(c) or fold_char(c) for c in run])
        if len(_RUNS) >= _RUNS_LIMIT:
            _RUNS.clear()
        _RUNS[run] = folded
    return folded


def fold(text: str) -> str:
    """The folded form of ``text`` (see the module docstring).

    Equal to joining :func:`fold_char` of every character, but built with
    ``str.lower`` over the whole text and per-character work only on the
    non-ASCII runs.  ``str.lower`` maps a few non-ASCII characters to ASCII
    (``K`` Kelvin sign, ``İ``); folding their lower-case forms gives the same
    pieces, which a test checks for every such character.
    """
    low = text.lower()
    if low.isascii():
        return low
    return _NON_ASCII_RUN.sub(_fold_run, low)


def tokens(folded: str) -> list[str]:
    """The tokens of already folded text."""
    return TOKEN_RE.findall(folded)


class FoldMap:
    """Folded text with the way back to offsets in the original.

    ``text`` is ``fold(original)``.  :meth:`span` maps a folded span
    ``[start, end)`` to the smallest original span that produced it: a
    character that folds to several (``ß`` -> ``ss``) is taken whole even when
    the span covers only part of its piece, and the combining marks that
    follow a matched character are included.
    """

    __slots__ = ("_ends", "_length", "_starts", "text")

    def __init__(self, original: str) -> None:
        self.text = fold(original)
        self._length = len(original)
        # None when every character folds to exactly one (the common case):
        # offsets are then the same in both texts.
        self._starts: list[int] | None = None
        self._ends: list[int] | None = None
        if len(self.text) == len(original) and _all_single(original):
            return
        starts: list[int] = []
        pos = 0
        for match in _NON_ASCII_RUN.finditer(original):
            first, last = match.span()
            starts.extend(range(pos, first))
            for index in range(first, last):
                piece_length = len("".join(fold_char(c) for c in original[index].lower()))
                starts.extend([index] * piece_length)
            pos = last
        starts.extend(range(pos, len(original)))
        # The folded text is built by fold(); the pieces above must add up to
        # it exactly (a test checks this over every code point).
        assert len(starts) == len(self.text)
        self._starts = starts

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``[start, end)`` of folded ``[start, end)`` (``end > start``)."""
        starts = self._starts
        if starts is None:
            return start, end
        first = starts[start]
        last = starts[end - 1]
        if end < len(starts):
            following = starts[end]
            # Characters between the last matched one and the next folded
            # character folded to nothing: combining marks of the last one.
            stop = following if following > last else last + 1
        else:
            stop = self._length if self._length > last else last + 1
        return first, stop


def _all_single(original: str) -> bool:
    """True when every character of ``original`` folds to exactly one character."""
    if original.isascii():
        return True
    for run in _NON_ASCII_RUN.findall(original):
        for ch in run:
            lowered = ch.lower()
            if len(lowered) != 1 or len(fold_char(lowered)) != 1:
                return False
    return True


def fold_map(original: str) -> FoldMap:
    """Fold ``original`` and keep the offsets back into it."""
    return FoldMap(original)


def token_spans(folded: str) -> Iterator[tuple[str, int, int]]:
    """Each token of folded text with its folded ``[start, end)``."""
    for match in TOKEN_RE.finditer(folded):
        yield match.group(), match.start(), match.end()
