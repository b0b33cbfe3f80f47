"""The search bar and its results pane (``/``).

The panel only shows what it is given and posts messages up: the app runs
the query (in a thread worker) and decides what opening a hit means.  Each
result row is keyword-in-context: a little text before the match, the match
highlighted, a little after, with the interview, Q&A number and speaker.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content, Span
from textual.events import Key
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.text import shorten, visible
from reader.ui.content import literal
from reader.ui.widgets.lists import VimOptionList

if TYPE_CHECKING:
    from reader.search import Hit, SearchResult

__all__ = ["HitList", "SearchPanel", "kwic", "summary"]

CONTEXT = 36
"""Characters of context shown on each side of the first match."""

ROWS_SHOWN = 50
"""Result rows drawn in the pane; n/N still step through every hit kept."""


def kwic(hit: Hit, context: int = CONTEXT) -> Content:
    """The passage around its first match, the matches highlighted, one line."""
    text = hit.text
    matches = hit.matches
    first, last = matches[0] if matches else (0, 0)
    start = max(0, first - context)
    end = min(len(text), max(last, first) + context)
    # Cutting a few characters only to print "…" instead helps nobody.
    if start <= 8:
        start = 0
    if len(text) - end <= 8:
        end = len(text)
    # Start and end at word boundaries when there is room, as grep -o would not.
    if start > 0:
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", last, end)
        end = space if space != -1 else end
    window = text[start:end]
    # One character for one: line breaks and tabs become spaces, controls
    # become visible marks, so match offsets still land on their characters.
    window = visible(window.replace("\n", " ").replace("\t", " ").replace("\r", " "))
    spans = [
        Span(max(s, start) - start, min(e, end) - start, ".hit-list--match")
        for s, e in matches
        if e > start and s < end
    ]
    body = Content(window, spans, strip_control_codes=False)
    parts: list[Content | str] = []
    if start > 0:
        parts.append("…")
    parts.append(body)
    if end < len(text):
        parts.append("…")
    return Content.assemble(*parts)


def hit_label(hit: Hit, show_interview: bool) -> Content:
    """Where a hit is: interview, Q&A number, speaker or annotation kind."""
    parts: list[Content | str | tuple[str, str]] = []
    if show_interview:
        parts += [literal(shorten(hit.interview_title, 28), ".hit-list--interview"), "  "]
    where = f"Q{hit.number}" if hit.number else "About"
    parts.append((where, ".hit-list--where"))
    if hit.field == "annotation":
        parts += ["  ", (f"[{hit.kind or 'note'}]", ".hit-list--where")]
    elif hit.speaker_name or hit.speaker:
        parts += ["  ", literal(f"{hit.speaker_name or hit.speaker}:", ".hit-list--speaker")]
    if hit.field == "question":
        parts += [" ", ("(question)", ".hit-list--where")]
    elif hit.field == "original":
        parts += [" ", ("(original)", ".hit-list--where")]
    return Content.assemble(*parts)


def summary(result: SearchResult, library: bool, open_phrase: bool = False) -> str:
    """ "23 matches in 9 Q&As, 3 interviews" (and a word when a phrase is still open)."""
    total = result.total_hits
    if not result.counted:
        more = "+" if total >= ROWS_SHOWN else ""
        text = f"{total:,}{more} match{'es' if total != 1 or more else ''} so far, counting…"
        if open_phrase:
            text += ' · phrase still open: a closing " ends it'
        return text
    # Thousands separated: a common word over a large library has a million hits.
    text = f"{total:,} match{'es' if total != 1 else ''} in {result.sections:,} Q&A"
    text += "s" if result.sections != 1 else ""
    if library:
        text += f", {result.interviews:,} interview{'s' if result.interviews != 1 else ''}"
    listed = min(len(result.hits), ROWS_SHOWN)
    if listed < total:
        text += f" (first {listed} listed; n/N go on)"
    if open_phrase:
        text += ' · phrase still open: a closing " ends it'
    if result.partial:
        text += (
            f" · covers only {result.searched:,} of {result.files:,} interviews (still indexing)"
        )
    return text


class HitList(VimOptionList):
    """The results: one row per hit."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "hit-list--match",
        "hit-list--interview",
        "hit-list--where",
        "hit-list--speaker",
    }


class SearchPanel(Vertical):
    """A search bar over its results; shown by ``/``, hidden by escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close search", show=False),
    ]

    class QueryChanged(Message):
        """The user typed: search for ``text``."""

        def __init__(self, panel: SearchPanel, text: str, again: bool = False) -> None:
            self.panel = panel
            self.text = text
            self.again = again
            """The same query run again by the app (the index opened, more files indexed)."""
            super().__init__()

        @property
        def control(self) -> SearchPanel:
            """The panel that was typed in."""
            return self.panel

    class OpenHit(Message):
        """Open hit number ``index`` of the current results."""

        def __init__(self, panel: SearchPanel, index: int) -> None:
            self.panel = panel
            self.index = index
            super().__init__()

        @property
        def control(self) -> SearchPanel:
            """The panel the hit was chosen in."""
            return self.panel

    class Closed(Message):
        """The panel was closed (highlights stay)."""

    def __init__(self, *, library: bool, id: str | None = None) -> None:
        super().__init__(id=id)
        self.library = library
        self.hits: Sequence[Hit] = []
        self._listed: str | None = None
        """The text of the query whose hits are listed (None: none are)."""

    def compose(self) -> ComposeResult:
        scope = "every open interview" if self.library else "this interview"
        yield Input(
            placeholder=f'Search {scope}: words, "a phrase", -not, by:, kind:, in:',
            id="search-input",
            select_on_focus=False,
        )
        yield Static("", id="search-status")
        yield HitList(id="search-results")

    def on_mount(self) -> None:
        self.border_title = Content("Search")
        self.clear()

    @property
    def input(self) -> Input:
        """The query box."""
        return self.query_one("#search-input", Input)

    def open(self, text: str | None = None) -> None:
        """Show the panel and focus the query box, with ``text`` (the last query) in it."""
        self.display = True
        if text is not None and text != self.input.value:
            self.input.value = text
        self.input.focus()

    def action_close(self) -> None:
        """Hide the panel; the matches stay highlighted."""
        self.display = False
        self.post_message(self.Closed())

    # ---------------------------------------------------------------- results

    def show_result(self, result: SearchResult, open_phrase: bool = False) -> None:
        """List the hits of ``result`` (``open_phrase``: its last quote was added).

        The same query listed again (run over more of the library as it is
        indexed) keeps the hit highlighted, wherever it now is in the list.
        """
        results = self.query_one(HitList)
        kept: Hit | None = None
        at = results.highlighted
        if self._listed == result.query.text and at is not None and at < len(self.hits):
            kept = self.hits[at]
        self.hits = result.hits  # made as they are looked at
        # Each row places its match in context, which costs a little: a
        # screenful of rows is plenty, the rest are reached with n/N.
        shown = list(self.hits[:ROWS_SHOWN])
        options = [
            Option(Content.assemble(hit_label(hit, self.library), "  ", kwic(hit))) for hit in shown
        ]
        results.set_options(options)
        if options:
            if kept is None:
                results.highlighted = 0
            elif kept in shown:
                results.highlighted = shown.index(kept)
            else:
                # Pushed past the rows listed by the hits of files indexed
                # since, which come before it: the last row is the nearest
                # (n goes on from there), not the first.
                results.highlighted = len(options) - 1
        self._listed = result.query.text
        self.show_status(summary(result, self.library, open_phrase))

    def show_counts(self, result: SearchResult, open_phrase: bool = False) -> None:
        """The exact counts of the results listed."""
        self.show_status(summary(result, self.library, open_phrase))

    def show_error(self, message: str) -> None:
        """A query that cannot be searched: say why, list nothing."""
        self.hits = []
        self._listed = None
        self.query_one(HitList).clear_options()
        self.show_status(message, error=True)

    def show_status(self, text: str, error: bool = False) -> None:
        """The line under the query box."""
        style = "bold $text-error" if error else "$text-muted"
        self.query_one("#search-status", Static).update(literal(text, style))

    def clear(self) -> None:
        """No query: nothing listed."""
        self.hits = []
        self._listed = None
        self.query_one(HitList).clear_options()
        self.show_status("Type to search. Enter opens a hit; n/N step through hits; escape closes.")

    # --------------------------------------------------------------- messages

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.QueryChanged(self, event.value))

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        results = self.query_one(HitList)
        if self.hits:
            self.post_message(self.OpenHit(self, results.highlighted or 0))

    @on(OptionList.OptionSelected, "#search-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.OpenHit(self, event.option_index))

    def on_key(self, event: Key) -> None:
        # Up and down in the query box move through the results, as in a palette.
        if self.input.has_focus and event.key in ("up", "down"):
            event.stop()
            results = self.query_one(HitList)
            if event.key == "down":
                results.action_cursor_down()
            else:
                results.action_cursor_up()
