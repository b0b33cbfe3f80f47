"""Export the annotations as a W3C Web Annotation ``AnnotationCollection`` (JSON-LD).

Each annotation becomes an ``Annotation`` (https://www.w3.org/TR/annotation-model/):

* ``motivation`` from the reader/1 kind: ``note`` -> ``commenting``,
  ``context`` -> ``describing``, ``correction`` -> ``editing``,
  ``fact-check`` -> ``assessing``, ``source`` -> ``linking``, and
  ``translation`` -> ``describing`` (the model has no motivation for
  translations; a translation note describes what the passage says in its
  original language, so it *describes* the target);
* ``body``: a ``TextualBody`` with the note (``format: text/plain``, its
  ``creator`` from ``by``), a ``tagging`` body with the reader/1 kind (so the
  kind survives a round trip and shows as a tag in Hypothesis-style tools),
  and one ``linking`` body per link; a correction's ``replacement`` is an
  ``editing`` body (its note is then ``commenting``), a fact-check's
  ``verdict`` a ``classifying`` body;
* ``target``: for a passage, its ``source`` and a ``TextQuoteSelector`` whose
  ``exact`` is the anchored text and whose ``prefix``/``suffix`` are the 32
  characters around it (more when 32 do not make it unique in its text); for
  a whole section or the whole interview, just the IRI.  When the
  interview's recording (``media``) is an http(s) URL and the passage's
  answer (for a question or a whole section: the section) has a ``time``,
  the annotation has a second target: the recording, with a
  ``FragmentSelector`` conforming to Media Fragments (``t=724``), so a
  media annotation tool finds the moment too.

Sources are URNs by default: ``urn:reader:ID`` for the interview,
``urn:reader:ID:SECTION`` for a section, ``urn:reader:ID:SECTION:question``
and ``urn:reader:ID:SECTION:answer-N`` (N from 1) for the texts passages are
in.  With ``base`` (the http(s) URL where the HTML export is published) every
target's source is that page and annotation ids are ``BASE#note_N``, the ids
of the notes in the HTML export.

The JSON keeps the text exactly; control, bidi and invisible characters are
written as ``\\uXXXX`` escapes so the output is safe on a terminal.

This module imports neither textual nor rich.
"""

from __future__ import annotations

from typing import Any

from reader import __version__
from reader.export._common import Numbered, kind_of, numbered_annotations
from reader.export.json import dumps
from reader.links import is_openable
from reader.media import seconds
from reader.model import Interview, Section

__all__ = ["CONTEXT", "CONTEXT_CHARS", "MOTIVATIONS", "quote_selector", "to_w3c", "w3c_data"]

CONTEXT = "http://www.w3.org/ns/anno.jsonld"

CONTEXT_CHARS = 32
"""Characters of prefix and suffix taken around a passage (at least)."""

MOTIVATIONS: dict[str, str] = {
    "note": "commenting",
    "context": "describing",
    "correction": "editing",
    "translation": "describing",
    "source": "linking",
    "fact-check": "assessing",
}
"""The W3C motivation for each reader/1 annotation kind."""


def _occurrences(text: str, exact: str, prefix: str, suffix: str) -> list[int]:
    found = []
    index = text.find(exact)
    while index >= 0:
        if text.endswith(prefix, 0, index) and text.startswith(suffix, index + len(exact)):
            found.append(index)
        index = text.find(exact, index + 1)
    return found


def quote_selector(text: str, start: int, end: int) -> dict[str, str]:
    """A ``TextQuoteSelector`` for ``text[start:end]`` that finds only that occurrence."""
    exact = text[start:end]
    width = CONTEXT_CHARS
    while True:
        prefix = text[max(0, start - width) : start]
        suffix = text[end : end + width]
        if _occurrences(text, exact, prefix, suffix) == [start]:
            break
        if start - width <= 0 and end + width >= len(text):
            break  # the whole text is the context: nothing more to add
        width *= 2
    selector = {"type": "TextQuoteSelector", "exact": exact}
    if prefix:
        selector["prefix"] = prefix
    if suffix:
        selector["suffix"] = suffix
    return selector


class _Iris:
    """The IRIs of an interview's parts, as URNs or on a published page."""

    def __init__(self, interview: Interview, base: str | None) -> None:
        self.base = base
        self.root = base if base else f"urn:reader:{interview.id}"

    def collection(self) -> str:
        return f"{self.root}#annotations" if self.base else f"{self.root}:annotations"

    def page(self) -> str:
        return f"{self.root}#annotations-page-1" if self.base else f"{self.root}:annotations:page-1"

    def annotation(self, number: int) -> str:
        return f"{self.root}#note_{number}" if self.base else f"{self.root}:annotation-{number}"

    def section(self, section: Section) -> str:
        return f"{self.root}#{section.id}" if self.base else f"{self.root}:{section.id}"

    def text(self, section: Section, field: str, answer: int | None) -> str:
        if self.base:
            return self.root
        which = "question" if field == "question" else f"answer-{(answer or 0) + 1}"
        return f"{self.root}:{section.id}:{which}"


def _annotation(note: Numbered, iris: _Iris, media: str | None) -> dict[str, Any]:
    annotation = note.annotation
    kind = kind_of(annotation)
    motivation = MOTIVATIONS[kind]
    text_body: dict[str, Any] = {
        "type": "TextualBody",
        "value": annotation.note,
        "format": "text/plain",
        "purpose": motivation,
    }
    if annotation.by:
        text_body["creator"] = {"name": annotation.by}
    bodies: list[dict[str, Any]] = [
        text_body,
        {"type": "TextualBody", "value": kind, "purpose": "tagging"},
    ]
    if annotation.replacement is not None:
        # The replacement is the edit; the note, beside it, comments on it.
        text_body["purpose"] = "commenting"
        bodies.append(
            {
                "type": "TextualBody",
                "value": annotation.replacement,
                "format": "text/plain",
                "purpose": "editing",
            }
        )
    if kind == "fact-check" and annotation.verdict is not None:
        bodies.append(
            {"type": "TextualBody", "value": annotation.verdict, "purpose": "classifying"}
        )
    bodies += [{"id": url, "purpose": "linking"} for url in annotation.links if is_openable(url)]
    target: str | dict[str, Any]
    anchor = note.anchor
    if note.section is None:
        target = iris.root
    elif anchor is None:
        target = iris.section(note.section)
    else:
        text = note.section.text_of(anchor.field, anchor.answer)
        target = {
            "source": iris.text(note.section, anchor.field, anchor.answer),
            "selector": quote_selector(text, anchor.start, anchor.end),
        }
    moment = _moment(note, media)
    return {
        "id": iris.annotation(note.number),
        "type": "Annotation",
        "motivation": motivation,
        "body": bodies,
        "target": target if moment is None else [target, moment],
    }


def _moment(note: Numbered, media: str | None) -> dict[str, Any] | None:
    """The recording at the annotated passage's time, as a second target (or None)."""
    section = note.section
    if section is None or not media or not is_openable(media):
        return None
    anchor = note.anchor
    time: str | None
    if anchor is not None and anchor.field == "answer":
        time = section.answers[anchor.answer or 0].time
    else:
        time = section.time or (section.answers[0].time if section.answers else None)
    if time is None:
        return None
    return {
        "source": media.split("#", 1)[0],
        "selector": {
            "type": "FragmentSelector",
            "conformsTo": "http://www.w3.org/TR/media-frags/",
            "value": f"t={seconds(time)}",
        },
    }


def w3c_data(interview: Interview, base: str | None = None) -> dict[str, Any]:
    """The ``AnnotationCollection`` of ``interview`` as JSON-ready data.

    ``base``, when given, must be an http(s) URL (the published HTML export).
    """
    if base is not None and (not is_openable(base) or "#" in base):
        raise ValueError(f"base must be an http(s) URL without a fragment, not {base!r}")
    iris = _Iris(interview, base)
    items = [_annotation(note, iris, interview.media) for note in numbered_annotations(interview)]
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "id": iris.collection(),
        "type": "AnnotationCollection",
        "label": f"Annotations on {interview.title}",
        "generator": {"type": "Software", "name": f"reader {__version__}"},
        "total": len(items),
    }
    if items:
        data["first"] = {
            "id": iris.page(),
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        }
    return data


def to_w3c(interview: Interview, base: str | None = None) -> str:
    """The W3C Web Annotation JSON-LD export of ``interview``'s annotations."""
    return dumps(w3c_data(interview, base))
