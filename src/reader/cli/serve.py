"""Serve the reader to a web browser, read-only, for colleagues without a terminal.

``reader serve [PATH ...] [--host HOST] [--port PORT]``.  Listens on
127.0.0.1 (this machine only) unless ``--host`` names another address, and
then warns that anyone who can reach it can read the library.  A port in
use or a host that cannot be bound is one line on stderr and exit status 2.
Needs the optional ``serve`` extra (aiohttp and textual-serve); without it,
says how to install it (exit 2).  See docs/serve.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import shlex
import sys
from pathlib import Path

from reader.cli._args import add_paths_argument
from reader.text import visible

HELP = "serve the reader to a web browser, read-only"

INSTALL_HINT = (
    "reader serve: error: the web server is an optional part of reader and is not installed;\n"
    "  install it with: pip install 'interview-reader[serve]'"
    "   (from a checkout: pip install '.[serve]')"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``reader serve``."""
    from reader.cli._bind import DEFAULT_HOST, DEFAULT_PORT

    add_paths_argument(parser)
    parser.add_argument(
        "--host",
        default=None,
        help=(
            f"address to listen on (default: {DEFAULT_HOST}, this machine only); "
            "any other address lets everyone who can reach it read the library"
        ),
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"port to listen on (default: {DEFAULT_PORT}; 0 picks a free port)",
    )


def _error(message: str) -> int:
    print(f"reader serve: error: {visible(message)}", file=sys.stderr)
    return 2


def child_command(paths: list[Path]) -> str:
    """The shell command that runs one browser tab's app over ``paths``.

    textual-serve starts it through the shell, so every word is quoted:
    a file name such as ``$(rm -rf ~).yaml`` is a file name, nothing more.
    """
    words = [sys.executable, "-m", "reader.ui.web.child", "--"]
    return shlex.join(words + [str(path.resolve()) for path in paths])


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted; the exit code."""
    if any(importlib.util.find_spec(name) is None for name in ("aiohttp", "textual_serve")):
        print(INSTALL_HINT, file=sys.stderr)
        return 2
    from reader.cli._bind import (
        DEFAULT_HOST,
        BindError,
        bind,
        is_loopback,
        other_urls,
        url_for,
    )
    from reader.paths import default_paths

    paths: list[Path] = list(args.paths) or default_paths()
    for path in paths:
        if not path.exists():
            return _error(f"{path}: no such file or folder")
    host: str = args.host if args.host is not None else DEFAULT_HOST
    loopback = is_loopback(host)
    try:
        sock = bind(host, args.port)
    except BindError as error:
        return _error(str(error))

    from reader.ui.web.server import ReaderServer
    from reader.ui.web.server import run as serve

    url = url_for(sock, host)
    if not loopback:
        print(
            f"reader serve: warning: listening on {visible(host)}, not only on this machine: "
            f"anyone who can reach {url} can read every interview served here, "
            "with no password, over unencrypted http",
            file=sys.stderr,
        )
    shown = ", ".join(visible(str(path)) for path in paths)
    print(f"reader serve: serving {shown} read-only", flush=True)
    others = "".join(f" or {other}" for other in other_urls(sock, host))
    print(f"reader serve: open {url}{others} in a web browser (ctrl+c stops)", flush=True)
    server = ReaderServer.for_host(child_command(paths), host, loopback=loopback)
    serve(server, sock)
    print("reader serve: stopped", flush=True)
    return 0
