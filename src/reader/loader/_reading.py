"""Reading the keys for fact-checkers and translators: corrections, verdicts, originals, topics.

:class:`ReadingFields` adds to :class:`reader.loader._fields.FieldReader`
the readers of the optional keys that serve reading: ``replacement`` (on
``correction`` annotations only), ``verdict``, ``checked_by`` and
``checked_on`` (on ``fact-check`` annotations only), ``original`` and
``original_language`` (on answers; ``original_language`` also on the
interview) and ``topics`` (on sections).  Each refusal is located and says
what to do.  The format walk (:mod:`reader.loader._validate`) calls them.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.format import LANGUAGE_RE, SLUG_RE
from reader.model import VERDICTS, Annotation
from reader.text import slugify

from ._fields import FieldReader, q, suggest
from ._nodes import MapNode

__all__ = ["CheckFields", "ReadingFields"]

_CORRECTION_KEYS = ("replacement",)
_FACT_CHECK_KEYS = ("verdict", "checked_by", "checked_on")


@dataclass(frozen=True, slots=True)
class CheckFields:
    """The optional keys of a correction or a fact-check annotation."""

    replacement: str | None = None
    verdict: str | None = None
    checked_by: str | None = None
    checked_on: str | None = None


class ReadingFields(FieldReader):
    """Readers of the corrections, verdicts, originals and topics keys."""

    def language_key(self, mapping: MapNode, key: str) -> str | None:
        """A BCP 47 language tag under ``key``."""
        node = self.scalar(mapping, key)
        if node is None:
            return None
        value = node.value
        if LANGUAGE_RE.fullmatch(value):
            return value
        hint = (
            f": write {q(value.replace('_', '-'))}"
            if "_" in value
            else (", such as en, ko, pt-BR or zh-Hant")
        )
        self.error(node, f"'{key}' {q(value)} is not a BCP 47 language tag{hint}")
        return None

    def check_fields(self, mapping: MapNode, kind: str, has_on: bool) -> CheckFields:
        """``replacement`` (corrections), ``verdict``/``checked_by``/``checked_on`` (fact-checks).

        A key on another kind of annotation is refused where it is written.
        """
        values = mapping.values
        for key in _CORRECTION_KEYS:
            if key in values and kind != "correction":
                self.error(
                    self.key_pos(mapping, key),
                    f"'{key}' belongs on a correction (kind: correction), not on a "
                    f"{q(kind)} annotation: it says what the passage should read",
                )
        for key in _FACT_CHECK_KEYS:
            if key in values and kind != "fact-check":
                self.error(
                    self.key_pos(mapping, key),
                    f"'{key}' belongs on a fact-check (kind: fact-check), not on a "
                    f"{q(kind)} annotation",
                )
        replacement = None
        if kind == "correction" and "replacement" in values:
            replacement = self.text(mapping, "replacement", "a correction", required=True)
            if not has_on:
                self.error(
                    self.key_pos(mapping, "replacement"),
                    "'replacement' needs 'on', the passage it replaces: add 'on' or "
                    "remove 'replacement'",
                )
                replacement = None
        if kind != "fact-check":
            return CheckFields(replacement=replacement)
        return CheckFields(
            replacement=replacement,
            verdict=self.verdict(mapping) if "verdict" in values else None,
            checked_by=self.text(mapping, "checked_by", "a fact-check", required=True)
            if "checked_by" in values
            else None,
            checked_on=self.date(mapping, "checked_on"),
        )

    def verdict(self, mapping: MapNode) -> str | None:
        """One of :data:`reader.model.VERDICTS`."""
        node = self.scalar(mapping, "verdict")
        if node is None:
            return None
        value = node.value
        if value in VERDICTS:
            return value
        guess = suggest(value.replace(" ", "-"), VERDICTS)
        hint = f"did you mean '{guess}'? " if guess else ""
        self.error(
            node,
            f"unknown verdict {q(value, 30)}: {hint}(verdicts: {', '.join(VERDICTS)})",
        )
        return None

    def original(self, mapping: MapNode, index: int) -> tuple[str | None, str | None]:
        """An answer's ``original`` and ``original_language``."""
        values = mapping.values
        original = (
            self.text(mapping, "original", f"answer {index}", required=True)
            if "original" in values
            else None
        )
        language = self.language_key(mapping, "original_language")
        if "original_language" in values and "original" not in values:
            self.error(
                self.key_pos(mapping, "original_language"),
                "'original_language' says which language 'original' is in, but this answer "
                "has no 'original': add it, or remove 'original_language'",
            )
        return original, language

    def topics(self, mapping: MapNode) -> tuple[str, ...]:
        """A section's ``topics``: a list of slugs, each once."""
        seq = self.sequence(mapping, "topics", "write topics: [childhood, first-film]")
        if seq is None:
            return ()
        out: list[str] = []
        for item in seq.items:
            value = self.text_value(item, "topics item")
            if value is None:
                continue
            if not SLUG_RE.fullmatch(value):
                self.error(
                    item,
                    f"topic {q(value)} must be lower-case letters, digits and '-', starting "
                    f"with a letter or digit: write '{slugify(value)}'",
                )
            elif value in out:
                self.error(item, f"topic {q(value)} is listed twice: keep one")
            else:
                out.append(value)
        return tuple(out)

    def overlapping_replacements(self, annotations: tuple[Annotation, ...]) -> None:
        """Refuse two replacements of overlapping passages of one text."""
        placed = sorted(
            (
                (a.anchor.field, a.anchor.answer or 0, a.anchor.start, a.anchor.end, a)
                for a in annotations
                if a.replacement is not None and a.anchor is not None
            ),
            key=lambda item: item[:4],
        )
        reach: tuple[object, int, Annotation] | None = None
        for field, answer, start, end, annotation in placed:
            text = (field, answer)
            if reach is not None and reach[0] == text and start < reach[1]:
                self.error(
                    annotation.position,
                    f"this correction's passage overlaps the passage of the correction at "
                    f"{reach[2].position}, and both have a 'replacement': a passage can be "
                    "replaced only once; make the passages not overlap",
                )
                continue
            if reach is None or reach[0] != text or end > reach[1]:
                reach = (text, end, annotation)
