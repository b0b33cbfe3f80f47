"""The interview screen's external tools: opening links in a browser, the editor.

Both leave reader for another program, so both check first (only http(s)
links, see :func:`reader.links.check_url`; an editor from ``$VISUAL`` or
``$EDITOR``) and report what went wrong as a notification, never a
traceback.  The screen calls these from its ``o`` and ``e`` actions.  In
read-only mode (the browser) a link opens in a new browser tab instead,
and there is no editor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.text import visible

if TYPE_CHECKING:
    from reader.ui.screens.interview import InterviewScreen

__all__ = ["edit_line", "edit_source", "open_link", "open_url"]


def open_link(screen: InterviewScreen) -> None:
    """Open the selected annotation's link (a chooser when it has several).

    On About, with no annotation selected, it is the interview's source URL.
    """
    from reader.ui.screens.dialogs import LinkChooser

    annotation = screen.selected_annotation
    if annotation is not None and annotation.links:
        links = list(annotation.links)
    elif screen.section is None and screen.interview.source and screen.interview.source.url:
        links = [screen.interview.source.url]
    else:
        where = "this annotation" if annotation is not None else "here"
        screen.notify(
            f"No link {where}: select an annotation with a link (a, A), "
            "or open About for the source URL.",
            timeout=4,
        )
        return
    if len(links) == 1:
        open_url(screen, links[0])
        return

    def chosen(url: str | None) -> None:
        if url:
            open_url(screen, url)

    screen.app.push_screen(LinkChooser(links), chosen)


def open_url(screen: InterviewScreen, url: str) -> None:
    """Open ``url`` in the browser if it is a plain http(s) link; say what happened."""
    from reader.links import browser_needs_terminal, check_url
    from reader.links import open_url as open_in_browser

    reason = check_url(url)
    if reason is not None:
        screen.notify(visible(f"Not opening {url!r}: {reason}."), markup=False, severity="warning")
        return
    if screen.services.read_only:
        # The browser mode: the link opens in a new tab of the reader's own
        # browser (the web driver passes it on), never in a program here.
        screen.app.open_url(url, new_tab=True)
        screen.notify(visible(f"Opened in a new tab: {url}"), markup=False, timeout=3)
        return
    if browser_needs_terminal():
        with screen.app.suspend():
            error = open_in_browser(url)
    else:
        error = open_in_browser(url)
    if error is not None:
        screen.notify(visible(f"Could not open the link: {error}."), markup=False, severity="error")
    else:
        screen.notify(visible(f"Opened {url}"), markup=False, timeout=3)


def edit_line(screen: InterviewScreen) -> int:
    """The line of what is selected: the annotation, the answer, the Q&A."""
    annotation = screen.selected_annotation
    if annotation is not None:
        return annotation.position.line
    section = screen.section
    if section is None:
        return screen.interview.title_position.line
    current = screen.current_answer
    if current is not None and current[0] == "answer" and current[1] is not None:
        return section.answers[current[1]].position.line
    return section.position.line


def edit_source(screen: InterviewScreen) -> None:
    """Open the file in $VISUAL/$EDITOR at what is selected (the caller reloads after)."""
    from reader.editor import EditorError, editor_command, run_editor

    try:
        argv = editor_command(screen.interview.path, edit_line(screen))
    except EditorError as error:
        screen.notify(visible(str(error)), markup=False, severity="error")
        return
    try:
        with screen.app.suspend():
            error_text = run_editor(argv)
    except Exception as error:  # SuspendNotSupported, in a web or test driver
        screen.notify(
            visible(f"Cannot start an editor here: {error}"), markup=False, severity="error"
        )
        return
    if error_text is not None:
        screen.notify(visible(error_text), markup=False, severity="error")
