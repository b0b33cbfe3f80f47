"""The annotation writer changes exactly the annotation's lines, byte for byte.

Each test gives a whole file and the whole expected file: comments, blank
lines, quoting styles, block scalars, CRLF line ends and odd indentation
widths must come out untouched.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.annotate import (
    EditError,
    Fields,
    SelectionError,
    add_at_selection,
    find_in_passage,
    plan_add,
    plan_delete,
    plan_update,
    selectors_for,
)
from reader.loader import load_text
from reader.model import Anchor, Interview

P = Path("t.yaml")

BASE = """\
# A test interview.  Comments stay.
reader: 1
title: 'Test: one'
people:
  ana: {name: Ana}
  host:
    name: Host
sections:
  - id: one
    question: "What about the door?"   # asked first
    answers:
      - by: ana
        quote: >-
          The door had three lights, and the lights
          were his idea.

      - by: ana
        quote: The lights again.
        x-note: keep me
  # between sections
  - question: Second?
    answers:
      - by: ana
        quote: |
          Literal
            block
"""


def _load(text: str) -> Interview:
    result = load_text(text, P)
    assert result.interview is not None, result.problems
    return result.interview


def _select(text: str, section: int, answer: int, passage: str, nth: int = 0) -> Plan:
    interview = _load(text)
    sec = interview.sections[section - 1]
    quote = sec.answers[answer].quote
    start = -1
    for _ in range(nth + 1):
        start = quote.index(passage, start + 1)
    return add_at_selection(
        text, P, sec, "answer", answer, start, start + len(passage), Fields(note="A note.")
    )


from reader.annotate import Plan  # noqa: E402  (used in the annotation above)


def test_absent_list_is_created_after_the_sections_last_key() -> None:
    plan = _select(BASE, 1, 1, "again")
    assert plan.text == BASE.replace(
        "        x-note: keep me\n",
        "        x-note: keep me\n    annotations:\n      - on: again\n        note: A note.\n",
    )
    assert plan.line == 21
    assert plan.snippet == "      - on: again\n        note: A note.\n"


def test_block_scalar_at_the_end_of_a_section_keeps_its_text_and_blank_lines() -> None:
    plan = _select(BASE, 2, 0, "Literal")
    assert plan.text == BASE + "    annotations:\n      - on: Literal\n        note: A note.\n"
    assert _load(plan.text).sections[1].answers[0].quote == "Literal\n  block\n"


def test_the_shortest_prefix_or_suffix_picks_the_occurrence() -> None:
    plan = _select(BASE, 1, 0, "lights", nth=1)
    added = plan.text[len(BASE.split("      - by: ana\n        quote: The")[0]) :]
    assert "      - on: lights\n        prefix: the\n        note: A note.\n" in plan.text
    assert added  # the file grew
    first = _select(BASE, 1, 0, "lights", nth=0)
    # "three" before it would do, but the suffix "," is shorter.
    assert "      - on: lights\n        suffix: ','\n" not in first.text
    assert '      - on: lights\n        suffix: ","\n        note: A note.\n' in first.text


def test_empty_flow_list_is_replaced_keeping_the_comment() -> None:
    text = BASE.replace(
        "        x-note: keep me\n", "        x-note: keep me\n    annotations: []  # none yet\n"
    )
    plan = _select(text, 1, 1, "again")
    assert plan.text == text.replace(
        "    annotations: []  # none yet\n",
        "    annotations:  # none yet\n      - on: again\n        note: A note.\n",
    )


def test_present_block_list_is_appended_with_its_own_indentation() -> None:
    # Three-space mappings, list items not indented under their key, "-   " items.
    text = (
        "reader: 1\ntitle: T\npeople:\n   a:\n      name: A\nsections:\n"
        "-   question: Q?\n    answers:\n    -   by: a\n        quote: one two one\n"
        "    annotations:\n    -   note: first\n\n        # trailing comment\n"
        "-   question: Next?\n    answers:\n    -   by: a\n        quote: x\n"
    )
    plan = _select(text, 1, 0, "one", nth=1)
    assert plan.text == text.replace(
        "    -   note: first\n",
        "    -   note: first\n    -   on: one\n        prefix: two\n        note: A note.\n",
    )


def test_flow_list_is_appended_in_flow_style() -> None:
    text = BASE.replace(
        "        x-note: keep me\n",
        "        x-note: keep me\n    annotations: [{note: 'whole, section'}]\n",
    )
    plan = _select(text, 1, 1, "again")
    assert plan.text == text.replace(
        "[{note: 'whole, section'}]", "[{note: 'whole, section'}, {on: again, note: A note.}]"
    )


def test_crlf_file_gets_crlf_lines() -> None:
    text = BASE.replace("\n", "\r\n")
    plan = _select(text, 1, 1, "again")
    assert plan.text == text.replace(
        "        x-note: keep me\r\n",
        "        x-note: keep me\r\n    annotations:\r\n      - on: again\r\n"
        "        note: A note.\r\n",
    )


def test_file_without_final_line_break_keeps_none() -> None:
    text = BASE.rstrip("\n").replace("          Literal\n            block", "          Literal")
    text = text.replace("quote: |\n", "quote: plain end\n").replace("          Literal", "")
    text = text.rstrip()
    assert not text.endswith("\n")
    plan = _select(text, 2, 0, "end")
    assert plan.text == text + "\n    annotations:\n      - on: end\n        note: A note."


def test_text_is_written_in_a_form_that_reads_back_exactly() -> None:
    interview = _load(BASE)
    fields = Fields(
        note="Line one: with colon\nline two # not a comment\n\n  indented",
        kind="fact-check",
        by="no",
        links=("https://example.com/a,b", "https://example.com/x"),
    )
    plan = add_at_selection(BASE, P, interview.sections[0], "question", None, 5, 10, fields)
    got = plan.annotation
    assert got is not None
    assert (got.note, got.kind, got.by, got.links) == (
        fields.note,
        "fact-check",
        "no",
        fields.links,
    )
    assert got.on == "about" and got.anchor == Anchor("question", None, 5, 10)
    assert plan.snippet == (
        "      - on: about\n"
        "        kind: fact-check\n"
        "        note: |-\n"
        "          Line one: with colon\n"
        "          line two # not a comment\n"
        "\n"
        "            indented\n"
        '        by: "no"\n'
        '        links: ["https://example.com/a,b", https://example.com/x]\n'
    )


def test_control_characters_are_written_as_escapes() -> None:
    interview = _load(BASE)
    fields = Fields(note="bell\x07 and esc\x1b[31m")
    plan = add_at_selection(BASE, P, interview.sections[0], "question", None, 0, 4, fields)
    assert '        note: "bell\\a and esc\\e[31m"\n' in plan.snippet
    assert plan.annotation is not None and plan.annotation.note == fields.note


def test_single_quote_habit_is_followed() -> None:
    text = BASE.replace('"What about the door?"', "'What about the door?'")
    interview = _load(text)
    plan = add_at_selection(
        text, P, interview.sections[0], "question", None, 0, 4, Fields(note="a: b")
    )
    assert "        note: 'a: b'\n" in plan.snippet


def test_update_changes_only_the_changed_values() -> None:
    text = BASE.replace(
        "        x-note: keep me\n",
        "        x-note: keep me\n    annotations:\n"
        "      - on: again   # the word\n        note: >-\n          Old\n          note.\n"
        "        x-by: me\n",
    )
    plan = plan_update(text, P, 1, 0, Fields(note="New note.", on="again", kind="context"), None)
    assert plan.text == text.replace(
        "        note: >-\n          Old\n          note.\n",
        "        kind: context\n        note: New note.\n",
    )


def test_update_removes_a_key_no_longer_needed() -> None:
    first = _select(BASE, 1, 0, "lights", nth=1)
    assert "prefix: the" in first.text
    plan = plan_update(first.text, P, 1, 0, Fields(note="A note.", on="lights were"), None)
    assert plan.text == first.text.replace(
        "      - on: lights\n        prefix: the\n", "      - on: lights were\n"
    )


def test_delete_after_add_gives_the_original_bytes() -> None:
    plan = _select(BASE, 1, 1, "again")
    back = plan_delete(plan.text, P, 1, 0)
    assert back.text == BASE


def test_delete_one_of_several_and_the_last_of_a_commented_list() -> None:
    text = BASE.replace(
        "        x-note: keep me\n",
        "        x-note: keep me\n    annotations:\n    # notes\n"
        "      - note: one\n      - on: again\n        note: two\n",
    )
    plan = plan_delete(text, P, 1, 1)
    assert plan.text == text.replace("      - on: again\n        note: two\n", "")
    plan = plan_delete(plan.text, P, 1, 0)
    assert plan.text == text.replace(
        "    annotations:\n    # notes\n      - note: one\n      - on: again\n        note: two\n",
        "    annotations: []\n    # notes\n",
    )


def test_delete_from_a_flow_list() -> None:
    text = BASE.replace(
        "        x-note: keep me\n",
        "        x-note: keep me\n    annotations: [{note: a}, {note: b}, {note: c}]\n",
    )
    assert plan_delete(text, P, 1, 1).text == text.replace("{note: b}, ", "")
    assert plan_delete(text, P, 1, 2).text == text.replace(", {note: c}", "")
    once = plan_delete(plan_delete(text, P, 1, 2).text, P, 1, 1).text
    assert plan_delete(once, P, 1, 0).text == text.replace(
        "[{note: a}, {note: b}, {note: c}]", "[]"
    )


def test_delete_by_the_models_position() -> None:
    plan = _select(BASE, 1, 1, "again")
    annotation = _load(plan.text).sections[0].annotations[0]
    assert plan_delete(plan.text, P, 1, annotation.position).text == BASE


def test_selection_that_no_context_can_pick_is_refused() -> None:
    text = BASE.replace("quote: The lights again.", "quote: Same.").replace(
        '"What about the door?"', "Same."
    )
    interview = _load(text)
    with pytest.raises(SelectionError, match="select a longer passage"):
        selectors_for(interview.sections[0], "question", None, 0, 5)


def test_blank_selection_is_refused() -> None:
    interview = _load(BASE)
    with pytest.raises(SelectionError, match="empty"):
        selectors_for(interview.sections[0], "answer", 0, 3, 4)


def test_selection_edges_white_space_is_dropped() -> None:
    interview = _load(BASE)
    quote = interview.sections[0].answers[0].quote
    start = quote.index(" three")
    chosen = selectors_for(interview.sections[0], "answer", 0, start, start + 7)
    assert chosen.on == "three"
    assert chosen.anchor == Anchor("answer", 0, start + 1, start + 6)


def test_find_in_passage_names_the_passage() -> None:
    interview = _load(BASE)
    section = interview.sections[0]
    assert find_in_passage(section, "The lights", "answer", 1) == Anchor("answer", 1, 0, 10)
    with pytest.raises(SelectionError, match="occurs 3 times"):
        find_in_passage(section, "lights", None, None)
    with pytest.raises(SelectionError, match="no answer 5"):
        find_in_passage(section, "x", "answer", 4)


def test_a_file_with_yaml_errors_is_not_edited() -> None:
    with pytest.raises(EditError, match="YAML errors"):
        plan_add("reader: 1\ntitle: [\n", P, 1, Fields(note="n"), None)


def test_an_edit_that_would_break_the_file_is_refused() -> None:
    # A section written as a flow mapping on one line cannot take a block list.
    text = BASE.replace(
        "  - question: Second?\n    answers:\n      - by: ana\n        quote: |\n"
        "          Literal\n            block\n",
        "  - {question: Second?, answers: [{by: ana, quote: x}]}\n",
    )
    with pytest.raises(EditError, match="written as"):
        plan_add(text, P, 2, Fields(note="n"), None)


def test_crlf_file_without_final_line_break() -> None:
    text = "reader: 1\r\ntitle: T\r\npeople:\r\n  a: {name: A}\r\nsections:\r\n"
    text += "  - question: Q?\r\n    answers:\r\n      - by: a\r\n        quote: plain end"
    plan = _select(text, 1, 0, "end")
    assert plan.text == text + "\r\n    annotations:\r\n      - on: end\r\n        note: A note."


def test_a_literal_block_ending_the_file_without_a_line_break_is_not_changed() -> None:
    text = "reader: 1\ntitle: T\npeople:\n  a: {name: A}\nsections:\n"
    text += "  - question: Q?\n    answers:\n      - by: a\n        quote: |\n          last words"
    with pytest.raises(EditError, match="add a line break at the end of the file first"):
        _select(text, 1, 0, "last")
    # With the line break, the block keeps its text and the annotation follows it.
    plan = _select(text + "\n", 1, 0, "last")
    assert plan.text == text + "\n    annotations:\n      - on: last\n        note: A note.\n"


def test_interview_wide_annotations_can_be_changed_and_deleted() -> None:
    text = BASE.replace(
        "people:\n", "annotations:\n  - kind: source\n    note: Old source.\npeople:\n"
    )
    changed = plan_update(text, P, None, 0, Fields(note="New source.", kind="source"), None)
    assert changed.text == text.replace("Old source.", "New source.")
    assert changed.annotation is not None and changed.annotation.kind == "source"
    assert plan_delete(changed.text, P, None, 0).text == BASE


def test_an_annotation_not_placed_can_be_changed_and_deleted() -> None:
    text = BASE.replace(
        "        x-note: keep me\n",
        "        x-note: keep me\n    annotations:\n      - on: window\n        note: Lost.\n",
    )
    assert _load(text).sections[0].unplaced[0].note == "Lost."
    plan = plan_update(text, P, 1, 0, Fields(note="Still lost.", on="window"), None)
    assert plan.text == text.replace("Lost.", "Still lost.")
    assert plan.annotation is not None and plan.annotation.problem is not None
    assert plan_delete(text, P, 1, 0).text == BASE
