"""Where interviews are: the bundled ones, the default folder, discovery.

Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # not typing's: see reader.cli.search
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from pathlib import Path

__all__ = [
    "INTERVIEW_SUFFIXES",
    "as_path",
    "bundled_interviews",
    "default_paths",
    "discover",
    "files_below",
]

INTERVIEW_SUFFIXES = (".yaml", ".yml")


def bundled_interviews() -> Path:
    """The folder of interviews shipped with reader.

    In a wheel they live inside the package (``reader/interviews``); in a
    source checkout or an editable install, at the top of the repository.
    """
    # Imported here: importlib.resources costs start-up time that
    # `reader search --count` and `reader check FILE` never need.
    from importlib import resources
    from pathlib import Path

    packaged = Path(str(resources.files("reader"))) / "interviews"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "interviews"


def default_paths() -> list[Path]:
    """``./interviews`` when it exists, else the bundled interviews."""
    from pathlib import Path

    local = Path("interviews")
    if local.is_dir():
        return [local]
    return [bundled_interviews()]


def files_below(folder: str) -> list[tuple[str, str, os.DirEntry[str]]]:
    """The interview files below ``folder``: the one walk of a folder, for every command.

    Hidden entries are skipped, folders named like interviews listed (the
    loader then says they are folders) and entered, linked folders not
    entered (a symlink loop cannot hang), unreadable folders skipped; in
    the order paths sort, by their parts.  Each comes as its path as
    named, its resolved path (the folder resolved once, not each file) and
    its directory entry (its status then costs one system call): string
    work only, as this runs for every file of a library on every search.
    """
    found: list[tuple[str, str, os.DirEntry[str]]] = []
    # Depth first, each folder's entries in name order: the order of the
    # paths' parts, without a sort key made for every file (a folder named
    # like an interview comes before what is inside it, as a shorter path
    # of the same parts does).  One frame per open folder: its path as
    # named joined with a separator, its resolved path (made once, when
    # first needed) and the entries left.
    stack: list[tuple[str, list[str], Iterator[tuple[str, os.DirEntry[str]]]]] = []

    def enter(top: str) -> None:
        try:
            with os.scandir(top) as listing:
                # Names are unique in a folder: entries are never compared.
                items = sorted((item.name, item) for item in listing if item.name[0] != ".")
        except OSError:
            return
        # As Path joins: "." / "a.yaml" is "a.yaml".
        prefix = "" if top == "." else top if top.endswith(os.sep) else top + os.sep
        stack.append((prefix, [top], iter(items)))

    enter(as_path(folder)[0])  # names as a Path would print them ("./a/" -> "a")
    while stack:
        prefix, real, items = stack[-1]
        for name, item in items:
            if name.endswith(INTERVIEW_SUFFIXES):
                if len(real) == 1:
                    real.append(os.path.join(os.path.realpath(real[0]), ""))
                found.append((prefix + name, real[1] + name, item))
            try:
                is_dir = item.is_dir() and not item.is_symlink()
            except OSError:
                is_dir = False
            if is_dir:
                enter(prefix + name)
                break  # the folder's entries first; this one's rest after
        else:
            stack.pop()
    return found


def as_path(folder: str) -> tuple[str, tuple[str, ...]]:
    """``str(Path(folder))`` and ``Path(folder).parts``, without importing pathlib.

    Importing pathlib costs 3 ms (with urllib.parse and ipaddress; python
    -X importtime, 2026-12-04) of a warm ``reader search --count`` of about
    30 ms.  On POSIX, as pathlib parses a path: empty and ``.`` parts
    dropped, ``..`` kept, two leading slashes kept and more made one (a
    test holds it to pathlib); elsewhere, pathlib itself.
    """
    if os.name != "posix":
        from pathlib import Path

        path = Path(folder)
        return str(path), path.parts
    rest = folder.lstrip("/")
    slashes = len(folder) - len(rest)
    root = "" if not slashes else "//" if slashes == 2 else "/"
    parts = tuple(part for part in rest.split("/") if part and part != ".")
    return (root + "/".join(parts)) or ".", (root, *parts) if root else parts


def discover(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their interview files, sorted; keep files as given.

    A folder contributes every ``*.yaml``/``*.yml`` below it (hidden folders
    skipped, symlinked folders not followed, so a symlink loop cannot hang).
    A path that is neither is kept: loading it reports why it cannot be read.
    Duplicates (the same resolved file named twice) are dropped.
    """
    from pathlib import Path

    found: list[Path] = []
    seen: set[str] = set()

    def add(path: Path) -> None:
        try:
            key = str(path.resolve())
        except (OSError, RuntimeError):
            key = str(path.absolute())
        if key not in seen:
            seen.add(key)
            found.append(path)

    for path in paths:
        if path.is_dir():
            for name, _real, _entry in files_below(str(path)):
                add(Path(name))
        else:
            add(path)
    return found
