"""Pilot tests of reading like a fact-checker and a translator (issue 15).

As corrected (f), verdict badges and the header's claim counts, the next
unverified claim across the library (x, X), originals beside or below (O),
transcription conventions styled, the library's unverified column, and the
palette's "Compare answers on this topic".
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.command import CommandPalette

from reader.ui.app import make_app
from reader.ui.screens.compare import CompareScreen
from reader.ui.screens.interview import InterviewScreen
from reader.ui.widgets.lists import AnnotationList
from reader.ui.widgets.quote_view import QuoteView
from tests.uitools import (
    SAMPLE,
    open_interview,
    open_library,
    screen_lines,
    screen_text,
    wait_until,
)

READING = Path(__file__).parent / "fixtures" / "reading"
PRESS = READING / "a-press.yaml"


def quote_plain(screen: InterviewScreen) -> str:
    return "\n".join(row.content.plain for row in screen.query_one(QuoteView).rows)


async def test_f_shows_the_text_as_corrected_and_y_copies_that_view() -> None:
    app = make_app([PRESS], state=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("right_square_bracket")
        header = screen_lines(app)[0]
        assert header.startswith(
            " A press talk  ·  as published  ·  3 claims: 1 false, 2 unverified"
        )
        assert "Mayor Ruis?”" in quote_plain(screen)
        await pilot.press("f")
        assert screen_lines(app)[0].startswith(" A press talk  ·  as corrected  ·  3 claims")
        assert "Mayor Ruiz [corrected from: Ruis]?”" in quote_plain(screen).replace("\n", " ")
        # The corrected passage is styled as such, the mark as a mark.
        quote = screen.query_one(QuoteView)
        question = next(block for block in quote._blocks if block.ref == ("question", None))
        styles = {
            question.content.plain[span.start : span.end]: span.style
            for span in question.content.spans
            if span.style in (".quote-view--corrected", ".quote-view--correction-mark")
        }
        assert styles == {
            "Ruiz": ".quote-view--corrected",
            " [corrected from: Ruis]": ".quote-view--correction-mark",
        }
        await pilot.press("Y")
        assert app.clipboard.startswith(
            "Host asked:\n\n> Why did the budget grow, Mayor Ruiz [corrected from: Ruis]?[^1]\n"
        )
        await pilot.press("f")
        assert "Mayor Ruis?”" in quote_plain(screen)
        await pilot.press("Y")
        assert app.clipboard.startswith(
            "Host asked:\n\n> Why did the budget grow, Mayor Ruis?[^1]\n"
        )


async def test_f_and_o_are_refused_where_nothing_applies() -> None:
    app = make_app([SAMPLE], state=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("f")
        await wait_until(pilot, lambda: "No correction here says" in screen_text(app))
        assert screen.corrected is False
        await pilot.press("O")
        await wait_until(pilot, lambda: "('original')" in screen_text(app))
        assert screen.originals is False


async def test_verdict_badges_in_the_sidebar() -> None:
    app = make_app([PRESS], state=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("right_square_bracket")
        sidebar = screen.query_one(AnnotationList)
        prompts = [
            sidebar.get_option_at_index(i).prompt
            for i in range(sidebar.option_count)
            if sidebar.get_option_at_index(i).id
        ]
        assert [p.plain.split("\n")[0] for p in prompts] == [
            " correction  Q “Ruis”",
            " fact-check   false  A1 “300 teachers”",
            " fact-check   unverified  A1 “two schools”",
        ]
        badge = prompts[1]
        assert any(
            badge.plain[s.start : s.end] == " false "
            and s.style == ".annotation-list--verdict-false"
            for s in badge.spans
        )
        assert "checked by Desk on 2024-05-12" in prompts[1].plain
        assert "→ should read “Ruiz”" in prompts[0].plain


async def test_x_goes_to_the_next_unverified_claim_across_the_library() -> None:
    app = make_app([READING], state=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_library(pilot)
        await pilot.press("enter")
        screen = await open_interview(pilot)
        assert screen.interview.title == "A press talk"

        def at() -> tuple[str, int, str | None]:
            current = app.screen
            assert isinstance(current, InterviewScreen)
            selected = current.selected_annotation
            return (
                current.interview.title,
                current.section_index,
                selected.note if selected is not None else None,
            )

        steps = [
            ("A press talk", 0, "The whole talk repeats figures from the budget."),
            ("A press talk", 1, "Not checked yet."),
            ("B council meeting", 1, "To check against the register."),
            ("A press talk", 0, "The whole talk repeats figures from the budget."),
        ]
        for expected in steps:
            await pilot.press("x")
            await wait_until(pilot, lambda expected=expected: at() == expected)
        # And back.
        for expected in reversed(steps[:-1]):
            await pilot.press("X")
            await wait_until(pilot, lambda expected=expected: at() == expected)


async def test_originals_beside_when_wide_and_below_when_narrow() -> None:
    app = make_app([PRESS], state=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("right_square_bracket", "O")
        quote = screen.query_one(QuoteView)
        assert str(quote.border_title) == (
            "Q&A 1 of 2 · originals · Translated from Spanish by the desk."
        )
        rows = [row.content.plain.rstrip() for row in quote.rows]
        first = rows.index(next(r for r in rows if r.startswith("We hired")))
        # Side by side, aligned: the label row, then the answer and its original.
        assert rows[first - 1].startswith("Translation") and "│ Original (es)" in rows[first - 1]
        assert "│ Contratamos" in rows[first]
        await pilot.press("O")
        assert not any("Contratamos" in row for row in (r.content.plain for r in quote.rows))
    app = make_app([PRESS], state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("right_square_bracket", "O")
        rows = [row.content.plain.rstrip() for row in screen.query_one(QuoteView).rows]
        label = rows.index("Original (es)")
        assert rows[label - 1] == ""
        assert rows[label - 2] == "schools. (Applause.)"
        assert rows[label + 1].startswith("Contratamos a 300 maestros")
        assert "│" not in "\n".join(rows)


async def test_conventions_are_dim_italic_and_copied_exactly() -> None:
    app = make_app([PRESS], state=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("right_square_bracket")
        quote = screen.query_one(QuoteView)
        answer = next(block for block in quote._blocks if block.ref == ("answer", 0))
        marked = [
            answer.content.plain[s.start : s.end]
            for s in answer.content.spans
            if s.style == ".quote-view--convention"
        ]
        assert marked == ["[laughs]", "(Applause.)"]
        await pilot.press("tab", "y")
        assert app.clipboard.startswith(
            "> We hired 300 teachers [laughs] and built two schools. (Applause.)"
        )


async def test_library_counts_unverified_claims() -> None:
    app = make_app([READING], state=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_library(pilot)
        lines = screen_lines(app)
        header = next(line for line in lines if "Unver." in line)
        column = header.index("Unver.")
        rows = {
            line[1:20].strip(): line[column : column + 6].strip()
            for line in lines
            if "yaml" in line
        }
        assert rows == {"A press talk": "2", "B council meeting": "1"}


async def test_compare_from_the_palette_and_enter_opens_the_answer() -> None:
    app = make_app([READING], state=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_library(pilot)
        await pilot.press("enter")
        await open_interview(pilot)
        await pilot.press("right_square_bracket", "ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"compare answers budget")
        await wait_until(pilot, lambda: "Compare answers on this topic: budget" in screen_text(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CompareScreen))
        await wait_until(pilot, lambda: "answers on budget" in screen_text(app))
        text = screen_text(app)
        assert "3 answers on budget in 2 interviews" in text
        assert "A press talk" in text and "B council meeting" in text
        assert "Four schools opened." in text
        await pilot.press("down", "down")
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, InterviewScreen)
                and app.screen.interview.title == "B council meeting"
            ),
        )
        assert app.screen.section_index == 1


async def test_next_unverified_claim_from_the_library_palette() -> None:
    app = make_app([READING], state=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_library(pilot)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"next unverified")
        await wait_until(pilot, lambda: "Next unverified claim" in screen_text(app))
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, InterviewScreen)
                and app.screen.selected_annotation is not None
            ),
        )
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        assert (screen.interview.title, screen.section_index) == ("A press talk", 0)
        assert screen.selected_annotation is not None
        assert screen.selected_annotation.note == "The whole talk repeats figures from the budget."


async def test_a_reload_without_replacements_goes_back_to_as_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(InterviewScreen, "WATCH_EVERY", 0.05)
    path = tmp_path / "press.yaml"
    text = PRESS.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    app = make_app([path], state=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("right_square_bracket", "f")
        assert screen.corrected
        path.write_text(text.replace("        replacement: Ruiz\n", ""), encoding="utf-8")
        os.utime(path, ns=(2, 2))
        await wait_until(pilot, lambda: not screen.corrected)
        assert " as corrected " not in screen_lines(app)[0]
        assert " as published " not in screen_lines(app)[0]
        assert "Mayor Ruis?”" in quote_plain(screen)


def test_a_hostile_replacement_and_original_are_shown_literally() -> None:
    from reader.model import Anchor, Annotation, Answer, Interview, Person, Section
    from reader.ui.widgets.quote_view import section_blocks

    quote = "He said no."
    fix = Annotation(
        note="n",
        kind="correction",
        on="no",
        anchor=Anchor("answer", 0, 8, 10),
        replacement="[bold]yes\x1b]52;c;aGk=\x07[/]",
    )
    section = Section(
        id="q1",
        number=1,
        title="t",
        question="q?",
        answers=(Answer("a", quote, original="[@click=app.quit]\x1b[2J"),),
        annotations=(fix,),
    )
    talk = Interview(
        path=Path("t.yaml"), id="t", title="t", people={"a": Person("a", "A")}, sections=(section,)
    )
    blocks = section_blocks(talk, section, None, {}, corrected=True, originals=True)
    body = next(block for block in blocks if block.ref == ("answer", 0))
    assert body.content.plain == "He said [bold]yes␛]52;c;aGk=␇[/] [corrected from: no]."
    assert body.beside is not None
    assert body.beside.plain == "[@click=app.quit]␛[2J"


async def test_annotating_is_refused_as_corrected_or_with_originals(tmp_path: Path) -> None:
    path = tmp_path / "press.yaml"
    path.write_text(PRESS.read_text(encoding="utf-8"), encoding="utf-8")
    app = make_app([path], state=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("right_square_bracket", "f", "v")
        await wait_until(pilot, lambda: "Annotations are made on" in screen_text(app))
        assert screen.query_one(QuoteView).selecting is None
        assert path.read_text(encoding="utf-8") == PRESS.read_text(encoding="utf-8")
