"""Reading like a fact-checker and a translator, on the interview screen.

The view switches (as published / as corrected, originals shown or not),
what the header and the quote view's title say about them, and bringing a
search hit or a claim found by "Next unverified claim" into view.  The screen keeps the state (two
booleans) and calls these; the quote view is told what to draw (attributes
down).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from reader.claims import summary
from reader.corrections import section_has_replacements
from reader.model import Interview, Problem
from reader.text import shorten
from reader.ui.content import literal

if TYPE_CHECKING:
    from reader.search import Hit
    from reader.ui.screens.interview import InterviewScreen
    from reader.ui.widgets.quote_view import TextRef

__all__ = [
    "apply_view",
    "has_originals",
    "has_replacements",
    "header_content",
    "published_view",
    "quote_title",
    "show_hit",
    "toggle_corrected",
    "toggle_originals",
    "translation_credit",
]


def has_replacements(interview: Interview) -> bool:
    """True when some correction of the interview says what its passage should read."""
    return any(section_has_replacements(section) for section in interview.sections)


def has_originals(interview: Interview) -> bool:
    """True when some answer carries its original."""
    return any(a.original is not None for s in interview.sections for a in s.answers)


def translation_credit(interview: Interview) -> str | None:
    """The interview's translation annotation (its first), for the originals' pane title."""
    for annotation in interview.annotations:
        if annotation.kind == "translation":
            return annotation.note
    return None


def header_content(
    interview: Interview, stale: tuple[Problem, ...] = (), *, corrected: bool = False
) -> Content:
    """Title, the view and the claims, date and source, for the header line.

    A warning comes first when the file on disk has errors.  ``4 claims: 1
    false, 2 unverified`` when the interview has fact-checks; ``as
    published`` or ``as corrected`` when some correction has a replacement.
    """
    parts: list[Content | str | tuple[str, str]] = []
    if stale:
        first = stale[0]
        # The consequence comes first: a long error message is cut at the
        # right edge, and the reader must still learn that what they see is old.
        count = f"{len(stale)} error{'s' if len(stale) != 1 else ''}"
        parts += [
            (f" ⚠ showing the last good version; the file now has {count}: ", "bold reverse"),
            literal(f"{first.line}:{first.column}: {first.message} ", "reverse"),
            "  ",
        ]
    parts.append(literal(interview.title, "bold"))
    # The view and the claims come before the date and source: on a narrow
    # terminal the end of the line is cut, and these matter more.
    if has_replacements(interview):
        view = "as corrected" if corrected else "as published"
        parts += [("  ·  ", "dim"), (view, "bold reverse" if corrected else "")]
    claims = summary(interview)
    if claims:
        parts += [("  ·  ", "dim"), (claims, "bold")]
    if interview.date:
        parts += [("  ·  ", "dim"), literal(interview.date)]
    if interview.source is not None and interview.source.name:
        parts += [("  ·  ", "dim"), literal(interview.source.name, "italic")]
    return Content.assemble(*parts)


def quote_title(screen: InterviewScreen) -> Content:
    """``Q&A 3 of 6``; with originals shown, the translation credit after it.

    The header already says which view of the text is on.
    """
    section = screen.section
    count = len(screen.interview.sections)
    title = f"Q&A {screen.section_index} of {count}" if section else "About"
    parts: list[Content | str | tuple[str, str]] = [title]
    if screen.originals:
        credit = translation_credit(screen.interview)
        parts.append(" · originals")
        if credit:
            parts += [" · ", literal(shorten(" ".join(credit.split()), 80))]
    return Content.assemble(*parts)


def apply_view(screen: InterviewScreen) -> None:
    """Tell the quote view what to show; say it in the header and the title."""
    from textual.widgets import Static

    from reader.ui.widgets.quote_view import QuoteView

    # A view the interview no longer offers (after a reload) is switched off.
    screen.corrected = screen.corrected and has_replacements(screen.interview)
    screen.originals = screen.originals and has_originals(screen.interview)
    quote = screen.query_one(QuoteView)
    quote.set_view(
        corrected=screen.corrected,
        originals=screen.originals,
        beside=not screen.has_class("-narrow"),
    )
    screen.query_one("#header", Static).update(
        header_content(screen.interview, screen.stale_errors, corrected=screen.corrected)
    )
    quote.border_title = quote_title(screen)


def toggle_corrected(screen: InterviewScreen) -> None:
    """``f``: as corrected, or as published again; refused when nothing would change."""
    if not has_replacements(screen.interview):
        screen.notify(
            "No correction here says what its passage should read ('replacement').", timeout=3
        )
        return
    screen.corrected = not screen.corrected
    apply_view(screen)
    view = "corrected" if screen.corrected else "published"
    screen.notify(f"Showing the text as {view}.", timeout=2)


def toggle_originals(screen: InterviewScreen) -> None:
    """``O``: show or hide the originals; refused when no answer has one."""
    if not has_originals(screen.interview):
        screen.notify("No answer here has its original text ('original').", timeout=3)
        return
    screen.originals = not screen.originals
    apply_view(screen)


def published_view(screen: InterviewScreen) -> bool:
    """True when passages can be selected to annotate; else say why not.

    Annotations are pinned to the file's words: selecting in the text as
    corrected, or beside an original, would pin them to characters that are
    not where they seem.
    """
    if screen.corrected or screen.originals:
        keys = " and ".join(
            key
            for key, on in (
                ("f (as published)", screen.corrected),
                ("O (originals)", screen.originals),
            )
            if on
        )
        screen.notify(
            f"Annotations are made on the text as published, without originals: press {keys} "
            "first.",
            timeout=4,
        )
        return False
    return True


def show_hit(screen: InterviewScreen, hit: Hit) -> None:
    """Bring a search hit into view: its match, or its annotation in the sidebar."""
    from reader.ui.widgets.lists import AnnotationList
    from reader.ui.widgets.quote_view import QuoteView

    quote = screen.query_one(QuoteView)
    if hit.field == "annotation" and hit.annotation is not None:
        # The match is in the note: show the sidebar if it is folded away.
        screen.sidebar_shown = True
        sidebar = screen.query_one(AnnotationList)
        if hit.annotation in sidebar.order:
            sidebar.highlighted = sidebar.order.index(hit.annotation)
        return
    if screen.sidebar_shown and screen.has_class("-narrow"):
        # Floating over the text, the sidebar would hide the match.
        screen.sidebar_shown = False
    if hit.field == "original":
        # A hit in an original opens with the originals shown, at its answer.
        if not screen.originals:
            screen.originals = True
            screen.apply_view()
        quote.scroll_to_text(("answer", hit.answer), 0)
        quote.focus()
        return
    ref: TextRef = ("question", None) if hit.field == "question" else ("answer", hit.answer)
    start = hit.matches[0][0] if hit.matches else 0
    quote.scroll_to_text(ref, start)
    quote.focus()
