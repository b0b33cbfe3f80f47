"""Print the JSON Schema (draft 2020-12) of the reader/1 format.

``reader schema > reader-1.schema.json``, then point your editor's YAML
language server at it (docs/format.md shows how).
"""

from __future__ import annotations

import argparse
import json
import sys

from reader.schema import build_schema

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``reader schema`` takes no arguments."""


def run(args: argparse.Namespace) -> int:
    """Print the schema; exit 0."""
    sys.stdout.write(json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n")
    return 0
