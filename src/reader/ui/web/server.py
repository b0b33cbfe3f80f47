"""The web server of ``reader serve``: one page, one app process per browser tab.

``reader serve`` (:mod:`reader.cli.serve`) binds the socket
(:mod:`reader.cli._bind`, so that errors are one line) and hands it to
:func:`run`; each browser tab's app process is :mod:`reader.ui.web.child`.
This module needs the optional ``serve`` extra (aiohttp, textual-serve).

Built on textual-serve's parts (its browser terminal, ``textual.js``; its
:class:`~textual_serve.app_service.AppService`, which runs an app process
behind a websocket; its :class:`~textual_serve.download_manager.DownloadManager`)
with the routes written here, because a server that shows people's files
needs guards that textual-serve's own ``Server`` leaves out:

* **Host check** (against DNS rebinding): only requests addressed to an IP
  address or to one of this machine's own names are answered (on loopback:
  ``localhost``; with another ``--host``: also the machine's host name, its
  fully qualified name, ``NAME.local`` and the ``--host`` given), so a web
  page whose name is made to resolve to this machine cannot read the
  library through a visitor's browser.  (Rebinding needs a name the
  attacker controls; an IP address is never one.)
* **Origin check** (against cross-site websocket hijacking): browsers send
  an ``Origin`` with every websocket; one that is not this server's own is
  refused, so another site open in the same browser cannot start a
  session and read what it sends.
* **Headers**: a Content-Security-Policy that allows only this server's
  scripts and the page's one inline script (by nonce), no framing (so no
  clickjacking), no Referer sent to the sites of links, no caching of
  the page or of downloads, and a ``Cross-Origin-Opener-Policy``.
* **Links**: an ``open_url`` from an app process reaches the browser only
  when :func:`reader.links.check_url` accepts it (the app checks first;
  this is the boundary where the browser's side begins).
* **Limits**: at most :data:`MAX_SESSIONS` app processes at once, terminal
  sizes clamped, malformed websocket messages ignored.
* **Downloads** are served with a safe file name and ``attachment``.

Each app process is started by textual-serve through the shell: the
command is built with :func:`shlex.join` by the caller (see
:mod:`reader.cli.serve`), so no file name is ever read by the shell.
"""

from __future__ import annotations

import asyncio
import html
import ipaddress
import json
import logging
import re
import secrets
import socket
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import textual_serve
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from reader.links import check_url
from reader.ui.web.child import INSECURE_PAGE_VARIABLE

__all__ = [
    "MAX_SESSIONS",
    "ReaderAppService",
    "ReaderServer",
    "is_secure_page",
    "machine_names",
    "run",
    "safe_file_name",
]

log = logging.getLogger("reader.serve")

MAX_SESSIONS = 16
"""App processes (browser tabs) served at once; more are refused with 503."""

MAX_COLUMNS = 500
MAX_ROWS = 200
"""A browser asks for its terminal's size; beyond these it gets these."""

STOP_TIMEOUT = 5.0
"""Seconds an app process has to quit when its tab closes before it is killed."""

_STATIC = Path(textual_serve.__file__).parent / "static"
_SAFE_NAME = re.compile(r"[^\w.-]+")
_ASCII_NAME = re.compile(r"[^A-Za-z0-9._-]+")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _page_template() -> str:
    return (Path(__file__).parent / "page.html").read_text(encoding="utf-8")


def _clamp(value: object, low: int, high: int, default: int) -> int:
    """``value`` as an int between ``low`` and ``high``; ``default`` when it is not a number."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return default
    try:
        number = int(value)
    except ValueError:
        return default
    return max(low, min(high, number))


def _host_name(host_header: str) -> str:
    """The name in a ``Host`` header, without its port, lower case."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host[1:]
    if host.count(":") == 1:
        return host.rsplit(":", 1)[0]
    return host


def safe_file_name(name: str, *, ascii_only: bool = False) -> str:
    """A download's file name: letters, digits, ``. _ -`` only; never empty, never hidden.

    No path separator, quote, control or invisible character survives, so the
    name is safe in a ``Content-Disposition`` header and in a downloads folder.
    ``ascii_only``: the fallback ``filename=`` for browsers that ignore ``filename*=``.
    """
    pattern = _ASCII_NAME if ascii_only else _SAFE_NAME
    cleaned = pattern.sub("-", name).strip(".-") or "download"
    return cleaned[:120]


def machine_names(host: str, *, loopback: bool) -> frozenset[str]:
    """The host names a server listening on ``host`` answers to, lower case.

    Loopback: ``localhost`` (and ``host`` when it is a name).  Otherwise also
    the names colleagues use for this machine: its host name, its fully
    qualified name and ``NAME.local`` (mDNS).  IP addresses are always
    answered to and are not listed.
    """
    names = {"localhost"}
    given = _host_name(host)
    try:
        ipaddress.ip_address(given)
    except ValueError:
        names.add(given)  # a name given to --host (an address needs no listing)
    if not loopback:
        hostname = socket.gethostname().lower()
        names |= {hostname, f"{hostname.split('.')[0]}.local", socket.getfqdn().lower()}
    return frozenset(name for name in names if name)


def is_secure_page(request: web.Request) -> bool:
    """Whether the browser treats the page as secure (and so lets it use the clipboard).

    Browsers count ``https`` and loopback addresses (``127.0.0.0/8``, ``::1``,
    ``localhost``) as secure; plain http from another machine is not.
    """
    if request.secure:
        return True
    name = _host_name(request.host)
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class ReaderAppService(AppService):
    """One app process behind one websocket, with links checked on their way out.

    ``secure_page``: whether the tab's page is secure for the browser; when it
    is not, the app is told (:data:`reader.ui.web.child.INSECURE_PAGE_VARIABLE`)
    so that ``y`` says why nothing reaches the clipboard.
    """

    def __init__(self, *args: Any, secure_page: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.secure_page = secure_page

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        if not self.secure_page:
            environment[INSECURE_PAGE_VARIABLE] = "1"
        else:
            environment.pop(INSECURE_PAGE_VARIABLE, None)
        return environment

    async def on_meta(self, data: bytes) -> None:
        """Relay the app's requests to the browser; drop links that must not open."""
        try:
            meta = json.loads(data)
        except ValueError:
            return
        if isinstance(meta, dict) and meta.get("type") == "open_url":
            url = meta.get("url")
            if not isinstance(url, str) or check_url(url) is not None:
                log.warning("refused to open a link in the browser: %r", url)
                return
        await super().on_meta(data)

    async def run(self) -> None:
        """Run until the app process ends, then end the browser's session too."""
        await super().run()
        # textual-serve closes the websocket only on the app's "exit"
        # message; an app that failed to start or crashed sends none, and
        # the tab would wait forever.
        await self.remote_close()

    async def close(self) -> None:
        """Ask the app to quit, wait for it, and kill it if it does not quit in time."""
        await self.stop()
        process = self._process
        if process is None or process.returncode is not None:
            return
        try:
            await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
        except TimeoutError:
            process.kill()
            await process.wait()


class ReaderServer:
    """The aiohttp application serving ``command`` (one run per browser tab).

    ``allowed_hosts``: the names (besides IP addresses) the server answers
    to, lower case (see the module docstring); :meth:`for_host` chooses them.
    """

    def __init__(
        self,
        command: str,
        *,
        allowed_hosts: frozenset[str],
        max_sessions: int = MAX_SESSIONS,
    ) -> None:
        self.command = command
        self.allowed_hosts = allowed_hosts
        self.max_sessions = max_sessions
        self.download_manager = DownloadManager()
        self.sessions: set[web.WebSocketResponse] = set()
        self._page = _page_template()

    @classmethod
    def for_host(cls, command: str, host: str, *, loopback: bool) -> ReaderServer:
        """A server for ``command`` listening on ``host``, answering to the names it should."""
        return cls(command, allowed_hosts=machine_names(host, loopback=loopback))

    def answers_to(self, host_header: str) -> bool:
        """Whether a request with this ``Host`` header is for this server (see above)."""
        name = _host_name(host_header)
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return name in self.allowed_hosts
        return True

    def make_app(self) -> web.Application:
        """The aiohttp application: routes, guards and shutdown."""
        app = web.Application(middlewares=[self._guard])
        app.add_routes(
            [
                web.get("/", self._index),
                web.get("/ws", self._websocket),
                web.get("/download/{key}", self._download),
                web.static("/static", _STATIC, show_index=False),
            ]
        )
        app.on_shutdown.append(self._on_shutdown)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not self.answers_to(request.host):
            names = ", ".join(sorted(self.allowed_hosts))
            return web.Response(
                status=403,
                text=(
                    "reader serve answers only to this machine's IP addresses and to "
                    f"{names}: open it by one of those\n"
                ),
            )
        response = await handler(request)
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "no-referrer")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response

    async def _index(self, request: web.Request) -> web.Response:
        nonce = secrets.token_urlsafe(18)
        scheme = "wss" if request.secure else "ws"
        websocket_url = f"{scheme}://{request.host}/ws"
        font_size = _clamp(request.query.get("fontsize", "16"), 6, 48, 16)
        page = (
            self._page.replace("{{nonce}}", nonce)
            .replace("{{websocket_url}}", html.escape(websocket_url, quote=True))
            .replace("{{font_size}}", str(font_size))
        )
        policy = "; ".join(
            [
                "default-src 'none'",
                f"script-src 'self' 'nonce-{nonce}'",
                "style-src 'self' 'unsafe-inline'",
                "font-src 'self'",
                "img-src 'self' data:",
                f"connect-src 'self' {websocket_url}",
                "base-uri 'none'",
                "form-action 'none'",
                "frame-ancestors 'none'",
            ]
        )
        return web.Response(
            text=page,
            content_type="text/html",
            charset="utf-8",
            headers={"Content-Security-Policy": policy, "Cache-Control": "no-store"},
        )

    async def _websocket(self, request: web.Request) -> web.StreamResponse:
        origin = request.headers.get("Origin")
        own = f"{request.scheme}://{request.host}".lower()
        if origin is not None and origin.lower() != own:
            return web.Response(status=403, text="reader serve: websocket from another site\n")
        if len(self.sessions) >= self.max_sessions:
            return web.Response(
                status=503,
                text=f"reader serve: {self.max_sessions} reading sessions are open; close one\n",
            )
        websocket = web.WebSocketResponse(heartbeat=15)
        width = _clamp(request.query.get("width", "80"), 1, MAX_COLUMNS, 80)
        height = _clamp(request.query.get("height", "24"), 1, MAX_ROWS, 24)
        await websocket.prepare(request)
        self.sessions.add(websocket)

        async def close_websocket() -> None:
            await websocket.close()

        service = ReaderAppService(
            self.command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=close_websocket,
            download_manager=self.download_manager,
            secure_page=is_secure_page(request),
        )
        try:
            await service.start(width, height)
            await self._relay(websocket, service)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("reading session failed")
        finally:
            self.sessions.discard(websocket)
            await asyncio.shield(service.close())
            await websocket.close()
        return websocket

    async def _relay(self, websocket: web.WebSocketResponse, service: AppService) -> None:
        """Pass the browser's keys, mouse and size to the app; ignore anything malformed."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope: Any = json.loads(message.data)
            except ValueError:
                continue
            if not isinstance(envelope, list) or not envelope:
                continue
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                await service.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize" and isinstance(data, dict):
                await service.set_terminal_size(
                    _clamp(data.get("width"), 1, MAX_COLUMNS, 80),
                    _clamp(data.get("height"), 1, MAX_ROWS, 24),
                )
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()

    async def _download(self, request: web.Request) -> web.StreamResponse:
        key = request.match_info["key"]
        try:
            meta = await self.download_manager.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound(
                text="reader serve: no such download (each link works once)\n"
            ) from None
        content_type = meta.mime_type or "application/octet-stream"
        if meta.encoding:
            content_type += f"; charset={meta.encoding}"
        name = safe_file_name(meta.file_name)
        fallback = safe_file_name(meta.file_name, ascii_only=True)
        response = web.StreamResponse(
            headers={
                "Content-Type": content_type,
                "Content-Disposition": (
                    f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
                ),
                "Cache-Control": "no-store",
                # Never a page of this origin, even if a browser shows it
                # instead of saving it: no scripts, no requests.
                "Content-Security-Policy": "sandbox; default-src 'none'",
            }
        )
        await response.prepare(request)
        try:
            async for chunk in self.download_manager.download(key):
                await response.write(chunk)
        except ValueError:
            # The tab closed while the download was starting.
            pass
        await response.write_eof()
        return response

    async def _on_shutdown(self, app: web.Application) -> None:
        for websocket in list(self.sessions):
            await websocket.close(code=1001, message=b"reader serve stopped")


def run(server: ReaderServer, sock: socket.socket) -> None:
    """Serve on ``sock`` until interrupted (ctrl+c or SIGTERM); every app process is stopped."""
    web.run_app(
        server.make_app(),
        sock=sock,
        print=None,
        access_log=None,
        shutdown_timeout=STOP_TIMEOUT,
        handle_signals=True,
    )
