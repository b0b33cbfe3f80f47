"""Checking a node tree against reader/1 and building the model from it.

Every rule of docs/format.md lives here: required keys, types, unknown keys
(with the nearest valid one), slugs, dates, times, URLs, language tags,
speaker keys, section ids and annotation anchors.  Scalars arrive untyped
(exactly the characters of the file); each field decides what it accepts,
so text stays text and only ``true``/``false`` are booleans.

The walk follows the format's fixed shape (interview, section, answer,
annotation), never the data's depth, so it cannot recurse deeply.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from yaml.events import ScalarEvent

from reader.model import (
    ANNOTATION_KINDS,
    FORMAT_VERSION,
    Anchor,
    Annotation,
    Answer,
    Interview,
    Person,
    Position,
    Section,
    Severity,
    Source,
)
from reader.text import SpecialKind, has_special, shorten, slugify, special_chars, visible

from ._anchor import Candidate, resolve
from ._tree import BadNode, Locator, MapNode, Node, Report, SeqNode, describe_node

__all__ = ["Validator"]

TOP_KEYS = (
    "reader",
    "title",
    "id",
    "date",
    "language",
    "summary",
    "source",
    "people",
    "tags",
    "annotations",
    "sections",
)
SOURCE_KEYS = ("name", "url", "published", "note")
PERSON_KEYS = ("name", "role", "aka")
SECTION_KEYS = ("id", "title", "question", "asked_by", "reported", "answers", "annotations")
ANSWER_KEYS = ("by", "quote", "reported", "time")
ANNOTATION_KEYS = ("on", "prefix", "suffix", "kind", "note", "by", "links")

_TOP_SET = frozenset(TOP_KEYS)
_SOURCE_SET = frozenset(SOURCE_KEYS)
_PERSON_SET = frozenset(PERSON_KEYS)
_SECTION_SET = frozenset(SECTION_KEYS)
_ANSWER_SET = frozenset(ANSWER_KEYS)
_ANNOTATION_SET = frozenset(ANNOTATION_KEYS)

# Keys that belong one level up or down: the hint names where they go.
_MISPLACED: dict[str, dict[str, str]] = {
    "the top level": {
        "question": "a section (under 'sections')",
        "answers": "a section (under 'sections')",
        "quote": "an answer (under a section's 'answers')",
        "name": "a person (under 'people')",
        "url": "'source'",
    },
    "a section": {
        "quote": "an answer (under 'answers')",
        "by": "an answer (under 'answers')",
        "time": "an answer (under 'answers')",
        "note": "an annotation (under 'annotations')",
        "on": "an annotation (under 'annotations')",
    },
    "an answer": {
        "question": "the section, above 'answers'",
        "note": "an annotation (under the section's 'annotations')",
        "on": "an annotation (under the section's 'annotations')",
        "annotations": "the section (annotations are per section, not per answer)",
    },
    "an annotation": {"quote": "an answer", "question": "a section"},
    "a person": {"key": "the mapping key itself (people: {rm: {name: RM}})"},
}

SLUG_RE = re.compile(r"[a-z0-9][a-z0-9-]*")
SPEAKER_RE = re.compile(r"[a-z0-9_-]+")
DATE_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
TIME_RE = re.compile(r"(?:\d{1,2}:[0-5]\d|[0-5]?\d):[0-5]\d")
LANGUAGE_RE = re.compile(
    r"(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})"  # language (+ extlang)
    r"(?:-[A-Za-z]{4})?"  # script
    r"(?:-(?:[A-Za-z]{2}|\d{3}))?"  # region
    r"(?:-(?:[A-Za-z0-9]{5,8}|\d[A-Za-z0-9]{3}))*"  # variants
    r"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*"  # extensions
    r"(?:-[xX](?:-[A-Za-z0-9]{1,8})+)?"  # private use
    r"|[xX](?:-[A-Za-z0-9]{1,8})+"
)
_URL_BAD_RE = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")
_YAML11_BOOLEANS = frozenset(
    {"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON"}
    | {"off", "Off", "OFF", "True", "TRUE", "False", "FALSE"}
)
_SPECIAL_WORDS = {
    SpecialKind.CONTROL: "control character",
    SpecialKind.BIDI: "bidirectional control (it can make text read differently from what it says)",
    SpecialKind.INVISIBLE: "zero-width (invisible) character",
}


def _q(text: str, width: int = 40) -> str:
    """File text quoted for a message: one line, shortened, terminal-safe."""
    return "'" + visible(shorten(text, width)) + "'"


def _char_label(ch: str) -> str:
    code = ord(ch)
    name = unicodedata.name(ch, "")
    if not name:
        name = {0x1B: "ESC", 0x00: "NUL", 0x7F: "DEL"}.get(code, "")
    return f"U+{code:04X} ({name})" if name else f"U+{code:04X}"


def _suggest(name: str, valid: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The valid name closest to ``name`` (ignoring case, '_' for '-'), if any is close."""
    if len(name) > 100:
        return None  # no valid name is that long, and difflib would take its time
    by_lower: dict[str, str] = {}
    for option in valid:
        by_lower.setdefault(option.lower(), option)
    lowered = name.lower()
    for candidate in (lowered, lowered.replace("_", "-"), lowered.replace("-", "_")):
        if candidate in by_lower:
            return by_lower[candidate]
    close = difflib.get_close_matches(lowered, list(by_lower), n=1, cutoff=cutoff)
    return by_lower[close[0]] if close else None


class Validator:
    """Validates one file's tree and builds its :class:`Interview`.

    ``build`` returns the interview; it is only meaningful when ``report``
    holds no errors afterwards (the caller decides).
    """

    def __init__(self, path: Path, text: str, locator: Locator, report: Report) -> None:
        self.path = path
        self.locator = locator
        self.report = report
        # Checking every value for control, bidi and zero-width characters is
        # only needed when the file has one raw or could make one by an escape.
        self.scan_specials = "\\" in text or has_special(text)
        self.speakers: frozenset[str] | None = None

    # -- positions and reporting ------------------------------------------

    def pos(self, node: Node) -> Position:
        """Where ``node`` starts."""
        if type(node) is ScalarEvent:
            return self.locator.mark(node.start_mark)
        return self.locator.mark(node.mark)  # type: ignore[union-attr]

    def key_pos(self, mapping: MapNode, key: str) -> Position:
        """Where ``key`` is written in ``mapping``."""
        return self.locator.mark(mapping.keys[key].start_mark)

    def error(self, where: Node | Position, message: str) -> None:
        """Report an error at a node or a position."""
        position = where if isinstance(where, Position) else self.pos(where)
        self.report.add(position, message)

    def warn(self, where: Node, message: str) -> None:
        """Report a warning (it does not reject the file)."""
        self.report.add(self.pos(where), message, Severity.WARNING)

    # -- generic field readers -------------------------------------------

    def check_keys(
        self, mapping: MapNode, allowed: frozenset[str], order: tuple[str, ...], what: str
    ) -> None:
        """Report every key of ``mapping`` that is not allowed (``x-`` keys are)."""
        for name in mapping.values:
            if name in allowed or name.startswith("x-"):
                continue
            shown = _q(name, 30) if name else "''"
            home = _MISPLACED.get(what, {}).get(name)
            if home:
                hint = f"'{name}' belongs in {home}"
            else:
                guess = _suggest(name, order)
                if guess:
                    hint = f"did you mean '{guess}'?"
                else:
                    hint = f"valid keys are {', '.join(order)} (or your own, starting with 'x-')"
            self.error(self.key_pos(mapping, name), f"unknown key {shown} in {what}: {hint}")

    def mapping(self, node: Node | None, what: str, hint: str = "") -> MapNode | None:
        """``node`` if it is a mapping, else report it (``what`` names it)."""
        if type(node) is MapNode:
            return node
        if node is None or type(node) is BadNode:
            return None
        extra = f": {hint}" if hint else ""
        self.error(
            node, f"{what} must be a mapping ('key: value' lines), not {describe_node(node)}{extra}"
        )
        return None

    def sequence(self, mapping: MapNode, key: str, hint: str) -> SeqNode | None:
        """The list under ``key``, or None (reported when it is not a list)."""
        node = mapping.values.get(key)
        if node is None or type(node) is BadNode:
            return None
        if type(node) is SeqNode:
            return node
        self.error(node, f"'{key}' must be a list, not {describe_node(node)}: {hint}")
        return None

    def missing(self, mapping: MapNode, key: str, what: str, hint: str = "") -> None:
        """Report a required key missing from ``mapping``."""
        extra = f" ({hint})" if hint else ""
        self.error(mapping, f"{what} needs '{key}'{extra}")

    def text(self, mapping: MapNode, key: str, what: str, required: bool = False) -> str | None:
        """The text under ``key``: exactly the characters written."""
        node = mapping.values.get(key)
        if node is None:
            if required:
                self.missing(mapping, key, what)
            return None
        return self.text_value(node, key, required)

    def text_value(self, node: Node, label: str, required: bool = True) -> str | None:
        """The text of a scalar node, or None (reported) for anything else."""
        if type(node) is ScalarEvent:
            value: str = node.value
            if value == "" and not node.style:
                what = "item" if label.endswith(" item") else "key"
                self.error(node, f"'{label}' has no value: write the text, or remove the {what}")
                return None
            if required and not value.strip():
                self.error(node, f"'{label}' is blank: write the text")
                return None
            if self.scan_specials and has_special(value):
                self.special_warning(node, label, value)
            return value
        if type(node) is BadNode:
            return None
        self.error(
            node,
            f"'{label}' must be text, not {describe_node(node)}: "
            "put text that starts with '[', '{', '-' or contains ': ' in quotes",
        )
        return None

    def special_warning(self, node: Node, label: str, value: str) -> None:
        """Warn that a text holds characters shown as placeholders."""
        found = list(special_chars(value))
        # Line separators (U+2028/9, NEL) are shown as line breaks: not worth a warning.
        found = [item for item in found if item[1] not in "\u2028\u2029\x85"]
        if not found:
            return
        offset, ch, kind = found[0]
        more = f" and {len(found) - 1} more such characters" if len(found) > 1 else ""
        self.warn(
            node,
            f"'{label}' contains a {_SPECIAL_WORDS[kind]} {_char_label(ch)} at character "
            f"{offset + 1}{more}: reader shows it as a visible mark",
        )

    def scalar(self, mapping: MapNode, key: str) -> ScalarEvent | None:
        """The non-empty scalar under ``key`` (for typed fields), else None."""
        node = mapping.values.get(key)
        if node is None or type(node) is BadNode:
            return None
        if type(node) is not ScalarEvent:
            self.error(node, f"'{key}' must be a single value, not {describe_node(node)}")
            return None
        if node.value == "" and not node.style:
            self.error(node, f"'{key}' has no value: write one, or remove the key")
            return None
        return node

    def boolean(self, mapping: MapNode, key: str) -> bool:
        """``true``/``false`` under ``key`` (absent: False)."""
        node = self.scalar(mapping, key)
        if node is None:
            return False
        value = node.value
        if not node.style:
            if value == "true":
                return True
            if value == "false":
                return False
            if value in _YAML11_BOOLEANS:
                word = "true" if value.lower() in ("y", "yes", "on", "true") else "false"
                self.error(
                    node,
                    f"'{key}' must be true or false: {_q(value)} is a YAML 1.1 spelling "
                    f"that reader does not accept; write {word}",
                )
                return False
        elif value in ("true", "false"):
            self.error(node, f"'{key}' must be true or false without quotes: write {value}")
            return False
        self.error(node, f"'{key}' must be true or false, not {_q(value)}")
        return False

    def slug(self, mapping: MapNode, key: str, what: str) -> str | None:
        """A slug id under ``key``."""
        node = self.scalar(mapping, key)
        if node is None:
            return None
        value = node.value
        if SLUG_RE.fullmatch(value):
            return value
        self.error(
            node,
            f"{what} {_q(value)} must be lower-case letters, digits and '-', starting with "
            f"a letter or digit: write '{slugify(value)}'",
        )
        return None

    def date(self, mapping: MapNode, key: str) -> str | None:
        """A ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` date under ``key``."""
        node = self.scalar(mapping, key)
        if node is None:
            return None
        value = node.value
        match = DATE_RE.fullmatch(value)
        if match is None:
            self.error(
                node,
                f"'{key}' {_q(value)} must be a date written YYYY, YYYY-MM or YYYY-MM-DD "
                "(for example 2024-05-10)",
            )
            return None
        year, month, day = match.groups()
        try:
            if month is not None:
                dt.date(int(year), int(month), int(day or 1))
        except ValueError:
            self.error(node, f"'{key}' {_q(value)} is not a real date: check the month and day")
            return None
        return value

    def url(self, node: Node, label: str) -> str | None:
        """An http(s) URL with a host."""
        if type(node) is not ScalarEvent:
            self.text_value(node, label)
            return None
        value = node.value
        if value == "" and not node.style:
            self.error(node, f"'{label}' has no value: write an http:// or https:// address")
            return None
        if _URL_BAD_RE.search(value) or has_special(value):
            self.error(
                node,
                f"'{label}' {_q(value, 60)} contains spaces or control characters: "
                "write spaces as %20 and remove the others",
            )
            return None
        try:
            parts = urlsplit(value)
            host = parts.hostname
        except ValueError:
            parts, host = None, None
        if parts is None or parts.scheme.lower() not in ("http", "https"):
            scheme = f"'{visible(parts.scheme)}:' " if parts is not None and parts.scheme else ""
            self.error(
                node,
                f"'{label}' {_q(value, 60)} is not a web address: only http:// and https:// "
                f"links are allowed{', not ' + scheme.strip() if scheme else ''}",
            )
            return None
        if not host:
            self.error(
                node, f"'{label}' {_q(value, 60)} has no host: write it as https://host/path"
            )
            return None
        return value

    def text_list(self, mapping: MapNode, key: str, hint: str) -> tuple[str, ...]:
        """A list of texts under ``key``."""
        seq = self.sequence(mapping, key, hint)
        if seq is None:
            return ()
        out: list[str] = []
        for item in seq.items:
            value = self.text_value(item, f"{key} item")
            if value is not None:
                out.append(value)
        return tuple(out)

    def speaker(self, mapping: MapNode, key: str, required: bool, what: str) -> str | None:
        """A key of ``people`` under ``key``."""
        node = mapping.values.get(key)
        if node is None:
            if required:
                self.missing(mapping, key, what, "the speaker's key in 'people'")
            return None
        if type(node) is not ScalarEvent:
            self.text_value(node, key)
            return None
        value = node.value
        if value == "" and not node.style:
            self.error(node, f"'{key}' has no value: write a speaker key from 'people'")
            return None
        if self.speakers is not None and value not in self.speakers:
            known = sorted(self.speakers)
            # Speaker keys are short: one wrong letter in two is still a likely typo.
            guess = _suggest(value, known, cutoff=0.5)
            # The keys are file text too (an invalid one is reported, and still listed).
            listed = ", ".join(visible(shorten(k, 20)) for k in known[:12])
            listed += ", ..." if len(known) > 12 else ""
            hint = (
                f"did you mean {_q(guess, 20)}? (people: {listed})"
                if guess
                else (f"use one of the keys of 'people': {listed}")
            )
            self.error(node, f"unknown speaker {_q(value, 30)} in '{key}': {hint}")
        return value

    # -- the format ------------------------------------------------------

    def build(self, root: Node) -> Interview | None:
        """Validate the whole tree; return the interview (meaningful if no errors)."""
        if type(root) is not MapNode:
            if type(root) is BadNode:
                return None
            if type(root) is ScalarEvent and root.value == "" and not root.style:
                self.error(
                    Position(1, 1),
                    "the file has no content (only '---'?): a reader/1 file starts with "
                    "'reader: 1'",
                )
                return None
            found = describe_node(root)
            self.error(
                root,
                f"the file must be a mapping of 'key: value' lines starting with 'reader: 1', "
                f"not {found}",
            )
            return None
        top = root
        if not any(key in top.values for key in ("reader", "title", "people", "sections")):
            self.error(
                top,
                "this YAML file is not a reader/1 interview: it has none of the keys "
                "reader, title, people, sections (start it with 'reader: 1')",
            )
            return None
        self.check_keys(top, _TOP_SET, TOP_KEYS, "the top level")
        self.version(top)
        title = self.text(top, "title", "an interview", required=True)
        given_id = self.slug(top, "id", "'id'") if "id" in top.values else None
        interview_id = given_id or slugify(self.path.stem)
        date = self.date(top, "date")
        language = self.language(top)
        summary = self.text(top, "summary", "an interview")
        source = self.source(top)
        people = self.people(top)
        tags = self.text_list(top, "tags", "write tags: [one, two] or one '- tag' line per tag")
        annotations = self.annotations(top, None, interview_level=True)
        sections = self.sections(top)
        title_node = top.values.get("title")
        return Interview(
            path=self.path,
            id=interview_id,
            title=title or "",
            people=people,
            sections=sections,
            date=date,
            language=language,
            summary=summary,
            source=source,
            tags=tags,
            annotations=annotations,
            position=self.pos(top),
            title_position=self.pos(title_node) if title_node is not None else self.pos(top),
        )

    def version(self, top: MapNode) -> None:
        """``reader: 1``."""
        node = top.values.get("reader")
        if node is None:
            self.error(top, "missing 'reader: 1' (the format version): add it as the first line")
            return
        if type(node) is not ScalarEvent:
            if type(node) is not BadNode:
                self.error(node, f"'reader' must be the number 1, not {describe_node(node)}")
            return
        value = node.value
        if not node.style and value == str(FORMAT_VERSION):
            return
        if node.style and value.strip() == str(FORMAT_VERSION):
            self.error(node, "'reader' must be the number 1 without quotes: write reader: 1")
        elif not node.style and value.isdigit():
            self.error(
                node,
                f"this file is in format reader/{visible(value[:10])}, but this reader reads "
                "reader/1 only: upgrade reader, or write reader: 1",
            )
        else:
            self.error(node, f"'reader' must be the number 1 (the format version), not {_q(value)}")

    def language(self, top: MapNode) -> str | None:
        """A BCP 47 language tag."""
        node = self.scalar(top, "language")
        if node is None:
            return None
        value = node.value
        if LANGUAGE_RE.fullmatch(value):
            return value
        hint = (
            f": write {_q(value.replace('_', '-'))}"
            if "_" in value
            else (", such as en, ko, pt-BR or zh-Hant")
        )
        self.error(node, f"'language' {_q(value)} is not a BCP 47 language tag{hint}")
        return None

    def source(self, top: MapNode) -> Source | None:
        """The ``source`` mapping."""
        if "source" not in top.values:
            return None
        node = self.mapping(
            top.values["source"], "'source'", "write name, url, published and note under it"
        )
        if node is None:
            return None
        self.check_keys(node, _SOURCE_SET, SOURCE_KEYS, "'source'")
        url_node = node.values.get("url")
        return Source(
            name=self.text(node, "name", "'source'"),
            url=self.url(url_node, "url") if url_node is not None else None,
            published=self.date(node, "published"),
            note=self.text(node, "note", "'source'"),
        )

    def people(self, top: MapNode) -> dict[str, Person]:
        """The ``people`` mapping; sets :attr:`speakers` when it can be checked against."""
        if "people" not in top.values:
            self.missing(top, "people", "an interview", "who speaks: people: {rm: {name: RM}}")
            return {}
        node = self.mapping(
            top.values["people"], "'people'", "one 'key: {name: ...}' entry per speaker"
        )
        if node is None:
            return {}
        if not node.values:
            self.error(node, "'people' is empty: add one entry per speaker")
        people: dict[str, Person] = {}
        for key, value in node.values.items():
            key_position = self.key_pos(node, key)
            if not SPEAKER_RE.fullmatch(key):
                self.error(
                    key_position,
                    f"speaker key {_q(key, 30)} must be lower-case letters, digits, '_' or '-' "
                    f"(such as '{slugify(key)}'); the name goes in 'name'",
                )
            person = self.mapping(
                value, f"person {_q(key, 30)}", f"write {slugify(key)}: {{name: ...}}"
            )
            if person is None:
                people[key] = Person(key=key, name=key, position=key_position)
                continue
            self.check_keys(person, _PERSON_SET, PERSON_KEYS, "a person")
            people[key] = Person(
                key=key,
                name=self.text(person, "name", f"person {_q(key, 30)}", required=True) or key,
                role=self.text(person, "role", "a person"),
                aka=self.text_list(
                    person, "aka", "write aka: [Other Name] or one '- ' line per name"
                ),
                position=key_position,
            )
        # With no speakers at all, one error says so; not one per answer.
        self.speakers = frozenset(people) if people else None
        return people

    def sections(self, top: MapNode) -> tuple[Section, ...]:
        """The ``sections`` list."""
        if "sections" not in top.values:
            self.missing(top, "sections", "an interview", "a list of questions and answers")
            return ()
        seq = self.sequence(top, "sections", "write one '- question: ...' item per Q&A")
        if seq is None:
            return ()
        if not seq.items:
            self.error(seq, "'sections' is empty: add at least one section")
            return ()
        sections: list[Section] = []
        seen: dict[str, tuple[int, Position]] = {}
        for number, item in enumerate(seq.items, 1):
            mapping = self.mapping(
                item, f"section {number}", "write question, answers and the rest under '- '"
            )
            if mapping is None:
                continue
            section = self.section(mapping, number)
            sections.append(section)
            id_node = mapping.values.get("id")
            here = self.pos(id_node) if id_node is not None else self.pos(mapping)
            if section.id in seen:
                other, where = seen[section.id]
                how = "" if id_node is not None else "gets the default id "
                self.error(
                    here,
                    f"section {number} {how or 'has the id '}'{section.id}', which section "
                    f"{other} (at {where}) already has: section ids must be unique",
                )
            else:
                seen[section.id] = (number, here)
        return tuple(sections)

    def section(self, mapping: MapNode, number: int) -> Section:
        """One section."""
        self.check_keys(mapping, _SECTION_SET, SECTION_KEYS, "a section")
        values = mapping.values
        section_id = (
            self.slug(mapping, "id", "section id") if "id" in values else None
        ) or f"q{number}"
        question = self.text(mapping, "question", f"section {number}", required=True)
        title = (
            self.text(mapping, "title", "a section", required=True) if "title" in values else None
        )
        asked_by = self.speaker(mapping, "asked_by", False, "a section")
        reported = self.boolean(mapping, "reported") if "reported" in values else False
        answers: list[Answer] = []
        answers_ok = False
        if "answers" not in values:
            self.missing(mapping, "answers", f"section {number}", "a list of '- by: ...' answers")
        else:
            seq = self.sequence(mapping, "answers", "write one '- by: ...' item per answer")
            if seq is not None and not seq.items:
                self.error(seq, "'answers' is empty: add at least one answer")
            elif seq is not None:
                for index, item in enumerate(seq.items, 1):
                    answer = self.answer(item, index)
                    if answer is not None:
                        answers.append(answer)
                answers_ok = len(answers) == len(seq.items)
        # Anchors are only resolved against a section whose texts all loaded:
        # a broken answer would otherwise make a good anchor look "not found".
        annotations: tuple[Annotation, ...] = ()
        if "annotations" in values:
            candidates: list[Candidate] | None = None
            if question is not None and answers_ok:
                candidates = [Candidate("question", None, question)]
                candidates.extend(
                    Candidate("answer", i, a.quote, a.by) for i, a in enumerate(answers)
                )
            annotations = self.annotations(mapping, candidates, interview_level=False)
        question_node = values.get("question")
        return Section(
            id=section_id,
            number=number,
            title=title if title is not None else shorten(question or "", 60),
            question=question or "",
            answers=tuple(answers),
            asked_by=asked_by,
            reported=reported,
            annotations=annotations,
            has_title=title is not None,
            position=self.pos(mapping),
            question_position=self.pos(question_node)
            if question_node is not None
            else self.pos(mapping),
        )

    def answer(self, node: Node, index: int) -> Answer | None:
        """One answer."""
        mapping = self.mapping(node, f"answer {index}", "write '- by: ...' and 'quote: ...'")
        if mapping is None:
            return None
        self.check_keys(mapping, _ANSWER_SET, ANSWER_KEYS, "an answer")
        values = mapping.values
        by = self.speaker(mapping, "by", True, f"answer {index}")
        quote = self.text(mapping, "quote", f"answer {index}", required=True)
        reported = self.boolean(mapping, "reported") if "reported" in values else False
        time = self.time(mapping) if "time" in values else None
        quote_node = values.get("quote")
        if by is None or quote is None:
            return None
        return Answer(
            by=by,
            quote=quote,
            reported=reported,
            time=time,
            position=self.pos(mapping),
            quote_position=self.pos(quote_node) if quote_node is not None else self.pos(mapping),
        )

    def time(self, mapping: MapNode) -> str | None:
        """``MM:SS`` or ``HH:MM:SS``."""
        node = self.scalar(mapping, "time")
        if node is None:
            return None
        if TIME_RE.fullmatch(node.value):
            return node.value
        self.error(
            node,
            f"'time' {_q(node.value)} must be MM:SS or HH:MM:SS (minutes and seconds "
            "00 to 59), for example 04:05 or 1:04:05",
        )
        return None

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
        by = self.text(mapping, "by", "an annotation") if "by" in values else None
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
                resolved = resolve(on, prefix, suffix, candidates)
                if isinstance(resolved, str):
                    self.error(values["on"], resolved)
                else:
                    anchor = resolved
        note_node = values.get("note")
        return Annotation(
            note=note or "",
            kind=kind,
            on=on,
            prefix=prefix,
            suffix=suffix,
            by=by,
            links=tuple(links),
            anchor=anchor,
            position=self.pos(mapping),
            note_position=self.pos(note_node) if note_node is not None else self.pos(mapping),
        )

    def kind(self, mapping: MapNode) -> str:
        """An annotation kind."""
        node = self.scalar(mapping, "kind")
        if node is None:
            return "note"
        value = node.value
        if value in ANNOTATION_KINDS:
            return value
        guess = _suggest(value, ANNOTATION_KINDS)
        hint = f"did you mean '{guess}'? " if guess else ""
        self.error(
            node,
            f"unknown annotation kind {_q(value, 30)}: {hint}"
            f"(kinds: {', '.join(ANNOTATION_KINDS)})",
        )
        return "note"
