"""Q&A references: the one way every command names a Q&A of an interview.

``reader --qa``, ``reader quote``, the ``:`` prompt (and any later command
that takes a Q&A) all resolve what the user typed with :func:`find_section`:
a number (``12``), a section id (``the-door``), ``about``, or words that
must all occur in the title or question (``door light``).

Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

from reader.model import Interview, Section
from reader.search.normalize import fold

__all__ = ["QA_REF_HELP", "find_section", "section_for", "unknown_ref_message"]

QA_REF_HELP = "the Q&A: its 1-based number, its id, or words of its title"
"""How a command's help describes a Q&A reference."""


def find_section(interview: Interview, ref: str) -> int | None:
    """The index (0 = About) of the Q&A that ``ref`` names, or None.

    Titles are tried before questions, and the first match in order wins;
    words match whatever their case and accents.
    """
    ref = ref.strip()
    if not ref:
        return None
    if ref.isdigit():
        number = int(ref)
        return number if 0 <= number <= len(interview.sections) else None
    if ref.casefold() == "about":
        return 0
    for section in interview.sections:
        if section.id == ref:
            return section.number
    words = fold(ref).split()
    for field in ("title", "question"):
        for section in interview.sections:
            haystack = fold(getattr(section, field))
            if all(word in haystack for word in words):
                return section.number
    return None


def section_for(interview: Interview, ref: str) -> Section | None:
    """The Q&A that ``ref`` names (About, number 0, is not a Q&A), or None."""
    index = find_section(interview, ref)
    return interview.sections[index - 1] if index else None


def unknown_ref_message(interview: Interview, ref: str) -> str:
    """Why ``ref`` names no Q&A, and what would."""
    count = len(interview.sections)
    return f'no Q&A "{ref}": give a number from 1 to {count}, an id, or words of a Q&A\'s title'
