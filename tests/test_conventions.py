"""Transcription conventions (reader.conventions): exact spans, never markup."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.conventions import find_conventions


def found(text: str) -> list[str]:
    return [text[start:end] for start, end in find_conventions(text)]


@pytest.mark.parametrize(
    "mark",
    [
        "[laughs]",
        "[Laughter]",
        "[inaudible]",
        "[inaudible 00:12]",
        "[inaudible at 1:02:03]",
        "[inaudible, 00:12.5]",
        "[crosstalk]",
        "[cross talk]",
        "[sic]",
        "[ pause ]",
        "[in French]",
        "[speaks Korean]",
        "[...]",
        "[…]",
        "(Laughter.)",
        "(laughs)",
        "(As interpreted.)",
        "(Speaks French.)",
        "(Speaks Haitian Creole.)",
        "(Applause.)",
        "(Inaudible.)",
        "(Cross-talk.)",
    ],
)
def test_each_documented_pattern_is_recognised_exactly(mark: str) -> None:
    text = f"Before {mark} after."
    start = text.index(mark)
    assert find_conventions(text) == [(start, start + len(mark))]


@pytest.mark.parametrize(
    "text",
    [
        "the [which is] insertion",  # an editor's words, not a stage direction
        "[bold red]markup[/]",
        "[@click=app.quit]",
        "(In Mexico.)",  # a place, not a language
        "(in part)",
        "(SPEAKS FRENCH.)",  # a language name is capitalised
        "[laughs",
        "laughs]",
        "[laughsy]",
        "(Laughter.",
    ],
)
def test_other_brackets_are_left_alone(text: str) -> None:
    assert find_conventions(text) == []


def test_several_in_one_quote_in_order() -> None:
    text = "PRESIDENT LÓPEZ OBRADOR: (As interpreted.) Thank you. (Applause.) Yes [laughs]."
    assert found(text) == ["(As interpreted.)", "(Applause.)", "[laughs]"]


@given(st.text(alphabet=st.sampled_from("[]().: aisnlughcrotdpeAFS0123456789…"), max_size=60))
def test_spans_are_ordered_disjoint_and_bracketed(text: str) -> None:
    spans = find_conventions(text)
    last = 0
    for start, end in spans:
        assert last <= start < end <= len(text)
        assert text[start] in "[(" and text[end - 1] in "])"
        last = end
