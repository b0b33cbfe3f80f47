"""The ``reader`` command line: a thin dispatcher over subcommand modules.

``reader [PATH ...]`` opens the terminal UI; ``reader SUBCOMMAND ...`` runs a
subcommand.  Each subcommand lives in its own module of this package and
exposes ``HELP`` (one line), ``add_arguments(parser)`` and ``run(args) -> int``;
modules are imported only when their subcommand runs, so ``reader check`` never
pays for importing Textual.  A module may also expose
``parse_fast(argv) -> namespace | None``, which parses the common forms of its
command line without importing argparse (``reader search`` is run often, and
argparse with the modules it pulls in is a tenth of its start-up); it returns
None for anything else, and argparse then parses the line, so help and
usage errors always come from argparse.

Exit codes: 0 success, 1 "found something wrong" (or, for search, nothing
matched), 2 usage error, 130 interrupted.
"""

from __future__ import annotations

import gc
import os
import sys

from reader import __version__

# Not typing.TYPE_CHECKING: importing typing costs 2-3 ms of a warm
# `reader search --count` (python -X importtime, 2026-12-04); mypy treats
# any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import ModuleType

__all__ = ["SUBCOMMANDS", "main"]

SUBCOMMANDS: dict[str, tuple[str, str]] = {
    # name: (module, one-line help shown by ``reader --help``)
    "check": ("reader.cli.check", "check interview files and report problems"),
    "schema": ("reader.cli.schema", "print the JSON Schema of the reader/1 format"),
    "search": ("reader.cli.search", "search quotes by keyword, like grep"),
    "quote": ("reader.cli.quote", "print a Q&A or answer with its citation"),
    "compare": ("reader.cli.compare", "print every answer on a topic, across interviews"),
    "import": ("reader.cli.import_", "turn a plain-text transcript into a reader/1 file"),
    "export": (
        "reader.cli.export",
        "export an interview to Markdown, HTML, W3C, JSON or ClaimReview",
    ),
    "serve": ("reader.cli.serve", "serve the reader to a web browser, read-only"),
    "annotate": ("reader.cli.annotate", "add an annotation to an interview file"),
}

_EPILOG = (
    "subcommands:\n"
    + "\n".join(f"  {name:<9} {help_}" for name, (_, help_) in SUBCOMMANDS.items())
    + "\n\nRun 'reader SUBCOMMAND --help' for a subcommand's options."
)


def _subcommand_module(name: str) -> ModuleType:
    # __import__, not importlib.import_module: importing importlib is a
    # cost (0.3 ms) that no subcommand needs.
    module = SUBCOMMANDS[name][0]
    __import__(module)
    return sys.modules[module]


def _exit_at_once(code: int) -> None:
    """End the process now, when nothing is left for the interpreter's clean-up to do.

    Tearing down the modules and objects of a finished ``reader search``
    takes about 3 ms, a tenth of a warm ``--count`` over 1,000 files
    (ripgrep takes 15 ms): the output is flushed here, the index is
    closed, and when no exit handler was registered and no thread module
    loaded (as on the count path: no process pool), nothing else is due.
    Only for the console script (``main()`` without ``argv``), never for
    a caller that goes on after :func:`main`.
    """
    import atexit

    if "threading" in sys.modules or getattr(atexit, "_ncallbacks", lambda: 1)():
        return
    # A profiler or tracer (python -m cProfile, trace, a debugger) writes its
    # results after main() returns: ending here would lose them.
    if sys.getprofile() is not None or sys.gettrace() is not None or _monitored():
        return
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # closed when the process started (2>&-): nothing to flush
            continue
        try:
            stream.flush()
        except Exception:
            return  # let the interpreter report it as it would
    os._exit(code)


def _monitored() -> bool:
    """Whether a tool watches this process through sys.monitoring (Python 3.12 on)."""
    monitoring = getattr(sys, "monitoring", None)
    if monitoring is None:
        return False
    return any(monitoring.get_tool(tool) is not None for tool in range(6))


def _subcommand(name: str, args: list[str]) -> int:
    """Run subcommand ``name`` with its arguments ``args``; return the exit code."""
    module = _subcommand_module(name)
    parse_fast = getattr(module, "parse_fast", None)
    fast = parse_fast(args) if parse_fast is not None else None
    if fast is not None:
        return int(module.run(fast))
    import argparse

    parser = argparse.ArgumentParser(
        prog=f"reader {name}",
        description=module.__doc__.strip().splitlines()[0] if module.__doc__ else None,
    )
    module.add_arguments(parser)
    return int(module.run(parser.parse_args(args)))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``reader`` console script; returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] in SUBCOMMANDS:
            name = args[0]
            # `reader search` makes many small objects (a record per file
            # searched, a row per hit) and no cycles: the garbage collector's
            # passes over them (25 while counting a word over 1,000 files)
            # took about 2 ms of a warm `--count` of about 30 ms.
            collecting = name == "search" and gc.isenabled()
            if collecting:
                gc.disable()
            try:
                code = _subcommand(name, args[1:])
            finally:
                if collecting:
                    gc.enable()
            if argv is None and name == "search":
                _exit_at_once(code)
            return code
        import argparse

        from reader.cli import open_ as open_command

        parser = argparse.ArgumentParser(
            prog="reader",
            description="A terminal reader for annotated interviews.",
            epilog=_EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        parser.add_argument("--version", action="version", version=f"reader {__version__}")
        open_command.add_arguments(parser)
        return int(open_command.run(parser.parse_args(args)))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `reader search ... | head`: the reader went away; not an error of ours.
        # Point stdout at /dev/null so the interpreter's final flush is quiet.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
