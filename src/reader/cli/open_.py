"""``reader [PATH ...]``: open the terminal UI on interview files or folders."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of the default command."""
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="interview files or folders (default: ./interviews, else the bundled interviews)",
    )
    parser.add_argument(
        "--qa", metavar="ID_OR_NUMBER", help="open at this Q&A (number, id or words of its title)"
    )


def run(args: argparse.Namespace) -> int:
    """Open the UI; returns the exit code."""
    from reader.paths import default_paths
    from reader.ui.app import make_app

    paths = list(args.paths) or default_paths()
    app = make_app(paths, qa=args.qa)
    app.run()
    return app.return_code or 0
