"""Export a loaded interview: Markdown, HTML, W3C Web Annotation JSON-LD, JSON or ClaimReview.

:func:`export` picks the format by name; each format's module documents its
layout and how it keeps untrusted file text inert:

* :mod:`reader.export.markdown`: text made visible and Markdown-escaped;
* :mod:`reader.export.html`: text made visible and HTML-escaped, no scripts;
* :mod:`reader.export.w3c`, :mod:`reader.export.json` and
  :mod:`reader.export.claimreview` (schema.org ClaimReview of the fact-checks
  with a verdict): exact text, with control, bidi and invisible characters as
  ``\\uXXXX`` escapes.

All five are deterministic: the same interview gives the same bytes.  The
annotation numbers (footnote ``[^3]``, HTML ``note_3``, W3C ``annotation-3``)
agree across formats.

This package imports neither textual nor rich.
"""

from __future__ import annotations

from reader.corrections import View
from reader.export.claimreview import to_claimreview
from reader.export.html import to_html
from reader.export.json import to_json
from reader.export.markdown import to_markdown
from reader.export.w3c import to_w3c
from reader.model import Interview

__all__ = ["FORMATS", "SUFFIXES", "VIEW_FORMATS", "export"]

FORMATS: tuple[str, ...] = ("markdown", "html", "w3c", "json", "claimreview")
"""The export formats, by the name ``reader export --to`` takes."""

SUFFIXES: dict[str, str] = {
    "markdown": ".md",
    "html": ".html",
    "w3c": ".jsonld",
    "json": ".json",
    "claimreview": ".claimreview.jsonld",
}
"""The usual file suffix of each format."""


VIEW_FORMATS: tuple[str, ...] = ("markdown", "html")
"""The formats that show the text and so can show it as corrected."""


def export(
    interview: Interview, to: str, *, base: str | None = None, view: View = "published"
) -> str:
    """``interview`` in format ``to`` (one of :data:`FORMATS`).

    ``base`` applies to ``w3c`` only: the http(s) URL where the HTML export is
    published, to target that page instead of ``urn:reader:`` URNs.  ``view``
    applies to :data:`VIEW_FORMATS`: the text as published or as corrected
    (the others carry the published text, and ``json`` every replacement).
    """
    if to == "markdown":
        return to_markdown(interview, view)
    if to == "html":
        return to_html(interview, view)
    if to == "w3c":
        return to_w3c(interview, base)
    if to == "json":
        return to_json(interview)
    if to == "claimreview":
        return to_claimreview(interview)
    raise ValueError(f"unknown export format {to!r}; choose one of {', '.join(FORMATS)}")
