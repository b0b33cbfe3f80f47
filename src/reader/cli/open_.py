"""``reader [PATH ...]``: open the terminal UI on interview files or folders."""

from __future__ import annotations

import argparse

from reader.cli._args import add_paths_argument


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of the default command."""
    add_paths_argument(parser)
    parser.add_argument(
        "--qa", metavar="QA", help="open at this Q&A (its number, its id or words of its title)"
    )


def run(args: argparse.Namespace) -> int:
    """Open the UI; returns the exit code."""
    from reader.paths import default_paths
    from reader.ui.app import make_app

    paths = list(args.paths) or default_paths()
    app = make_app(paths, qa=args.qa)
    app.run()
    return app.return_code or 0
