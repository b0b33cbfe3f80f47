"""Search quotes by keyword, like grep: ``reader search QUERY [PATH ...]``.

Each hit (a question, an answer or an annotation note that matches) prints
as one line, ``path:line:col: Speaker: ...context...``, the way grep and
ripgrep print matching lines, with the matches highlighted when standard
output is a terminal (``--color``, ``NO_COLOR``).  ``--count`` prints the
number of matching passages; ``--json`` prints one JSON object per hit and
line.  The query language is described in docs/search.md.

Exit status, as grep's: 0 something matched, 1 nothing matched, 2 an error
(a bad query, a path that cannot be read, a file that does not load: those
are reported on standard error, and the other files are still searched).

File text is passed through :func:`reader.text.visible` (terminal output)
or JSON-escaped with ``ensure_ascii`` (``--json``): no byte sequence from a
file reaches the terminal except printable text.
"""

from __future__ import annotations

import os
import re
import sys
from bisect import bisect_right
from types import SimpleNamespace

from reader.paths import as_path

# A warm ``reader search --count`` imports only what counting needs: not
# typing (typing.TYPE_CHECKING included; mypy takes any TYPE_CHECKING as
# true), pathlib, json, the matching of hits or what prints them
# (tests/test_search_cli.py checks; docs/search.md, "Measured", says what
# each costs).
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Iterable, Iterator, Sequence
    from typing import TextIO

    from reader.model import Problem
    from reader.search.query import Query
    from reader.search.records import Hit
    from reader.search.store import PassageRow

__all__ = ["add_arguments", "format_hit", "hit_context", "parse_fast", "run"]

HELP = "search quotes by keyword, like grep"

CONTEXT_WIDTH = 100
"""Characters of passage shown around the matches (the whole passage when shorter)."""

CONTEXT_BEFORE = 30
"""Of those, at most this many before the first match."""

_MATCH = "\x1b[1;31m"
_PATH = "\x1b[35m"
_NUMBER = "\x1b[32m"
_LABEL = "\x1b[1m"
_RESET = "\x1b[0m"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``reader search``."""
    from reader.cli._args import add_paths_argument

    parser.add_argument("query", metavar="QUERY", help="what to look for (see docs/search.md)")
    # As strings, tidied as parse_fast gives them: pathlib is not imported to count.
    add_paths_argument(parser, type=_tidy)
    output = parser.add_mutually_exclusive_group()
    output.add_argument(
        "--count", action="store_true", help="print only the number of matching passages"
    )
    output.add_argument("--json", action="store_true", help="print one JSON object per hit")
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="read every file now and keep nothing (default: use the search cache)",
    )
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="highlight matches: auto (on a terminal, unless NO_COLOR is set), always, never",
    )


_FLAGS = {"--count": "count", "--json": "json", "--no-cache": "no_cache"}
_COLORS = ("auto", "always", "never")


def parse_fast(argv: Sequence[str]) -> SimpleNamespace | None:
    """The arguments :func:`add_arguments` describes, for the common command lines.

    ``QUERY [PATH ...]`` with the options before or after them, each option
    written out whole: what argparse would give, without importing it.
    None for anything else (help, an abbreviated or unknown option, ``--``,
    a word starting with ``-``, options between the words, two output
    modes, a missing query): argparse parses those, and gives its own
    help and messages.  A test checks that the two agree.

    Why: importing argparse costs 7 ms (python -X importtime, 2026-12-04)
    of a warm ``reader search --count`` of about 90 ms
    (bench/bench_search.py), a command whose target is 2x ripgrep's time.
    """
    words: list[str] = []
    flags = {"count": False, "json": False, "no_cache": False}
    color = "auto"
    ended = False  # the words have ended: an option came after them
    arguments = iter(argv)
    for argument in arguments:
        if not argument.startswith("-"):
            if ended:
                return None
            words.append(argument)
            continue
        if words:
            ended = True
        if argument in _FLAGS:
            flags[_FLAGS[argument]] = True
        elif argument == "--color":
            value = next(arguments, None)
            if value not in _COLORS:
                return None
            color = value
        elif argument.startswith("--color=") and argument[8:] in _COLORS:
            color = argument[8:]
        else:
            return None
    if not words or (flags["count"] and flags["json"]):
        return None
    # Tidied as pathlib would ("./lib//" is "lib", "" is "."), without importing it.
    paths = [as_path(word)[0] for word in words[1:]]
    return SimpleNamespace(query=words[0], paths=paths, color=color, **flags)


def _tidy(path: str) -> str:
    """``str(Path(path))`` without importing pathlib (see :func:`reader.paths.as_path`)."""
    return as_path(path)[0]


def use_color(choice: str, stream: TextIO) -> bool:
    """Whether to write ANSI colours to ``stream`` for ``--color choice``."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


_visible: list[Callable[[str], str]] = []
"""reader.text.visible, once imported: counting prints no file text (1 ms to import), and
importing it at each line took 2% of printing."""


def _one_line(text: str) -> str:
    """Terminal-safe text on one line (a newline in a file name shows as ␤)."""
    if not _visible:
        from reader.text import visible

        _visible.append(visible)
    return _visible[0](text).replace("\n", "\u2424").replace("\t", " ")


_LONG_SPACES = re.compile(r"\s{2,}")


def _same(offset: int) -> int:
    return offset


def _fold_spaces(text: str) -> tuple[str, Callable[[int], int]]:
    """``text`` with each white space run as one space, and offsets into it.

    The same text as :func:`reader.text.fold_whitespace`, but the offset
    map is computed from the runs of two or more spaces only (the only ones
    that move the text), which costs nothing for most passages.
    """
    # str.split() and the regex agree on what white space is (both use
    # str.isspace()); splitting and joining is the faster of the two.
    words = text.split()
    if words:
        folded = " ".join(words)
        if text[0].isspace():
            folded = " " + folded
        if text[-1].isspace():
            folded += " "
    else:
        folded = " " if text else ""
    if len(folded) == len(text):
        # No run of two or more: nothing moved.
        return folded, _same
    runs = [match.span() for match in _LONG_SPACES.finditer(text)]
    starts = [start for start, _ in runs]
    removed: list[int] = []  # characters removed up to the end of each run
    total = 0
    for start, end in runs:
        total += end - start - 1
        removed.append(total)

    def to_folded(offset: int) -> int:
        at = bisect_right(starts, offset) - 1
        if at < 0:
            return offset
        start, end = runs[at]
        if offset < end:
            # Inside a run: its one space.
            return start - (removed[at] - (end - start - 1))
        return offset - removed[at]

    return folded, to_folded


_REACH = 4 * CONTEXT_WIDTH
"""How far past the first match :func:`hit_context` looks for the others."""


def hit_context(
    text: str,
    matches: Sequence[tuple[int, int]],
    width: int = CONTEXT_WIDTH,
    before: int = CONTEXT_BEFORE,
) -> tuple[str, list[tuple[int, int]]]:
    """A one-line window of ``text`` around its matches, and the matches in it.

    White space runs become one space; a passage longer than ``width`` is cut
    to a window starting a little before the first match, at word
    boundaries, with ``…`` where text was left out.  The returned text is
    not yet made terminal-safe (:func:`reader.text.visible` keeps lengths).
    """
    first = matches[0][0] if matches else 0
    # Only a slice around the first match is looked at: passages can be
    # megabytes long, and folding white space costs per character.
    low = max(0, first - 4 * before)
    high = min(len(text), first + 4 * width)  # _REACH for the default width
    folded, to_folded = _fold_spaces(text[low:high])
    spans = [
        (to_folded(start - low), to_folded(end - 1 - low) + 1)
        for start, end in matches
        if end > start and start >= low and end <= high
    ]
    lead = len(folded) - len(folded.lstrip(" ")) if low == 0 else 0
    line = folded[lead:]
    if high == len(text):
        line = line.rstrip(" ")
    spans = [(a - lead, b - lead) for a, b in spans]
    cut_before, cut_after = low > 0, high < len(text)
    if len(line) <= width and not cut_before and not cut_after:
        return line, spans
    anchor = spans[0][0] if spans else 0
    start = max(0, anchor - before)
    if start > 0 or cut_before:
        space = line.find(" ", start, max(anchor, start + 1))
        if space >= 0:
            start = space + 1
    end = min(len(line), start + width)
    if end < len(line):
        space = line.rfind(" ", max(start, anchor + 1), end)
        if space > start:
            end = space
    window = line[start:end].strip(" ")
    start += len(line[start:end]) - len(line[start:end].lstrip(" "))
    prefix = "…" if start > 0 or cut_before else ""
    suffix = "…" if end < len(line) or cut_after else ""
    shift = len(prefix) - start
    shown = [
        (max(a, start) + shift, min(b, start + len(window)) + shift)
        for a, b in spans
        if b > start and a < start + len(window)
    ]
    return prefix + window + suffix, shown


def _label(hit: Hit) -> str:
    return _label_of(hit.field, hit.kind, hit.speaker, hit.speaker_name)


def _label_of(field: str, kind: str | None, speaker: str | None, name: str | None) -> str:
    if field == "annotation":
        return f"[{kind or 'note'}]"
    if field == "original":
        return f"{name or speaker or 'Answer'} (original)"
    if name or speaker:
        return name or speaker or ""
    return "Question" if field == "question" else "Answer"


def format_hit(hit: Hit, *, color: bool, query: Query | None = None) -> str:
    """One output line (without the newline) for a hit: ``path:line:col: Label: context``.

    With the ``query`` that found the hit, only the matches near the first
    one are computed (:func:`reader.search.match.leading_matches`): the same
    line, without folding the whole passage.
    """
    path = _one_line(str(hit.path))
    if query is None:
        matches = hit.matches
    else:
        from reader.search.match import leading_matches

        matches = leading_matches(query, hit.text, _REACH)
    return _format_line(
        path, hit.line, hit.column, _one_line(_label(hit)), hit.text, matches, color
    )


def _format_line(
    path: str,
    line: int,
    column: int,
    label: str,
    text: str,
    matches: Sequence[tuple[int, int]],
    color: bool,
) -> str:
    """:func:`format_hit`'s line, from a path and a label already made terminal-safe."""
    snippet, spans = hit_context(text, matches)
    snippet = _one_line(snippet)
    if not color:
        return f"{path}:{line}:{column}: {label}: {snippet}"
    pieces: list[str] = []
    pos = 0
    for start, end in spans:
        pieces.append(snippet[pos:start])
        pieces.append(f"{_MATCH}{snippet[start:end]}{_RESET}")
        pos = end
    pieces.append(snippet[pos:])
    return (
        f"{_PATH}{path}{_RESET}:{_NUMBER}{line}{_RESET}:{_NUMBER}{column}{_RESET}: "
        f"{_LABEL}{label}{_RESET}: {''.join(pieces)}"
    )


def hit_json(hit: Hit) -> str:
    """One ``--json`` line: the hit's fields, every non-ASCII character escaped."""
    import json

    return json.dumps(hit.to_dict(), ensure_ascii=True)


class _Output:
    """UTF-8 lines to standard output, written in blocks."""

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._size = 0

    def line(self, text: str) -> None:
        self._lines.append(text)
        self._size += len(text)
        if self._size > 64_000:
            self.flush()

    def flush(self) -> None:
        if not self._lines:
            return
        data = ("\n".join(self._lines) + "\n").encode("utf-8", "replace")
        self._lines.clear()
        self._size = 0
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:
            sys.stdout.flush()
            buffer.write(data)
            buffer.flush()
        else:
            sys.stdout.write(data.decode("utf-8"))
            sys.stdout.flush()


def _error(message: str) -> None:
    sys.stderr.write(_one_line(f"reader search: error: {message}") + "\n")


def _report(problems: Iterable[Problem]) -> int:
    count = 0
    for problem in problems:
        sys.stderr.write(_one_line(str(problem)) + "\n")
        count += 1
    return count


def _query_error(query: str, message: str, position: int) -> None:
    _error(message)
    # Show where: the query on one line and a caret under the problem.
    shown = _one_line(query)
    if len(shown) <= 200:
        sys.stderr.write(f"  {shown}\n  {' ' * min(position, len(shown))}^\n")


class _Source:
    """Where hits come from: the search index, on disk or (``--no-cache``) in memory."""

    def __init__(self, paths: Sequence[str | os.PathLike[str]], *, no_cache: bool) -> None:
        from reader.search.library import CacheUnavailable, open_library

        self.warnings: list[str] = []
        library = None
        if not no_cache:
            try:
                library = open_library(paths)
                library.index()
            except CacheUnavailable as exc:
                self.warnings.append(f"{exc}; searching without it")
                if library is not None:
                    library.close()
                library = None
        if library is None:
            library = open_library(paths, memory=True)
            library.index()
        self.library = library
        self.store = library.store
        self.scope = library.scope()
        self.problems: list[Problem] = library.problems
        self.empty: list[str] = library.empty
        """The folders named that hold no interview file."""

    def count(self, query: Query) -> int:
        """How many passages match."""
        return self.store.count(query, self.scope)

    def hits(self, query: Query) -> Iterator[Hit]:
        """Every hit, in path order."""
        return self.store.iter_hits(query, self.scope)

    def lines(self, query: Query, *, color: bool) -> Iterator[str]:
        """Every hit's output line, read straight from the index's rows.

        The lines :func:`format_hit` gives, without a :class:`Hit` per row,
        with each file's path and each speaker's label made terminal-safe
        once.  Many hits of an index on disk are formatted by a pool of
        processes, a slice of rows each, and printed in order: placing the
        matches of a line costs 30-40 µs of folding, and the cores share it.
        """
        ids = self.store.ids(query, self.scope)
        database = self.library.database
        workers = os.cpu_count() or 1
        if database is None or len(ids) < _PARALLEL_FLOOR or workers < 2:
            return self._lines(self.store.rows_of(ids, self.scope), query, color)
        return self._lines_in_pool(str(database), ids, query, color, workers)

    def _lines_in_pool(
        self, database: str, ids: list[int], query: Query, color: bool, workers: int
    ) -> Iterator[str]:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from reader.search.store import FILE_SHIFT

        names = self.scope.names
        slices = []
        for start in range(0, len(ids), _SLICE):
            part = ids[start : start + _SLICE]
            wanted = {rid >> FILE_SHIFT for rid in part}
            slices.append((database, {f: names[f] for f in wanted}, part, query.text, color))
        method = "forkserver" if sys.platform == "linux" else "spawn"
        context = multiprocessing.get_context(method)
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            # One block of lines per slice, in order (a block counts its lines).
            for block in pool.map(_format_slice, *zip(*slices, strict=True)):
                yield from block

    @staticmethod
    def _lines(rows: Iterator[PassageRow], query: Query, color: bool) -> Iterator[str]:
        from reader.search.match import leading_matches

        paths: dict[int, str] = {}
        labels: dict[tuple[int, str, str | None, str | None], str] = {}
        for file, field, speaker, kind, line, column, text in rows:
            key = id(file)
            path = paths.get(key)
            if path is None:
                path = paths[key] = _one_line(str(file.path))
            label = labels.get((key, field, speaker, kind))
            if label is None:
                person = file.speaker(speaker)
                name = person.name if person is not None else None
                label = labels[key, field, speaker, kind] = _one_line(
                    _label_of(field, kind, speaker, name)
                )
            matches = leading_matches(query, text, _REACH)
            yield _format_line(path, line, column, label, text, matches, color)

    def close(self) -> None:
        self.library.close()


_PARALLEL_FLOOR = 20_000
"""From this many hits on, lines are formatted by a pool of processes (its start costs
about 0.2 s; 20,000 lines take about 0.7 s alone)."""

_SLICE = 5_000
"""Rows formatted per task of the pool."""


def _format_slice(
    database: str, names: dict[int, str], ids: list[int], query_text: str, color: bool
) -> list[str]:
    """The output lines of row ids ``ids`` of the index ``database`` (in a pool worker)."""
    import sqlite3

    from reader.search.query import parse_query
    from reader.search.store import Scope, Store

    connection = sqlite3.connect(database, check_same_thread=False, isolation_level=None)
    try:
        store = Store(connection)
        scope = Scope(list(names.items()))
        return list(_Source._lines(store.rows_of(ids, scope), parse_query(query_text), color))
    finally:
        connection.close()


def run(args: argparse.Namespace | SimpleNamespace) -> int:
    """Search and print; 0 when something matched, 1 when nothing did, 2 on an error."""
    from reader.search.query import QueryError, parse_query

    if sys.stdout is None:  # started with it closed (>&-), as grep says: an error
        if sys.stderr is not None:
            _error("standard output is closed: the results cannot be written")
        return 2
    try:
        query = parse_query(args.query)
    except QueryError as exc:
        _query_error(args.query, exc.message, exc.position)
        return 2
    if args.paths:
        paths = list(args.paths)
    else:
        from reader.paths import default_paths

        paths = default_paths()
    from reader.search.library import CacheUnavailable

    try:
        source = _Source(paths, no_cache=args.no_cache)
    except CacheUnavailable as exc:
        _error(str(exc))
        return 2
    for warning in source.warnings:
        sys.stderr.write(_one_line(f"reader search: warning: {warning}") + "\n")
    errors = 0
    if source.empty:
        from reader.model import Problem

        errors += _report(
            Problem(str(path), 1, 1, "no interview files (*.yaml, *.yml) in this folder")
            for path in source.empty
        )
    errors += _report(source.problems)
    color = use_color(args.color, sys.stdout)
    out = _Output()
    found = 0
    try:
        if args.count:
            found = source.count(query)
            out.line(str(found))
        else:
            if args.json:
                for hit in source.hits(query):
                    found += 1
                    out.line(hit_json(hit))
            else:
                for text in source.lines(query, color=color):
                    found += 1
                    out.line(text)
    finally:
        out.flush()
        source.close()
    if errors:
        return 2
    return 0 if found else 1
