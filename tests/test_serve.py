"""``reader serve``: the real server, reached as a browser reaches it.

Each end-to-end test starts ``reader serve`` on a free loopback port
(``--port 0``, 127.0.0.1 only), reads the address it prints, GETs the page,
opens the websocket the page names, and feeds what the app sends into a
terminal emulator (pyte) to read the screen a browser would show.  Waits
are bounded; each test stops its server itself (SIGINT, as ctrl+c).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pyte
import pytest

from reader.cli._bind import BindError, bind, is_loopback, network_address, other_urls, url_for
from reader.export import export
from reader.loader import load_file
from reader.quote import format_answer
from reader.ui.web.server import ReaderAppService, safe_file_name
from tests.test_ui_hostile import FORBIDDEN, HOSTILE_FILE

ROOT = Path(__file__).resolve().parents[1]
INTERVIEWS = ROOT / "interviews"
COLUMNS, ROWS = 110, 32
WAIT = 60.0  # seconds: generous, for a machine shared by several test runs


class Served:
    """A running ``reader serve`` process and the address it printed."""

    def __init__(self, *args: str, cwd: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "reader", "serve", "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            text=True,
            start_new_session=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.stdout: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.url = self._wait_for_url()
        self.port = int(self.url.rsplit(":", 1)[1].strip("/"))

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def _wait_for_url(self) -> str:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            self.stdout.append(line)
            found = re.search(r"open (http://127\.0\.0\.1:\d+/) in a web browser", line)
            if found:
                return found.group(1)
        self.stop()
        raise AssertionError(f"reader serve did not print its address: {self.stdout}")

    def stop(self) -> tuple[int, str, str]:
        """Ctrl+C; the exit status, then everything printed on stdout and stderr."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            code = self.process.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            code = self.process.wait()
        while not self.lines.empty():
            self.stdout.append(self.lines.get())
        assert self.process.stderr is not None
        return code, "".join(self.stdout), self.process.stderr.read()


@contextlib.contextmanager
def served(*args: str, cwd: Path) -> Iterator[Served]:
    server = Served(*args, cwd=cwd)
    try:
        yield server
    finally:
        code, out, err = server.stop()
        assert code == 0, (out, err)
        assert out.rstrip().endswith("reader serve: stopped"), out
        assert "Traceback" not in err, err


class Tab:
    """One browser tab: the websocket, and the screen its bytes draw."""

    def __init__(self, websocket: aiohttp.ClientWebSocketResponse) -> None:
        self.websocket = websocket
        self.screen = pyte.Screen(COLUMNS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()
        self.messages: list[Any] = []

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    async def wait_for(self, predicate: Callable[[Tab], bool], what: str) -> None:
        """Read what the app sends until ``predicate`` holds (at most :data:`WAIT` s)."""
        deadline = time.monotonic() + WAIT
        while not predicate(self):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"timed out waiting for {what}; screen:\n{self.text()}")
            try:
                message = await asyncio.wait_for(self.websocket.receive(), remaining)
            except TimeoutError:
                continue
            if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED) and predicate(
                self
            ):
                return
            if message.type == aiohttp.WSMsgType.BINARY:
                self.raw.extend(message.data)
                self.stream.feed(message.data)
            elif message.type == aiohttp.WSMsgType.TEXT:
                self.messages.append(json.loads(message.data))
            else:
                raise AssertionError(f"the session ended while waiting for {what}: {message}")

    async def shows(self, text: str) -> None:
        await self.wait_for(lambda tab: text in tab.text(), repr(text))

    async def keys(self, keys: str) -> None:
        await self.websocket.send_json(["stdin", keys])


@contextlib.asynccontextmanager
async def browser(server: Served) -> Iterator[Tab]:  # type: ignore[misc]
    """GET the page as a browser does, then open the websocket it names."""
    async with aiohttp.ClientSession() as session:
        async with session.get(server.url) as response:
            assert response.status == 200
            assert response.headers["Content-Type"] == "text/html; charset=utf-8"
            page = await response.text()
        found = re.search(r'data-session-websocket-url="([^"]+)"', page)
        assert found is not None, page
        websocket_url = found.group(1)
        assert websocket_url == f"ws://127.0.0.1:{server.port}/ws"
        async with session.ws_connect(
            f"{websocket_url}?width={COLUMNS}&height={ROWS}",
            origin=f"http://127.0.0.1:{server.port}",
        ) as websocket:
            yield Tab(websocket)


def _children_of(server: Served) -> list[int]:
    """Process ids of the app processes (``reader.ui.web.child``) that ``server`` started."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = re.search(r"^PPid:\s+(\d+)", status, re.M)
        if cmdline.split(b"\0")[1:3] == [b"-m", b"reader.ui.web.child"] and parent:
            ppid = int(parent.group(1))
            # Started through the shell: the app is the server's child or grandchild.
            if ppid == server.process.pid or _parent(ppid) == server.process.pid:
                found.append(int(entry.name))
    return found


def _parent(pid: int) -> int | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    parent = re.search(r"^PPid:\s+(\d+)", status, re.M)
    return int(parent.group(1)) if parent else None


linux_only = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")


# --- end to end -------------------------------------------------------------


async def test_a_browser_sees_the_library_then_a_qa_after_keys(tmp_path: Path) -> None:
    with served(str(INTERVIEWS), cwd=tmp_path) as server:
        async with browser(server) as tab:
            await tab.shows("Director Lee Sung-jin…")
            await tab.shows("Remarks by President …")
            await tab.keys("come")  # type to filter, enter to open
            await tab.keys("\r")
            await tab.shows("ℹ About")  # an interview opens at its About page
            await tab.keys("]")
            await tab.shows("Q&A 1 of 6")
            await tab.shows("Sung-gin discussed behind-the-scenes details")
            await tab.keys("]")
            await tab.wait_for(
                lambda tab: (
                    "Q&A 2 of 6" in tab.text()
                    and "previously heard his idol's old songs." in tab.text()
                    and "Sung-gin discussed" not in tab.text()
                ),
                "the second Q&A",
            )


PRESS = INTERVIEWS / "trilateral-press-conference-2023.yaml"
SOURCE_URL = (
    "https://bidenwhitehouse.archives.gov/briefing-room/speeches-remarks/2023/01/10/"
    "remarks-by-president-biden-prime-minister-trudeau-and-president-lopez-obrador-"
    "in-joint-press-conference/"
)


async def test_links_copies_and_exports_reach_the_browser(tmp_path: Path) -> None:
    interview = load_file(PRESS).interview
    assert interview is not None
    with served(str(PRESS), cwd=tmp_path) as server:
        async with browser(server) as tab:
            await tab.shows("ℹ About")
            # o on About: the source link, to the browser as a new tab.
            await tab.keys("o")
            opened = ["open_url", {"url": SOURCE_URL, "new_tab": True}]
            await tab.wait_for(lambda tab: opened in tab.messages, "the link to open")
            # y on Q&A 1: the first answer, to the browser's clipboard (OSC 52).
            await tab.keys("]")
            await tab.shows("Q&A 1 of 4")
            await tab.keys("y")
            quote = format_answer(interview, interview.sections[0], 0)
            osc52 = b"\x1b]52;c;" + base64.b64encode(quote.encode("utf-8"))
            await tab.wait_for(lambda tab: osc52 in tab.raw, "the copy")
            # ctrl+p, Download as Markdown: a download of reader export's bytes.
            await tab.keys("\x10")
            await tab.shows("Search for commands")
            await tab.keys("download markdown")
            await tab.shows("Download as Markdown")
            await tab.keys("\r")
            await tab.wait_for(
                lambda tab: any(m[0] == "deliver_file_start" for m in tab.messages),
                "the download to start",
            )
            key = next(m[1] for m in tab.messages if m[0] == "deliver_file_start")
            async with (
                aiohttp.ClientSession() as session,
                session.get(f"{server.url}download/{key}") as response,
            ):
                assert response.status == 200
                assert response.headers["Content-Type"] == "text/markdown; charset=utf-8"
                assert response.headers["Content-Disposition"] == (
                    'attachment; filename="trilateral-press-conference-2023.md"; '
                    "filename*=UTF-8''trilateral-press-conference-2023.md"
                )
                body = await response.read()
            assert body == export(interview, "markdown").encode("utf-8")


@linux_only
async def test_closing_the_tab_ends_its_app_process(tmp_path: Path) -> None:
    with served(str(INTERVIEWS), cwd=tmp_path) as server:
        async with browser(server) as tab:
            await tab.shows("Remarks by President …")
            assert len(_children_of(server)) == 1
        deadline = time.monotonic() + WAIT
        while _children_of(server) and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        assert _children_of(server) == []


@linux_only
async def test_q_in_the_browser_ends_the_session_and_its_app(tmp_path: Path) -> None:
    with served(str(INTERVIEWS), cwd=tmp_path) as server:
        async with browser(server) as tab:
            await tab.shows("Remarks by President …")
            children = _children_of(server)
            assert len(children) == 1
            await tab.keys("q")
            await tab.wait_for(lambda tab: tab.websocket.closed, "the session to end")
        deadline = time.monotonic() + WAIT
        while _children_of(server) and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        assert _children_of(server) == []
        # The server goes on serving other tabs.
        async with browser(server) as tab:
            await tab.shows("Remarks by President …")


@linux_only
async def test_ctrl_c_with_a_tab_open_stops_the_server_and_its_app(tmp_path: Path) -> None:
    server = Served(str(INTERVIEWS), cwd=tmp_path)
    try:
        async with browser(server) as tab:
            await tab.shows("Remarks by President …")
            children = _children_of(server)
            assert len(children) == 1
            code, out, err = server.stop()
            assert code == 0, (out, err)
            assert out.rstrip().endswith("reader serve: stopped")
            assert "Traceback" not in err
            # The tab is told, and its app process is gone.
            await tab.wait_for(lambda tab: tab.websocket.closed, "the websocket to close")
    finally:
        server.stop()
    assert not any(Path(f"/proc/{pid}").exists() for pid in children)


async def test_a_hostile_file_name_is_never_read_by_the_shell(tmp_path: Path) -> None:
    # textual-serve starts the app through /bin/sh: every path is quoted.
    folder = tmp_path / "$(touch PWNED-dollar); `touch PWNED-tick` 'q\" x"
    folder.mkdir()
    shutil.copy(INTERVIEWS / "come-back-to-me.yaml", folder / "a;touch PWNED-semi&.yaml")
    shutil.copy(INTERVIEWS / "trilateral-press-conference-2023.yaml", folder / "-b $HOME.yaml")
    with served(str(folder), cwd=tmp_path) as server:
        async with browser(server) as tab:
            await tab.shows("Director Lee Sung-jin…")
            await tab.shows("Remarks by President …")
    assert sorted(path.name for path in tmp_path.rglob("PWNED*")) == []
    assert not list(Path.cwd().glob("PWNED*"))


async def test_file_text_reaches_the_browser_as_literal_text(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(HOSTILE_FILE, encoding="utf-8")
    with served(str(hostile), cwd=tmp_path) as server:
        async with browser(server) as tab:
            # One interview opens straight into the reading screen, at About.
            await tab.shows("Hostile ␛]0;PWNED-HEADER␇ [bold]title[/]")
            await tab.shows("X ␛[31mred")
            await tab.keys("]")
            await tab.shows("␛]52;c;UVVFU1RJT04=␇?")
            await tab.shows("PWNED-NOTE")  # in the annotations sidebar
            await tab.shows("[@click=app.quit…")  # the Q&A list: the title, cut
    for forbidden in FORBIDDEN:
        assert forbidden not in tab.raw, forbidden
    # Nothing asked the browser to open or download anything.
    assert tab.messages == []


async def test_another_sites_websocket_and_a_rebound_host_name_are_refused(
    tmp_path: Path,
) -> None:
    with served(str(INTERVIEWS), cwd=tmp_path) as server:
        async with aiohttp.ClientSession() as session:
            # Cross-site websocket hijacking: a page elsewhere opens our websocket.
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(
                    f"ws://127.0.0.1:{server.port}/ws", origin="http://evil.example"
                )
            assert refused.value.status == 403
            # DNS rebinding: evil.example made to resolve to 127.0.0.1.
            headers = {"Host": f"evil.example:{server.port}"}
            async with session.get(server.url, headers=headers) as response:
                assert response.status == 403
            async with session.get(server.url) as response:
                assert response.status == 200
                policy = response.headers["Content-Security-Policy"]
                assert "default-src 'none'" in policy
                assert "frame-ancestors 'none'" in policy
                assert response.headers["Referrer-Policy"] == "no-referrer"
                page = await response.text()
            # Nothing is fetched from another site (the font is served here).
            assert not re.search(r"(src|href)=\"https?:", page)
            async with session.get(f"{server.url}download/nosuchkey") as response:
                assert response.status == 404


# --- errors at start --------------------------------------------------------


def _reader(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=WAIT,
    )


def test_a_port_in_use_is_one_line_and_exit_2(tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = _reader("serve", "--port", str(port), str(INTERVIEWS), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"reader serve: error: cannot listen on 127.0.0.1 port {port}: the port is in use "
        "by another program; choose another with --port (--port 0 picks a free one)\n"
    )


def test_a_host_that_is_not_this_machine_is_one_line_and_exit_2(tmp_path: Path) -> None:
    # 192.0.2.1 is TEST-NET-1: documentation only, never an address of this machine.
    result = _reader("serve", "--host", "192.0.2.1", str(INTERVIEWS), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "reader serve: error: cannot listen on 192.0.2.1 port 8000: "
        "192.0.2.1 is not an address of this machine\n"
    )


def test_a_missing_path_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = _reader("serve", "--port", "0", "nowhere.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "reader serve: error: nowhere.yaml: no such file or folder\n"


def test_without_the_extra_it_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.cli import main

    monkeypatch.setitem(sys.modules, "textual_serve", None)  # as if not installed
    assert main(["serve", str(INTERVIEWS)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "reader serve: error: the web server is an optional part of reader and is not "
        "installed;\n  install it with: pip install 'interview-reader[serve]'   "
        "(from a checkout: pip install '.[serve]')\n"
    )


def test_another_host_prints_a_warning_before_serving(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Checked without listening beyond loopback: the socket is a loopback one."""
    import reader.cli._bind
    import reader.ui.web.server
    from reader.cli import main

    served_on: list[socket.socket] = []
    monkeypatch.setattr(reader.cli._bind, "bind", lambda host, port: bind("127.0.0.1", 0))
    monkeypatch.setattr(reader.cli._bind, "url_for", lambda sock, host: "http://laptop:8000/")
    monkeypatch.setattr(
        reader.cli._bind, "other_urls", lambda sock, host: ["http://192.168.1.20:8000/"]
    )
    monkeypatch.setattr(
        reader.ui.web.server, "run", lambda server, sock: served_on.append(sock) or sock.close()
    )
    assert main(["serve", "--host", "0.0.0.0", str(INTERVIEWS)]) == 0
    captured = capsys.readouterr()
    assert captured.err == (
        "reader serve: warning: listening on 0.0.0.0, not only on this machine: anyone who "
        "can reach http://laptop:8000/ can read every interview served here, with no "
        "password, over unencrypted http\n"
    )
    assert captured.out.splitlines() == [
        f"reader serve: serving {INTERVIEWS} read-only",
        "reader serve: open http://laptop:8000/ or http://192.168.1.20:8000/ in a web browser "
        "(ctrl+c stops)",
        "reader serve: stopped",
    ]
    assert len(served_on) == 1


def test_the_default_host_prints_no_warning(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import reader.ui.web.server
    from reader.cli import main

    monkeypatch.setattr(reader.ui.web.server, "run", lambda server, sock: sock.close())
    assert main(["serve", "--port", "0", str(INTERVIEWS)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert re.search(r"open http://127\.0\.0\.1:\d+/ in a web browser", captured.out)


# --- units ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.20", False),
        ("no-such-host.invalid", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_bind_port_zero_picks_a_free_port_and_url_for_names_it() -> None:
    sock = bind("127.0.0.1", 0)
    try:
        port = sock.getsockname()[1]
        assert port > 0
        assert url_for(sock, "127.0.0.1") == f"http://127.0.0.1:{port}/"
        assert other_urls(sock, "127.0.0.1") == []
        address = network_address()
        assert other_urls(sock, "0.0.0.0") == (
            [] if address is None else [f"http://{address}:{port}/"]
        )
    finally:
        sock.close()


def test_bind_refuses_a_port_out_of_range() -> None:
    with pytest.raises(BindError, match=r"^port 70000 is out of range"):
        bind("127.0.0.1", 70000)


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("come-back-to-me.md", "come-back-to-me.md"),
        ('a"; filename=evil.exe\r\n.md', "a-filename-evil.exe-.md"),
        ("../../.bashrc", "bashrc"),
        ("김남준.md", "김남준.md"),
        ("a\u202egpj.md", "a-gpj.md"),
        ("", "download"),
    ],
)
def test_safe_file_name(name: str, safe: str) -> None:
    assert safe_file_name(name) == safe


@pytest.mark.parametrize(
    ("url", "relayed"),
    [
        ("https://example.com/a", True),
        ("http://example.com/", True),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("https://bank.example@evil.example/", False),
        ("data:text/html,<script>", False),
    ],
)
async def test_links_reach_the_browser_only_when_check_url_accepts_them(
    url: str, relayed: bool
) -> None:
    sent: list[str] = []

    async def write_str(text: str) -> None:
        sent.append(text)

    async def nothing(*args: object) -> None:
        return None

    from textual_serve.download_manager import DownloadManager

    service = ReaderAppService(
        "true",
        write_bytes=nothing,
        write_str=write_str,
        close=nothing,
        download_manager=DownloadManager(),
    )
    meta = {"type": "open_url", "url": url, "new_tab": True}
    await service.on_meta(json.dumps(meta).encode())
    expected = [json.dumps(["open_url", {"url": url, "new_tab": True}])] if relayed else []
    assert sent == expected


async def test_sessions_beyond_the_cap_are_refused_and_sizes_are_clamped() -> None:
    from aiohttp.test_utils import TestClient, TestServer

    from reader.ui.web.server import MAX_COLUMNS, MAX_ROWS, ReaderServer, _clamp

    server = ReaderServer("true", allowed_hosts=frozenset({"localhost"}), max_sessions=0)
    async with TestClient(TestServer(server.make_app())) as client:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect("/ws")
        assert refused.value.status == 503
    assert _clamp("100000", 1, MAX_COLUMNS, 80) == MAX_COLUMNS == 500
    assert _clamp(-5, 1, MAX_ROWS, 24) == 1
    assert _clamp("wide", 1, MAX_COLUMNS, 80) == 80
    assert _clamp(None, 1, MAX_ROWS, 24) == 24
    assert _clamp(True, 1, MAX_ROWS, 24) == 24


@pytest.mark.parametrize(
    ("host", "secure"),
    [
        ("127.0.0.1:8000", True),
        ("localhost:8000", True),
        ("[::1]:8000", True),
        ("reader.localhost:8000", True),
        ("laptop:8000", False),
        ("192.168.1.20:8000", False),
    ],
)
def test_a_page_from_another_machine_over_http_is_not_secure(host: str, secure: bool) -> None:
    from aiohttp.test_utils import make_mocked_request
    from textual_serve.download_manager import DownloadManager

    from reader.ui.web.child import INSECURE_PAGE_VARIABLE
    from reader.ui.web.server import is_secure_page

    request = make_mocked_request("GET", "/ws", headers={"Host": host})
    assert is_secure_page(request) is secure

    async def nothing(*args: object) -> None:
        return None

    service = ReaderAppService(
        "true",
        write_bytes=nothing,
        write_str=nothing,
        close=nothing,
        download_manager=DownloadManager(),
        secure_page=secure,
    )
    environment = service._build_environment(100, 30)
    assert environment.get(INSECURE_PAGE_VARIABLE) == (None if secure else "1")
    assert environment["TEXTUAL_DRIVER"] == "textual.drivers.web_driver:WebDriver"


@pytest.mark.parametrize("loopback", [True, False])
def test_the_server_answers_to_addresses_and_this_machines_names_only(loopback: bool) -> None:
    """Against DNS rebinding, with the default host and with --host 0.0.0.0 alike."""
    from reader.ui.web.server import ReaderServer

    host = "127.0.0.1" if loopback else "0.0.0.0"
    server = ReaderServer.for_host("true", host, loopback=loopback)
    hostname = socket.gethostname().lower()
    assert server.answers_to("127.0.0.1:8000")
    assert server.answers_to("localhost:8000")
    assert server.answers_to("[::1]:8000")
    assert server.answers_to("192.168.1.20:8000")
    assert not server.answers_to("evil.example:8000")
    assert not server.answers_to("localhost.evil.example")
    if hostname != "localhost":  # some machines are named so
        assert server.answers_to(f"{hostname}:8000") is (not loopback)
        assert server.answers_to(f"{hostname.split('.')[0]}.local:8000") is (not loopback)
    named = ReaderServer.for_host("true", "reader.example.org", loopback=False)
    assert named.answers_to("Reader.Example.org:8000")


@pytest.mark.parametrize("insecure", [False, True])
def test_the_tab_app_is_read_only_with_a_state_of_its_own(
    insecure: bool, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import reader.ui.app
    from reader.ui.web import child

    made: list[dict[str, Any]] = []

    class Ran:
        return_code = None

        def run(self) -> None:
            state = made[0]["state"]
            state.set_theme("nord")  # the tab's state is written, somewhere of its own
            assert state.path.exists()

    def make_app(paths: list[Path], **options: Any) -> Ran:
        made.append({"paths": paths, **options})
        return Ran()

    monkeypatch.setattr(reader.ui.app, "make_app", make_app)
    if insecure:
        monkeypatch.setenv(child.INSECURE_PAGE_VARIABLE, "1")
    else:
        monkeypatch.delenv(child.INSECURE_PAGE_VARIABLE, raising=False)
    user_state = Path(os.environ["READER_STATE_DIR"])
    assert child.main(["--", str(tmp_path / "-a.yaml"), "b.yaml"]) == 0
    [options] = made
    assert options["paths"] == [tmp_path / "-a.yaml", Path("b.yaml")]
    assert options["read_only"] is True
    assert options["copy_warning"] == (child.INSECURE_PAGE_WARNING if insecure else None)
    assert not options["state"].path.exists()  # removed with the tab
    assert not options["state"].path.is_relative_to(user_state)
    assert not user_state.exists() or not any(user_state.iterdir())
