"""``reader import``: label forms, sections, options and odd input, on small transcripts."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.importer import (
    REMARKS_TITLE,
    ImportOptionError,
    ImportResult,
    TranscriptError,
    decode_transcript,
    import_transcript,
)
from reader.loader import load_text
from reader.model import Interview
from reader.yamlwrite import dump


def imported(text: str, **options: object) -> tuple[Interview, ImportResult]:
    result = import_transcript(text, name="test.txt", **options)
    loaded = load_text(dump(result.document), Path("test.yaml"))
    assert loaded.problems == (), [str(p) for p in loaded.problems]
    assert loaded.interview is not None
    return loaded.interview, result


def qa(interview: Interview) -> list[tuple[str | None, str, list[tuple[str, str]]]]:
    return [
        (s.asked_by, s.question, [(a.by, a.quote) for a in s.answers]) for s in interview.sections
    ]


def test_markdown_bold_labels_and_heading_title() -> None:
    interview, result = imported(
        "# A Markdown interview\n\n"
        "**Interviewer:** Why *this*\nbook?\n\n"
        "**Jane Doe:** Because.\n\n"
        "**Jane Doe**: Again, [really].\n"
    )
    assert interview.title == "A Markdown interview"
    assert result.title_from == "first line"
    assert qa(interview) == [
        (
            "interviewer",
            "Why *this* book?",
            [("jane-doe", "Because."), ("jane-doe", "Again, [really].")],
        )
    ]


def test_q_dot_a_dot_at_line_starts_without_blank_lines() -> None:
    interview, _ = imported(
        "Q. First question\nthat wraps.\nA. First answer.\nQ. Second?\nA. Second answer.\n"
    )
    assert qa(interview) == [
        ("q", "First question that wraps.", [("a", "First answer.")]),
        ("q", "Second?", [("a", "Second answer.")]),
    ]
    assert interview.people["a"].name == "A"


def test_mixed_case_labels_one_per_line_when_repeated() -> None:
    interview, _ = imported(
        "Host: Welcome to the show.\n"
        "Ana Lima: Thanks for having me.\n"
        "Host: What's new?\n"
        "Ana Lima: A book.\n"
        "Note: this is not a speaker.\n"
        "Once: only once, so not a speaker either.\n"
    )
    assert qa(interview) == [
        ("host", "Welcome to the show.", [("ana-lima", "Thanks for having me.")]),
        (
            "host",
            "What's new?",
            [
                (
                    "ana-lima",
                    "A book. Note: this is not a speaker. "
                    "Once: only once, so not a speaker either.",
                )
            ],
        ),
    ]


def test_sentence_with_colon_at_paragraph_start_is_not_a_label() -> None:
    interview, _ = imported(
        "INTERVIEWER:\nWhat do you think?\n\nGUEST:\nI think so.\n\n"
        "Remember this: it is fine.\n\n(Laughter.)\n"
    )
    assert qa(interview) == [
        (
            "interviewer",
            "What do you think?",
            [("guest", "I think so.\n\nRemember this: it is fine.\n\n(Laughter.)")],
        )
    ]
    assert interview.people["guest"].name == "Guest"


def test_capital_labels_names_and_same_merges_into_aka() -> None:
    text = (
        "DR. MURTHY: Hello, everyone.\n\n"
        "Q: Question one?\n\n"
        "SURGEON GENERAL MURTHY: Answer one.\n\n"
        "Q: Question two?\n\n"
        "DR. MURTHY: Answer two.\n\n"
        "MS. JEAN-PIERRE: And O'NEILL's question, HENRY VIII.\n"
    )
    interview, result = imported(text, same=["DR. MURTHY=SURGEON GENERAL MURTHY"])
    assert {k: (p.name, p.aka) for k, p in interview.people.items()} == {
        "dr-murthy": ("Dr. Murthy", ("Surgeon General Murthy",)),
        "q": ("Q", ()),
        "ms-jean-pierre": ("Ms. Jean-Pierre", ()),
    }
    assert qa(interview) == [
        (None, "", [("dr-murthy", "Hello, everyone.")]),
        ("q", "Question one?", [("dr-murthy", "Answer one.")]),
        (
            "q",
            "Question two?",
            [
                ("dr-murthy", "Answer two."),
                ("ms-jean-pierre", "And O'NEILL's question, HENRY VIII."),
            ],
        ),
    ]
    assert [p.turns for p in result.people] == [3, 2, 1]
    # Without --same, they are two people.
    interview, _ = imported(text)
    assert list(interview.people) == ["dr-murthy", "q", "surgeon-general-murthy", "ms-jean-pierre"]


def test_same_chains_three_labels() -> None:
    interview, _ = imported(
        "Q: a?\n\nJOE: one.\n\nQ: b?\n\nJOE BIDEN: two.\n\nQ: c?\n\nPRESIDENT BIDEN: three.\n",
        same=["JOE=JOE BIDEN", "President Biden=joe biden"],
    )
    assert {k: p.aka for k, p in interview.people.items()} == {
        "q": (),
        "joe": ("Joe Biden", "President Biden"),
    }


def test_labels_compare_without_case_and_keys_never_collide() -> None:
    interview, _ = imported(
        "Q: one?\n\nRichman: yes.\n\nQ: two?\n\nRICHMAN: no.\n\nDr. Smith: hm.\n\nDR SMITH: hm.\n"
    )
    assert {k: p.name for k, p in interview.people.items()} == {
        "q": "Q",
        "richman": "Richman",
        "dr-smith": "Dr. Smith",
        "dr-smith-2": "Dr Smith",
    }
    assert [[a.by for a in s.answers] for s in interview.sections] == [
        ["richman"],
        ["richman", "dr-smith", "dr-smith-2"],
    ]


def test_times_in_labels_become_answer_times() -> None:
    interview, _ = imported("[01:02] HOST: Hi?\n\nGUEST (1:03): Yes.\n\nGUEST (1:02:03): More.\n")
    assert [(a.by, a.time) for a in interview.sections[0].answers] == [
        ("guest", "01:03"),
        ("guest", "01:02:03"),
    ]


def test_unanswered_interviewer_turns_are_kept_in_place() -> None:
    interview, result = imported(
        "Q: Hello?\n\nQ: Really?\n\nGUEST: Yes.\n\nQ: Thanks.\n\nQ: And?\n\nQ: So?\n\nGUEST: So.\n"
    )
    assert qa(interview) == [
        (None, "", [("q", "Hello?")]),
        ("q", "Really?", [("guest", "Yes."), ("q", "Thanks."), ("q", "And?")]),
        ("q", "So?", [("guest", "So.")]),
    ]
    assert interview.sections[0].title == REMARKS_TITLE
    assert [(n.line, n.message) for n in result.warnings] == [
        (
            1,
            "Q's question gets no answer before the next question; kept as the last turn "
            "of the remarks",
        ),
        (9, "Q's question gets no answer before the next question; kept as the last turn of Q&A 1"),
    ]
    # "Thanks." is short and asks nothing: an interjection inside the Q&A.
    assert [(n.line, n.message) for n in result.decisions] == [
        (7, "Q's short turn stays inside the Q&A")
    ]


def test_interviewer_option_replaces_the_defaults() -> None:
    text = "Q: not a question here.\n\nASKER: Why?\n\nGUEST: Because.\n"
    interview, _ = imported(text, interviewers=["asker"])
    assert qa(interview) == [
        (None, "", [("q", "not a question here.")]),
        ("asker", "Why?", [("guest", "Because.")]),
    ]


def test_options_naming_missing_labels_are_refused() -> None:
    text = "Q: Why?\n\nGUEST: Because.\n"
    with pytest.raises(
        ImportOptionError,
        match=r"^--interviewer: no speaker label 'Host' in the transcript \(labels: Q, GUEST\)$",
    ):
        import_transcript(text, interviewers=["Host"])
    with pytest.raises(ImportOptionError, match=r"^--same: no speaker label 'GUESS'"):
        import_transcript(text, same=["GUEST=GUESS"])
    with pytest.raises(
        ImportOptionError, match=r'^--same \'GUEST\': write it as "LABEL=OTHER LABEL"$'
    ):
        import_transcript(text, same=["GUEST"])


def test_not_speech_is_skipped_and_reported() -> None:
    text = (
        "Some Place\nSomewhere\n\n"
        "11:10 A.M. EDT\n\n"
        "Q: Why?\n\n"
        "GUEST: Because.\n\n"
        "## Part two\n\n"
        "* * *\n\n"
        "Photo: Jane Roe.\n\n"
        "(Applause.)\n\n"
        "END\n\n"
        "12:01 P.M. EDT\n"
    )
    interview, result = imported(text, title="Given title")
    assert interview.title == "Given title"
    assert qa(interview) == [("q", "Why?", [("guest", "Because.\n\n(Applause.)")])]
    assert [(n.line, n.message, n.text) for n in result.skipped] == [
        (1, "text before the first speaker label", "Some Place\nSomewhere"),
        (4, "time", "11:10 A.M. EDT"),
        (10, "heading", "## Part two"),
        (12, "separator", "* * *"),
        (14, "photo caption", "Photo: Jane Roe."),
        (18, "end mark", "END"),
        (20, "time", "12:01 P.M. EDT"),
    ]


def test_label_without_words_is_skipped() -> None:
    interview, result = imported("Q:\n\nGUEST: Hello.\n\nQ: Why?\n\nGUEST: Because.\n")
    assert [(n.line, n.message, n.text) for n in result.skipped] == [
        (1, "label with no words after it", "Q:")
    ]
    assert len(interview.sections) == 2


def test_front_matter_fields_and_warnings() -> None:
    text = (
        "---\n"
        "title: 'The title'\n"
        "date: 2024-05-10T10:00:00Z\n"
        "lang: ko\n"
        "description: A summary.\n"
        "publisher: Example News\n"
        "url: javascript:alert(1)\n"
        "published: not a date\n"
        "keywords: music, video, music\n"
        "other: 1\n"
        "---\n"
        "Q: Why?\n\nGUEST: Because.\n"
    )
    interview, result = imported(text)
    assert interview.title == "The title"
    assert interview.date == "2024-05-10"
    assert interview.language == "ko"
    assert interview.summary == "A summary."
    assert interview.source is not None
    assert (interview.source.name, interview.source.url) == ("Example News", None)
    assert interview.tags == ("music", "video")
    assert [n.message for n in result.warnings] == [
        "front matter url: not an http(s) URL, ignored",
        "front matter published: not a date, ignored",
        "front matter keys not used: other",
    ]


def test_front_matter_aliases_and_garbage_are_ignored_not_expanded() -> None:
    bomb = "---\na: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\ntitle: Bomb\n---\n"
    interview, result = imported(bomb + "Q: Why?\n\nGUEST: Because.\n")
    assert interview.title == "Untitled transcript"
    assert result.warnings[0].message.startswith("front matter is not valid YAML, ignored: ")
    interview, result = imported("---\n- a list\n---\nQ: Why?\n\nGUEST: Because.\n")
    assert [n.message for n in result.warnings] == [
        "front matter is not a mapping of keys to values, ignored"
    ]
    _, result = imported("---\ntitle: never closed\n\nQ: Why?\n\nGUEST: Because.\n")
    assert result.warnings[0].message == "front matter starts with --- but never ends; read as text"


def test_hostile_text_is_kept_exactly_and_escaped_in_yaml() -> None:
    hostile = (
        '<script>alert(1)</script> "><img src=x onerror=alert(1)> [@click=app.quit]x[/] '
        "javascript:alert(1) \x1b[2J\x07 \u202eevil\u202c no: yes # on"
    )
    text = f"Q: {hostile}\n\nGUEST: no\n\nQ: 2024-05-10\n\nGUEST: 010\n\nQ: 12:30?\n\nGUEST: on\n"
    result = import_transcript(text)
    yaml_text = dump(result.document)
    assert "\x1b" not in yaml_text and "\u202e" not in yaml_text and "\x07" not in yaml_text
    assert yaml_text.splitlines()[8] == (
        '  - question: "<script>alert(1)</script> \\"><img src=x onerror=alert(1)> '
        '[@click=app.quit]x[/] javascript:alert(1) \\e[2J\\a \\u202Eevil\\u202C no: yes # on"'
    )
    assert '        quote: "no"' in yaml_text.splitlines()
    # A short turn with no question mark stays inside the Q&A, as an answer.
    assert '        quote: "2024-05-10"' in yaml_text.splitlines()
    loaded = load_text(yaml_text, Path("hostile.yaml"))
    assert loaded.interview is not None, [str(p) for p in loaded.problems]
    assert qa(loaded.interview) == [
        ("q", hostile, [("guest", "no"), ("q", "2024-05-10"), ("guest", "010")]),
        ("q", "12:30?", [("guest", "on")]),
    ]
    assert [(n.line, n.message) for n in result.warnings] == [
        (1, "control, bidi or invisible characters kept (written as escapes)")
    ]


def test_non_latin_labels_get_fallback_keys() -> None:
    interview, _ = imported("Q: 你好?\n\n김남준: 안녕하세요.\n")
    assert {k: p.name for k, p in interview.people.items()} == {"q": "Q", "speaker-2": "김남준"}


def test_decode_transcript() -> None:
    assert decode_transcript(b"\xef\xbb\xbfQ: a\r\nb\rc") == "Q: a\nb\nc"
    # UTF-16 with a byte order mark is read; without one it is binary.
    assert decode_transcript("Q: a\r\nb".encode("utf-16")) == "Q: a\nb"
    with pytest.raises(TranscriptError, match=r"^a binary file, not a transcript"):
        decode_transcript("Q: a".encode("utf-16-le"))
    with pytest.raises(
        TranscriptError, match=r"^byte 0xe9 is not UTF-8; save the file as UTF-8$"
    ) as info:
        decode_transcript(b"Q: a\n\nGUEST: caf\xe9\n")
    assert info.value.line == 3


def test_title_option_wins_and_stdin_has_a_default_title() -> None:
    text = "---\ntitle: From front matter\n---\nA title line\n\nQ: Why?\n\nGUEST: Because.\n"
    assert import_transcript(text, title=" Given ").document["title"] == "Given"
    assert import_transcript(text).document["title"] == "From front matter"
    assert import_transcript(text.split("---\n", 2)[2]).document["title"] == "A title line"
    # Never a file name: a title the file does not give is said to be missing.
    assert import_transcript("Q: Why?\n\nGUEST: Because.\n").document["title"] == (
        "Untitled transcript"
    )
    result = import_transcript("Q: a\n\nB: b\n", name="dir/my talk.txt")
    assert result.document["title"] == "Untitled transcript"
    assert result.title_from == "none"


def test_no_labels_at_all() -> None:
    with pytest.raises(TranscriptError, match=r"^no speaker label found"):
        import_transcript("Just prose.\n\nMore prose: with a colon later.\n")
    with pytest.raises(TranscriptError):
        import_transcript("")


def test_output_is_deterministic() -> None:
    text = "---\ntitle: T\ntags: [b, a]\n---\nQ: Why?\n\nGUEST: Because.\n"
    assert dump(import_transcript(text).document) == dump(import_transcript(text).document)
    assert dump(import_transcript(text).document) == (
        "reader: 1\n"
        "title: T\n"
        "people:\n"
        "  q:\n"
        "    name: Q\n"
        "  guest:\n"
        "    name: Guest\n"
        "tags:\n"
        "  - b\n"
        "  - a\n"
        "sections:\n"
        "  - question: Why?\n"
        "    asked_by: q\n"
        "    answers:\n"
        "      - by: guest\n"
        "        quote: Because.\n"
    )


def test_front_matter_values_the_loader_would_refuse_are_dropped() -> None:
    text = (
        "---\n"
        "title: T\n"
        "date: 2023-02-30\n"
        "language: en-a\n"
        'source_url: "https://example.org/a\\x01b"\n'
        "published: 2023-01-10 23:14:35-05:00\n"
        "---\n"
        "Q: Why?\n\nGUEST (75:00): Because.\n\nGUEST (99:59:59): Yes.\n"
    )
    interview, result = imported(text)
    assert interview.date is None and interview.language is None
    assert interview.source is not None
    assert (interview.source.url, interview.source.published) == (None, "2023-01-10")
    assert [a.time for a in interview.sections[0].answers] == [None, "99:59:59"]
    assert [n.message for n in result.warnings] == [
        "front matter date: not a date, ignored",
        "front matter language: not a language tag, ignored",
        "front matter source_url: not an http(s) URL, ignored",
    ]


PIECES = [
    "Q: ", "Q ", "Q. ", "A. ", "HOST: ", "Guest: ", "**Ana:** ", "DR. X: ", "[01:02] ", "(1:02)",
    "Why?", "Because.", "no", "on", "010", "12:30", "2024-05-10", "\n", "\n\n", "  ", "\xa0",
    "\t", "---\n", "END", "5:02 P.M. EST", "# ", "(Laughter.)", "Note: ", ": ", " #", "'", '"',
    "\\", "|", ">", "- ", "\x1b", "\u202e", "\u2028", "\x85", "\ufeff", "é", "김", "\r",
]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_any_transcript_imports_to_a_loadable_file_or_a_clear_error(pieces: list[str]) -> None:
    text = "".join(pieces)
    try:
        result = import_transcript(text, name="fuzz.txt")
    except TranscriptError as exc:
        assert exc.message.startswith(("no speaker label found", "no words found"))
        return
    loaded = load_text(dump(result.document), Path("fuzz.yaml"))
    assert loaded.errors == (), [str(p) for p in loaded.errors]
    assert loaded.interview is not None
    turns = sum(len(s.answers) + (1 if s.asked_by else 0) for s in loaded.interview.sections)
    assert turns == sum(person.turns for person in result.people)


def test_prompts_in_the_imperative_are_questions_and_thanks_are_not() -> None:
    interview, _ = imported(
        "INTERVIEWER: Where were you born?\n\nNARRATOR: In Lviv.\n\n"
        "INTERVIEWER: Thank you.\n\nINTERVIEWER: Tell me about your parents.\n\n"
        "NARRATOR: Teachers, both.\n\nINTERVIEWER: And describe the school.\n\n"
        "NARRATOR: Small.\n"
    )
    assert qa(interview) == [
        (
            "interviewer",
            "Where were you born?",
            [("narrator", "In Lviv."), ("interviewer", "Thank you.")],
        ),
        ("interviewer", "Tell me about your parents.", [("narrator", "Teachers, both.")]),
        ("interviewer", "And describe the school.", [("narrator", "Small.")]),
    ]
