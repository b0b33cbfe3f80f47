"""Checking a node tree against reader/1 and building the model from it.

The format walk: interview, source, people, sections, answers and
annotations, in that order, with the rules of docs/format.md that span
fields (required keys, unique section ids, annotation anchors).  Reading
each field (text, booleans, slugs, dates, links, speakers) is
:class:`reader.loader._fields.FieldReader`'s, reading an annotation and
placing it :class:`reader.loader._annotations.AnnotationFields`'s; the keys
of each object come from :mod:`reader.format`, which ``reader schema``
reads too.

The walk follows the format's fixed shape, never the data's depth, so it
cannot recurse deeply.
"""

from __future__ import annotations

import re

from yaml.events import ScalarEvent

from reader.format import SPEAKER_RE, TIME_RE, key_names
from reader.model import (
    FORMAT_VERSION,
    REMARKS_TITLE,
    Annotation,
    Answer,
    Interview,
    Person,
    Position,
    Section,
    Source,
)
from reader.text import has_special, shorten, slugify, visible

from ._anchor import Candidate
from ._annotations import AnnotationFields
from ._fields import q
from ._nodes import BadNode, MapNode, Node, describe_node

# "javascript:alert(1)", "file:x": a scheme, so a URL (refused unless http(s)).
# Two letters at least, so that a Windows drive (C:) is not taken for one.
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")
_DRIVE_RE = re.compile(r"^[A-Za-z]:[\\/]")

__all__ = ["Validator"]

TOP_KEYS = key_names("interview")
SOURCE_KEYS = key_names("source")
PERSON_KEYS = key_names("person")
SECTION_KEYS = key_names("section")
ANSWER_KEYS = key_names("answer")

_TOP_SET = frozenset(TOP_KEYS)
_SOURCE_SET = frozenset(SOURCE_KEYS)
_PERSON_SET = frozenset(PERSON_KEYS)
_SECTION_SET = frozenset(SECTION_KEYS)
_ANSWER_SET = frozenset(ANSWER_KEYS)


class Validator(AnnotationFields):
    """Validates one file's tree and builds its :class:`Interview`.

    ``build`` returns the interview; it is only meaningful when ``report``
    holds no errors afterwards other than those in :attr:`unplaced` (the
    caller decides).
    """

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
        original_language = self.language_key(top, "original_language")
        summary = self.text(top, "summary", "an interview")
        source = self.source(top)
        media = self.media(top) if "media" in top.values else None
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
            media=media,
            tags=tags,
            annotations=annotations,
            position=self.pos(top),
            title_position=self.pos(title_node) if title_node is not None else self.pos(top),
            original_language=original_language,
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
            self.error(node, f"'reader' must be the number 1 (the format version), not {q(value)}")

    def language(self, top: MapNode) -> str | None:
        """A BCP 47 language tag."""
        return self.language_key(top, "language")

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

    def media(self, top: MapNode) -> str | None:
        """The recording: an http(s) URL, or a path relative to the interview file."""
        node = top.values["media"]
        if type(node) is not ScalarEvent or "://" in node.value or _SCHEME_RE.match(node.value):
            return self.url(node, "media")
        value = self.text_value(node, "media")
        if value is None:
            return None
        if value.startswith(("/", "\\")) or _DRIVE_RE.match(value) or has_special(value):
            self.error(
                node,
                f"'media' {q(value, 60)} must be an http(s) URL or a path relative to this "
                "file (like recordings/interview.mp3), without control characters",
            )
            return None
        return value

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
                    f"speaker key {q(key, 30)} must be lower-case letters, digits, '_' or '-' "
                    f"(such as '{slugify(key)}'); the name goes in 'name'",
                )
            person = self.mapping(
                value, f"person {q(key, 30)}", f"write {slugify(key)}: {{name: ...}}"
            )
            if person is None:
                people[key] = Person(key=key, name=key, position=key_position)
                continue
            self.check_keys(person, _PERSON_SET, PERSON_KEYS, "a person")
            people[key] = Person(
                key=key,
                name=self.text(person, "name", f"person {q(key, 30)}", required=True) or key,
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
        # A section without a question holds remarks (opening statements).
        question = (
            self.text(mapping, "question", f"section {number}", required=True)
            if "question" in values
            else None
        )
        title = (
            self.text(mapping, "title", "a section", required=True) if "title" in values else None
        )
        asked_by = self.speaker(mapping, "asked_by", False, "a section")
        reported = self.boolean(mapping, "reported") if "reported" in values else False
        if "question" not in values:
            for key in ("asked_by", "reported"):
                if key in values:
                    self.error(
                        self.key_pos(mapping, key),
                        f"'{key}' needs a 'question': add the question, or remove '{key}' "
                        "(a section without a question holds remarks)",
                    )
        section_time = self.time(mapping) if "time" in values else None
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
            # A section of remarks has no question: its answers are the candidates.
            question_ok = question is not None or "question" not in values
            if question_ok and answers_ok:
                candidates = [Candidate("question", None, question)] if question is not None else []
                candidates.extend(
                    Candidate("answer", i, a.quote, a.by) for i, a in enumerate(answers)
                )
            annotations = self.annotations(mapping, candidates, interview_level=False)
            self.overlapping_replacements(annotations)
        unplaced = tuple(a for a in annotations if a.problem is not None)
        if unplaced:
            annotations = tuple(a for a in annotations if a.problem is None)
        topics = self.topics(mapping) if "topics" in values else ()
        question_node = values.get("question")
        return Section(
            id=section_id,
            number=number,
            title=title
            if title is not None
            else shorten(question, 60)
            if question is not None
            else REMARKS_TITLE,
            question=question or "",
            has_question="question" in values,
            time=section_time,
            answers=tuple(answers),
            asked_by=asked_by,
            reported=reported,
            annotations=annotations,
            unplaced=unplaced,
            has_title=title is not None,
            position=self.pos(mapping),
            question_position=self.pos(question_node)
            if question_node is not None
            else self.pos(mapping),
            topics=topics,
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
        original, original_language = self.original(mapping, index)
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
            original=original,
            original_language=original_language,
            original_position=self.pos(values["original"])
            if "original" in values
            else self.pos(mapping),
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
            f"'time' {q(node.value)} must be MM:SS or HH:MM:SS (minutes and seconds "
            "00 to 59), for example 04:05 or 1:04:05",
        )
        return None
