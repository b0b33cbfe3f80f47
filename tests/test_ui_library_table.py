"""Pilot tests of the library's table on large libraries: only the rows in view are drawn.

The table (:class:`reader.ui.widgets.library_table.LibraryTable`) keeps no
row: it asks the library screen for the cells of the rows it draws.  These
tests give the screen thousands of listed files (no YAML: the listing is
what the index hands over) and press the keys a reader would, asserting the
rows on screen, the cursor, and that the rows drawn are only those in view.
The full app on real files is tested at the end: open the last interview of
a library longer than the screen, come back, and find it highlighted.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import Static

import reader.ui.app
from reader.search.library import FileInfo
from reader.ui.app import make_app
from reader.ui.screens.library import LibraryScreen, columns_for, library_row_text
from reader.ui.widgets.library_table import LibraryTable
from tests.uitools import open_interview, open_library, screen_lines, wait_until


class _Services:
    """What the library screen reads of the app (nothing of it is used here)."""

    state = None
    read_only = False
    copy_warning = None

    def matches_in(self, interview: Any, section: Any) -> dict[Any, Any]:
        return {}

    def last_query_text(self) -> str | None:
        return None

    def read_count(self, info: FileInfo) -> str:
        return f"1/{info.summary['sections']}"


def _info(n: int) -> FileInfo:
    if n % 1000 == 999:
        return FileInfo(Path(f"lib/f{n:05}.yaml"), None, None, (), {}, [(3, 7, "bad")], n)
    return FileInfo(
        Path(f"lib/f{n:05}.yaml"),
        f"i{n}",
        f"Interview {n:05}",
        (("Person " + str(n % 7), "aka"),),
        {"date": "2024-01-02", "sections": n % 40, "annotations": 3, "tags": ("tag",)},
        [],
        n,
    )


class _Host(App[None]):
    """The library screen alone, fed by the test."""

    CSS_PATH = Path(reader.ui.app.__file__).parent / "reader.tcss"

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[FileInfo] = []

    def compose(self) -> ComposeResult:
        yield Static("host")

    def on_library_screen_open(self, message: LibraryScreen.Open) -> None:
        self.opened.append(message.info)


def _rows(app: App[Any]) -> list[str]:
    """The table's lines on screen (heading first), as text."""
    table = app.screen.query_one(LibraryTable)
    top = table.region.y
    return screen_lines(app)[top : top + table.region.height]  # type: ignore[arg-type]


def _status(app: App[Any]) -> str:
    """The library's status line, as on screen."""
    return screen_lines(app)[app.screen.query_one("#library-status").region.y]  # type: ignore[arg-type]


def _title(line: str) -> str:
    return line.strip().split("  ")[0]


async def _library(pilot: Any, count: int) -> tuple[LibraryScreen, set[int]]:
    app = pilot.app
    screen = LibraryScreen(_Services(), total=count)  # type: ignore[arg-type]
    await app.push_screen(screen)
    drawn: set[int] = set()
    real = screen._row_cells

    def counted(row: int) -> Any:
        drawn.add(row)
        return real(row)

    table = screen.query_one(LibraryTable)
    table._cells = counted
    for start in range(0, count, 250):
        screen.add_results([_info(n) for n in range(start, min(count, start + 250))])
    await pilot.pause()
    return screen, drawn


async def test_ten_thousand_rows_draw_only_those_in_view() -> None:
    app = _Host()
    async with app.run_test(size=(120, 30)) as pilot:
        screen, drawn = await _library(pilot, 10_000)
        table = screen.query_one(LibraryTable)
        rows = _rows(app)
        height = len(rows) - 1  # the heading stays at the top
        assert rows[0].split() == [
            *"Title People Date Q&As Notes Unver. Read File".split(),
        ]
        assert [_title(line) for line in rows[1:4]] == [
            "Interview 00000",
            "Interview 00001",
            "Interview 00002",
        ]
        assert table.row_count == 10_000
        assert drawn and max(drawn) < height  # nothing below the screen was asked for
        assert "10 files could not be loaded" in _status(app)
        assert "9,990 interviews" in _status(app)

        await pilot.press("G")
        await pilot.pause()
        assert table.cursor_row == 9_999
        assert screen.selected == _info(9_999)
        last = _rows(app)[-1]
        assert last.strip().startswith("✗ f09999.yaml:3:7: bad")
        assert _title(_rows(app)[-2]) == "Interview 09998"
        assert len(drawn) < 3 * height  # the first screen and the last, not what is between

        await pilot.press("g")
        await pilot.pause()
        assert table.cursor_row == 0 and table.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        page = table.cursor_row
        assert page == height  # a screenful of rows
        await pilot.press("pagedown", "pagedown", "j", "j", "k")
        await pilot.pause()
        assert table.cursor_row == 3 * page + 1
        assert screen.selected == _info(3 * page + 1)
        # The view followed the cursor down to the row after it, and stayed.
        assert [_title(line) for line in _rows(app)[-2:]] == [
            f"Interview {3 * page + 1:05}",
            f"Interview {3 * page + 2:05}",
        ]

        await pilot.press("enter")
        await pilot.pause()
        assert app.opened == [_info(3 * page + 1)]


async def test_typing_filters_ten_thousand_rows_and_escape_clears() -> None:
    app = _Host()
    async with app.run_test(size=(120, 30)) as pilot:
        screen, _drawn = await _library(pilot, 10_000)
        await pilot.press(*"0999")
        await pilot.pause()
        assert screen.query_one("#filter").value == "0999"  # type: ignore[attr-defined]
        # f00999 (broken: its file name), Interview 00999... and f09990 to f09999.
        titles = [_title(line) for line in _rows(app)[1:] if line.strip()]
        assert titles == [
            "✗ f00999.yaml:3:7: bad",
            *[f"Interview {n:05}" for n in range(9990, 9999)],
            "✗ f09999.yaml:3:7: bad",
        ]
        assert "11 match the filter" in _status(app)
        # A key typed narrows the rows shown; one deleted widens them again.
        await pilot.press("backspace")
        await pilot.pause()
        wider = [n for n in range(10_000) if "099" in library_row_text(_info(n))]
        assert [screen.results[i].rank for i in screen._shown] == wider
        assert f"{len(wider)} match the filter" in _status(app)
        await pilot.press("9")
        await pilot.pause()
        assert len(screen._shown) == 11
        await pilot.press("down", "down")  # the arrows still move through the table
        await pilot.press("enter")
        await pilot.pause()
        assert app.opened == [_info(9991)]
        await pilot.press("escape")
        await pilot.pause()
        assert len(screen._shown) == 10_000
        # The row chosen stays under the cursor when the filter goes.
        assert screen.selected == _info(9991)
        assert f"Interview {9991:05}" in [_title(line) for line in _rows(app)]


async def test_a_click_moves_the_cursor_and_a_second_click_opens() -> None:
    app = _Host()
    async with app.run_test(size=(120, 30)) as pilot:
        screen, _drawn = await _library(pilot, 100)
        table = screen.query_one(LibraryTable)
        await pilot.click(LibraryTable, offset=(5, 3))  # the heading is line 0
        assert table.cursor_row == 2
        assert app.opened == []
        await pilot.click(LibraryTable, offset=(5, 3))
        await pilot.pause()
        assert app.opened == [_info(2)]
        await pilot.click(LibraryTable, offset=(5, 0))  # the heading: nothing
        assert table.cursor_row == 2


async def test_80_columns_cut_long_cells_and_scroll_sideways() -> None:
    app = _Host()
    async with app.run_test(size=(80, 24)) as pilot:
        screen, _drawn = await _library(pilot, 30)
        widths = [column.width for column in columns_for(80)]
        assert widths == [12, 16, 10, 4, 5, 6, 5, 13]
        rows = _rows(app)
        # The file name runs off the right edge: the table scrolls sideways.
        assert rows[1] == (
            " Interview 0…  Person 0          2024-01-02  0     3              1/0    f0000  "
        )
        table = screen.query_one(LibraryTable)
        assert table.virtual_size.width == sum(widths) + 2 * len(widths)
        await pilot.press(*["right"] * 10)
        await wait_until(pilot, lambda: table.scroll_x == table.max_scroll_x)
        assert table.max_scroll_x == 87 - table.scrollable_content_region.width
        await pilot.pause()
        assert _rows(app)[1].rstrip() == (
            "w 0…  Person 0          2024-01-02  0     3              1/0    f00000.yaml"
        )


async def _many_files(folder: Path, count: int) -> Path:
    from .test_search_support import yaml_interview

    folder.mkdir()
    for n in range(count):
        (folder / f"f{n:02}.yaml").write_text(
            yaml_interview(f"File {n:02}", [(f"Question {n}?", [("rm", f"Answer {n}.")])]),
            encoding="utf-8",
        )
    return folder


async def test_coming_back_from_the_last_interview_of_a_long_library_shows_it(
    tmp_path: Path,
) -> None:
    folder = await _many_files(tmp_path / "lib", 40)
    app = make_app([folder], state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        library = await open_library(pilot)
        assert _title(_rows(app)[1]) == "File 00"
        await pilot.press("G", "enter")
        screen = await open_interview(pilot)
        assert screen.interview.title == "File 39"
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is library)
        await pilot.pause()
        assert library.selected is not None and library.selected.title == "File 39"
        # On screen, at the bottom (above the sideways scroll bar of 80 columns).
        assert [_title(line) for line in _rows(app)[-3:-1]] == ["File 38", "File 39"]


async def test_a_file_changed_while_read_is_shown_changed_in_the_library(tmp_path: Path) -> None:
    import os

    folder = await _many_files(tmp_path / "lib", 3)
    app = make_app([folder], state=False)
    async with app.run_test(size=(120, 30)) as pilot:
        library = await open_library(pilot)
        await pilot.press("j", "enter")
        screen = await open_interview(pilot)
        assert screen.interview.title == "File 01"
        path = folder / "f01.yaml"
        path.write_text(
            path.read_text(encoding="utf-8").replace('"File 01"', '"File 01, revised"'),
            encoding="utf-8",
        )
        os.utime(path, ns=(1, 1))
        await wait_until(pilot, lambda: screen.interview.title == "File 01, revised")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is library)
        await pilot.pause()
        assert [_title(line) for line in _rows(app)[1:4]] == [
            "File 00",
            "File 01, revised",
            "File 02",
        ]
        assert library.selected is not None and library.selected.title == "File 01, revised"
        assert [info.title for info in app.results] == ["File 00", "File 01, revised", "File 02"]


async def test_titles_names_and_errors_are_shown_literally() -> None:
    app = _Host()
    async with app.run_test(size=(160, 30)) as pilot:
        screen = LibraryScreen(_Services(), total=2)  # type: ignore[arg-type]
        await app.push_screen(screen)
        screen.add_results(
            [
                FileInfo(
                    Path("lib/[b]a[i].yaml"),
                    "a",
                    "[bold red]Markup[/] \x1b[2J title",
                    (("[@click=app.quit]q[/]",),),
                    {"date": "[i]24[/i]", "sections": 1, "annotations": 0, "tags": ()},
                    [],
                    0,
                ),
                FileInfo(
                    Path("lib/b.yaml"), None, None, (), {}, [(1, 2, "bad [red]\x07 value")], 1
                ),
            ]
        )
        await pilot.pause()
        rows = _rows(app)
        assert re.split(r"\s{2,}", rows[1].strip())[:3] == [
            "[bold red]Markup[/] ␛[2J title",
            "[@click=app.quit]q[/]",
            "[i]24[/i]",
        ]
        assert "[b]a[i].yaml" in rows[1]
        assert rows[2].strip().startswith("✗ b.yaml:1:2: bad [red]␇ value")
        assert app.is_running  # the [@click=app.quit] was never an action


async def test_the_help_lists_the_library_tables_keys(tmp_path: Path) -> None:
    from reader.ui.screens.help import HelpScreen

    folder = await _many_files(tmp_path / "lib", 2)
    app = make_app([folder], state=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_library(pilot)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        text = help_screen.help_content().plain
        section = text[text.index("Library table") :]
        for line in [
            "  ↓ j     Next row",
            "  home g  First row",
            "  end G   Last row",
            "  pgdn    A screenful down",
            "  →       Scroll the columns right",
        ]:
            assert line in section, line


async def test_a_library_is_walked_once_for_the_loader_and_the_index(
    tmp_path: Path, monkeypatch: Any
) -> None:
    # A walk of 10,000 files resolved each path (0.5 s): the app walks once.
    import reader.loader
    import reader.paths
    from reader.search import files

    walks: list[str] = []
    real = reader.paths.files_below

    def counted(folder: str) -> Any:
        walks.append(folder)
        return real(folder)

    monkeypatch.setattr(files, "files_below", counted)
    monkeypatch.setattr(reader.paths, "files_below", counted)
    folder = await _many_files(tmp_path / "lib", 3)
    app = make_app([folder], state=False)
    async with app.run_test(size=(120, 30)) as pilot:
        library = await open_library(pilot)
        assert [info.title for info in library.results] == ["File 00", "File 01", "File 02"]
    assert walks == [str(folder)]


async def test_a_line_feed_or_tab_in_a_cell_stays_on_its_row() -> None:
    app = _Host()
    async with app.run_test(size=(160, 12)) as pilot:
        screen = LibraryScreen(_Services(), total=2)  # type: ignore[arg-type]
        await app.push_screen(screen)
        summary = {"date": "2024", "sections": 1, "annotations": 0, "tags": ()}
        screen.add_results(
            [
                FileInfo(
                    Path("lib/evil\nname.yaml"),
                    "a",
                    "Line one\nLine\ttwo",
                    (("Ann\rLee",),),
                    summary,
                    [],
                    0,
                ),
                FileInfo(Path("lib/b.yaml"), "b", "Second", (), summary, [], 1),
            ]
        )
        await pilot.pause()
        table = screen.query_one(LibraryTable)
        drawn = "".join(segment.text for segment in table.render_line(1))
        assert "\n" not in drawn and "\t" not in drawn and "\r" not in drawn
        rows = _rows(app)
        assert re.split(r"\s{2,}", rows[1].strip())[0] == "Line one Line two"
        assert "Ann Lee" in rows[1] and "evil␤name.yaml" in rows[1]
        assert rows[2].strip().startswith("Second")


async def test_the_cursor_stays_on_its_file_when_indexed_files_come_between() -> None:
    app = _Host()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = LibraryScreen(_Services(), total=20)  # type: ignore[arg-type]
        await app.push_screen(screen)
        # A warm start: the even files were fresh in the index, listed first.
        screen.add_results([_info(n) for n in range(0, 20, 2)])
        await pilot.pause()
        await pilot.press("j", "j", "j", "j", "j")
        await pilot.pause()
        before = screen.selected
        assert before is not None and before.path.name == "f00010.yaml"
        # Indexing then stores the changed (odd) files: they come between.
        screen.add_results([_info(n) for n in range(1, 20, 2)])
        await pilot.pause()
        after = screen.selected
        assert after is not None and after.path == before.path
        assert screen.query_one(LibraryTable).cursor_row == 10
