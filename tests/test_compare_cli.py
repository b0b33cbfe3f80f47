"""``reader compare`` and ``reader quote --corrected/--original`` on real files: exact output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main

ONE = """\
reader: 1
title: First talk
original_language: ko
people:
  lee: {name: Lee Sung-jin, role: director}
sections:
  - id: start
    question: How did you start?
    topics: [first-film, childhood]
    answers:
      - by: lee
        quote: I watched films with my father.
        original: 아버지와 영화를 봤어요.
  - question: Anything else?
    answers:
      - by: lee
        quote: No.
    annotations:
      - on: "No"
        kind: correction
        note: He said yes.
        replacement: "Yes"
"""

TWO = """\
reader: 1
title: Second talk
people:
  kim: {name: Kim}
sections:
  - question: Your first film?
    topics: [first-film]
    answers:
      - by: kim
        quote: It was short.
"""


@pytest.fixture
def library(tmp_path: Path) -> Path:
    (tmp_path / "a.yaml").write_text(ONE, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(TWO, encoding="utf-8")
    return tmp_path


def test_compare_prints_every_answer_grouped_by_interview(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["compare", "first-film", str(library)]) == 0
    out = capsys.readouterr().out
    assert out == (
        f"== {library}/a.yaml: First talk (1 answer in 1 Q&A)\n"
        "\n"
        f"{library}/a.yaml:12:16: Q&A 1 (start), answer 1: How did you start?\n"
        "\n"
        '"I watched films with my father."\n'
        "\n"
        '— Lee Sung-jin (director), "First talk", Q&A 1\n'
        "\n"
        f"== {library}/b.yaml: Second talk (1 answer in 1 Q&A)\n"
        "\n"
        f"{library}/b.yaml:10:16: Q&A 1 (q1), answer 1: Your first film?\n"
        "\n"
        '"It was short."\n'
        "\n"
        '— Kim, "Second talk", Q&A 1\n'
    )


def test_compare_json_one_object_per_answer(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["compare", "--json", "childhood", str(library)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert (record["topic"], record["path"], record["line"], record["column"]) == (
        "childhood",
        f"{library}/a.yaml",
        12,
        16,
    )
    assert record["answer"]["original"] == "아버지와 영화를 봤어요."
    assert record["answer"]["original_language"] == "ko"
    assert record["qa"] == {"id": "start", "number": 1, "title": "How did you start?"}
    assert lines[0].isascii()


def test_compare_refuses_an_unknown_topic(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["compare", "first-flim", str(library)]) == 1
    assert capsys.readouterr() == (
        "",
        "reader compare: error: no Q&A has the topic 'first-flim': did you mean "
        "'first-film'? (topics: childhood, first-film)\n",
    )
    assert main(["compare", "First Film", str(library)]) == 2
    assert capsys.readouterr().err == (
        "reader compare: error: 'First Film' is not a topic: topics are slugs such as first-film\n"
    )


def test_compare_reports_a_broken_file_and_goes_on(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (library / "c.yaml").write_text("reader: 1\ntitle: x\n", encoding="utf-8")
    assert main(["compare", "childhood", str(library)]) == 2
    captured = capsys.readouterr()
    assert (
        captured.err == f"{library}/c.yaml:1:1: error: an interview needs 'people' "
        "(who speaks: people: {rm: {name: RM}})\n"
    )
    assert "I watched films" in captured.out


def test_quote_corrected_and_original(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(library / "a.yaml")
    assert main(["quote", path, "2", "--answer", "1", "--corrected", "--format", "text"]) == 0
    assert capsys.readouterr().out == (
        '"Yes [corrected from: No]."[1]\n'
        "\n"
        '— Lee Sung-jin (director), "First talk", Q&A 2\n'
        "\n"
        '[1] Correction ("No"), should read "Yes": He said yes.\n'
    )
    assert main(["quote", path, "start", "-a", "1", "--original", "-f", "text"]) == 0
    assert capsys.readouterr().out == (
        '"아버지와 영화를 봤어요."\n'
        "\n"
        '— Lee Sung-jin (director), "First talk", Q&A 1, original in ko\n'
    )
    assert main(["quote", path, "2", "--original"]) == 1
    assert capsys.readouterr().err == (
        f"{path}: error: Q&A 2 has no answer with an original text\n"
    )


def test_export_claimreview_says_what_it_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    press = Path(__file__).parent / "fixtures" / "reading" / "a-press.yaml"
    out = tmp_path / "press.claimreview.jsonld"
    assert main(["export", str(press), "-o", str(out)]) == 0
    assert capsys.readouterr().err == (
        "reader export: note: 1 fact-check left out "
        "(a ClaimReview needs a verdict and an 'on' passage)\n"
    )
    graph = json.loads(out.read_text(encoding="utf-8"))["@graph"]
    assert [(r["claimReviewed"], r["reviewRating"]["alternateName"]) for r in graph] == [
        ("300 teachers", "false"),
        ("two schools", "unverified"),
    ]
    assert graph[0]["author"] == {"@type": "Person", "name": "Desk"}
    assert graph[0]["itemReviewed"]["author"] == {
        "@type": "Person",
        "name": "Ana Ruiz",
        "jobTitle": "mayor",
    }
