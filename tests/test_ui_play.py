"""The ``p`` key and "Play from here": a fake player records how it was started."""

from __future__ import annotations

import json
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from reader.ui.app import ReaderApp, make_app
from reader.ui.screens.help import HelpScreen
from tests.uitools import SAMPLE, open_interview, screen_text, wait_until

RECORDED = """\
reader: 1
title: Recorded talk
media: {media}
people:
  host: {{name: Ana Host}}
  guest: {{name: Bo Guest}}
sections:
  - title: Opening
    time: "00:05"
    answers:
      - by: guest
        quote: Welcome, all.
  - question: Where did it start?
    asked_by: host
    time: "01:00"
    answers:
      - by: guest
        quote: In a small room.
        time: "01:02:03"
      - by: guest
        quote: With no money at all.
"""


@contextmanager
def _no_suspend() -> Iterator[None]:
    yield


@pytest.fixture
def fake_player(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A player that writes the arguments it got to ``played.json``; READER_PLAYER names it."""
    log = tmp_path / "played.json"
    script = tmp_path / "fake-player"
    script.write_text(
        f"#!{sys.executable}\nimport json, sys\n"
        f"open({str(log)!r}, 'w').write(json.dumps(sys.argv[1:]))\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("READER_PLAYER", str(script))
    # The headless test driver cannot hand the terminal over; the real one does.
    monkeypatch.setattr(ReaderApp, "suspend", lambda self: _no_suspend())
    return log


def write(tmp_path: Path, media: str) -> Path:
    path = tmp_path / "talk.yaml"
    path.write_text(RECORDED.format(media=media), encoding="utf-8")
    return path


async def test_p_plays_from_the_current_answer(tmp_path: Path, fake_player: Path) -> None:
    app = make_app([write(tmp_path, "https://example.org/talk.mp3")])
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_interview(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket", "tab", "j")
        await pilot.press("p")
        await wait_until(pilot, fake_player.exists)
        await wait_until(pilot, lambda: fake_player.read_text(encoding="utf-8") != "")
        assert json.loads(fake_player.read_text(encoding="utf-8")) == [
            "--start=3723",
            "https://example.org/talk.mp3",
        ]
        assert "Played from 01:02:03 with fake-player" in screen_text(app)


async def test_a_local_recording_and_a_question_without_time(
    tmp_path: Path, fake_player: Path
) -> None:
    (tmp_path / "talk.mp3").write_bytes(b"ID3")
    app = make_app([write(tmp_path, "talk.mp3")])
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_interview(pilot)
        # Q&A 1 is remarks at 00:05; its answer has no time of its own.
        await pilot.press("right_square_bracket", "p")
        await wait_until(pilot, fake_player.exists)
        await wait_until(pilot, lambda: fake_player.read_text(encoding="utf-8") != "")
        assert json.loads(fake_player.read_text(encoding="utf-8")) == [
            "--start=5",
            str(tmp_path / "talk.mp3"),
        ]


async def test_no_media_no_player_and_bad_schemes_say_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app([SAMPLE])
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_interview(pilot)
        await pilot.press("right_square_bracket", "p")
        await wait_until(pilot, lambda: "Nothing to play" in screen_text(app))
        # The toast wraps the message; its words are all there, in order.
        toast = " ".join(
            line.strip(" ▌▐│") for line in screen_text(app).splitlines() if "▌" in line
        )
        assert "names no recording (add 'media' to the" in " ".join(toast.split())

    monkeypatch.setenv("READER_PLAYER", str(tmp_path / "no-such-player"))
    app = make_app([write(tmp_path, "https://example.org/talk.mp3")])
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_interview(pilot)
        await pilot.press("p")
        await wait_until(pilot, lambda: "No player found" in screen_text(app))


async def test_help_and_palette_list_play(tmp_path: Path) -> None:
    app = make_app([write(tmp_path, "https://example.org/talk.mp3")])
    async with app.run_test(size=(120, 50)) as pilot:
        await open_interview(pilot)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        assert "Play from here" in screen_text(app)
        await pilot.press("escape", "ctrl+p")
        await pilot.press(*"play")
        await wait_until(pilot, lambda: "Play from here" in screen_text(app))


async def test_about_shows_the_recording(tmp_path: Path) -> None:
    app = make_app([write(tmp_path, "https://example.org/talk.mp3")])
    async with app.run_test(size=(120, 40)) as pilot:
        await open_interview(pilot)
        await pilot.pause()
        assert "Recording: https://example.org/talk.mp3  (p plays" in screen_text(app)


async def test_p_starts_no_player_in_the_browser(tmp_path: Path, fake_player: Path) -> None:
    # reader serve: a browser tab never starts a program on the server, and
    # the palette does not offer "Play from here".
    app = make_app([write(tmp_path, "https://example.org/talk.mp3")], read_only=True)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket", "tab", "j")
        assert not screen.check_action("play", ())
        await pilot.press("p")
        screen.action_play()
        await pilot.pause(0.5)
        assert not fake_player.exists()
