"""The interview screen's new versions: live reload, and our own writes.

The file watcher notices a change on disk; annotating writes the file
itself.  Either way the screen shows the new version on the same Q&A (found
again by id, then by number: :func:`reader.history.relocate`).  A version
that no longer loads is not shown: the last good one stays, with its errors
in the header, so a half-saved edit never blanks the screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Static

from reader.history import relocate
from reader.text import visible
from reader.ui.screens.interview_reading import header_content
from reader.ui.widgets.lists import QAList
from reader.ui.widgets.quote_view import QuoteView

if TYPE_CHECKING:
    from reader.model import Interview, LoadResult
    from reader.ui.screens.interview import InterviewScreen

__all__ = ["reloaded", "show_version"]


def show_version(screen: InterviewScreen, interview: Interview, *, keep_scroll: bool) -> None:
    """Show ``interview`` in place of the screen's, on the same Q&A.

    The scroll offset is kept when ``keep_scroll`` (our own write: the text
    around the reader did not move) or when the Q&A kept its number;
    otherwise the Q&A is shown from its top.
    """
    from reader.ui.screens.interview import interview_key

    old_section = screen.section
    scroll = int(screen.query_one(QuoteView).scroll_offset.y)
    screen.interview = interview
    screen.key = interview_key(interview)
    screen.stale_errors = ()
    screen.query_one("#header", Static).update(
        header_content(interview, corrected=screen.corrected)
    )
    index = 0
    if old_section is not None:
        index = relocate(interview, old_section.id, old_section.number).number
    qa_list = screen.query_one(QAList)
    qa_list.set_interview(interview, *screen.marks())
    qa_list.highlighted = index
    same_place = keep_scroll or (old_section is not None and index == old_section.number)
    screen.show_section(index, scroll=scroll if old_section is not None and same_place else 0)


def reloaded(screen: InterviewScreen, result: LoadResult) -> None:
    """The file changed on disk: show the new version, or say why the old one stays."""
    if result.interview is None:
        screen.stale_errors = result.errors or result.problems
        screen.query_one("#header", Static).update(
            header_content(screen.interview, screen.stale_errors, corrected=screen.corrected)
        )
        first = screen.stale_errors[0] if screen.stale_errors else None
        message = f"{screen.interview.path.name} has errors"
        if first is not None:
            message += f" ({first.line}:{first.column}: {first.message})"
        screen.notify(
            visible(message + "; showing the last good version."),
            markup=False,
            severity="error",
            timeout=6,
        )
        return
    show_version(screen, result.interview, keep_scroll=False)
    # The new version may have lost its replacements or originals.
    screen.apply_view()
    screen.notify(visible(f"Reloaded {screen.interview.path.name}"), markup=False, timeout=2)
    screen.notify_unplaced()
