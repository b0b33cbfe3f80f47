"""The interview screen's keys: its bindings, their table, and the read-only set.

The bindings are data, kept apart from the screen's behaviour so the whole
keymap reads in one place; the help screen and the footer read them from
``InterviewScreen.BINDINGS``.  ``HIDDEN_WHEN_READ_ONLY`` names the actions
that a browser tab (``reader serve``) must not reach.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

__all__ = ["HIDDEN_WHEN_READ_ONLY", "INTERVIEW_BINDINGS"]

INTERVIEW_BINDINGS: list[BindingType] = [
    Binding("right_square_bracket", "next_qa", "Next Q&A", key_display="]"),
    Binding("left_square_bracket", "previous_qa", "Prev Q&A", key_display="["),
    Binding("g,home", "first_qa", "First Q&A", show=False),
    Binding("G,end", "last_qa", "Last Q&A", show=False),
    Binding("colon", "goto", "Go to", key_display=":"),
    Binding("a", "next_annotation", "Next note"),
    Binding("A", "previous_annotation", "Previous note", show=False),
    Binding("space", "page(1)", "Page down", show=False),
    Binding("b", "page(-1)", "Page up", show=False),
    Binding("s", "toggle_sidebar", "Notes"),
    Binding("f", "toggle_corrected", "As corrected / as published", show=False),
    Binding("O", "toggle_originals", "Show / hide originals", show=False),
    Binding("x", "app.next_claim(1)", "Next unverified claim", show=False),
    Binding("X", "app.next_claim(-1)", "Previous unverified claim", show=False),
    Binding("y", "copy_answer", "Copy quote"),
    Binding("Y", "copy_section", "Copy Q&A", show=False),
    Binding("m", "bookmark", "Bookmark", show=False),
    Binding("M", "bookmark_note", "Bookmark with note", show=False),
    Binding("apostrophe", "app.bookmarks", "Bookmarks", key_display="'", show=False),
    Binding("backspace,alt+left", "app.history_back", "Back", show=False),
    Binding("alt+right", "app.history_forward", "Forward", show=False),
    Binding("o", "open_link", "Open link", show=False),
    Binding("p", "play", "Play from here", show=False),
    Binding("e", "edit", "Edit source", show=False),
    Binding("v", "select_text", "Select text", show=False),
    Binding("c", "annotate", "Annotate"),
    Binding("C", "change_annotation", "Change annotation", show=False),
    Binding("D", "delete_annotation", "Delete annotation", show=False),
    Binding("slash", "search", "Search", key_display="/"),
    Binding("n", "app.search_next", "Next hit", show=False),
    Binding("N", "app.search_previous", "Previous hit", show=False),
    Binding("u", "app.clear_search", "Clear search highlights", show=False),
    Binding("escape", "back", "Library", show=False),
]
"""
| Key | Action |
| :- | :- |
| ] [ | Next / previous Q&A, from any pane. |
| g G, home end | First / last Q&A. |
| : | Go to a Q&A by number, id or words of its title. |
| a A | Next / previous annotation of the current Q&A. |
| space b | Page down / up in the quote view. |
| s | Show / hide the annotations sidebar. |
| f | Show the text as corrected (fixed) / as published. |
| O | Show / hide the answers' originals (beside when wide, below when narrow). |
| x X | Next / previous unverified claim, across the library. |
| y Y | Copy the current answer / the whole Q&A with its citation (in the view shown). |
| m M | Bookmark the Q&A (or the answer at the top of the quote view); M adds a note. |
| ' | All bookmarks. |
| backspace, alt+left / alt+right | Back / forward through visited Q&As. |
| o | Open the selected annotation's link (About: the source URL). |
| p | Play the recording from the current answer's time. |
| e | Edit the file at what is selected; the interview reloads. |
| v | Select text with the keyboard (l h L H w b ) ( j k; enter annotates). |
| c | Annotate the selection (keyboard, mouse, or the current search hit). |
| C D | Change / delete the annotation selected in the sidebar. |
| / | Search this interview. |
| n N | Next / previous search hit. |
| u | Clear the search highlights. |
| escape | Back to the library. |
"""

HIDDEN_WHEN_READ_ONLY: frozenset[str] = frozenset(
    {
        "edit",
        "play",
        "select_text",
        "annotate",
        "change_annotation",
        "delete_annotation",
        "undo_annotation",
    }
)
"""Actions that write a file, start a program here or suspend the app.

In read-only mode (the browser, see ``ReaderServices.read_only``) their
keys are hidden (footer, help) and do nothing.  A key added to the
interview screen that writes or runs something belongs here.
"""
