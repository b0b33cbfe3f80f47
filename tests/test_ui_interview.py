"""Pilot tests of the interview screen: every key of issue 3, and what shows."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from reader.model import LoadResult
from reader.ui import app_loading
from reader.ui.app import ReaderApp, make_app
from reader.ui.app_base import ParsedCache
from reader.ui.screens.goto import GotoScreen
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.library import ErrorsScreen
from reader.ui.widgets.lists import AnnotationList, QAList
from reader.ui.widgets.quote_view import QuoteView
from tests.uitools import BROKEN, MARKUP, SAMPLE, held, open_interview, screen_text, wait_until


def quote_text(screen) -> str:  # type: ignore[no-untyped-def]
    """The quote view's text with wrapping undone (white space runs as one space)."""
    return " ".join(" ".join(row.content.plain for row in screen.query_one(QuoteView).rows).split())


async def test_single_file_opens_directly_on_about() -> None:
    app = make_app([SAMPLE])
    async with app.run_test(size=(200, 40)) as pilot:
        screen = await open_interview(pilot)
        assert screen.section_index == 0
        text = screen_text(app)
        assert "Sample interview  ·  2024-05-10  ·  Test Press" in text
        assert "About" in text
        assert "1 First time directing ✎" in text
        assert "3 What do you remember of the" in text
        # The About page: summary, source, people.
        about = quote_text(screen)
        assert "A short interview used by the tests." in about
        assert "URL: https://example.org/sample" in about
        assert "Lee Sung-jin — director also: Lee Sung-gin" in about
        # The sidebar shows the interview-wide annotation.
        assert "Published by Test Press." in text
        assert app.focused is screen.query_one(QAList)


class _Screens(ReaderApp):
    """The app, noting the kind of every screen pushed or switched to."""

    def __init__(self, paths: list[Path]) -> None:
        super().__init__(paths, state=False)
        self.shown: list[str] = []

    def push_screen(self, screen, *args, **kwargs):  # type: ignore[no-untyped-def,override]
        self.shown.append(type(screen).__name__)
        return super().push_screen(screen, *args, **kwargs)

    def switch_screen(self, screen):  # type: ignore[no-untyped-def,override]
        self.shown.append(type(screen).__name__)
        return super().switch_screen(screen)


@pytest.fixture
def unhurried(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first screen waits for what loads as long as it takes (no loading screen).

    Under load (tests in parallel) reading a file can take longer than the
    50 ms the app waits before it shows the loading screen; these tests are
    about what comes when it is ready in time.
    """
    from reader.ui import app as app_module

    monkeypatch.setattr(app_module, "FIRST_SCREEN_WAIT", 30.0)
    monkeypatch.setattr(app_loading, "SMALL_FILE_WAIT", 30.0)


async def test_a_small_file_is_read_before_the_first_frame_with_no_loading_screen(
    unhurried: None,
) -> None:
    app = _Screens([SAMPLE])
    async with app.run_test(size=(120, 40)) as pilot:
        await open_interview(pilot)
        assert app.shown == ["InterviewScreen"]
        # The same stack as after a loading screen: the default screen, then the interview.
        assert [type(screen).__name__ for screen in app.screen_stack] == [
            "Screen",
            "InterviewScreen",
        ]
        assert "Sample interview  ·  2024-05-10  ·  Test Press" in screen_text(app)


async def test_a_large_file_is_read_after_the_first_frame_and_replaces_it(
    monkeypatch: pytest.MonkeyPatch, unhurried: None
) -> None:
    # Read by the loader's worker: quick enough, no loading screen either.
    monkeypatch.setattr(app_loading, "READ_BEFORE_FIRST_FRAME", SAMPLE.stat().st_size - 1)
    read_in: list[str] = []
    real = ParsedCache.get

    def get(self: ParsedCache, path: Path | str) -> LoadResult:
        read_in.append(threading.current_thread().name)
        return real(self, path)

    monkeypatch.setattr(ParsedCache, "get", get)
    app = _Screens([SAMPLE])
    async with app.run_test(size=(120, 40)) as pilot:
        await open_interview(pilot)
        assert app.shown == ["InterviewScreen"]
        assert read_in and threading.main_thread().name not in read_in
        assert [type(screen).__name__ for screen in app.screen_stack] == [
            "Screen",
            "InterviewScreen",
        ]


@pytest.mark.parametrize("large", [False, True])
async def test_a_file_slow_to_read_gets_the_loading_screen_meanwhile(
    monkeypatch: pytest.MonkeyPatch, large: bool
) -> None:
    # A small file too: a few hundred KB can take seconds to check
    # (thousands of annotations pinned to a long answer).
    if large:
        monkeypatch.setattr(app_loading, "READ_BEFORE_FIRST_FRAME", SAMPLE.stat().st_size - 1)
    release = held(monkeypatch, ParsedCache, "get")
    app = _Screens([SAMPLE])
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.shown == ["LoadingScreen"])
            # Pushed is not yet painted.
            await wait_until(pilot, lambda: "Loading interviews…" in screen_text(app))
            release.set()
            await open_interview(pilot)
            assert app.shown == ["LoadingScreen", "InterviewScreen"]
            assert [type(screen).__name__ for screen in app.screen_stack] == [
                "Screen",
                "InterviewScreen",
            ]
            assert "Sample interview  ·  2024-05-10  ·  Test Press" in screen_text(app)
    finally:
        release.set()


async def test_a_small_broken_file_read_before_the_first_frame_shows_its_errors(
    unhurried: None,
) -> None:
    app = _Screens([BROKEN])
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ErrorsScreen))
        assert app.shown == ["LibraryScreen", "ErrorsScreen"]
        assert [type(screen).__name__ for screen in app.screen_stack] == [
            "Screen",
            "LibraryScreen",
            "ErrorsScreen",
        ]
        assert "broken.yaml" in screen_text(app)


async def test_a_folder_is_walked_by_the_loader_not_before_the_first_frame(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unhurried: None
) -> None:
    import reader.search.files

    (tmp_path / "one.yaml").write_bytes(SAMPLE.read_bytes())
    walked_in: list[str] = []
    real = reader.search.files.discover

    def discover(*args: Any, **kwargs: Any) -> Any:
        walked_in.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(reader.search.files, "discover", discover)
    app = _Screens([tmp_path])
    async with app.run_test(size=(120, 40)) as pilot:
        await open_interview(pilot)
        assert app.shown == ["InterviewScreen"]
        assert walked_in and threading.main_thread().name not in walked_in


async def test_a_library_listed_at_once_is_the_first_screen(
    tmp_path: Path, unhurried: None
) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.yaml").write_bytes(SAMPLE.read_bytes())
    app = _Screens([tmp_path])
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: "a.yaml" in screen_text(app))
        assert app.shown == ["LibraryScreen"]
        assert [type(screen).__name__ for screen in app.screen_stack] == [
            "Screen",
            "LibraryScreen",
        ]


async def test_a_library_slow_to_open_gets_the_loading_screen_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.ui.search import SearchState

    for name in ("a", "b"):
        (tmp_path / f"{name}.yaml").write_bytes(SAMPLE.read_bytes())
    release = held(monkeypatch, SearchState, "open")
    app = _Screens([tmp_path])
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.shown == ["LoadingScreen"])
            # Pushed is not yet painted.
            await wait_until(pilot, lambda: "Loading interviews…" in screen_text(app))
            release.set()
            await wait_until(pilot, lambda: "a.yaml" in screen_text(app))
            assert app.shown == ["LoadingScreen", "LibraryScreen"]
            assert [type(screen).__name__ for screen in app.screen_stack] == [
                "Screen",
                "LibraryScreen",
            ]
    finally:
        release.set()


async def test_brackets_move_between_qas_from_any_pane() -> None:
    app = make_app([SAMPLE])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("right_square_bracket")
        assert screen.section_index == 1
        assert screen.query_one(QAList).highlighted == 1
        assert "“Was this your first music video?”" in quote_text(screen)
        assert "This was my first time directing a music video." in quote_text(screen)
        await pilot.press("tab")  # focus the quote view
        assert app.focused is screen.query_one(QuoteView)
        await pilot.press("right_square_bracket")
        assert screen.section_index == 2
        # A reported question is shown as a paraphrase, without quotation marks.
        assert "(question as reported, not verbatim)" in quote_text(screen)
        assert "“What does the door mean?”" not in quote_text(screen)
        assert "What does the door mean?" in quote_text(screen)
        await pilot.press("left_square_bracket", "left_square_bracket", "left_square_bracket")
        assert screen.section_index == 0  # stops at About


async def test_g_and_G_and_home_end() -> None:
    app = make_app([SAMPLE])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("G")
        assert screen.section_index == 3
        await pilot.press("g")
        assert screen.section_index == 1
        await pilot.press("end")
        assert screen.section_index == 3
        await pilot.press("home")
        assert screen.section_index == 1


async def test_j_k_move_in_the_qa_list() -> None:
    app = make_app([SAMPLE])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("j", "j")
        assert screen.section_index == 2
        await pilot.press("k")
        assert screen.section_index == 1


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("3", 3), ("the-door", 2), ("door", 2), ("LAST day", 3), ("about", 0), ("0", 0)],
)
async def test_colon_goes_to_a_qa(typed: str, expected: int) -> None:
    app = make_app([SAMPLE])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("right_square_bracket")
        await pilot.press("colon")
        assert isinstance(app.screen, GotoScreen)
        await pilot.press(*typed, "enter")
        assert app.screen is screen
        assert screen.section_index == expected


async def test_colon_with_no_match_says_so_and_escape_cancels() -> None:
    app = make_app([SAMPLE])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("colon", *"zebra", "enter")
        assert isinstance(app.screen, GotoScreen)
        assert "No Q&A matches 'zebra'" in screen_text(app)
        await pilot.press("escape")
        assert app.screen is screen
        assert screen.section_index == 0


async def test_a_and_A_step_through_annotations_in_text_order() -> None:
    app = make_app([SAMPLE])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket")
        quote = screen.query_one(QuoteView)
        await pilot.press("a")
        first = screen.selected_annotation
        assert first is not None and first.on == "the door"  # answer 1 offset 33 ...
        answer = screen.section.answers[0].quote
        assert first.anchor is not None
        assert answer[first.anchor.start : first.anchor.end] == "the door"
        assert quote._selected == first.anchor
        await pilot.press("a")
        second = screen.selected_annotation
        assert second is not None and second.on == "three lights"
        await pilot.press("a")  # wraps around
        assert screen.selected_annotation == first
        await pilot.press("A")
        assert screen.selected_annotation == second


async def test_tab_cycles_the_panes() -> None:
    app = make_app([SAMPLE])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        assert app.focused is screen.query_one(QAList)
        await pilot.press("tab")
        assert app.focused is screen.query_one(QuoteView)
        await pilot.press("tab")
        assert app.focused is screen.query_one(AnnotationList)
        await pilot.press("shift+tab")
        assert app.focused is screen.query_one(QuoteView)


async def test_space_and_b_page_the_quote_view(tmp_path: Path) -> None:
    long_answer = " ".join(f"word{n}" for n in range(3000))
    path = tmp_path / "long.yaml"
    path.write_text(
        "reader: 1\ntitle: Long\npeople:\n  x:\n    name: X\nsections:\n"
        f'  - question: Q?\n    answers:\n      - by: x\n        quote: "{long_answer}"\n',
        encoding="utf-8",
    )
    app = make_app([path])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("right_square_bracket")
        quote = screen.query_one(QuoteView)
        assert quote.scroll_offset.y == 0
        height = quote.scrollable_content_region.height
        await pilot.press("space")
        assert quote.scroll_offset.y == height - 1
        await pilot.press("space")
        assert quote.scroll_offset.y == 2 * (height - 1)
        await pilot.press("b")
        assert quote.scroll_offset.y == height - 1
        await pilot.press("tab", "j", "j")
        assert quote.scroll_offset.y == height + 1
        await pilot.press("k")
        assert quote.scroll_offset.y == height


async def test_s_toggles_the_sidebar() -> None:
    app = make_app([SAMPLE])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        sidebar = screen.query_one("#sidebar")
        assert sidebar.display
        await pilot.press("s")
        assert not sidebar.display
        await pilot.press("s")
        assert sidebar.display


async def test_narrow_terminal_folds_the_sidebar_and_s_brings_it_over_the_text() -> None:
    app = make_app([SAMPLE])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_interview(pilot)
        sidebar = screen.query_one("#sidebar")
        assert not sidebar.display
        assert "Published by Test Press." not in screen_text(app)
        await pilot.press("s")
        assert sidebar.display
        assert sidebar.styles.layer == "overlay"
        assert "Published by Test Press." in screen_text(app)
        await pilot.press("escape")
        assert not sidebar.display


async def test_resizing_keeps_the_position() -> None:
    app = make_app([SAMPLE])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket")
        for size in ((20, 5), (300, 100), (80, 24), (120, 40)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert screen.section_index == 2


async def test_help_lists_every_key_from_the_bindings() -> None:
    app = make_app([SAMPLE])
    async with app.run_test(size=(120, 60)) as pilot:
        await open_interview(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for expected in (
            "] ",
            "Next Q&A",
            "Prev Q&A",
            "g home",
            "First Q&A",
            "G end",
            "Last Q&A",
            "Go to",
            "Next note",
            "Previous note",
            "space",
            "Page down",
            "Notes",
            "Library",
            "Quit",
            "Help",
            "Commands",
            "Focus Next",
        ):
            assert expected in text, expected
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_q_quits() -> None:
    app = make_app([SAMPLE])
    async with app.run_test(size=(120, 40)) as pilot:
        await open_interview(pilot)
        await pilot.press("q")
        assert app._exit


async def test_deep_link_opens_at_a_qa() -> None:
    app = make_app([SAMPLE], qa="the-door")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        assert screen.section_index == 2
        assert screen.query_one(QAList).highlighted == 2
    app = make_app([SAMPLE], qa="3")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        assert screen.section_index == 3


async def test_markup_and_control_characters_are_shown_literally() -> None:
    app = make_app([MARKUP])
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_interview(pilot)
        text = screen_text(app)
        assert "[bold red]Markup[/] title [@click=app.quit]x[/]" in text
        title = screen.query_one(QAList).get_option_at_index(1).prompt
        assert "[@click=app.quit]quit[/] [link=file:///etc/passwd]x[/link]" in title.plain
        await pilot.press("right_square_bracket")
        text = quote_text(screen)
        assert not app._exit
        expected = "[ @click=app.screenshot('x.svg','/tmp')]x[/] [$accent] [.class] [B] [50%] [/"
        assert expected in text
        assert "[b]Bold[/b] name" in text
        # ESC, BEL, C1 and bidi controls are visible placeholders; nothing raw.
        assert "␛]52;c;aGVsbG8=␇ and ␛[2J and � and ⇄evil⇄ and zero␣width [/]" in text
        raw = screen_text(app)
        assert "\x1b" not in raw and "\x9b" not in raw and "\u202e" not in raw
        # Clicking on the text fires nothing.
        await pilot.click(QuoteView, offset=(5, 3))
        assert not app._exit
        assert screen.section_index == 1
