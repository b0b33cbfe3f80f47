"""Folding and matching: accents, case folding that changes length, scripts, offsets."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.search import QueryError, match_spans, parse_query
from reader.search.match import PassageTokens, term_pattern, term_spans
from reader.search.normalize import FoldMap, fold, fold_char, fold_unit, token_spans, tokens


def found(query: str, text: str) -> list[str]:
    """The matched pieces of ``text``, as highlighted."""
    return [text[a:b] for a, b in match_spans(query, text)]


# -- folding -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("López", "lopez"),
        ("Straße", "strasse"),
        ("STRASSE", "strasse"),
        ("İstanbul", "istanbul"),
        ("ﬁnal", "final"),
        ("Ｆｕｌｌ", "full"),
        ("①", "1"),
        ("e\u0301te\u0301", "ete"),
        ("Ꭰ", "Ꭰ"),  # Cherokee folds to its capital letters
        ("naïve café", "naive cafe"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_hangul_syllables_stay_whole() -> None:
    assert tokens(fold("김남준은 방탄소년단")) == ["김남준은", "방탄소년단"]


def test_han_and_kana_become_one_character_words() -> None:
    assert tokens(fold("中文也可以")) == ["中", "文", "也", "可", "以"]
    assert tokens(fold("コーヒーが好き")) == ["コ", "ー", "ヒ", "ー", "が", "好", "き"]


def test_voiced_kana_keep_their_voicing() -> None:
    assert fold("が") != fold("か")


def test_punctuation_and_controls_separate_words() -> None:
    assert tokens(fold("a—b\x1bc\u200bd\u202ee。f_g")) == ["a", "b", "c", "d", "e", "f", "g"]


def test_lone_surrogates_fold_to_spaces() -> None:
    assert fold("a\ud800b") == "a b"


def _pieces(text: str) -> str:
    return "".join(fold_char(c) for ch in text for c in ch.lower())


def test_fold_equals_its_per_character_definition_wherever_lower_differs() -> None:
    # fold() lowers the whole text before folding; these are the only
    # characters whose lower case is not themselves, so they are the only
    # ones where that shortcut could differ from folding character by character.
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        if ch.lower() != ch:
            assert fold(ch) == _pieces(ch) == fold_char(ch), hex(code)


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_fold_equals_its_per_character_definition(text: str) -> None:
    assert fold(text) == _pieces(text)


@settings(max_examples=300)
@given(st.text(max_size=40))
def test_fold_unit_says_when_offsets_are_the_same(text: str) -> None:
    folded, unit = fold_unit(text)
    assert folded == fold(text)
    assert unit == all(len("".join(fold_char(c) for c in ch.lower())) == 1 for ch in text)


@settings(max_examples=300)
@given(st.text(max_size=40))
def test_every_folded_token_maps_back_to_characters_that_fold_to_it(text: str) -> None:
    fmap = FoldMap(text)
    assert fmap.text == fold(text)
    folded, unit = fold_unit(text)
    given_fold = FoldMap(text, folded, unit)
    assert [given_fold.span(a, b) for _, a, b in token_spans(folded)] == [
        fmap.span(a, b) for _, a, b in token_spans(folded)
    ]
    for _token, start, end in token_spans(fmap.text):
        first, stop = fmap.span(start, end)
        assert 0 <= first < stop <= len(text)
        assert fmap.text[start:end] in fold(text[first:stop])


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_folded_offsets_are_the_lengths_of_folded_prefixes(text: str) -> None:
    fmap = FoldMap(text)
    assert [fmap.folded_offset(k) for k in range(len(text) + 1)] == [
        len(fold(text[:k])) for k in range(len(text) + 1)
    ]
    # Also for the characters that fold to several, or to nothing.
    odd = "aßİﬁ中e\u0301Σς"
    fmap = FoldMap(odd)
    assert [fmap.folded_offset(k) for k in range(len(odd) + 1)] == [
        len(fold(odd[:k])) for k in range(len(odd) + 1)
    ]


# -- matching ----------------------------------------------------------------


def test_words_match_the_start_of_words() -> None:
    assert found("direct", "The director was directing. Indirect.") == ["direct", "direct"]
    assert found("rm", "RM and form and rms") == ["RM", "rm"]


def test_case_and_accents_do_not_matter() -> None:
    assert found("lopez", "López, LÓPEZ, lopez") == ["López", "LÓPEZ", "lopez"]
    assert found("LÓPEZ", "lopez") == ["lopez"]
    assert found("lopez", "Lo\u0301pez") == ["Lo\u0301pez"]


def test_folding_that_changes_length_maps_back_exactly() -> None:
    text = "Die Straße, die STRASSE; İstanbul und ﬁsh."
    assert match_spans("strasse", text) == [(4, 10), (16, 23)]
    assert found("strasse", text) == ["Straße", "STRASSE"]
    assert found("istanbul", text) == ["İstanbul"]
    assert found("fish", text) == ["ﬁsh"]
    # A prefix ending inside ß's two letters takes the whole ß.
    assert found("stras", text) == ["Straß", "STRAS"]
    assert found("ss", "ßa") == ["ß"]


def test_offsets_after_expanding_characters_are_exact() -> None:
    text = "ßßß ﬁ ① café Zürich"
    assert found("zurich", text) == ["Zürich"]
    assert found("cafe", text) == ["café"]
    assert found("1", text) == ["①"]


def test_combining_marks_stay_with_their_letter() -> None:
    text = "cafe\u0301 ole\u0301"
    assert found("cafe", text) == ["cafe\u0301"]
    assert found("ole", text) == ["ole\u0301"]


def test_korean_word_finds_itself_with_particles() -> None:
    assert found("김남준", "김남준은 RM이다. 김남준의 노래") == ["김남준", "김남준"]
    assert found("남준", "김남준은") == []


def test_chinese_and_japanese_match_anywhere_in_a_run() -> None:
    assert found("中文", "我说中文也可以") == ["中文"]
    assert found("也可", "中文也可以") == ["也可"]
    assert found("ヒー", "コーヒーが好き") == ["ヒー"]
    assert found("中文", "中 文") == ["中 文"]


def test_phrases_match_words_in_a_row() -> None:
    text = "Supply chain, supply  chains; chain supply; supply of chain"
    assert found('"supply chain"', text) == ["Supply chain", "supply  chain"]


def test_a_phrase_across_a_line_break_matches() -> None:
    # Folded YAML scalars are unfolded by the loader; a literal block keeps
    # its newline, which is white space like any other.
    assert found('"three lights"', "The door had three\nlights.") == ["three\nlights"]


def test_a_word_of_several_tokens_needs_the_first_ones_whole() -> None:
    assert found("e-mail", "send e-mail, an e mail, email, ee-mails") == ["e-mail", "e mail"]


def test_overlapping_phrase_matches_merge() -> None:
    assert match_spans('"a a"', "a a a") == [(0, 5)]


def test_excluded_and_filter_terms_are_not_highlighted() -> None:
    assert found("lopez -energy by:amlo", "López on energy") == ["López"]
    assert match_spans("by:amlo", "López") == []


def test_regex_looking_characters_are_literal() -> None:
    with pytest.raises(QueryError, match="nothing to look for"):
        match_spans(".*", "anything")
    assert found("(a|b)", "a|b and ab") == ["a|b"]
    assert found("C++", "C++ and c#") == ["C", "c"]


def test_a_huge_word_neither_crashes_nor_compiles() -> None:
    word = "a" * 1_000_000
    query = parse_query(word)
    assert term_pattern(query.terms[0]) is None
    assert match_spans(query, "a aa aaa") == []
    assert match_spans(query, word + " b") == [(0, 1_000_000)]


def test_hostile_text_is_matched_as_text() -> None:
    text = "\x1b]52;c;ZXZpbA==\x07 \u202eevil\u202c [bold]x[/]"
    assert found("evil", text) == ["evil"]
    assert found("bold", text) == ["bold"]
    assert found("52", text) == ["52"]


# -- the regex and the token-list definition agree ---------------------------

_WORDS = st.sampled_from(["a", "ab", "abc", "b", "ß", "ss", "é", "e", "中", "文", "김", "김남"])
_SEPARATORS = st.sampled_from([" ", "  ", "-", "\n", "é", "", "。", "\u0301"])


@st.composite
def _texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(_WORDS, _SEPARATORS), max_size=12))
    return "".join(word + sep for word, sep in parts)


@settings(max_examples=300)
@given(_texts(), st.lists(_WORDS, min_size=1, max_size=3), st.booleans())
def test_term_pattern_finds_what_term_spans_defines(
    text: str, words: list[str], phrase: bool
) -> None:
    query_text = '"' + " ".join(words) + '"' if phrase else "".join(words)
    term = parse_query(query_text).terms[0]
    folded = fold(text)
    spans = [(start, end) for _, start, end in token_spans(folded)]
    defined = term_spans(term, [w for w, _, _ in token_spans(folded)], spans)
    pattern = term_pattern(term)
    assert pattern is not None
    assert PassageTokens(text).term_spans(term) == defined


# -- the matches near the first one, from a prefix ---------------------------

_LONG_SEPARATORS = st.sampled_from([" ", "  ", "\n", "-", "é", "", "\u0301", "ß", "。"])


@st.composite
def _long_texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(_WORDS, _LONG_SEPARATORS), max_size=80))
    return "".join(word + sep for word, sep in parts)


@settings(max_examples=300)
@given(
    _long_texts(),
    st.lists(st.tuples(st.lists(_WORDS, min_size=1, max_size=3), st.booleans()), max_size=3),
    st.integers(0, 40),
    st.integers(1, 30),
)
def test_leading_matches_are_the_first_of_all_matches(
    text: str, terms: list[tuple[list[str], bool]], reach: int, first_slice: int
) -> None:
    from reader.search.match import leading_matches, passage_matches

    query_text = " ".join('"' + " ".join(w) + '"' if phrase else "".join(w) for w, phrase in terms)
    query = parse_query(query_text or "kind:note")
    every = passage_matches(query, PassageTokens(text)) or []
    expected = []
    if every:
        high = min(len(text), every[0][0] + reach)
        expected = [span for span in every if span[1] <= high]
    assert leading_matches(query, text, reach, first_slice=first_slice) == expected


def test_leading_matches_grow_past_a_phrase_cut_by_the_prefix() -> None:
    from reader.search.match import leading_matches

    # The prefix first ends inside the phrase, then before its last word.
    text = "x " * 10 + "supply\n  chain chain supply chain"
    query = parse_query('"supply chain" chain')
    every = [(20, 34), (35, 40), (41, 53)]
    assert leading_matches(query, text, 100, first_slice=3) == every
    assert leading_matches(query, text, 20, first_slice=3) == every[:2]
    assert leading_matches(query, text, 19, first_slice=3) == every[:1]
    assert leading_matches(query, text, 0, first_slice=3) == []


def test_leading_matches_see_a_phrase_that_would_join_a_shown_match() -> None:
    from reader.search.match import leading_matches

    # A prefix "b c a b " holds a whole "b" at 6, but "b c" from 6 overlaps
    # it and ends past the reach: the shown spans stop before it.
    text = "b c a b c" + " z" * 50
    query = parse_query('b "b c"')
    assert leading_matches(query, text, 7, first_slice=7) == [(0, 3)]
    assert leading_matches(query, text, 9, first_slice=7) == [(0, 3), (6, 9)]
