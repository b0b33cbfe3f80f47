"""Where interviews are: the bundled ones, the default folder, discovery.

Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

__all__ = ["INTERVIEW_SUFFIXES", "bundled_interviews", "default_paths", "discover"]

INTERVIEW_SUFFIXES = (".yaml", ".yml")


def bundled_interviews() -> Path:
    """The folder of interviews shipped with reader.

    In a wheel they live inside the package (``reader/interviews``); in a
    source checkout or an editable install, at the top of the repository.
    """
    # Imported here: importlib.resources costs start-up time that
    # `reader search --count` and `reader check FILE` never need.
    from importlib import resources

    packaged = Path(str(resources.files("reader"))) / "interviews"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "interviews"


def default_paths() -> list[Path]:
    """``./interviews`` when it exists, else the bundled interviews."""
    local = Path("interviews")
    if local.is_dir():
        return [local]
    return [bundled_interviews()]


def discover(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their interview files, sorted; keep files as given.

    A folder contributes every ``*.yaml``/``*.yml`` below it (hidden folders
    skipped, symlinked folders not followed, so a symlink loop cannot hang).
    A path that is neither is kept: loading it reports why it cannot be read.
    Duplicates (the same resolved file named twice) are dropped.
    """
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
            below: list[Path] = []
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in files:
                    if name.endswith(INTERVIEW_SUFFIXES) and not name.startswith("."):
                        below.append(Path(root) / name)
                # Directories named like interviews (x.yaml/) are reported, not walked into.
                for name in dirs:
                    if name.endswith(INTERVIEW_SUFFIXES):
                        below.append(Path(root) / name)
            for item in sorted(below):
                add(item)
        else:
            add(path)
    return found
