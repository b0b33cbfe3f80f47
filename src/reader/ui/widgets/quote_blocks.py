"""What the quote view shows: a section (or About) as blocks of styled text.

Pure functions and plain data, no widget: :func:`section_blocks` and
:func:`about_blocks` build the blocks (headings, the question, each answer)
with their highlights (annotation kinds, the selected annotation, search
matches, the keyboard selection) as component classes; :func:`wrap` cuts a
line into rows.  :mod:`reader.ui.widgets.quote_view` lays them out and
draws them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from textual.content import Content, Span

from reader.model import Anchor, Interview, Section
from reader.ui.content import literal
from reader.ui.widgets.quote_reading import BESIDE_GAP, beside_rows, convention_spans, view_text

__all__ = [
    "GUTTER",
    "Block",
    "Layout",
    "Row",
    "TextRef",
    "about_blocks",
    "beside_layout",
    "kind_class",
    "passage_spans",
    "section_blocks",
    "wrap",
    "wrapped",
]

TextRef = tuple[Literal["question", "answer", "original", "about"], int | None]
"""Which text a block shows: ("question", None), ("answer", i) or ("about", None)."""

GUTTER = 2
"""Columns left of each answer: a bar marks the current answer."""


def kind_class(kind: str) -> str:
    """The component class that colours passages of an annotation kind."""
    return f"quote-view--{kind}"


@dataclass(slots=True)
class Block:
    """A run of text in the view: a heading line, a body of text, or a gap."""

    content: Content
    ref: TextRef | None = None
    """The question or answer this block shows (None for headings and gaps)."""
    owner: TextRef | None = None
    """The question or answer this block belongs to (headings included)."""
    indent: int = GUTTER
    shift: int = 0
    """Offset in ``content`` where the referenced text starts (after a quotation mark)."""
    remap: Callable[[int], int] | None = None
    """Where an offset of the text as published is in the text shown (as corrected)."""
    beside: Content | None = None
    """The answer's original, laid out beside the text (wide) or below it (narrow)."""
    beside_label: Content | None = None
    """The original's label (its language)."""


@dataclass(slots=True)
class Row:
    """One screen line: a slice of a block, wrapped to the view's width."""

    content: Content
    block: int
    start: int
    """Offset in the block's text of the row's first character."""
    indent: int


@dataclass(slots=True)
class Layout:
    width: int = 0
    rows: list[Row] = field(default_factory=list)
    block_rows: list[int] = field(default_factory=list)
    """Index of each block's first row."""


def wrap(line: Content, width: int) -> list[tuple[int, Content]]:
    """Wrap one logical line; return (offset in line, row content) pairs."""
    if line.cell_length <= width:
        return [(0, line)]
    plain = line.plain
    pieces = line.wrap(width)
    out: list[tuple[int, Content]] = []
    position = 0
    for piece in pieces:
        text = piece.plain
        found = plain.find(text, position) if text else position
        start = found if found >= 0 else position
        out.append((start, piece))
        position = start + len(text)
    return out


def wrapped(content: Content, width: int) -> list[tuple[int, Content]]:
    """Wrap every line of ``content``: (offset in ``content``, row) pairs."""
    out: list[tuple[int, Content]] = []
    offset = 0
    for line in content.split("\n", allow_blank=True):
        out += [(offset + start, piece) for start, piece in wrap(line, width)]
        offset += len(line.plain) + 1
    return out


def beside_layout(
    content: Content, beside: Content, label: Content | None, width: int
) -> list[tuple[int, Content]]:
    """An answer and its original side by side, each half of ``width``.

    Returns ``(offset in content, row)`` pairs: a label row first (when
    ``label`` is given), then the two texts wrapped and padded to end level;
    rows past the end of ``content`` carry the offset of its last row.
    """
    half = max(4, (width - len(BESIDE_GAP)) // 2)
    left = wrapped(content, half)
    right = wrapped(beside, half)
    rows: list[tuple[int, Content]] = []
    if label is not None:
        left_label = [Content.styled("Translation", ".quote-view--label")]
        for _, row in beside_rows(left_label, [label.truncate(half)], half):
            rows.append((0, row))
    last = 0
    for shown, row in beside_rows([piece for _, piece in left], [p for _, p in right], half):
        if shown >= 0:
            last = left[shown][0]
        rows.append((last, row))
    return rows


def _styled_text(
    text: str,
    spans: list[Span],
) -> Content:
    # Tabs would be expanded by the wrapper and shift every offset after them.
    return literal(text.replace("\t", " "), extra_spans=spans)


def passage_spans(
    section: Section,
    ref: TextRef,
    selected: Anchor | None,
    matches: Sequence[tuple[int, int]],
    selecting: tuple[TextRef, int, int] | None = None,
) -> list[Span]:
    """Highlight spans for one text: annotation kinds, the selection, matches."""
    spans: list[Span] = []
    field_name, answer = ref
    for annotation in section.annotations:
        anchor = annotation.anchor
        if anchor is None or anchor.field != field_name or anchor.answer != answer:
            continue
        spans.append(Span(anchor.start, anchor.end, "." + kind_class(annotation.kind)))
    if selected is not None and selected.field == field_name and selected.answer == answer:
        spans.append(Span(selected.start, selected.end, ".quote-view--selected"))
    spans.extend(Span(start, end, ".quote-view--match") for start, end in matches)
    if selecting is not None and selecting[0] == ref:
        spans.append(Span(selecting[1], selecting[2], ".quote-view--selecting"))
    return spans


def section_blocks(
    interview: Interview,
    section: Section,
    selected: Anchor | None,
    matches: dict[TextRef, list[tuple[int, int]]],
    selecting: tuple[TextRef, int, int] | None = None,
    *,
    corrected: bool = False,
    originals: bool = False,
) -> list[Block]:
    """The blocks of a section: who asked, the question, each answer.

    ``corrected`` shows the texts as corrected; ``originals`` gives each
    answer that has one its original, to lay out beside or below it.
    """
    blocks: list[Block] = []
    when = [("  ", ""), (f"[{section.time}]", ".quote-view--meta")] if section.time else []
    if not section.has_question:
        # Remarks: nobody asked, so no question is shown; the heading
        # belongs to the first answer.
        blocks.append(
            Block(
                Content.assemble(
                    (f"Q{section.number}", ".quote-view--label"),
                    "  ",
                    literal(section.title, ".quote-view--meta"),
                    *when,
                ),
                owner=("answer", 0),
            )
        )
    else:
        blocks += _question_blocks(
            interview, section, selected, matches, when, selecting, corrected
        )
    for index, answer in enumerate(section.answers):
        ref: TextRef = ("answer", index)
        blocks.append(Block(Content(""), indent=0))
        person = interview.person(answer.by)
        parts: list[Content | str | tuple[str, str]] = [
            literal(person.name if person else answer.by, ".quote-view--speaker")
        ]
        if person is not None and person.role:
            parts += ["  ", literal(person.role, ".quote-view--meta")]
        if answer.time:
            parts += ["  ", (f"[{answer.time}]", ".quote-view--meta")]
        if answer.reported:
            parts += ["  ", ("(reported, not verbatim)", ".quote-view--reported")]
        blocks.append(Block(Content.assemble(*parts), owner=ref))
        spans = passage_spans(section, ref, selected, matches.get(ref, []), selecting)
        text, spans, remap = view_text(section, "answer", index, spans, corrected)
        body = _styled_text(text, spans)
        if answer.reported:
            body = body.stylize_before(".quote-view--reported")
        block = Block(body, ref=ref, owner=ref, remap=remap)
        if originals and answer.original is not None:
            language = interview.original_language_of(answer)
            found = [
                Span(start, end, ".quote-view--match")
                for start, end in matches.get(("original", index), [])
            ]
            block.beside = _styled_text(answer.original, convention_spans(answer.original) + found)
            label = f"Original ({language})" if language else "Original"
            block.beside_label = literal(label, ".quote-view--label")
        blocks.append(block)
    return blocks


def _question_blocks(
    interview: Interview,
    section: Section,
    selected: Anchor | None,
    matches: dict[TextRef, list[tuple[int, int]]],
    when: list[tuple[str, str]],
    selecting: tuple[TextRef, int, int] | None = None,
    corrected: bool = False,
) -> list[Block]:
    """Who asked (and when), then the question (as corrected when ``corrected``)."""
    blocks: list[Block] = []
    question_ref: TextRef = ("question", None)
    asker = interview.person(section.asked_by)
    heading = Content.assemble(
        (f"Q{section.number}", ".quote-view--label"),
        "  ",
        literal(asker.name if asker else "Question", ".quote-view--speaker"),
    )
    if asker is not None and asker.role:
        heading = heading + Content.assemble("  ", literal(asker.role, ".quote-view--meta"))
    if when:
        heading = heading + Content.assemble(*when)
    if section.reported:
        heading = heading + Content.assemble(
            "  ", ("(question as reported, not verbatim)", ".quote-view--reported")
        )
    blocks.append(Block(heading, owner=question_ref))
    spans = passage_spans(section, question_ref, selected, matches.get(question_ref, []), selecting)
    text, spans, remap = view_text(section, "question", None, spans, corrected)
    question = _styled_text(text, spans)
    if section.reported:
        question = question.stylize_before(".quote-view--reported")
        blocks.append(Block(question, ref=question_ref, owner=question_ref, remap=remap))
    else:
        question = Content.assemble("“", question, "”")
        blocks.append(Block(question, ref=question_ref, owner=question_ref, shift=1, remap=remap))
    return blocks


def about_blocks(interview: Interview) -> list[Block]:
    """The About page: summary, source, people, tags."""
    about: TextRef = ("about", None)
    blocks: list[Block] = [Block(literal(interview.title, ".quote-view--speaker"), owner=about)]
    meta = [part for part in (interview.date, interview.language) if part]
    if meta:
        blocks.append(Block(literal(" · ".join(meta), ".quote-view--meta"), owner=about))
    if interview.summary:
        blocks += [Block(Content(""), indent=0), Block(literal(interview.summary), ref=about)]
    source = interview.source
    if source is not None:
        blocks += [
            Block(Content(""), indent=0),
            Block(Content.styled("Source", ".quote-view--label")),
        ]
        for label, value in (
            ("Name", source.name),
            ("URL", source.url),
            ("Published", source.published),
            ("Note", source.note),
        ):
            if value:
                blocks.append(
                    Block(Content.assemble((f"{label}: ", ".quote-view--meta"), literal(value)))
                )
    if interview.media:
        blocks += [
            Block(Content(""), indent=0),
            Block(
                Content.assemble(
                    ("Recording: ", ".quote-view--label"),
                    literal(interview.media),
                    ("  (p plays it)", ".quote-view--meta"),
                )
            ),
        ]
    blocks += [Block(Content(""), indent=0), Block(Content.styled("People", ".quote-view--label"))]
    for person in interview.people.values():
        parts: list[Content | str | tuple[str, str]] = [
            literal(person.name, ".quote-view--speaker")
        ]
        if person.role:
            parts += [" — ", literal(person.role, ".quote-view--meta")]
        if person.aka:
            parts += [("  also: ", ".quote-view--meta"), literal(", ".join(person.aka))]
        blocks.append(Block(Content.assemble(*parts)))
    if interview.tags:
        blocks += [
            Block(Content(""), indent=0),
            Block(
                Content.assemble(
                    ("Tags: ", ".quote-view--label"), literal(", ".join(interview.tags))
                )
            ),
        ]
    count = len(interview.sections)
    blocks += [
        Block(Content(""), indent=0),
        Block(
            Content.styled(
                f"{count} Q&A{'s' if count != 1 else ''}, "
                f"{interview.annotation_count} annotations. Press ] for the first Q&A.",
                ".quote-view--meta",
            )
        ),
    ]
    return blocks
