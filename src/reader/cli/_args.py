"""Command-line arguments that several subcommands share, worded once."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

__all__ = ["add_paths_argument", "answer_number"]


def add_paths_argument(
    parser: argparse.ArgumentParser, type: Callable[[str], object] = Path
) -> None:
    """The optional ``PATH ...`` of interview files or folders (``type`` makes each one)."""
    parser.add_argument(
        "paths",
        nargs="*",
        type=type,
        metavar="PATH",
        help="interview files or folders (default: ./interviews, else the bundled interviews)",
    )


def answer_number(value: str) -> int:
    """An ``--answer N`` argument: a whole number from 1 (answers are numbered from 1)."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("answers are numbered from 1")
    return number
