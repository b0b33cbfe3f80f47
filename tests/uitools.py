"""Helpers for the Pilot tests: start the app on files, read the screen as text."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
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


WAIT = 30.0
"""Seconds a test waits for a condition before failing.  Generous: a loaded CI
machine can take seconds to run a worker; a test that passes waits no longer
than the condition takes."""


async def wait_until(
    pilot: Pilot[None], predicate: Callable[[], object], timeout: float = WAIT
) -> None:
    """Pause until ``predicate()`` is true (workers and timers run meanwhile)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition never became true within {timeout:g} s")
        await pilot.pause(0.02)


async def wait_for_screen(pilot: Pilot[None], kind: type) -> None:
    """Wait until the app shows a screen of ``kind`` (the loader worker may take a while)."""
    try:
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, kind))
    except AssertionError:
        raise AssertionError(f"screen never became {kind.__name__}: {pilot.app.screen!r}") from None
    await pilot.pause()


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
    await wait_until(pilot, lambda: len(screen.results) >= screen.total)
    await pilot.pause()
    return screen


def held(monkeypatch: pytest.MonkeyPatch, owner: type, name: str) -> threading.Event:
    """Make ``owner.name`` wait, in whichever thread calls it, until the event returned is set.

    For what the app does while a file is read or the index opens; set the
    event in a ``finally`` so that no worker is left waiting.
    """
    release = threading.Event()
    real = getattr(owner, name)

    def waiting(*args: Any, **kwargs: Any) -> Any:
        release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, waiting)
    return release
