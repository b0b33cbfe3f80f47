"""Where things are in an interview file's text, and how the file lays itself out.

The annotation writer edits the file as text, so it needs, for a node of the
loader's tree, the offsets where its content starts and ends, and, for the
file as a whole, its habits: line ending, how far list items are indented
under their key, how many spaces follow a ``- ``, the indentation step of
block text, and whether it prefers single or double quotes.

Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from yaml.events import ScalarEvent

from reader.loader._nodes import BadNode, MapNode, Node, SeqNode

__all__ = [
    "Layout",
    "column_of",
    "content_end",
    "detect_layout",
    "line_end",
    "line_start",
    "node_start",
    "scalar_end",
    "scalar_start",
]


def scalar_start(event: ScalarEvent) -> int:
    """Offset of a scalar's first character (its quote or block indicator, if any)."""
    mark: Any = event.start_mark
    return int(mark.index)


def scalar_end(event: ScalarEvent) -> int:
    """Offset just after a scalar, as the parser marks it."""
    mark: Any = event.end_mark
    return int(mark.index)


def node_start(node: Node) -> int:
    """Offset of the first character of ``node`` (for a block list: its first ``-``)."""
    if isinstance(node, ScalarEvent):
        return scalar_start(node)
    return int(node.mark.index)


def content_end(text: str, node: Node) -> int:
    """Offset just after the last character that belongs to ``node``.

    Block scalars and block collections end, for the parser, where the next
    token starts (after blank lines and comments); this is where their own
    text ends, so that a line inserted after it lands before those lines.
    """
    while True:
        if isinstance(node, ScalarEvent):
            end = scalar_end(node)
            if node.style in ("|", ">"):
                while end > 0 and text[end - 1] in " \t\r\n":
                    end -= 1
            return end
        if isinstance(node, BadNode):
            return int(node.mark.index)
        if node.flow:
            return int(node.end.index)
        if isinstance(node, MapNode):
            if not node.values:
                return int(node.mark.index)
            node = list(node.values.values())[-1]
        else:
            if not node.items:
                return int(node.mark.index)
            node = node.items[-1]


def line_start(text: str, index: int) -> int:
    """Offset of the start of the line holding ``index``."""
    return text.rfind("\n", 0, index) + 1


def line_end(text: str, index: int) -> int:
    """Offset just after the line break ending the line that holds ``index`` (or the text's end)."""
    found = text.find("\n", index)
    return len(text) if found < 0 else found + 1


def column_of(text: str, index: int) -> int:
    """0-based column (in characters) of ``index`` in its line."""
    return index - line_start(text, index)


@dataclass(frozen=True, slots=True)
class Layout:
    """How the file writes things, so that new lines look like their neighbours."""

    newline: str = "\n"
    list_indent: int = 2
    """Columns from a key to the ``-`` of its block list items (often 0 or 2)."""
    after_dash: int = 2
    """Columns from a ``-`` to the first key of its mapping (``- key``: 2)."""
    step: int = 2
    """Indentation of block text (``|``) under its key."""
    single_quotes: bool = False
    """True when the file quotes text with ``'...'`` more often than ``"..."``."""


def _block_lists(
    node: Node, parent_key_column: int | None, text: str, out: list[tuple[int, int, int]]
) -> None:
    """Collect ``(key column, dash column, first key column)`` of block lists of mappings."""
    stack: list[tuple[Node, int | None]] = [(node, parent_key_column)]
    while stack and len(out) < 50:
        current, key_column = stack.pop()
        if isinstance(current, MapNode):
            for name, value in current.values.items():
                stack.append((value, column_of(text, scalar_start(current.keys[name]))))
        elif isinstance(current, SeqNode):
            if not current.flow and key_column is not None and current.items:
                first = current.items[0]
                if isinstance(first, MapNode) and not first.flow:
                    dash = column_of(text, int(current.mark.index))
                    inner = column_of(text, int(first.mark.index))
                    out.append((key_column, dash, inner))
            for item in current.items:
                stack.append((item, None))


def detect_layout(text: str, root: Node) -> Layout:
    """The file's habits, read from its own text (defaults where it shows none)."""
    crlf = text.count("\r\n")
    newline = "\r\n" if crlf and crlf * 2 >= text.count("\n") else "\n"
    lists: list[tuple[int, int, int]] = []
    _block_lists(root, None, text, lists)
    list_indent, after_dash = 2, 2
    if lists:
        # The most common habit wins; ties go to the first seen.
        shapes = [(dash - key, first - dash) for key, dash, first in lists]
        best = max(shapes, key=shapes.count)
        list_indent = max(best[0], 0)
        after_dash = max(best[1], 1)
    step = _block_step(text, root)
    singles, doubles = _quote_counts(root)
    return Layout(newline, list_indent, after_dash, step, singles > doubles)


def _block_step(text: str, root: Node) -> int:
    """The indentation of the first nested block mapping under a key (default 2)."""
    if not isinstance(root, MapNode):
        return 2
    for name, value in root.values.items():
        if isinstance(value, MapNode) and not value.flow and value.values:
            key_column = column_of(text, scalar_start(root.keys[name]))
            inner = column_of(text, int(value.mark.index))
            if inner > key_column:
                return inner - key_column
    return 2


def _quote_counts(root: Node) -> tuple[int, int]:
    singles = doubles = 0
    stack: list[Node] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, ScalarEvent):
            if node.style == "'":
                singles += 1
            elif node.style == '"':
                doubles += 1
        elif isinstance(node, MapNode):
            stack.extend(node.values.values())
        elif isinstance(node, SeqNode):
            stack.extend(node.items)
    return singles, doubles
