"""Exports as browser downloads, for the app in its read-only browser mode.

``reader serve`` cannot write files for the person reading (the files it
could write are on the serving machine), so there the command palette offers
*Download as Markdown / HTML / W3C annotations / JSON*: the same bytes as
``reader export --to FORMAT``, handed to the browser through
:meth:`textual.app.App.deliver_text`, which textual-serve streams to a
one-time download address.  In a terminal these commands are not offered:
``reader export`` does that job there.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from textual.app import App

from reader.export import FORMATS, SUFFIXES, export
from reader.model import Interview
from reader.text import visible

__all__ = ["LABELS", "MIME_TYPES", "deliver_export", "download_commands", "download_name"]

LABELS: dict[str, str] = {
    "markdown": "Markdown",
    "html": "HTML",
    "w3c": "W3C annotations",
    "json": "JSON",
}
"""How each export format is named in the palette."""

MIME_TYPES: dict[str, str] = {
    "markdown": "text/markdown",
    "html": "text/html",
    "w3c": "application/ld+json",
    "json": "application/json",
}


def download_name(interview: Interview, to: str) -> str:
    """The file name offered to the browser: the interview's id (else its file's stem)."""
    stem = interview.id or interview.path.stem or "interview"
    return f"{stem}{SUFFIXES[to]}"


def deliver_export(app: App[Any], interview: Interview, to: str) -> str | None:
    """Send ``interview`` exported as ``to`` to the browser as a download.

    Returns the delivery key (None when the app has no driver).  The server
    reduces the name to safe characters and serves it as an attachment.
    """
    name = download_name(interview, to)
    key = app.deliver_text(
        io.StringIO(export(interview, to)),
        save_filename=name,
        mime_type=MIME_TYPES[to],
        encoding="utf-8",
        open_method="download",
        name=name,
    )
    app.notify(visible(f"Downloading {name} ({LABELS[to]})"), markup=False)
    return key


def download_commands(
    app: App[Any], interview: Interview
) -> Iterator[tuple[str, Callable[[], object], str]]:
    """Palette entries ``(text, command, help)``: one download per export format."""
    for to in FORMATS:
        yield (
            f"Download as {LABELS[to]}",
            partial(deliver_export, app, interview, to),
            f"This interview as {download_name(interview, to)}, the same as reader export",
        )
