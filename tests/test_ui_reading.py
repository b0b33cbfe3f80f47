"""Pilot tests of reading like a researcher (issue 6): resume, read marks,
bookmarks, history, copying with a citation, links, the editor, live reload."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from reader.state import StateStore, interview_key
from reader.ui.app import make_app
from reader.ui.screens.dialogs import BookmarksScreen, LinkChooser, NoteScreen
from reader.ui.screens.interview import InterviewScreen
from reader.ui.widgets.lists import QAList
from reader.ui.widgets.quote_view import QuoteView
from tests.uitools import SAMPLE, open_interview, open_library, screen_text, wait_until


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A private copy of the sample interview (tests rewrite it)."""
    folder = tmp_path / "lib"
    folder.mkdir()
    path = folder / "sample.yaml"
    shutil.copy(SAMPLE, path)
    return path


@pytest.fixture(autouse=True)
def _instant_read_marks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(InterviewScreen, "READ_AFTER", 0.05)
    monkeypatch.setattr(InterviewScreen, "SAVE_AFTER", 0.05)
    monkeypatch.setattr(InterviewScreen, "WATCH_EVERY", 0.05)


def row_text(screen: InterviewScreen, index: int) -> str:
    return screen.query_one(QAList).get_option_at_index(index).prompt.plain


async def test_reopening_resumes_at_the_same_qa_and_scroll(sample: Path) -> None:
    long_quote = " ".join(f"word{n}" for n in range(2000))
    text = sample.read_text(encoding="utf-8").replace(
        "I remember the last day of filming, right after we shot the final take.", long_quote
    )
    sample.write_text(text, encoding="utf-8")
    app = make_app([sample])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("G", "space", "space")
        scroll = screen.query_one(QuoteView).scroll_offset.y
        assert scroll > 0
        await pilot.press("q")
    app = make_app([sample])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        assert screen.section_index == 3
        assert screen.query_one(QAList).highlighted == 3
        # The scroll is applied once the quote view has its size (after a
        # layout, which a loaded machine may not have done yet).
        await wait_until(pilot, lambda: screen.query_one(QuoteView).scroll_offset.y == scroll)
        assert screen.query_one(QuoteView).scroll_offset.y == scroll


async def test_read_marks_show_in_the_list_and_reset(sample: Path) -> None:
    app = make_app([sample])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        assert row_text(screen, 1).startswith(" ")
        await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda: row_text(screen, 1).startswith("·"))
        assert row_text(screen, 2).startswith(" ")
        app.reset_read_marks()
        await pilot.pause()
        assert row_text(screen, 1).startswith(" ")


async def test_library_shows_read_counts(sample: Path) -> None:
    shutil.copy(SAMPLE.parent / "markup.yaml", sample.parent / "markup.yaml")
    store = StateStore()
    from reader.loader import load_file

    interview = load_file(sample).interview
    assert interview is not None
    store.mark_read(interview_key(interview.id, interview.path), "first-time")
    store.mark_read(interview_key(interview.id, interview.path), "last-day")
    app = make_app([sample.parent], state=store)
    async with app.run_test(size=(160, 40)) as pilot:
        await open_library(pilot)
        assert "2/3" in screen_text(app)
        assert "0/1" in screen_text(app)


async def test_m_toggles_a_bookmark_and_quote_apostrophe_lists_and_jumps(sample: Path) -> None:
    app = make_app([sample])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket", "m")
        assert app.state is not None
        bookmarks = app.state.bookmarks()
        assert [(b.section_id, b.answer) for b in bookmarks] == [("the-door", None)]
        assert row_text(screen, 2).endswith("★")
        await pilot.press("g")
        await pilot.press("apostrophe")
        assert isinstance(app.screen, BookmarksScreen)
        text = screen_text(app)
        assert "Sample interview  Q&A 2" in text
        await pilot.press("enter")
        assert app.screen is screen
        assert screen.section_index == 2
        await pilot.press("m")
        assert app.state.bookmarks() == []
        assert not row_text(screen, 2).endswith("★")


async def test_m_in_the_quote_view_bookmarks_the_answer_and_M_adds_a_note(sample: Path) -> None:
    app = make_app([sample])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket", "tab")
        quote = screen.query_one(QuoteView)
        assert quote.current == ("question", None)
        # The Q&A fits on screen: j moves from the question to each answer.
        await pilot.press("j")
        assert quote.current == ("answer", 0)
        await pilot.press("j")
        assert quote.current == ("answer", 1)
        await pilot.press("M")
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"check [b]this[/b]", "enter")
        assert app.state is not None
        (bookmark,) = app.state.bookmarks()
        assert (bookmark.section_id, bookmark.answer, bookmark.note) == (
            "the-door",
            1,
            "check [b]this[/b]",
        )
        await pilot.press("apostrophe")
        text = screen_text(app)
        assert "Q&A 2, answer 2" in text
        assert "✎ check [b]this[/b]" in text
        await pilot.press("d")
        assert app.state.bookmarks() == []
        assert "No bookmarks yet" in screen_text(app)


async def test_history_goes_back_and_forward_across_jumps(sample: Path) -> None:
    app = make_app([sample])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("right_square_bracket")  # Q1
        await pilot.press("colon", "3", "enter")  # Q3
        await pilot.press("colon", *"door", "enter")  # Q2
        await pilot.press("backspace")
        assert screen.section_index == 3
        await pilot.press("alt+left")
        assert screen.section_index == 1
        await pilot.press("alt+left")
        assert screen.section_index == 0
        await pilot.press("alt+right", "alt+right")
        assert screen.section_index == 3
        await pilot.press("alt+right")
        assert screen.section_index == 2


async def test_y_copies_the_answer_with_its_citation(sample: Path) -> None:
    app = make_app([sample])
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_interview(pilot)
        await pilot.press("right_square_bracket", "y")
        assert app.clipboard == (
            "> This was my first time directing a music video.\n"
            "\n"
            # The answer's time in the recording travels with it.
            '— Lee Sung-jin (director), "Sample interview", Test Press, 2024-05-10, Q&A 1, '
            "at 01:30\n"
        )
        assert "Copied answer 1 of Q&A 1" in screen_text(app)


async def test_y_on_a_reported_answer_is_a_paraphrase_and_Y_copies_the_qa(sample: Path) -> None:
    app = make_app([sample])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket", "tab", "j", "j")
        assert screen.query_one(QuoteView).current == ("answer", 1)
        await pilot.press("y")
        assert app.clipboard.startswith("Lee Sung-jin (director), paraphrased: He said the idea")
        assert "“" not in app.clipboard and "> " not in app.clipboard
        await pilot.press("Y")
        assert "What does the door mean?" in app.clipboard
        assert "I wanted the audience to interpret the door" in app.clipboard
        assert "He said the idea came from talking with RM." in app.clipboard


async def test_o_opens_only_http_links_and_offers_a_choice(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr("reader.links.webbrowser.open", lambda url: opened.append(url) or True)
    monkeypatch.setattr("reader.links.browser_needs_terminal", lambda: False)
    text = sample.read_text(encoding="utf-8").replace(
        'links: ["https://example.org/lights"]',
        'links: ["https://example.org/lights", "https://example.org/more"]',
    )
    sample.write_text(text, encoding="utf-8")
    app = make_app([sample])
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("o")  # About: the source URL
        assert opened == ["https://example.org/sample"]
        await pilot.press("right_square_bracket", "right_square_bracket", "a", "a")
        assert screen.selected_annotation is not None
        assert screen.selected_annotation.on == "three lights"
        await pilot.press("o")
        assert isinstance(app.screen, LinkChooser)
        await pilot.press("j", "enter")
        assert opened == ["https://example.org/sample", "https://example.org/more"]
        await pilot.press("o", "enter")
        assert opened[-1] == "https://example.org/lights"
        # Whatever a file says, only http(s) links with a host are ever opened.
        for url in ("javascript:alert(1)", "file:///etc/passwd", "http://ex\x1bample.org"):
            screen.open_url(url)
            await pilot.pause()
        assert len(opened) == 3
        assert "Not opening 'javascript:alert(1)'" in screen_text(app)


async def test_e_opens_the_editor_at_the_selected_line(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[list[str]] = []

    def fake_editor(argv: list[str]) -> None:
        calls.append(list(argv))
        # The "editor" fixes a typo; the interview reloads.
        path = Path(argv[-1])
        path.write_text(
            path.read_text(encoding="utf-8").replace("first music video", "first music film"),
            encoding="utf-8",
        )
        return None

    @contextmanager
    def no_suspend() -> Iterator[None]:
        yield

    monkeypatch.setenv("EDITOR", "vim")
    monkeypatch.setattr("reader.editor.run_editor", fake_editor)
    app = make_app([sample])
    monkeypatch.setattr(app, "suspend", no_suspend)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("right_square_bracket", "a", "e")
        lines = sample.read_text(encoding="utf-8").splitlines()
        on_line = next(n for n, line in enumerate(lines, 1) if 'on: "first time"' in line)
        assert calls == [["vim", f"+{on_line}", str(sample)]]
        await wait_until(pilot, lambda: "first music film" in screen.section.question)
        assert screen.section_index == 1
        assert screen.section is not None
        assert screen.section.question == "Was this your first music film?"


async def test_live_reload_keeps_the_qa_and_a_broken_rewrite_keeps_the_last_good(
    sample: Path,
) -> None:
    app = make_app([sample])
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("G")
        original = sample.read_text(encoding="utf-8")
        # Another program rewrites the file: a new Q&A before the current one.
        sample.write_text(
            original.replace(
                "sections:\n",
                'sections:\n  - id: new-first\n    question: "New?"\n    answers:\n'
                '      - by: lee\n        quote: "New."\n',
                1,
            ),
            encoding="utf-8",
        )
        os.utime(sample, ns=(1, 1))
        await wait_until(pilot, lambda: len(screen.interview.sections) == 4)
        assert len(screen.interview.sections) == 4
        assert screen.section is not None and screen.section.id == "last-day"
        assert screen.section_index == 4
        # A broken rewrite: the last good version stays, with a warning.
        sample.write_text(original.replace("by: lee", "by: nobody", 1), encoding="utf-8")
        os.utime(sample, ns=(2, 2))
        await wait_until(pilot, lambda: bool(screen.stale_errors))
        assert screen.stale_errors
        assert len(screen.interview.sections) == 4
        text = screen_text(app)
        assert (
            "⚠ showing the last good version; the file now has 1 error: "
            "30:13: unknown speaker 'nobody'" in text
        )
        # Fixed again: back to normal.
        sample.write_text(original, encoding="utf-8")
        os.utime(sample, ns=(3, 3))
        await wait_until(pilot, lambda: not screen.stale_errors)
        assert not screen.stale_errors
        assert len(screen.interview.sections) == 3
        assert screen.section is not None and screen.section.id == "last-day"


async def test_theme_chosen_is_remembered(sample: Path) -> None:
    app = make_app([sample])
    async with app.run_test(size=(120, 40)) as pilot:
        await open_interview(pilot)
        app.theme = "gruvbox"
        await pilot.pause()
    app = make_app([sample])
    async with app.run_test(size=(120, 40)) as pilot:
        await open_interview(pilot)
        assert app.theme == "gruvbox"


async def test_escape_returns_to_the_library_with_the_last_read_highlighted(sample: Path) -> None:
    shutil.copy(SAMPLE.parent / "markup.yaml", sample.parent / "markup.yaml")
    app = make_app([sample.parent])
    async with app.run_test(size=(160, 40)) as pilot:
        library = await open_library(pilot)
        await pilot.press("down", "enter")
        screen = await open_interview(pilot)
        assert screen.interview.id == "sample"
        await pilot.press("escape")
        assert app.screen is library
    app = make_app([sample.parent])
    async with app.run_test(size=(160, 40)) as pilot:
        library = await open_library(pilot)
        assert library.selected is not None
        assert library.selected.path.name == "sample.yaml"


async def test_only_a_theme_the_user_chooses_is_remembered(tmp_path: Path) -> None:
    # The default theme at start-up is not a choice: nothing is written until
    # the user changes the theme, and the choice is applied at the next start.
    store = StateStore(tmp_path / "state.json")
    app = make_app([SAMPLE], state=store)
    async with app.run_test() as pilot:
        await open_interview(pilot)
        assert StateStore(tmp_path / "state.json").theme is None
        app.theme = "nord"
        await pilot.pause()
    assert StateStore(tmp_path / "state.json").theme == "nord"
    again = make_app([SAMPLE], state=StateStore(tmp_path / "state.json"))
    async with again.run_test() as pilot:
        await open_interview(pilot)
        assert again.theme == "nord"
