"""Check interview files and report their problems, one per line, as compilers do.

``reader check [PATH ...] [--format text|json]``.  Each PATH is a file or a
folder (every ``*.yaml``/``*.yml`` below it, sorted); with none, ``./interviews``
if it exists, else the bundled interviews.  Text output is one
``path:line:col: error: message`` (or ``warning:``) line per problem and a
summary line; JSON output is one document (see docs/format.md).  Exit status:
0 no errors (warnings allowed), 1 at least one error, 2 usage error.
File text in messages is passed through :func:`reader.text.visible`, so a
hostile file cannot send control sequences to the terminal.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from reader.cli._args import add_paths_argument
from reader.loader import expand_paths, load_file
from reader.model import LoadResult, Problem, Severity
from reader.paths import default_paths
from reader.text import visible

__all__ = ["add_arguments", "check", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``reader check``."""
    add_paths_argument(parser)
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: one 'path:line:col: error: message' line per problem (default); "
        "json: one JSON document for editors and scripts",
    )


class _FolderProblem:
    """A problem with a folder argument itself (no line or column)."""

    __slots__ = ("message", "path")

    def __init__(self, path: Path, message: str) -> None:
        self.path = path
        self.message = message


def check(paths: list[Path]) -> tuple[list[LoadResult], list[_FolderProblem]]:
    """Load every file below ``paths``; return the results and empty-folder problems."""
    files, empty = expand_paths(paths)
    problems = [
        _FolderProblem(path, "no interview files (*.yaml, *.yml) in this folder") for path in empty
    ]
    return [load_file(path) for path in files], problems


def _counts(results: list[LoadResult], empty: list[_FolderProblem]) -> tuple[int, int]:
    errors = len(empty)
    warnings = 0
    for result in results:
        for problem in result.problems:
            if problem.severity is Severity.ERROR:
                errors += 1
            else:
                warnings += 1
    return errors, warnings


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def summary_line(files: int, errors: int, warnings: int) -> str:
    """``3 files checked, 2 errors`` (and ``, N warnings`` when there are any)."""
    line = f"{_plural(files, 'file')} checked, {_plural(errors, 'error')}"
    if warnings:
        line += f", {_plural(warnings, 'warning')}"
    return line


def format_problem(problem: Problem) -> str:
    """One problem as a terminal-safe ``path:line:col: severity: message`` line."""
    return visible(str(problem)).replace("\n", " ")


def _json_text(text: str) -> str:
    # Lone surrogates (from undecodable file names) cannot be encoded in JSON.
    return text.encode("utf-8", "replace").decode("utf-8") if _has_surrogate(text) else text


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def to_json(results: list[LoadResult], empty: list[_FolderProblem]) -> dict[str, Any]:
    """The JSON document of ``reader check --format json`` (shape in docs/format.md)."""
    errors, warnings = _counts(results, empty)
    problems: list[dict[str, Any]] = [
        {
            "path": _json_text(str(item.path)),
            "line": None,
            "column": None,
            "severity": "error",
            "message": item.message,
        }
        for item in empty
    ]
    files: list[dict[str, Any]] = []
    for result in results:
        file_errors = len(result.errors)
        files.append(
            {
                "path": _json_text(str(result.path)),
                "ok": result.ok,
                "errors": file_errors,
                "warnings": len(result.problems) - file_errors,
            }
        )
        problems.extend(
            {
                "path": _json_text(problem.path),
                "line": problem.line,
                "column": problem.column,
                "severity": str(problem.severity),
                "message": _json_text(problem.message),
            }
            for problem in result.problems
        )
    return {
        "files": files,
        "problems": problems,
        "summary": {"files": len(results), "errors": errors, "warnings": warnings},
    }


def _write(text: str) -> None:
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        stream.flush()
        buffer.write(text.encode("utf-8", "replace"))
        buffer.flush()
    else:
        stream.write(text)
        stream.flush()


def run(args: argparse.Namespace) -> int:
    """Check the files; print the problems; 0 clean, 1 problems found."""
    paths = list(args.paths) or default_paths()
    results, empty = check(paths)
    errors, warnings = _counts(results, empty)
    if args.format == "json":
        _write(json.dumps(to_json(results, empty), ensure_ascii=True, indent=2) + "\n")
    else:
        lines = [visible(f"{item.path}: error: {item.message}") for item in empty]
        for result in results:
            lines.extend(format_problem(problem) for problem in result.problems)
        lines.append(summary_line(len(results), errors, warnings))
        _write("\n".join(lines) + "\n")
    return 1 if errors else 0
