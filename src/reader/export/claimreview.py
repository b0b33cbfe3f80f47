"""Export the fact-checks with a verdict as schema.org ``ClaimReview`` (JSON-LD).

One ``ClaimReview`` (https://schema.org/ClaimReview) per ``fact-check``
annotation that has a ``verdict`` and a passage (``on``), in the export
numbering's reading order, in a ``@graph``::

    {
      "@context": "https://schema.org",
      "@graph": [
        {
          "@type": "ClaimReview",
          "claimReviewed": "the exact passage",
          "reviewBody": "the annotation's note",
          "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Speaker", "jobTitle": "role"},
            "appearance": {"@type": "CreativeWork", "url": "https://...#t=90"},
            "datePublished": "the interview's date"
          },
          "reviewRating": {"@type": "Rating", "alternateName": "mostly-false",
                           "ratingValue": 2, "worstRating": 1, "bestRating": 5},
          "author": {"@type": "Person", "name": "the checker"},
          "datePublished": "the check's date",
          "citation": ["https://source-1", "https://source-2"]
        }
      ]
    }

* ``claimReviewed`` is the passage exactly as published;
* ``itemReviewed.author`` is who said it: the answer's speaker (or, for a
  passage of the question, who asked it), with the role as ``jobTitle``;
* ``itemReviewed.appearance`` is where the claim can be seen or heard: the
  interview's source URL, and the recording (``media``, when it is an
  http(s) URL) as a ``MediaObject`` whose URL has ``#t=SECONDS`` (a Media
  Fragment) when the answer has a ``time``.  Without a recording online,
  the time goes on the source URL (often the video page itself).  One
  appearance is an object, two are a list; none (no http(s) URL at all)
  leaves the key out;
* ``reviewRating.alternateName`` is the verdict as written; the verdicts of
  a scale also get ``ratingValue`` (``false`` 1, ``mostly-false`` 2,
  ``mixed`` 3, ``mostly-true`` 4, ``true`` 5, with ``worstRating`` 1 and
  ``bestRating`` 5), as search engines expect; ``unverified`` and
  ``unsupported`` are only named;
* ``author`` is ``checked_by`` (else the annotation's ``by``), and
  ``datePublished`` is ``checked_on``; each is left out when not given;
* ``citation`` lists the annotation's http(s) links, its sources.

Fact-checks without a verdict, and those on a whole section or the whole
interview (they have no passage to review), are left out:
:func:`left_out` counts them, and ``reader export`` says so on standard error.

The JSON keeps the text exactly; control, bidi and invisible characters are
written as ``\\uXXXX`` escapes so the output is safe on a terminal.

This module imports neither textual nor rich.
"""

from __future__ import annotations

from typing import Any

from reader.export._common import Numbered, numbered_annotations
from reader.export.json import dumps
from reader.links import is_openable
from reader.media import seconds, time_link
from reader.model import Interview

__all__ = ["CONTEXT", "RATING_VALUES", "claimreview_data", "left_out", "to_claimreview"]

CONTEXT = "https://schema.org"

RATING_VALUES: dict[str, int] = {
    "false": 1,
    "mostly-false": 2,
    "mixed": 3,
    "mostly-true": 4,
    "true": 5,
}
"""``reviewRating.ratingValue`` of the verdicts on the 1-5 scale."""


def _reviewable(note: Numbered) -> bool:
    annotation = note.annotation
    return (
        annotation.kind == "fact-check"
        and annotation.verdict is not None
        and note.anchor is not None
        and note.section is not None
    )


def left_out(interview: Interview) -> int:
    """How many fact-checks the export leaves out (no verdict, or no passage)."""
    return sum(
        1
        for note in numbered_annotations(interview)
        if note.annotation.kind == "fact-check" and not _reviewable(note)
    )


def _appearance(interview: Interview, time: str | None) -> list[dict[str, Any]]:
    """Where the claim appears: the source page, and the recording at its time."""
    found: list[dict[str, Any]] = []
    media = interview.media
    recording = media if media and is_openable(media) else None
    source = interview.source
    if source is not None and source.url and is_openable(source.url):
        url = source.url.split("#", 1)[0]
        if time is not None and recording is None:
            url += f"#t={seconds(time)}"
        found.append({"@type": "CreativeWork", "url": url})
    if recording is not None:
        found.append({"@type": "MediaObject", "url": time_link(recording, time) or recording})
    return found


def _speaker(interview: Interview, key: str | None) -> dict[str, Any] | None:
    if key is None:
        return None
    person = interview.person(key)
    author: dict[str, Any] = {"@type": "Person", "name": person.name if person else key}
    if person is not None and person.role:
        author["jobTitle"] = person.role
    return author


def _review(interview: Interview, note: Numbered) -> dict[str, Any]:
    annotation = note.annotation
    anchor = note.anchor
    section = note.section
    assert anchor is not None and section is not None and annotation.verdict is not None
    time = None
    speaker: str | None
    if anchor.field == "answer":
        answer = section.answers[anchor.answer or 0]
        speaker = answer.by
        time = answer.time
    else:
        speaker = section.asked_by
    claim: dict[str, Any] = {"@type": "Claim"}
    author = _speaker(interview, speaker)
    if author is not None:
        claim["author"] = author
    source = interview.source
    appearance = _appearance(interview, time)
    if appearance:
        claim["appearance"] = appearance[0] if len(appearance) == 1 else appearance
    published = interview.date or (source.published if source is not None else None)
    if published:
        claim["datePublished"] = published
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": annotation.verdict}
    if annotation.verdict in RATING_VALUES:
        rating["ratingValue"] = RATING_VALUES[annotation.verdict]
        rating["worstRating"] = 1
        rating["bestRating"] = 5
    review: dict[str, Any] = {
        "@type": "ClaimReview",
        "claimReviewed": note.passage(),
        "reviewBody": annotation.note,
        "itemReviewed": claim,
        "reviewRating": rating,
    }
    checker = annotation.checked_by or annotation.by
    if checker:
        review["author"] = {"@type": "Person", "name": checker}
    if annotation.checked_on:
        review["datePublished"] = annotation.checked_on
    links = [link for link in annotation.links if is_openable(link)]
    if links:
        review["citation"] = links
    return review


def claimreview_data(interview: Interview) -> dict[str, Any]:
    """The ``ClaimReview`` JSON-LD document of ``interview`` as data."""
    return {
        "@context": CONTEXT,
        "@graph": [
            _review(interview, note)
            for note in numbered_annotations(interview)
            if _reviewable(note)
        ],
    }


def to_claimreview(interview: Interview) -> str:
    """The ``ClaimReview`` JSON-LD export of ``interview``."""
    return dumps(claimreview_data(interview))
