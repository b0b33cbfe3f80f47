"""``reader quote FILE QA``: output, errors and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main

TALK = """\
reader: 1
title: On the door
id: talk
date: 2024-05-10
source:
  name: Weverse Magazine
  url: https://example.org/a
people:
  lee:
    name: Lee Sung-jin
    role: director
  kim:
    name: Kim
sections:
  - id: intro
    question: How did it start?
    asked_by: kim
    answers:
      - by: lee
        quote: "With a song. \\e[2J"
  - id: door
    question: Why a door?
    asked_by: kim
    reported: true
    answers:
      - by: lee
        quote: |-
          The door is a symbol.
          It opens.

          It has three lights.
      - by: lee
        reported: true
        quote: He said the song came first.
    annotations:
      - on: three lights
        kind: correction
        note: Four, in the final cut.
      - kind: translation
        note: Interpreted from Korean.
"""

CITE = '"On the door", Weverse Magazine, 2024-05-10, Q&A 2'


@pytest.fixture
def talk(tmp_path: Path) -> Path:
    path = tmp_path / "talk.yaml"
    path.write_text(TALK, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["quote", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_whole_qa_by_id_and_by_number(talk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = (
        "Kim asked, paraphrased: Why a door?\n"
        "\n"
        "Lee Sung-jin (director):\n"
        "\n"
        "> The door is a symbol.\n"
        "> It opens.\n"
        ">\n"
        "> It has three lights.[^1]\n"
        "\n"
        "Lee Sung-jin (director), paraphrased: He said the song came first.\n"
        "\n"
        f"— {CITE}[^2]\n"
        "\n"
        '[^1]: Correction ("three lights"): Four, in the final cut.\n'
        "[^2]: Translation: Interpreted from Korean.\n"
    )
    assert run(capsys, str(talk), "door") == (0, expected, "")
    assert run(capsys, str(talk), "2") == (0, expected, "")


def test_verbatim_answer(talk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, str(talk), "door", "--answer", "1") == (
        0,
        "> The door is a symbol.\n"
        "> It opens.\n"
        ">\n"
        "> It has three lights.[^1][^2]\n"
        "\n"
        f"— Lee Sung-jin (director), {CITE}\n"
        "\n"
        '[^1]: Correction ("three lights"): Four, in the final cut.\n'
        "[^2]: Translation: Interpreted from Korean.\n",
        "",
    )


def test_reported_answer_as_text(talk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, str(talk), "2", "-a", "2", "--format", "text") == (
        0,
        "Lee Sung-jin (director), paraphrased: He said the song came first.[1]\n"
        "\n"
        f"— {CITE}\n"
        "\n"
        "[1] Translation: Interpreted from Korean.\n",
        "",
    )


def test_json(talk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(talk), "intro", "--answer", "1", "--format", "json")
    assert (code, err) == (0, "")
    record = json.loads(out)
    assert record["answer"]["text"] == "With a song. \x1b[2J"
    assert "\x1b" not in out
    assert record["citation"] == (
        '— Lee Sung-jin (director), "On the door", Weverse Magazine, 2024-05-10, Q&A 1'
    )


def test_file_text_is_made_visible(talk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(talk), "intro", "-a", "1")
    assert code == 0
    assert out.startswith("> With a song. ␛[2J\n")


def test_unknown_qa(talk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, str(talk), "nope") == (
        1,
        "",
        f'{talk}: error: no Q&A "nope": give a number from 1 to 2, an id, or words of a '
        "Q&A's title\n",
    )
    assert run(capsys, str(talk), "3")[0] == 1
    code, _, err = run(capsys, str(talk), "\x1b[31m")
    assert code == 1
    assert "\x1b" not in err and "␛[31m" in err


def test_answer_out_of_range(talk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, str(talk), "intro", "--answer", "2") == (
        1,
        "",
        f"{talk}: error: Q&A 1 has 1 answer; there is no answer 2\n",
    )
    assert run(capsys, str(talk), "door", "--answer", "3") == (
        1,
        "",
        f"{talk}: error: Q&A 2 has 2 answers; there is no answer 3\n",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--answer", "0"], "argument --answer/-a: answers are numbered from 1"),
        (["--answer", "x"], "argument --answer/-a: not a number: 'x'"),
        (["--format", "html"], "argument --format/-f: invalid choice: 'html'"),
    ],
)
def test_usage_errors_exit_2(
    talk: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["quote", str(talk), "door", *args])
    assert exit_info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert f"reader quote: error: {message}" in err


def test_a_broken_file_prints_located_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(TALK.replace("    role: director\n", "    rol: director\n"))
    code, out, err = run(capsys, str(broken), "door")
    assert (code, out) == (1, "")
    assert err.startswith(f"{broken}:11:5: error: ")
    assert "Traceback" not in err


def test_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing.yaml"
    code, out, err = run(capsys, str(missing), "1")
    assert (code, out) == (1, "")
    assert err.startswith(f"{missing}:1:1: error: ")


def test_console_script_end_to_end(talk: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "reader", "quote", str(talk), "intro", "-a", "1", "-f", "text"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        '"With a song. ␛[2J"\n'
        "\n"
        '— Lee Sung-jin (director), "On the door", Weverse Magazine, 2024-05-10, Q&A 1\n'
    )


def test_quote_takes_title_words_like_qa(capsys: pytest.CaptureFixture[str]) -> None:
    # One resolver for every command: words of a title name a Q&A here as in --qa and ':'.
    from reader.loader import load_file
    from reader.paths import bundled_interviews
    from reader.qaref import find_section

    path = bundled_interviews() / "come-back-to-me.yaml"
    interview = load_file(path).interview
    assert interview is not None
    number = find_section(interview, "door")
    assert number is not None and number > 0
    assert main(["quote", str(path), "door"]) == 0
    by_words = capsys.readouterr().out
    assert main(["quote", str(path), str(number)]) == 0
    assert capsys.readouterr().out == by_words
