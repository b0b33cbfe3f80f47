"""Pilot tests of the library screen: broken files beside good ones, filtering."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette

from reader.ui.app import make_app
from reader.ui.screens.interview import InterviewScreen
from reader.ui.screens.library import ErrorsScreen, LibraryScreen
from tests.uitools import (
    BROKEN,
    MARKUP,
    SAMPLE,
    open_interview,
    open_library,
    screen_text,
    wait_for_screen,
    wait_until,
)


def _folder(tmp_path: Path, *files: Path) -> Path:
    folder = tmp_path / "lib"
    folder.mkdir()
    for file in files:
        shutil.copy(file, folder / file.name)
    return folder


async def test_a_broken_file_is_listed_with_its_error_and_the_good_one_opens(
    tmp_path: Path,
) -> None:
    folder = _folder(tmp_path, SAMPLE, BROKEN)
    app = make_app([folder])
    async with app.run_test(size=(140, 30)) as pilot:
        library = await open_library(pilot)
        assert [result.path.name for result in library.results] == ["broken.yaml", "sample.yaml"]
        text = screen_text(app)
        assert "✗ broken.yaml:9:13: unknown speaker 'nobody'" in text
        assert "Sample interview" in text
        assert "1 interview · 1 file could not be loaded (enter shows why)" in text
        await pilot.press("enter")  # the broken file: its errors
        assert isinstance(app.screen, ErrorsScreen)
        await pilot.pause()
        errors = str(app.screen.query_one("#errors-text").render())
        assert f"{folder / 'broken.yaml'}:9:13: error: unknown speaker 'nobody'" in errors
        await pilot.press("escape")
        assert app.screen is library
        await pilot.press("j", "enter")  # the good one opens
        screen = await open_interview(pilot)
        assert screen.interview.id == "sample"
        assert screen.has_library
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


async def test_typing_filters_the_library(tmp_path: Path) -> None:
    folder = _folder(tmp_path, SAMPLE, MARKUP, BROKEN)
    app = make_app([folder])
    async with app.run_test(size=(140, 30)) as pilot:
        library = await open_library(pilot)
        assert len(library._shown) == 3
        await pilot.press(*"lee")  # a person's name
        assert library.query_one("#filter").value == "lee"
        assert [library.results[i].path.name for i in library._shown] == ["sample.yaml"]
        assert "1 match the filter" in screen_text(app)
        await pilot.press("enter")
        screen = await open_interview(pilot)
        assert screen.interview.id == "sample"
        await pilot.press("escape")
        await pilot.press("escape")  # clears the filter
        assert len(library._shown) == 3


async def test_a_single_broken_file_shows_its_errors(tmp_path: Path) -> None:
    app = make_app([BROKEN])
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for_screen(pilot, ErrorsScreen)
        await wait_until(pilot, lambda: "9:13: error: unknown speaker" in screen_text(app))


async def test_a_folder_with_no_interviews_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    app = make_app([empty])
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        library = await open_library(pilot)
        await wait_until(pilot, lambda: "No interview files (*.yaml, *.yml) in" in screen_text(app))
        assert len(library.results) == 0


async def test_palette_opens_another_interview(tmp_path: Path) -> None:
    folder = _folder(tmp_path, SAMPLE, MARKUP)
    app = make_app([folder])
    async with app.run_test(size=(140, 30)) as pilot:
        await open_library(pilot)
        await pilot.press("enter")
        first = await open_interview(pilot)
        assert first.interview.id == "markup"
        await pilot.press("ctrl+p")
        await wait_for_screen(pilot, CommandPalette)
        await pilot.press(*"open sample")
        await wait_until(pilot, lambda: "Open interview: Sample interview" in screen_text(app))
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, InterviewScreen) and app.screen.interview.id == "sample",
        )
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.interview.id == "sample"
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


async def test_read_counts_asked_for_after_the_table_is_gone_do_nothing(tmp_path: Path) -> None:
    # A Resumed message can come after the screen's widgets were removed
    # (the app ending, the screen replaced); it raised NoMatches.
    from reader.ui.widgets.library_table import LibraryTable

    app = make_app([_folder(tmp_path, SAMPLE, MARKUP)], state=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_library(pilot)
        await screen.query_one(LibraryTable).remove()
        screen.refresh_read_counts()
        assert not screen.query(LibraryTable)


async def test_the_library_has_its_first_rows_when_it_is_first_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Shown and given its first rows in one step: in two, the loop could
    # paint it in between, empty ("Indexing 0/3…" on a warm start).
    from reader.search.library import open_library as open_index

    folder = _folder(tmp_path, SAMPLE, MARKUP, BROKEN)
    index = open_index([folder])
    index.index()
    index.close()
    at_mount: list[int] = []
    real = LibraryScreen.on_mount

    def on_mount(self: LibraryScreen) -> None:
        at_mount.append(len(self.results))
        real(self)

    monkeypatch.setattr(LibraryScreen, "on_mount", on_mount)
    app = make_app([folder], state=False)
    real_call = app.call_from_thread

    def unhurried_call(callback: Any, *args: Any, **kwargs: Any) -> Any:
        # The loop gets time between the worker's steps, as on a busy machine.
        done = real_call(callback, *args, **kwargs)
        time.sleep(0.2)
        return done

    app.call_from_thread = unhurried_call  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await open_library(pilot)
        assert at_mount == [3]
