"""Snapshot tests (pytest-textual-snapshot): what the screens look like.

Each test's docstring says what the picture should show.  After an intended
change of the screen: ``pytest tests/test_snapshots.py --snapshot-update``
and review the SVGs in ``tests/__snapshots__/``.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from reader.ui.app import ReaderApp, make_app
from reader.ui.screens.library import LibraryScreen
from tests.uitools import MARKUP, SAMPLE, open_interview, open_library, wait_until

BUNDLED = Path(__file__).resolve().parents[1] / "interviews"


def _app(*paths: Path, qa: str | None = None) -> ReaderApp:
    # state=False: a snapshot must not depend on what was read before.
    return make_app(list(paths), qa=qa, state=False)


async def _steady(pilot: Pilot[None]) -> None:
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


def test_library(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The library of the bundled interviews plus a broken file: a table with
    title, people, date, counts and file; the broken file listed with its
    first error; the status line says one could not be loaded."""

    async def run_before(pilot: Pilot[None]) -> None:
        await open_library(pilot)
        await _steady(pilot)

    app = _app(BUNDLED, SAMPLE.parent / "broken.yaml")
    assert snap_compare(app, terminal_size=(120, 30), run_before=run_before)


def test_interview_wide(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The 'Come Back to Me' interview at 120x40 on its Rose Bowl answer, the
    first annotation selected: Q&A list left, quote view centre with the
    passage highlighted, annotations sidebar right, footer with the keys."""

    async def run_before(pilot: Pilot[None]) -> None:
        await open_interview(pilot)
        await pilot.press("a")
        await _steady(pilot)

    app = _app(BUNDLED / "come-back-to-me.yaml", qa="why-direct")
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_interview_narrow(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The same interview at 80x24: the sidebar folded away, the quote view
    wider, the footer still showing the main keys."""

    async def run_before(pilot: Pilot[None]) -> None:
        await open_interview(pilot)
        await _steady(pilot)

    app = _app(BUNDLED / "come-back-to-me.yaml", qa="why-direct")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_interview_narrow_sidebar_overlay(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """At 80x24, s brings the annotations sidebar back over the quote view."""

    async def run_before(pilot: Pilot[None]) -> None:
        await open_interview(pilot)
        await pilot.press("s")
        await _steady(pilot)

    app = _app(BUNDLED / "come-back-to-me.yaml", qa="why-direct")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_help(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The help screen over the interview: every key, grouped by where it works."""

    async def run_before(pilot: Pilot[None]) -> None:
        await open_interview(pilot)
        await pilot.press("question_mark")
        await _steady(pilot)

    app = _app(SAMPLE)
    assert snap_compare(app, terminal_size=(120, 60), run_before=run_before)


def test_hostile_text(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """A file full of markup and control characters: every bracket shown as
    typed, ESC and friends as visible marks, nothing styled by the file."""

    async def run_before(pilot: Pilot[None]) -> None:
        await open_interview(pilot)
        await pilot.press("right_square_bracket")
        await _steady(pilot)

    app = _app(MARKUP)
    assert snap_compare(app, terminal_size=(120, 24), run_before=run_before)


def test_search_results(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Searching the library for "rm": the search bar at the bottom with the
    count and one keyword-in-context row per hit, the matches highlighted."""

    async def run_before(pilot: Pilot[None]) -> None:
        await open_library(pilot)
        await pilot.press("slash", "r", "m")
        screen = pilot.app.screen
        assert isinstance(screen, LibraryScreen)
        await wait_until(
            pilot,
            lambda: (
                (result := pilot.app.search.result) is not None
                and result.counted
                and "counting" not in str(screen.query_one("#search-status").render())
            ),
        )
        await _steady(pilot)

    app = _app(BUNDLED)
    assert snap_compare(app, terminal_size=(120, 30), run_before=run_before)


def test_remarks(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The bundled press conference at 100x30 on its opening statements: the
    Q&A list calls them by their title, the quote view shows no question (a
    heading "Q1  Opening statements" above President Biden's words), because
    nobody asked one."""

    async def run_before(pilot: Pilot[None]) -> None:
        await open_interview(pilot)
        await _steady(pilot)

    app = _app(BUNDLED / "trilateral-press-conference-2023.yaml", qa="1")
    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)
