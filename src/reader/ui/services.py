"""What screens use of the app, as one typed interface passed down to them.

Screens receive a :class:`ReaderServices` when they are made (the app passes
itself), instead of looking attributes up on ``self.app``: mypy checks that
the app provides everything a screen uses, and a screen's dependencies are
read off its constructor.  Anything a screen wants the app to *do* travels
the other way, as a message posted up (attributes down, messages up).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from reader.model import Interview, Section
    from reader.search.parsing import FileInfo
    from reader.state import StateStore
    from reader.ui.widgets.quote_view import TextRef

__all__ = ["ReaderServices"]


class ReaderServices(Protocol):
    """The app's services that screens read."""

    state: StateStore | None
    """The user's reading state (positions, read marks, bookmarks), when there is one."""

    read_only: bool
    """The browser mode of ``reader serve``: the person reading is not at this machine.

    When true, nothing may write a file, start a program on this machine or
    suspend the app: a screen hides such keys (``check_action`` returns
    False for them, so the footer and help leave them out) and refuses
    their actions.  Links open through ``App.open_url`` (a new browser tab)
    and exports are offered as downloads.  See docs/serve.md.
    """

    copy_warning: str | None
    """Why a copy (``y``, ``Y``) may not reach the user, and what to do instead; None when it does.

    Set for a browser tab whose page is plain http from another machine:
    browsers keep their clipboard from such pages (see docs/serve.md).
    """

    def matches_in(
        self, interview: Interview, section: Section
    ) -> dict[TextRef, list[tuple[int, int]]]:
        """What to highlight in a shown Q&A: every match of the current search."""
        ...

    def read_count(self, info: FileInfo) -> str:
        """A listed interview's "12/40" read count ("" when nothing is remembered)."""
        ...

    def last_query_text(self) -> str | None:
        """The text of the last search, to show again when a search bar opens."""
        ...
