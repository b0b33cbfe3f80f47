"""Searching from the app: the search bars, the worker that runs queries, n and N.

:class:`SearchOrchestration` is the part of :class:`reader.ui.app.ReaderApp`
that takes what the user types in a search bar (of an interview or of the
library), runs the query off the UI thread, shows the result in the bar,
highlights the matches in the open interview and moves between hits.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual import work

from reader.ui.app_base import ReaderAppBase

if TYPE_CHECKING:
    from pathlib import Path

    from reader.model import Interview, Section
    from reader.search.query import Query
    from reader.search.store import Ticket
    from reader.ui.search import Answer, Refreshed
    from reader.ui.widgets.quote_view import TextRef
    from reader.ui.widgets.search_panel import SearchPanel

__all__ = ["FOLLOW_EVERY", "SearchOrchestration"]

FOLLOW_EVERY = 2.0
"""Seconds between two runs of an open search bar's query while the library is indexed.

Each run lists the first hits of the files indexed by then and counts
them: at 10,000 interviews, up to half a second for a common word
(docs/search.md, "Measured"), which would otherwise be taken from the
indexing at every batch stored.
"""


class SearchOrchestration(ReaderAppBase):
    """The app's searching (a part of :class:`reader.ui.app.ReaderApp`)."""

    _followed_at = 0.0
    """When an open search bar's query last ran again during indexing (monotonic seconds)."""

    def last_query_text(self) -> str | None:
        """The last search's text, shown again when a search bar opens."""
        query = self.search.query
        return query.text if query is not None else None

    def matches_in(
        self, interview: Interview, section: Section
    ) -> dict[TextRef, list[tuple[int, int]]]:
        """What to highlight in a shown Q&A: every match of the current search."""
        return self.search.matches_in(interview, section)

    def on_search_panel_query_changed(self, event: SearchPanel.QueryChanged) -> None:
        """The user typed in a search bar: search, off the UI thread."""
        panel = event.panel
        path: Path | None = None
        if not panel.library:
            screen = self.interview_screen
            if screen is None or panel.screen is not screen:
                return
            path = screen.interview.path
        # The search still running is interrupted (its answer would be dropped).
        self._run_search(panel, event.text, path, self.search.begin(), again=event.again)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False, description="search")
    def _run_search(
        self, panel: SearchPanel, text: str, path: Path | None, ticket: Ticket, again: bool = False
    ) -> None:
        from reader.search.query import QueryError
        from reader.search.records import SearchCancelled

        if not text.strip():
            self.call_from_thread(self._search_cleared, panel)
            return
        try:
            answer = self.search.run(text, path, ticket)
        except QueryError as error:
            if not ticket.cancelled:
                self.call_from_thread(panel.show_error, error.message)
            return
        except SearchCancelled:
            return
        if ticket.cancelled:
            return
        if answer is None:
            self.call_from_thread(panel.show_status, "Opening the search index…")
            return
        self.call_from_thread(self._search_done, panel, text, answer, again)
        try:
            answer = self.search.count(answer, ticket)
        except SearchCancelled:
            return
        if not ticket.cancelled:
            self.call_from_thread(self._search_counted, panel, text, answer)

    def rerun_search(self) -> None:
        """Search again what the open search bar holds: the index opened, or caught up.

        With the bar closed, a search made while indexing is brought up to
        date in the background (:meth:`catch_up_search`), keeping the hit
        the reader is at.
        """
        from reader.ui.widgets.search_panel import SearchPanel

        rerun = False
        for panel in self.screen.query(SearchPanel):
            # A screen just pushed (a hit opened as indexing ends) may not
            # have composed its panel yet: a closed panel has nothing to run.
            if not panel.display or not panel.query("#search-input"):
                continue
            text = panel.input.value
            if text.strip():
                panel.post_message(SearchPanel.QueryChanged(panel, text, again=True))
                rerun = True
        if not rerun and self.search.behind:
            self.catch_up_search()

    def follow_indexing(self) -> None:
        """More files are indexed: an open library search bar that covers part of it runs again.

        At most every :data:`FOLLOW_EVERY` seconds; the hit highlighted in
        the bar stays highlighted (:meth:`SearchPanel.show_result`).
        """
        if not self.search.behind:
            return
        now = time.monotonic()
        if now - self._followed_at < FOLLOW_EVERY:
            return
        from reader.ui.widgets.search_panel import SearchPanel

        for panel in self.screen.query(SearchPanel):
            if not panel.library or not panel.display or not panel.query("#search-input"):
                continue
            text = panel.input.value
            if text.strip():
                self._followed_at = now
                panel.post_message(SearchPanel.QueryChanged(panel, text, again=True))

    def catch_up_search(self) -> None:
        """Run the current search again over the files indexed since (then take n/N pressed)."""
        if not self.search.refreshing:
            self.search.refreshing = True
            self._refresh_search(self.search.query)

    @work(thread=True, group="search-refresh", exit_on_error=False, description="search again")
    def _refresh_search(self, query: Query | None) -> None:
        from reader.search.records import SearchCancelled
        from reader.search.store import Ticket

        refreshed = None
        try:
            refreshed = self.search.refresh(Ticket())
        except SearchCancelled:  # pragma: no cover - its ticket is never cancelled
            pass
        finally:
            # Whatever happens (even an error, reported by the worker
            # handler), the steps pressed meanwhile are taken.
            self.call_from_thread(self._search_refreshed, query, refreshed)

    def _search_refreshed(self, query: Query | None, refreshed: Refreshed | None) -> None:
        search = self.search
        search.refreshing = False
        steps, search.steps = search.steps, 0
        if search.query is not query:
            return  # a new search replaced it: the n/N pressed were for the old one
        if refreshed is not None and search.adopt(refreshed):
            current = search.current
            hit = search.hit(current) if current >= 0 else None
            for screen in self.interview_screens():
                if hit is not None and screen.interview.path == hit.path:
                    screen.show_search_position(f"{current + 1:,}/{search.total:,}")
        if not steps:
            return
        index = search.step(steps)
        if index is None:
            self.notify("No search results: press / to search.", timeout=3)
            return
        self.open_hit(index)

    def _search_done(self, panel: SearchPanel, text: str, answer: Answer, again: bool) -> None:
        if panel.input.value != text:
            return  # the user has typed on since: a newer search is coming
        if again and not panel.display and self.search.query == answer.result.query:
            # Run again by the app over more files, and the bar closed
            # meanwhile (a hit opened): taking it would send n/N back to the
            # first hit.  The search taken is brought up to date later,
            # keeping the reader's place (catch_up_search).  (A query that
            # was never taken, typed before the index opened, is taken.)
            return
        from reader.ui.search import open_phrase

        self.search.accept(answer, panel.library)
        panel.show_result(answer.result, open_phrase(answer.result, text))
        self._refresh_highlights()

    def _search_counted(self, panel: SearchPanel, text: str, answer: Answer) -> None:
        if panel.input.value != text:
            return
        from reader.ui.search import open_phrase

        if not self.search.counted(answer):
            return  # its rows were not taken (see _search_done), or were replaced since
        panel.show_counts(answer.result, open_phrase(answer.result, text))

    def _search_cleared(self, panel: SearchPanel) -> None:
        panel.clear()
        self.search.clear()
        self._refresh_highlights()

    def _refresh_highlights(self) -> None:
        for screen in self.interview_screens():
            screen.refresh_matches()
            screen.show_search_position(None)

    def on_search_panel_open_hit(self, event: SearchPanel.OpenHit) -> None:
        """Enter on a search result."""
        event.panel.action_close()
        self.open_hit(event.index)

    def open_hit(self, index: int) -> None:
        """Show hit ``index``: its Q&A, scrolled to the match, matches highlighted."""
        hit = self.search.hit(index)
        if hit is None:
            return
        self.search.current = index
        self._travelling = False
        screen = self.go_to_place(hit.path, hit.section or "")
        if screen is None:
            return

        def show() -> None:
            if not screen.is_current:
                # Replaced already (n pressed again quickly): its widgets
                # are gone, and the newer hit is shown by its own call.
                return
            screen.refresh_matches()
            screen.show_hit(hit)
            # Read now: the search may have been brought up to date since
            # (indexing ended while this screen opened), the hit renumbered.
            search = self.search
            at = search.current
            screen.show_search_position(f"{at + 1:,}/{search.total:,}" if at >= 0 else None)

        screen.call_after_refresh(show)

    def action_search_next(self) -> None:
        """The next hit of the last search, across Q&As and interviews."""
        self._search_step(1)

    def action_search_previous(self) -> None:
        """The previous hit."""
        self._search_step(-1)

    def _search_step(self, direction: int) -> None:
        search = self.search
        if search.behind:
            # Made while indexing: run it again over what is indexed now
            # first, so that n/N reach the hits of the files indexed since.
            search.steps += direction
            self.catch_up_search()
            return
        index = search.step(direction)
        if index is None:
            self.notify("No search results: press / to search.", timeout=3)
            return
        self.open_hit(index)

    def action_clear_search(self) -> None:
        """Forget the search and its highlights."""
        self.search.clear()
        self._refresh_highlights()
