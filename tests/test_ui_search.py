"""Pilot tests of search in the UI (issue 4): the bar, the results, Enter, n/N."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.ui.app import make_app
from reader.ui.widgets.quote_view import QuoteView
from reader.ui.widgets.search_panel import HitList, SearchPanel
from tests.uitools import (
    MARKUP,
    SAMPLE,
    held,
    open_interview,
    open_library,
    screen_text,
    wait_until,
)


def status(panel: SearchPanel) -> str:
    return str(panel.query_one("#search-status").render())


def _answered(panel: SearchPanel, text: str) -> bool:
    """The worker has answered the query now in the box (results or a reason).

    The status line alone is not enough: it still shows the previous query's
    count until the answer to this one arrives.
    """
    if panel.input.value != text:
        return False
    result = panel.app.search.result
    # A phrase still open is searched with its quote closed.
    if result is not None and result.query.text in (text, text + '"'):
        return result.counted and "match" in status(panel) and "counting" not in status(panel)
    shown = status(panel).lower()
    return "error" in shown or "unclosed" in shown


async def wait_for_results(pilot, panel: SearchPanel, text: str) -> None:  # type: ignore[no-untyped-def]
    """Wait (up to ~10 s) until the worker has answered the query now in the box."""
    await wait_until(pilot, lambda: _answered(panel, text))


async def search_for(pilot, screen, text: str) -> SearchPanel:  # type: ignore[no-untyped-def]
    """Open ``screen``'s search bar, type ``text`` and wait for its answer."""
    panel = screen.query_one(SearchPanel)
    await pilot.press("slash", *text)
    await wait_for_results(pilot, panel, text)
    return panel


def rows(panel: SearchPanel) -> list[str]:
    hits = panel.query_one(HitList)
    return [hits.get_option_at_index(i).prompt.plain for i in range(hits.option_count)]


async def test_slash_searches_this_interview_and_enter_opens_the_hit() -> None:
    app = make_app([SAMPLE])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        panel = screen.query_one(SearchPanel)
        assert not panel.display
        await pilot.press("slash")
        assert panel.display and panel.input.has_focus
        await pilot.press(*"door")
        await wait_for_results(pilot, panel, "door")
        assert status(panel) == "3 matches in 1 Q&A"
        assert rows(panel) == [
            "Q2  Alex Host: (question)  What does the door mean?",
            "Q2  Lee Sung-jin:  I wanted the audience to interpret the door and its three lights.",
            "Q2  [correction]  Earlier reports said 'a door'.",
        ]
        await pilot.press("down", "enter")
        await pilot.pause()
        assert not panel.display
        assert screen.section_index == 2
        quote = screen.query_one(QuoteView)
        assert app.focused is quote
        assert quote.border_subtitle is not None
        assert str(quote.border_subtitle) == "search 2/3"
        # Every match in view is highlighted: in the question and the answer.
        question, answer = screen.section.question, screen.section.answers[0].quote
        assert quote._matches == {
            ("question", None): [(question.index("door"), question.index("door") + 4)],
            ("answer", 0): [(answer.index("door"), answer.index("door") + 4)],
        }


async def test_n_and_N_step_through_hits_with_a_counter() -> None:
    app = make_app([SAMPLE])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        panel = await search_for(pilot, screen, "the")
        total = app.search.result.total_hits
        assert total >= 4
        await pilot.press("escape")
        assert not panel.display
        quote = screen.query_one(QuoteView)
        await pilot.press("n")
        assert str(quote.border_subtitle) == f"search 1/{total}"
        first = screen.section_index
        await pilot.press("n")
        assert str(quote.border_subtitle) == f"search 2/{total}"
        await pilot.press("N", "N")
        assert str(quote.border_subtitle) == f"search {total}/{total}"
        assert screen.section_index == 3
        await pilot.press("n")
        assert str(quote.border_subtitle) == f"search 1/{total}"
        assert screen.section_index == first
        # The highlights stay after escape, until u clears them.
        assert quote._matches
        await pilot.press("u")
        assert quote._matches == {}
        assert str(quote.border_subtitle) == ""


async def test_bad_query_says_why_and_nothing_breaks() -> None:
    app = make_app([SAMPLE])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        panel = screen.query_one(SearchPanel)
        await pilot.press("slash", '"')
        await wait_until(pilot, lambda: "quote" in status(panel).lower())
        assert status(panel) == 'unclosed quote: add a closing " to end the phrase'
        assert rows(panel) == []
        for query in ("by:", "zzz:x", ".*[(", "x" * 500):
            panel.input.value = query
            await pilot.pause(0.1)
        assert not app._exit


async def test_a_phrase_being_typed_is_searched_before_its_closing_quote() -> None:
    app = make_app([SAMPLE])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        panel = await search_for(pilot, screen, '"the do')
        hint = ' · phrase still open: a closing " ends it'
        open_status = status(panel)
        assert open_status.endswith(hint)
        assert app.search.result is not None
        assert app.search.result.query.text == '"the do"'
        listed = rows(panel)
        assert listed
        await pilot.press(*'or"')
        await wait_for_results(pilot, panel, '"the door"')
        assert "phrase still open" not in status(panel)
        assert status(panel) == open_status.removesuffix(hint)
        assert rows(panel) == listed


async def test_search_from_the_library_covers_every_interview_and_opens_across(
    tmp_path: Path,
) -> None:
    shutil.copy(SAMPLE, tmp_path / "sample.yaml")
    shutil.copy(MARKUP, tmp_path / "markup.yaml")
    app = make_app([tmp_path])
    async with app.run_test(size=(160, 40)) as pilot:
        library = await open_library(pilot)
        panel = library.query_one(SearchPanel)
        await pilot.press("slash", *"bold OR name")
        panel.input.value = "name"
        await wait_for_results(pilot, panel, "name")
        panel.input.value = "b"
        await wait_for_results(pilot, panel, "b")
        assert status(panel).endswith(", 2 interviews")
        listed = rows(panel)
        assert any(row.startswith("[bold red]Markup[/] title") for row in listed)
        assert any(row.startswith("Sample interview") for row in listed)
        await pilot.press("enter")
        screen = await open_interview(pilot)
        first = screen.interview.id
        # n goes on through the hits, into the other interview.
        seen = {first}
        for _ in range(len(app.search.hits)):
            await pilot.press("n")
            screen = await open_interview(pilot)
            seen.add(screen.interview.id)
        assert seen == {"markup", "sample"}
        # Escape goes back to the library.
        await pilot.press("escape")
        assert app.screen is library


async def test_search_results_show_file_text_literally() -> None:
    app = make_app([MARKUP])
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_interview(pilot)
        panel = await search_for(pilot, screen, "escape")
        (row,) = rows(panel)
        assert "Escape ␛]52;c;aGVsbG8=␇ and ␛[2J" in row
        assert "\x1b" not in screen_text(app)
        assert not app._exit


async def test_a_long_message_wraps_in_a_narrow_terminal() -> None:
    app = make_app([SAMPLE])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_interview(pilot)
        panel = screen.query_one(SearchPanel)
        await pilot.press("slash", *"note:x")
        await wait_until(pilot, lambda: "unknown filter" in status(panel))
        await pilot.pause()
        lines = [line.strip("│ ") for line in screen_text(app).splitlines()]
        first = 'unknown filter "note:" (filters are by:, kind:, in:, verdict:, topic:); to'
        assert lines[lines.index(first) + 1] == 'search for the text, put it in quotes: "note:x"'


async def test_a_hit_in_a_note_shows_the_folded_sidebar_and_a_quote_hit_uncovers_the_text() -> None:
    from reader.ui.widgets.lists import AnnotationList

    app = make_app([SAMPLE])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_interview(pilot)
        assert not screen.sidebar_shown  # folded away below 100 columns
        await search_for(pilot, screen, "door")
        await pilot.press("down", "down", "enter")  # Q2 [correction] Earlier reports said...
        await pilot.pause()
        sidebar = screen.query_one(AnnotationList)
        assert screen.sidebar_shown and sidebar.display
        assert screen.selected_annotation is not None
        assert "Earlier reports said 'a door'." in screen_text(app)
        await pilot.press("N")  # back to the answer's match: the overlay would cover it
        await pilot.pause()
        assert not screen.sidebar_shown
        assert str(screen.query_one(QuoteView).border_subtitle) == "search 2/3"
        assert "I wanted the audience to interpret the door" in screen_text(app)


async def test_the_listed_rows_matches_are_computed_off_the_ui_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import threading

    from reader.search import records

    threads: list[str] = []
    real = records.passage_matches

    def recording(*args: object) -> object:
        threads.append(threading.current_thread().name)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(records, "passage_matches", recording)
    app = make_app([SAMPLE])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        panel = await search_for(pilot, screen, "door")
        assert len(rows(panel)) == 3
        # One call per listed row of each query typed ("d", "do", ...), and
        # none on the UI thread, which only lays the rows out.
        assert len(threads) >= 3
        assert threading.main_thread().name not in threads


# -- a library is searched from the one index, while it loads and while it is indexed


def _large_library(folder: Path, count: int = 25) -> Path:
    from .test_search_support import yaml_interview

    folder.mkdir()
    for n in range(count):
        (folder / f"f{n:02}.yaml").write_text(
            yaml_interview(
                f"File {n:02}", [(f"Alpha question {n}?", [("rm", f"Alpha answer {n}.")])]
            ),
            encoding="utf-8",
        )
    return folder


async def _search_library(pilot: Pilot[None], text: str) -> SearchPanel:
    app = pilot.app
    panel = app.screen.query_one(SearchPanel)
    await wait_until(pilot, lambda: app.screen.focused is not None)
    await pilot.press("slash")
    await wait_until(pilot, lambda: panel.display and panel.input.has_focus)
    await pilot.press(*text)
    await wait_for_results(pilot, panel, text)
    return panel


async def test_a_library_in_the_index_is_listed_and_searched_without_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.loader
    from reader.search import library as search_library
    from reader.ui.screens.interview import InterviewScreen
    from reader.ui.screens.library import LibraryScreen

    folder = _large_library(tmp_path / "lib")
    index = search_library.open_library([folder])  # as a `reader search` before would have
    index.index()
    index.close()
    parsed: list[str] = []
    real = reader.loader.load_file

    def counted(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        parsed.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(reader.loader, "load_file", counted)
    app = make_app([folder], state=False)
    async with app.run_test(size=(120, 40)) as pilot:
        library = await open_library(pilot)
        assert isinstance(library, LibraryScreen)
        assert [info.title for info in library.results][:2] == ["File 00", "File 01"]
        assert "File 24" in [info.title for info in library.results]
        panel = await _search_library(pilot, "alpha answer")
        assert status(panel).startswith("25 matches in 25 Q&As, 25 interviews")
        assert "covers only" not in status(panel)
        assert rows(panel)[0].startswith("File 00")
        # Listed and searched from the index: not one file parsed.
        assert parsed == []
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, InterviewScreen))
        assert app.screen.interview.title == "File 00"
        assert "Alpha answer 0." in screen_text(app.screen)
        # The interview opened is parsed then, once.
        assert parsed == ["f00.yaml"]
        assert len(app.parsed) == 1


def _hold_indexing(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Index in batches of five files, in this process; the sixth waits until released.

    Returns the event that releases it.
    """
    from reader.search import library

    monkeypatch.setattr(library, "_BATCH", 5)
    monkeypatch.setattr(library, "_POOL_FLOOR", 100)
    release = threading.Event()
    real = library.parse_for_index
    parsed: list[str] = []

    def held(name: str) -> object:
        if len(parsed) == 5:
            release.wait(30)
        parsed.append(name)
        return real(name)

    monkeypatch.setattr(library, "parse_for_index", held)
    return release


async def test_a_search_while_the_library_is_indexed_says_what_it_covers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.search import library
    from reader.ui.screens.library import LibraryScreen

    folder = _large_library(tmp_path / "lib")
    release = _hold_indexing(monkeypatch)
    app = make_app([folder], state=False)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.search.progress == (5, 25))
            screen = app.screen
            assert isinstance(screen, LibraryScreen)
            # Listed as indexed: the first five files, and where it is.
            await wait_until(pilot, lambda: len(screen.results) == 5)
            await wait_until(pilot, lambda: "Indexing 5/25…" in screen_text(app))
            panel = await _search_library(pilot, "alpha answer")
            assert status(panel) == (
                "5 matches in 5 Q&As, 5 interviews · covers only 5 of 25 interviews "
                "(still indexing)"
            )
            assert "indexing for search: 5/25" in app.sub_title
            release.set()
            await wait_until(pilot, lambda: app.search.progress is None)
            await wait_until(pilot, lambda: len(screen.results) == 25)
            await pilot.press("backspace")
            await pilot.press("r")
            await wait_for_results(pilot, panel, "alpha answer")
            assert status(panel) == "25 matches in 25 Q&As, 25 interviews"
            assert app.sub_title == ""
    finally:
        release.set()
    # The index on disk now holds the library: the next start reads no file.
    reopened = library.open_library([folder])
    assert reopened.stale == []
    reopened.close()


async def test_n_after_a_search_made_while_indexing_goes_on_through_the_whole_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.ui.screens.interview import InterviewScreen

    _large_library(tmp_path / "lib")
    release = _hold_indexing(monkeypatch)
    # The library named as a relative path, as on a command line.
    monkeypatch.chdir(tmp_path)
    app = make_app([Path("lib")], state=False)

    def at() -> tuple[str, str]:
        screen = app.screen
        if not isinstance(screen, InterviewScreen):
            return ("", "")
        return screen.interview.title, str(screen.query_one(QuoteView).border_subtitle)

    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.search.progress == (5, 25))
            panel = await _search_library(pilot, "alpha answer")
            assert status(panel).startswith("5 matches in 5 Q&As, 5 interviews · covers only 5")
            await pilot.press("escape")
            await wait_until(pilot, lambda: not panel.display)
            # Through the five files indexed so far: File 00 to File 04.
            for number in range(5):
                await pilot.press("n")
                await wait_until(pilot, lambda n=number: at()[0] == f"File {n:02}")
            assert at() == ("File 04", "search 5/5")
            release.set()
            await wait_until(pilot, lambda: app.search.progress is None)
            # The search is brought up to date in the background: the same hit,
            # now the fifth of the whole library's 25.
            await wait_until(pilot, lambda: at() == ("File 04", "search 5/25"))
            await pilot.press("n")
            await wait_until(pilot, lambda: at() == ("File 05", "search 6/25"))
            for _ in range(19):
                await pilot.press("n")
            await wait_until(pilot, lambda: at() == ("File 24", "search 25/25"))
            await pilot.press("n")
            await wait_until(pilot, lambda: at() == ("File 00", "search 1/25"))
            await pilot.press("N", "N")
            await wait_until(pilot, lambda: at() == ("File 23", "search 24/25"))
    finally:
        release.set()


async def test_n_pressed_while_indexing_reaches_the_files_indexed_since(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.search import library
    from reader.ui.screens.interview import InterviewScreen

    folder = _large_library(tmp_path / "lib")
    monkeypatch.setattr(library, "_BATCH", 5)
    monkeypatch.setattr(library, "_POOL_FLOOR", 100)
    gates = {5: threading.Event(), 10: threading.Event()}
    real = library.parse_for_index
    parsed: list[str] = []

    def held(name: str) -> object:
        gate = gates.get(len(parsed))
        if gate is not None:
            gate.wait(30)
        parsed.append(name)
        return real(name)

    monkeypatch.setattr(library, "parse_for_index", held)
    app = make_app([folder], state=False)

    def at() -> tuple[str, str]:
        screen = app.screen
        if not isinstance(screen, InterviewScreen):
            return ("", "")
        return screen.interview.title, str(screen.query_one(QuoteView).border_subtitle)

    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.search.progress == (5, 25))
            panel = await _search_library(pilot, "alpha answer")
            await pilot.press("escape")
            await wait_until(pilot, lambda: not panel.display)
            await pilot.press("N")  # the last of the five: File 04
            await wait_until(pilot, lambda: at() == ("File 04", "search 5/5"))
            gates[5].set()
            await wait_until(pilot, lambda: app.search.progress == (10, 25))
            # Still indexing: n runs the search again over the ten files first.
            await pilot.press("n")
            await wait_until(pilot, lambda: at() == ("File 05", "search 6/10"))
            assert app.search.result is not None and app.search.result.partial
    finally:
        for gate in gates.values():
            gate.set()


async def test_an_open_search_bar_follows_the_indexing_and_keeps_its_hit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.search import library
    from reader.ui import app_search

    folder = _large_library(tmp_path / "lib")
    monkeypatch.setattr(library, "_BATCH", 5)
    monkeypatch.setattr(library, "_POOL_FLOOR", 100)
    monkeypatch.setattr(app_search, "FOLLOW_EVERY", 0.0)
    gates = {5: threading.Event(), 10: threading.Event()}
    real = library.parse_for_index
    parsed: list[str] = []

    def held(name: str) -> object:
        gate = gates.get(len(parsed))
        if gate is not None:
            gate.wait(30)
        parsed.append(name)
        return real(name)

    monkeypatch.setattr(library, "parse_for_index", held)
    app = make_app([folder], state=False)

    def highlighted(panel: SearchPanel) -> str:
        at = panel.query_one(HitList).highlighted
        return "" if at is None else panel.hits[at].interview_title

    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.search.progress == (5, 25))
            panel = await _search_library(pilot, "alpha answer")
            assert status(panel) == (
                "5 matches in 5 Q&As, 5 interviews · covers only 5 of 25 interviews "
                "(still indexing)"
            )
            await pilot.press("down", "down")  # the query box keeps the focus
            assert highlighted(panel) == "File 02"
            gates[5].set()
            # Five more files stored: the bar's query runs again over ten, by itself.
            await wait_until(
                pilot,
                lambda: (
                    status(panel)
                    == (
                        "10 matches in 10 Q&As, 10 interviews · covers only 10 of 25 interviews "
                        "(still indexing)"
                    )
                ),
            )
            assert len(panel.query_one(HitList).options) == 10
            assert highlighted(panel) == "File 02"
            assert panel.input.has_focus and panel.input.value == "alpha answer"
            gates[10].set()
            await wait_until(pilot, lambda: app.search.progress is None)
            await wait_until(pilot, lambda: status(panel) == "25 matches in 25 Q&As, 25 interviews")
            assert highlighted(panel) == "File 02"
            # A new query starts at its first hit.
            await pilot.press("backspace")
            await wait_for_results(pilot, panel, "alpha answe")
            assert highlighted(panel) == "File 00"
    finally:
        for gate in gates.values():
            gate.set()


async def test_one_interview_is_searched_in_its_own_file_only(tmp_path: Path) -> None:
    folder = _large_library(tmp_path / "lib", count=3)
    app = make_app([folder / "f01.yaml"], state=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        panel = await search_for(pilot, screen, "alpha")
        assert status(panel).startswith("2 matches in 1 Q&A")


def test_the_summary_separates_thousands_as_the_coverage_does() -> None:
    from reader.search.query import parse_query
    from reader.search.records import SearchResult
    from reader.ui.widgets.search_panel import summary

    query = parse_query("camera")
    counted = SearchResult(query, [], 1_019_484, 71_437, 1_831, searched=1_831, files=10_000)
    text = summary(counted, library=True)
    assert text.startswith("1,019,484 matches in 71,437 Q&As, 1,831 interviews (first ")
    assert text.endswith(" · covers only 1,831 of 10,000 interviews (still indexing)")
    counting = counted._replace(total_hits=1_200, counted=False)
    assert summary(counting, library=True) == "1,200+ matches so far, counting…"


async def test_a_hit_opened_while_the_bar_runs_again_keeps_n_at_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The bar's query runs again as files are indexed; the reader opens a
    # hit meanwhile: that run's answer must not send n/N back to the first hit.
    from reader.search import library
    from reader.ui import app_search
    from reader.ui.screens.interview import InterviewScreen
    from reader.ui.search import SearchState

    folder = _large_library(tmp_path / "lib")
    monkeypatch.setattr(library, "_BATCH", 5)
    monkeypatch.setattr(library, "_POOL_FLOOR", 100)
    monkeypatch.setattr(app_search, "FOLLOW_EVERY", 0.0)
    gates = {5: threading.Event(), 10: threading.Event()}
    real_parse = library.parse_for_index
    parsed: list[str] = []

    def held(name: str) -> object:
        gate = gates.get(len(parsed))
        if gate is not None:
            gate.wait(30)
        parsed.append(name)
        return real_parse(name)

    monkeypatch.setattr(library, "parse_for_index", held)
    slow, entered, release = threading.Event(), threading.Event(), threading.Event()
    real_run = SearchState.run

    def run(self: SearchState, *args: object) -> object:
        if slow.is_set():
            entered.set()
            release.wait(30)
        return real_run(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(SearchState, "run", run)
    app = make_app([folder], state=False)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.search.progress == (5, 25))
            await _search_library(pilot, "alpha answer")
            slow.set()
            gates[5].set()  # 5 more files stored: the bar's query runs again, held
            await wait_until(pilot, entered.is_set)
            await pilot.press("down", "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, InterviewScreen))
            assert app.search.current == 1
            slow.clear()
            release.set()
            await pilot.pause(0.3)
            assert app.search.current == 1
            await pilot.press("n")
            await wait_until(pilot, lambda: app.search.current == 2)
            screen = app.screen
            assert isinstance(screen, InterviewScreen)
            assert screen.interview.title == "File 02"
    finally:
        for gate in gates.values():
            gate.set()
        release.set()


async def test_a_highlighted_hit_pushed_past_the_rows_listed_keeps_its_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.search import library
    from reader.ui import app_search

    from .test_search_support import yaml_interview

    folder = _large_library(tmp_path / "lib")
    index = library.open_library([folder])
    index.index()
    index.close()
    for n in range(40):  # new files, whose hits come before those of the others
        (folder / f"a{n:02}.yaml").write_text(
            yaml_interview(
                f"New {n:02}", [(f"Alpha question {n}?", [("rm", f"Alpha answer {n}.")])]
            ),
            encoding="utf-8",
        )
    monkeypatch.setattr(library, "_BATCH", 20)
    monkeypatch.setattr(library, "_POOL_FLOOR", 100)
    monkeypatch.setattr(app_search, "FOLLOW_EVERY", 0.0)
    gate = threading.Event()
    real_parse = library.parse_for_index

    def held(name: str) -> object:
        gate.wait(30)
        return real_parse(name)

    monkeypatch.setattr(library, "parse_for_index", held)
    app = make_app([folder], state=False)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.search.progress is not None)
            panel = await _search_library(pilot, "alpha answer")
            assert status(panel).startswith("25 matches")
            await pilot.press(*["down"] * 20)
            hits = panel.query_one(HitList)
            assert hits.highlighted == 20
            gate.set()
            await wait_until(pilot, lambda: status(panel).startswith("65 matches"))
            # File 20's hit is now the 61st: past the 50 rows listed, it is
            # after the last one (the highlight jumped to the first row).
            assert hits.highlighted == 49
            assert panel.hits[49].interview_title == "File 09"
    finally:
        gate.set()


async def test_a_search_typed_before_the_index_opened_is_taken_when_the_bar_has_closed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Typed while the index opens: the app runs it again once the index is
    # open, and the reader closes the bar meanwhile.  Nothing was taken
    # before, so that answer is the search (n goes through it).
    from reader.ui.search import SearchState

    opening, answering, release = threading.Event(), threading.Event(), threading.Event()
    real_open, real_run = SearchState.open, SearchState.run

    def slow_open(self: SearchState, *args: object, **kwargs: object) -> object:
        opening.wait(30)
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    def held_run(self: SearchState, *args: object) -> object:
        if opening.is_set():
            answering.set()
            release.wait(30)
        return real_run(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(SearchState, "open", slow_open)
    monkeypatch.setattr(SearchState, "run", held_run)
    app = make_app([SAMPLE], state=False)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_interview(pilot)
            await pilot.press("slash", *"door")
            panel = screen.query_one(SearchPanel)
            await wait_until(pilot, lambda: status(panel) == "Opening the search index…")
            opening.set()
            await wait_until(pilot, answering.is_set)  # the index is open: run again
            await pilot.press("escape")
            assert not panel.display
            release.set()
            await wait_until(pilot, lambda: app.search.result is not None)
            assert app.search.query is not None and app.search.query.text == "door"
            await pilot.press("n")
            await wait_until(pilot, lambda: app.search.current == 0)
    finally:
        opening.set()
        release.set()


async def test_keys_that_open_a_screen_wait_for_the_loading_screen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # What is loading replaces the loading screen: a help screen or the
    # palette opened over it would be closed without a word.
    from reader.ui.app_base import ParsedCache

    release = held(monkeypatch, ParsedCache, "get")
    app = make_app([SAMPLE], state=False)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: type(app.screen).__name__ == "LoadingScreen")
            await pilot.press("question_mark", "ctrl+p", "apostrophe")
            await pilot.pause()
            assert type(app.screen).__name__ == "LoadingScreen"
            release.set()
            await open_interview(pilot)
            assert [type(s).__name__ for s in app.screen_stack] == ["Screen", "InterviewScreen"]
            await pilot.press("question_mark")
            await wait_until(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
    finally:
        release.set()


async def test_keys_that_open_a_screen_wait_for_the_blank_first_screen_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.ui import app as app_module
    from reader.ui.search import SearchState

    for name in ("a", "b"):
        (tmp_path / f"{name}.yaml").write_bytes(SAMPLE.read_bytes())
    monkeypatch.setattr(app_module, "FIRST_SCREEN_WAIT", 30.0)  # the blank screen stays
    release = held(monkeypatch, SearchState, "open")
    app = make_app([tmp_path], state=False)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("question_mark", "ctrl+p", "apostrophe")
            await pilot.pause()
            assert [type(s).__name__ for s in app.screen_stack] == ["Screen"]
            release.set()
            await wait_until(pilot, lambda: "a.yaml" in screen_text(app))
            assert [type(s).__name__ for s in app.screen_stack] == ["Screen", "LibraryScreen"]
    finally:
        release.set()
