"""Command-line arguments that several subcommands share, worded once."""

from __future__ import annotations

import argparse
from pathlib import Path

__all__ = ["add_paths_argument"]


def add_paths_argument(parser: argparse.ArgumentParser) -> None:
    """The optional ``PATH ...`` of interview files or folders."""
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="interview files or folders (default: ./interviews, else the bundled interviews)",
    )
