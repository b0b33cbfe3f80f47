"""Export an interview as Markdown, HTML, W3C Web Annotations or JSON.

``reader export FILE --to FORMAT [-o OUT]``.

Formats: ``markdown`` (footnotes for annotations), ``html`` (one
self-contained page, no scripts), ``w3c`` (the annotations as a W3C Web
Annotation JSON-LD collection), ``json`` (the loaded model), ``claimreview``
(schema.org ClaimReview JSON-LD of the fact-checks that have a verdict; how
many fact-checks were left out is said on standard error).  Without ``--to``,
the format comes from OUT's suffix (.md, .html, .jsonld, .json,
.claimreview.jsonld).  ``--corrected`` (markdown and html) gives the text
as corrected, each correction marked ``new [corrected from: old]``; answers'
originals are always included.

The export goes to standard output, or to ``-o OUT`` (never over an existing
file without ``--force``, never over the interview itself).  File text never
reaches the terminal raw: Markdown and HTML show control characters as
visible placeholders, JSON and W3C write them as ``\\uXXXX`` escapes.

Exit codes: 0 exported, 1 the interview has errors (printed as
``path:line:col: error: ...``) or cannot be read, 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.cli._output import OutputError, write_output
from reader.export import FORMATS, SUFFIXES, VIEW_FORMATS, export
from reader.links import is_openable
from reader.loader import load_file
from reader.text import visible

HELP = "export an interview to Markdown, HTML, W3C, JSON or ClaimReview"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``reader export``."""
    parser.add_argument("file", metavar="FILE", help="a reader/1 interview file")
    parser.add_argument(
        "--to",
        choices=FORMATS,
        help=(
            "the format (default: from OUT's suffix: "
            ".md, .html, .jsonld, .json, .claimreview.jsonld)"
        ),
    )
    parser.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout")
    parser.add_argument("--force", action="store_true", help="overwrite OUT if it exists")
    parser.add_argument(
        "--corrected",
        action="store_true",
        help="markdown and html: the text as corrected, each correction marked",
    )
    parser.add_argument(
        "--base",
        metavar="URL",
        help="w3c only: the http(s) URL of the published HTML export, to target that page",
    )


def _error(message: str) -> None:
    print(f"reader export: error: {message}", file=sys.stderr)


def _format(args: argparse.Namespace) -> str | None:
    if args.to:
        return str(args.to)
    if args.output:
        name_of_file = Path(args.output).name.lower()
        # Longest suffix first: x.claimreview.jsonld is ClaimReview, x.jsonld W3C.
        for name, known in sorted(SUFFIXES.items(), key=lambda item: -len(item[1])):
            if name_of_file.endswith(known) or (
                name == "markdown" and name_of_file.endswith(".markdown")
            ):
                return name
    return None


def run(args: argparse.Namespace) -> int:
    """Export the interview; see the module docstring for exit codes."""
    to = _format(args)
    if to is None:
        _error("say which format with --to " + "|".join(FORMATS))
        return 2
    if args.base is not None:
        if to != "w3c":
            _error("--base applies to --to w3c only")
            return 2
        if not is_openable(args.base) or "#" in args.base:
            _error(f"--base must be an http(s) URL without a fragment: {visible(args.base)}")
            return 2
    if args.corrected and to not in VIEW_FORMATS:
        _error("--corrected applies to --to " + " and ".join(VIEW_FORMATS) + " only")
        return 2
    result = load_file(Path(args.file))
    for problem in result.problems:
        print(visible(str(problem)).replace("\n", "\u240a"), file=sys.stderr)
    if result.interview is None:
        return 1
    text = export(
        result.interview,
        to,
        base=args.base,
        view="corrected" if args.corrected else "published",
    )
    if to == "claimreview":
        from reader.export.claimreview import left_out

        skipped = left_out(result.interview)
        if skipped:
            noun = "fact-check" if skipped == 1 else "fact-checks"
            print(
                f"reader export: note: {skipped} {noun} left out "
                "(a ClaimReview needs a verdict and an 'on' passage)",
                file=sys.stderr,
            )
    try:
        write_output(text, args.output, force=args.force, inputs=[args.file])
    except OutputError as exc:
        _error(str(exc))
        return 2
    return 0
