"""What is wrong with a YAML text, said for a person, at the right character.

Before parsing, :func:`prescan` reports the characters YAML forbids
(libyaml refuses them with an offset in bytes and nothing else).  When
the parser fails, :func:`syntax_problem` turns libyaml's message into
what to do about it (with the newcomers' usual slips recognised by
:mod:`reader.loader._syntax`), and :func:`unclosed_flow` finds the
``[...]`` or ``{...}`` the file ended inside.  Pure core: imports neither
textual nor rich.
"""

from __future__ import annotations

import re
import unicodedata

import yaml

from reader.model import Position
from reader.text import shorten, visible

from ._nodes import Locator, MapNode, Report, SeqNode
from ._syntax import newcomer_hint

__all__ = [
    "char_name",
    "prescan",
    "reader_error_position",
    "short",
    "syntax_problem",
    "unclosed_flow",
    "unclosed_message",
]


def short(text: str, width: int = 40) -> str:
    """``text`` for a message: one line, its control characters visible, at most ``width``."""
    return visible(shorten(text, width))


# Characters YAML forbids anywhere in a file (libyaml's reader refuses them
# before it produces a single event, with an offset in bytes).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_CONTROL_NAMES = {
    0x00: "NUL",
    0x07: "BEL",
    0x08: "BACKSPACE",
    0x0B: "VERTICAL TAB",
    0x0C: "FORM FEED",
    0x1B: "ESC",
    0x7F: "DEL",
}


def char_name(ch: str) -> str:
    """``U+001B (ESC)``: a character named for a message."""
    code = ord(ch)
    name = _CONTROL_NAMES.get(code) or unicodedata.name(ch, "")
    if not name:
        name = "C1 control" if 0x80 <= code <= 0x9F else "control character"
    return f"U+{code:04X} ({name})"


def prescan(text: str, report: Report, locator: Locator) -> bool:
    """Report characters YAML forbids; True when there are none."""
    clean = True
    for count, match in enumerate(_FORBIDDEN.finditer(text)):
        if count == 20:
            report.add(locator.offset(match.start()), "more forbidden characters follow")
            break
        clean = False
        report.add(
            locator.offset(match.start()),
            f"the character {char_name(match.group())} is not allowed in a YAML file: "
            "delete it, or write it as an escape (such as \\x1b) inside double quotes",
        )
    return clean


# libyaml's problems, said as what to do about them.
_SYNTAX_HINTS: tuple[tuple[str, str], ...] = (
    (
        "exceeded maximum nesting depth",
        "nested far too deeply (over the YAML parser's limit of 1000 levels; "
        "reader/1 needs at most 6): check the brackets and indentation",
    ),
    (
        "mapping values are not allowed",
        "unexpected ':' here: put text containing ': ' in quotes, or fix the indentation",
    ),
    (
        "could not find expected ':'",
        "expected 'key: value' here: is a ':' missing, or a quote not closed?",
    ),
    (
        "did not find expected key",
        "this line does not fit here: check its indentation against the lines above "
        "(or a missing '- ' or closing quote)",
    ),
    (
        "did not find expected '-' indicator",
        "expected a list item ('- ...') here: check the indentation",
    ),
    (
        "found unexpected end of stream",
        "the file ends inside a quoted text: add the closing quote",
    ),
    (
        "found unknown escape character",
        "unknown escape sequence in double-quoted text: write \\\\ for a backslash, "
        "or use single quotes",
    ),
    (
        "did not find expected ',' or ']'",
        "a [...] list is not closed, or its items are not separated by ','",
    ),
    (
        "did not find expected ',' or '}'",
        "a {...} mapping is not closed, or its entries are not separated by ','",
    ),
    ("did not find expected node content", "a value is missing here"),
    (
        "block sequence entries are not allowed",
        "a list item ('- ') is not allowed here: check the indentation",
    ),
    (
        "did not find expected <document start>",
        "unexpected text after the end of the document: a reader/1 file holds one YAML document",
    ),
    (
        "did not find expected comment or line break",
        "unexpected text after a value on this line: put the whole text in quotes",
    ),
    (
        "found undefined tag handle",
        "tags (!...) are not allowed in reader/1 files: remove it, "
        "and quote text starting with '!'",
    ),
    ("found character '\\t' that cannot start any token", "YAML indents with spaces, not tabs"),
    (
        "found a tab character",
        "YAML indents with spaces, not tabs: replace the tabs at the start of this line by spaces",
    ),
)


def _syntax_message(exc: yaml.MarkedYAMLError, text: str) -> str:
    # The pure parser quotes file characters in its messages: keep them one line and visible.
    problem = short(exc.problem or "syntax error", 200)
    context = short(exc.context or "", 200)
    raw = problem if not context else f"{problem}, {context}"
    mark = exc.problem_mark
    here = text[mark.index] if mark is not None and 0 <= mark.index < len(text) else ""
    if problem.startswith("found character that cannot start any token"):
        if here == "\t":
            return "YAML indents with spaces, not tabs: replace this tab by spaces"
        if here in "@`":
            return f"a value cannot start with '{here}': put the whole text in quotes"
        if here == "%":
            return "a line cannot start with '%' here: put the text in quotes"
        return f"this character cannot start a value: put the text in quotes (YAML: {raw})"
    for phrase, hint in _SYNTAX_HINTS:
        if phrase in problem:
            return f"{hint} (YAML: {raw})"
    return f"YAML syntax error: {raw}"


def syntax_problem(exc: yaml.MarkedYAMLError, text: str, locator: Locator) -> tuple[Position, str]:
    """Where a syntax error is, and what to say about it."""
    newcomer = newcomer_hint(exc, text)
    if newcomer is not None:
        index, message = newcomer
        raw = short(exc.problem or "syntax error", 200)
        return locator.offset(index), f"{message} (YAML: {raw})"
    mark = exc.problem_mark or exc.context_mark
    position = locator.offset(mark.index) if mark is not None else Position(1, 1)
    message = _syntax_message(exc, text)
    context = exc.context_mark
    if context is not None and context is not mark:
        started = locator.offset(context.index)
        if (exc.problem or "").startswith("found unexpected end of stream"):
            # Pointing at the end of the file helps nobody: point at the open quote.
            return started, message
        if (exc.problem or "").startswith("could not find expected ':'"):
            if mark is not None and mark.index - context.index > 1024:
                message = "a key longer than 1024 characters (YAML allows no longer): shorten it"
            # libyaml notices at the next line; the text lacking its ':' is here.
            return started, message
        if started.line != position.line and "flow" in (exc.context or ""):
            what = "the list" if "sequence" in (exc.context or "") else "the mapping"
            hint, paren, raw = message.partition(" (YAML: ")
            message = f"{hint} ({what} starts at {started}){paren.rstrip()} {raw}".rstrip()
    return position, message


def unclosed_flow(
    exc: yaml.MarkedYAMLError, text: str, stack: list[MapNode | SeqNode]
) -> MapNode | SeqNode | None:
    """The innermost open [...] or {...} when the file ends inside it, else None."""
    mark = exc.problem_mark
    if mark is None or mark.index < len(text.rstrip()):
        return None
    for container in reversed(stack):
        if text[container.mark.index : container.mark.index + 1] in ("[", "{"):
            return container
    return None


def unclosed_message(text: str, container: MapNode | SeqNode) -> str:
    """What to say of a ``[...]`` or ``{...}`` the file ends inside."""
    if text[container.mark.index] == "[":
        return "this [...] list is never closed: the file ends first; add the ']'"
    return "this {...} mapping is never closed: the file ends first; add the '}'"


def reader_error_position(
    exc: yaml.reader.ReaderError, text: str, locator: Locator, with_libyaml: bool
) -> Position:
    """Where libyaml's (or the pure parser's) reader refused a character."""
    where = exc.position
    # libyaml's reader counts bytes; the pure reader counts characters.
    chars = len(text.encode("utf-8")[:where].decode("utf-8", "ignore")) if with_libyaml else where
    return locator.offset(min(max(chars, 0), len(text)))
