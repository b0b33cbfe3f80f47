"""Annotations whose passage is not found no longer cost the whole interview.

The file loads with the annotation kept apart (``Section.unplaced``, with the
check's message); ``reader check`` still reports it as an error (exit 1);
search finds the interview's quotes; exports list the annotation as not
placed, never in the text.  Errors of structure still refuse the file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.export import export
from reader.export.json import from_data
from reader.loader import load_text

ORPHANED = """\
reader: 1
title: Orphans
people:
  lee: {name: Lee}
sections:
  - id: door
    question: Why a door?
    answers:
      - by: lee
        quote: The door had three lights.
    annotations:
      - on: three lights
        note: Placed.
      - on: four lamps
        note: Lost.
      - on: door
        note: Twice.
"""

NOT_FOUND = "'on' passage 'four lamps' is not in this section's question or answers"
AMBIGUOUS = "'on' passage 'door' occurs 2 times (in the question and in answer 1 (by lee))"


def test_the_file_loads_and_keeps_the_unplaced_annotations_apart() -> None:
    result = load_text(ORPHANED, Path("o.yaml"))
    assert result.interview is not None
    section = result.interview.sections[0]
    assert [a.note for a in section.annotations] == ["Placed."]
    assert [a.note for a in section.unplaced] == ["Lost.", "Twice."]
    assert all(a.anchor is None for a in section.unplaced)
    lost, twice = section.unplaced
    assert lost.problem is not None and lost.problem.startswith(NOT_FOUND)
    assert twice.problem is not None and twice.problem.startswith(AMBIGUOUS)
    assert result.interview.unplaced_count == 2
    # The check's errors are still there, at the 'on' values.
    assert [(p.line, p.column, p.severity.value) for p in result.errors] == [
        (14, 13, "error"),
        (16, 13, "error"),
    ]
    assert result.errors[0].message == lost.problem


def test_reader_check_still_reports_them_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "o.yaml"
    path.write_text(ORPHANED)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{path}:14:13: error: {NOT_FOUND}")
    assert out[1].startswith(f"{path}:16:13: error: {AMBIGUOUS}")
    assert out[2] == "1 file checked, 2 errors"


def test_errors_of_structure_still_refuse_the_file() -> None:
    broken = ORPHANED.replace("      - by: lee\n", "      - by: nobody\n")
    assert load_text(broken, Path("o.yaml")).interview is None
    broken = ORPHANED.replace("        note: Lost.\n", "")
    assert load_text(broken, Path("o.yaml")).interview is None


def test_search_finds_the_interviews_quotes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READER_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "o.yaml"
    path.write_text(ORPHANED)
    assert main(["search", "--count", "lights", str(path)]) == 0
    assert capsys.readouterr().out.strip() == "1"


def _interview():  # type: ignore[no-untyped-def]
    interview = load_text(ORPHANED, Path("o.yaml")).interview
    assert interview is not None
    return interview


def test_markdown_lists_them_apart() -> None:
    text = export(_interview(), "markdown")
    assert "[^1]" in text and "[^2]" not in text  # only the placed one is a footnote
    assert text.endswith(
        "## Annotations not placed\n\n"
        f"- **Q&A 1** (Why a door?), on “four lamps”: Lost. *(not placed: {NOT_FOUND}: "
        "copy the passage exactly from the question or an answer of this section)*\n"
        f"- **Q&A 1** (Why a door?), on “door”: Twice. *(not placed: {AMBIGUOUS}: add a "
        "'prefix' (the words just before it) or a 'suffix' (just after) to pick one)*\n"
    )


def test_html_lists_them_apart() -> None:
    page = export(_interview(), "html")
    assert page.count('class="note ') == 1
    assert '<h2 id="unplaced_h">Annotations not placed</h2>' in page
    assert "on <q>four lamps</q>: Lost." in page


def test_json_keeps_them_with_their_reason_and_reads_back() -> None:
    interview = _interview()
    data = json.loads(export(interview, "json"))
    unplaced = data["sections"][0]["unplaced"]
    assert [u["note"] for u in unplaced] == ["Lost.", "Twice."]
    assert unplaced[0]["anchor"] is None and unplaced[0]["problem"].startswith(NOT_FOUND)
    assert from_data(data) == interview


def test_w3c_leaves_them_out() -> None:
    data = json.loads(export(_interview(), "w3c"))
    bodies = json.dumps(data)
    assert "Placed." in bodies and "Lost." not in bodies and "Twice." not in bodies


def test_check_json_says_the_file_loads_and_counts_the_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "o.yaml"
    path.write_text(ORPHANED)
    assert main(["check", "--format", "json", str(path)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["files"] == [{"path": str(path), "ok": True, "errors": 2, "warnings": 0}]
    assert data["summary"] == {"files": 1, "errors": 2, "warnings": 0}


def test_reader_export_exports_and_prints_the_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "o.yaml"
    path.write_text(ORPHANED)
    assert main(["export", str(path), "--to", "markdown"]) == 0
    out, err = capsys.readouterr()
    assert "## Annotations not placed" in out
    assert err.startswith(f"{path}:14:13: error: {NOT_FOUND}")
