"""The reader/1 format's keys and value patterns, defined once.

The loader's validation (:mod:`reader.loader`) and the JSON Schema
(:mod:`reader.schema`) both read their keys, which keys are required, and
the patterns of slugs, speaker keys, dates, times and language tags from
here, so the two cannot drift apart.  docs/format.md describes the same in
prose.

To add a key: add a :class:`Key` to its object in :data:`OBJECTS` (its
``value`` names a value type that :mod:`reader.schema` knows), read it in
the loader's format walk, and document it in docs/format.md.

Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from reader.model import ANNOTATION_KINDS, FORMAT_VERSION, VERDICTS

__all__ = [
    "ANNOTATION_KINDS",
    "DATE_FORM_RE",
    "DATE_PATTERN",
    "FORMAT_VERSION",
    "LANGUAGE_PATTERN",
    "LANGUAGE_RE",
    "OBJECTS",
    "SLUG_PATTERN",
    "SLUG_RE",
    "SPEAKER_PATTERN",
    "SPEAKER_RE",
    "TIME_PATTERN",
    "TIME_RE",
    "URL_PATTERN",
    "VERDICTS",
    "Key",
    "key_names",
    "required_keys",
]

# Patterns use [0-9], not \d: Python's \d also matches other scripts' digits,
# which neither the format nor JSON Schema's regular expressions accept.
SLUG_PATTERN = r"[a-z0-9][a-z0-9-]*"
"""An id: lower-case letters, digits and '-', starting with a letter or digit."""

SPEAKER_PATTERN = r"[a-z0-9_-]+"
"""A key of ``people``."""

DATE_FORM_PATTERN = r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?"
"""The shape of a date (YYYY, YYYY-MM, YYYY-MM-DD); the loader then checks the calendar."""

DATE_PATTERN = r"[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?"
"""A date as close as a regular expression gets (the schema's check)."""

TIME_PATTERN = r"(?:[0-9]{1,2}:[0-5][0-9]|[0-5]?[0-9]):[0-5][0-9]"
"""MM:SS or HH:MM:SS: where an answer starts in the recording."""

LANGUAGE_PATTERN = (
    r"(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})"  # language (+ extlang)
    r"(?:-[A-Za-z]{4})?"  # script
    r"(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"  # region
    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"  # variants
    r"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*"  # extensions
    r"(?:-[xX](?:-[A-Za-z0-9]{1,8})+)?"  # private use
    r"|[xX](?:-[A-Za-z0-9]{1,8})+"
)
"""A BCP 47 language tag (RFC 5646's syntax, without the grandfathered tags)."""

URL_PATTERN = r"[hH][tT][tT][pP][sS]?://[^\s/?#@\\]*[^\s/?#:@\\][^\s\\]*"
"""The schema's approximation of a safe link; :func:`reader.links.check_url` decides."""

SLUG_RE = re.compile(SLUG_PATTERN)
SPEAKER_RE = re.compile(SPEAKER_PATTERN)
DATE_FORM_RE = re.compile(DATE_FORM_PATTERN)
TIME_RE = re.compile(TIME_PATTERN)
LANGUAGE_RE = re.compile(LANGUAGE_PATTERN)


@dataclass(frozen=True, slots=True)
class Key:
    """One key of an object of the format.

    ``value`` names the kind of value (``text``, ``requiredText``, ``slug``,
    ``speaker``, ``date``, ``time``, ``url``, ``language``, ``boolean``,
    ``textList``, ``kind``, ``links``, ``version``, ``verdict``, ``topics``, or an object or list of
    objects: ``source``, ``people``, ``sections``, ``answers``,
    ``annotations``, ``interviewAnnotations``); ``schema`` adds JSON Schema
    keywords (a default, a description of this use).
    """

    name: str
    value: str
    required: bool = False
    description: str = ""
    schema: dict[str, Any] = field(default_factory=dict)


OBJECTS: dict[str, tuple[Key, ...]] = {
    "interview": (
        Key("reader", "version", True, "The format version: 1."),
        Key("title", "requiredText", True),
        Key("id", "slug"),
        Key("date", "date"),
        Key("language", "language"),
        Key(
            "original_language",
            "language",
            description="The language the answers' 'original' texts are in.",
        ),
        Key("summary", "text"),
        Key("source", "source"),
        Key(
            "media",
            "media",
            description="The recording: an http(s) URL, or a path relative to the file.",
        ),
        Key("people", "people", True),
        Key("tags", "textList"),
        Key("annotations", "interviewAnnotations"),
        Key("sections", "sections", True),
    ),
    "source": (
        Key("name", "text"),
        Key("url", "url"),
        Key("published", "date"),
        Key("note", "text"),
    ),
    "person": (
        Key("name", "requiredText", True),
        Key("role", "text"),
        Key("aka", "textList", description="Other names and spellings."),
    ),
    "section": (
        Key("id", "slug"),
        Key("title", "requiredText"),
        Key(
            "question",
            "requiredText",
            description="The question; a section without one holds remarks.",
        ),
        Key("asked_by", "speaker"),
        Key("reported", "boolean"),
        Key("time", "time", description="Where the section starts in the recording."),
        Key("answers", "answers", True),
        Key("annotations", "annotations"),
        Key("topics", "topics", description="What the Q&A is about, as slugs."),
    ),
    "answer": (
        Key("by", "speaker", True),
        Key("quote", "requiredText", True),
        Key("reported", "boolean"),
        Key("time", "time"),
        Key(
            "original",
            "requiredText",
            description="The words in the language they were spoken in.",
        ),
        Key(
            "original_language",
            "language",
            description="The language of 'original', when not the interview's.",
        ),
    ),
    "annotation": (
        Key(
            "on",
            "requiredText",
            description="The exact passage annotated (case-sensitive; any run "
            "of white space matches any other).",
        ),
        Key("prefix", "requiredText", description="Text just before the passage."),
        Key("suffix", "requiredText", description="Text just after the passage."),
        Key("kind", "kind", schema={"default": "note"}),
        Key("note", "requiredText", True),
        Key("by", "text"),
        Key("links", "links"),
        Key(
            "about",
            "speaker",
            description="Interview annotations only: the speaker whose words the note is "
            "about; quotes of that speaker carry it.",
        ),
        Key(
            "replacement",
            "requiredText",
            description="Corrections only: what the passage should read.",
        ),
        Key("verdict", "verdict", description="Fact-checks only."),
        Key("checked_by", "requiredText", description="Fact-checks only: who checked."),
        Key("checked_on", "date", description="Fact-checks only: when."),
    ),
}
"""Every object of the format and its keys, in the order the documentation lists them."""


def key_names(obj: str) -> tuple[str, ...]:
    """The keys of object ``obj`` (``interview``, ``section``, ...), in documentation order."""
    return tuple(key.name for key in OBJECTS[obj])


def required_keys(obj: str) -> tuple[str, ...]:
    """The keys object ``obj`` must have."""
    return tuple(key.name for key in OBJECTS[obj] if key.required)
