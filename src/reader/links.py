"""Which links ``reader`` agrees to open in a web browser, and opening them.

Links come from interview files, which are untrusted.  The ``o`` key opens
only a plain web address:

* the scheme is ``http`` or ``https`` (so no ``javascript:``, ``file:``,
  ``data:``, ``ssh:``, ``vscode:``, ``mailto:``, ... which would run code,
  read local files or start other programs);
* there is a host (``http:///x`` and ``http:x`` are refused);
* no user name or password before the host: ``https://www.bank.example@evil.example/``
  goes to ``evil.example`` while it reads like the bank, so any ``user@``
  part is refused rather than shown or dropped;
* no white space, control, bidi or zero-width characters anywhere, no
  backslash (browsers read ``\\`` as ``/``, which moves the host), and none
  of ``"`` ``<`` ``>`` `````` (RFC 3986 excludes them; they would end the
  link in the HTML, Markdown and terminal output that exports make of it);
* a port, if any, is a number from 1 to 65535;
* at most :data:`MAX_URL_LENGTH` characters.

Internationalised host names are allowed (the browser shows them as it
chooses).

This is the one rule: ``reader check`` (the loader), ``o``, every export and
``reader import`` all decide with :func:`check_url`.

This module imports neither textual nor rich.
"""

from __future__ import annotations

import webbrowser
from collections.abc import Callable
from urllib.parse import urlsplit

from reader.text import has_special

__all__ = [
    "ALLOWED_SCHEMES",
    "MAX_URL_LENGTH",
    "browser_needs_terminal",
    "check_url",
    "is_openable",
    "open_url",
]

ALLOWED_SCHEMES = frozenset({"http", "https"})
"""The only URL schemes that are ever opened."""

_MARKUP_CHARACTERS = frozenset('"<>`')

MAX_URL_LENGTH = 4096
"""Longer links are refused: no real reference needs more."""


def check_url(url: str) -> str | None:
    """Why ``url`` must not be opened, or None when it may be.

    The reason is a short English phrase for a message such as
    ``Not opening this link: <reason>``.
    """
    if not url:
        return "the link is empty"
    if len(url) > MAX_URL_LENGTH:
        return f"the link is longer than {MAX_URL_LENGTH} characters"
    if has_special(url):
        return "the link contains control or invisible characters"
    if any(ch.isspace() for ch in url):
        return "the link contains white space"
    if "\\" in url:
        return "the link contains a backslash"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        return f"the link is malformed ({error})"
    scheme = parts.scheme.lower()
    if not scheme:
        return "the link has no scheme (only http and https links are opened)"
    if scheme not in ALLOWED_SCHEMES:
        return f"only http and https links are opened, not {scheme}:"
    quoted = next((ch for ch in url if ch in _MARKUP_CHARACTERS), None)
    if quoted is not None:
        return f"the link contains {quoted!r}, which must be written %{ord(quoted):02X}"
    if "@" in parts.netloc:
        return "the link has a user name before its host (user@host), which can disguise the host"
    if not parts.hostname:
        return "the link has no host"
    if port == 0:
        return "the link's port is 0"
    return None


def is_openable(url: str) -> bool:
    """True when :func:`check_url` accepts ``url``."""
    return check_url(url) is None


def open_url(url: str, opener: Callable[[str], bool] | None = None) -> str | None:
    """Open ``url`` in the web browser; None on success, else why not.

    ``opener`` defaults to :func:`webbrowser.open`.  When the only browser
    available is a text one (lynx, w3m, ``www-browser``), it runs in this
    terminal: the UI should call this while suspended (see
    :func:`browser_needs_terminal`).
    """
    reason = check_url(url)
    if reason is not None:
        return reason
    try:
        opened = (opener or webbrowser.open)(url)
    except webbrowser.Error as error:
        return f"no web browser could be started ({error})"
    except OSError as error:
        return f"the web browser could not be started ({error.strerror or error})"
    return None if opened else "no web browser could be started"


def browser_needs_terminal() -> bool:
    """True when :mod:`webbrowser` would run a text browser in this terminal.

    Graphical browsers are started in the background; text browsers
    (``webbrowser.GenericBrowser``, as opposed to ``BackgroundBrowser``) take
    over the terminal until they exit.
    """
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    return isinstance(browser, webbrowser.GenericBrowser) and not isinstance(
        browser, webbrowser.BackgroundBrowser
    )
