"""Export an interview as one self-contained HTML file.

The page has inline CSS only: no scripts, no external assets, and a
Content-Security-Policy that forbids both, so nothing in it can run or call
out even if opened from a hostile place.  It reads well on screens (a
contents list, Q&As with the speakers' answers as block quotes, notes in a
column beside the text on wide screens), works in dark mode, and prints well
(notes below each Q&A, link targets spelled out, popovers hidden).

Annotated passages are ``<mark class="kind-KIND">`` (colour by kind, plus a
``title`` tooltip on hover).  After each passage comes its note number, a
link to the note that is reachable with the keyboard; hovering or focusing it
opens the note in a popover, and the note list links back to the passage.

An answer's ``original`` follows it in a block labelled with its language
(and ``lang``).  A correction's note says what the passage should read, and a
fact-check's its verdict, checker and date.  ``view="corrected"`` gives the
text as corrected, each corrected passage followed by ``[corrected from:
...]`` (see :mod:`reader.corrections`); the default is the text as published.

Every piece of file text is made visible with :func:`reader.text.visible`
and escaped with ``html.escape(..., quote=True)``; only http(s) URLs become
links, with ``rel="noopener noreferrer"``.

This module imports neither textual nor rich.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence

from reader import __version__
from reader.corrections import View, marked_with_offsets, replacements_of
from reader.export._common import (
    KIND_LABELS,
    UNPLACED_HEADING,
    Numbered,
    by_section,
    kind_of,
    numbered_annotations,
    paragraph_spans,
    unplaced_annotations,
)
from reader.links import is_openable
from reader.media import time_link
from reader.model import Answer, Interview, Section, TextField
from reader.text import shorten, visible

__all__ = ["CSS", "to_html"]

_LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")

CSS = """
:root { color-scheme: light dark; --fg: #1d1d1f; --bg: #fdfcf9; --muted: #5c5c66;
  --rule: #d9d6cf; --panel: #f3f1ea; --link: #1f5fa8;
  --note: #fff1a8; --context: #cfe3ff; --correction: #ffd0cc; --translation: #e6d5ff;
  --source: #cdeccf; --fact-check: #ffdcb0; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e8e6e1; --bg: #17171a; --muted: #a3a3ad; --rule: #3a3a40; --panel: #222227;
    --link: #8fbfff; --note: #5c5200; --context: #1e3d66; --correction: #6b2420;
    --translation: #45306b; --source: #1f4d25; --fact-check: #6b4310; }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem 1.25rem 4rem;
  font: 1.0625rem/1.6 Georgia, "Iowan Old Style", "Times New Roman", serif; }
h1, h2, h3, .who, nav, .meta, .notes, .people, footer, .skip {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 1.9rem; line-height: 1.25; margin: 0 0 .75rem; }
h2 { font-size: 1.3rem; line-height: 1.3; margin: 0 0 .75rem; }
a { color: var(--link); }
a:focus-visible, mark:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; }
.skip { position: absolute; left: -999rem; }
.skip:focus { left: 1rem; top: 1rem; background: var(--panel); padding: .5rem 1rem; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0 0 1rem;
  color: var(--muted); font-size: .95rem; }
.meta dt { font-weight: 600; } .meta dd { margin: 0; }
.summary { font-size: 1.1rem; }
.people dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
.people dt { font-weight: 600; } .people dd { margin: 0; color: var(--muted); }
nav.toc ol { padding-left: 1.5rem; columns: 2 20rem; }
nav.toc li { break-inside: avoid; margin-bottom: .2rem; }
section, nav.toc { border-top: 1px solid var(--rule); padding-top: 1.25rem; margin-top: 1.5rem; }
.qa { border-top: 1px solid var(--rule); padding-top: 1.5rem; margin-top: 2rem; }
.num { color: var(--muted); }
.who { font-weight: 600; margin: 1.1rem 0 .3rem; }
.who .aside { font-weight: normal; color: var(--muted); font-style: italic; }
.question p:not(.who) { font-weight: 600; }
blockquote { margin: 0 0 0 .25rem; padding: 0 0 0 1rem; border-left: 3px solid var(--rule); }
.reported p:not(.who) { font-style: italic; }
mark { color: inherit; background: var(--note); border-radius: .15em; padding: 0 .05em; }
mark.kind-context { background: var(--context); }
mark.kind-correction { background: var(--correction); }
mark.kind-translation { background: var(--translation); }
mark.kind-source { background: var(--source); }
mark.kind-fact-check { background: var(--fact-check); }
mark mark { box-shadow: inset 0 -.2em 0 rgba(0, 0, 0, .25); }
.ref { position: relative; font: .7rem/0 system-ui, sans-serif; vertical-align: super; }
.ref a { text-decoration: none; padding: 0 .15em; font-weight: 700; }
.pop { display: none; position: absolute; left: -1rem; top: 1.1rem; z-index: 10;
  width: min(24rem, 80vw); padding: .6rem .8rem; border: 1px solid var(--rule);
  border-radius: .4rem; background: var(--panel); color: var(--fg);
  box-shadow: 0 .3rem 1rem rgba(0, 0, 0, .2); font: .9rem/1.45 system-ui, sans-serif;
  font-weight: normal; font-style: normal; text-align: left; white-space: normal; }
.ref:hover .pop, .ref:focus-within .pop { display: block; }
.notes { font-size: .9rem; color: var(--fg); }
.notes ol { margin: 0; padding-left: 1.6rem; }
.notes li { margin: 0 0 .7rem; padding-left: .2rem; }
.notes li:target { outline: 2px solid var(--link); outline-offset: .2rem; }
.kind { font-weight: 700; padding: 0 .3em; border-radius: .2em; background: var(--note); }
.kind-context .kind { background: var(--context); }
.kind-correction .kind { background: var(--correction); }
.kind-translation .kind { background: var(--translation); }
.kind-source .kind { background: var(--source); }
.kind-fact-check .kind { background: var(--fact-check); }
.by, .links { color: var(--muted); }
.back { text-decoration: none; }
footer { margin-top: 3rem; color: var(--muted); font-size: .85rem; }
@media (min-width: 62rem) {
  .qa { display: grid; grid-template-columns: minmax(0, 1fr) 19rem; column-gap: 2.5rem; }
  .qa > h2 { grid-column: 1 / -1; }
  .qa > .body { grid-column: 1; }
  .qa > .notes { grid-column: 2; grid-row: 2; border-left: 1px solid var(--rule);
    padding-left: 1rem; }
}
@media print {
  :root { --fg: #000; --bg: #fff; --muted: #333; --rule: #999; }
  body { max-width: none; padding: 0; font-size: 11pt; }
  .skip, nav.toc, .pop, .back { display: none !important; }
  .qa { display: block; break-inside: auto; }
  h1, h2, .who { break-after: avoid; }
  blockquote, .notes li { break-inside: avoid; }
  mark { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  .notes { border-top: 1px solid var(--rule); margin-top: .75rem; padding-top: .5rem; }
  a[href^="http"]::after { content: " <" attr(href) ">"; font-size: 85%; word-break: break-all; }
}
""".strip()

_REPORTED = '<span class="aside">(reported, not verbatim)</span>'
_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def _e(text: str) -> str:
    """File text made visible and escaped for HTML text or attribute values."""
    return html.escape(visible(text), quote=True)


def _name(interview: Interview, key: str) -> str:
    """A speaker's name (roles are listed once, under People)."""
    person = interview.person(key)
    return person.name if person is not None else key


def _line(text: str) -> str:
    """Escaped text for a one-line place (title, heading, name)."""
    return _e(re.sub(r"[ \t]*\n\s*", " ", text).strip())


def _multiline(text: str) -> str:
    """Escaped text keeping its paragraph and line breaks, for inline places."""
    spans = paragraph_spans(text)
    return "<br><br>".join(_e(text[s:e]).replace("\n", "<br>") for s, e in spans)


def _link(url: str, label: str | None = None) -> str:
    if not is_openable(url):
        return _line(f"{label} ({url})" if label else url)
    href = html.escape(url, quote=True)
    return f'<a href="{href}" rel="noopener noreferrer">{_line(label or url)}</a>'


def _kind_label(note: Numbered) -> str:
    return KIND_LABELS[kind_of(note.annotation)]


def _ref(note: Numbered) -> str:
    """The keyboard-reachable note number with its hover/focus popover."""
    n = note.number
    return (
        f'<span class="ref"><a href="#note_{n}" id="ref_{n}" aria-describedby="pop_{n}">{n}</a>'
        f'<span class="pop" role="tooltip" id="pop_{n}"><b>{_kind_label(note)}.</b> '
        f"{_multiline(note.annotation.note)}</span></span>"
    )


def _mark_open(note: Numbered) -> str:
    kind = kind_of(note.annotation)
    title = f"{_kind_label(note)}: {note.annotation.note}"
    return f'<mark class="kind-{kind}" data-note="{note.number}" title="{_e(title)}">'


def _view_text(
    section: Section, field: TextField, answer: int | None, notes: Sequence[Numbered], view: View
) -> list[str]:
    """The question or an answer as ``<p>`` elements, in ``view``."""
    text = section.text_of(field, answer)
    replacements = replacements_of(section, field, answer) if view == "corrected" else []
    if not replacements:
        return _rich_text(text, notes)
    shown, remap = marked_with_offsets(text, replacements)
    return _rich_text(shown, notes, remap)


def _rich_text(
    text: str, notes: Sequence[Numbered], remap: Callable[[int], int] | None = None
) -> list[str]:
    """``text`` as ``<p>`` elements with its anchored notes marked and numbered.

    A passage that runs over a paragraph break is marked in each paragraph;
    its number follows its last character, once.  ``remap`` moves the
    anchors' offsets into ``text`` (for the text as corrected).
    """
    spans = paragraph_spans(text)
    ranges = []
    for note in notes:
        assert note.anchor is not None
        start, end = note.anchor.start, note.anchor.end
        if remap is not None:
            start, end = remap(start), remap(end)
        # The number goes after the passage's last visible character (as in
        # the Markdown export), in the paragraph that holds it.
        visible_end = end
        while visible_end > start and text[visible_end - 1].isspace():
            visible_end -= 1
        last = 0
        for index, (ps, pe) in enumerate(spans):
            if (start < pe and visible_end > ps) or (start == visible_end and ps <= start <= pe):
                last = index
        ref_at = min(max(visible_end, spans[last][0]), spans[last][1])
        ranges.append((note, start, end, last, ref_at))
    paragraphs = []
    for index, (ps, pe) in enumerate(spans):
        points = {ps, pe}
        for _, start, end, last, ref_at in ranges:
            if start < pe and end > ps:
                points.update((max(start, ps), min(end, pe)))
            if last == index:
                points.add(ref_at)
        ordered = sorted(points)
        out = []
        for a, b in zip(ordered, [*ordered[1:], None], strict=True):
            for note, _, _, last, ref_at in ranges:
                if last == index and ref_at == a:
                    out.append(_ref(note))
            if b is None:
                break
            active = [note for note, start, end, _, _ in ranges if start <= a and b <= end]
            segment = _e(text[a:b]).replace("\n", "<br>\n")
            out.append(
                "".join(_mark_open(note) for note in active) + segment + "</mark>" * len(active)
            )
        paragraphs.append("<p>" + "".join(out) + "</p>")
    return paragraphs


def _notes_list(
    notes: Sequence[Numbered], label: str, interview: Interview | None = None
) -> list[str]:
    if not notes:
        return []
    out = [f'<aside class="notes" aria-label="{label}">', "<ol>"]
    for note in notes:
        annotation = note.annotation
        kind = kind_of(annotation)
        parts = [f'<span class="kind">{_kind_label(note)}</span>']
        passage = note.passage()
        if passage is not None:
            parts.append(f" on <q>{_line(shorten(passage, 80))}</q>")
        elif annotation.about is not None and interview is not None:
            parts.append(f" on {_line(_name(interview, annotation.about))}’s words")
        if annotation.replacement is not None:
            parts.append(f", should read <q>{_line(annotation.replacement)}</q>")
        if annotation.kind == "fact-check":
            verdict = f"verdict: {_line(annotation.verdict or 'unverified')}"
            if annotation.checked_by:
                verdict += f", checked by {_line(annotation.checked_by)}"
            if annotation.checked_on:
                verdict += f" on {_line(annotation.checked_on)}"
            parts.append(f' <span class="verdict">({verdict})</span>')
        parts.append(f": {_multiline(annotation.note)}")
        if annotation.by:
            parts.append(f' <span class="by">— {_line(annotation.by)}</span>')
        if annotation.links:
            links = ", ".join(_link(url) for url in annotation.links)
            parts.append(f' <span class="links">Links: {links}</span>')
        back = "Back to the text" if passage is not None else "Back to the heading"
        parts.append(f' <a class="back" href="#ref_{note.number}" aria-label="{back}">↩</a>')
        out.append(
            f'<li id="note_{note.number}" class="note kind-{kind}" value="{note.number}">'
            + "".join(parts)
            + "</li>"
        )
    out += ["</ol>", "</aside>"]
    return out


def _time(interview: Interview, time: str) -> str:
    """``12:04``, linked to that moment of the recording when ``media`` is a URL."""
    link = time_link(interview.media, time)
    if link is None:
        return _line(time)
    return f'<a href="{_e(link)}" rel="noopener noreferrer">{_line(time)}</a>'


def _original(interview: Interview, answer: Answer) -> list[str]:
    """An answer's original text, labelled with its language, or nothing."""
    if answer.original is None:
        return []
    language = interview.original_language_of(answer)
    lang = f' lang="{_e(language)}"' if language and _LANGUAGE_RE.match(language) else ""
    label = f"Original ({_line(language)})" if language else "Original"
    spans = paragraph_spans(answer.original)
    body = [
        f"<p>{_e(answer.original[a:b]).replace(chr(10), '<br>' + chr(10))}</p>" for a, b in spans
    ]
    return [
        '<div class="original">',
        f'<p class="who">{label}</p>',
        f"<blockquote{lang}>",
        *body,
        "</blockquote>",
        "</div>",
    ]


def _section(
    interview: Interview, section: Section, notes: Sequence[Numbered], view: View = "published"
) -> list[str]:
    whole = [n for n in notes if n.anchor is None]
    anchored = [n for n in notes if n.anchor is not None]
    sid = _e(section.id)
    out = [
        f'<article class="qa" id="{sid}" aria-labelledby="h_{sid}">',
        f'<h2 id="h_{sid}"><span class="num">{section.number}.</span> '
        f"{_line(section.title)}{''.join(_ref(n) for n in whole)}</h2>",
        '<div class="body">',
    ]
    asker = _line(_name(interview, section.asked_by)) if section.asked_by else "Question"
    reported = (
        ' <span class="aside">(reported in the writer’s words)</span>' if section.reported else ""
    )
    css = "question reported" if section.reported else "question"
    on_question = [n for n in anchored if n.anchor and n.anchor.field == "question"]
    if section.time:
        out.append(f'<p class="aside">at {_time(interview, section.time)}</p>')
    if section.has_question:
        out += [
            f'<div class="{css}" data-text="question">',
            f'<p class="who">{asker} asks{reported}</p>'
            if section.asked_by
            else f'<p class="who">Question{reported}</p>',
            *_view_text(section, "question", None, on_question, view),
            "</div>",
        ]
    for index, answer in enumerate(section.answers):
        mine = [
            n
            for n in anchored
            if n.anchor and n.anchor.field == "answer" and n.anchor.answer == index
        ]
        who = _line(_name(interview, answer.by))
        when = (
            f' <span class="aside">at {_time(interview, answer.time)}</span>' if answer.time else ""
        )
        body = _view_text(section, "answer", index, mine, view)
        if answer.reported:
            out += [
                f'<div class="answer reported" data-text="answer-{index + 1}">',
                f'<p class="who">{who}{when} {_REPORTED}</p>',
                *body,
                "</div>",
            ]
        else:
            out += [
                f'<div class="answer" data-text="answer-{index + 1}">',
                f'<p class="who">{who}{when}</p>',
                "<blockquote>",
                *body,
                "</blockquote>",
                "</div>",
            ]
        out += _original(interview, answer)
    out.append("</div>")
    out += _notes_list(notes, "Notes on this Q&amp;A")
    out.append("</article>")
    return out


def _unplaced_list(interview: Interview) -> list[str]:
    """The annotations whose passage was not found: listed apart, never marked in the text."""
    unplaced = unplaced_annotations(interview)
    if not unplaced:
        return []
    out = [
        '<section class="unplaced" aria-labelledby="unplaced_h">',
        f'<h2 id="unplaced_h">{UNPLACED_HEADING}</h2>',
        "<ul>",
    ]
    for section, annotation in unplaced:
        out.append(
            f'<li><a href="#{_e(section.id)}">Q&amp;A {section.number}</a>, on '
            f"<q>{_line(shorten(annotation.on or '', 80))}</q>: {_multiline(annotation.note)} "
            f'<span class="problem">(not placed: {_line(annotation.problem or "")})</span></li>'
        )
    out += ["</ul>", "</section>"]
    return out


def to_html(interview: Interview, view: View = "published") -> str:
    """The HTML export of ``interview`` in ``view``: a complete, self-contained page."""
    numbered = numbered_annotations(interview)
    top = [n for n in numbered if n.section is None]
    lang = (
        f' lang="{_e(interview.language)}"'
        if interview.language and _LANGUAGE_RE.match(interview.language)
        else ""
    )
    out = [
        "<!DOCTYPE html>",
        f"<html{lang}>",
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="referrer" content="no-referrer">',
        f'<meta name="generator" content="reader {html.escape(__version__)}">',
        f"<title>{_line(interview.title)}</title>",
        f"<style>\n{CSS}\n</style>",
        "</head>",
        "<body>",
        '<a class="skip" href="#main">Skip to the interview</a>',
        "<header>",
        f"<h1>{_line(interview.title)}{''.join(_ref(n) for n in top)}</h1>",
    ]
    facts = []
    if interview.date:
        facts.append(("Date", _line(interview.date)))
    source = interview.source
    if source is not None:
        parts = []
        if source.url:
            parts.append(_link(source.url, source.name))
        elif source.name:
            parts.append(_line(source.name))
        if source.published:
            parts.append(f"published {_line(source.published)}")
        if parts:
            facts.append(("Source", ", ".join(parts)))
        if source.note:
            facts.append(("About the source", _multiline(source.note)))
    if interview.language:
        facts.append(("Language", _line(interview.language)))
    if interview.media:
        # A web address becomes a link (http(s) only); a local path stays text.
        facts.append(("Recording", _link(interview.media)))
    if interview.original_language:
        facts.append(("Original language", _line(interview.original_language)))
    if view == "corrected":
        facts.append(("View", "as corrected: each correction is marked [corrected from: ...]"))
    if interview.tags:
        facts.append(("Tags", ", ".join(_line(tag) for tag in interview.tags)))
    if facts:
        out.append('<dl class="meta">')
        out += [f"<dt>{term}</dt><dd>{value}</dd>" for term, value in facts]
        out.append("</dl>")
    if interview.summary:
        out.append(f'<p class="summary">{_multiline(interview.summary)}</p>')
    out += _notes_list(top, "Notes on the whole interview", interview)
    out.append("</header>")
    out += [
        '<section class="people" aria-labelledby="people_h">',
        '<h2 id="people_h">People</h2>',
        "<dl>",
    ]
    for person in interview.people.values():
        details = []
        if person.role:
            details.append(_line(person.role))
        if person.aka:
            details.append("also " + ", ".join(_line(name) for name in person.aka))
        out.append(f"<dt>{_line(person.name)}</dt><dd>{'; '.join(details) or '&nbsp;'}</dd>")
    out += ["</dl>", "</section>"]
    out += ['<nav class="toc" aria-labelledby="toc_h">', '<h2 id="toc_h">Questions</h2>', "<ol>"]
    for section in interview.sections:
        out.append(f'<li><a href="#{_e(section.id)}">{_line(section.title)}</a></li>')
    out += ["</ol>", "</nav>", '<main id="main">']
    for section, mine in zip(interview.sections, by_section(numbered, interview), strict=True):
        out += _section(interview, section, mine, view)
    out += _unplaced_list(interview)
    out += [
        "</main>",
        f"<footer>Exported from {_line(interview.path.name)} by reader {__version__}.</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"
