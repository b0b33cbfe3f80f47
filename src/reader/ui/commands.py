"""Command palette (ctrl+p): jump to a Q&A, open an interview, and the
system commands (themes among them); in the browser (read-only), download
the interview as an export.

Palette entries show interview text, so they are built as literal
``Content`` and highlighted here: ``Matcher.highlight`` would parse the
candidate as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from reader.text import shorten
from reader.ui.content import literal

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp
    from reader.ui.screens.interview import InterviewScreen

__all__ = ["ReaderCommands", "highlighted", "reading_entries"]

Entry = tuple[str, Callable[[], object], str]
"""(plain text, what it does, help)."""


def highlighted(matcher: Matcher, text: str) -> tuple[float, Content]:
    """Score ``text`` against the query and highlight the matched characters."""
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    content = literal(text)
    for offset in offsets:
        if 0 <= offset < len(text) and not text[offset].isspace():
            content = content.stylize("reverse", offset, offset + 1)
    return score, content


def reading_entries(app: ReaderApp, screen: InterviewScreen) -> Iterator[Entry]:
    """The palette's views and topics commands on an interview screen.

    Each is offered only where it applies: "Show as corrected" when some
    correction has a replacement, "Show originals" when some answer has its
    original, "Compare answers on this topic" for each topic of the Q&A shown.
    """
    from reader.ui.screens.interview_reading import has_originals, has_replacements

    interview = screen.interview
    if has_replacements(interview):
        if screen.corrected:
            yield ("Show as published", screen.action_toggle_corrected, "The file's words (f)")
        else:
            yield (
                "Show as corrected",
                screen.action_toggle_corrected,
                "Apply the corrections' replacements, marked (f)",
            )
    if has_originals(interview):
        label = "Hide originals" if screen.originals else "Show originals"
        yield (label, screen.action_toggle_originals, "Each answer's original beside it (O)")
    section = screen.section
    if section is not None:
        for topic in section.topics:
            yield (
                f"Compare answers on this topic: {topic}",
                partial(app.open_compare, topic),
                "Every answer on it, across the library",
            )


class ReaderCommands(Provider):
    """Q&As of the open interview, and the interviews of the library."""

    def _entries(self) -> Iterator[Entry]:
        from reader.ui.app import ReaderApp
        from reader.ui.screens.interview import InterviewScreen

        app = self.app
        if not isinstance(app, ReaderApp):
            return
        screen = self.screen
        if isinstance(screen, InterviewScreen):
            interview = screen.interview
            yield ("Go to About", partial(screen.go_to, 0), "Summary, source and people")
            if not screen.services.read_only:
                yield (
                    "Play from here",
                    screen.action_play,
                    "Play the recording from the current answer's time (p)",
                )
                yield (
                    "Annotate selection",
                    screen.action_annotate,
                    "Annotate the selected passage, or the search hit (c)",
                )
                yield (
                    "Undo last annotation change",
                    screen.action_undo_annotation,
                    "Put the file back as it was before the last annotation change",
                )
            yield (
                "Reset read marks",
                app.reset_read_marks,
                "Mark every Q&A of this interview unread",
            )
            yield from reading_entries(app, screen)
            for section in interview.sections:
                yield (
                    f"Go to Q&A {section.number}: {shorten(section.title, 70)}",
                    partial(screen.go_to, section.number),
                    "Jump to this Q&A",
                )
            if screen.services.read_only:
                # In the browser, exports reach the reader as downloads.
                from reader.ui.downloads import download_commands

                yield from download_commands(app, interview)
        # In the library too, where x and X would type into the filter.
        yield (
            "Next unverified claim",
            partial(app.action_next_claim, 1),
            "A fact-check without a verdict, across the library (x)",
        )
        yield ("Previous unverified claim", partial(app.action_next_claim, -1), "(X)")
        yield ("Bookmarks", app.action_bookmarks, "Every bookmark, across interviews (')")
        if len(app.results) > 1:
            for info in app.results:
                if info.ok:
                    yield (
                        f"Open interview: {shorten(info.title or '', 70)}",
                        partial(app.open_path, info.path),
                        "Open from the library",
                    )

    async def discover(self) -> Hits:
        """Show the Q&As (or interviews) before anything is typed."""
        for text, command, help_text in self._entries():
            yield DiscoveryHit(literal(text), command, text=text, help=help_text)

    async def search(self, query: str) -> Hits:
        """Fuzzy-match the entries against ``query``."""
        matcher = self.matcher(query)
        for text, command, help_text in self._entries():
            score, display = highlighted(matcher, text)
            if score > 0:
                yield Hit(score, display, command, text=text, help=help_text)
