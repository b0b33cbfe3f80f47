"""Keyboard selection: growing and shrinking by words and sentences."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.annotate._extent import (
    first_word,
    grow_sentence,
    grow_word,
    next_sentence,
    next_word,
    previous_sentence,
    previous_word,
    shrink_sentence,
    shrink_word,
)

TEXT = "The door had three lights. Each one is a moment! “Really?” he said.\nYes."


def _show(span: tuple[int, int]) -> str:
    return TEXT[span[0] : span[1]]


def test_words() -> None:
    span = first_word(TEXT)
    assert _show(span) == "The"
    span = grow_word(TEXT, grow_word(TEXT, span))
    assert _show(span) == "The door had"
    assert _show(shrink_word(TEXT, span)) == "The door"
    assert shrink_word(TEXT, first_word(TEXT)) == first_word(TEXT)
    assert _show(next_word(TEXT, span)) == "door"
    assert _show(previous_word(TEXT, next_word(TEXT, span))) == "The"


def test_sentences() -> None:
    span = grow_sentence(TEXT, first_word(TEXT))
    assert _show(span) == "The door had three lights."
    span = grow_sentence(TEXT, span)
    assert _show(span) == "The door had three lights. Each one is a moment!"
    assert _show(grow_sentence(TEXT, span)) == (
        "The door had three lights. Each one is a moment! “Really?”"
    )
    assert _show(shrink_sentence(TEXT, span)) == "The door had three lights."
    second = next_sentence(TEXT, first_word(TEXT))
    assert _show(second) == "Each one is a moment!"
    assert _show(next_sentence(TEXT, next_sentence(TEXT, second))) == "he said."
    assert _show(previous_sentence(TEXT, second)) == "The door had three lights."


@given(st.text(alphabet="ab .!?\n“”", max_size=40), st.data())
def test_spans_stay_inside_and_on_words(text: str, data: st.DataObject) -> None:
    span = first_word(text)
    moves = [grow_word, shrink_word, grow_sentence, shrink_sentence, next_word, previous_word,
             next_sentence, previous_sentence]  # fmt: skip
    for _ in range(data.draw(st.integers(0, 8))):
        span = data.draw(st.sampled_from(moves))(text, span)
        start, end = span
        assert 0 <= start <= end <= len(text)
        if text.strip():
            assert text[start:end].strip() == text[start:end]
            assert start < end
