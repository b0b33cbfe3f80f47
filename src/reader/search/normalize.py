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
from bisect import bisect_left, bisect_right

TYPE_CHECKING = False  # not typing's: see reader.tuples
if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "NON_TOKEN_CLASS",
    "TOKEN_RE",
    "FoldMap",
    "fold",
    "fold_char",
    "fold_map",
    "fold_unit",
    "is_cjk",
    "tokens",
]

NON_TOKEN_CLASS = "\\x00-\\x2f\\x3a-\\x60\\x7b-\\x7f"
"""The ASCII characters that are no token character, for a regex ``[...]``.

A token character is ``0-9``, ``a-z`` or anything past ASCII; classes are
written as the complement of this one because ``re`` takes about 5 ms to
compile a class that reaches U+10FFFF, and a search bar compiles patterns
as the user types.
"""

TOKEN_RE = re.compile(f"[^{NON_TOKEN_CLASS}]+")
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
_RUNS: dict[str, tuple[str, bool]] = {}
_RUNS_LIMIT = 200_000


def fold_char(ch: str) -> str:
    """The folded piece of one character (possibly empty, possibly several)."""
    piece = _PIECES.get(ch)
    if piece is None:
        piece = _PIECES[ch] = _fold_uncached(ch)
    return piece


def _run_info(run: str) -> tuple[str, bool]:
    """A run of non-ASCII characters folded, and whether each folded to exactly one."""
    info = _RUNS.get(run)
    if info is None:
        pieces = [fold_char(c) for c in run]
        info = ("".join(pieces), all(len(piece) == 1 for piece in pieces))
        if len(_RUNS) >= _RUNS_LIMIT:
            _RUNS.clear()
        _RUNS[run] = info
    return info


class _FoldedRuns(dict[str, str]):
    """Run -> folded run, computed on first sight (kept as small as :data:`_RUNS`)."""

    def __missing__(self, run: str) -> str:
        if len(self) >= _RUNS_LIMIT:
            self.clear()
        folded = self[run] = _run_info(run)[0]
        return folded


_FOLDED_RUNS = _FoldedRuns()


def _fold_run(match: re.Match[str]) -> str:
    # Called once per non-ASCII run of every passage folded: one dictionary
    # look-up when the run was seen before.
    return _FOLDED_RUNS[match[0]]


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


def fold_unit(text: str) -> tuple[str, bool]:
    """:func:`fold`, and whether every character folded to exactly one.

    When it did, offsets in the folded text are offsets in ``text`` too, and
    :class:`FoldMap` has nothing to record.
    """
    low = text.lower()
    # Only U+0130 (İ) lowers to two characters.
    same_length = len(low) == len(text)
    if low.isascii():
        return low, same_length
    if not same_length:
        return _NON_ASCII_RUN.sub(_fold_run, low), False
    uneven: list[str] = []

    def visit(match: re.Match[str]) -> str:
        run = match.group()
        folded, unit = _RUNS.get(run) or _run_info(run)
        if not unit:
            uneven.append(folded)
        return folded

    return _NON_ASCII_RUN.sub(visit, low), not uneven


def tokens(folded: str) -> list[str]:
    """The tokens of already folded text."""
    return TOKEN_RE.findall(folded)


_ORIGINAL_RUNS: dict[str, tuple[str, tuple[tuple[int, int], ...]]] = {}


def _original_run(run: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A run of non-ASCII characters of the original text: folded, and its breaks.

    The breaks are ``(offset, piece length)`` of the characters that do not
    fold to exactly one character.
    """
    found = _ORIGINAL_RUNS.get(run)
    if found is None:
        pieces = ["".join(fold_char(c) for c in ch.lower()) for ch in run]
        found = (
            "".join(pieces),
            tuple((offset, len(piece)) for offset, piece in enumerate(pieces) if len(piece) != 1),
        )
        if len(_ORIGINAL_RUNS) >= _RUNS_LIMIT:
            _ORIGINAL_RUNS.clear()
        _ORIGINAL_RUNS[run] = found
    return found


class FoldMap:
    """Folded text with the way back to offsets in the original.

    ``text`` is ``fold(original)``.  :meth:`span` maps a folded span
    ``[start, end)`` to the smallest original span that produced it: a
    character that folds to several (``ß`` -> ``ss``) is taken whole even when
    the span covers only part of its piece, and the combining marks that
    follow a matched character are included.

    Only the characters that do not fold to exactly one character are
    recorded (most text has none), so building a map is cheap.
    """

    __slots__ = ("_breaks", "_length", "_offsets", "_shifts", "text")

    def __init__(self, original: str, folded: str | None = None, unit: bool = False) -> None:
        """Fold ``original``, or trust ``folded`` (and ``unit``) from :func:`fold_unit`."""
        self._length = len(original)
        # For each character whose piece is not one character long: where
        # its piece starts in the folded text, its own offset, and the
        # total shift (folded minus original offset) after it.
        self._breaks: list[int] = []
        self._offsets: list[int] = []
        self._shifts: list[int] = []
        if original.isascii():
            self.text = original.lower() if folded is None else folded
            return
        if unit and folded is not None:
            self.text = folded
            return
        low = original.lower()
        if len(low) == len(original):
            # Each character lowered to one (final sigma to ς or σ, both
            # folding to σ), so the piece of original[i] is fold_char(low[i]):
            # the breaks are in the runs that do not fold one to one.
            uneven: list[re.Match[str]] = []

            def visit(match: re.Match[str]) -> str:
                run = match[0]
                run_folded, unit = _RUNS.get(run) or _run_info(run)
                if not unit:
                    uneven.append(match)
                return run_folded

            learned = _NON_ASCII_RUN.sub(visit, low)
            self.text = learned if folded is None else folded
            shift = 0
            for match in uneven:
                start = match.start()
                for offset, char in enumerate(match[0]):
                    length = len(_PIECES[char])
                    if length != 1:
                        self._breaks.append(start + offset + shift)
                        self._offsets.append(start + offset)
                        shift += length - 1
                        self._shifts.append(shift)
            return
        # One pass over the non-ASCII runs folds the text (when needed) and
        # records the breaks; joining each character's piece is what fold()
        # computes (a test checks it).
        pieces: list[str] = []
        shift = 0
        pos = 0
        for match in _NON_ASCII_RUN.finditer(original):
            first, last = match.span()
            run_folded, breaks = _original_run(match.group())
            if folded is None:
                pieces.append(original[pos:first].lower())
                pieces.append(run_folded)
            for offset, length in breaks:
                self._breaks.append(first + offset + shift)
                self._offsets.append(first + offset)
                shift += length - 1
                self._shifts.append(shift)
            pos = last
        if folded is None:
            pieces.append(original[pos:].lower())
            folded = "".join(pieces)
        self.text = folded

    def origin(self, position: int) -> int:
        """The offset of the original character that folded ``position`` came from."""
        at = bisect_right(self._breaks, position) - 1
        if at < 0:
            return position
        shift = self._shifts[at]
        offset = self._offsets[at]
        # Inside that character's own piece (longer than one character)?
        if position < offset + shift + 1:
            return offset
        return position - shift

    def folded_offset(self, offset: int) -> int:
        """Where the piece of original character ``offset`` starts in the folded text.

        ``len(fold(original[:offset]))``, without folding again (for ``0 <=
        offset <= len(original)``).
        """
        at = bisect_left(self._offsets, offset) - 1
        return offset if at < 0 else offset + self._shifts[at]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``[start, end)`` of folded ``[start, end)`` (``end > start``)."""
        if not self._breaks:
            return start, end
        first = self.origin(start)
        last = self.origin(end - 1)
        if end < len(self.text):
            following = self.origin(end)
            # Characters between the last matched one and the next folded
            # character folded to nothing: combining marks of the last one.
            stop = following if following > last else last + 1
        else:
            stop = self._length if self._length > last else last + 1
        return first, stop


def fold_map(original: str) -> FoldMap:
    """Fold ``original`` and keep the offsets back into it."""
    return FoldMap(original)


def token_spans(folded: str) -> Iterator[tuple[str, int, int]]:
    """Each token of folded text with its folded ``[start, end)``."""
    for match in TOKEN_RE.finditer(folded):
        yield match.group(), match.start(), match.end()
