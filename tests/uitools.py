"""Helpers for the Pilot tests: start the app on files, read the screen as text."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from reader.ui.app import ReaderApp
from reader.ui.screens.interview import InterviewScreen
from reader.ui.screens.library import LibraryScreen

FIXTURES = Path(__file__).parent / "fixtures" / "ui"
SAMPLE = FIXTURES / "sample.yaml"
MARKUP = FIXTURES / "markup.yaml"
BROKEN = FIXTURES / "broken.yaml"


def screen_lines(app: ReaderApp) -> list[str]:
    """The screen as it would be drawn, one string per terminal line."""
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip) for strip in strips]


def screen_text(app: ReaderApp) -> str:
    """The whole screen as text."""
    return "\n".join(screen_lines(app))


async def wait_for_screen(pilot: Pilot[None], kind: type) -> None:
    """Wait (up to ~10 s) until the loader worker has shown a screen of ``kind``."""
    for _ in range(1000):
        if isinstance(pilot.app.screen, kind):
            await pilot.pause()
            return
        await pilot.pause(0.01)
    raise AssertionError(f"screen never became {kind.__name__}: {pilot.app.screen!r}")


async def open_interview(pilot: Pilot[None]) -> InterviewScreen:
    """Wait for the interview screen and return it."""
    await wait_for_screen(pilot, InterviewScreen)
    screen = pilot.app.screen
    assert isinstance(screen, InterviewScreen)
    return screen


async def open_library(pilot: Pilot[None]) -> LibraryScreen:
    """Wait for the library with every file loaded and return it."""
    await wait_for_screen(pilot, LibraryScreen)
    screen = pilot.app.screen
    assert isinstance(screen, LibraryScreen)
    for _ in range(1000):
        if len(screen.results) >= screen.total:
            break
        await pilot.pause(0.01)
    await pilot.pause()
    return screen


async def wait_until(pilot: Pilot[None], predicate, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    """Pause until ``predicate()`` is true (workers and timers run meanwhile)."""
    steps = int(timeout / 0.02)
    for _ in range(steps):
        if predicate():
            return
        await pilot.pause(0.02)
    raise AssertionError("condition never became true")
