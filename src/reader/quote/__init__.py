"""Quotes with their citation, ready to paste: Markdown, plain text or JSON.

Used by the ``y``/``Y`` keys (copy to the clipboard) and by ``reader quote``.

Markdown, verbatim answer — the quote as a blockquote, then the attribution::

    > Each line of the quote,
    > paragraphs kept.
    >
    > Second paragraph.[^1]

    — Lee Sung-jin (director), "Interview title", Source name, 2024-05-10, Q&A 3

    [^1]: Translation: Translated from Korean by @KNJsSource.

Markdown, reported answer (the writer's paraphrase): never a blockquote, never
in quotation marks, and the speaker leads so the reader sees whose view it is::

    Lee Sung-jin (director), paraphrased: He wanted the door to glow.

    — "Interview title", Source name, 2024-05-10, Q&A 3

A whole Q&A gives the question (``X asked:`` then a blockquote, or ``X
asked, paraphrased: ...`` for a reported question; ``Question:`` when no asker
is known), then each answer as ``Speaker:`` and a blockquote (or the
paraphrase form), then ``— "Interview title", source, date, Q&A N``.

A section of remarks (no question) gives its answers only.  An answer with a
``time`` adds it to the attribution (``at 12:04``), with a ``#t=`` link to the
moment when the interview's ``media`` is a URL.

Missing parts of the attribution (source, date) are left out with their
comma.  The date is the interview's ``date``, else the source's
``published``.  Footnotes: every ``translation`` or ``correction`` annotation
that applies to the copied text is added as a numbered footnote — those
anchored on the passage (the reference follows the passage; a note on only
part of it names that part), and those on the whole Q&A or the whole
interview (after the passage for one answer, after the attribution for a
whole Q&A).  An interview annotation ``about`` one speaker travels only with
that speaker's words.

Views: the text as published (the default), as corrected (``view=
"corrected"``: each passage with a ``replacement`` is replaced and marked
``Lee Sung-jin [corrected from: Lee Sung-gin]``, see
:mod:`reader.corrections`) or in the original (``view="original"``: an
answer's ``original`` instead of its translation, labelled with its language,
``Lee Sung-jin (director), original in ko:``; notes on the translation's
passages and translation credits do not travel with an original).

Plain text has the same shape: verbatim text in straight double quotes,
footnotes as ``[1]``.  JSON is one object with the raw fields (see
:func:`answer_record` and :func:`section_record`) and the citation line.

Terminal safety: Markdown and text go to the clipboard through the terminal
(OSC 52) and are pasted into other programs, so they are made
:func:`reader.text.visible`-safe here, once, for both the clipboard and
``reader quote``.  JSON keeps every character exactly, but writes the ones
``visible()`` would replace as ``\\uXXXX`` escapes, so the output is both
lossless and safe to print.

This module imports neither textual nor rich.
"""

from reader.quote._common import (
    FOOTNOTE_KINDS,
    FORMATS,
    QUOTE_VIEWS,
    Format,
    QuoteView,
    citation,
    copy_summary,
)
from reader.quote._records import answer_record, section_record
from reader.quote._text import format_answer, format_section

__all__ = [
    "FOOTNOTE_KINDS",
    "FORMATS",
    "QUOTE_VIEWS",
    "Format",
    "QuoteView",
    "answer_record",
    "citation",
    "copy_summary",
    "format_answer",
    "format_section",
    "section_record",
]
