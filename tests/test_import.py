"""``reader import``: the real transcripts, every label form, the options and the CLI.

The expected numbers for the real transcripts were counted by hand from the
sources (tests/fixtures/transcripts, copies of ../shared/sources), not taken
from the importer's output.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from reader.importer import (
    REMARKS_TITLE,
    TranscriptError,
    decode_transcript,
    import_transcript,
)
from reader.loader import load_text
from reader.model import Interview
from reader.yamlwrite import dump

TRANSCRIPTS = Path(__file__).parent / "fixtures" / "transcripts"
TRILATERAL = TRANSCRIPTS / "03-wh-trilateral-press-conference-mexico-city-2023-01-10.txt"
FOX = TRANSCRIPTS / "04-wh-fox-sports-interview-daytona-2025-02-16.txt"
PHAILIN = TRANSCRIPTS / "05-wikinews-cyclone-phailin-expert-panel.txt"
ARTICLE = TRANSCRIPTS / "come-back-to-me-director-interview.txt"


def load_imported(path: Path, **options: object) -> tuple[Interview, dict[str, object], list[str]]:
    """Import ``path`` and load the YAML with the strict loader (which must accept it)."""
    result = import_transcript(decode_transcript(path.read_bytes()), name=path.name, **options)
    text = dump(result.document)
    loaded = load_text(text, Path("imported.yaml"))
    assert loaded.problems == (), [str(p) for p in loaded.problems]
    assert loaded.interview is not None
    # Plain YAML 1.1 reads the same text too (every scalar stays a string).
    assert yaml.safe_load(text) == result.document
    return loaded.interview, result.document, [str(n) for n in result.skipped]


def shape(interview: Interview) -> list[tuple[str | None, list[str]]]:
    """Each section as (who asks, [who answers, in order])."""
    return [(s.asked_by, [a.by for a in s.answers]) for s in interview.sections]


def turns(interview: Interview) -> dict[str, int]:
    """Turns per speaker key: questions asked plus answers given."""
    counts: dict[str, int] = {}
    for section in interview.sections:
        if section.asked_by:
            counts[section.asked_by] = counts.get(section.asked_by, 0) + 1
        for answer in section.answers:
            counts[answer.by] = counts.get(answer.by, 0) + 1
    return counts


# --- the real transcripts, counted by hand ---------------------------------------------


def test_trilateral_press_conference_sections_and_turns() -> None:
    interview, _, _ = load_imported(TRILATERAL)
    biden, trudeau, amlo = "president-biden", "prime-minister-trudeau", "president-lopez-obrador"
    # By hand: three opening statements with no question, then the
    # moderator opens the Q&A and Biden calls on AP (both remarks, nobody
    # asked); Colleen Long (Q) asks, Biden answers, with her crosstalk ("I —
    # yes, I asked if we —", "Oh. (Laughs.)") inside the same Q&A, and the
    # moderator handing over to CBC at its end; David Cochrane asks Trudeau
    # (his "(Inaudible.)" follow-up stays inside); Sara Pablo asks López
    # Obrador twice, Biden closes.
    assert shape(interview) == [
        (None, [biden, trudeau, amlo, "moderator", biden]),
        ("q", [biden, "q", biden, "q", biden, "moderator", trudeau]),
        ("q", [trudeau, "q", trudeau, "moderator"]),
        ("q", [amlo]),
        ("q", [amlo, biden]),
    ]
    assert turns(interview) == {biden: 6, trudeau: 4, amlo: 3, "moderator": 3, "q": 7}
    opening = interview.sections[0]
    assert opening.title == REMARKS_TITLE
    assert not opening.has_question
    assert opening.question == ""
    assert opening.reported is False


def test_trilateral_people_title_date_and_source() -> None:
    interview, document, _ = load_imported(TRILATERAL)
    assert interview.title == (
        "Remarks by President Biden, Prime Minister Trudeau, and President López Obrador "
        "in Joint Press Conference"
    )
    assert interview.date == "2023-01-10"
    assert interview.source is not None
    assert interview.source.url == (
        "https://bidenwhitehouse.archives.gov/briefing-room/speeches-remarks/2023/01/10/"
        "remarks-by-president-biden-prime-minister-trudeau-and-president-lopez-obrador-in-"
        "joint-press-conference/"
    )
    assert interview.source.published == "2023-01-10"
    assert interview.tags == ("speeches-remarks",)
    assert {key: p.name for key, p in interview.people.items()} == {
        "president-biden": "President Biden",
        "prime-minister-trudeau": "Prime Minister Trudeau",
        "president-lopez-obrador": "President López Obrador",
        "moderator": "Moderator",
        "q": "Q",
    }
    # Keys in the order of docs/format.md; empty optional fields left out.
    assert list(document) == [
        "reader",
        "title",
        "date",
        "source",
        "people",
        "tags",
        "annotations",
        "sections",
    ]
    # López Obrador's and the moderator's words are all "(As interpreted.)":
    # a note about each, which travels only with their quotes.
    assert [(a.about, a.kind) for a in interview.annotations] == [
        ("president-lopez-obrador", "translation"),
        ("moderator", "translation"),
    ]
    assert list(document["source"]) == ["url", "published"]  # type: ignore[arg-type]


def test_trilateral_skips_place_and_times_with_line_numbers() -> None:
    result = import_transcript(TRILATERAL.read_text(encoding="utf-8"), name=TRILATERAL.name)
    assert [(n.line, n.message, n.text) for n in result.skipped] == [
        (10, "text before the first speaker label", "National Palace\nMexico City, Mexico"),
        (13, "time", "5:02 P.M. CST"),
        (998, "time", "6:15 P.M. CST"),
    ]


def test_trilateral_text_is_joined_kept_and_split_into_paragraphs() -> None:
    interview, _, _ = load_imported(TRILATERAL)
    opening = interview.sections[0]
    biden = opening.answers[0].quote
    assert biden.startswith(
        "Thank you very much. It’s wonderful to be back here in Mexico City. And I want to "
        "thank you, Mr. President, for hosting the Prime Minister and me for the 10th North "
        "American Leaders’ Summit. This is a magnificent fora.\n\nAnd we’re true partners,"
    )
    # A line that ended in two spaces (a Markdown line break) is still joined.
    assert "bipartisan investments in infrastructure and innovation" in biden
    assert biden.endswith("\n\nThank you very much. (Applause.)")
    # Stage directions stay where they are.
    assert "\n\n(Speaks French.) (As interpreted.) During these 30 years," in (
        opening.answers[1].quote
    )
    assert opening.answers[2].quote.startswith("(As interpreted.) I want to thank, in a very")
    # Colleen Long's question: five paragraphs; "Quiero preguntar:" inside a
    # paragraph is Spanish, not a speaker.
    question = interview.sections[1].question
    paragraphs = question.split("\n\n")
    assert len(paragraphs) == 5
    assert paragraphs[0] == "Thanks, Mr. President. Hola, Señor. And hi, Prime Minister Trudeau."
    assert paragraphs[4].startswith(
        "Y señor, usted Presidente, muchas gracias por la bienvenida esta semana. "
        "Quiero preguntar: You said that you would accept"
    )
    assert interview.sections[2].answers[1].quote == "(Inaudible.)"
    last = interview.sections[-1]
    assert last.answers[-1].quote == (
        "I want the record to show — I don’t know what questions I didn’t answer. "
        "I’m prepared later. Thank you very much."
    )
    assert "P.M." not in last.answers[-1].quote


def test_fox_sports_interview() -> None:
    interview, _, _ = load_imported(FOX)
    # By hand: eight Q / THE PRESIDENT exchanges, no opening remarks; three
    # of Q's turns are short prompts with no question ("You brought your
    # granddaughter.", "And you just got to meet some of the drivers.", "Mr.
    # President, enjoy your time."): they stay inside the Q&A before them.
    q, trump = "q", "the-president"
    assert shape(interview) == [
        (q, [trump]),
        (q, [trump, q, trump]),
        (q, [trump]),
        (q, [trump, q, trump]),
        (q, [trump, q, trump]),
    ]
    assert turns(interview) == {"q": 8, "the-president": 8}
    assert interview.title == "Interview of President Trump by Jamie Little, “Fox Sports”"
    assert interview.date == "2025-02-16"
    first = interview.sections[0]
    # Non-breaking spaces are spaces; wrapped lines joined; runs of spaces one.
    assert first.question == (
        "I’m joined now by the president of the United States. Mr. President, five years "
        "ago, we were standing in this very spot."
    )
    assert first.answers[0].quote == "That’s right."
    assert interview.sections[-1].answers[-1].quote == "Thank you very much. Great."
    for section in interview.sections:
        for text in [section.question, *(a.quote for a in section.answers)]:
            assert "\xa0" not in text and "  " not in text


def test_fox_sports_skips_and_front_matter_warning() -> None:
    result = import_transcript(FOX.read_text(encoding="utf-8"), name=FOX.name)
    assert [(n.line, n.message, n.text) for n in result.skipped] == [
        (
            10,
            "text before the first speaker label",
            "Daytona International Speedway\nDaytona, Florida",
        ),
        (13, "time", "1:44 P.M. EST"),
        (61, "end mark", "END 1:45 P.M. EST"),
    ]
    assert [(n.line, n.message) for n in result.warnings] == [
        (1, "front matter keys not used: modified_time")
    ]


PHAILIN_EXPERTS = ["richman", "snow", "saravanan", "zhang", "titley", "knight", "morrissey"]


def test_wikinews_panel_with_interviewer_option() -> None:
    interview, _, _ = load_imported(PHAILIN, interviewers=["Wikinews"])
    # By hand: two Wikinews questions, each answered by the seven experts in order.
    assert shape(interview) == [("wikinews", PHAILIN_EXPERTS)] * 2
    assert turns(interview) == {"wikinews": 2} | {key: 2 for key in PHAILIN_EXPERTS}
    assert interview.title == "Wikinews interviews meteorological experts on Cyclone Phalin"
    snow = interview.sections[0].answers[1].quote
    assert snow.split("\n\n") == [
        "Yes, it will loose strength steadily as more and more of this swirling system moves "
        "from being over ocean to being over land. This occurs for two reasons:",
        "As it moves over land, it is cut off from the source of energy driving the storm "
        "[which is] the evaporation of water from the warm sea surface;",
        "Increased friction - the ocean surface is much, much smoother than the land surface.",
    ]
    # The photo caption between the questions is not Morrissey's.
    assert interview.sections[0].answers[-1].quote == (
        "Once Cyclone Phailin comes on shore it will immediately begin to lose strength. "
        "However, and this is important, it still will contain lots of rainfall making "
        "flooding an almost certainty."
    )
    result = import_transcript(PHAILIN.read_text(encoding="utf-8"), interviewers=["wikinews"])
    assert [(n.line, n.message) for n in result.skipped] == [
        (3, "photo caption"),
        (25, "photo caption"),
    ]
    assert result.title_from == "first line"


def test_wikinews_panel_without_interviewer_label_guesses_who_asks() -> None:
    # Wikinews ends both of its turns with a question mark, no expert does.
    interview, _, _ = load_imported(PHAILIN)
    assert shape(interview) == [("wikinews", PHAILIN_EXPERTS)] * 2
    result = import_transcript(PHAILIN.read_text(encoding="utf-8"))
    assert [n.message for n in result.warnings] == [
        "no interviewer label; Wikinews asks most of the questions, so Wikinews is taken as "
        "the interviewer (say otherwise with --interviewer)"
    ]


def test_article_without_speaker_labels_is_refused_cleanly() -> None:
    with pytest.raises(
        TranscriptError,
        match=r"^no speaker label found \(the forms read are listed by reader import --help\), "
        r"and no questions told",
    ):
        import_transcript(ARTICLE.read_text(encoding="utf-8"))
