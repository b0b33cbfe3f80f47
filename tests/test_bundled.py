"""The bundled interviews load cleanly and say exactly what their sources say.

These tests pin the encoding of the two interviews shipped with reader: how
many sections and answers each has, who speaks, which passages the
annotations anchor to, and a few quotes checked word for word against the
sources (the article in the project's sources, and the White House
transcript of 10 January 2023).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.loader import load_file
from reader.model import Annotation, Interview, Section
from reader.paths import bundled_interviews
from reader.qaref import section_for
from reader.text import fold_whitespace

COME_BACK = "come-back-to-me.yaml"
TRILATERAL = "trilateral-press-conference-2023.yaml"


def _load(name: str) -> Interview:
    result = load_file(bundled_interviews() / name)
    assert [str(p) for p in result.problems] == []
    assert result.interview is not None
    return result.interview


@pytest.fixture(scope="module")
def come_back() -> Interview:
    return _load(COME_BACK)


@pytest.fixture(scope="module")
def trilateral() -> Interview:
    return _load(TRILATERAL)


def _section(interview: Interview, section_id: str) -> Section:
    section = section_for(interview, section_id)
    assert section is not None, section_id
    return section


def _annotation(section: Section, on: str) -> Annotation:
    matches = [a for a in section.annotations if a.on is not None and fold(a.on) == on]
    assert len(matches) == 1, (section.id, on, len(matches))
    return matches[0]


def fold(text: str) -> str:
    return fold_whitespace(text)[0]


def _anchored(section: Section, annotation: Annotation) -> tuple[str, int | None, str]:
    """Where an annotation is anchored: field, answer index, and the exact text."""
    anchor = annotation.anchor
    assert anchor is not None
    text = section.text_of(anchor.field, anchor.answer)[anchor.start : anchor.end]
    return anchor.field, anchor.answer, text


def test_bundled_folder_holds_both_interviews() -> None:
    names = {p.name for p in bundled_interviews().glob("*.yaml")}
    assert {COME_BACK, TRILATERAL} <= names


@pytest.mark.parametrize("name", [COME_BACK, TRILATERAL])
def test_every_speaker_and_asker_is_a_person(name: str) -> None:
    interview = _load(name)
    for section in interview.sections:
        assert section.asked_by is None or section.asked_by in interview.people
        for answer in section.answers:
            assert answer.by in interview.people


@pytest.mark.parametrize("name", [COME_BACK, TRILATERAL])
def test_every_passage_annotation_is_anchored(name: str) -> None:
    interview = _load(name)
    for section in interview.sections:
        for annotation in section.annotations:
            if annotation.on is None:
                assert annotation.anchor is None
            else:
                _, _, text = _anchored(section, annotation)
                assert fold(text) == fold(annotation.on).strip()


# --- "Come Back to Me": the director interview --------------------------------


def test_come_back_metadata(come_back: Interview) -> None:
    assert come_back.id == "come-back-to-me"
    assert come_back.date == "2024-05"
    assert come_back.language == "en"
    assert come_back.source is not None
    assert come_back.source.url is None
    assert "@KNJsSource" in (come_back.source.note or "")


def test_come_back_people(come_back: Interview) -> None:
    assert list(come_back.people) == ["lee", "rm", "interviewer"]
    lee = come_back.people["lee"]
    assert (lee.name, lee.role, lee.aka) == (
        "Lee Sung-jin",
        "Director, 'Come Back to Me' music video",
        ("Lee Sung-gin",),
    )
    assert come_back.people["rm"].aka == ("Kim Namjoon",)


def test_come_back_sections(come_back: Interview) -> None:
    assert [s.id for s in come_back.sections] == [
        "introduction",
        "addictive-track",
        "why-direct",
        "the-message",
        "the-door",
        "the-last-day",
    ]
    # The article prints no question verbatim: every question is its report.
    assert all(s.reported for s in come_back.sections)
    assert [len(s.answers) for s in come_back.sections] == [2, 1, 2, 2, 1, 3]
    assert [[a.reported for a in s.answers] for s in come_back.sections] == [
        [True, False],
        [True],
        [True, False],
        [True, False],
        [True],
        [True, False, True],
    ]
    assert sum(1 for a in come_back.sections[0].answers if a.by == "lee") == 2
    assert come_back.annotation_count == 19
    # Issue 15: the article's own spellings give the corrections their replacements,
    # its own quote settles one claim, and every section has topics.
    intro = come_back.sections[0]
    assert [(a.on, a.replacement) for a in intro.annotations if a.replacement] == [
        ("Lee Sung-gin", "Lee Sung-jin"),
        ("Sung-gin", "Sung-jin"),
    ]
    why = next(s for s in come_back.sections if s.id == "why-direct")
    assert [(a.verdict, a.checked_by) for a in why.annotations if a.kind == "fact-check"] == [
        ("true", "the reader project, against the article's own quote"),
        ("unverified", None),
    ]
    assert all(s.topics for s in come_back.sections)
    assert [a.kind for a in come_back.annotations] == ["translation", "note"]
    assert "@KNJsSource" in come_back.annotations[0].note


def test_come_back_quotes_word_for_word(come_back: Interview) -> None:
    assert come_back.sections[0].answers[1].quote == (
        "I don't think I will forget the smiling faces I saw at that moment for a long time."
    )
    assert _section(come_back, "why-direct").answers[1].quote == (
        "This was my first time directing a music video. The reason I decided to work on "
        "'Come back to me' is purely because of RM. I love BTS so much that I went to see "
        '"LOVE YOURSELF: SPEAK YOURSELF," held at the Rose Bowl Stadium in Los Angeles back '
        "in 2019. And to be honest, the member I liked and found most interesting was RM. "
        "I'm also a fan of San Yawn of Balming Tiger, Ohhyuk of Hyukoh, and Junkyrd, who "
        "co-wrote this song, so I had no reason not to seize the opportunity to work with "
        "these creative geniuses."
    )
    last_day = _section(come_back, "the-last-day").answers[1].quote
    assert last_day.startswith(
        "I remember the last day of filming, right after we shot the final take of the "
        "crane shot. Jake Schreier, a close friend and co-worker on 'Beef', participated"
    )
    # The opening paragraph's quote is the last sentence of this one.
    assert last_day.endswith(" " + come_back.sections[0].answers[1].quote)
    # The article's two paragraphs stay two paragraphs.
    assert _section(come_back, "addictive-track").answers[0].quote.count("\n\n") == 1


def test_come_back_rose_bowl_annotation(come_back: Interview) -> None:
    passage = (
        '"LOVE YOURSELF: SPEAK YOURSELF," held at the Rose Bowl Stadium in Los Angeles back in 2019'
    )
    section = _section(come_back, "why-direct")
    annotation = _annotation(section, passage)
    assert annotation.kind == "context"
    assert _anchored(section, annotation) == ("answer", 1, passage)
    assert "May 4 and 5, 2019" in annotation.note


def test_come_back_anchors(come_back: Interview) -> None:
    intro = _section(come_back, "introduction")
    credit = _annotation(intro, "as translated by X user @KNJsSource")
    assert credit.kind == "source"
    assert _anchored(intro, credit) == ("answer", 0, "as translated by X user @KNJsSource")
    gin = _annotation(intro, "Lee Sung-gin")
    assert gin.kind == "correction"
    assert _anchored(intro, gin) == ("question", None, "Lee Sung-gin")
    video = _annotation(intro, "RM's latest music video")
    assert "May 10, 2024" in video.note

    # "Lee Sung-jin" is in both the question and the answer: the suffix picks the question.
    track = _section(come_back, "addictive-track")
    jin = _annotation(track, "Lee Sung-jin")
    assert jin.suffix is not None
    assert jin.anchor is not None
    assert (jin.anchor.field, jin.anchor.start, jin.anchor.end) == ("question", 9, 21)

    why = _section(come_back, "why-direct")
    writers = _annotation(
        why, "San Yawn of Balming Tiger, Ohhyuk of Hyukoh, and Junkyrd, who co-wrote this song"
    )
    assert _anchored(why, writers)[:2] == ("answer", 1)

    message = _section(come_back, "the-message")
    # The passage spans a line break of a folded scalar in the file.
    team = _annotation(message, "the production team, 'TEAM RM'")
    assert _anchored(message, team) == ("answer", 1, "the production team, 'TEAM RM'")
    album = _annotation(message, "this album")
    assert "Right Place, Wrong Person" in album.note
    assert "May 24 at 1 pm KST" in album.note

    door = _section(come_back, "the-door")
    lights = _annotation(door, "the three lights on the door")
    assert _anchored(door, lights) == ("answer", 0, "the three lights on the door")

    last_day = _section(come_back, "the-last-day")
    beef = _annotation(last_day, "Jake Schreier, a close friend and co-worker on 'Beef'")
    assert _anchored(last_day, beef)[:2] == ("answer", 1)


# --- The trilateral press conference, Mexico City, 10 January 2023 -------------


def test_trilateral_metadata(trilateral: Interview) -> None:
    assert trilateral.id == "trilateral-press-conference-2023"
    assert trilateral.date == "2023-01-10"
    assert trilateral.title == (
        "Remarks by President Biden, Prime Minister Trudeau, and President López Obrador "
        "in Joint Press Conference"
    )
    source = trilateral.source
    assert source is not None
    assert source.name == "The White House (archived)"
    assert source.published == "2023-01-10"
    assert source.url == (
        "https://bidenwhitehouse.archives.gov/briefing-room/speeches-remarks/2023/01/10/"
        "remarks-by-president-biden-prime-minister-trudeau-and-president-lopez-obrador-"
        "in-joint-press-conference/"
    )
    assert "public domain" in (source.note or "")


def test_trilateral_people(trilateral: Interview) -> None:
    assert list(trilateral.people) == [
        "biden",
        "trudeau",
        "lopez-obrador",
        "moderator",
        "colleen-long",
        "david-cochrane",
        "sara-pablo",
    ]
    amlo = trilateral.people["lopez-obrador"]
    assert amlo.name == "Andrés Manuel López Obrador"
    assert "AMLO" in amlo.aka


def test_trilateral_sections(trilateral: Interview) -> None:
    sections = trilateral.sections
    assert [s.id for s in sections] == [
        "opening-statements",
        "border-documents-haiti",
        "supply-chains-haiti",
        "migration-fentanyl-energy",
    ]
    # The opening statements answer no question: a section of remarks.
    assert [s.has_question for s in sections] == [False, True, True, True]
    assert [s.reported for s in sections] == [False, False, False, False]
    assert [s.asked_by for s in sections] == [None, "colleen-long", "david-cochrane", "sara-pablo"]
    assert [[a.by for a in s.answers] for s in sections] == [
        ["biden", "trudeau", "lopez-obrador"],
        ["biden", "colleen-long", "biden", "colleen-long", "biden"],
        ["trudeau", "david-cochrane", "trudeau"],
        ["lopez-obrador", "sara-pablo", "lopez-obrador", "biden"],
    ]
    assert not any(a.reported for s in sections for a in s.answers)
    assert trilateral.annotation_count == 27
    assert all(s.topics for s in trilateral.sections)
    claims = [a for s in trilateral.sections for a in s.annotations if a.kind == "fact-check"]
    assert [a.verdict for a in claims] == ["unverified", "unverified"]


def test_trilateral_quotes_word_for_word(trilateral: Interview) -> None:
    opening, border, supply, migration = trilateral.sections
    assert opening.answers[0].quote.startswith(
        "Thank you very much. It’s wonderful to be back here in Mexico City. And I want to "
        "thank you, Mr. President, for hosting the Prime Minister and me for the 10th North "
        "American Leaders’ Summit. This is a magnificent fora.\n\nAnd we’re true partners,"
    )
    assert opening.answers[2].quote.startswith(
        "(As interpreted.) I want to thank, in a very sincere fashion, the participation of "
        "President Biden"
    )
    assert border.answers[0].quote.startswith(
        "I’ll answer first?\n\nWell, let me get rid of the easy one first."
    )
    assert border.answers[0].quote.endswith(
        "The first question, now I forgot. (Laughter.) Your first question related to —"
    )
    assert [a.quote for a in border.answers[1:4]] == [
        "I — yes, I asked if we — I asked if the —",
        "I’m only joking.",
        "Oh. (Laughs.)",
    ]
    assert supply.answers[1].quote == "(Inaudible.)"
    assert supply.answers[2].quote.startswith(
        "(Speaks French.) (As interpreted.) Briefly, in French: In regard to Haiti,"
    )
    assert migration.question.startswith(
        "(As interpreted.) Yes. Good afternoon, Presidents, Prime Minister."
    )
    assert migration.answers[1].quote == (
        "(As interpreted.) On fentanyl? On fentanyl and energy consultations?"
    )
    assert migration.answers[3].quote == (
        "I want the record to show — I don’t know what questions I didn’t answer. "
        "I’m prepared later. Thank you very much."
    )


def test_trilateral_paragraphs_and_spaces(trilateral: Interview) -> None:
    opening, migration = trilateral.sections[0], trilateral.sections[3]
    # Paragraph counts of the transcript's long turns survive the YAML.
    assert [a.quote.count("\n\n") + 1 for a in opening.answers] == [25, 23, 22]
    assert migration.answers[0].quote.count("\n\n") + 1 == 39
    texts = [s.question for s in trilateral.sections] + [
        a.quote for s in trilateral.sections for a in s.answers
    ]
    for text in texts:
        assert "\xa0" not in text
        assert "\n\n\n" not in text
        assert all(line == line.strip() for line in text.split("\n"))


def test_trilateral_anchors(trilateral: Interview) -> None:
    opening, border, supply, migration = trilateral.sections
    summit = _annotation(opening, "10th North American Leaders’ Summit")
    assert _anchored(opening, summit) == ("answer", 0, "10th North American Leaders’ Summit")
    declaration = _annotation(opening, "Los Angeles Declaration on Migration and Protection")
    assert declaration.kind == "context"
    assert _anchored(opening, declaration)[:2] == ("answer", 0)

    # "(As interpreted.)" occurs many times in the opening statements; the suffix
    # picks the start of President López Obrador's statement.
    interpreted = _annotation(opening, "(As interpreted.)")
    assert interpreted.kind == "translation"
    assert interpreted.anchor is not None
    assert (interpreted.anchor.field, interpreted.anchor.answer) == ("answer", 2)
    assert (interpreted.anchor.start, interpreted.anchor.end) == (0, len("(As interpreted.)"))

    # Prime Minister Trudeau's first switch to French, picked by a prefix that
    # spans a paragraph break.
    french = _annotation(opening, "(Speaks French.) (As interpreted.)")
    assert french.anchor is not None
    assert french.anchor.answer == 1
    trudeau = opening.answers[1].quote
    assert trudeau[: french.anchor.start].endswith("friends and trading partners.\n\n")
    assert trudeau.index("(Speaks French.)") == french.anchor.start

    spanish = _annotation(
        border,
        "Y señor, usted Presidente, muchas gracias por la bienvenida esta semana. "
        "Quiero preguntar:",
    )
    assert spanish.kind == "translation"
    assert _anchored(border, spanish)[:2] == ("question", None)

    inaudible = _annotation(supply, "(Inaudible.)")
    assert _anchored(supply, inaudible) == ("answer", 1, "(Inaudible.)")

    # Each interpreted answer of President López Obrador carries a translation note
    # on its leading "(As interpreted.)".
    interpreted_answers = [
        a.anchor.answer
        for a in migration.annotations
        if a.kind == "translation"
        and a.anchor is not None
        and a.anchor.field == "answer"
        and (a.anchor.start, a.anchor.end) == (0, len("(As interpreted.)"))
    ]
    assert interpreted_answers == [0, 2]

    guzman = _annotation(migration, "Ovidio Guzmán")
    assert _anchored(migration, guzman) == ("question", None, "Ovidio Guzmán")


def test_trilateral_introductions_keep_the_transcript_words(trilateral: Interview) -> None:
    intros = [s.annotations[0] for s in trilateral.sections[1:]]
    assert all(a.on is None and a.note.startswith("Before this question:") for a in intros)
    assert intros[0].note.endswith(
        "PRESIDENT BIDEN: All right. I was having trouble hearing, but I’d like to call on "
        "Associated Press, Colleen Long, for the first question."
    )
    assert (
        "PRIME MINISTER TRUDEAU: (Inaudible) question. And I’ll fold the Haiti question in as well."
        in (intros[1].note)
    )
    assert intros[2].note == (
        "Before this question:\n\nMODERATOR: (As interpreted.) Sara Pablo of the Formula Group "
        "will pose a question to the constitutional President of the United Mexican States."
    )


def test_repository_copy_is_the_bundled_copy() -> None:
    """The files the tests read are the ones in the repository's interviews/."""
    repo = Path(__file__).resolve().parents[1] / "interviews"
    for name in (COME_BACK, TRILATERAL):
        assert (bundled_interviews() / name).read_bytes() == (repo / name).read_bytes()
