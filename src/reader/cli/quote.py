"""``reader quote FILE QA``: print a Q&A, or one answer, with its citation.

The output is what the ``Y`` and ``y`` keys copy: Markdown by default, or
plain text or JSON (``--format``); see :mod:`reader.quote` for the exact
shape.  QA is a Q&A reference (:mod:`reader.qaref`: number, id or title
words); ``--answer N`` (1-based) prints only that answer.  ``--corrected``
gives the text as corrected, each correction marked ``new [corrected from:
old]``; ``--original`` gives each answer's original text with its language
(refused for an answer without one).

Exit codes: 0 printed; 1 the file has errors (printed as
``path:line:col: error: ...``), no such Q&A, or no such answer; 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.cli._args import answer_number
from reader.qaref import QA_REF_HELP, section_for, unknown_ref_message
from reader.quote import FORMATS, QuoteView, format_answer, format_section
from reader.text import visible

HELP = "print a Q&A or answer with its citation"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``reader quote``."""
    parser.add_argument("file", metavar="FILE", type=Path, help="an interview file")
    parser.add_argument("qa", metavar="QA", help=QA_REF_HELP)
    parser.add_argument(
        "--answer",
        "-a",
        metavar="N",
        type=answer_number,
        help="print only answer N (1-based) of the Q&A",
    )
    view = parser.add_mutually_exclusive_group()
    view.add_argument(
        "--corrected",
        action="store_true",
        help="the text as corrected, each correction marked [corrected from: ...]",
    )
    view.add_argument(
        "--original",
        action="store_true",
        help="the answers' original text (the words as spoken), with its language",
    )
    parser.add_argument(
        "--format",
        "-f",
        choices=FORMATS,
        default="markdown",
        help="output format (default: markdown)",
    )


def _error(message: str) -> int:
    print(visible(message), file=sys.stderr)
    return 1


def run(args: argparse.Namespace) -> int:
    """Print the quote; return the exit code."""
    from reader.loader import load_file

    path: Path = args.file
    try:
        result = load_file(path)
    except OSError as error:
        return _error(f"{path}: error: {error.strerror or error}")
    if result.interview is None:
        for problem in result.errors:
            print(visible(str(problem)), file=sys.stderr)
        return 1
    interview = result.interview
    section = section_for(interview, args.qa)
    if section is None:
        return _error(f"{path}: error: {unknown_ref_message(interview, args.qa)}")
    view: QuoteView = (
        "corrected" if args.corrected else "original" if args.original else "published"
    )
    if args.answer is None:
        try:
            text = format_section(interview, section, args.format, view)
        except ValueError as error:
            return _error(f"{path}: error: {error}")
    else:
        count = len(section.answers)
        if args.answer > count:
            plural = "answer" if count == 1 else "answers"
            return _error(
                f"{path}: error: Q&A {section.number} has {count} {plural}; "
                f"there is no answer {args.answer}"
            )
        try:
            text = format_answer(interview, section, args.answer - 1, args.format, view)
        except ValueError as error:
            return _error(f"{path}: error: {error}")
    sys.stdout.write(text)
    return 0
