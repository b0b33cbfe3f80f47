"""The app's read-only browser mode (``reader serve``), in the headless app.

``make_app(..., read_only=True)`` is what each browser tab runs.  These
tests press the keys and check what the app does instead of what it does in
a terminal: no editor and no suspend, links handed to ``App.open_url``
(the web driver's new tab), exports offered as downloads, a help screen
that lists only what works.  The same keys in the terminal mode are
checked alongside, so that each test fails if the mode is not consulted.
"""

from __future__ import annotations

import io
import webbrowser
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette

from reader.export import export
from reader.loader import load_file
from reader.ui.app import READ_ONLY_NOTE, ReaderApp, make_app
from reader.ui.screens.help import HelpScreen
from tests.uitools import open_interview, screen_text, wait_until

ROOT = Path(__file__).resolve().parents[1]
PRESS = ROOT / "interviews" / "trilateral-press-conference-2023.yaml"
SOURCE_URL = (
    "https://bidenwhitehouse.archives.gov/briefing-room/speeches-remarks/2023/01/10/"
    "remarks-by-president-biden-prime-minister-trudeau-and-president-lopez-obrador-"
    "in-joint-press-conference/"
)


class Recorded:
    """What the app asked of the world outside it."""

    def __init__(self) -> None:
        self.opened: list[tuple[str, bool]] = []
        self.suspended = 0
        self.delivered: list[dict[str, Any]] = []


@contextmanager
def recording(app: ReaderApp, monkeypatch: pytest.MonkeyPatch) -> Iterator[Recorded]:
    """Record open_url, suspend and deliver_text; no program is ever started."""
    seen = Recorded()

    def open_url(url: str, *, new_tab: bool = True) -> None:
        seen.opened.append((url, new_tab))

    @contextmanager
    def suspend() -> Iterator[None]:
        seen.suspended += 1
        yield

    def deliver_text(file: io.StringIO, **options: Any) -> str:
        seen.delivered.append({"text": file.getvalue(), **options})
        return "key"

    def no_browser(*args: object, **kwargs: object) -> bool:
        raise AssertionError("a program was started on the serving machine")

    monkeypatch.setattr(app, "open_url", open_url)
    monkeypatch.setattr(app, "suspend", suspend)
    monkeypatch.setattr(app, "deliver_text", deliver_text)
    monkeypatch.setattr(webbrowser, "open", no_browser)
    yield seen


@pytest.mark.parametrize("read_only", [True, False])
async def test_o_on_about_opens_the_source_in_a_new_tab_only_when_read_only(
    read_only: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app([PRESS], state=False, read_only=read_only)
    opened_here: list[str] = []
    with recording(app, monkeypatch) as seen:
        if not read_only:
            # The terminal mode opens links with the machine's browser.
            monkeypatch.setattr("reader.links.browser_needs_terminal", lambda: False)
            monkeypatch.setattr(
                webbrowser, "open", lambda url, *a, **k: opened_here.append(url) or True
            )
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await open_interview(pilot)
            await pilot.press("o")
            await wait_until(pilot, lambda: seen.opened or opened_here)
            if read_only:
                assert seen.opened == [(SOURCE_URL, True)]
                assert opened_here == []
                await wait_until(pilot, lambda: "Opened in a new tab:" in screen_text(app))
            else:
                assert seen.opened == []
                assert opened_here == [SOURCE_URL]


@pytest.mark.parametrize("read_only", [True, False])
async def test_e_starts_no_editor_when_read_only(
    read_only: bool, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    marker = tmp_path / "editor-ran"
    monkeypatch.setenv("EDITOR", f"touch {marker}")
    app = make_app([PRESS], state=False, read_only=read_only)
    with recording(app, monkeypatch) as seen:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_interview(pilot)
            assert screen.check_action("edit", ()) is (not read_only)
            await pilot.press("e")
            await pilot.pause()
            # Reached another way (the palette, a message): still refused.
            screen.action_edit()
            await pilot.pause()
    if read_only:
        assert seen.suspended == 0
        assert not marker.exists()
    else:
        assert seen.suspended == 2
        assert marker.exists()


@pytest.mark.parametrize("read_only", [True, False])
async def test_help_lists_only_what_works_in_the_browser(read_only: bool) -> None:
    app = make_app([PRESS], state=False, read_only=read_only)
    async with app.run_test(size=(120, 60)) as pilot:
        await open_interview(pilot)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        text = str(help_screen.help_content())
        for writes_or_runs in (
            "Edit source",
            "Play from here",
            "Annotate",
            "Select text",
            "Selection: one word more",
        ):
            assert (writes_or_runs in text) is (not read_only), writes_or_runs
        assert ("In the browser, read-only" in text) is read_only
        assert "Open link" in text and "Copy quote" in text
    if read_only:
        assert READ_ONLY_NOTE in text


@pytest.mark.parametrize("read_only", [True, False])
async def test_the_palette_offers_downloads_only_when_read_only(
    read_only: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app([PRESS], state=False, read_only=read_only)
    with recording(app, monkeypatch) as seen:
        async with app.run_test(size=(120, 40)) as pilot:
            await open_interview(pilot)
            await pilot.press("ctrl+p")
            await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
            await pilot.press(*"download markdown")
            await pilot.pause(0.3)
            await pilot.press("enter")
            await pilot.pause(0.3)
            if read_only:
                await wait_until(pilot, lambda: seen.delivered)
    if not read_only:
        assert seen.delivered == []
        return
    interview = load_file(PRESS).interview
    assert interview is not None
    assert seen.delivered == [
        {
            "text": export(interview, "markdown"),
            "save_filename": "trilateral-press-conference-2023.md",
            "mime_type": "text/markdown",
            "encoding": "utf-8",
            "open_method": "download",
            "name": "trilateral-press-conference-2023.md",
        }
    ]


@pytest.mark.parametrize("warning", [None, "W: copy it with the browser instead"])
async def test_y_says_why_a_copy_may_not_arrive(warning: str | None, tmp_path: Path) -> None:
    # A private copy: under a loaded CI run the repository's file once looked
    # changed on disk, and the live reload's notice joined the messages.
    press = tmp_path / PRESS.name
    press.write_bytes(PRESS.read_bytes())
    app = make_app([press], state=False, read_only=True, copy_warning=warning)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_interview(pilot)
        await pilot.press("right_square_bracket", "y")
        await wait_until(pilot, lambda: app.clipboard != "")
        messages = [notification.message for notification in app._notifications]
    copied = "Copied answer 1 of Q&A 1 (Joseph R. Biden Jr. (President of the United States))"
    assert messages == [copied if warning is None else f"{copied}; {warning}"]
