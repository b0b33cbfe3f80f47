"""Writing an annotation's fields as YAML text that reads back exactly.

Scalars come from :mod:`reader.yamlwrite` (plain when unambiguous, quoted
with escapes otherwise, ``|-`` blocks for text on several lines), with the
file's own indentation step and, where quoting is needed and nothing must be
escaped, the file's preferred quote character.

Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.model import ANNOTATION_KINDS, Annotation
from reader.yamlwrite import double_quoted, plain_ok, scalar

from ._layout import Layout

__all__ = ["FIELD_ORDER", "Fields", "block_value", "flow_mapping", "flow_value", "key_lines"]

FIELD_ORDER = ("on", "prefix", "suffix", "kind", "note", "by", "links")
"""The order in which a new annotation's keys are written."""


@dataclass(frozen=True, slots=True)
class Fields:
    """What an annotation says: everything but where it is in the file."""

    note: str
    kind: str = "note"
    on: str | None = None
    prefix: str | None = None
    suffix: str | None = None
    by: str | None = None
    links: tuple[str, ...] = ()

    @classmethod
    def of(cls, annotation: Annotation) -> Fields:
        """The fields of an annotation already in a file (to change it)."""
        return cls(
            note=annotation.note,
            kind=annotation.kind,
            on=annotation.on,
            prefix=annotation.prefix,
            suffix=annotation.suffix,
            by=annotation.by,
            links=annotation.links,
        )

    def __post_init__(self) -> None:
        if self.kind not in ANNOTATION_KINDS:
            raise ValueError(f"unknown annotation kind {self.kind!r}")

    def value(self, key: str) -> str | tuple[str, ...] | None:
        """The value of ``key`` as written (``kind`` ``note`` is the default: not written)."""
        if key == "kind":
            return None if self.kind == "note" else self.kind
        if key == "links":
            return self.links or None
        value: str | None = getattr(self, key)
        return value


def _single_quoted(text: str) -> str | None:
    """``'text'`` when single quotes keep it exactly (nothing to escape), else None."""
    if double_quoted(text) != '"' + text.replace('"', '\\"') + '"':
        return None
    return "'" + text.replace("'", "''") + "'"


def block_value(text: str, indent: str, layout: Layout) -> str:
    """``text`` as the value of a block key at ``indent`` (what follows ``key: ``)."""
    written = scalar(text, indent, " " * layout.step, literal_min=10**9)
    if layout.single_quotes and written.startswith('"'):
        single = _single_quoted(text)
        if single is not None:
            return single
    return written


def flow_value(text: str, layout: Layout) -> str:
    """``text`` inside ``[...]`` or ``{...}``: plain only when no flow indicator is in it."""
    if plain_ok(text) and not any(ch in text for ch in ",[]{}"):
        return text
    if layout.single_quotes:
        single = _single_quoted(text)
        if single is not None:
            return single
    return double_quoted(text)


def links_flow(links: tuple[str, ...], layout: Layout) -> str:
    """``[a, b]``."""
    return "[" + ", ".join(flow_value(link, layout) for link in links) + "]"


def key_lines(key: str, value: str | tuple[str, ...], indent: str, layout: Layout) -> str:
    """``key: value`` (its first line without ``indent``), lines joined by ``\\n``."""
    if isinstance(value, tuple):
        return f"{key}: {links_flow(value, layout)}"
    return f"{key}: {block_value(value, indent, layout)}"


def flow_mapping(fields: Fields, layout: Layout, extra: tuple[str, ...] = ()) -> str:
    """The annotation as one ``{on: ..., note: ...}``; ``extra``: raw ``key: value`` parts kept."""
    parts: list[str] = []
    for key in FIELD_ORDER:
        value = fields.value(key)
        if value is None:
            continue
        if isinstance(value, tuple):
            parts.append(f"{key}: {links_flow(value, layout)}")
        else:
            parts.append(f"{key}: {flow_value(value, layout)}")
    parts.extend(extra)
    return "{" + ", ".join(parts) + "}"


def block_item(fields: Fields, dash_column: int, layout: Layout) -> list[str]:
    """The annotation as a block list item: its lines, without line breaks."""
    key_column = dash_column + layout.after_dash
    indent = " " * key_column
    lines: list[str] = []
    for key in FIELD_ORDER:
        value = fields.value(key)
        if value is None:
            continue
        written = key_lines(key, value, indent, layout).split("\n")
        if not lines:
            written[0] = " " * dash_column + "-" + " " * (layout.after_dash - 1) + written[0]
        else:
            written[0] = indent + written[0]
        lines.extend(written)
    return lines
