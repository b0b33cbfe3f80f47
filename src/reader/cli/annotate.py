"""``reader annotate FILE --qa REF --on TEXT --note TEXT``: add an annotation to a file.

The passage is given as the user types it (``--on``), in the Q&A ``--qa``
names (number, id or title words); ``--answer N`` or ``--question`` says in
which passage it is when the text occurs in several, and ``prefix``/``suffix``
are then worked out.  Only the annotation's lines are added to the file (see
:mod:`reader.annotate`); the file is checked with the strict loader first and
written atomically, and the previous version is kept for the app's "Undo
last annotation change".

Output: ``path:line: annotation added`` and the YAML inserted; with
``--dry-run``, a unified diff of what would change, and nothing written.

Exit codes: 0 written (or, with ``--dry-run``, would be); 1 refused (the
file has errors, no such Q&A, the passage is not found or is ambiguous, a
link is refused, the file cannot be written or changed meanwhile); 2 usage
error.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from reader.cli._args import answer_number
from reader.model import ANNOTATION_KINDS, TextField
from reader.qaref import QA_REF_HELP
from reader.text import visible

HELP = "add an annotation to an interview file"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``reader annotate``."""
    parser.add_argument("file", metavar="FILE", type=Path, help="the interview file to annotate")
    parser.add_argument("--qa", required=True, metavar="REF", help=QA_REF_HELP)
    parser.add_argument(
        "--on", required=True, metavar="TEXT", help="the passage the note is about, as in the text"
    )
    parser.add_argument("--note", required=True, metavar="TEXT", help="the annotation's text")
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--answer",
        metavar="N",
        type=answer_number,
        help="the passage is in answer N (1-based) of the Q&A",
    )
    where.add_argument(
        "--question", action="store_true", help="the passage is in the Q&A's question"
    )
    parser.add_argument(
        "--kind",
        choices=ANNOTATION_KINDS,
        default="note",
        help="kind of annotation (default: note)",
    )
    parser.add_argument(
        "--link",
        action="append",
        default=[],
        metavar="URL",
        help="a link (http or https); repeat for several",
    )
    parser.add_argument("--by", metavar="NAME", help="who wrote the annotation")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="print a unified diff of the change instead of writing the file",
    )


def _refuse(message: str) -> int:
    print(visible(message), file=sys.stderr)
    return 1


def _state_dir() -> Path:
    from reader.state import StateStore

    return StateStore.default_path().parent


def run(args: argparse.Namespace) -> int:
    """Add the annotation; return the exit code."""
    from reader.annotate import (
        EditError,
        Fields,
        SelectionError,
        WriteRefused,
        add_at_selection,
        find_in_passage,
        read_snapshot,
        write_text,
    )
    from reader.links import check_url
    from reader.loader import load_text
    from reader.qaref import section_for, unknown_ref_message

    path: Path = args.file
    shown = str(path)
    for link in args.link:
        reason = check_url(link)
        if reason is not None:
            return _refuse(f"{shown}: error: link {link!r} refused: {reason}")
    if not args.note.strip():
        return _refuse(f"{shown}: error: --note is blank: write the annotation's text")
    try:
        snapshot = read_snapshot(path)
    except WriteRefused as exc:
        return _refuse(f"{exc}" if str(exc).startswith(shown) else f"{shown}: error: {exc}")
    result = load_text(snapshot.text, path)
    if result.interview is None:
        for problem in result.errors:
            print(visible(str(problem)), file=sys.stderr)
        return _refuse(f"{shown}: error: the file has errors: fix them before annotating it")
    interview = result.interview
    section = section_for(interview, args.qa)
    if section is None:
        return _refuse(f"{shown}: error: {unknown_ref_message(interview, args.qa)}")
    field: TextField | None = (
        "question" if args.question else "answer" if args.answer is not None else None
    )
    answer = args.answer - 1 if args.answer is not None else None
    fields = Fields(note=args.note, kind=args.kind, by=args.by, links=tuple(args.link))
    try:
        anchor = find_in_passage(section, args.on, field, answer)
        plan = add_at_selection(
            snapshot.text,
            path,
            section,
            anchor.field,
            anchor.answer,
            anchor.start,
            anchor.end,
            fields,
        )
    except (SelectionError, EditError) as exc:
        message = str(exc).replace(
            "add a 'prefix' (the words just before it) or a 'suffix' (just after) to pick one",
            "give more words in --on",
        )
        return _refuse(f"{shown}: Q&A {section.number}: error: {message}")
    if args.dry_run:
        diff = difflib.unified_diff(
            snapshot.text.splitlines(keepends=True),
            plan.text.splitlines(keepends=True),
            fromfile=shown,
            tofile=shown,
        )
        sys.stdout.write(visible("".join(diff)))
        return 0
    try:
        write_text(snapshot, plan.text, _state_dir())
    except WriteRefused as exc:
        print(visible(f"{shown}: error: {exc}"), file=sys.stderr)
        print("The annotation, to paste by hand:", file=sys.stderr)
        sys.stderr.write(visible(plan.snippet.replace("\r\n", "\n")))
        return 1
    print(visible(f"{shown}:{plan.line}: annotation added to Q&A {section.number}"))
    sys.stdout.write(visible(plan.snippet.replace("\r\n", "\n")))
    return 0
