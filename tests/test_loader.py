"""The reader/1 loader: every rule of docs/format.md, each with its exact line:col.

Most tests take the complete valid interview in tests/fixtures/yaml/valid.yaml,
change one line, and assert the exact problem list.
"""

from __future__ import annotations

import pytest

from reader.loader import load_text
from reader.model import Anchor, Severity

from .test_loader_support import VALID, insert_after, load, problems, replace_line

# -- a valid file ------------------------------------------------------------


def test_valid_file_loads_with_every_field() -> None:
    result = load(VALID, "Some File.yaml")
    assert result.problems == ()
    interview = result.interview
    assert interview is not None
    assert interview.id == "come-back"
    assert interview.title == "Come back"
    assert (interview.date, interview.language, interview.summary) == (
        "2024-05-10",
        "en",
        "A talk.",
    )
    assert interview.source is not None
    assert interview.source.url == "https://example.com/a"
    assert interview.source.published == "2024-05"
    assert interview.tags == ("music", "video")
    assert list(interview.people) == ["lee", "rm"]
    lee = interview.people["lee"]
    assert (lee.name, lee.role, lee.aka, str(lee.position)) == (
        "Lee Sung-jin",
        "director",
        ("Lee Sung-gin",),
        "13:3",
    )
    assert [a.kind for a in interview.annotations] == ["translation"]
    assert interview.annotations[0].anchor is None
    assert str(interview.title_position) == "2:8"


def test_sections_answers_and_positions() -> None:
    interview = load(VALID).interview
    assert interview is not None
    first, second = interview.sections
    assert (first.id, first.number, first.title, first.has_title) == (
        "door",
        1,
        "Why the door?",
        False,
    )
    assert (first.asked_by, first.reported) == ("lee", True)
    assert (str(first.position), str(first.question_position)) == ("24:5", "25:15")
    assert [a.quote for a in first.answers] == ["The door had three lights.", "I liked the door."]
    assert [(a.by, a.reported, a.time) for a in first.answers] == [
        ("lee", False, "01:30"),
        ("rm", False, None),
    ]
    assert [(str(a.position), str(a.quote_position)) for a in first.answers] == [
        ("29:9", "30:16"),
        ("34:9", "35:16"),
    ]
    # Defaults: id by position, title from the question.
    assert (second.id, second.number, second.title, second.has_title) == ("q2", 2, "Second?", False)
    assert second.answers[0].quote == "no"


def test_annotation_resolved_to_offsets() -> None:
    interview = load(VALID).interview
    assert interview is not None
    annotation = interview.sections[0].annotations[0]
    assert annotation.anchor == Anchor("answer", 0, 13, 25)
    quote = interview.sections[0].answers[0].quote
    assert quote[13:25] == "three lights"
    assert (annotation.kind, annotation.links) == ("context", ("https://example.com/lights",))
    assert (str(annotation.position), str(annotation.note_position)) == ("38:9", "40:15")


def test_default_id_is_the_file_name_slugified() -> None:
    src = replace_line(3, "x-id: ignored")
    interview = load(src, "Über Interview 2024.yaml").interview
    assert interview is not None
    assert interview.id == "uber-interview-2024"


def test_explicit_section_title_is_kept() -> None:
    src = insert_after(24, "    title: The door")
    interview = load(src).interview
    assert interview is not None
    assert (interview.sections[0].title, interview.sections[0].has_title) == ("The door", True)


def test_default_title_is_the_question_shortened() -> None:
    question = "Why " + "very " * 20 + "long?"
    interview = load(replace_line(25, f"    question: {question}")).interview
    assert interview is not None
    title = interview.sections[0].title
    assert len(title) <= 60 and title.endswith("…") and title.startswith("Why very very")


def test_x_keys_are_ignored_at_every_level() -> None:
    src = VALID
    # In an annotation, an answer, a section, an interview annotation, a person,
    # the source and the top level; bottom up, so the line numbers stay right.
    for line, indent in ((40, 8), (35, 8), (25, 4), (21, 4), (14, 4), (8, 2), (1, 0)):
        src = insert_after(line, " " * indent + "x-note: {anything: [1, 2]}", src)
    assert problems(src) == []


def test_bytes_and_utf8_bom_are_accepted() -> None:
    data = b"\xef\xbb\xbf" + VALID.encode("utf-8")
    result = load(data)
    assert result.ok
    # The BOM takes no column: positions are those of the file without it.
    assert result.interview is not None
    assert str(result.interview.title_position) == "2:8"


def test_str_with_bom_is_accepted() -> None:
    assert load("\ufeff" + VALID).ok


# -- text is text --------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "no",
        "NO",
        "on",
        "off",
        "yes",
        "y",
        "010",
        "0x1F",
        "1:30",
        "1.10",
        "1e3",
        "2024-05-10",
        "2024-02-30",
        ".nan",
        ".inf",
        "null",
        "~",
        "12:30:45",
        "9" * 5000,
        "1_000",
        "0b101",
        "=",
        "<<",
    ],
)
def test_text_fields_keep_exact_characters(written: str) -> None:
    src = replace_line(35, f"        quote: {written}")
    src = replace_line(2, f"title: {written}", src)
    src = replace_line(18, f"    name: {written}", src)
    src = replace_line(40, f"        note: {written}", src)
    interview = load(src).interview
    assert interview is not None
    assert interview.title == written
    assert interview.people["rm"].name == written
    assert interview.sections[0].answers[1].quote == written
    assert interview.sections[0].annotations[0].note == written


def test_base60_number_of_600_kb_is_text() -> None:
    number = "1:" * 300_000 + "1"
    interview = load(replace_line(35, f"        quote: {number}")).interview
    assert interview is not None
    assert interview.sections[0].answers[1].quote == number


def test_quoted_and_block_text() -> None:
    src = replace_line(35, "        quote: 'it''s: \"fine\"'")
    interview = load(src).interview
    assert interview is not None
    assert interview.sections[0].answers[1].quote == 'it\'s: "fine"'
    src = replace_line(35, "        quote: |\n          line one\n          line two")
    interview = load(src).interview
    assert interview is not None
    assert interview.sections[0].answers[1].quote == "line one\nline two\n"


# -- reader: 1 -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "reader: '1'",
            "1:9: error: 'reader' must be the number 1 without quotes: write reader: 1",
        ),
        (
            "reader: 2",
            "1:9: error: this file is in format reader/2, but this reader reads reader/1 only: "
            "upgrade reader, or write reader: 1",
        ),
        (
            "reader: 1.0",
            "1:9: error: 'reader' must be the number 1 (the format version), not '1.0'",
        ),
        ("reader: [1]", "1:9: error: 'reader' must be the number 1, not a list"),
        (
            "reader:",
            "1:8: error: 'reader' must be the number 1 (the format version), not ''",
        ),
    ],
)
def test_reader_version(line: str, message: str) -> None:
    assert problems(replace_line(1, line)) == [message]


def test_reader_version_missing() -> None:
    assert problems(replace_line(1, "x-reader: 1")) == [
        "1:1: error: missing 'reader: 1' (the format version): add it as the first line"
    ]


def test_a_yaml_file_that_is_not_an_interview() -> None:
    assert problems("name: my-app\nversion: 3\n") == [
        "1:1: error: this YAML file is not a reader/1 interview: it has none of the keys "
        "reader, title, people, sections (start it with 'reader: 1')"
    ]


# -- booleans --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "yes",
            "'reported' must be true or false: 'yes' is a YAML 1.1 spelling that reader does "
            "not accept; write true",
        ),
        (
            "No",
            "'reported' must be true or false: 'No' is a YAML 1.1 spelling that reader does "
            "not accept; write false",
        ),
        (
            "on",
            "'reported' must be true or false: 'on' is a YAML 1.1 spelling that reader does "
            "not accept; write true",
        ),
        (
            "True",
            "'reported' must be true or false: 'True' is a YAML 1.1 spelling that reader does "
            "not accept; write true",
        ),
        (
            "FALSE",
            "'reported' must be true or false: 'FALSE' is a YAML 1.1 spelling that reader does "
            "not accept; write false",
        ),
        ("1", "'reported' must be true or false, not '1'"),
    ],
)
def test_boolean_yaml11_traps(written: str, message: str) -> None:
    assert problems(replace_line(27, f"    reported: {written}")) == [f"27:15: error: {message}"]


def test_boolean_quoted() -> None:
    assert problems(replace_line(36, '        reported: "false"')) == [
        "36:19: error: 'reported' must be true or false without quotes: write false"
    ]


def test_boolean_empty() -> None:
    assert problems(replace_line(36, "        reported:")) == [
        "36:18: error: 'reported' has no value: write one, or remove the key"
    ]


# -- keys ------------------------------------------------------------------------


def test_unknown_key_suggests_the_nearest() -> None:
    assert problems(replace_line(25, "    questoin: Why the door?")) == [
        "25:5: error: unknown key 'questoin' in a section: did you mean 'question'?",
        "26:5: error: 'asked_by' needs a 'question': add the question, or remove 'asked_by' "
        "(a section without a question holds remarks)",
        "27:5: error: 'reported' needs a 'question': add the question, or remove 'reported' "
        "(a section without a question holds remarks)",
    ]


def test_unknown_key_other_case() -> None:
    assert problems(replace_line(2, "Title: Come back")) == [
        "2:1: error: unknown key 'Title' in the top level: did you mean 'title'?",
        "2:1: error: an interview needs 'title': is 'Title' meant to be it?",
    ]


def test_unknown_key_without_a_near_one_lists_the_valid_keys() -> None:
    assert problems(replace_line(33, "        zzz: 1")) == [
        "33:9: error: unknown key 'zzz' in an answer: valid keys are by, quote, reported, time, "
        "original, original_language (or your own, starting with 'x-')"
    ]


def test_misplaced_key_says_where_it_belongs() -> None:
    assert problems(insert_after(26, "    quote: hello")) == [
        "27:5: error: unknown key 'quote' in a section: 'quote' belongs in an answer "
        "(under 'answers')"
    ]


def test_missing_required_keys_are_reported_at_the_mapping() -> None:
    src = replace_line(35, "        x-quote: I liked the door.")
    assert problems(src) == ["34:9: error: answer 2 needs 'quote'"]
    src = replace_line(34, "      - x-by: rm")
    assert problems(src) == ["34:9: error: answer 2 needs 'by' (the speaker's key in 'people')"]


def test_missing_top_level_keys() -> None:
    src = "reader: 1\ntitle: T\n"
    assert problems(src) == [
        "1:1: error: an interview needs 'people' (who speaks: people: {rm: {name: RM}})",
        "1:1: error: an interview needs 'sections' (a list of questions and answers)",
    ]


def test_non_text_keys() -> None:
    src = insert_after(1, "? [a, b]\n: c\n{x: 1}: 2\n1: one")
    assert problems(src) == [
        "2:3: error: a key must be text, not a list",
        "4:1: error: a key must be text, not a mapping",
        "5:1: error: unknown key '1' in the top level: valid keys are reader, title, id, date, "
        "language, original_language, summary, source, media, people, tags, annotations, "
        "sections (or your own, starting with 'x-')",
    ]


# -- types -----------------------------------------------------------------------


def test_wrong_types_everywhere() -> None:
    src = VALID
    src = replace_line(2, "title: [a, b]", src)
    src = replace_line(16, "    aka: Lee Sung-gin", src)
    src = replace_line(19, "tags: music, video", src)
    src = replace_line(35, "        quote: {said: this}", src)
    src = replace_line(41, "        links: https://example.com/lights", src)
    assert problems(src) == [
        "2:8: error: 'title' must be text, not a list: put text that starts with '[', '{', '-' "
        "or contains ': ' in quotes",
        "16:10: error: 'aka' must be a list, not text: write aka: [Other Name] or one '- ' line "
        "per name",
        "19:7: error: 'tags' must be a list, not text: write tags: [one, two] or one '- tag' "
        "line per tag",
        "35:16: error: 'quote' must be text, not a mapping: put text that starts with '[', '{', "
        "'-' or contains ': ' in quotes",
        "41:16: error: 'links' must be a list, not text: write links: [https://...] or one '- ' "
        "line per link",
    ]


def test_sections_must_be_a_non_empty_list() -> None:
    head = VALID.split("sections:")[0]
    assert problems(head + "sections: []\n") == [
        "23:11: error: 'sections' is empty: add at least one section"
    ]
    assert problems(head + "sections:\n  question: x\n") == [
        "24:3: error: 'sections' must be a list, not a mapping: write one '- question: ...' "
        "item per Q&A"
    ]
    assert problems(head + "sections:\n  - just text\n") == [
        "24:5: error: section 1 must be a mapping ('key: value' lines), not text: write "
        "question, answers and the rest under '- '"
    ]


def test_answers_must_be_a_non_empty_list() -> None:
    src = VALID.replace('    answers:\n      - by: rm\n        quote: "no"', "    answers: []")
    assert problems(src) == ["43:14: error: 'answers' is empty: add at least one answer"]


def test_people_must_be_mappings() -> None:
    src = replace_line(17, "  rm: RM", replace_line(18, "", VALID))
    assert problems(src) == [
        "17:7: error: person 'rm' must be a mapping ('key: value' lines), not text: write "
        "rm: {name: ...}"
    ]
    head, _, tail = VALID.partition("people:")
    tail = tail.split("tags:", 1)[1]
    # No speakers at all: one error, not one per answer.
    assert problems(head + "people: {}\ntags:" + tail) == [
        "12:9: error: 'people' is empty: add one entry per speaker"
    ]


def test_empty_and_blank_values() -> None:
    assert problems(replace_line(2, "title:")) == [
        "2:7: error: 'title' has no value: write the text, or remove the key"
    ]
    assert problems(replace_line(2, "title: '  '")) == [
        "2:8: error: 'title' is blank: write the text"
    ]


# -- ids, speakers, kinds ----------------------------------------------------------


def test_interview_id_must_be_a_slug() -> None:
    assert problems(replace_line(3, "id: Come Back!")) == [
        "3:5: error: 'id' 'Come Back!' must be lower-case letters, digits and '-', starting "
        "with a letter or digit: write 'come-back'"
    ]


def test_section_id_must_be_a_slug() -> None:
    assert problems(replace_line(24, "  - id: -door")) == [
        "24:9: error: section id '-door' must be lower-case letters, digits and '-', starting "
        "with a letter or digit: write 'door'"
    ]


def test_duplicate_section_ids() -> None:
    src = insert_after(42, "    id: door")
    assert problems(src) == [
        "43:9: error: section 2 has the id 'door', which section 1 (at 24:9) already has: "
        "section ids must be unique"
    ]


def test_default_id_colliding_with_an_explicit_one() -> None:
    src = replace_line(24, "  - id: q2")
    assert problems(src) == [
        "42:5: error: section 2 gets the default id 'q2', which section 1 (at 24:9) already "
        "has: section ids must be unique"
    ]


def test_speaker_key_format() -> None:
    src = replace_line(17, "  R M:")
    assert problems(src) == [
        "17:3: error: speaker key 'R M' must be lower-case letters, digits, '_' or '-' (such "
        "as 'r-m'); the name goes in 'name'",
        "34:13: error: unknown speaker 'rm' in 'by': did you mean 'R M'? (people: R M, lee)",
        "44:13: error: unknown speaker 'rm' in 'by': did you mean 'R M'? (people: R M, lee)",
    ]


def test_unknown_speaker_suggests_the_closest() -> None:
    assert problems(replace_line(34, "      - by: rn")) == [
        "34:13: error: unknown speaker 'rn' in 'by': did you mean 'rm'? (people: lee, rm)"
    ]
    assert problems(replace_line(26, "    asked_by: host")) == [
        "26:15: error: unknown speaker 'host' in 'asked_by': use one of the keys of 'people': "
        "lee, rm"
    ]


def test_unknown_annotation_kind() -> None:
    assert problems(replace_line(39, "        kind: factcheck")) == [
        "39:15: error: unknown annotation kind 'factcheck': did you mean 'fact-check'? (kinds: "
        "note, context, correction, translation, source, fact-check)"
    ]


def test_annotation_kind_defaults_to_note() -> None:
    interview = load(replace_line(39, "        x-kind: context")).interview
    assert interview is not None
    assert interview.sections[0].annotations[0].kind == "note"


# -- dates, times, urls, languages ---------------------------------------------------


@pytest.mark.parametrize("written", ["2024", "2024-05", "2024-05-10", "'2024-02-29'", "1999"])
def test_good_dates(written: str) -> None:
    assert problems(replace_line(4, f"date: {written}")) == []


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2024-02-30", "'date' '2024-02-30' is not a real date: check the month and day"),
        ("2024-13", "'date' '2024-13' is not a real date: check the month and day"),
        (
            "24-05-10",
            "'date' '24-05-10' must be a date written YYYY, YYYY-MM or YYYY-MM-DD (for example "
            "2024-05-10)",
        ),
        (
            "May 10, 2024",
            "'date' 'May 10, 2024' must be a date written YYYY, YYYY-MM or YYYY-MM-DD (for "
            "example 2024-05-10)",
        ),
        (
            "2024-5-1",
            "'date' '2024-5-1' must be a date written YYYY, YYYY-MM or YYYY-MM-DD (for example "
            "2024-05-10)",
        ),
    ],
)
def test_bad_dates(written: str, message: str) -> None:
    assert problems(replace_line(4, f"date: {written}")) == [f"4:7: error: {message}"]


def test_published_is_a_date_too() -> None:
    assert problems(replace_line(10, "  published: 2024-00")) == [
        "10:14: error: 'published' '2024-00' is not a real date: check the month and day"
    ]


@pytest.mark.parametrize("written", ["01:30", "1:30", "59:59", "1:04:05", "12:00:00", "0:00"])
def test_good_times(written: str) -> None:
    assert problems(replace_line(33, f"        time: {written}")) == []


@pytest.mark.parametrize("written", ["75:00", "1:60", "1:30:60", "90", "1:2", "01:02:03:04"])
def test_bad_times(written: str) -> None:
    assert problems(replace_line(33, f"        time: {written}")) == [
        f"33:15: error: 'time' '{written}' must be MM:SS or HH:MM:SS (minutes and seconds 00 "
        "to 59), for example 04:05 or 1:04:05"
    ]


@pytest.mark.parametrize(
    "written",
    [
        "https://example.com",
        "http://example.com/a?b=c#d",
        "HTTPS://EXAMPLE.COM/x",
        "https://[::1]/",
    ],
)
def test_good_urls(written: str) -> None:
    assert problems(replace_line(9, f"  url: {written}")) == []


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "javascript:alert(1)",
            "'url' 'javascript:alert(1)' is not a web address: only http:// and https:// links "
            "are allowed, not 'javascript:'",
        ),
        (
            "file:///etc/passwd",
            "'url' 'file:///etc/passwd' is not a web address: only http:// and https:// links "
            "are allowed, not 'file:'",
        ),
        (
            "example.com/a",
            "'url' 'example.com/a' is not a web address: only http:// and https:// links are "
            "allowed",
        ),
        ("https://", "'url' 'https://' has no host: write it as https://host/path"),
        (
            "'https://exa mple.com'",
            "'url' 'https://exa mple.com' contains spaces or control characters: write spaces "
            "as %20 and remove the others",
        ),
        (
            '"https://example.com/\\e[2J"',
            "'url' 'https://example.com/␛[2J' contains spaces or control characters: write "
            "spaces as %20 and remove the others",
        ),
        (
            "https://[::1",
            "'url' 'https://[::1' is not a web address: only http:// and https:// links are "
            "allowed",
        ),
    ],
)
def test_bad_urls(written: str, message: str) -> None:
    assert problems(replace_line(9, f"  url: {written}")) == [f"9:8: error: {message}"]


def test_bad_link_in_annotation() -> None:
    assert problems(replace_line(41, "        links: [https://ok.example, 'vscode://x']")) == [
        "41:37: error: 'links item' 'vscode://x' is not a web address: only http:// and "
        "https:// links are allowed, not 'vscode:'"
    ]


@pytest.mark.parametrize("written", ["en", "ko", "pt-BR", "zh-Hant-TW", "es-419", "de-CH-1996"])
def test_good_languages(written: str) -> None:
    assert problems(replace_line(5, f"language: {written}")) == []


def test_bad_languages() -> None:
    assert problems(replace_line(5, "language: en_US")) == [
        "5:11: error: 'language' 'en_US' is not a BCP 47 language tag: write 'en-US'"
    ]
    assert problems(replace_line(5, "language: e")) == [
        "5:11: error: 'language' 'e' is not a BCP 47 language tag, such as en, ko, pt-BR or zh-Hant"
    ]
    assert problems(replace_line(5, "language: en--US")) == [
        "5:11: error: 'language' 'en--US' is not a BCP 47 language tag, such as en, ko, pt-BR "
        "or zh-Hant"
    ]


# -- anchors -----------------------------------------------------------------------


def _anchor_src(on: str, extra: str = "") -> str:
    src = replace_line(38, f"      - on: {on}")
    return insert_after(38, extra, src) if extra else src


def test_anchor_not_found_suggests_the_closest_passage() -> None:
    assert problems(_anchor_src("three lihgts")) == [
        "38:13: error: 'on' passage 'three lihgts' is not in this section's question or "
        "answers: did you mean 'three lights'?"
    ]


def test_a_file_gets_a_did_you_mean_for_its_first_twenty_lost_passages_only() -> None:
    from reader.loader._anchor import SUGGESTIONS_PER_FILE

    # Each did-you-mean compares the passage with windows of every text of
    # the section: thousands of them would take seconds to load.  Passages
    # found more than once, or placed, take none of the twenty.
    extra = [
        "        note: placed, twice.\n      - on: door\n        note: ambiguous.",
        *[f"        note: n.\n      - on: three lihgts\n        x-n: {i}" for i in range(22)],
    ]
    found = problems(_anchor_src("three lights", "\n".join(extra)))
    lost = [message.split(": error: ", 1)[1] for message in found if "lihgts" in message]
    assert len(lost) == 22
    suggested = "'on' passage 'three lihgts' is not in this section's question or answers: "
    assert lost[:SUGGESTIONS_PER_FILE] == [suggested + "did you mean 'three lights'?"] * 20
    assert (
        lost[SUGGESTIONS_PER_FILE:]
        == [suggested + "copy the passage exactly from the question or an answer of this section"]
        * 2
    )
    assert any("'door' occurs" in message for message in found)


def test_anchor_not_found_without_anything_close() -> None:
    assert problems(_anchor_src("zebra crossing in Seoul")) == [
        "38:13: error: 'on' passage 'zebra crossing in Seoul' is not in this section's question "
        "or answers: copy the passage exactly from the question or an answer of this section"
    ]


def test_anchor_is_case_sensitive() -> None:
    assert problems(_anchor_src("Three lights")) == [
        "38:13: error: 'on' passage 'Three lights' is not in this section's question or "
        "answers: did you mean 'three lights'?"
    ]


def test_ambiguous_anchor_lists_where_it_occurs() -> None:
    assert problems(_anchor_src("door")) == [
        "38:13: error: 'on' passage 'door' occurs 3 times (in the question, in answer 1 (by "
        "lee) and in answer 2 (by rm)): add a 'prefix' (the words just before it) or a "
        "'suffix' (just after) to pick one"
    ]


def test_prefix_settles_an_ambiguous_anchor() -> None:
    interview = load(_anchor_src("door", "        prefix: liked the")).interview
    assert interview is not None
    assert interview.sections[0].annotations[0].anchor == Anchor("answer", 1, 12, 16)


def test_suffix_settles_an_ambiguous_anchor() -> None:
    interview = load(_anchor_src("door", "        suffix: '?'")).interview
    assert interview is not None
    assert interview.sections[0].annotations[0].anchor == Anchor("question", None, 8, 12)


def test_prefix_that_does_not_settle_it() -> None:
    assert problems(_anchor_src("door", "        prefix: the")) == [
        "38:13: error: 'on' passage 'door' occurs 2 times with this prefix/suffix (in the "
        "question and in answer 2 (by rm)): make the prefix or suffix longer so that it picks one"
    ]


def test_prefix_that_never_fits() -> None:
    assert problems(_anchor_src("door", "        prefix: a red")) == [
        "38:13: error: 'on' passage 'door' occurs (in the question, in answer 1 (by lee) and in "
        "answer 2 (by rm)) but never with this prefix: check the prefix against the text"
    ]


def test_anchor_matches_across_white_space_runs() -> None:
    # A literal block keeps the line break: "had\nthree" still matches "had three".
    src = replace_line(30, "        quote: |-")
    src = replace_line(38, "      - on: had three", src)
    interview = load(src).interview
    assert interview is not None
    quote = interview.sections[0].answers[0].quote
    assert quote == "The door had\nthree lights."
    assert interview.sections[0].annotations[0].anchor == Anchor("answer", 0, 9, 18)
    assert quote[9:18] == "had\nthree"


def test_anchor_with_folded_on_text() -> None:
    src = replace_line(38, "      - on: >-\n          three\n          lights")
    interview = load(src).interview
    assert interview is not None
    assert interview.sections[0].annotations[0].anchor == Anchor("answer", 0, 13, 25)


def test_overlapping_occurrences_count() -> None:
    src = replace_line(35, "        quote: aaa")
    src = replace_line(38, "      - on: aa", src)
    assert problems(src) == [
        "38:13: error: 'on' passage 'aa' occurs 2 times (twice in answer 2 (by rm)): add a "
        "'prefix' (the words just before it) or a 'suffix' (just after) to pick one"
    ]


def test_blank_on() -> None:
    assert problems(_anchor_src("' '")) == ["38:13: error: 'on' is blank: write the text"]


def test_prefix_without_on() -> None:
    src = replace_line(38, "      - prefix: the")
    assert problems(src) == [
        "38:9: error: 'prefix' only makes sense with 'on': add 'on' (the passage) or remove "
        "'prefix'"
    ]


def test_section_annotation_without_on_has_no_anchor() -> None:
    interview = load(replace_line(38, "      - x-on: three lights")).interview
    assert interview is not None
    assert interview.sections[0].annotations[0].anchor is None


def test_interview_annotation_must_not_have_on() -> None:
    src = insert_after(21, "    on: Come back")
    assert problems(src) == [
        "22:5: error: 'on' is not allowed in an annotation of the whole interview: move this "
        "annotation into the section whose text it is about"
    ]


def test_anchor_not_checked_when_the_section_is_broken() -> None:
    # The answer's quote is missing: report that, not a spurious "not found".
    src = replace_line(30, "        x-quote: >-")
    assert problems(src) == ["29:9: error: answer 1 needs 'quote'"]


# -- warnings ------------------------------------------------------------------------


def test_control_bidi_and_zero_width_characters_warn_but_load() -> None:
    src = replace_line(35, '        quote: "I \\u202Eliked\\u200b the \\e[2Jdoor."')
    src = replace_line(2, 'title: "Come\\u2066 back"', src)
    result = load(src)
    assert result.ok
    assert [str(p) for p in result.problems] == [
        "t.yaml:2:8: warning: 'title' contains a bidirectional control (it can make text read "
        "differently from what it says) U+2066 (LEFT-TO-RIGHT ISOLATE) at character 5: reader "
        "shows it as a visible mark",
        "t.yaml:35:16: warning: 'quote' contains a bidirectional control (it can make text read "
        "differently from what it says) U+202E (RIGHT-TO-LEFT OVERRIDE) at character 3 and 2 "
        "more such characters: reader shows it as a visible mark",
    ]
    assert result.interview is not None
    assert result.interview.warnings == result.problems
    assert all(p.severity is Severity.WARNING for p in result.problems)
    assert result.interview.sections[0].answers[1].quote == "I \u202eliked\u200b the \x1b[2Jdoor."


def test_raw_bidi_character_warns() -> None:
    result = load(replace_line(35, "        quote: I liked \u202ethe door."))
    assert [p.severity for p in result.problems] == [Severity.WARNING]
    assert result.problems[0].line == 35 and result.problems[0].column == 16


def test_warnings_with_errors_reject_the_file() -> None:
    src = replace_line(35, '        quote: "\\e"')
    src = replace_line(2, "title: [x]", src)
    result = load(src)
    assert result.interview is None
    assert [(p.line, p.severity) for p in result.problems] == [
        (2, Severity.ERROR),
        (35, Severity.WARNING),
    ]


# -- many problems -------------------------------------------------------------------


def test_all_problems_reported_in_file_order() -> None:
    src = VALID
    src = replace_line(45, "        quote: ''", src)
    src = replace_line(39, "        kind: nope", src)
    src = replace_line(4, "date: yesterday", src)
    src = replace_line(34, "      - by: nobody", src)
    lines = [p.split(": error")[0] for p in problems(src)]
    assert lines == ["4:7", "34:13", "39:15", "45:16"]


def test_problem_count_is_capped() -> None:
    head = VALID.split("sections:")[0]
    body = "".join(
        f"  - question: q{i}\n    answers:\n      - by: ghost\n        quote: x\n"
        for i in range(150)
    )
    result = load(head + "sections:\n" + body)
    assert len(result.problems) == 101
    assert result.problems[-1].message == (
        "50 more problems in this file are not shown (fix these first)"
    )
    assert result.problems[-1].line == result.problems[-2].line + 4


def test_load_text_takes_a_path_like() -> None:
    result = load_text("reader: 1\n", "x/y.yaml")  # type: ignore[arg-type]
    assert str(result.path) == "x/y.yaml"
    assert result.problems[0].path == "x/y.yaml"


def test_file_text_in_messages_is_one_line_and_visible() -> None:
    # Found by the property tests: a speaker key holding a line break ended up
    # raw in an anchor message.
    src = replace_line(34, '      - by: "r\\nm\\e"')
    src = replace_line(38, "      - on: door", src)
    assert problems(src) == [
        "34:13: error: unknown speaker 'r m␛' in 'by': did you mean 'rm'? (people: lee, rm)",
        "38:13: error: 'on' passage 'door' occurs 3 times (in the question, in answer 1 (by lee) "
        "and in answer 2 (by r m␛)): add a 'prefix' (the words just before it) or a 'suffix' "
        "(just after) to pick one",
    ]
    assert problems(replace_line(5, 'language: "en_\\e"')) == [
        "5:11: error: 'language' 'en_␛' is not a BCP 47 language tag: write 'en-␛'"
    ]


def test_empty_list_item() -> None:
    assert problems(replace_line(19, "tags:\n  -\n  - b")) == [
        "20:4: error: 'tags item' has no value: write the text, or remove the item"
    ]


def test_columns_after_korean_text_count_characters() -> None:
    # 'yes' is character 47 of the line, byte 65: columns count characters.
    src = replace_line(34, "      - {by: rm, quote: 김남준은 방탄소년단, reported: yes}")
    src = src.replace("        quote: I liked the door.\n        reported: false\n", "")
    assert problems(src) == [
        "34:47: error: 'reported' must be true or false: 'yes' is a YAML 1.1 spelling that "
        "reader does not accept; write true"
    ]
