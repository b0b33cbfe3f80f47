"""``reader [PATH ...]``: open the terminal UI (placeholder until the UI lands)."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of the default command."""
    parser.add_argument("paths", nargs="*", metavar="PATH", help="interview files or folders")
    parser.add_argument("--qa", metavar="ID_OR_NUMBER", help="open at this Q&A")


def run(args: argparse.Namespace) -> int:
    """Open the UI."""
    raise NotImplementedError
