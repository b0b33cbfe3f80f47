"""Quotes as corrected and in the original (reader.quote views): exact output."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reader.model import Anchor, Annotation, Answer
from reader.quote import format_answer, format_section
from tests.test_quote import CITE, VERBATIM, make, on_answer

ORIGINAL = "문은 상징이에요.\n세 개의 불빛이 있어요."


def fixed() -> Annotation:
    return replace(
        on_answer(0, VERBATIM, "three lights", "correction", "The video shows four."),
        replacement="four lights",
    )


def test_corrected_answer_marks_each_correction() -> None:
    interview, section = make(annotations=(fixed(),))
    assert format_answer(interview, section, 0, "markdown", "corrected") == (
        "> The door is a symbol.\n> It opens.\n>\n"
        "> It has four lights [corrected from: three lights].[^1]\n"
        f"\n{CITE}\n\n"
        '[^1]: Correction ("three lights"), should read "four lights": The video shows four.\n'
    )
    # As published: the source's words, and the footnote still says what it should read.
    assert format_answer(interview, section, 0, "text") == (
        '"The door is a symbol.\nIt opens.\n\nIt has three lights."[1]\n'
        f"\n{CITE}\n\n"
        '[1] Correction ("three lights"), should read "four lights": The video shows four.\n'
    )


def test_corrected_question_in_a_whole_qa() -> None:
    start = "Why a door?".index("door")
    note = Annotation(
        "Misheard.",
        kind="correction",
        on="door",
        anchor=Anchor("question", None, start, start + 4),
        replacement="gate",
    )
    interview, section = make(annotations=(note,))
    out = format_section(interview, section, "text", "corrected")
    assert out.startswith('Kim asked: "Why a gate [corrected from: door]?"[1]\n')
    assert out.endswith('[1] Correction ("door"), should read "gate": Misheard.\n')


def test_original_answer_with_its_language() -> None:
    answers = (Answer("lee", VERBATIM, original=ORIGINAL), Answer("lee", "Yes."))
    interview, section = make(answers=answers, annotations=(fixed(),))
    interview = replace(interview, original_language="ko")
    section = interview.sections[0]
    assert format_answer(interview, section, 0, "text", "original") == (
        f'"{ORIGINAL}"\n\n{CITE}, original in ko\n'
    )
    # A whole Q&A: the original where there is one, labelled; the others as they are.
    assert format_section(interview, section, "text", "original") == (
        'Kim asked: "Why a door?"\n'
        "\n"
        f'Lee Sung-jin (director), original in ko: "{ORIGINAL}"\n'
        "\n"
        'Lee Sung-jin (director): "Yes."\n'
        "\n"
        '— "On the door", Weverse Magazine, 2024-05-10, Q&A 3\n'
    )


def test_an_answer_may_override_the_language() -> None:
    answers = (Answer("lee", VERBATIM, original="Hola.", original_language="es"),)
    interview, section = make(answers=answers)
    assert format_answer(interview, section, 0, "markdown", "original").endswith(
        f"{CITE}, original in es\n"
    )


def test_no_original_is_refused() -> None:
    interview, section = make()
    with pytest.raises(ValueError, match="answer 1 of Q&A 3 has no original text"):
        format_answer(interview, section, 0, "markdown", "original")
    with pytest.raises(ValueError, match="Q&A 3 has no answer with an original text"):
        format_section(interview, section, "markdown", "original")
