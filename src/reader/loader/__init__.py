"""The strict reader/1 loader: interview files in, validated models or located problems out.

Use :func:`load_file`, :func:`load_text` and :func:`load_paths`.  None of them
raises for any file content or OS error: everything wrong becomes a
:class:`~reader.model.Problem` with a 1-based line and column, and a file with
an error loads as ``LoadResult(interview=None, problems=...)``, except when its
only errors are annotations whose passage is not found or is ambiguous: the
interview then loads, with those annotations in ``Section.unplaced``.  Warnings
(text holding control, bidi or zero-width characters) never reject a file.

How a file is read, in order:

1. bytes, from a regular file only (a FIFO or folder is refused before it is
   opened), at most :data:`MAX_FILE_BYTES`;
2. text: strict UTF-8, a UTF-8 BOM accepted, UTF-16/32 recognised and
   refused with a hint;
3. a node tree (:mod:`reader.loader._nodes`) from the YAML parser's events
   (:mod:`reader.loader._tree`; messages in :mod:`reader.loader._problems`):
   anchors, aliases, tags, deep nesting, duplicate keys and second documents
   refused; no YAML 1.1 typing ever applied;
4. validation against reader/1 and the model (:mod:`reader.loader._validate`),
   annotations resolved to exact offsets (:mod:`reader.loader._anchor`).

This module is part of the pure core: it imports neither textual nor rich.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from yaml.events import ScalarEvent

from reader.model import Interview, LoadResult, Problem, Severity
from reader.paths import discover

from ._nodes import Locator, MapNode, Node, Report, SeqNode
from ._source import DecodeFailure, ReadFailure, decode, read_bytes
from ._tree import MAX_DEPTH, build_tree
from ._validate import Validator

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_PROBLEMS",
    "expand_paths",
    "load_file",
    "load_paths",
    "load_text",
    "yaml_core_data",
]

MAX_FILE_BYTES = 64 * 1024 * 1024
"""Files larger than this (64 MiB) are refused without being read."""

MAX_PROBLEMS = 100
"""At most this many problems are reported per file (then one line says how many more)."""


def _finish(
    path: Path,
    report: Report,
    interview: Interview | None,
    unplaced: frozenset[tuple[int, int, str]] | set[tuple[int, int, str]] = frozenset(),
) -> LoadResult:
    """Sort the problems into file order, cap them, attach the warnings.

    Errors listed in ``unplaced`` (annotations whose passage is not found or
    is ambiguous) are reported like any other but do not reject the file.
    """
    name = str(path)
    items = sorted(report.items, key=lambda item: (item[0], item[1]))
    problems = [
        Problem(name, line, column, message, severity) for line, column, message, severity in items
    ]
    has_error = any(
        p.severity is Severity.ERROR and (p.line, p.column, p.message) not in unplaced
        for p in problems
    )
    if len(problems) > MAX_PROBLEMS:
        rest = problems[MAX_PROBLEMS:]
        first = rest[0]
        severity = (
            Severity.ERROR if any(p.severity is Severity.ERROR for p in rest) else Severity.WARNING
        )
        problems = problems[:MAX_PROBLEMS]
        problems.append(
            Problem(
                name,
                first.line,
                first.column,
                f"{len(rest)} more problems in this file are not shown (fix these first)",
                severity,
            )
        )
    if has_error or interview is None:
        return LoadResult(path, None, tuple(problems))
    warnings = tuple(p for p in problems if p.severity is Severity.WARNING)
    interview = _with_warnings(interview, warnings)
    return LoadResult(path, interview, tuple(problems))


def _with_warnings(interview: Interview, warnings: tuple[Problem, ...]) -> Interview:
    if not warnings:
        return interview
    from dataclasses import replace

    return replace(interview, warnings=warnings)


def _load(text: str, path: Path) -> LoadResult:
    locator = Locator(text)
    report = Report(locator)
    root = build_tree(text, locator, report)
    if root is None:
        return _finish(path, report, None)
    validator = Validator(path, text, locator, report)
    interview = validator.build(root)
    return _finish(path, report, interview, validator.unplaced)


def _failure(path: Path, line: int, column: int, message: str) -> LoadResult:
    return LoadResult(path, None, (Problem(str(path), line, column, message),))


def _guarded(path: Path, work: Callable[[], LoadResult]) -> LoadResult:
    """Run ``work()`` with the cyclic GC paused; turn any escape into a problem."""
    # The loader allocates millions of small objects and no cycles: the cyclic
    # collector would only rescan them over and over (3x slower on 20 MB).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return work()
    except ReadFailure as exc:
        return _failure(path, 1, 1, str(exc))
    except DecodeFailure as exc:
        return _failure(path, exc.line, exc.column, exc.message)
    except (MemoryError, RecursionError) as exc:
        return _failure(path, 1, 1, f"cannot load this file: {type(exc).__name__}")
    except Exception as exc:  # a bug of ours must not take other files down with it
        return _failure(
            path, 1, 1, f"internal error while loading this file ({type(exc).__name__}: {exc})"
        )
    finally:
        if was_enabled:
            gc.enable()


def load_text(data: bytes | str, path: Path) -> LoadResult:
    """Load an interview from memory; ``path`` names it (and gives the default id).

    Never raises for any content: problems come back located.
    """
    path = Path(path)

    def work() -> LoadResult:
        text = decode(data) if isinstance(data, bytes) else data.removeprefix("\ufeff")
        return _load(text, path)

    return _guarded(path, work)


def load_file(path: Path) -> LoadResult:
    """Load one interview file.

    Never raises: a missing or unreadable file, a folder, a FIFO, a symlink
    loop or a file over :data:`MAX_FILE_BYTES` gives one problem at 1:1.
    """
    path = Path(path)

    def work() -> LoadResult:
        # Read the limit at call time, so that it can be lowered (tests do).
        data = read_bytes(path, MAX_FILE_BYTES)
        return _load(decode(data), path)

    return _guarded(path, work)


def expand_paths(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """The interview files named or found below ``paths``, and the folders holding none.

    Folders are expanded with :func:`reader.paths.discover` (sorted); a path
    that cannot even be looked at is kept as a file, so that loading it says
    why.  A file named twice (directly and through its folder) is kept once.
    Never raises.
    """
    files: list[Path] = []
    empty: list[Path] = []
    seen: set[str] = set()
    for path in (Path(p) for p in paths):
        try:
            found = discover([path])
            if not found and path.is_dir():
                empty.append(path)
        except (OSError, ValueError):
            found = [path]
        for item in found:
            try:
                key = str(item.resolve())
            except (OSError, RuntimeError, ValueError):
                key = str(item.absolute())
            if key not in seen:
                seen.add(key)
                files.append(item)
    return files, empty


def load_paths(paths: Iterable[Path]) -> list[LoadResult]:
    """Load every interview file named or found below the folders in ``paths``.

    Folders are expanded as :func:`expand_paths` says (sorted, each file
    once).  One bad file never stops the others; never raises.
    """
    return [load_file(path) for path in expand_paths(paths)[0]]


# -- YAML 1.2 core typing, for tools that want plain data ------------------

_CORE_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_CORE_TRUE = frozenset({"true", "True", "TRUE"})
_CORE_FALSE = frozenset({"false", "False", "FALSE"})
_CORE_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_CORE_FLOAT = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)


def _core_scalar(node: ScalarEvent) -> object:
    value: str = node.value
    if node.style:
        return value
    if value in _CORE_NULL:
        return None
    if value in _CORE_TRUE:
        return True
    if value in _CORE_FALSE:
        return False
    if _CORE_INT.fullmatch(value) and len(value) < 1000:
        if value.startswith("0o"):
            return int(value[2:], 8)
        if value.startswith("0x"):
            return int(value[2:], 16)
        return int(value)
    if _CORE_FLOAT.fullmatch(value):
        special = value.lstrip("+-").lower()
        if special == ".inf":
            return float("-inf") if value.startswith("-") else float("inf")
        if special == ".nan":
            return float("nan")
        return float(value)
    return value


def yaml_core_data(text: str) -> object:
    """Plain Python data from YAML ``text``, typed as YAML 1.2's core schema does.

    This is how YAML language servers see a file (``no`` stays a string,
    ``010`` is the integer 10).  It uses the same safe tree builder as the
    loader, so anchors, tags and deep nesting are refused: raises
    ``ValueError`` with the first problem when the text cannot be built.
    """
    locator = Locator(text)
    report = Report(locator)
    root = build_tree(text, locator, report)
    if root is None or report.error_count():
        first = sorted(report.items)[0] if report.items else (1, 1, "cannot read", None)
        raise ValueError(f"{first[0]}:{first[1]}: {first[2]}")
    # Iterative conversion: (node, container to fill, key or index).
    holder: list[object] = [None]
    stack: list[tuple[Node, dict[str, object] | list[object], str | int]] = [(root, holder, 0)]
    while stack:
        node, parent, slot = stack.pop()
        value: object
        if isinstance(node, MapNode):
            mapping: dict[str, object] = {}
            for key, child in node.values.items():
                stack.append((child, mapping, key))
            value = mapping
        elif isinstance(node, SeqNode):
            items: list[object] = [None] * len(node.items)
            for index, child in enumerate(node.items):
                stack.append((child, items, index))
            value = items
        elif isinstance(node, ScalarEvent):
            value = _core_scalar(node)
        else:  # pragma: no cover - a BadNode, reported above
            value = None
        if isinstance(parent, dict):
            parent[str(slot)] = value
        else:
            parent[int(slot)] = value
    return holder[0]
