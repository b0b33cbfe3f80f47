"""The text as corrected (reader.corrections): applied replacements and the copy marking."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.corrections import (
    corrected,
    marked,
    marked_with_offsets,
    replacements_of,
    section_has_replacements,
)
from reader.model import Anchor, Annotation, Answer, Section

QUESTION = "An interview with the director, Lee Sung-gin, on their social media."
ANSWER = "Sung-gin discussed the video. Sung-gin smiled."


def correction(
    field: str,
    answer: int | None,
    text: str,
    part: str,
    replacement: str | None,
    *,
    kind: str = "correction",
    nth: int = 0,
) -> Annotation:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return Annotation(
        note="Misspelt.",
        kind=kind,
        on=part,
        anchor=Anchor(field, answer, start, start + len(part)),  # type: ignore[arg-type]
        replacement=replacement,
    )


def section(*annotations: Annotation) -> Section:
    return Section(
        id="intro",
        number=1,
        title="Intro",
        question=QUESTION,
        answers=(Answer("lee", ANSWER),),
        annotations=annotations,
    )


def test_the_question_as_corrected_and_as_marked() -> None:
    s = section(correction("question", None, QUESTION, "Lee Sung-gin", "Lee Sung-jin"))
    found = replacements_of(s, "question", None)
    result = corrected(QUESTION, found)
    assert result.text == "An interview with the director, Lee Sung-jin, on their social media."
    ((start, end, replacement),) = result.spans
    assert result.text[start:end] == "Lee Sung-jin"
    assert replacement.published == "Lee Sung-gin"
    assert marked(QUESTION, found) == (
        "An interview with the director, Lee Sung-jin [corrected from: Lee Sung-gin],"
        " on their social media."
    )
    # Nothing applies to the answer.
    assert replacements_of(s, "answer", 0) == []
    assert section_has_replacements(s)


def test_two_replacements_in_one_answer_in_text_order() -> None:
    s = section(
        correction("answer", 0, ANSWER, "Sung-gin", "Sung-jin", nth=1),
        correction("answer", 0, ANSWER, "Sung-gin", "Sung-jin"),
    )
    found = replacements_of(s, "answer", 0)
    assert [r.start for r in found] == [0, ANSWER.index("Sung-gin smiled")]
    result = corrected(ANSWER, found)
    assert result.text == "Sung-jin discussed the video. Sung-jin smiled."
    assert [result.text[a:b] for a, b, _ in result.spans] == ["Sung-jin", "Sung-jin"]
    assert marked(ANSWER, found) == (
        "Sung-jin [corrected from: Sung-gin] discussed the video. "
        "Sung-jin [corrected from: Sung-gin] smiled."
    )


def test_corrections_without_replacement_and_other_kinds_change_nothing() -> None:
    s = section(
        correction("question", None, QUESTION, "Lee Sung-gin", None),
        correction("question", None, QUESTION, "director", "film-maker", kind="note"),
    )
    assert replacements_of(s, "question", None) == []
    assert not section_has_replacements(s)
    assert marked(QUESTION, []) == QUESTION


def test_a_multiline_passage_is_marked_on_one_line() -> None:
    text = "the Rose\n  Bowl"
    s = Section(
        id="q",
        number=1,
        title="q",
        question=text,
        answers=(Answer("a", "x"),),
        annotations=(correction("question", None, text, "Rose\n  Bowl", "Rose Bowl Stadium"),),
    )
    assert marked(text, replacements_of(s, "question", None)) == (
        "the Rose Bowl Stadium [corrected from: Rose Bowl]"
    )


@given(
    st.text(min_size=1, max_size=30),
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30), st.text(max_size=5)), max_size=4),
)
def test_corrected_spans_hold_the_replacements_and_the_rest_is_unchanged(
    text: str, raw: list[tuple[int, int, str]]
) -> None:
    annotations = []
    for a, b, new in raw:
        start, end = sorted((min(a, len(text)), min(b, len(text))))
        annotations.append(
            Annotation(
                note="n",
                kind="correction",
                anchor=Anchor("question", None, start, end),
                replacement=new,
            )
        )
    s = Section(
        id="q", number=1, title="q", question=text, answers=(), annotations=tuple(annotations)
    )
    found = replacements_of(s, "question", None)
    result = corrected(text, found)
    # Between the corrected spans, the text is the published text.
    published_pieces = []
    corrected_pieces = []
    pos_p = pos_c = 0
    for start, end, replacement in result.spans:
        assert result.text[start:end] == replacement.replacement
        published_pieces.append(text[pos_p : replacement.start])
        corrected_pieces.append(result.text[pos_c:start])
        pos_p, pos_c = replacement.end, end
    assert published_pieces == corrected_pieces
    assert text[pos_p:] == result.text[pos_c:]
    if not found:
        assert result.text == text


def test_offsets_move_with_the_marked_text() -> None:
    s = section(correction("question", None, QUESTION, "Lee Sung-gin", "Lee Sung-jin"))
    found = replacements_of(s, "question", None)
    text, remap = marked_with_offsets(QUESTION, found)
    start = QUESTION.index("Lee Sung-gin")
    end = start + len("Lee Sung-gin")
    assert remap(0) == 0
    assert remap(start) == start
    assert text[remap(start) : remap(end)] == "Lee Sung-jin [corrected from: Lee Sung-gin]"
    assert text[remap(end) :] == QUESTION[end:]
    assert remap(start + 3) == remap(end)
    assert remap(len(QUESTION)) == len(text)


@given(
    st.text(min_size=1, max_size=40),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40), st.text(max_size=6)), max_size=6),
)
def test_offsets_keep_the_text_around_them(text: str, raw: list[tuple[int, int, str]]) -> None:
    annotations = []
    for a, b, new in raw:
        start, end = sorted((min(a, len(text)), min(b, len(text))))
        annotations.append(
            Annotation(
                note="n",
                kind="correction",
                anchor=Anchor("question", None, start, end),
                replacement=new,
            )
        )
    s = Section(
        id="q", number=1, title="q", question=text, answers=(), annotations=tuple(annotations)
    )
    found = replacements_of(s, "question", None)
    shown, remap = marked_with_offsets(text, found)
    previous = 0
    for offset in range(len(text) + 1):
        moved = remap(offset)
        assert previous <= moved <= len(shown)
        previous = moved
        inside = [r for r in found if r.start < offset < r.end]
        if not inside:
            # Outside every replaced passage, the text that follows up to the
            # next replacement is the same on both sides.
            following = [r.start for r in found if r.start >= offset]
            stop = min(following) if following else len(text)
            assert shown[moved : moved + stop - offset] == text[offset:stop]
