"""The node tree of a YAML text: mappings, lists and their positions.

:func:`reader.loader._tree.build_tree` builds it from the parser's events;
the validator (:mod:`reader.loader._validate`) and the annotation writer
(:mod:`reader.annotate`) read it.  :class:`Locator` turns the parser's
marks into the 1-based line and column editors show, and :class:`Report`
gathers one file's problems.  Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any, Union

from yaml.events import ScalarEvent

from reader.model import Position, Severity

__all__ = [
    "BAD_KEY",
    "BadNode",
    "Locator",
    "MapNode",
    "Node",
    "Report",
    "SeqNode",
    "describe_node",
    "is_plain",
]


class Locator:
    """Turns parser marks and character offsets into 1-based positions.

    libyaml also breaks lines at CR, U+0085, U+2028 and U+2029; editors (and
    we) count ``\\n`` only.  When the text has none of those, libyaml's own
    line and column are right and cost nothing; otherwise positions are
    computed from the character offset.
    """

    __slots__ = ("_starts", "exact", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        odd_breaks = "\x85" in text or "\u2028" in text or "\u2029" in text
        lone_cr = "\r" in text and text.count("\r") != text.count("\r\n")
        self.exact = not (odd_breaks or lone_cr)
        self._starts: list[int] | None = None

    def mark(self, mark: Any) -> Position:
        """The position of a parser mark."""
        if self.exact:
            return Position(mark.line + 1, mark.column + 1)
        return self.offset(mark.index)

    def offset(self, index: int) -> Position:
        """The position of the character at offset ``index``."""
        if self._starts is None:
            self._starts = [0, *(m.end() for m in re.finditer("\n", self.text))]
        line = bisect_right(self._starts, index)
        return Position(line, index - self._starts[line - 1] + 1)


class Report:
    """Problems of one file, gathered in any order, handed out in file order."""

    __slots__ = ("items", "locator")

    def __init__(self, locator: Locator | None = None) -> None:
        self.locator = locator
        self.items: list[tuple[int, int, str, Severity]] = []

    def add(self, position: Position, message: str, severity: Severity = Severity.ERROR) -> None:
        """Record a problem at ``position``."""
        self.items.append((position.line, position.column, message, severity))

    def at_mark(self, mark: Any, message: str, severity: Severity = Severity.ERROR) -> None:
        """Record a problem at a parser mark."""
        assert self.locator is not None
        self.add(self.locator.mark(mark), message, severity)

    def error_count(self) -> int:
        """How many errors (not warnings) so far."""
        return sum(1 for item in self.items if item[3] is Severity.ERROR)


class MapNode:
    """A YAML mapping: ``values`` and ``keys`` (the key scalars) by key text.

    ``end`` is the parser's mark after the mapping (``None`` until it is
    closed) and ``flow`` is true for ``{...}``: the annotation writer needs
    both to edit the file's text in place.
    """

    __slots__ = ("end", "flow", "keys", "mark", "pending", "values")

    def __init__(self, mark: Any, flow: bool = False) -> None:
        self.mark = mark
        self.values: dict[str, Node] = {}
        self.keys: dict[str, ScalarEvent] = {}
        self.pending: Any = None
        self.end: Any = None
        self.flow = flow


class SeqNode:
    """A YAML sequence; ``end`` and ``flow`` as for :class:`MapNode`."""

    __slots__ = ("end", "flow", "items", "mark")

    def __init__(self, mark: Any, flow: bool = False) -> None:
        self.mark = mark
        self.items: list[Node] = []
        self.end: Any = None
        self.flow = flow


class BadNode:
    """Stands for a node already reported (an alias, a tagged value).

    The validator skips it without a second message.
    """

    __slots__ = ("mark",)

    def __init__(self, mark: Any) -> None:
        self.mark = mark


Node = Union[MapNode, SeqNode, ScalarEvent, BadNode]  # noqa: UP007 - used at runtime

BAD_KEY = object()
"""The pending key of a mapping whose key was not text (already reported)."""


def is_plain(node: ScalarEvent) -> bool:
    """True for a plain (unquoted, non-block) scalar."""
    # libyaml gives '' for plain, the pure parser None.
    return not node.style


def describe_node(node: Node) -> str:
    """``a mapping``, ``a list``, ``nothing``, or ``text``: for messages."""
    if isinstance(node, MapNode):
        return "a mapping"
    if isinstance(node, SeqNode):
        return "a list"
    if isinstance(node, ScalarEvent):
        if is_plain(node) and node.value == "":
            return "nothing"
        return "text"
    return "an invalid value"
