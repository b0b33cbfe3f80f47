"""The YAML mistakes newcomers make, recognised from the text and explained.

libyaml says ``did not find expected key`` or ``mapping values are not
allowed in this context`` for several different slips, and often a line or
a few columns away from the slip itself.  :func:`newcomer_hint` looks at the
text around the parser's marks for the usual ones and says what is wrong and
how to fix it, at the character to fix:

- an apostrophe inside 'single-quoted' text (``'It's fine'``);
- no space after a key's colon (``title:Hello``);
- no space after a list item's dash (``-by: rm``);
- a key indented differently from the keys above it.

(Tabs used for indentation are recognised by the caller.)  Anything else
gets the general message.  Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

import re
from typing import Any

from reader.text import visible

__all__ = ["newcomer_hint"]

_KEY_LINE = re.compile(r"^( *)(?:(- +))?([A-Za-z_][\w-]*|\"[^\"]*\"|'[^']*'):(?: |$)")
_NO_SPACE_AFTER_COLON = re.compile(r"^( *(?:- +)?)([A-Za-z_][\w-]*):(\S.*)$")
_NO_SPACE_AFTER_DASH = re.compile(r"^( *)-([^\s-].*)$")
_SINGLE_QUOTED_VALUE = re.compile(r"^ *(?:- +)?[^\s:#][^:#]*: +'")


def _line_at(text: str, index: int) -> tuple[int, str]:
    """The start offset and the text (without its line break) of the line holding ``index``."""
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    line = text[start : end if end >= 0 else len(text)]
    return start, line.rstrip("\r")


def _apostrophe(text: str, index: int) -> tuple[int, str] | None:
    """``'It's fine'``: the quote closed at the apostrophe, and a letter follows."""
    if not 0 < index < len(text) or text[index - 1] != "'" or not text[index].isalnum():
        return None
    start, line = _line_at(text, index)
    opening = _SINGLE_QUOTED_VALUE.match(line)
    if opening is None or start + opening.end() - 1 >= index - 1:
        return None
    before = re.search(r"\w+$", text[start + opening.end() : index - 1])
    after = re.match(r"\w+", text[index:])
    word = (before.group() if before else "") + "''" + (after.group() if after else "")
    return (
        index - 1,
        "this apostrophe ends the 'single-quoted' text early: inside single quotes write "
        f"it twice ({word}), or put the whole text in double quotes",
    )


def _no_space_after_colon(text: str, index: int) -> tuple[int, str] | None:
    start, line = _line_at(text, index)
    found = _NO_SPACE_AFTER_COLON.match(line)
    if found is None or found.group(3).startswith(":"):
        return None
    key, rest = found.group(2), found.group(3)
    return (
        start + found.end(2) + 1,
        f"a space is missing after '{key}:': YAML needs 'key: value', so write "
        f"'{key}: {rest[:30]}'",
    )


def _previous_content_line(text: str, start: int) -> tuple[int, str] | None:
    """The nearest line above the line starting at ``start`` that is not blank or a comment."""
    while start > 0:
        start, line = _line_at(text, start - 1)
        if line.strip() and not line.lstrip().startswith("#"):
            return start, line
    return None


def _no_space_after_dash(text: str, index: int) -> tuple[int, str] | None:
    """``-by: rm``, on the line of ``index`` or (where libyaml notices it) the line above."""
    start, line = _line_at(text, index)
    found = _NO_SPACE_AFTER_DASH.match(line)
    if found is None:
        above = _previous_content_line(text, start)
        if above is None:
            return None
        start, line = above
        found = _NO_SPACE_AFTER_DASH.match(line)
    if found is None:
        return None
    return (
        start + len(found.group(1)) + 1,
        f"a space is missing after '-': a list item is '- ' then its content, so write "
        f"'- {found.group(2)[:30]}'",
    )


def _indentation(text: str, index: int, at_colon: bool) -> tuple[int, str] | None:
    """A key line whose key does not line up with the key line above it."""
    start, line = _line_at(text, index)
    found = _KEY_LINE.match(line)
    if found is None:
        return None
    column = len(found.group(1)) + len(found.group(2) or "")
    if at_colon and start + column + len(found.group(3)) != index:
        return None  # the ':' is inside the value: not a question of indentation
    above = _previous_content_line(text, start)
    if above is None:
        return None
    previous = _KEY_LINE.match(above[1])
    if previous is None:
        return None
    prev_column = len(previous.group(1)) + len(previous.group(2) or "")
    if prev_column == column or found.group(2):
        return None
    key, prev_key = found.group(3), previous.group(3)
    spaces = "space" if column == 1 else "spaces"
    return (
        start + column,
        f"'{key}' is indented {column} {spaces} but '{prev_key}' on the line above "
        f"{prev_column}: keys of one mapping must start in the same column (the keys of "
        "a list item line up with the first one, after its '- ')",
    )


def newcomer_hint(exc: Any, text: str) -> tuple[int, str] | None:
    """``(offset, message)`` for a newcomer's slip behind the parser error ``exc``, or None.

    The message quotes the file's own text, so it goes through
    :func:`reader.text.visible`: a control or invisible character in it is
    shown as a mark, never sent to the terminal.
    """
    found = _newcomer_hint(exc, text)
    if found is None:
        return None
    offset, message = found
    return offset, visible(message)


def _newcomer_hint(exc: Any, text: str) -> tuple[int, str] | None:
    problem = exc.problem or ""
    marks = [m for m in (exc.problem_mark, exc.context_mark) if m is not None]
    for mark in marks:
        found = _apostrophe(text, mark.index)
        if found is not None:
            return found
    if problem.startswith("could not find expected ':'"):
        for mark in marks[::-1]:
            found = _no_space_after_colon(text, mark.index)
            if found is not None:
                return found
    if problem.startswith(
        (
            "mapping values are not allowed",
            "did not find expected '-' indicator",
            "did not find expected key",
        )
    ):
        for mark in marks:
            found = _no_space_after_dash(text, mark.index)
            if found is not None:
                return found
        mark = exc.problem_mark
        if mark is not None:
            at_colon = problem.startswith("mapping values")
            return _indentation(text, mark.index, at_colon)
    return None
