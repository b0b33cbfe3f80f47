"""``reader import`` on the command line: output, summary, exit codes, overwrite rules."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from reader.cli import main
from reader.loader import load_file

TRANSCRIPTS = Path(__file__).parent / "fixtures" / "transcripts"
FOX = TRANSCRIPTS / "04-wh-fox-sports-interview-daytona-2025-02-16.txt"
ARTICLE = TRANSCRIPTS / "come-back-to-me-director-interview.txt"


def test_yaml_to_stdout_and_summary_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(FOX)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(
        '# Imported by reader import from "04-wh-fox-sports-interview-daytona-2025-02-16.txt"\n'
        "reader: 1\n"
        "title: Interview of President Trump by Jamie Little, “Fox Sports”\n"
        'date: "2025-02-16"\n'
        "source:\n"
        "  url: https://www.whitehouse.gov/remarks/2025/02/"
        "interview-of-president-trump-by-jamie-little-fox-sports/\n"
        '  published: "2025-02-16"\n'
    )
    name = str(FOX)
    assert err.splitlines() == [
        f"{name}: text, 2 people, 5 Q&As, title from front matter",
        "  Q              -> q: 8 turns, asks (an interviewer's label)",
        "  THE PRESIDENT  -> the-president: 8 turns, answers",
        f'{name}:10: left out text before the first speaker label: "Daytona International '
        'Speedway Daytona, Florida"',
        f'{name}:13: left out time: "1:44 P.M. EST"',
        f'{name}:61: left out end mark: "END 1:45 P.M. EST"',
        f'{name}:31: Q\'s short turn stays inside the Q&A: "You brought your granddaughter."',
        f"{name}:46: Q's short turn stays inside the Q&A: \"And you just got to meet some of "
        'the drivers."',
        f'{name}:57: Q\'s short turn stays inside the Q&A: "Mr. President, enjoy your time."',
        f"{name}:1: warning: front matter keys not used: modified_time",
    ]


def test_output_file_is_never_overwritten_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "fox.yaml"
    assert main(["import", str(FOX), "-o", str(out), "-q"]) == 0
    first = out.read_bytes()
    loaded = load_file(out)
    assert loaded.problems == () and loaded.interview is not None
    assert len(loaded.interview.sections) == 5
    capsys.readouterr()

    out.write_text("mine\n", encoding="utf-8")
    assert main(["import", str(FOX), "-o", str(out)]) == 2
    _, err = capsys.readouterr()
    assert err == f"reader import: error: {out} exists; use --force to overwrite it\n"
    assert out.read_text(encoding="utf-8") == "mine\n"

    out.chmod(0o640)
    assert main(["import", str(FOX), "-o", str(out), "--force"]) == 0
    assert out.read_bytes() == first
    assert out.stat().st_mode & 0o777 == 0o640
    assert capsys.readouterr().err.endswith(f"wrote {out}\n")


def test_never_writes_over_the_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    transcript = tmp_path / "t.txt"
    transcript.write_text("Q: Why?\n\nGUEST: Because.\n", encoding="utf-8")
    for extra in ([], ["--force"]):
        assert main(["import", str(transcript), "-o", str(transcript), *extra]) == 2
        _, err = capsys.readouterr()
        assert err == (
            f"reader import: error: {transcript} is the input file; refusing to write over it\n"
        )
    assert transcript.read_text(encoding="utf-8") == "Q: Why?\n\nGUEST: Because.\n"
    assert main(["import", str(transcript), "-o", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"reader import: error: {tmp_path} is a folder; give a file name\n"
    )


def test_article_is_refused_with_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(ARTICLE)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(
        f"{ARTICLE}: error: no speaker label found (the forms read are listed by "
        "reader import --help), and no questions told "
    )
    # It says which formats it tried.
    assert err.endswith(
        "formats tried: WebVTT (no WEBVTT line; the first line is 'Big Hit Music recently "
        "shared an intervi'), SRT (no cue number and timing at the top), OHMS XML (no <ROOT> "
        "record), Whisper JSON (no segments), Otter (no 'Name  0:03' lines), plain text\n"
    )


def test_bad_options_are_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(FOX), "--interviewer", "Jamie"]) == 2
    assert capsys.readouterr().err == (
        "reader import: error: --interviewer: no speaker label 'Jamie' in the transcript "
        "(labels: Q, THE PRESIDENT)\n"
    )
    assert main(["import", str(FOX), "--same", "Q"]) == 2
    assert capsys.readouterr().err == (
        "reader import: error: --same 'Q': write it as \"LABEL=OTHER LABEL\"\n"
    )
    assert main(["import", str(tmp_path / "missing.txt")]) == 1
    assert capsys.readouterr().err == (
        f"reader import: error: {tmp_path / 'missing.txt'}: No such file or directory\n"
    )


def test_not_utf8_is_located(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    transcript = tmp_path / "latin1.txt"
    transcript.write_bytes(b"Q: Why?\n\nGUEST: Caf\xe9.\n")
    assert main(["import", str(transcript)]) == 1
    assert capsys.readouterr().err == (
        f"{transcript}:3: error: byte 0xe9 is not UTF-8; save the file as UTF-8\n"
    )


def test_stdin_and_options(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = b"Q: Why?\n\nGUEST: Because.\n\nSURGEON GUEST: Really.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    code = main(["import", "-", "--same", "GUEST=SURGEON GUEST", "-q"])
    assert code == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out == (
        '# Imported by reader import from "<stdin>"\n'
        "reader: 1\n"
        "title: Untitled transcript\n"
        "people:\n"
        "  q:\n"
        "    name: Q\n"
        "  guest:\n"
        "    name: Guest\n"
        "    aka:\n"
        "      - Surgeon Guest\n"
        "sections:\n"
        "  - question: Why?\n"
        "    asked_by: q\n"
        "    answers:\n"
        "      - by: guest\n"
        "        quote: Because.\n"
        "      - by: guest\n"
        "        quote: Really.\n"
    )


def test_file_names_cannot_inject_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    transcript = tmp_path / "evil\nreader: 2\x1b[2J.txt"
    transcript.write_text("Q: Why?\n\nGUEST: Because.\n", encoding="utf-8")
    assert main(["import", str(transcript)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[:2] == [
        '# Imported by reader import from "evil\\nreader: 2\\u001b[2J.txt"',
        "reader: 1",
    ]
    assert err.splitlines()[0] == (
        f"{tmp_path}/evil\u240areader: 2\u241b[2J.txt: text, 2 people, 1 Q&A, "
        "no title in the file (give one with --title)"
    )
    assert "  Q      -> q: 1 turn, asks (an interviewer's label)" in err.splitlines()


def test_a_result_the_loader_refuses_is_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.cli import import_ as command
    from reader.importer import import_bytes

    def broken(*args: object, **kwargs: object) -> object:
        result = import_bytes(*args, **kwargs)  # type: ignore[arg-type]
        result.document["sections"][0]["asked_by"] = "nobody"  # type: ignore[index]
        return result

    monkeypatch.setattr(command, "import_bytes", broken)
    out = tmp_path / "out.yaml"
    assert main(["import", str(FOX), "-o", str(out)]) == 1
    assert not out.exists()
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        "reader import: error: the result does not pass the reader/1 loader "
        "(a bug in reader import):"
    )
    assert err[1:] == [
        "  imported.yaml:18:15: error: unknown speaker 'nobody' in 'asked_by': "
        "use one of the keys of 'people': q, the-president"
    ]
