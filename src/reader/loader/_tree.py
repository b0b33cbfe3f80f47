"""YAML text to a small node tree, built from parser events without recursion.

PyYAML's composer and constructors are not used: they expand aliases, build
objects from tags and apply YAML 1.1 implicit typing (``no`` becomes
``False``, ``1:30`` becomes ``90``).  Here the C parser (libyaml, or PyYAML's
pure parser when libyaml is missing) only produces events, and
:func:`build_tree` turns them into :class:`MapNode`, :class:`SeqNode` and
scalar events (the nodes are in :mod:`reader.loader._nodes`, the
messages for a text the parser refuses in :mod:`reader.loader._problems`),
in a loop with an explicit stack, so that:

- anchors, aliases and explicit tags are reported where they stand and
  never built or resolved;
- nesting deeper than :data:`MAX_DEPTH` stops the parse with a located error;
- duplicate keys are reported with both positions (the first one is kept);
- a second document is an error;
- scalars stay exactly the characters of the file: typing them is the
  validator's job, field by field.

Positions are 1-based and count lines at ``\\n`` only, whatever libyaml
thinks of U+2028, U+0085 or a lone CR.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from reader.model import Position

from ._nodes import (
    BAD_KEY,
    BadNode,
    Locator,
    MapNode,
    Node,
    Report,
    SeqNode,
    describe_node,
)
from ._problems import (
    prescan,
    reader_error_position,
    short,
    syntax_problem,
    unclosed_flow,
    unclosed_message,
)

__all__ = ["MAX_DEPTH", "WITH_LIBYAML", "build_tree"]

MAX_DEPTH = 32
"""Deepest nesting of lists and mappings accepted (reader/1 itself needs 6)."""

MAX_YAML_PROBLEMS = 1000
"""Stop parsing after this many YAML-level problems (an alias flood, say)."""

_Parser: type[CParser] | type[SafeLoader]
try:
    from yaml._yaml import CParser

    _Parser = CParser
    WITH_LIBYAML = True
except ImportError:  # pragma: no cover - libyaml is present where we test
    from yaml import SafeLoader

    _Parser = SafeLoader
    WITH_LIBYAML = False


class _Abort(Exception):
    """Stop building: the rest of the file cannot be read meaningfully."""


def _depth_message() -> str:
    return (
        f"nested too deeply: more than {MAX_DEPTH} levels of lists and mappings "
        "(reader/1 needs at most 6): check the brackets and indentation here"
    )


def _build_document(
    parser: Any, locator: Locator, report: Report, stack: list[MapNode | SeqNode]
) -> Node:
    """Consume the events of one document's root node and return the node.

    ``stack`` holds the open lists and mappings (left as they are when the
    parser fails, to say which one was never closed).
    """
    get = parser.get_event
    root: Node | None = None
    yaml_problems = 0
    while root is None:
        ev = get()
        kind = type(ev)
        node: Node
        if kind is ScalarEvent:
            if ev.tag is not None or ev.anchor is not None:
                yaml_problems += _node_props(ev, report)
                node = BadNode(ev.start_mark) if ev.tag is not None else ev
            else:
                node = ev
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if len(stack) >= MAX_DEPTH:
                report.at_mark(ev.start_mark, _depth_message())
                raise _Abort
            if ev.tag is not None or ev.anchor is not None:
                yaml_problems += _node_props(ev, report)
            flow = bool(ev.flow_style)
            container = (
                MapNode(ev.start_mark, flow)
                if kind is MappingStartEvent
                else SeqNode(ev.start_mark, flow)
            )
            if ev.tag is not None:
                # Still built (its content must be consumed) but dropped when closed.
                container.mark = _Tagged(ev.start_mark)
            stack.append(container)
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            node = stack.pop()
            node.end = ev.end_mark
            if type(node.mark) is _Tagged:
                node = BadNode(node.mark.mark)
        elif kind is AliasEvent:
            report.at_mark(
                ev.start_mark,
                f"alias '*{short(ev.anchor)}': anchors and aliases are not allowed in "
                "reader/1 files; write the text out in full",
            )
            yaml_problems += 1
            node = BadNode(ev.start_mark)
        else:  # pragma: no cover - the parser guarantees balanced events
            raise _Abort
        if yaml_problems > MAX_YAML_PROBLEMS:
            report.at_mark(ev.start_mark, "too many problems: stopped reading this file here")
            raise _Abort
        if not stack:
            root = node
            break
        top = stack[-1]
        if isinstance(top, SeqNode):
            top.items.append(node)
            continue
        key = top.pending
        if key is None:
            if type(node) is ScalarEvent:
                top.pending = node
            else:
                if type(node) is not BadNode:
                    report.at_mark(
                        node.mark if not isinstance(node, ScalarEvent) else node.start_mark,
                        f"a key must be text, not {describe_node(node)}",
                    )
                    yaml_problems += 1
                top.pending = BAD_KEY
            continue
        top.pending = None
        if key is BAD_KEY:
            continue
        name = key.value
        values = top.values
        if name in values:
            first = locator.mark(top.keys[name].start_mark)
            report.at_mark(
                key.start_mark,
                f"duplicate key '{short(name)}': already given at {first.line}:{first.column}; "
                "keep only one of them",
            )
            yaml_problems += 1
            continue
        values[name] = node
        top.keys[name] = key
    return root


class _Tagged:
    """Wraps a container's mark to flag it as tagged (reported, to be dropped)."""

    __slots__ = ("mark",)

    def __init__(self, mark: Any) -> None:
        self.mark = mark

    @property
    def line(self) -> int:
        return int(self.mark.line)

    @property
    def column(self) -> int:
        return int(self.mark.column)

    @property
    def index(self) -> int:
        return int(self.mark.index)


def _node_props(ev: Any, report: Report) -> int:
    """Report an event's anchor and tag; return how many problems."""
    count = 0
    if ev.anchor is not None:
        report.at_mark(
            ev.start_mark,
            f"anchor '&{short(ev.anchor)}': anchors and aliases are not allowed in reader/1 "
            "files; write the text out in full",
        )
        count += 1
    if ev.tag is not None:
        tag = ev.tag
        if tag.startswith("tag:yaml.org,2002:"):
            tag = "!!" + tag[len("tag:yaml.org,2002:") :]
        shown = "the non-specific tag '!'" if tag == "!" else f"the tag '{short(tag)}'"
        report.at_mark(
            ev.start_mark,
            f"{shown}: tags are not allowed in reader/1 files (nothing is ever constructed "
            "from a file); remove it, and put text starting with '!' in quotes",
        )
        count += 1
    return count


def build_tree(text: str, locator: Locator, report: Report) -> Node | None:
    """Parse ``text`` (one YAML document) into a node tree.

    Returns the root node, or None when the file cannot be read as a tree
    at all (syntax error, forbidden characters, too deep, empty).  Every
    problem found is added to ``report``.  Never raises for any input.
    """
    if not text.strip(" \t\r\n"):
        report.add(Position(1, 1), "the file is empty: a reader/1 file starts with 'reader: 1'")
        return None
    parser: Any = None
    root: Node | None = None
    stack: list[MapNode | SeqNode] = []
    try:
        # Inside the try: the pure parser checks the characters on construction.
        parser = _Parser(text)
        parser.get_event()  # StreamStartEvent
        start = parser.get_event()
        if type(start) is StreamEndEvent:
            report.add(
                Position(1, 1),
                "the file holds no YAML document (only comments?): "
                "a reader/1 file starts with 'reader: 1'",
            )
            return None
        root = _build_document(parser, locator, report, stack)
        parser.get_event()  # DocumentEndEvent
        after = parser.get_event()
        if type(after) is DocumentStartEvent:
            report.at_mark(
                after.start_mark,
                "a second YAML document starts here: a reader/1 file holds exactly one; "
                "move it to a file of its own",
            )
        return root
    except _Abort:
        return None
    except yaml.MarkedYAMLError as exc:
        unclosed = unclosed_flow(exc, text, stack)
        if unclosed is not None:
            report.add(locator.mark(unclosed.mark), unclosed_message(text, unclosed))
        else:
            report.add(*syntax_problem(exc, text, locator))
        # Problems in a trailing part do not invalidate a complete root.
        return root
    except yaml.reader.ReaderError as exc:
        # Characters YAML forbids. Scanning for them up front would cost every
        # clean file a pass over its text; after libyaml refuses, find them all.
        if prescan(text, report, locator):
            report.add(
                reader_error_position(exc, text, locator, WITH_LIBYAML),
                f"YAML error: {short(str(exc), 200)}",
            )
        return None
    except yaml.YAMLError as exc:  # pragma: no cover - every YAML error is one of the above
        report.add(Position(1, 1), f"YAML error: {short(str(exc), 200)}")
        return root
    finally:
        # The C parser holds libyaml memory until disposed.
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()
