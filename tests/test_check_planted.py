"""Issue 2's "done when": `reader check` finds every mistake planted in a broken
copy of the bundled interview, each at its exact line and column."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from reader.paths import bundled_interviews

BUNDLED = bundled_interviews() / "come-back-to-me.yaml"


def _plant(text: str, old: str, new: str, *, nth: int = 1) -> str:
    """Replace the ``nth`` occurrence of ``old`` with ``new``."""
    start = -1
    for _ in range(nth):
        start = text.index(old, start + 1)
    return text[:start] + new + text[start + len(old) :]


def _where(text: str, snippet: str, skip: int = 0) -> tuple[int, int]:
    """Line and column of ``snippet``'s character ``skip`` (it must be unique)."""
    assert text.count(snippet) == 1, snippet
    start = text.index(snippet) + skip
    line = text.count("\n", 0, start) + 1
    return line, start - (text.rfind("\n", 0, start) + 1) + 1


# (old, new, occurrence, where the error points in ``new``, words of the message)
PLANTS = [
    # A future format version.
    ("reader: 1", "reader: 2", 1, len("reader: "), "reads reader/1 only"),
    # A date that is not a date.
    ("date: '2024-05'", "date: '2024-13'", 1, len("date: "), "not a real date"),
    # A misspelt key in a section.
    ("    title: Why he took", "    titel: Why he took", 1, 4, "did you mean 'title'"),
    # A YAML 1.1 boolean where true/false belongs.
    ("reported: true\n    answers:", "reported: yes\n    answers:", 1, 10, "true or false"),
    # A speaker who is not in people.
    (
        "      - by: lee\n        quote: >-\n          He responded",
        "      - by: leee\n        quote: >-\n          He responded",
        1,
        12,
        "did you mean 'lee'",
    ),
    # An annotation whose passage is not in the Q&A.
    (
        "      - on: the three lights",
        "      - on: the four lights",
        1,
        12,
        "did you mean 'the three lights on the door'",
    ),
    # A key written twice: data that would be lost silently.
    (
        "language: en\n",
        "language: en\nlanguage: ko\n",
        1,
        len("language: en\n"),
        "duplicate key 'language'",
    ),
    # A Python tag: never constructed.
    (
        "summary: >-\n",
        "summary: !!python/object/apply:os.system ['true']\nx-old: >-\n",
        1,
        len("summary: "),
        "tags are not allowed",
    ),
]


def test_every_planted_mistake_is_found_where_it_is(tmp_path: Path) -> None:
    text = BUNDLED.read_text(encoding="utf-8")
    for old, new, nth, _skip, _words in PLANTS:
        text = _plant(text, old, new, nth=nth)
    expected = [(*_where(text, new, skip), words) for _old, new, _nth, skip, words in PLANTS]

    broken = tmp_path / "come-back-to-me.yaml"
    broken.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "reader", "check", str(broken)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    lines = done.stdout.splitlines()
    for line, column, words in expected:
        prefix = f"{broken}:{line}:{column}: error: "
        found = [out for out in lines if out.startswith(prefix)]
        assert found, f"nothing at {line}:{column} ({words}); got:\n" + "\n".join(lines)
        assert any(words in out for out in found), (words, found)
    assert lines[-1].startswith("1 file checked, ")
