"""Adding, changing and deleting one annotation as an edit of the file's text.

Each function takes the file's text and returns a :class:`Plan`: the whole new
text, in which only the annotation's own lines differ (plus the
``annotations:`` key when the list is created or emptied).  Nothing is
parsed back into YAML and dumped: comments, key order, quoting styles, blank
lines, block scalars and ``x-`` keys elsewhere are the same bytes.

Every plan is checked with the strict loader before it is returned: the file
must have no error it did not have before, and the annotation must read back
with exactly the fields given (and, when it has ``on``, anchor exactly where
expected).  A plan that fails that check raises :class:`EditError`, so a bug
here can refuse to write but cannot damage a file.

Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from yaml.events import ScalarEvent

from reader.loader import load_text
from reader.loader._nodes import Locator, MapNode, Node, Report, SeqNode
from reader.loader._tree import build_tree
from reader.model import Anchor, Annotation, Interview, LoadResult, Position

from ._emit import FIELD_ORDER, Fields, block_item, block_value, flow_mapping, links_flow
from ._layout import (
    Layout,
    column_of,
    content_end,
    detect_layout,
    line_end,
    line_start,
    node_start,
    scalar_end,
    scalar_start,
)

__all__ = ["EditError", "Plan", "plan_add", "plan_delete", "plan_update"]


class EditError(Exception):
    """The edit cannot be made; ``str(error)`` says why, for a person."""


@dataclass(frozen=True, slots=True)
class Plan:
    """A computed change of one annotation."""

    text: str
    """The file's whole new text."""
    action: str
    """``added``, ``changed`` or ``deleted``."""
    line: int
    """1-based line of the annotation in the new text (for a deletion: where it was)."""
    snippet: str
    """The annotation's YAML as it stands in the new text (empty for a deletion)."""
    annotation: Annotation | None
    """The annotation as the loader reads it back from the new text."""


@dataclass(frozen=True, slots=True)
class _Doc:
    text: str
    root: MapNode
    layout: Layout


def _parse(text: str) -> _Doc:
    locator = Locator(text)
    report = Report(locator)
    root = build_tree(text, locator, report)
    if not isinstance(root, MapNode) or report.error_count():
        raise EditError("the file has YAML errors: fix them first (reader check lists them)")
    return _Doc(text, root, detect_layout(text, root))


def _container(doc: _Doc, section: int | None) -> MapNode:
    """The mapping that holds the ``annotations`` list: a section, or the top level."""
    if section is None:
        return doc.root
    sections = doc.root.values.get("sections")
    if not isinstance(sections, SeqNode) or not 1 <= section <= len(sections.items):
        raise EditError(f"there is no Q&A {section} in this file")
    node = sections.items[section - 1]
    if not isinstance(node, MapNode):
        raise EditError(f"Q&A {section} is not a mapping in the file")
    return node


def _list(container: MapNode, what: str) -> SeqNode | None:
    node = container.values.get("annotations")
    if node is None:
        return None
    if not isinstance(node, SeqNode):
        raise EditError(f"'annotations' of {what} is not a list: fix it first")
    return node


def _what(section: int | None) -> str:
    return "the interview" if section is None else f"Q&A {section}"


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    """``text`` with each ``(start, end, replacement)`` made (they must not overlap)."""
    out: list[str] = []
    cursor = 0
    for start, end, replacement in sorted(edits, key=lambda edit: (edit[0], edit[1])):
        if start < cursor:
            raise EditError("internal error: overlapping edits")  # pragma: no cover
        out.append(text[cursor:start])
        out.append(replacement)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def _nl(lines: list[str], layout: Layout) -> str:
    return "".join(line + layout.newline for line in lines)


def _insert_lines(text: str, at: int, lines: list[str], layout: Layout) -> tuple[int, int, str]:
    """An edit inserting whole lines at ``at`` (a line start, or the end of the text)."""
    if at == len(text) and text and not text.endswith("\n"):
        # The file ends without a line break: keep it that way after our lines.
        return (at, at, layout.newline + layout.newline.join(lines))
    return (at, at, _nl(lines, layout))


def _item_shape(seq: SeqNode, text: str, layout: Layout) -> tuple[int, Layout]:
    """Dash column of the list's items, and the layout with its own space after ``-``."""
    dash = column_of(text, node_start(seq))
    first = seq.items[0] if seq.items else None
    if isinstance(first, MapNode) and not first.flow:
        after = column_of(text, node_start(first)) - dash
        if after >= 1:
            layout = Layout(
                layout.newline, layout.list_indent, after, layout.step, layout.single_quotes
            )
    return dash, layout


def plan_add(text: str, path: Path, section: int, fields: Fields, anchor: Anchor | None) -> Plan:
    """Append a new annotation to the ``annotations`` list of Q&A ``section`` (1-based)."""
    with _gc_paused():
        return _plan_add(text, path, section, fields, anchor)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """As the loader does: parse trees are many small objects and no cycles, which the
    cyclic collector would rescan again and again (a 5 MB file: 8 s -> 2 s)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _plan_add(text: str, path: Path, section: int, fields: Fields, anchor: Anchor | None) -> Plan:
    doc = _parse(text)
    layout = doc.layout
    container = _container(doc, section)
    if container.flow:
        raise EditError(f"Q&A {section} is written as {{...}} on one line: cannot add to it here")
    seq = _list(container, _what(section))
    edits: list[tuple[int, int, str]] = []
    index = len(seq.items) if seq is not None else 0
    if seq is None:
        key_column = column_of(text, node_start(container))
        at = line_end(text, content_end(text, container))
        lines = [" " * key_column + "annotations:"]
        lines.extend(block_item(fields, key_column + layout.list_indent, layout))
        edits.append(_insert_lines(text, at, lines, layout))
    elif seq.flow and not seq.items:
        # `annotations: []`: the brackets go, block items follow the key.
        start = node_start(seq)
        cut = start
        while cut > 0 and text[cut - 1] in " \t":
            cut -= 1
        edits.append((cut, int(seq.end.index), ""))
        key = container.keys["annotations"]
        key_column = column_of(text, scalar_start(key))
        at = line_end(text, start)
        lines = block_item(fields, key_column + layout.list_indent, layout)
        edits.append(_insert_lines(text, at, lines, layout))
    elif seq.flow:
        at = content_end(text, seq.items[-1])
        edits.append((at, at, ", " + flow_mapping(fields, layout)))
    else:
        dash, shaped = _item_shape(seq, text, layout)
        at = line_end(text, content_end(text, seq))
        edits.append(_insert_lines(text, at, block_item(fields, dash, shaped), shaped))
    new_text = _apply(text, edits)
    return _checked(text, new_text, path, section, index, fields, anchor, "added")


def _find_index(doc: _Doc, seq: SeqNode | None, position: Position | int, what: str) -> int:
    """The list index of the annotation at ``position`` (the model's ``Annotation.position``)."""
    if seq is None or not seq.items:
        raise EditError(f"{what} has no annotations")
    if isinstance(position, int):
        if not 0 <= position < len(seq.items):
            raise EditError(f"{what} has no annotation {position + 1}")
        return position
    locator = Locator(doc.text)
    for index, item in enumerate(seq.items):
        if locator.offset(node_start(item)) == position:
            return index
    raise EditError(
        f"the annotation at line {position.line} is no longer in the file (it changed): "
        "reload it and try again"
    )


def _scalar_value(node: Node | None) -> str | tuple[str, ...] | None:
    if node is None:
        return None
    if isinstance(node, ScalarEvent):
        return str(node.value)
    if isinstance(node, SeqNode):
        return tuple(str(item.value) for item in node.items if isinstance(item, ScalarEvent))
    return None


def _value_edit(
    doc: _Doc, node: Node, key_column: int, value: str | tuple[str, ...]
) -> tuple[int, int, str]:
    """Replace the value ``node`` with ``value``, in the style it had where that matters."""
    text, layout = doc.text, doc.layout
    start, end = node_start(node), content_end(text, node)
    if isinstance(value, tuple):
        if isinstance(node, SeqNode) and not node.flow and value:
            dash = column_of(text, start)
            items = [f"- {_flow_free(link, layout)}" for link in value]
            joined = (layout.newline + " " * dash).join(items)
            return (start, end, joined)
        return (start, end, links_flow(value, layout))
    return (start, end, block_value(value, " " * key_column, layout).replace("\n", layout.newline))


def _flow_free(text: str, layout: Layout) -> str:
    return block_value(text, "", layout)


def _update_block(doc: _Doc, item: MapNode, fields: Fields) -> list[tuple[int, int, str]]:
    text, layout = doc.text, doc.layout
    key_column = column_of(text, node_start(item))
    indent = " " * key_column
    edits: list[tuple[int, int, str]] = []
    names = list(item.values)
    for key in FIELD_ORDER:
        new = fields.value(key)
        node = item.values.get(key)
        old = _scalar_value(node)
        if key == "kind" and old == "note" and new is None:
            continue  # `kind: note` written out: the same meaning, leave it
        if old == new:
            continue
        if node is not None and new is not None:
            edits.append(_value_edit(doc, node, key_column, new))
        elif node is not None:
            key_start = scalar_start(item.keys[key])
            position = names.index(key)
            if key_start == node_start(item) and position + 1 < len(names):
                # The first key, after the `- `: the next key moves up to its place.
                following = scalar_start(item.keys[names[position + 1]])
                edits.append((key_start, following, ""))
            else:
                edits.append(
                    (line_start(text, key_start), line_end(text, content_end(text, node)), "")
                )
        elif new is not None:
            earlier = [k for k in FIELD_ORDER[: FIELD_ORDER.index(key)] if k in item.values]
            after = item.values[earlier[-1]] if earlier else item
            at = line_end(text, content_end(text, after))
            written = (indent + _key_text(key, new, indent, layout)).split("\n")
            edits.append(_insert_lines(text, at, written, layout))
    return edits


def _key_text(key: str, value: str | tuple[str, ...], indent: str, layout: Layout) -> str:
    if isinstance(value, tuple):
        return f"{key}: {links_flow(value, layout)}"
    return f"{key}: {block_value(value, indent, layout)}"


def plan_update(
    text: str,
    path: Path,
    section: int | None,
    position: Position | int,
    fields: Fields,
    anchor: Anchor | None,
) -> Plan:
    """Change the annotation at ``position`` (or list index) to ``fields``; other keys stay."""
    with _gc_paused():
        return _plan_update(text, path, section, position, fields, anchor)


def _plan_update(
    text: str,
    path: Path,
    section: int | None,
    position: Position | int,
    fields: Fields,
    anchor: Anchor | None,
) -> Plan:
    doc = _parse(text)
    container = _container(doc, section)
    seq = _list(container, _what(section))
    index = _find_index(doc, seq, position, _what(section))
    assert seq is not None
    item = seq.items[index]
    if not isinstance(item, MapNode):
        raise EditError("this annotation is not a mapping in the file: fix it by hand")
    if item.flow:
        extra = tuple(
            text[scalar_start(item.keys[name]) : content_end(text, value)]
            for name, value in item.values.items()
            if name not in FIELD_ORDER
        )
        edits = [(node_start(item), int(item.end.index), flow_mapping(fields, doc.layout, extra))]
    else:
        edits = _update_block(doc, item, fields)
    new_text = _apply(text, edits)
    return _checked(text, new_text, path, section, index, fields, anchor, "changed")


def plan_delete(text: str, path: Path, section: int | None, position: Position | int) -> Plan:
    """Delete the annotation at ``position`` (or list index), and only its lines."""
    with _gc_paused():
        return _plan_delete(text, path, section, position)


def _plan_delete(text: str, path: Path, section: int | None, position: Position | int) -> Plan:
    doc = _parse(text)
    container = _container(doc, section)
    seq = _list(container, _what(section))
    index = _find_index(doc, seq, position, _what(section))
    assert seq is not None
    item = seq.items[index]
    start = node_start(item)
    edits: list[tuple[int, int, str]] = []
    if seq.flow:
        if len(seq.items) == 1:
            edits.append((start, content_end(text, item), ""))
        elif index + 1 < len(seq.items):
            edits.append((start, node_start(seq.items[index + 1]), ""))
        else:
            edits.append((content_end(text, seq.items[index - 1]), content_end(text, item), ""))
    else:
        first = line_start(text, start)
        last = line_end(text, content_end(text, item))
        if len(seq.items) == 1:
            key = container.keys["annotations"]
            key_line = line_start(text, scalar_start(key))
            key_end = line_end(text, scalar_start(key))
            rest_of_key_line = text[scalar_end(key) : key_end].strip()
            between = text[key_end:first]
            if rest_of_key_line == ":" and not between.strip():
                # The list goes, and its key with it: as before the first annotation.
                first = key_line
            else:
                colon = text.index(":", scalar_end(key))
                edits.append((colon + 1, colon + 1, " []"))
        edits.append((first, last, ""))
    new_text = _apply(text, edits)
    where = Locator(text).offset(start)
    _no_new_errors(text, new_text, path)
    return Plan(new_text, "deleted", where.line, "", None)


def _errors(result: LoadResult) -> Counter[str]:
    return Counter(p.message for p in result.errors)


def _texts(result: LoadResult) -> list[tuple[str, str, tuple[str, ...]]] | None:
    if result.interview is None:
        return None
    return [
        (s.title, s.question, tuple(a.quote for a in s.answers)) for s in result.interview.sections
    ]


def _no_new_errors(old_text: str, new_text: str, path: Path) -> LoadResult:
    after = load_text(new_text, path)
    # A block text that ends the file without a line break would gain one
    # from lines added after it: then every text is compared with the old.
    at_open_end = not old_text.endswith("\n")
    if not after.errors and not at_open_end:
        return after  # nothing to compare: the old text is not loaded again
    before = load_text(old_text, path)
    new = _errors(after) - _errors(before)
    if new:
        message = next(iter(new))
        raise EditError(f"the change would make the file invalid ({message}); nothing was written")
    if at_open_end and _texts(before) != _texts(after):
        raise EditError(
            "the file ends inside a block of text without a final line break, and adding lines "
            "after it would change that text: add a line break at the end of the file first"
        )
    return after


def _annotations_of(interview: Interview, section: int | None) -> tuple[Annotation, ...]:
    if section is None:
        return interview.annotations
    found = interview.sections[section - 1]
    return found.annotations + found.unplaced


def _checked(
    old_text: str,
    new_text: str,
    path: Path,
    section: int | None,
    index: int,
    fields: Fields,
    anchor: Anchor | None,
    action: str,
) -> Plan:
    """Load ``new_text`` strictly and check the annotation reads back as intended."""
    after = _no_new_errors(old_text, new_text, path)
    if after.interview is None:
        raise EditError("the file does not load after the change; nothing was written")
    doc = _parse(new_text)
    seq = _list(_container(doc, section), _what(section))
    if seq is None or index >= len(seq.items):
        raise EditError("internal error: the annotation is not in the new text")  # pragma: no cover
    item = seq.items[index]
    where = Locator(new_text).offset(node_start(item))
    found = [a for a in _annotations_of(after.interview, section) if a.position == where]
    if len(found) != 1:
        raise EditError("the annotation does not read back from the new text; nothing was written")
    got = found[0]
    wanted = (
        fields.note,
        fields.kind,
        fields.on,
        fields.prefix,
        fields.suffix,
        fields.by,
        fields.links,
    )
    read = (got.note, got.kind, got.on, got.prefix, got.suffix, got.by, got.links)
    if read != wanted:
        raise EditError(
            "the annotation reads back differently from what was written; nothing was written"
        )
    if anchor is not None and got.anchor != anchor:
        raise EditError(
            "the annotation would not anchor at the selected passage; nothing was written"
        )
    first = line_start(new_text, node_start(item))
    if seq.flow:
        snippet = new_text[node_start(item) : content_end(new_text, item)]
    else:
        snippet = new_text[first : line_end(new_text, content_end(new_text, item))]
    return Plan(new_text, action, where.line, snippet, got)
