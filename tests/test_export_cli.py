"""``reader export`` on the command line: formats, output rules, errors, terminal safety."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.export import FORMATS
from reader.text import has_special
from reader.yamlwrite import dump
from tests.test_export import SAMPLE
from tests.test_export_htmlcheck import check


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(dump(SAMPLE), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", FORMATS)
def test_stdout_never_carries_raw_control_characters(
    hostile: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(hostile), "--to", fmt]) == 0
    out, err = capsys.readouterr()
    assert out and not has_special(out) and "\x1b" not in out and "\x9b" not in out
    # The loader's warnings about those characters go to stderr, made visible too.
    assert err.startswith(f"{hostile}:2:8: warning: ")
    assert not has_special(err)


def test_output_file_rules(
    hostile: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.html"
    assert main(["export", str(hostile), "-o", str(out)]) == 0  # format from the suffix
    first = out.read_text(encoding="utf-8")
    check(first)
    capsys.readouterr()
    out.write_text("mine", encoding="utf-8")
    assert main(["export", str(hostile), "--to", "html", "-o", str(out)]) == 2
    assert capsys.readouterr().err.endswith(
        f"reader export: error: {out} exists; use --force to overwrite it\n"
    )
    assert out.read_text(encoding="utf-8") == "mine"
    assert main(["export", str(hostile), "--to", "html", "-o", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8") == first
    before = hostile.read_bytes()
    assert main(["export", str(hostile), "--to", "json", "-o", str(hostile), "--force"]) == 2
    assert capsys.readouterr().err.endswith(
        f"reader export: error: {hostile} is the input file; refusing to write over it\n"
    )
    assert hostile.read_bytes() == before


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.md", "markdown"), ("a.markdown", "markdown"), ("a.jsonld", "w3c"), ("a.json", "json")],
)
def test_format_from_suffix(hostile: Path, tmp_path: Path, name: str, fmt: str) -> None:
    out = tmp_path / name
    assert main(["export", str(hostile), "-o", str(out)]) == 0
    expected = tmp_path / f"expected-{name}"
    assert main(["export", str(hostile), "--to", fmt, "-o", str(expected)]) == 0
    assert out.read_bytes() == expected.read_bytes()


def test_usage_errors(hostile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(hostile)]) == 2
    assert capsys.readouterr().err == (
        "reader export: error: say which format with --to markdown|html|w3c|json|claimreview\n"
    )
    assert main(["export", str(hostile), "-o", "x.txt"]) == 2
    capsys.readouterr()
    assert main(["export", str(hostile), "--to", "html", "--base", "https://x.org/"]) == 2
    assert capsys.readouterr().err == "reader export: error: --base applies to --to w3c only\n"
    assert main(["export", str(hostile), "--to", "w3c", "--base", "javascript:alert(1)"]) == 2
    assert capsys.readouterr().err == (
        "reader export: error: --base must be an http(s) URL without a fragment: "
        "javascript:alert(1)\n"
    )
    with pytest.raises(SystemExit) as info:
        main(["export", str(hostile), "--to", "pdf"])
    assert info.value.code == 2


def test_w3c_base(hostile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(hostile), "--to", "w3c", "--base", "https://x.org/i.html"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["first"]["items"][0]["id"] == "https://x.org/i.html#note_1"


def test_broken_interview_exits_1_with_located_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("reader: 1\ntitle: T\npeople: {}\nsections: []\n", encoding="utf-8")
    assert main(["export", str(broken), "--to", "markdown"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"{broken}:")
    assert ": error: " in err
    assert main(["export", str(tmp_path / "missing.yaml"), "--to", "json"]) == 1
    assert f"{tmp_path / 'missing.yaml'}:" in capsys.readouterr().err


def test_imported_transcript_exports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    transcript = Path(__file__).parent / "fixtures" / "transcripts"
    source = transcript / "04-wh-fox-sports-interview-daytona-2025-02-16.txt"
    imported = tmp_path / "fox.yaml"
    assert main(["import", str(source), "-o", str(imported), "-q"]) == 0
    assert main(["export", str(imported), "--to", "html"]) == 0
    page = check(capsys.readouterr().out)
    assert "That’s right." in page.stream()
    assert main(["export", str(imported), "--to", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("# Interview of President Trump by Jamie Little, “Fox Sports”\n")
    assert "## 5. Are you going to get on the radio again and talk to them…\n" in markdown
