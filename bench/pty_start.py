"""Time a program in a real pseudo-terminal until a text is on screen.

:func:`time_to_text` starts ``argv`` with a pseudo-terminal (120x40) as its
standard input and output, reads what it draws, and returns the seconds
from just before the process starts until ``text`` appears in its output
(escape sequences removed); then the process is ended.  This is "first
frame" as a user sees it: imports, start-up and the first paint, with the
terminal's own output path included.  :func:`start_to_text` also gives the
processor time the program had used by then.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import resource
import select
import signal
import struct
import subprocess
import termios
import time

MINIMAL_APP = (  # the baseline of every first-frame figure
    "from textual.app import App\n"
    "from textual.widgets import Footer, Header, OptionList, Static\n"
    "class Minimal(App):\n"
    "    def compose(self):\n"
    "        yield Header()\n"
    "        yield OptionList(*[f'Question {n}' for n in range(1, 41)])\n"
    "        yield Static('A quote.')\n"
    "        yield Footer()\n"
    "if __name__ == '__main__':\n"
    "    Minimal().run()\n"
)

_ESCAPES = re.compile(rb"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


def time_to_text(
    argv: list[str], text: str, *, timeout: float = 120.0, env: dict[str, str] | None = None
) -> float:
    """Seconds from start until ``text`` is drawn by ``argv`` in a 120x40 pseudo-terminal."""
    return start_to_text(argv, text, timeout=timeout, env=env)[0]


def start_to_text(
    argv: list[str], text: str, *, timeout: float = 120.0, env: dict[str, str] | None = None
) -> tuple[float, float]:
    """:func:`time_to_text`, and the processor time the program had used by then.

    The processor time (user and system, all its threads) is read when the
    program is ended, a moment after ``text`` appears: on a machine shared
    with other work it varies much less than the time on the clock.
    """
    main, child = os.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    wanted = text.encode("utf-8")
    start = time.perf_counter()
    process = subprocess.Popen(
        argv,
        stdin=child,
        stdout=child,
        stderr=child,
        env={**(env or os.environ), "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"},
        start_new_session=True,
        close_fds=True,
    )
    os.close(child)
    seen = b""
    took = 0.0
    try:
        while True:
            left = timeout - (time.perf_counter() - start)
            if left <= 0:
                raise TimeoutError(f"{text!r} not on screen after {timeout:g} s")
            ready, _, _ = select.select([main], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(main, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                raise RuntimeError(f"{argv[0]} ended before {text!r} was on screen")
            seen += chunk
            if wanted in _ESCAPES.sub(b"", seen):
                took = time.perf_counter() - start
                break
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        usage = _reap(process)
        # Drain, so the child is never blocked writing to a full terminal.
        while select.select([main], [], [], 0)[0]:
            try:
                if not os.read(main, 65536):
                    break
            except OSError:
                break
        os.close(main)
    return took, usage.ru_utime + usage.ru_stime


def _reap(process: subprocess.Popen[bytes]) -> resource.struct_rusage:
    """Wait for the ended ``process`` (killed after 10 s); its resource usage."""
    deadline = time.perf_counter() + 10
    while time.perf_counter() < deadline:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return usage
        time.sleep(0.005)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage
