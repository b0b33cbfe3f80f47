"""The loader and the keys for fact-checkers and translators: each key, each refusal, located.

replacement (corrections only), verdict/checked_by/checked_on (fact-checks
only), original and original_language (answers; the interview), topics
(sections).  Each test changes tests/fixtures/yaml/valid.yaml and asserts the
exact problems.
"""

from __future__ import annotations

import pytest

from reader.format import key_names
from reader.schema import build_schema

from .test_loader_support import VALID, insert_after, load, problems


def annotation_src(*lines: str) -> str:
    out = VALID.split("\n")
    return "\n".join(out[:37] + list(lines) + out[41:])


def test_every_new_key_loads() -> None:
    src = annotation_src(
        "      - on: three lights",
        "        kind: correction",
        "        note: It was four.",
        "        replacement: four lights",
        "      - on: I liked the door.",
        "        kind: fact-check",
        "        note: He said so in 2019 too.",
        "        verdict: mostly-true",
        "        checked_by: Ana Ruiz",
        "        checked_on: 2024-05-12",
        "        links: [https://example.com/2019]",
    )
    src = insert_after(5, "original_language: ko", src)  # top level
    src = insert_after(35, "        original: 문이 좋았어요.", src)  # answer 2 of section 1
    src = insert_after(37, "        original_language: ko-KR", src)
    src = insert_after(28, "    topics: [the-door, first-film]", src)
    result = load(src)
    assert result.problems == ()
    interview = result.interview
    assert interview is not None
    assert interview.original_language == "ko"
    section = interview.sections[0]
    assert section.topics == ("the-door", "first-film")
    assert interview.sections[1].topics == ()
    answer = section.answers[1]
    assert (answer.original, answer.original_language) == ("문이 좋았어요.", "ko-KR")
    assert str(answer.original_position) == "37:19"
    assert section.answers[0].original is None
    fix, check = section.annotations
    assert fix.replacement == "four lights"
    assert (check.verdict, check.checked_by, check.checked_on) == (
        "mostly-true",
        "Ana Ruiz",
        "2024-05-12",
    )


def test_an_unknown_verdict_suggests_the_nearest() -> None:
    src = annotation_src(
        "      - on: three lights",
        "        kind: fact-check",
        "        note: n",
        "        verdict: mostly true",
    )
    assert problems(src) == [
        "41:18: error: unknown verdict 'mostly true': did you mean 'mostly-true'? (verdicts: "
        "unverified, true, mostly-true, mixed, mostly-false, false, unsupported)"
    ]
    assert problems(src.replace("mostly true", "bogus")) == [
        "41:18: error: unknown verdict 'bogus': (verdicts: "
        "unverified, true, mostly-true, mixed, mostly-false, false, unsupported)"
    ]


def test_replacement_on_another_kind_is_refused() -> None:
    src = annotation_src(
        "      - on: three lights",
        "        kind: context",
        "        note: n",
        "        replacement: four lights",
        "        verdict: false",
    )
    assert problems(src) == [
        "41:9: error: 'replacement' belongs on a correction (kind: correction), not on a "
        "'context' annotation: it says what the passage should read",
        "42:9: error: 'verdict' belongs on a fact-check (kind: fact-check), not on a "
        "'context' annotation",
    ]
    # No kind is a note.
    no_kind = annotation_src(
        "      - on: three lights", "        note: n", "        replacement: x"
    )
    assert problems(no_kind) == [
        "40:9: error: 'replacement' belongs on a correction (kind: correction), not on a "
        "'note' annotation: it says what the passage should read"
    ]


def test_replacement_needs_a_passage_and_text() -> None:
    whole = annotation_src(
        "      - kind: correction", "        note: n", "        replacement: four lights"
    )
    assert problems(whole) == [
        "40:9: error: 'replacement' needs 'on', the passage it replaces: add 'on' or "
        "remove 'replacement'"
    ]
    blank = annotation_src(
        "      - on: three lights",
        "        kind: correction",
        "        note: n",
        "        replacement: ' '",
    )
    assert problems(blank) == ["41:22: error: 'replacement' is blank: write the text"]


def test_overlapping_replacements_are_refused() -> None:
    src = annotation_src(
        "      - on: door had three",
        "        kind: correction",
        "        note: n",
        "        replacement: gate had four",
        "      - on: three lights",
        "        kind: correction",
        "        note: n",
        "        replacement: four lights",
    )
    assert problems(src) == [
        "42:9: error: this correction's passage overlaps the passage of the correction at "
        "38:9, and both have a 'replacement': a passage can be replaced only once; make the "
        "passages not overlap"
    ]


def test_a_blank_original_is_refused() -> None:
    src = insert_after(35, '        original: "  "')
    assert problems(src) == ["36:19: error: 'original' is blank: write the text"]
    src = insert_after(35, "        original:")
    assert problems(src) == [
        "36:18: error: 'original' has no value: write the text, or remove the key"
    ]


def test_original_language_needs_an_original_and_a_tag() -> None:
    src = insert_after(35, "        original_language: ko")
    assert problems(src) == [
        "36:9: error: 'original_language' says which language 'original' is in, but this "
        "answer has no 'original': add it, or remove 'original_language'"
    ]
    src = insert_after(5, "original_language: ko_KR")
    assert problems(src) == [
        "6:20: error: 'original_language' 'ko_KR' is not a BCP 47 language tag: write 'ko-KR'"
    ]


def test_fact_check_keys_are_checked() -> None:
    src = annotation_src(
        "      - on: three lights",
        "        kind: fact-check",
        "        note: n",
        "        checked_on: 2024-02-30",
        "        checkd_by: Ana",
    )
    assert problems(src) == [
        "41:21: error: 'checked_on' '2024-02-30' is not a real date: check the month and day",
        "42:9: error: unknown key 'checkd_by' in an annotation: did you mean 'checked_by'?",
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "[First Film]",
            "28:14: error: topic 'First Film' must be lower-case letters, digits "
            "and '-', starting with a letter or digit: write 'first-film'",
        ),
        ("[door, door]", "28:20: error: topic 'door' is listed twice: keep one"),
        (
            "door",
            "28:13: error: 'topics' must be a list, not text: write topics: "
            "[childhood, first-film]",
        ),
        (
            "[[a]]",
            "28:14: error: 'topics item' must be text, not a list: put text that starts "
            "with '[', '{', '-' or contains ': ' in quotes",
        ),
    ],
)
def test_topics_are_slugs(value: str, message: str) -> None:
    assert problems(insert_after(27, f"    topics: {value}")) == [message]


def test_the_keys_are_in_the_schema() -> None:
    assert "topics" in key_names("section")
    schema = build_schema()
    annotation = schema["$defs"]["annotation"]
    assert annotation["properties"]["verdict"] == {
        "enum": [
            "unverified",
            "true",
            "mostly-true",
            "mixed",
            "mostly-false",
            "false",
            "unsupported",
            True,
            False,
        ],
        "description": "Fact-checks only.",
    }
    assert {
        "if": {"required": ["replacement"]},
        "then": {"required": ["kind"], "properties": {"kind": {"const": "correction"}}},
    } in annotation["allOf"]
    assert schema["$defs"]["answer"]["properties"]["original"]["$ref"] == "#/$defs/requiredText"
    assert schema["properties"]["original_language"]["$ref"] == "#/$defs/language"
