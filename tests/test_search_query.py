"""The query language: every rule of parse_query and every error message."""

from __future__ import annotations

import pytest

from reader.search import QueryError, parse_query
from reader.search.query import MAX_TERMS, MAX_TOKENS, Filter, Term


def terms(text: str) -> list[tuple[str, tuple[str, ...], tuple[bool, ...], bool, bool]]:
    return [(t.text, t.tokens, t.prefix, t.phrase, t.negated) for t in parse_query(text).terms]


def error(text: str) -> tuple[str, int]:
    with pytest.raises(QueryError) as info:
        parse_query(text)
    return info.value.message, info.value.position


def test_words_are_folded_prefix_terms() -> None:
    assert terms("Direct LÓPEZ") == [
        ("Direct", ("direct",), (True,), False, False),
        ("LÓPEZ", ("lopez",), (True,), False, False),
    ]


def test_a_phrase_keeps_every_word_a_prefix() -> None:
    assert terms('"Supply chain"') == [
        ("Supply chain", ("supply", "chain"), (True, True), True, False)
    ]


def test_a_word_of_several_tokens_needs_the_first_ones_whole() -> None:
    # e-mail: "e" must be a whole word, "mail" may start a longer one.
    assert terms("e-mail") == [("e-mail", ("e", "mail"), (False, True), False, False)]
    assert terms("中文") == [("中文", ("中", "文"), (False, True), False, False)]


def test_exclusions() -> None:
    query = parse_query('lopez -energy -"supply chain"')
    assert [t.text for t in query.positive] == ["lopez"]
    assert [(t.text, t.phrase) for t in query.excluded] == [
        ("energy", False),
        ("supply chain", True),
    ]


def test_a_lone_dash_is_punctuation_not_an_exclusion() -> None:
    assert terms("well - known") == [
        ("well", ("well",), (True,), False, False),
        ("known", ("known",), (True,), False, False),
    ]


def test_regex_characters_are_literal_and_punctuation_is_ignored() -> None:
    assert terms(r"C++ .* [a-z] (x|y) ^$ \d") == [
        ("C++", ("c",), (True,), False, False),
        ("[a-z]", ("a", "z"), (False, True), False, False),
        ("(x|y)", ("x", "y"), (False, True), False, False),
        ("\\d", ("d",), (True,), False, False),
    ]


def test_a_quote_inside_a_word_starts_a_phrase() -> None:
    assert terms('foo"bar baz"') == [
        ("foo", ("foo",), (True,), False, False),
        ("bar baz", ("bar", "baz"), (True, True), True, False),
    ]


def test_filters() -> None:
    query = parse_query('by:RM by:"Kim Namjoon" kind:Correction in:answers -by:amlo -kind:note')
    assert query.filters == (
        Filter("by", "RM", ("rm",), position=0),
        Filter("by", "Kim Namjoon", ("kim", "namjoon"), position=6),
        Filter("kind", "Correction", position=23),
        Filter("in", "answers", position=39),
        Filter("by", "amlo", ("amlo",), negated=True, position=50),
        Filter("kind", "note", negated=True, position=59),
    )
    assert query.kinds == frozenset({"correction"})
    assert query.excluded_kinds == frozenset({"note"})


def test_in_values_and_their_singular_forms() -> None:
    assert parse_query("in:questions").fields == frozenset({"question"})
    assert parse_query("in:answer in:notes").fields == frozenset({"answer", "annotation"})
    assert parse_query("x -in:annotations").fields == frozenset({"question", "answer", "original"})
    assert parse_query("in:originals").fields == frozenset({"original"})
    assert parse_query("x").fields is None


def test_verdict_and_topic_filters() -> None:
    query = parse_query("verdict:false -verdict:mixed topic:Childhood")
    assert query.facet_values("verdict") == frozenset({"false"})
    assert query.facet_values("verdict", negated=True) == frozenset({"mixed"})
    assert query.facet_values("topic") == frozenset({"childhood"})
    # Only fact-checks have a verdict: it narrows to annotations.
    assert query.fields == frozenset({"annotation"})
    assert parse_query("topic:first-film").fields is None
    assert error("verdict:mostly-flase") == (
        'unknown verdict "mostly-flase": did you mean "verdict:mostly-false"? (verdicts are '
        "unverified, true, mostly-true, mixed, mostly-false, false, unsupported)",
        8,
    )
    assert error("topic:First_Film") == (
        'topic: takes a topic slug such as topic:first-film, not "First_Film"',
        6,
    )
    assert error("verdict:") == ("verdict: needs a value, as in verdict:false", 8)


def test_kind_implies_annotations() -> None:
    assert parse_query("kind:correction").fields == frozenset({"annotation"})
    assert parse_query("kind:correction in:answers").fields == frozenset()


def test_filter_names_are_case_insensitive() -> None:
    assert parse_query("BY:rm").filters[0].name == "by"


def test_a_query_of_filters_only_is_allowed() -> None:
    query = parse_query("by:rm")
    assert query.terms == ()
    assert query.positive == ()


def test_an_unclosed_quote() -> None:
    assert error('lopez "supply chain') == (
        'unclosed quote: add a closing " to end the phrase',
        6,
    )


def test_an_unclosed_quote_in_a_filter_value() -> None:
    assert error('by:"Kim') == ('unclosed quote: add a closing " to end the phrase', 3)


def test_an_unknown_filter() -> None:
    assert error("lopez note:x") == (
        'unknown filter "note:" (filters are by:, kind:, in:, verdict:, topic:); '
        'to search for the text, put it in quotes: "note:x"',
        6,
    )


def test_an_unknown_negated_filter_points_at_its_name() -> None:
    assert error("lopez -foo:x")[1] == 7


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ("by:", "by: needs a value, as in by:rm", 3),
        ("x kind:", "kind: needs a value, as in kind:correction", 7),
        ("in: x", "in: needs a value, as in in:answers", 3),
        ('by:"" x', "by: needs a value, as in by:rm", 3),
    ],
)
def test_an_empty_filter_value(text: str, message: str, position: int) -> None:
    assert error(text) == (message, position)


def test_an_unknown_kind() -> None:
    assert error("kind:typo") == (
        'unknown annotation kind "typo" '
        "(kinds are note, context, correction, translation, source, fact-check)",
        5,
    )


def test_an_unknown_field() -> None:
    assert error("x in:titles") == (
        'unknown field "in:titles" (use in:questions, in:answers, in:originals or in:annotations)',
        5,
    )


def test_by_needs_letters() -> None:
    assert error("by:!!") == ('by: needs a speaker key or a name, not "!!"', 3)


@pytest.mark.parametrize("text", ["-energy", '-"supply chain"', "-by:rm", "-energy -kind:note"])
def test_only_exclusions(text: str) -> None:
    assert error(text) == (
        "nothing to look for: a query cannot only exclude; "
        "add a word, a phrase or a filter such as by:KEY",
        0,
    )


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_query(text: str) -> None:
    assert error(text) == ('empty query: type a word, a "phrase" or a filter', 0)


def test_a_query_of_punctuation_only() -> None:
    assert error("  .* ?") == (
        "nothing to look for: search matches letters and digits, and this query has none",
        2,
    )


def test_too_many_terms() -> None:
    text = " ".join(f"w{i}" for i in range(MAX_TERMS + 1))
    message, position = error(text)
    assert message == (
        f"too many terms: a query holds at most {MAX_TERMS} words, phrases and filters"
    )
    assert position == text.index(f"w{MAX_TERMS}")


def test_too_many_words_in_a_phrase() -> None:
    text = '"' + " ".join(["a"] * (MAX_TOKENS + 1)) + '"'
    assert error(text) == (
        f"query too long: at most {MAX_TOKENS} words can be searched at once",
        0,
    )


def test_one_huge_word_parses_quickly_into_one_token() -> None:
    word = "a" * 1_000_000
    (term,) = parse_query(word).terms
    assert term.tokens == (word,)


def test_query_error_is_a_value_error_with_the_message() -> None:
    with pytest.raises(ValueError, match="unclosed quote"):
        parse_query('"x')
    assert str(QueryError("m", 3)) == "m"


def test_terms_are_hashable_values() -> None:
    assert Term("x", ("x",), (True,)) == Term("x", ("x",), (True,))
    assert len({Term("x", ("x",), (True,)), Term("x", ("x",), (True,))}) == 1
