"""Going to the next unverified claim, across the library (``x``, ``X``, the palette).

A claim is a ``fact-check`` annotation; it is unverified when it has no
verdict or the verdict ``unverified`` (see :mod:`reader.claims`).  The
search starts from where the reader is: the annotation selected in the
sidebar, else the top of the Q&A shown; it goes on through the following
Q&As and interviews, in the library's order, and wraps round once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reader.claims import Claim, Place, next_place
from reader.search.listing import Listing
from reader.text import visible

if TYPE_CHECKING:
    from pathlib import Path

    from reader.ui.app import ReaderApp

__all__ = ["go_to_next_claim"]


def _here(app: ReaderApp) -> Claim | None:
    """Where the reader is, as a place in reading order (None: nowhere yet)."""
    screen = app.interview_screen
    if screen is None:
        return None
    index = _listed_at(app, screen.interview.path)
    if index is None:
        return None
    section = screen.section_index - 1 if screen.section is not None else None
    from reader.ui.widgets.lists import AnnotationList

    row = screen.query_one(AnnotationList).highlighted
    if row is None:
        return Claim(index, section, -1, -1)
    return Claim(index, section, -1, row)


def _listed_at(app: ReaderApp, path: Path) -> int | None:
    """Where the interview read from ``path`` is in the library's order.

    By its path as named first (what the library opened it by), without
    resolving each file of a large library; else by its resolved path.
    """
    results = app.results
    if isinstance(results, Listing):
        found = results.index_of(path)
        if found is not None:
            return found
    resolved = path.resolve()
    return next((i for i, info in enumerate(results) if info.path.resolve() == resolved), None)


def _places(summary: dict[str, Any]) -> list[Place]:
    """A file's unverified places, as the library index keeps them."""
    return [(section, index, rank) for section, index, rank in summary.get("unverified_places", ())]


def go_to_next_claim(app: ReaderApp, step: int) -> None:
    """Show the next (``step`` 1) or previous (-1) unverified claim, selected in the sidebar.

    The places come from the library's index (no file is parsed to find
    them); only the interview shown is parsed, to open it.
    """
    places = [_places(info.summary) if info.ok else None for info in app.results]
    claim = next_place(places, _here(app), forward=step > 0)
    if claim is None:
        app.notify("No unverified claim: every fact-check has a verdict.", timeout=3)
        return
    info = app.results[claim.interview]
    section_id = ""
    if claim.section is not None:
        # The file is about to be opened: parsing it now costs nothing more.
        interview = app.parsed.get(info.path).interview
        if interview is None or claim.section >= len(interview.sections):
            return
        section_id = interview.sections[claim.section].id
    screen = app.go_to_place(info.path, section_id)
    if screen is None:
        return
    target = screen

    def select() -> None:
        target.show_annotation(claim.annotation)

    target.call_after_refresh(select)
    where = f"Q&A {claim.section + 1}" if claim.section is not None else "About"
    app.notify(visible(f"Unverified claim: {info.title}, {where}"), markup=False, timeout=2)
