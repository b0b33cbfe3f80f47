"""docs/format.md stays true: its complete example loads, its error examples are real."""

from __future__ import annotations

import re
from pathlib import Path

from reader.loader import load_file, load_text

from .test_loader_support import FIXTURES

FORMAT_MD = Path(__file__).resolve().parents[1] / "docs" / "format.md"


def _blocks(language: str) -> list[str]:
    text = FORMAT_MD.read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)


def test_the_complete_example_loads_cleanly() -> None:
    (example,) = [block for block in _blocks("yaml") if block.startswith("# An interview")]
    result = load_text(example, Path("example.yaml"))
    assert [str(p) for p in result.problems] == []
    interview = result.interview
    assert interview is not None
    remarks = interview.sections[0]
    assert (remarks.id, remarks.title, remarks.has_question, remarks.time) == (
        "q1",
        "Opening",
        False,
        "00:05",
    )
    assert interview.annotations[0].about == "lee"
    last = interview.sections[2]
    assert (last.id, last.title) == ("q3", "Last question: what was the last day like?")
    anchors = [a.anchor for a in interview.sections[1].annotations]
    assert all(anchor is not None for anchor in anchors)


def _joined_literals(text: str) -> str:
    """Source text with adjacent string literals joined ("a "\n "b" -> "a b")."""
    return re.sub(r"\"\s*\n\s*f?\"", "", text)


def test_documented_messages_are_real(tmp_path: Path) -> None:
    """Every problem line in the docs is asserted by a test, or produced right here."""
    tests = _joined_literals(
        "\n".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_*.py"))
    )
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(70 * 1024 * 1024)  # sparse: nothing is written
    produced = {
        p.message for path in (big, FIXTURES / "utf16le-bom.yaml") for p in load_file(path).problems
    }
    for snippet in (
        "reader: 1\ntitle: &t Come back\n",
        "reader: 1\ntitle: !!python/object/apply:os.system ['true']\n",
    ):
        produced.update(p.message for p in load_text(snippet, Path("t.yaml")).problems)
    lines = [
        line
        for block in _blocks("text")
        for line in block.splitlines()
        if re.match(r"^\S+:\d+:\d+: (error|warning): ", line)
    ]
    assert len(lines) > 20
    for line in lines:
        message = line.split(": ", 2)[2]
        assert message in produced or message in tests, line
