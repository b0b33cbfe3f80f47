"""The interview screen's marks on what is read: copying quotes, bookmarks.

``y`` and ``Y`` copy the current answer or the whole Q&A with its citation, in
the view shown (as published or as corrected)
(:mod:`reader.quote` makes the text); ``m`` and ``M`` bookmark the Q&A, or
the current answer when the quote view has focus, in the state store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.text import visible
from reader.ui.widgets.quote_view import QuoteView

if TYPE_CHECKING:
    from reader.model import Section
    from reader.ui.screens.interview import InterviewScreen

__all__ = ["bookmark_with_note", "copy_answer", "copy_section", "toggle_bookmark"]


def copy_answer(screen: InterviewScreen) -> None:
    """Copy the current answer as Markdown with its citation."""
    from reader.quote import copy_summary, format_answer

    section = screen.section
    index = screen.answer_index()
    if section is None or index is None:
        screen.notify("Go to a Q&A to copy a quote (] for the first).", timeout=3)
        return
    _copy(screen, format_answer(screen.interview, section, index, view=screen.text_view))
    _copied(screen, copy_summary(screen.interview, section, index))


def copy_section(screen: InterviewScreen) -> None:
    """Copy the whole Q&A (question and all answers) with its citation."""
    from reader.quote import copy_summary, format_section

    section = screen.section
    if section is None:
        screen.notify("Go to a Q&A to copy it (] for the first).", timeout=3)
        return
    _copy(screen, format_section(screen.interview, section, view=screen.text_view))
    _copied(screen, copy_summary(screen.interview, section, None))


def _copy(screen: InterviewScreen, text: str) -> None:
    screen.app.copy_to_clipboard(text)


def _copied(screen: InterviewScreen, summary: str) -> None:
    """Say what was copied, and when the copy may not arrive, why and what to do."""
    warning = screen.services.copy_warning
    if warning is None:
        screen.notify(visible(f"Copied {summary}"), markup=False, timeout=3)
    else:
        screen.notify(
            visible(f"Copied {summary}; {warning}"), markup=False, severity="warning", timeout=10
        )


def _bookmark_target(screen: InterviewScreen) -> tuple[Section, int | None] | None:
    section = screen.section
    if section is None:
        screen.notify("Go to a Q&A to bookmark it.", timeout=3)
        return None
    answer: int | None = None
    current = screen.current_answer
    if screen.focused is screen.query_one(QuoteView) and current and current[0] == "answer":
        answer = current[1]
    return section, answer


def toggle_bookmark(screen: InterviewScreen) -> None:
    """Toggle a bookmark on this Q&A (on the current answer when the quote view has focus)."""
    store = screen.store
    target = _bookmark_target(screen)
    if store is None or target is None:
        return
    section, answer = target
    added = store.toggle_bookmark(screen.interview, section, answer)
    what = f"Q&A {section.number}" + (f", answer {answer + 1}" if answer is not None else "")
    screen.notify(f"{'Bookmarked' if added else 'Removed the bookmark on'} {what}.", timeout=3)
    screen.refresh_marks()


def bookmark_with_note(screen: InterviewScreen) -> None:
    """Bookmark with a short private note."""
    from reader.ui.screens.dialogs import NoteScreen

    store = screen.store
    target = _bookmark_target(screen)
    if store is None or target is None:
        return
    section, answer = target
    existing = store.find_bookmark(screen.key, section.id, answer)
    what = f"Q&A {section.number}" + (f", answer {answer + 1}" if answer is not None else "")

    def save(note: str | None) -> None:
        if note is None:
            return
        store.add_bookmark(screen.interview, section, answer, note)
        screen.notify(f"Bookmarked {what} with a note.", timeout=3)
        screen.refresh_marks()

    screen.app.push_screen(NoteScreen(what, existing.note if existing else ""), save)
