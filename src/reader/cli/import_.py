"""Turn a transcript (WebVTT, SRT, Otter, OHMS, Whisper JSON, text) into reader/1.

``reader import FILE [-o OUT.yaml] [--from FORMAT] ...``.

The YAML goes to standard output, or to ``-o OUT`` (never over an existing
file without ``--force``, never over the transcript itself).  A summary goes
to standard error: the people found with their turns, the number of Q&As, and
every passage skipped or worth a look, with its line number.

Exit codes: 0 imported, 1 the transcript cannot be imported (none of the
formats, broken timings, binary, not UTF-8, unreadable), 2 usage error (bad
option, a label that is not in the transcript, an output file that exists).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from reader.cli._output import OutputError, write_output
from reader.importer import (
    FORMATS,
    LABEL_FORMS,
    MAX_IMPORT_BYTES,
    ImportOptionError,
    Options,
    TranscriptError,
    import_bytes,
    media_problem,
    summary_lines,
)
from reader.loader import load_text
from reader.text import visible
from reader.yamlwrite import dump

HELP = "turn a transcript (WebVTT, SRT, Otter, OHMS, Whisper JSON, text) into a reader/1 file"


def _offset(value: str) -> float:
    """An ``--offset``: a finite number of seconds, less than 100 hours either way."""
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not math.isfinite(seconds) or abs(seconds) >= 100 * 3600:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a number of seconds under 100 hours"
        ) from None
    return seconds


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``reader import``."""
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = (
        "formats (detected from the content; --from forces one):\n"
        + "\n".join(f"  {key:<8} {what}" for key, what in FORMATS.items())
        + "\n\nspeaker labels recognised in text:\n"
        + "\n".join(f"  {form}" for form in LABEL_FORMS)
    )
    parser.add_argument(
        "file", metavar="FILE", help="the transcript (UTF-8, or UTF-16 with a BOM; - for stdin)"
    )
    parser.add_argument(
        "--from",
        dest="fmt",
        choices=list(FORMATS),
        help="the transcript's format, when detection gets it wrong",
    )
    parser.add_argument(
        "-o", "--output", metavar="OUT", help="write the YAML here instead of standard output"
    )
    parser.add_argument("--force", action="store_true", help="overwrite OUT if it exists")
    parser.add_argument(
        "--same",
        action="append",
        default=[],
        metavar="LABEL=OTHER",
        help='two labels of one person, e.g. "DR. MURTHY=SURGEON GENERAL MURTHY" '
        "(the other label goes to aka); repeatable",
    )
    parser.add_argument(
        "--name",
        action="append",
        default=[],
        metavar="LABEL=NAME",
        help='the name of a label\'s person, e.g. "SPEAKER_00=Carme Puig"; repeatable',
    )
    parser.add_argument(
        "--interviewer",
        action="append",
        default=None,
        metavar="LABEL",
        help="a label of someone who asks (repeatable; default: Q, Interviewer, "
        "Host and the like); with --alternate, the interviewer's name",
    )
    parser.add_argument(
        "--interviewee",
        action="append",
        default=[],
        metavar="NAME",
        help="who answers: a label (then the other speaker asks), or with --alternate "
        "or unlabelled questions, a name",
    )
    parser.add_argument(
        "--moderator",
        action="append",
        default=[],
        metavar="LABEL",
        help="a label of someone who calls on people (their turns stay inside a Q&A "
        "unless they ask); default: Moderator",
    )
    parser.add_argument(
        "--alternate",
        action="store_true",
        help="unlabelled paragraphs alternate question and answer, starting with a question",
    )
    parser.add_argument(
        "--offset",
        type=_offset,
        default=0.0,
        metavar="SECONDS",
        help="add SECONDS (may be negative) to every time",
    )
    parser.add_argument(
        "--media",
        metavar="URL|PATH",
        help="the recording: an http(s) URL, or a path relative to the interview file",
    )
    parser.add_argument("--title", help="the interview's title (default: front matter, first line)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary on standard error")


def _error(message: str) -> None:
    print(f"reader import: error: {message}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    """Import the transcript; see the module docstring for exit codes."""
    if args.file == "-":
        name = "<stdin>"
        data = sys.stdin.buffer.read()
    else:
        path = Path(args.file)
        name = args.file
        try:
            if path.is_file() and path.stat().st_size > MAX_IMPORT_BYTES:
                _error(f"{visible(args.file)}: larger than {MAX_IMPORT_BYTES // 2**20} MiB")
                return 1
            if path.exists() and not path.is_file():
                _error(f"{visible(args.file)}: not a regular file")
                return 1
            data = path.read_bytes()
        except OSError as exc:
            _error(f"{visible(args.file)}: {visible(exc.strerror or str(exc))}")
            return 1
    if args.media is not None and media_problem(args.media):
        _error(f"--media {visible(args.media)}: {media_problem(args.media)}")
        return 2
    options = Options(
        interviewers=tuple(args.interviewer) if args.interviewer else None,
        interviewees=tuple(args.interviewee),
        moderators=tuple(args.moderator),
        same=tuple(args.same),
        names=tuple(args.name),
        title=args.title,
        alternate=args.alternate,
        offset=args.offset,
        media=args.media,
    )
    try:
        result = import_bytes(
            data, name=None if args.file == "-" else name, fmt=args.fmt, options=options
        )
    except TranscriptError as exc:
        where = f"{visible(name)}:{exc.line}: " if exc.line else f"{visible(name)}: "
        print(f"{where}error: {exc.message}", file=sys.stderr)
        return 1
    except ImportOptionError as exc:
        _error(visible(str(exc)))
        return 2
    # json.dumps: an ASCII, one-line rendering of any file name for the comment.
    header = [f"Imported by reader import from {json.dumps(Path(name).name)}"]
    output = dump(result.document, header=header)
    # A safety net: what import writes must load.  A failure here is a bug in
    # the importer, never the user's; say so rather than write a broken file.
    verified = load_text(output, Path("imported.yaml"))
    if verified.errors:
        _error("the result does not pass the reader/1 loader (a bug in reader import):")
        for problem in verified.errors:
            print(f"  {visible(str(problem))}", file=sys.stderr)
        return 1
    try:
        written = write_output(output, args.output, force=args.force, inputs=[args.file])
    except OutputError as exc:
        _error(str(exc))
        return 2
    if not args.quiet:
        for line in summary_lines(result, name):
            print(line, file=sys.stderr)
        if written is not None:
            print(f"wrote {visible(str(written))}", file=sys.stderr)
    return 0
