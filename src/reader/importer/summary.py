"""The summary ``reader import`` prints on standard error.

First what was made (format, people, Q&As, where the title came from), then
one line per person with their turns and role, then, each with its line in
the source: what was left out and why, what the importer decided (merged
cues, notes kept, questions told by their shape), and what it suspects.

This module imports neither textual nor rich.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reader.text import visible

if TYPE_CHECKING:
    from reader.importer import ImportResult

__all__ = ["summary_lines"]

_FORMAT_NAMES = {
    "vtt": "WebVTT",
    "srt": "SRT",
    "otter": "Otter text",
    "ohms": "OHMS XML",
    "whisper": "Whisper JSON",
    "text": "text",
}


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _one_line(text: str) -> str:
    """``text`` safe for one line of terminal output (line feeds shown as ␊)."""
    return visible(text).replace("\n", "\u240a")


def _excerpt(text: str, width: int = 60) -> str:
    one_line = re.sub(r"[ \n]+", " ", text).strip()
    if len(one_line) > width:
        one_line = one_line[: width - 1] + "…"
    return '"' + _one_line(one_line) + '"'


def summary_lines(result: ImportResult, name: str) -> list[str]:
    """The summary, one line each; file text in it goes through :func:`visible`."""
    safe_name = _one_line(name)
    questions = result.sections - result.remarks
    remarks = f", {_plural(result.remarks, 'section')} of remarks" if result.remarks else ""
    lines = [
        f"{safe_name}: {_FORMAT_NAMES.get(result.format, result.format)}, "
        f"{_plural(len(result.people), 'person', 'people')}, "
        f"{_plural(questions, 'Q&A')}{remarks}, "
        + (
            "no title in the file (give one with --title)"
            if result.title_from == "none"
            else f"title from {result.title_from}"
        )
    ]
    width = max(len(_one_line(person.labels[0])) for person in result.people)
    for person in result.people:
        role = (
            f"moderates ({person.asks_because})"
            if person.moderator
            else f"asks ({person.asks_because})"
            if person.interviewer
            else "answers"
        )
        others = ", ".join(_one_line(label) for label in person.labels[1:])
        merged = f" (also {others})" if others else ""
        lines.append(
            f"  {_one_line(person.labels[0]):<{width}}  -> {person.key}: "
            f"{_plural(person.turns, 'turn')}, {role}{merged}"
        )
    if result.merged_cues:
        lines.append(
            f"{safe_name}: {_plural(result.merged_cues, 'cue')} merged into the turn before "
            "(same speaker)"
        )
    if result.invisible:
        removed = ", ".join(
            f"{count} {kind}{'s' if count > 1 else ''}" for kind, count in result.invisible
        )
        lines.append(f"{safe_name}: removed invisible characters: {removed}")
    for notice in result.skipped:
        where = f"{safe_name}:{notice.line}" if notice.line else safe_name
        lines.append(f"{where}: left out {notice.message}: {_excerpt(notice.text)}")
    for notice in result.decisions:
        where = f"{safe_name}:{notice.line}" if notice.line else safe_name
        extra = f": {_excerpt(notice.text)}" if notice.text else ""
        lines.append(f"{where}: {notice.message}{extra}")
    for notice in result.warnings:
        where = f"{safe_name}:{notice.line}" if notice.line else safe_name
        extra = f": {_excerpt(notice.text)}" if notice.text else ""
        lines.append(f"{where}: warning: {notice.message}{extra}")
    return lines
