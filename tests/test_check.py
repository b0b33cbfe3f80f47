"""``reader check``: exact output lines, the summary, JSON, exit codes, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main
from reader.paths import bundled_interviews, discover

from .test_loader_support import FIXTURES, VALID, replace_line


def run_check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run ``reader check ARGS``; return the exit code and standard output."""
    code = main(["check", *args])
    captured = capsys.readouterr()
    assert captured.err == ""
    return code, captured.out


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_clean_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "good.yaml", VALID)
    assert run_check(capsys, str(path)) == (0, "1 file checked, 0 errors\n")


def test_errors_one_per_line_then_the_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = replace_line(4, "date: someday", replace_line(34, "      - by: rn"))
    path = write(tmp_path, "bad.yaml", src)
    code, out = run_check(capsys, str(path))
    assert code == 1
    assert out == (
        f"{path}:4:7: error: 'date' 'someday' must be a date written YYYY, YYYY-MM or "
        "YYYY-MM-DD (for example 2024-05-10)\n"
        f"{path}:34:13: error: unknown speaker 'rn' in 'by': did you mean 'rm'? (people: lee, "
        "rm)\n"
        "1 file checked, 2 errors\n"
    )


def test_warnings_alone_exit_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "w.yaml", replace_line(35, '        quote: "I \\u202eliked it."'))
    code, out = run_check(capsys, str(path))
    assert code == 0
    assert out == (
        f"{path}:35:16: warning: 'quote' contains a bidirectional control (it can make text read "
        "differently from what it says) U+202E (RIGHT-TO-LEFT OVERRIDE) at character 3: reader "
        "shows it as a visible mark\n"
        "1 file checked, 0 errors, 1 warning\n"
    )


def test_folder_sorted_and_counted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "b.yaml", VALID)
    write(tmp_path, "a.yml", replace_line(2, "title: [x]"))
    write(tmp_path, "sub/c.yaml", "")
    write(tmp_path, "notes.txt", "not an interview")
    code, out = run_check(capsys, str(tmp_path))
    assert code == 1
    assert out.splitlines() == [
        f"{tmp_path}/a.yml:2:8: error: 'title' must be text, not a list: put text that starts "
        "with '[', '{', '-' or contains ': ' in quotes",
        f"{tmp_path}/sub/c.yaml:1:1: error: the file is empty: a reader/1 file starts with "
        "'reader: 1'",
        "3 files checked, 2 errors",
    ]


def test_missing_path_is_an_error_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path, "good.yaml", VALID)
    code, out = run_check(capsys, str(tmp_path / "nope.yaml"), str(good))
    assert code == 1
    assert out == f"{tmp_path}/nope.yaml:1:1: error: no such file\n2 files checked, 1 error\n"


def test_folder_with_no_interviews(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "readme.txt", "hello")
    code, out = run_check(capsys, str(tmp_path))
    assert code == 1
    assert out == (
        f"{tmp_path}: error: no interview files (*.yaml, *.yml) in this folder\n"
        "0 files checked, 1 error\n"
    )


def test_same_file_twice_is_checked_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "good.yaml", VALID)
    assert run_check(capsys, str(path), str(tmp_path)) == (0, "1 file checked, 0 errors\n")


def test_no_path_uses_local_interviews_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "interviews/one.yaml", replace_line(2, "title:"))
    monkeypatch.chdir(tmp_path)
    code, out = run_check(capsys)
    assert code == 1
    assert out == (
        "interviews/one.yaml:2:7: error: 'title' has no value: write the text, or remove the "
        "key\n1 file checked, 1 error\n"
    )


def test_no_path_and_no_local_folder_checks_the_bundled_interviews(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    count = len(discover([bundled_interviews()]))
    assert count >= 2
    assert run_check(capsys) == (0, f"{count} files checked, 0 errors\n")


def test_terminal_control_never_reaches_the_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A hostile key (made with escapes) and a hostile file name.
    src = VALID.replace("tags:", '"x\\e]52;c;aGk=\\a\\e[2J": 1\ntags:')
    path = write(tmp_path, "evil\x1b[31m\u202e.yaml", src)
    code, out = run_check(capsys, str(path))
    assert code == 1
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert out == (
        f"{tmp_path}/evil␛[31m⇄.yaml:19:1: error: unknown key 'x␛]52;c;aGk=␇␛[2J' in the top "
        "level: valid keys are reader, title, id, date, language, original_language, summary, "
        "source, media, people, tags, annotations, sections (or your own, starting with 'x-')\n"
        "1 file checked, 1 error\n"
    )


def test_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write(tmp_path, "a.yaml", VALID)
    bad = write(
        tmp_path,
        "b.yaml",
        replace_line(4, "date: someday", replace_line(35, '        quote: "\\e"')),
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out = run_check(capsys, "--format", "json", str(good), str(bad), str(empty))
    assert code == 1
    assert json.loads(out) == {
        "files": [
            {"path": str(good), "ok": True, "errors": 0, "warnings": 0},
            {"path": str(bad), "ok": False, "errors": 1, "warnings": 1},
        ],
        "problems": [
            {
                "path": str(empty),
                "line": None,
                "column": None,
                "severity": "error",
                "message": "no interview files (*.yaml, *.yml) in this folder",
            },
            {
                "path": str(bad),
                "line": 4,
                "column": 7,
                "severity": "error",
                "message": "'date' 'someday' must be a date written YYYY, YYYY-MM or YYYY-MM-DD "
                "(for example 2024-05-10)",
            },
            {
                "path": str(bad),
                "line": 35,
                "column": 16,
                "severity": "warning",
                "message": "'quote' contains a control character U+001B (ESC) at character 1: "
                "reader shows it as a visible mark",
            },
        ],
        "summary": {"files": 2, "errors": 2, "warnings": 1},
    }
    assert out.isascii()


def test_json_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write(tmp_path, "a.yaml", VALID)
    code, out = run_check(capsys, "--format=json", str(good))
    assert code == 0
    assert json.loads(out)["summary"] == {"files": 1, "errors": 0, "warnings": 0}


def _reader(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        timeout=120,
        cwd=cwd,
        env=env,
        check=False,
    )


def test_usage_error_exits_2() -> None:
    done = _reader("check", "--format", "xml")
    assert done.returncode == 2
    assert done.stdout == b""
    assert b"invalid choice: 'xml'" in done.stderr
    assert b"Traceback" not in done.stderr


def test_hostile_fixtures_never_crash_the_command() -> None:
    done = _reader("check", str(FIXTURES))
    assert done.returncode == 1
    assert done.stderr == b""
    out = done.stdout.decode("utf-8")
    assert "Traceback" not in out
    # Nothing but printable text and line breaks reaches the terminal.
    assert all(ch == "\n" or ch.isprintable() for ch in out)
    lines = out.splitlines()
    count = len(discover([FIXTURES]))
    assert lines[-1].startswith(f"{count} files checked, ")
    assert any(
        line.endswith(
            ": warning: 'title' contains a control character U+001B (ESC) at "
            "character 11 and 1 more such characters: reader shows it as a visible "
            "mark"
        )
        for line in lines
    )


def test_check_of_the_bundled_interviews_is_clean() -> None:
    done = _reader("check", str(bundled_interviews()))
    assert done.returncode == 0, done.stdout.decode()
    assert done.stdout.decode().endswith(" checked, 0 errors\n")
