"""Helpers shared by the loader, check and hostile-input tests (no tests here)."""

from __future__ import annotations

from pathlib import Path

from reader.loader import load_text
from reader.model import LoadResult

FIXTURES = Path(__file__).parent / "fixtures" / "yaml"
VALID = (FIXTURES / "valid.yaml").read_text(encoding="utf-8")
"""A complete valid interview; tests replace lines of it (line numbers in comments)."""


def load(src: str | bytes, name: str = "t.yaml") -> LoadResult:
    """Load ``src`` as if it were the file ``name``."""
    return load_text(src, Path(name))


def problems(src: str | bytes, name: str = "t.yaml") -> list[str]:
    """``line:col: severity: message`` for every problem of ``src``."""
    return [f"{p.line}:{p.column}: {p.severity}: {p.message}" for p in load(src, name).problems]


def replace_line(number: int, new: str, src: str = VALID) -> str:
    """``src`` with its 1-based line ``number`` replaced by ``new`` (may be several lines)."""
    lines = src.split("\n")
    lines[number - 1] = new
    return "\n".join(lines)


def insert_after(number: int, new: str, src: str = VALID) -> str:
    """``src`` with ``new`` inserted after its 1-based line ``number``."""
    lines = src.split("\n")
    lines.insert(number, new)
    return "\n".join(lines)
