"""Citation formatting (reader.quote): exact Markdown, text and JSON output."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from reader.model import Anchor, Annotation, Answer, Interview, Person, Section, Source
from reader.quote import (
    citation,
    copy_summary,
    format_answer,
    format_section,
)

QUESTION = "Why a door?"
VERBATIM = "The door is a symbol.\nIt opens.\n\nIt has three lights."
REPORTED = "He said the song came first."
PEOPLE = {
    "lee": Person("lee", "Lee Sung-jin", "director"),
    "kim": Person("kim", "Kim"),
}


WEVERSE = Source(name="Weverse Magazine", url="https://example.org/a")


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def make(
    *,
    annotations: tuple[Annotation, ...] = (),
    interview_annotations: tuple[Annotation, ...] = (),
    asked_by: str | None = "kim",
    reported_question: bool = False,
    source: Source | None = WEVERSE,
    date: str | None = "2024-05-10",
    answers: tuple[Answer, ...] = (Answer("lee", VERBATIM), Answer("lee", REPORTED, True)),
) -> tuple[Interview, Section]:
    section = Section(
        id="door",
        number=3,
        title="The door",
        question=QUESTION,
        answers=answers,
        asked_by=asked_by,
        reported=reported_question,
        annotations=annotations,
    )
    interview = Interview(
        path=Path("talk.yaml"),
        id="talk",
        title="On the door",
        people=PEOPLE,
        sections=(section,),
        date=date,
        source=source,
        annotations=interview_annotations,
    )
    return interview, section


def on_answer(index: int, text: str, part: str, kind: str, note: str) -> Annotation:
    start, end = span(text, part)
    return Annotation(note, kind=kind, on=part, anchor=Anchor("answer", index, start, end))


CITE = '— Lee Sung-jin (director), "On the door", Weverse Magazine, 2024-05-10, Q&A 3'


def test_verbatim_answer_is_a_blockquote_with_attribution() -> None:
    interview, section = make()
    assert format_answer(interview, section, 0) == (
        f"> The door is a symbol.\n> It opens.\n>\n> It has three lights.\n\n{CITE}\n"
    )


def test_reported_answer_is_a_paraphrase_not_a_quote() -> None:
    interview, section = make()
    out = format_answer(interview, section, 1)
    assert out == (
        "Lee Sung-jin (director), paraphrased: He said the song came first.\n"
        "\n"
        '— "On the door", Weverse Magazine, 2024-05-10, Q&A 3\n'
    )
    assert ">" not in out
    assert '"He said' not in out


def test_text_format() -> None:
    interview, section = make()
    assert format_answer(interview, section, 0, "text") == (
        f'"The door is a symbol.\nIt opens.\n\nIt has three lights."\n\n{CITE}\n'
    )
    assert format_answer(interview, section, 1, "text") == (
        "Lee Sung-jin (director), paraphrased: He said the song came first.\n"
        "\n"
        '— "On the door", Weverse Magazine, 2024-05-10, Q&A 3\n'
    )


@pytest.mark.parametrize(
    ("source", "date", "expected"),
    [
        (None, None, '"On the door", Q&A 3'),
        (Source(name=None, published="2024-06"), None, '"On the door", 2024-06, Q&A 3'),
        (Source(name="Mag"), None, '"On the door", Mag, Q&A 3'),
        (Source(name="Mag", published="2024-06"), "2024-05", '"On the door", Mag, 2024-05, Q&A 3'),
    ],
)
def test_missing_attribution_parts_are_left_out(
    source: Source | None, date: str | None, expected: str
) -> None:
    interview, section = make(source=source, date=date)
    assert citation(interview, section, "lee") == "— Lee Sung-jin (director), " + expected
    assert citation(interview, section) == "— " + expected


def test_speaker_without_role_or_unknown_key() -> None:
    interview, section = make(answers=(Answer("kim", "Yes."), Answer("ghost", "Boo.")))
    assert format_answer(interview, section, 0).endswith(
        '\n\n— Kim, "On the door", Weverse Magazine, 2024-05-10, Q&A 3\n'
    )
    assert "— ghost, " in format_answer(interview, section, 1)


def test_translation_on_the_passage_becomes_a_footnote() -> None:
    note = on_answer(0, VERBATIM, VERBATIM, "translation", "Translated from Korean.")
    interview, section = make(annotations=(note,))
    assert format_answer(interview, section, 0) == (
        "> The door is a symbol.\n"
        "> It opens.\n"
        ">\n"
        "> It has three lights.[^1]\n"
        "\n"
        f"{CITE}\n"
        "\n"
        "[^1]: Translation: Translated from Korean.\n"
    )
    assert format_answer(interview, section, 0, "text").endswith(
        'It has three lights."[1]\n\n' + CITE + "\n\n[1] Translation: Translated from Korean.\n"
    )
    # The other answer is not covered by that note.
    assert "[^" not in format_answer(interview, section, 1)


def test_a_note_on_part_of_the_passage_names_the_part() -> None:
    notes = (
        on_answer(0, VERBATIM, "three lights", "correction", "Four, in the final cut."),
        on_answer(0, VERBATIM, "a symbol", "context", "Not footnoted: only context."),
    )
    interview, section = make(annotations=notes)
    out = format_answer(interview, section, 0)
    assert out.endswith(
        f"> It has three lights.[^1]\n\n{CITE}\n\n"
        '[^1]: Correction ("three lights"): Four, in the final cut.\n'
    )
    assert "Not footnoted" not in out


def test_whole_section_and_interview_notes_apply_to_every_answer() -> None:
    interview, section = make(
        annotations=(Annotation("Interpreted on stage.", kind="translation"),),
        interview_annotations=(
            Annotation("Names corrected\nthroughout.", kind="correction"),
            Annotation("A note, not footnoted.", kind="note"),
        ),
    )
    assert format_answer(interview, section, 1) == (
        "Lee Sung-jin (director), paraphrased: He said the song came first.[^1][^2]\n"
        "\n"
        '— "On the door", Weverse Magazine, 2024-05-10, Q&A 3\n'
        "\n"
        "[^1]: Translation: Interpreted on stage.\n"
        "[^2]: Correction: Names corrected\n"
        "    throughout.\n"
    )


def test_whole_qa_markdown() -> None:
    question_note = Annotation(
        "Asked in Korean.", kind="translation", anchor=Anchor("question", None, 0, len(QUESTION))
    )
    answer_note = on_answer(1, REPORTED, "the song", "correction", "The album, in fact.")
    section_note = Annotation("Whole exchange interpreted.", kind="translation")
    interview, section = make(annotations=(question_note, answer_note, section_note))
    assert format_section(interview, section) == (
        "Kim asked:\n"
        "\n"
        "> Why a door?[^1]\n"
        "\n"
        "Lee Sung-jin (director):\n"
        "\n"
        "> The door is a symbol.\n"
        "> It opens.\n"
        ">\n"
        "> It has three lights.\n"
        "\n"
        "Lee Sung-jin (director), paraphrased: He said the song came first.[^2]\n"
        "\n"
        '— "On the door", Weverse Magazine, 2024-05-10, Q&A 3[^3]\n'
        "\n"
        "[^1]: Translation: Asked in Korean.\n"
        '[^2]: Correction ("the song"): The album, in fact.\n'
        "[^3]: Translation: Whole exchange interpreted.\n"
    )


def test_whole_qa_with_a_reported_question_and_no_asker() -> None:
    interview, section = make(asked_by=None, reported_question=True)
    assert format_section(interview, section).startswith(
        "Question, paraphrased: Why a door?\n\nLee Sung-jin (director):\n\n> The door"
    )
    interview, section = make(asked_by="kim", reported_question=True)
    assert format_section(interview, section).startswith("Kim asked, paraphrased: Why a door?\n")
    interview, section = make(asked_by=None)
    assert format_section(interview, section).startswith("Question:\n\n> Why a door?\n")


def test_whole_qa_text() -> None:
    interview, section = make()
    assert format_section(interview, section, "text") == (
        'Kim asked: "Why a door?"\n'
        "\n"
        'Lee Sung-jin (director): "The door is a symbol.\n'
        "It opens.\n"
        "\n"
        'It has three lights."\n'
        "\n"
        "Lee Sung-jin (director), paraphrased: He said the song came first.\n"
        "\n"
        '— "On the door", Weverse Magazine, 2024-05-10, Q&A 3\n'
    )


def test_answer_json() -> None:
    note = replace(
        on_answer(0, VERBATIM, "three lights", "correction", "Four."), replacement="four lights"
    )
    interview, section = make(annotations=(note,))
    record = json.loads(format_answer(interview, section, 0, "json"))
    assert record == {
        "type": "answer",
        "interview": {
            "id": "talk",
            "title": "On the door",
            "path": "talk.yaml",
            "date": "2024-05-10",
            "source": {
                "name": "Weverse Magazine",
                "url": "https://example.org/a",
                "published": None,
            },
        },
        "qa": {"id": "door", "number": 3, "title": "The door"},
        "answer": {
            "number": 1,
            "speaker": {"key": "lee", "name": "Lee Sung-jin", "role": "director"},
            "text": VERBATIM,
            "corrected": VERBATIM.replace(
                "three lights", "four lights [corrected from: three lights]"
            ),
            "original": None,
            "original_language": None,
            "reported": False,
            "time": None,
        },
        "notes": [
            {
                "kind": "correction",
                "note": "Four.",
                "scope": "passage",
                "on": "answer 1",
                "passage": "three lights",
                "replacement": "four lights",
                "by": None,
                "links": [],
            }
        ],
        "citation": CITE,
        "link": None,
    }


def test_section_json() -> None:
    interview, section = make(asked_by=None, reported_question=True)
    record = json.loads(format_section(interview, section, "json"))
    assert record["type"] == "qa"
    assert record["question"] == {
        "text": QUESTION,
        "corrected": None,
        "reported": True,
        "asked_by": None,
    }
    assert [a["number"] for a in record["answers"]] == [1, 2]
    assert record["answers"][1]["reported"] is True
    assert record["citation"] == '— "On the door", Weverse Magazine, 2024-05-10, Q&A 3'


HOSTILE = "Hi \x1b]52;c;ZXZpbA==\x07 there\u202e\x9b\u2028next"


def test_markdown_and_text_are_terminal_safe() -> None:
    interview, section = make(answers=(Answer("lee", HOSTILE),))
    for fmt in ("markdown", "text"):
        out = format_answer(interview, section, 0, fmt)
        assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
        assert "\u202e" not in out and "\u2028" not in out
    # U+2028 is a line break: the blockquote continues on the next line.
    assert format_answer(interview, section, 0).startswith(
        "> Hi ␛]52;c;ZXZpbA==␇ there⇄�\n> next\n"
    )


def test_json_is_lossless_yet_terminal_safe() -> None:
    interview, section = make(answers=(Answer("lee", HOSTILE + " \ud800"),))
    out = format_answer(interview, section, 0, "json")
    assert "\x1b" not in out and "\u202e" not in out and "\x9b" not in out and "\ud800" not in out
    assert '"text": "Hi \\u001b]52;c;ZXZpbA==\\u0007 there\\u202e\\u009b\\u2028next \\ud800"' in out
    assert json.loads(out)["answer"]["text"] == HOSTILE + " \ud800"


def test_multiline_title_and_names_stay_on_the_citation_line() -> None:
    interview, section = make()
    odd = Interview(
        path=interview.path,
        id=interview.id,
        title="On the\ndoor",
        people={"lee": Person("lee", "Lee\nSung-jin", "dir\u2028ector")},
        sections=interview.sections,
    )
    assert citation(odd, section, "lee") == '— Lee Sung-jin (dir ector), "On the door", Q&A 3'


def test_blank_lines_around_a_quote_are_dropped() -> None:
    interview, section = make(answers=(Answer("lee", "\n\n  Yes.  \n\n"),))
    assert format_answer(interview, section, 0).startswith(">   Yes.\n\n—")


def test_answer_out_of_range_and_unknown_format() -> None:
    interview, section = make()
    with pytest.raises(ValueError, match=r"^Q&A 3 has 2 answers; there is no answer 3$"):
        format_answer(interview, section, 2)
    with pytest.raises(ValueError, match="no answer 0"):
        format_answer(interview, section, -1)
    with pytest.raises(ValueError, match="unknown format 'html'"):
        format_section(interview, section, "html")  # type: ignore[arg-type]


def test_copy_summary() -> None:
    interview, section = make()
    assert copy_summary(interview, section, None) == "Q&A 3 (question and 2 answers)"
    assert copy_summary(interview, section, 0) == "answer 1 of Q&A 3 (Lee Sung-jin (director))"
    assert copy_summary(interview, section, 1) == "paraphrase 2 of Q&A 3 (Lee Sung-jin (director))"
