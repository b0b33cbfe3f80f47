"""Hostile text at the display level (issue 5): nothing from a file reaches
the terminal except printable text, nothing fires, nothing crashes.

The first test runs the real ``reader`` command in a pseudo-terminal and
reads every byte it writes; the others render mutated interviews in the
headless app and check what would be drawn.
"""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.command import CommandPalette
from textual.content import Content

from reader.loader import load_text
from reader.text import has_special, visible
from reader.ui.app import make_app
from reader.ui.content import literal
from reader.ui.widgets.quote_view import QuoteView
from tests.uitools import (
    MARKUP,
    SAMPLE,
    open_interview,
    screen_text,
    wait_for_screen,
    wait_until,
)

# Terminal sequences a hostile file tries to send, written as YAML escapes
# (raw ESC bytes are refused by the YAML parser itself).
HOSTILE_QUOTE = (
    r"clipboard \e]52;c;SGVsbG8gZnJvbSBhIGZpbGU=\a "
    r"title \e]0;PWNED-TITLE\a "
    r"link \e]8;;http://evil.example/\e\\click\e]8;;\e\\ "
    r"report \e[6n clear \e[2J\e[H "
    r"tmux \ePtmux;\e\e]52;c;VE1VWA==\a\e\\ "
    r"c1 \x9b31m nul \0 del \x7f bidi \u202Eevil\u202C zw a\u200Bb"
)
HOSTILE_FILE = f"""reader: 1
title: "Hostile \\e]0;PWNED-HEADER\\a [bold]title[/]"
people:
  x:
    name: "X \\e[31mred"
sections:
  - title: "[@click=app.quit]x[/]"
    question: "Q \\e]52;c;UVVFU1RJT04=\\a?"
    answers:
      - by: x
        quote: "{HOSTILE_QUOTE}"
    annotations:
      - note: "note \\e]0;PWNED-NOTE\\a"
"""

# The sequences themselves must never reach the terminal.  Their printable
# payload may (shown after a visible ␛ mark): that is the file's text.
FORBIDDEN = (
    b"\x1b]52",  # OSC 52: write the clipboard (reader never copies unasked)
    b"\x1b]0;PWNED",  # OSC 0: set the window title
    b"\x1b]8;;http://evil",  # OSC 8: hyperlink
    b"\x1b[31m" + b"red",
    b"\x1b[6n",  # DSR: make the terminal type a reply
    b"\x1bPtmux",  # tmux passthrough
    b"\x1b\x1b]52",
    b"\xc2\x9b",  # C1 CSI, UTF-8 encoded
    b"\x00",
    b"\x7f",
    "\u202e".encode(),
    "\u200b".encode(),
)


def _run_in_pty(args: list[str], keys: list[bytes], cwd: Path) -> tuple[bytes, int]:
    """Run ``reader`` in a pseudo-terminal, type ``keys``, return all output."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 110, 0, 0))
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="110", LINES="30")
    env.pop("NO_COLOR", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "reader", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=cwd,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    output = bytearray()

    def pump(seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                output.extend(chunk)

    pump(4.0)
    for key in keys:
        os.write(master, key)
        pump(0.6)
    try:
        code = process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        code = -9
    pump(0.3)
    os.close(master)
    return bytes(output), code


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_a_real_terminal_receives_nothing_but_printable_text_from_the_file(
    tmp_path: Path,
) -> None:
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(HOSTILE_FILE, encoding="utf-8")
    result = load_text(HOSTILE_FILE.encode(), hostile)
    assert result.ok, result.problems  # legal content: shown, with warnings
    output, code = _run_in_pty(
        [str(hostile)], [b"]", b"a", b"s", b"/", b"clip", b"\x1b", b"q"], tmp_path
    )
    assert code == 0, output[-2000:]
    for forbidden in FORBIDDEN:
        assert forbidden not in output, forbidden
    # What was drawn instead: the visible mark (styled apart), then the text.
    assert "␛".encode() in output
    assert b"]52;c;" in output
    assert b"Traceback" not in output


def test_folder_of_hostile_files_opens_with_clear_errors(tmp_path: Path) -> None:
    """A folder with hostile and broken files beside a good one, end to end."""
    (tmp_path / "good.yaml").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "hostile.yaml").write_text(HOSTILE_FILE, encoding="utf-8")
    (tmp_path / "bomb.yaml").write_text(
        'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\n', encoding="utf-8"
    )
    (tmp_path / "python.yaml").write_text("!!python/object/apply:os.system ['touch pwned']\n")
    (tmp_path / "utf16.yaml").write_bytes("reader: 1\n".encode("utf-16"))
    output, code = _run_in_pty([str(tmp_path)], [b"G", b"\r", b"\x1b", b"q"], tmp_path)
    assert code == 0, output[-2000:]
    assert not (tmp_path / "pwned").exists()
    for forbidden in FORBIDDEN:
        assert forbidden not in output, forbidden
    assert b"Traceback" not in output


def test_terminal_is_restored_after_quitting(tmp_path: Path) -> None:
    output, code = _run_in_pty([str(SAMPLE)], [b"q"], tmp_path)
    assert code == 0
    # The alternate screen is left and the cursor shown again.
    assert b"\x1b[?1049l" in output
    assert b"\x1b[?25h" in output


# ------------------------------------------------------------------ rendering

HOSTILE_ALPHABET = st.characters(
    codec="utf-8",
    categories=("L", "N", "P", "S", "Z", "Cc", "Cf", "Mn"),
) | st.sampled_from(["[", "]", "[/", "[@click=app.quit]", "[$accent]", "\x1b", "\x9b", "\u202e"])


@given(st.lists(HOSTILE_ALPHABET, max_size=80).map("".join))
@settings(max_examples=300)
def test_literal_content_never_carries_a_control_character(text: str) -> None:
    content = literal(text)
    rendered = "".join(segment.text for segment in content.render_segments())
    assert not has_special(rendered)
    assert len(content.plain) == len(text)  # offsets stay valid
    assert content.plain == visible(text)
    # Wrapped at any width, still only printable text.
    for line in content.wrap(7):
        assert not has_special(line.plain)
    assert isinstance(Content.assemble(content, "x"), Content)


MUTATIONS = [
    "\x1b[2J",
    "\x9b",
    "\u202e",
    "\u2066",
    "\u200b",
    "\x00",
    "\x7f",
    "[b]",
    "[/",
    "[@click=app.quit]x[/]",
    "\\e]52;c;eA==\\a",
    "한국어",
    "中文",
    "🙂",
]


def _mutated_interviews(count: int) -> list[bytes]:
    """The sample interview with random hostile text put inside its quotes."""
    rng = random.Random(5)
    source = SAMPLE.read_text(encoding="utf-8")
    out = []
    for _ in range(count):
        text = source
        for _ in range(4):
            piece = rng.choice(MUTATIONS)
            # Inside a double-quoted scalar, escapes stay escapes.
            escaped = (
                piece.replace("\x1b", "\\e")
                .replace("\x9b", "\\x9b")
                .replace("\x00", "\\0")
                .replace("\x7f", "\\x7f")
            )
            spot = text.find('quote: "', rng.randrange(len(text) // 2))
            if spot == -1:
                continue
            spot += len('quote: "')
            text = text[:spot] + escaped + text[spot:]
        out.append(text.encode("utf-8"))
    return out


async def test_mutated_interviews_render_without_control_characters(tmp_path: Path) -> None:
    app = make_app([SAMPLE], state=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_interview(pilot)
        for number, data in enumerate(_mutated_interviews(25)):
            result = load_text(data, tmp_path / f"m{number}.yaml")
            if not result.ok:
                continue
            screen._reloaded(result)
            for index in range(len(screen.interview.sections) + 1):
                screen.go_to(index)
                await pilot.pause()
                text = screen_text(app)
                assert not has_special(text), (number, index)
        assert not app._exit


async def test_wide_characters_wrap_within_the_quote_view(tmp_path: Path) -> None:
    korean = "김남준은 " * 60 + "中文也可以" * 20 + " 🙂🙂🙂 " * 10
    path = tmp_path / "wide.yaml"
    path.write_text(
        "reader: 1\ntitle: 넓은 글자\npeople:\n  x:\n    name: 김남준\nsections:\n"
        f'  - question: 질문?\n    answers:\n      - by: x\n        quote: "{korean}"\n',
        encoding="utf-8",
    )
    app = make_app([path], state=False)
    async with app.run_test(size=(90, 30)) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("right_square_bracket")
        quote = screen.query_one(QuoteView)
        width = quote.scrollable_content_region.width
        rows = quote.rows
        assert len(rows) > 10
        for row in rows:
            assert row.content.cell_length + row.indent <= width
        # Every character of the quote is on exactly one row, in order.
        body = "".join(row.content.plain for row in rows if row.start >= 0)
        assert body.replace(" ", "").count("김남준은") == 60
        await wait_until(pilot, lambda: True)
        text = screen_text(app)
        assert "김남준" in text and "中文也可以" in text


async def test_markup_in_every_place_is_literal_including_the_palette() -> None:
    app = make_app([MARKUP], state=False)
    async with app.run_test(size=(160, 40)) as pilot:
        await open_interview(pilot)
        await pilot.press("ctrl+p")
        await wait_for_screen(pilot, CommandPalette)
        await pilot.press(*"quit")
        await wait_until(pilot, lambda: "[@click=app.quit]quit[/]" in screen_text(app))
        await pilot.press("escape")
        assert not app._exit
