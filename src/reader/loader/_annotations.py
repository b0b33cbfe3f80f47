"""Reading a file's annotations: each one checked, then pinned to its passage.

:class:`AnnotationFields` adds to :class:`reader.loader._reading.ReadingFields`
the reading of an ``annotations`` list (a section's, or the whole
interview's): the keys of each annotation, its kind, its links, and its
``on`` passage resolved to exact offsets among the section's texts
(:mod:`reader.loader._anchor`).  An annotation that cannot be placed is
reported and noted in :attr:`AnnotationFields.unplaced`: it does not
reject the file.  The format walk (:mod:`reader.loader._validate`) calls
it.  Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

from pathlib import Path

from reader.format import key_names
from reader.model import ANNOTATION_KINDS, Anchor, Annotation

from ._anchor import Candidate, Suggestions, resolve, typography_note
from ._fields import q, suggest
from ._nodes import Locator, MapNode, Node, Report
from ._reading import ReadingFields

__all__ = ["ANNOTATION_KEYS", "AnnotationFields"]

ANNOTATION_KEYS = key_names("annotation")
_ANNOTATION_SET = frozenset(ANNOTATION_KEYS)


class AnnotationFields(ReadingFields):
    """Readers of annotations, each resolved to its anchor."""

    def __init__(self, path: Path, text: str, locator: Locator, report: Report) -> None:
        super().__init__(path, text, locator, report)
        self._suggestions = Suggestions()
        """The file's did-you-means for passages found nowhere."""
        self.unplaced: set[tuple[int, int, str]] = set()
        """Errors of annotations that could not be placed: reported, but they
        do not reject the file (the loader leaves them out of its decision)."""

    def annotations(
        self, mapping: MapNode, candidates: list[Candidate] | None, *, interview_level: bool
    ) -> tuple[Annotation, ...]:
        """The ``annotations`` list of a section, or of the whole interview.

        ``candidates`` are the section's texts to anchor in (None: do not
        resolve anchors, the section's texts are broken).
        """
        seq = self.sequence(mapping, "annotations", "write one '- note: ...' item per annotation")
        if seq is None:
            return ()
        out: list[Annotation] = []
        for index, item in enumerate(seq.items, 1):
            annotation = self.annotation(item, index, candidates, interview_level)
            if annotation is not None:
                out.append(annotation)
        return tuple(out)

    def annotation(
        self, node: Node, index: int, candidates: list[Candidate] | None, interview_level: bool
    ) -> Annotation | None:
        """One annotation, resolved to its anchor."""
        mapping = self.mapping(node, f"annotation {index}", "write '- note: ...' (and 'on: ...')")
        if mapping is None:
            return None
        self.check_keys(mapping, _ANNOTATION_SET, ANNOTATION_KEYS, "an annotation")
        values = mapping.values
        note = self.text(mapping, "note", f"annotation {index}", required=True)
        on = self.text(mapping, "on", "an annotation", required=True) if "on" in values else None
        prefix = (
            self.text(mapping, "prefix", "an annotation", required=True)
            if "prefix" in values
            else None
        )
        suffix = (
            self.text(mapping, "suffix", "an annotation", required=True)
            if "suffix" in values
            else None
        )
        kind = self.kind(mapping) if "kind" in values else "note"
        checks = self.check_fields(mapping, kind, on is not None)
        by = self.text(mapping, "by", "an annotation") if "by" in values else None
        about = self.speaker(mapping, "about", False, "an annotation")
        if about is not None and not interview_level:
            self.error(
                self.key_pos(mapping, "about"),
                "'about' is only for annotations of the whole interview (a note about one "
                "speaker's words); a section's annotation is pinned with 'on'",
            )
        links: list[str] = []
        seq = self.sequence(
            mapping, "links", "write links: [https://...] or one '- ' line per link"
        )
        if seq is not None:
            for item in seq.items:
                url = self.url(item, "links item")
                if url is not None:
                    links.append(url)
        anchor: Anchor | None = None
        problem: str | None = None
        if interview_level:
            for key in ("on", "prefix", "suffix"):
                if key in values:
                    self.error(
                        self.key_pos(mapping, key),
                        f"'{key}' is not allowed in an annotation of the whole interview: "
                        "move this annotation into the section whose text it is about",
                    )
        else:
            if on is None:
                for key in ("prefix", "suffix"):
                    if key in values:
                        self.error(
                            self.key_pos(mapping, key),
                            f"'{key}' only makes sense with 'on': add 'on' (the passage) or "
                            f"remove '{key}'",
                        )
            elif candidates is not None:
                resolved = resolve(on, prefix, suffix, candidates, suggestions=self._suggestions)
                if isinstance(resolved, str):
                    where = self.pos(values["on"])
                    self.error(where, resolved)
                    self.unplaced.add((where.line, where.column, resolved))
                    problem = resolved
                else:
                    anchor = resolved
                    self.typography(values["on"], on, candidates, anchor)
        note_node = values.get("note")
        return Annotation(
            note=note or "",
            kind=kind,
            on=on,
            prefix=prefix,
            suffix=suffix,
            by=by,
            links=tuple(links),
            about=about,
            anchor=anchor,
            position=self.pos(mapping),
            note_position=self.pos(note_node) if note_node is not None else self.pos(mapping),
            problem=problem,
            replacement=checks.replacement,
            verdict=checks.verdict,
            checked_by=checks.checked_by,
            checked_on=checks.checked_on,
        )

    def typography(self, node: Node, on: str, candidates: list[Candidate], anchor: Anchor) -> None:
        """Warn, in words, when ``on`` matched only because quote marks are read alike."""
        text = next(
            c.text for c in candidates if c.field == anchor.field and c.answer == anchor.answer
        )
        note = typography_note(on, text, anchor)
        if note is not None:
            self.warn(
                node,
                f"'on' passage {q(on, 40)} is placed, but {note}: "
                "straight and curly quote marks match each other",
            )

    def kind(self, mapping: MapNode) -> str:
        """An annotation kind."""
        node = self.scalar(mapping, "kind")
        if node is None:
            return "note"
        value = node.value
        if value in ANNOTATION_KINDS:
            return value
        guess = suggest(value, ANNOTATION_KINDS)
        hint = f"did you mean '{guess}'? " if guess else ""
        self.error(
            node,
            f"unknown annotation kind {q(value, 30)}: {hint}(kinds: {', '.join(ANNOTATION_KINDS)})",
        )
        return "note"
