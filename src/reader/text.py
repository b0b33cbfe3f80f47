"""Text helpers shared by every part of reader: safe display, folding, slugs.

The most important function here is :func:`visible`.  Text from interview
files is untrusted: it may carry ESC sequences, C1 controls, NUL, bidi
overrides or zero-width characters.  Every place that shows file text (the UI,
CLI output, exports to a terminal) passes it through :func:`visible` first,
which replaces each such character by a single visible placeholder.  The
replacement is one character for one character, so offsets computed on the
original text (annotation anchors, search matches) stay valid on the display
text.

This module imports neither textual nor rich.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from enum import StrEnum

__all__ = [
    "SpecialKind",
    "fold_whitespace",
    "has_special",
    "shorten",
    "slugify",
    "special_chars",
    "visible",
]


class SpecialKind(StrEnum):
    """Why a character is shown as a placeholder."""

    CONTROL = "control"
    BIDI = "bidi"
    INVISIBLE = "invisible"


# Bidi embeddings, overrides, isolates and marks: they can make a quote read
# differently on screen from what its characters say ("Trojan Source").
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Characters that take no room on screen, so a reader cannot see them at all.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u180e")
# Line and paragraph separators: shown as the line break they mean.
_LINE_BREAKS = frozenset("\u2028\u2029")

BIDI_MARK = "\u21c4"  # ⇄
INVISIBLE_MARK = "\u2423"  # ␣ (open box): "something invisible is here"
C1_MARK = "\ufffd"  # �


def _placeholder(ch: str) -> str | None:
    """The placeholder for ``ch``, or None when it is shown as itself."""
    code = ord(ch)
    if ch in "\n\t":
        return None
    if code < 0x20:
        # U+2400..U+241F are the Control Pictures: ␀ ␁ ... ␛ (ESC) ...
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"  # ␡
    if code == 0x85:
        return "\n"  # NEL is a line break in YAML's own view
    if 0x80 <= code <= 0x9F:
        return C1_MARK
    if ch in _LINE_BREAKS:
        return "\n"
    if ch in _BIDI:
        return BIDI_MARK
    if ch in _INVISIBLE:
        return INVISIBLE_MARK
    if 0xD800 <= code <= 0xDFFF:
        # A lone surrogate (from a "\ud800" escape) cannot even be encoded.
        return C1_MARK
    return None


_SPECIAL_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff"
    + "".join(sorted(_BIDI | _INVISIBLE))
    + "]"
)


def has_special(text: str) -> bool:
    """True when ``text`` holds a character that :func:`visible` replaces."""
    return _SPECIAL_RE.search(text) is not None


def special_chars(text: str) -> Iterator[tuple[int, str, SpecialKind]]:
    """Yield ``(offset, char, kind)`` for each character :func:`visible` replaces."""
    for match in _SPECIAL_RE.finditer(text):
        ch = match.group()
        if ch in _BIDI:
            kind = SpecialKind.BIDI
        elif ch in _INVISIBLE:
            kind = SpecialKind.INVISIBLE
        else:
            kind = SpecialKind.CONTROL
        yield match.start(), ch, kind


def visible(text: str) -> str:
    """Return ``text`` safe to show on a terminal, with the same length.

    Every control character but newline and tab becomes a visible placeholder
    (``ESC`` becomes ``␛``, as ``less`` shows ``^[``), bidi controls become
    ``⇄``, zero-width characters ``␣``, C1 controls and lone surrogates ``�``.
    One character is replaced by exactly one, so offsets stay valid.
    """
    if not has_special(text):
        return text
    return _SPECIAL_RE.sub(lambda m: _placeholder(m.group()) or m.group(), text)


_WS_RE = re.compile(r"\s+")


def fold_whitespace(text: str) -> tuple[str, list[int]]:
    """Collapse each run of white space to one space.

    Returns the folded text and, for each of its characters plus one past
    the end, the offset of that character in ``text``; so a match
    ``folded[i:j]`` is ``text[index[i]:index[j - 1] + 1]``.
    """
    out: list[str] = []
    index: list[int] = []
    pos = 0
    for match in _WS_RE.finditer(text):
        start, end = match.span()
        out.append(text[pos:start])
        index.extend(range(pos, start))
        out.append(" ")
        index.append(start)
        pos = end
    out.append(text[pos:])
    index.extend(range(pos, len(text)))
    index.append(len(text))
    return "".join(out), index


def shorten(text: str, width: int = 60) -> str:
    """One line of at most ``width`` characters, cut at a word, with ``…``."""
    line = _WS_RE.sub(" ", text).strip()
    if len(line) <= width:
        return line
    cut = line[: width - 1]
    space = cut.rfind(" ")
    if space > width // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"


def slugify(name: str) -> str:
    """A reader/1 id (``[a-z0-9][a-z0-9-]*``) made from ``name``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug or "interview"
