"""Browser-style back/forward history of visited places, and re-finding a Q&A.

:class:`History` is the in-session list behind ``backspace``/``alt+left``
(back) and ``alt+right`` (forward): visiting a new place drops the forward
part, as in a web browser.  It is generic: the UI decides what a place is
(typically an interview key and a section id).

:func:`relocate` finds "the same Q&A" in a new version of an interview, for
live reload and for resuming: by id, else by position.

This module imports neither textual nor rich.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from reader.model import Interview, Section

__all__ = ["History", "relocate"]

P = TypeVar("P")


class History(Generic[P]):
    """Places visited, with a cursor, capped at ``limit`` entries."""

    def __init__(self, limit: int = 500) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self._limit = limit
        self._places: list[P] = []
        self._index = -1

    @property
    def current(self) -> P | None:
        """The place the reader is at, or None before the first visit."""
        return self._places[self._index] if self._index >= 0 else None

    @property
    def can_go_back(self) -> bool:
        """True when :meth:`back` has somewhere to go."""
        return self._index > 0

    @property
    def can_go_forward(self) -> bool:
        """True when :meth:`forward` has somewhere to go."""
        return self._index < len(self._places) - 1

    def __len__(self) -> int:
        return len(self._places)

    def visit(self, place: P) -> None:
        """Record arriving at ``place`` by any means but back/forward.

        Visiting the current place again is not a new step; visiting a new
        place drops everything forward of the cursor.
        """
        if self.current == place:
            return
        del self._places[self._index + 1 :]
        self._places.append(place)
        if len(self._places) > self._limit:
            # Forget the oldest places; the cursor stays on the newest.
            del self._places[: len(self._places) - self._limit]
        self._index = len(self._places) - 1

    def back(self) -> P | None:
        """Step back and return the place to show, or None at the start."""
        if not self.can_go_back:
            return None
        self._index -= 1
        return self._places[self._index]

    def forward(self) -> P | None:
        """Step forward and return the place to show, or None at the end."""
        if not self.can_go_forward:
            return None
        self._index += 1
        return self._places[self._index]

    def clear(self) -> None:
        """Forget every place."""
        self._places.clear()
        self._index = -1


def relocate(interview: Interview, section_id: str | None, number: int | None) -> Section:
    """The section of ``interview`` that best matches where the reader was.

    The section with id ``section_id`` if it still exists (ids are stable
    across edits); else the one at 1-based ``number``, clamped to the new
    length (a deleted last Q&A lands on the new last one); else the first.
    """
    if section_id is not None:
        for section in interview.sections:
            if section.id == section_id:
                return section
    if number is not None and interview.sections:
        index = min(max(number, 1), len(interview.sections)) - 1
        return interview.sections[index]
    return interview.sections[0]
