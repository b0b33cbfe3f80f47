"""Opening the listening socket of ``reader serve``, with errors a person can act on.

The socket is bound before the web server starts (and handed to it), so
that a port in use, a privileged port or a host that is not an address of
this machine is reported as one sentence and exit status 2, never as a
traceback from deep inside the server; and ``--port 0`` can report the
free port the system chose.

This module imports neither textual, rich nor the web server.
"""

from __future__ import annotations

import errno
import ipaddress
import socket

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "BindError",
    "bind",
    "is_loopback",
    "network_address",
    "other_urls",
    "url_for",
]

DEFAULT_HOST = "127.0.0.1"
"""Only this machine can connect unless ``--host`` says otherwise."""

DEFAULT_PORT = 8000


class BindError(Exception):
    """The server cannot listen where it was asked to; the message says why and what to do."""


def _loopback_address(address: str) -> bool:
    try:
        return ipaddress.ip_address(address.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def is_loopback(host: str) -> bool:
    """True when ``host`` names only this machine (``127.0.0.0/8``, ``::1``, ``localhost``).

    A name is looked up: it is loopback only when every address it resolves
    to is.  A name that does not resolve is not loopback (binding it fails
    anyway, with its own message).
    """
    host = host.strip("[]")
    if host.lower() == "localhost" or _loopback_address(host):
        return True
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return False
    return bool(infos) and all(_loopback_address(str(info[4][0])) for info in infos)


def _reason(error: OSError, host: str, port: int) -> str:
    where = f"{host} port {port}"
    if error.errno == errno.EADDRINUSE:
        return (
            f"cannot listen on {where}: the port is in use by another program; "
            "choose another with --port (--port 0 picks a free one)"
        )
    if error.errno in (errno.EACCES, errno.EPERM):
        return (
            f"cannot listen on {where}: permission denied "
            "(ports below 1024 need administrator rights); choose a port above 1024 with --port"
        )
    if error.errno == errno.EADDRNOTAVAIL:
        return f"cannot listen on {where}: {host} is not an address of this machine"
    return f"cannot listen on {where}: {error.strerror or error}"


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host``:``port`` (``port`` 0: a free port).

    Raises :class:`BindError` when the host does not resolve, is not an
    address of this machine, or the port is in use or forbidden.
    """
    if not 0 <= port <= 65535:
        raise BindError(f"port {port} is out of range (0 to 65535; 0 picks a free port)")
    try:
        infos = socket.getaddrinfo(
            host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
    except (socket.gaierror, UnicodeError) as error:
        detail = error.strerror if isinstance(error, socket.gaierror) else str(error)
        raise BindError(
            f"cannot listen on {host}: the host name does not resolve ({detail})"
        ) from None
    last: OSError | None = None
    for family, kind, proto, _, address in infos:
        sock = socket.socket(family, kind, proto)
        try:
            # The same option as any server: a restarted `reader serve` can
            # take its port back at once instead of waiting for TIME_WAIT.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            sock.bind(address)
            sock.listen(128)
        except OSError as error:
            sock.close()
            last = error
            continue
        sock.setblocking(False)
        return sock
    assert last is not None  # getaddrinfo returns at least one address or raises
    raise BindError(_reason(last, host, port))


def url_for(sock: socket.socket, host: str) -> str:
    """The address to open in a browser for a socket bound by :func:`bind`.

    A wildcard host (``0.0.0.0``, ``::``) is shown as this machine's name,
    which is what a colleague types.
    """
    port = sock.getsockname()[1]
    shown = host.strip("[]")
    if shown in ("", "0.0.0.0", "::"):
        shown = socket.gethostname()
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def network_address() -> str | None:
    """This machine's address on its network (the one its default route uses), if any.

    Found by "connecting" a UDP socket to a documentation address: no packet
    is sent, the system only picks the interface it would use.
    """
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never a real host
            address = str(probe.getsockname()[0])
    except OSError:
        return None
    return None if _loopback_address(address) or address == "0.0.0.0" else address


def other_urls(sock: socket.socket, host: str) -> list[str]:
    """Other addresses to try when :func:`url_for` gives a name colleagues may not resolve.

    For a wildcard host: this machine's network address, when it has one.
    """
    if host.strip("[]") not in ("", "0.0.0.0", "::"):
        return []
    address = network_address()
    return [] if address is None else [f"http://{address}:{sock.getsockname()[1]}/"]
