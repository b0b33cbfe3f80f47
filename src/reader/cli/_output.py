"""Writing a subcommand's output to standard output or to ``-o FILE``, safely.

Shared by ``reader import`` and ``reader export``: an existing file is never
replaced without ``--force``, an input file is never written over (not even
with ``--force``), and a forced overwrite goes through a temporary file and
an atomic rename, so a failure leaves the old file whole.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path

from reader.atomic import atomic_write
from reader.text import visible

__all__ = ["OutputError", "write_output"]


class OutputError(Exception):
    """The output file cannot or must not be written; the message says why."""


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def write_output(
    text: str, out: str | None, *, force: bool, inputs: Iterable[str] = ()
) -> Path | None:
    """Write ``text`` (UTF-8) to ``out``, or to standard output when ``out`` is None or ``-``.

    Returns the path written, or None for standard output.  Raises
    :class:`OutputError` when ``out`` exists and ``force`` is false, when it
    is one of ``inputs``, is a folder, or cannot be written.
    """
    if out is None or out == "-":
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:
            buffer.write(text.encode("utf-8"))
            buffer.flush()
        else:
            sys.stdout.write(text)
        return None
    path = Path(out)
    shown = visible(out)
    for source in inputs:
        if source != "-" and _same_file(path, Path(source)):
            raise OutputError(f"{shown} is the input file; refusing to write over it")
    if path.is_dir():
        raise OutputError(f"{shown} is a folder; give a file name")
    data = text.encode("utf-8")
    try:
        if not force:
            try:
                with path.open("xb") as handle:
                    handle.write(data)
            except FileExistsError:
                raise OutputError(f"{shown} exists; use --force to overwrite it") from None
            return path
        atomic_write(path, data)
    except OSError as exc:
        raise OutputError(f"{shown}: {visible(exc.strerror or str(exc))}") from None
    return path
