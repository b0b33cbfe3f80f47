"""Check ``reader serve`` in a real headless Chromium, on demand (not part of the suite).

    apt-get install chromium            # Debian's package; CI cannot count on it
    pip install -e '.[serve]'
    python tools/browser_check.py [--out tools/out] [PATH ...]

Starts ``reader serve --port 0`` on 127.0.0.1 over PATH (default: the bundled
interviews), opens the page in headless Chromium through the DevTools
protocol, and acts as a reader would:

1. waits for the app's first bytes, screenshots the library (``library.png``);
   checks that the page refuses ``window.open()`` without an address (xterm's
   own link opener) and with a non-http(s) address;
2. types ``remarks``, enter (the press conference's About page), ``o``:
   the source link must open in a new tab (a new target with that https URL)
   that has no handle back on the reader's tab (``noopener``);
3. ``]`` to the first Q&A, screenshots it (``qa.png``), ``y``: the quote must
   be on the browser's clipboard (read back with ``navigator.clipboard``);
4. ``?``: screenshots the help screen (``help.png``);
5. ctrl+p, ``download markdown``, enter: a Markdown file must arrive in the
   download folder.

It fails (exit 1) on any of those, and on any error in the page's console
(a Content-Security-Policy violation among them).  Screenshots go to
``--out`` (git-ignored ``tools/out/`` by default); look at them.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
WAIT = 30.0


class Failure(Exception):
    """A check failed; the message says which."""


def start_server(paths: list[str]) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "reader", "serve", "--port", "0", *paths],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        found = re.search(r"open (http://\S+) in a web browser", line)
        if found:
            return process, found.group(1)
    process.kill()
    raise Failure("reader serve did not print its address")


def start_chromium(profile: Path) -> tuple[subprocess.Popen[str], str]:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        raise Failure("no chromium: apt-get install chromium")
    args = [
        binary,
        "--headless=new",
        "--disable-gpu",
        "--remote-debugging-port=0",
        f"--user-data-dir={profile}",
        "--window-size=1280,800",
        "--no-first-run",
        "about:blank",
    ]
    if os.geteuid() == 0:
        args.insert(1, "--no-sandbox")  # Chromium refuses to run its sandbox as root
    process = subprocess.Popen(
        args, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, start_new_session=True
    )
    assert process.stderr is not None
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        found = re.search(r"DevTools listening on (ws://\S+)", line)
        if found:
            return process, found.group(1)
    process.kill()
    raise Failure("chromium did not start its DevTools endpoint")


class DevTools:
    """A minimal Chrome DevTools protocol client over one browser websocket."""

    def __init__(self, websocket: aiohttp.ClientWebSocketResponse) -> None:
        self.websocket = websocket
        self.ids = itertools.count(1)
        self.pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.events: list[dict[str, Any]] = []
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.websocket:
            data = json.loads(message.data)
            if "id" in data and data["id"] in self.pending:
                self.pending.pop(data["id"]).set_result(data)
            else:
                self.events.append(data)

    async def call(self, method: str, session: str | None = None, **params: Any) -> Any:
        number = next(self.ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.pending[number] = future
        message: dict[str, Any] = {"id": number, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        await self.websocket.send_str(json.dumps(message))
        reply = await asyncio.wait_for(future, WAIT)
        if "error" in reply:
            raise Failure(f"{method}: {reply['error']}")
        return reply.get("result", {})


async def poll(check: Any, what: str, timeout: float = WAIT) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = await check()
        if value:
            return value
        await asyncio.sleep(0.2)
    raise Failure(f"timed out waiting for {what}")


async def run_checks(
    page_url: str, devtools_url: str, out: Path, downloads: Path
) -> tuple[list[str], list[str]]:
    """Run every check; what passed and what failed."""
    done: list[str] = []
    failed: list[str] = []

    async def expect(check: Any, what: str) -> Any:
        try:
            return await poll(check, what)
        except Failure as failure:
            failed.append(str(failure))
            return None

    async with (
        aiohttp.ClientSession() as http,
        http.ws_connect(devtools_url, max_msg_size=0) as websocket,
    ):
        tools = DevTools(websocket)
        origin = page_url.rstrip("/")
        await tools.call(
            "Browser.grantPermissions",
            origin=origin,
            permissions=["clipboardReadWrite", "clipboardSanitizedWrite"],
        )
        await tools.call(
            "Browser.setDownloadBehavior",
            behavior="allow",
            downloadPath=str(downloads),
            eventsEnabled=True,
        )
        await tools.call("Target.setDiscoverTargets", discover=True)
        target = (await tools.call("Target.createTarget", url="about:blank"))["targetId"]
        session = (await tools.call("Target.attachToTarget", targetId=target, flatten=True))[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Log"):
            await tools.call(f"{domain}.enable", session)
        await tools.call("Page.navigate", session, url=page_url)

        async def evaluate(expression: str) -> Any:
            result = await tools.call(
                "Runtime.evaluate", session, expression=expression, awaitPromise=True
            )
            return result.get("result", {}).get("value")

        async def screenshot(name: str) -> None:
            await asyncio.sleep(1.5)  # let the app finish drawing (a tool, not a test)
            data = (await tools.call("Page.captureScreenshot", session, format="png"))["data"]
            (out / name).write_bytes(base64.b64decode(data))
            done.append(f"screenshot {out / name}")

        async def key(text: str, code: str | None = None, vk: int = 0, modifiers: int = 0) -> None:
            base = {"key": code or text, "windowsVirtualKeyCode": vk, "modifiers": modifiers}
            await tools.call("Input.dispatchKeyEvent", session, type="keyDown", text=text, **base)
            await tools.call("Input.dispatchKeyEvent", session, type="keyUp", **base)
            await asyncio.sleep(0.15)

        async def typed(text: str) -> None:
            for char in text:
                await key(char)

        await poll(
            lambda: evaluate("document.body.classList.contains('-first-byte')"),
            "the app's first bytes",
        )
        await evaluate("document.querySelector('.xterm-helper-textarea').focus(), true")
        await screenshot("library.png")

        # The page's guard on window.open: xterm's own link opener (no address)
        # and non-http(s) addresses are refused; nothing opens.
        before = len(tools.events)
        for call in (
            "window.open()",
            "window.open('javascript:alert(1)')",
            "window.open('file:///etc/passwd')",
        ):
            if await evaluate(f"{call} === null") is not True:
                failed.append(f"{call} was not refused")
        await asyncio.sleep(0.5)
        if any(event.get("method") == "Target.targetCreated" for event in tools.events[before:]):
            failed.append("a refused window.open still opened a tab")
        else:
            done.append("window.open() and non-http(s) addresses are refused by the page")

        await typed("remarks")
        await key("\r", "Enter", 13)
        await screenshot("about.png")
        await typed("o")

        def opened() -> list[str]:
            return [
                event["params"]["targetInfo"]["url"]
                for event in tools.events
                if event.get("method") in ("Target.targetCreated", "Target.targetInfoChanged")
                and event["params"]["targetInfo"]["type"] == "page"
                and event["params"]["targetInfo"]["url"].startswith("https://")
            ]

        async def any_opened() -> list[str]:
            return opened()

        urls = await expect(any_opened, "the source link to open in a new tab")
        if urls:
            done.append(f"o opened a new tab: {urls[0]}")
            infos = [
                event["params"]["targetInfo"]
                for event in tools.events
                if event.get("method") == "Target.targetCreated"
                and event["params"]["targetInfo"]["url"] in (urls[0], "about:blank", "")
                and event["params"]["targetInfo"].get("openerId") == target
            ]
            if any(info.get("canAccessOpener") for info in infos):
                failed.append("the opened tab can reach back to the reader's tab (no noopener)")
            else:
                done.append("the opened tab has no handle on the reader's tab (noopener)")

        await typed("]")
        await screenshot("qa.png")
        await typed("y")

        async def clipboard() -> str:
            return str(await evaluate("navigator.clipboard.readText()") or "")

        copied = await expect(clipboard, "the quote on the browser's clipboard")
        if copied:
            done.append(f"y copied to the browser clipboard: {copied.splitlines()[0][:70]}…")

        await typed("?")
        await screenshot("help.png")
        await key("\x1b", "Escape", 27)

        await key("p", "p", 80, modifiers=2)  # ctrl+p: the command palette
        await typed("download markdown")
        await asyncio.sleep(0.5)
        await key("\r", "Enter", 13)

        async def downloaded() -> list[Path]:
            return [path for path in downloads.iterdir() if not path.name.endswith(".crdownload")]

        files = await expect(downloaded, "the Markdown export to arrive as a download")
        if files:
            size = files[0].stat().st_size
            done.append(f"export arrived as a download: {files[0].name} ({size} B)")

        problems = [
            event["params"]["entry"]["text"]
            for event in tools.events
            if event.get("method") == "Log.entryAdded"
            and event["params"]["entry"]["level"] == "error"
        ] + [
            json.dumps(event["params"]["exceptionDetails"])[:300]
            for event in tools.events
            if event.get("method") == "Runtime.exceptionThrown"
        ]
        if problems:
            failed.append("errors in the page's console:\n  " + "\n  ".join(problems))
        else:
            done.append("no error in the page's console (no CSP violation)")
        tools.reader.cancel()
    return done, failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "interviews")])
    parser.add_argument("--out", type=Path, default=ROOT / "tools" / "out")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    server, url = start_server(args.paths)
    with tempfile.TemporaryDirectory() as scratch:
        downloads = Path(scratch) / "downloads"
        downloads.mkdir()
        chromium = None
        try:
            chromium, devtools = start_chromium(Path(scratch) / "profile")
            done, failed = asyncio.run(run_checks(url, devtools, args.out, downloads))
            for line in done:
                print(f"ok: {line}")
            for line in failed:
                print(f"FAILED: {line}", file=sys.stderr)
            return 1 if failed else 0
        except Failure as failure:
            print(f"FAILED: {failure}", file=sys.stderr)
            return 1
        finally:
            if chromium is not None:
                os.killpg(chromium.pid, signal.SIGTERM)
                chromium.wait(timeout=WAIT)
            server.send_signal(signal.SIGINT)
            server.wait(timeout=WAIT)


if __name__ == "__main__":
    sys.exit(main())
