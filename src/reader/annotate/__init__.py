"""Writing annotations into interview files: surgery on the text, never a re-dump.

This is how ``reader annotate`` and the app's annotate dialog change a user's
file.  The file is the user's work, so:

- a change is computed as text (:mod:`._edit`): a new annotation's lines are
  inserted in the section's ``annotations:`` list (created after the
  section's last key when absent; ``[]`` replaced; otherwise appended), with
  the file's own indentation, quoting habits and line endings; every other
  byte stays as it was;
- ``on`` is the selected text, and ``prefix``/``suffix`` are added only when
  needed, as short as possible (:mod:`._select`);
- the new text is loaded with the strict loader before anything is written:
  no new error, and the annotation reads back exactly and anchors exactly at
  the selection;
- the file is written only if its bytes are still those that were read,
  atomically, permissions kept, and the previous version is kept for one
  step of undo (:mod:`._write`).

Typical use::

    snap = read_snapshot(path)
    plan = add_at_selection(snap.text, path, section, "answer", 0, 10, 22, Fields(note="..."))
    write_text(snap, plan.text, state_dir)

Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from reader.loader._anchor import resolve
from reader.model import Anchor, Section, TextField

from ._edit import EditError, Plan, plan_add, plan_delete, plan_update
from ._emit import FIELD_ORDER, Fields
from ._select import SelectionError, Selectors, candidates_of, selectors_for
from ._write import (
    FileChanged,
    Snapshot,
    UndoRecord,
    WriteRefused,
    check_writable,
    digest,
    read_snapshot,
    remember_by,
    remembered_by,
    undo_last,
    undo_record,
    write_text,
)

__all__ = [
    "FIELD_ORDER",
    "EditError",
    "Fields",
    "FileChanged",
    "Plan",
    "SelectionError",
    "Selectors",
    "Snapshot",
    "UndoRecord",
    "WriteRefused",
    "add_at_selection",
    "check_writable",
    "digest",
    "find_in_passage",
    "plan_add",
    "plan_delete",
    "plan_update",
    "read_snapshot",
    "remember_by",
    "remembered_by",
    "selectors_for",
    "undo_last",
    "undo_record",
    "write_text",
]


def add_at_selection(
    text: str,
    path: Path,
    section: Section,
    field: TextField,
    answer: int | None,
    start: int,
    end: int,
    fields: Fields,
) -> Plan:
    """The plan that adds ``fields`` as an annotation of ``text[start:end]`` of one passage.

    ``on``/``prefix``/``suffix`` of ``fields`` are replaced by those worked
    out from the selection.  Raises :class:`SelectionError` or
    :class:`EditError` with a message for a person.
    """
    chosen = selectors_for(section, field, answer, start, end)
    anchored = replace(fields, on=chosen.on, prefix=chosen.prefix, suffix=chosen.suffix)
    return plan_add(text, path, section.number, anchored, chosen.anchor)


def find_in_passage(
    section: Section, on: str, field: TextField | None, answer: int | None
) -> Anchor:
    """Where ``on`` (as a person typed it) is in one passage, or in the whole Q&A.

    ``field`` ``None`` means any passage of the Q&A; the text must then occur
    once in all of them.  Matching follows the loader's rules (white space,
    quote marks).  Raises :class:`SelectionError` saying why when the text is
    not found or occurs more than once.
    """
    candidates = candidates_of(section)
    if field == "question":
        candidates = candidates[:1]
    elif field == "answer":
        if answer is None or not 0 <= answer < len(section.answers):
            count = len(section.answers)
            raise SelectionError(
                f"Q&A {section.number} has {count} answer{'s' if count != 1 else ''}; "
                f"there is no answer {(answer or 0) + 1}"
            )
        candidates = candidates[answer + 1 : answer + 2]
    found = resolve(on, None, None, candidates)
    if isinstance(found, str):
        holding = [
            c
            for c in candidates
            if "occurs" in str(resolve(on, None, None, [c]))
            or not isinstance(resolve(on, None, None, [c]), str)
        ]
        if field is None and "occurs" in found and len(holding) > 1:
            found += " (or say which passage with --answer N or --question)"
        raise SelectionError(found)
    return found
