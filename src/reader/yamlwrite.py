"""A small, deterministic YAML writer for reader/1 files.

``reader import`` writes interview files that people read and edit by hand, so
the output must be stable (the same input always gives the same bytes),
readable (keys in the order of docs/format.md, block scalars for long text)
and exact: every text scalar must read back as exactly the same string, under
the project's loader (which treats every scalar as text) and under plain
``yaml.safe_load`` (which applies YAML 1.1 implicit typing).  PyYAML's own
emitter chooses styles by heuristics that change between versions and folds
long lines, so this module writes the few constructs the format needs itself:

* block mappings and block sequences, indented by two spaces;
* ``true``/``false`` and integers for the format's few typed values;
* text as a plain scalar only when that is unambiguous, as a literal block
  scalar (``|-``) when it is long or spans paragraphs, and otherwise as a
  double-quoted scalar with escapes.

Anything that could be misread is quoted: strings that YAML 1.1 would resolve
to a boolean, number, date or null (``no``, ``010``, ``2024-05-10``,
``12:30``, ``~``), strings that start with an indicator, contain ``": "`` or
``" #"``, or carry control, bidi or invisible characters (which are written as
escapes, so an editor shows them).

This module imports neither textual nor rich.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import yaml

from reader.text import has_special

__all__ = ["LITERAL_MIN_LENGTH", "double_quoted", "dump", "plain_ok", "scalar"]

LITERAL_MIN_LENGTH = 80
"""Single-line text with spaces at least this long is written as a ``|-`` block scalar."""

INDENT = "  "

# YAML 1.1's printable set (PyYAML's reader rejects anything else, even inside
# quotes), minus the characters a plain or block scalar must not hold raw:
# tab, CR, and NEL / LS / PS / BOM, which PyYAML treats as line breaks or
# stream marks.
_NOT_RAW_RE = re.compile(
    "[^\x0a\x20-\x7e\xa1-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029]"
)
# Characters that cannot start a plain scalar (YAML indicators) or that make a
# reader stop and wonder.
_PLAIN_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@` ")
_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"

_ESCAPES = {
    "\0": "\\0",
    "\x07": "\\a",
    "\x08": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\x0b": "\\v",
    "\x0c": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    '"': '\\"',
    "\\": "\\\\",
    "\x85": "\\N",
    "\xa0": "\\_",
    "\u2028": "\\L",
    "\u2029": "\\P",
}
# Everything the double-quoted writer escapes: quote, backslash, line feed
# (a raw one would fold to a space), every character outside the raw-safe
# set, and bidi / invisible characters.
_QUOTE_ESCAPE_RE = re.compile(
    '["\\\\\n]|' + _NOT_RAW_RE.pattern + "|[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\u180e]"
)


def _resolves_to_text(text: str) -> bool:
    """True when a plain scalar ``text`` is a string under YAML 1.1 rules."""
    # types-PyYAML leaves Resolver.resolve untyped; it returns the tag, a str.
    tag: str = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return tag == _STR_TAG


def _plain_ok(text: str) -> bool:
    """True when ``text`` can be written as a plain scalar and read back as is."""
    return (
        bool(text)
        and text[0] not in _PLAIN_FIRST
        and text == text.strip()
        and "\n" not in text
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and _NOT_RAW_RE.search(text) is None
        and not has_special(text)
        and _resolves_to_text(text)
    )


def _literal_ok(text: str) -> bool:
    """True when ``text`` can be written as a ``|-`` block scalar exactly.

    The block's indentation is detected from its first line, so that line
    must not start with a space; ``|-`` strips trailing line breaks, so the
    text must not end with one; and no line may end in spaces, which editors
    strip and readers cannot see.
    """
    if not text or text[0] in " \n" or text[-1] in " \n":
        return False
    if _NOT_RAW_RE.search(text) or has_special(text):
        return False
    return all(line == line.rstrip(" ") for line in text.split("\n"))


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    named = _ESCAPES.get(ch)
    if named is not None:
        return named
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02X}"
    if code <= 0xFFFF:
        return f"\\u{code:04X}"
    return f"\\U{code:08X}"


def double_quoted(text: str) -> str:
    """``text`` as a one-line double-quoted scalar, with escapes."""
    return '"' + _QUOTE_ESCAPE_RE.sub(_escape, text) + '"'


def plain_ok(text: str) -> bool:
    """True when ``text`` can be written as a plain (unquoted) block scalar exactly."""
    return _plain_ok(text)


def scalar(
    text: str, indent: str = "", step: str = INDENT, *, literal_min: int = LITERAL_MIN_LENGTH
) -> str:
    """``text`` written as the value of a key at ``indent``.

    Returns what follows ``key: ``: a plain scalar, a double-quoted scalar,
    or ``|-`` with the block's lines, each indented ``step`` past ``indent``
    (the annotation writer passes the step the file itself uses).  Single-line
    text with spaces of at least ``literal_min`` characters is written as a
    block.
    """
    # Long prose reads best as a block; a long URL or name stays on its line.
    long_prose = len(text) >= literal_min and " " in text
    if ("\n" in text or long_prose) and _literal_ok(text):
        inner = indent + step
        lines = [inner + line if line else "" for line in text.split("\n")]
        return "|-\n" + "\n".join(lines)
    if _plain_ok(text):
        return text
    return double_quoted(text)


def _key(key: str) -> str:
    if not isinstance(key, str):
        raise TypeError(f"mapping keys must be text, not {type(key).__name__}")
    return key if _plain_ok(key) else double_quoted(key)


def _value(value: object, indent: str) -> str:
    """The text after ``key:`` (including the separator) for ``value``."""
    if isinstance(value, bool):
        return " true" if value else " false"
    if isinstance(value, int):
        return f" {value}"
    if isinstance(value, str):
        return " " + scalar(value, indent)
    if isinstance(value, Mapping):
        if not value:
            return " {}"
        return "\n" + _mapping(value, indent + INDENT)
    if isinstance(value, Sequence):
        if not value:
            return " []"
        # Sequences under a key are indented one step, as most people write them.
        return "\n" + _sequence(value, indent + INDENT)
    raise TypeError(f"cannot write {type(value).__name__} as reader/1 YAML")


def _mapping(mapping: Mapping[str, object], indent: str) -> str:
    lines = []
    for key, value in mapping.items():
        if value is None:
            continue
        lines.append(f"{indent}{_key(key)}:{_value(value, indent)}")
    return "\n".join(lines)


def _sequence(items: Sequence[object], indent: str) -> str:
    lines = []
    for item in items:
        if isinstance(item, Mapping) and item:
            # "- first: value" with the other keys aligned under "first".
            body = _mapping(item, indent + INDENT)
            lines.append(indent + "- " + body[len(indent) + len(INDENT) :])
        else:
            lines.append(indent + "-" + _value(item, indent))
    return "\n".join(lines)


def dump(document: Mapping[str, object], header: Sequence[str] = ()) -> str:
    """The YAML text of ``document``: keys in its order, ``None`` values left out.

    ``header`` lines are written first as ``#`` comments; they must be
    printable single lines (the caller makes them so).
    """
    out = []
    for line in header:
        if "\n" in line or _NOT_RAW_RE.search(line):
            raise ValueError("header lines must be printable single lines")
        out.append(f"# {line}" if line else "#")
    out.append(_mapping(document, ""))
    return "\n".join(out) + "\n"
