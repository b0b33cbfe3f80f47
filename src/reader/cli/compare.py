"""Print every answer on one topic across interviews, grouped by interview.

``reader compare TOPIC [PATH ...] [--json]``: the Q&As whose section lists
TOPIC in ``topics`` are printed grouped by interview, in path order.  Each
interview starts with a line ``== path: Title (N answers in M Q&As)``; each
answer with a locator line ``path:line:col: Q&A N (id), answer K: title``,
then the answer with its citation exactly as ``y`` copies it (see
:mod:`reader.quote`).  ``--json`` prints one JSON object per answer and line
instead, as ``reader search --json`` does: ``topic``, ``path``, ``line``,
``column``, and the fields of ``reader quote --format json`` for that answer
(``interview``, ``qa``, ``answer``, ``notes``, ``citation``), every
non-ASCII character escaped.

Exit status: 0 answers printed; 1 no Q&A has the topic (the message names
the closest topics there are); 2 a usage error (TOPIC is not a slug) or a
file that does not load (reported on standard error; the other files are
still compared).  File text passes through :func:`reader.text.visible`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from reader.cli._args import add_paths_argument
from reader.compare import TOPIC_RE, UnknownTopic, compare
from reader.model import Interview
from reader.text import visible

__all__ = ["add_arguments", "run"]

HELP = "print every answer on a topic, across interviews"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``reader compare``."""
    parser.add_argument("topic", metavar="TOPIC", help="a topic slug, such as first-film")
    add_paths_argument(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON object per answer")


def _error(message: str) -> None:
    sys.stderr.write(" ".join(visible(f"reader compare: error: {message}").split()) + "\n")


def _load(paths: list[Path]) -> tuple[list[Interview], int]:
    """The interviews that load, and how many problems were reported."""
    from reader.loader import expand_paths, load_file

    files, empty = expand_paths(paths)
    errors = 0
    for folder in empty:
        _error(f"{folder}: no interview files (*.yaml, *.yml) in this folder")
        errors += 1
    interviews = []
    for path in files:
        result = load_file(path)
        if result.interview is None:
            first = result.errors[0] if result.errors else f"{path}: cannot load"
            sys.stderr.write(" ".join(visible(str(first)).split()) + "\n")
            errors += 1
        else:
            interviews.append(result.interview)
    return interviews, errors


def run(args: argparse.Namespace) -> int:
    """Print the answers on the topic; see the module docstring for exit codes."""
    from reader.quote import answer_record, format_answer

    topic: str = args.topic
    if not TOPIC_RE.fullmatch(topic):
        _error(f"{topic!r} is not a topic: topics are slugs such as first-film")
        return 2
    if args.paths:
        paths = list(args.paths)
    else:
        from reader.paths import default_paths

        paths = default_paths()
    interviews, errors = _load(paths)
    try:
        groups = compare(interviews, topic)
    except UnknownTopic as exc:
        _error(exc.describe())
        return 2 if errors else 1
    out: list[str] = []
    for group in groups:
        interview = group.interview
        path = visible(str(interview.path))
        if not args.json:
            count = group.answer_count
            answers = "1 answer" if count == 1 else f"{count} answers"
            qas = "1 Q&A" if len(group.sections) == 1 else f"{len(group.sections)} Q&As"
            if out:
                out.append("")
            out.append(f"== {path}: {visible(interview.title)} ({answers} in {qas})")
        for section in group.sections:
            for index, answer in enumerate(section.answers):
                where = answer.quote_position
                if args.json:
                    record = {
                        "topic": topic,
                        "path": str(interview.path),
                        "line": where.line,
                        "column": where.column,
                        **answer_record(interview, section, index),
                    }
                    out.append(json.dumps(record, ensure_ascii=True))
                    continue
                title = " ".join(visible(section.title).split())
                out += [
                    "",
                    f"{path}:{where}: Q&A {section.number} ({section.id}), "
                    f"answer {index + 1}: {title}",
                    "",
                    format_answer(interview, section, index, "text").rstrip("\n"),
                ]
    sys.stdout.write("\n".join(out) + "\n")
    return 2 if errors else 0
