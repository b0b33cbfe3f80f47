"""The two lists of the interview screen: Q&As (left) and annotations (right).

Both are ``OptionList`` subclasses (about 50 µs a row, fast with thousands of
rows) with vim keys, and their own bindings only: home/end and g/G belong to
the screen, where they mean "first/last Q&A" from any pane.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.claims import reading_order, verdict_of
from reader.model import ANNOTATION_KINDS, VERDICTS, Annotation, Interview, Section
from reader.text import shorten
from reader.ui.content import literal, one_line

__all__ = ["AnnotationList", "QAList", "VimOptionList", "annotation_order"]


class VimOptionList(OptionList, inherit_bindings=False):
    """An OptionList moved with j/k as well as the arrows (every list in reader)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Next", show=False),
        Binding("up,k", "cursor_up", "Previous", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("enter", "select", "Select", show=False),
    ]


class QAList(VimOptionList):
    """A row per section, after an "About" row.

    Row 0 is About; row N is section N.  A mark shows sections that carry
    annotations, a quiet dot the ones already read, a star the bookmarked.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "qa-list--number",
        "qa-list--mark",
        "qa-list--read",
        "qa-list--bookmark",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._interview: Interview | None = None
        self._read: Collection[str] = ()
        self._bookmarked: Collection[str] = ()

    def set_interview(
        self,
        interview: Interview,
        read: Collection[str] = (),
        bookmarked: Collection[str] = (),
    ) -> None:
        """Fill the list for ``interview``."""
        self._interview = interview
        self._read = read
        self._bookmarked = bookmarked
        highlighted = self.highlighted
        self.set_options(self._section_options())
        if highlighted is not None and highlighted < self.option_count:
            self.highlighted = highlighted

    def set_marks(self, read: Collection[str], bookmarked: Collection[str]) -> None:
        """Refresh the read and bookmark marks, keeping the selection."""
        if self._interview is None:
            return
        self._read = read
        self._bookmarked = bookmarked
        for section in self._interview.sections:
            self.replace_option_prompt_at_index(section.number, self._prompt(section))

    def _section_options(self) -> list[Option]:
        assert self._interview is not None
        about = Content.assemble(("  ℹ ", ".qa-list--number"), ("About", "bold"))
        options = [Option(about, id="about")]
        options.extend(
            Option(self._prompt(section), id=f"s{section.number}")
            for section in self._interview.sections
        )
        return options

    def _prompt(self, section: Section) -> Content:
        assert self._interview is not None
        digits = len(str(len(self._interview.sections)))
        read = "·" if section.id in self._read else " "
        star = "★" if section.id in self._bookmarked else ""
        mark = " ✎" if section.annotations else ""
        if section.unplaced:
            mark += " ⚠"  # annotations not placed: listed in the sidebar
        return Content.assemble(
            (read, ".qa-list--read"),
            (f"{section.number:>{max(digits, 2)}} ", ".qa-list--number"),
            literal(shorten(section.title, 200)),
            (mark, ".qa-list--mark"),
            (f" {star}" if star else "", ".qa-list--bookmark"),
        )


def annotation_order(annotations: tuple[Annotation, ...]) -> list[int]:
    """Indices of ``annotations`` in text order: question, then answers, then unanchored."""
    return reading_order(annotations)


class AnnotationList(VimOptionList):
    """The annotations of the current section (or interview), in text order."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "annotation-list--passage",
        "annotation-list--link",
        "annotation-list--by",
        *(f"annotation-list--{kind}" for kind in ANNOTATION_KINDS),
        *(f"annotation-list--verdict-{verdict}" for verdict in VERDICTS),
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.order: list[int] = []
        """Option row -> index of the annotation in its section (-1: the "Not placed" heading)."""
        self._names: Mapping[str, str] = {}

    def set_annotations(
        self,
        annotations: tuple[Annotation, ...],
        section: Section | None,
        names: Mapping[str, str] | None = None,
    ) -> None:
        """Show ``annotations`` (of ``section``, or interview-wide when None).

        ``names`` gives speakers' names by key, for notes ``about`` a speaker.
        Annotations not placed come last, under a "Not placed" heading.
        """
        self._names = names or {}
        self.order = []
        options: list[Option | None] = []
        for index in annotation_order(annotations):
            annotation = annotations[index]
            if annotation.problem is not None and -1 not in self.order:
                if options:
                    options.append(None)
                count = sum(1 for a in annotations if a.problem is not None)
                heading = f"Not placed ({count})"
                options.append(Option(Content.styled(heading, "bold"), disabled=True))
                self.order.append(-1)
            if options:
                options.append(None)  # a divider line between annotations
            options.append(Option(self._prompt(annotation, section), id=f"a{index}"))
            self.order.append(index)
        if not options:
            empty = "No annotations on this Q&A." if section else "No interview-wide annotations."
            options = [Option(Content.styled(empty, "dim italic"), disabled=True)]
        self.set_options(options)
        self.highlighted = None

    def _prompt(self, annotation: Annotation, section: Section | None) -> Content:
        parts: list[Content | str | tuple[str, str]] = [
            (f" {annotation.kind} ", f".annotation-list--{annotation.kind}"),
        ]
        if annotation.kind == "fact-check":
            # A claim without a verdict is unverified: the badge says so.
            verdict = verdict_of(annotation)
            parts += [" ", (f" {verdict} ", f".annotation-list--verdict-{verdict}")]
        if annotation.anchor is not None and section is not None:
            anchor = annotation.anchor
            text = section.text_of(anchor.field, anchor.answer)[anchor.start : anchor.end]
            where = "Q" if anchor.field == "question" else f"A{(anchor.answer or 0) + 1}"
            parts += [
                " ",
                (where, "dim"),
                " ",
                one_line(f"“{text}”", 48, ".annotation-list--passage"),
            ]
        elif annotation.problem is not None:
            parts += [" ", ("not placed", "dim"), " ", one_line(f"“{annotation.on or ''}”", 48)]
        elif section is not None:
            parts += [" ", ("whole Q&A", "dim")]
        elif annotation.about is not None:
            name = self._names.get(annotation.about, annotation.about)
            parts += [" ", literal(f"on {name}’s words", "dim")]
        parts += ["\n", literal(annotation.note.strip())]
        if annotation.problem is not None:
            parts += ["\n", literal(annotation.problem, "italic dim")]
        if annotation.replacement is not None:
            parts += [
                "\n",
                ("→ should read ", ".annotation-list--by"),
                literal(f"“{annotation.replacement}”", ".annotation-list--passage"),
            ]
        if annotation.checked_by or annotation.checked_on:
            checked = "checked"
            if annotation.checked_by:
                checked += f" by {annotation.checked_by}"
            if annotation.checked_on:
                checked += f" on {annotation.checked_on}"
            parts += ["\n", literal(checked, ".annotation-list--by")]
        if annotation.by:
            parts += [
                "\n",
                ("— ", ".annotation-list--by"),
                literal(annotation.by, ".annotation-list--by"),
            ]
        for link in annotation.links:
            parts += [
                "\n",
                ("↗ ", ".annotation-list--link"),
                literal(link, ".annotation-list--link"),
            ]
        return Content.assemble(*parts)
