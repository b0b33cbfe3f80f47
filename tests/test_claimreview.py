"""schema.org ClaimReview export (reader.export.claimreview): exact JSON-LD."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from reader.export import export
from reader.export.claimreview import left_out, to_claimreview
from reader.model import Anchor, Annotation, Answer, Interview, Person, Section, Source

QUOTE = "We created 800,000 jobs last year (Applause.)"


def claim(verdict: str | None, **extra: object) -> Annotation:
    part = "800,000 jobs"
    start = QUOTE.index(part)
    return Annotation(
        note="The agency's figure is 750,000.",
        kind="fact-check",
        on=part,
        anchor=Anchor("answer", 0, start, start + len(part)),
        verdict=verdict,
        links=("https://stats.example/jobs", "javascript:alert(1)"),
        **extra,  # type: ignore[arg-type]
    )


def make(*annotations: Annotation, url: str | None = "https://example.org/pc#top") -> Interview:
    return Interview(
        path=Path("pc.yaml"),
        id="pc",
        title="Press conference",
        people={"biden": Person("biden", "Joe Biden", "President")},
        sections=(
            Section(
                id="q1",
                number=1,
                title="Jobs",
                question="How many jobs?",
                answers=(Answer("biden", QUOTE, time="1:02:03"),),
                annotations=annotations,
            ),
        ),
        date="2023-01-10",
        source=Source(name="White House", url=url),
        annotations=(Annotation(note="whole", kind="fact-check", verdict="true"),),
    )


def test_a_fact_check_with_a_verdict_is_a_claimreview() -> None:
    interview = make(
        claim("mostly-false", checked_by="Ana Ruiz", checked_on="2023-01-12"),
        claim(None),
        Annotation(note="not a claim", kind="note"),
    )
    data = json.loads(to_claimreview(interview))
    assert data == {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "ClaimReview",
                "claimReviewed": "800,000 jobs",
                "reviewBody": "The agency's figure is 750,000.",
                "itemReviewed": {
                    "@type": "Claim",
                    "author": {"@type": "Person", "name": "Joe Biden", "jobTitle": "President"},
                    "appearance": {
                        "@type": "CreativeWork",
                        "url": "https://example.org/pc#t=3723",
                    },
                    "datePublished": "2023-01-10",
                },
                "reviewRating": {
                    "@type": "Rating",
                    "alternateName": "mostly-false",
                    "ratingValue": 2,
                    "worstRating": 1,
                    "bestRating": 5,
                },
                "author": {"@type": "Person", "name": "Ana Ruiz"},
                "datePublished": "2023-01-12",
                "citation": ["https://stats.example/jobs"],
            }
        ],
    }
    # The one without a verdict and the interview-wide one are left out, and counted.
    assert left_out(interview) == 2
    assert export(interview, "claimreview") == to_claimreview(interview)


def test_unverified_has_no_rating_value_and_no_url_means_no_appearance() -> None:
    interview = make(claim("unverified", by="Desk"), url=None)
    (review,) = json.loads(to_claimreview(interview))["@graph"]
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "unverified"}
    assert "appearance" not in review["itemReviewed"]
    assert review["author"] == {"@type": "Person", "name": "Desk"}
    assert "datePublished" not in review


def test_no_claims_is_an_empty_graph() -> None:
    assert to_claimreview(make()) == '{\n  "@context": "https://schema.org",\n  "@graph": []\n}\n'


def test_the_recording_is_an_appearance_at_the_answer_time() -> None:
    interview = make(claim("false"))
    interview = replace(interview, media="https://media.example/pc.mp4?x=1")
    (review,) = json.loads(to_claimreview(interview))["@graph"]
    # The source page keeps its URL (a time on an article means nothing);
    # the recording gets the answer's time as a Media Fragment.
    assert review["itemReviewed"]["appearance"] == [
        {"@type": "CreativeWork", "url": "https://example.org/pc"},
        {"@type": "MediaObject", "url": "https://media.example/pc.mp4?x=1#t=3723"},
    ]


def test_a_recording_that_is_no_web_link_is_not_an_appearance() -> None:
    for media in ("pc.mp4", "javascript:alert(1)", "file:///tmp/pc.mp4"):
        interview = make(claim("false"), url=None)
        interview = replace(interview, media=media)
        (review,) = json.loads(to_claimreview(interview))["@graph"]
        assert "appearance" not in review["itemReviewed"], media


def test_the_recording_alone_is_one_appearance() -> None:
    interview = make(claim("false"), url=None)
    interview = replace(interview, media="https://media.example/pc.mp4")
    (review,) = json.loads(to_claimreview(interview))["@graph"]
    assert review["itemReviewed"]["appearance"] == {
        "@type": "MediaObject",
        "url": "https://media.example/pc.mp4#t=3723",
    }
