"""YAML text to a small node tree, built from parser events without recursion.

PyYAML's composer and constructors are not used: they expand aliases, build
objects from tags and apply YAML 1.1 implicit typing (``no`` becomes
``False``, ``1:30`` becomes ``90``).  Here the C parser (libyaml, or PyYAML's
pure parser when libyaml is missing) only produces events, and
:func:`build_tree` turns them into :class:`MapNode`, :class:`SeqNode` and
scalar events, in a loop with an explicit stack, so that:

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

import re
import unicodedata
from bisect import bisect_right
from typing import Any, Union

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

from reader.model import Position, Severity
from reader.text import shorten, visible

from ._syntax import newcomer_hint

__all__ = [
    "MAX_DEPTH",
    "BadNode",
    "Locator",
    "MapNode",
    "Node",
    "Report",
    "SeqNode",
    "build_tree",
    "describe_node",
    "is_plain",
]

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

_BAD_KEY = object()


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


def _prescan(text: str, report: Report, locator: Locator) -> bool:
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
    problem = _short(exc.problem or "syntax error", 200)
    context = _short(exc.context or "", 200)
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


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, locator: Locator) -> tuple[Position, str]:
    """Where a syntax error is, and what to say about it."""
    newcomer = newcomer_hint(exc, text)
    if newcomer is not None:
        index, message = newcomer
        raw = _short(exc.problem or "syntax error", 200)
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


def _unclosed_flow(
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


def _unclosed_message(text: str, container: MapNode | SeqNode) -> str:
    if text[container.mark.index] == "[":
        return "this [...] list is never closed: the file ends first; add the ']'"
    return "this {...} mapping is never closed: the file ends first; add the '}'"


class _Abort(Exception):
    """Stop building: the rest of the file cannot be read meaningfully."""


def _depth_message() -> str:
    return (
        f"nested too deeply: more than {MAX_DEPTH} levels of lists and mappings "
        "(reader/1 needs at most 6): check the brackets and indentation here"
    )


def _reader_error_position(exc: yaml.reader.ReaderError, text: str, locator: Locator) -> Position:
    where = exc.position
    # libyaml's reader counts bytes; the pure reader counts characters.
    chars = len(text.encode("utf-8")[:where].decode("utf-8", "ignore")) if WITH_LIBYAML else where
    return locator.offset(min(max(chars, 0), len(text)))


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
                f"alias '*{_short(ev.anchor)}': anchors and aliases are not allowed in "
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
                top.pending = _BAD_KEY
            continue
        top.pending = None
        if key is _BAD_KEY:
            continue
        name = key.value
        values = top.values
        if name in values:
            first = locator.mark(top.keys[name].start_mark)
            report.at_mark(
                key.start_mark,
                f"duplicate key '{_short(name)}': already given at {first.line}:{first.column}; "
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


def _short(text: str, width: int = 40) -> str:
    return visible(shorten(text, width))


def _node_props(ev: Any, report: Report) -> int:
    """Report an event's anchor and tag; return how many problems."""
    count = 0
    if ev.anchor is not None:
        report.at_mark(
            ev.start_mark,
            f"anchor '&{_short(ev.anchor)}': anchors and aliases are not allowed in reader/1 "
            "files; write the text out in full",
        )
        count += 1
    if ev.tag is not None:
        tag = ev.tag
        if tag.startswith("tag:yaml.org,2002:"):
            tag = "!!" + tag[len("tag:yaml.org,2002:") :]
        shown = "the non-specific tag '!'" if tag == "!" else f"the tag '{_short(tag)}'"
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
        unclosed = _unclosed_flow(exc, text, stack)
        if unclosed is not None:
            report.add(locator.mark(unclosed.mark), _unclosed_message(text, unclosed))
        else:
            report.add(*_syntax_problem(exc, text, locator))
        # Problems in a trailing part do not invalidate a complete root.
        return root
    except yaml.reader.ReaderError as exc:
        # Characters YAML forbids. Scanning for them up front would cost every
        # clean file a pass over its text; after libyaml refuses, find them all.
        if _prescan(text, report, locator):
            report.add(
                _reader_error_position(exc, text, locator), f"YAML error: {_short(str(exc), 200)}"
            )
        return None
    except yaml.YAMLError as exc:  # pragma: no cover - every YAML error is one of the above
        report.add(Position(1, 1), f"YAML error: {_short(str(exc), 200)}")
        return root
    finally:
        # The C parser holds libyaml memory until disposed.
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()
