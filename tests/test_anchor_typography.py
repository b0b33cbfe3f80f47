"""Quote marks typed straight match the transcript's curly ones, and the check says where."""

from __future__ import annotations

from pathlib import Path

from reader.loader import load_text
from reader.loader._anchor import Candidate, resolve, typography_note
from reader.model import Anchor

TEXT = "He said it’s “RM’s idea”, not\u00a0mine."
CANDIDATES = [Candidate("question", None, "Why?"), Candidate("answer", 0, TEXT, "lee")]


def test_straight_apostrophe_and_quotes_match_curly_ones() -> None:
    on = "it's \"RM's"
    anchor = resolve(on, None, None, CANDIDATES)
    assert anchor == Anchor("answer", 0, 8, 18)
    assert TEXT[8:18] == "it’s “RM’s"
    assert typography_note(on, TEXT, anchor) == "the text has ’ where you wrote '"


def test_curly_typed_matches_straight_text() -> None:
    candidates = [Candidate("answer", 0, 'It\'s "fine".')]
    anchor = resolve("It’s “fine”", None, None, candidates)
    assert anchor == Anchor("answer", 0, 0, 11)
    assert typography_note("It’s “fine”", candidates[0].text, anchor) == (
        "the text has ' where you wrote ’"
    )


def test_prefix_and_suffix_are_forgiving_too() -> None:
    assert resolve("idea", "RM's", None, CANDIDATES) == Anchor("answer", 0, 19, 23)
    assert resolve("RM", None, "'s idea", CANDIDATES) == Anchor("answer", 0, 14, 16)


def test_non_breaking_space_is_a_space() -> None:
    assert resolve("not mine", None, None, CANDIDATES) == Anchor("answer", 0, 26, 34)


def test_exact_text_has_no_note() -> None:
    anchor = resolve("it’s", None, None, CANDIDATES)
    assert isinstance(anchor, Anchor)
    assert typography_note("it’s", TEXT, anchor) is None


def test_other_differences_still_fail() -> None:
    message = resolve("RM's ideas", None, None, CANDIDATES)
    assert isinstance(message, str) and "is not in this section" in message


def test_loader_places_an_annotation_typed_with_straight_quotes() -> None:
    text = (
        "reader: 1\ntitle: T\npeople:\n  lee: {name: Lee}\nsections:\n  - question: Why?\n"
        f'    answers:\n      - by: lee\n        quote: "{TEXT}"\n'
        "    annotations:\n      - on: RM's idea\n        note: n\n"
    )
    result = load_text(text, Path("t.yaml"))
    assert result.interview is not None
    assert result.interview.sections[0].annotations[0].anchor == Anchor("answer", 0, 14, 23)


def test_check_says_in_words_where_quote_marks_differ() -> None:
    text = (
        "reader: 1\ntitle: T\npeople:\n  lee: {name: Lee}\nsections:\n  - question: Why?\n"
        f'    answers:\n      - by: lee\n        quote: "{TEXT}"\n'
        "    annotations:\n      - on: RM's idea\n        note: n\n"
    )
    result = load_text(text, Path("t.yaml"))
    assert [str(p) for p in result.problems] == [
        "t.yaml:11:13: warning: 'on' passage 'RM's idea' is placed, but the text has ’ where "
        "you wrote ': straight and curly quote marks match each other"
    ]
