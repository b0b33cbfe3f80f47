"""What a browser tab of ``reader serve`` costs: time to content, memory per tab.

``python bench/bench_serve.py`` (or ``python bench/run.py serve``; needs the
``serve`` extra) runs reader's web server in this process on a free loopback
port, twice over: once serving reader on the bundled interviews, once
serving a minimal Textual app (the baseline: the cost of any Textual app
behind textual-serve, whatever it shows).  For each, it opens tabs one after
another the way a browser does (websocket, then the screen's bytes fed to a
terminal emulator) and reports

* the time from opening the websocket to the first bytes of the screen,
* the time until the content is on screen (reader: the library's titles;
  the baseline: its list),
* the resident memory of the tab's app process once the content is shown
  (this, times the cap of 16 tabs, bounds what ``reader serve`` can use).
"""

from __future__ import annotations

import asyncio
import os
import re
import shlex
import statistics
import sys
import time
from pathlib import Path

import aiohttp
import pyte
from aiohttp import web

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reader.cli._bind import bind  # noqa: E402
from reader.cli.serve import child_command  # noqa: E402
from reader.ui.web.server import ReaderServer  # noqa: E402

TABS = 5
COLUMNS, ROWS = 120, 40

MINIMAL = """
from textual.app import App
from textual.widgets import Footer, Header, OptionList, Static

class Minimal(App):
    def compose(self):
        yield Header()
        yield OptionList(*[f"Question {n}" for n in range(1, 41)])
        yield Static("A quote.")
        yield Footer()

Minimal().run()
"""


def _rss_of_tab_processes() -> dict[int, int]:
    """Resident memory (KiB) of the Python processes this process's shells started."""
    me = os.getpid()
    parents: dict[int, int] = {}
    names: dict[int, bytes] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            names[int(entry.name)] = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = re.search(r"^PPid:\s+(\d+)", status, re.M)
        vmrss = re.search(r"^VmRSS:\s+(\d+)", status, re.M)
        if ppid:
            parents[int(entry.name)] = int(ppid.group(1))
        if vmrss:
            rss[int(entry.name)] = int(vmrss.group(1))
    found = {}
    for pid, parent in parents.items():
        # Started through the shell: a grandchild, or a child where the shell execs.
        started = parent == me or parents.get(parent) == me
        if started and b"python" in names.get(pid, b"").split(b"\0")[0]:
            found[pid] = rss.get(pid, 0)
    return found


async def _tab(port: int, content: str) -> tuple[float, float, int]:
    """One tab: seconds to first bytes, seconds to ``content``, RSS (KiB) of its app."""
    screen = pyte.Screen(COLUMNS, ROWS)
    stream = pyte.ByteStream(screen)
    async with aiohttp.ClientSession() as session:
        start = time.perf_counter()
        async with session.ws_connect(
            f"ws://127.0.0.1:{port}/ws?width={COLUMNS}&height={ROWS}"
        ) as websocket:
            first = None
            while True:
                message = await asyncio.wait_for(websocket.receive(), 60)
                if message.type != aiohttp.WSMsgType.BINARY:
                    continue
                if first is None:
                    first = time.perf_counter() - start
                stream.feed(message.data)
                if content in "\n".join(screen.display):
                    shown = time.perf_counter() - start
                    break
            rss = sum(_rss_of_tab_processes().values())
    return first, shown, rss


async def _serve(command: str, content: str) -> list[tuple[float, float, int]]:
    sock = bind("127.0.0.1", 0)
    port = sock.getsockname()[1]
    server = ReaderServer(command, allowed_hosts=frozenset({"localhost"}))
    runner = web.AppRunner(server.make_app(), access_log=None)
    await runner.setup()
    site = web.SockSite(runner, sock)
    await site.start()
    try:
        results = []
        for _ in range(TABS):
            results.append(await _tab(port, content))
            # The closed tab's app must be gone before the next is measured.
            while _rss_of_tab_processes():
                await asyncio.sleep(0.05)
        return results
    finally:
        await runner.cleanup()


def _report(name: str, results: list[tuple[float, float, int]]) -> tuple[float, float, float]:
    first = statistics.median(r[0] for r in results)
    shown = statistics.median(r[1] for r in results)
    rss = statistics.median(r[2] for r in results) / 1024
    print(
        f"{name:<34} first bytes {first * 1000:6.0f} ms   content {shown * 1000:6.0f} ms"
        f"   app process {rss:5.0f} MiB   (median of {len(results)} tabs)",
        flush=True,
    )
    return first, shown, rss


def main() -> None:
    """Measure the baseline and reader, and print them side by side."""
    minimal = shlex.join([sys.executable, "-c", MINIMAL])
    baseline = _report("baseline: minimal Textual app", asyncio.run(_serve(minimal, "Question 1")))
    reader = _report(
        "reader serve interviews/",
        asyncio.run(_serve(child_command([ROOT / "interviews"]), "Remarks by President Biden")),
    )
    print(
        f"reader / baseline: first bytes x{reader[0] / baseline[0]:.1f}, "
        f"content x{reader[1] / baseline[1]:.1f}, memory x{reader[2] / baseline[2]:.1f}; "
        f"16 tabs (the cap) of reader: about {16 * reader[2]:.0f} MiB",
        flush=True,
    )


if __name__ == "__main__":
    main()
