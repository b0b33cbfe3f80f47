"""Edge cases of reader import found by a review: refused or read right, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.cli import main

OHMS = (
    '<?xml version="1.0" encoding="{encoding}"?>\n'
    "<ROOT><record><title>Caf\u00e9 talk</title>"
    "<transcript>Q: Where were you born?\nA: In a caf\u00e9.</transcript></record></ROOT>\n"
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(["import", *args])
    except SystemExit as exit_:  # argparse's usage errors
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("encoding", ["bogus", "ISO-8859-1", "UTF-8"])
def test_ohms_text_is_read_as_decoded_whatever_the_declaration(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str
) -> None:
    source = tmp_path / "record.xml"
    source.write_text(OHMS.format(encoding=encoding), encoding="utf-8")
    out = tmp_path / "record.yaml"
    code, _, err = run(capsys, str(source), "-o", str(out))
    assert code == 0, err
    written = out.read_text(encoding="utf-8")
    assert "In a café." in written and "Ã" not in written


def test_ohms_in_utf16_with_a_bom(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "record.xml"
    source.write_bytes(OHMS.format(encoding="UTF-16").encode("utf-16"))
    out = tmp_path / "record.yaml"
    code, _, err = run(capsys, str(source), "-o", str(out))
    assert code == 0, err
    assert "In a café." in out.read_text(encoding="utf-8")


VTT = "WEBVTT\n{header}\n{timing}\n<v Ana>Where were you born?\n\n{timing2}\n<v Bo>Here.\n"


@pytest.mark.parametrize("offset", ["nan", "inf", "-inf", "1e300", "360000"])
def test_an_offset_that_is_not_a_time_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], offset: str
) -> None:
    source = tmp_path / "talk.vtt"
    source.write_text(
        VTT.format(
            header="",
            timing="00:00:01.000 --> 00:00:02.000",
            timing2="00:00:03.000 --> 00:00:04.000",
        ),
        encoding="utf-8",
    )
    code, _, err = run(capsys, str(source), f"--offset={offset}")
    assert code == 2
    assert "not a number of seconds under 100 hours" in err
    assert "Traceback" not in err


def test_a_time_of_100_hours_is_refused_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "talk.vtt"
    source.write_text(
        VTT.format(
            header="",
            timing="99:59:58.000 --> 99:59:59.000",
            timing2="100:00:00.000 --> 100:00:01.000",
        ),
        encoding="utf-8",
    )
    code, _, err = run(capsys, str(source), "-o", str(tmp_path / "t.yaml"))
    assert code == 1
    assert "100 hours or more" in err and "bug" not in err
    assert not (tmp_path / "t.yaml").exists()


def test_a_language_header_that_is_no_tag_is_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "talk.vtt"
    source.write_text(
        VTT.format(
            header="Language: e:\n",
            timing="00:00:01.000 --> 00:00:02.000",
            timing2="00:00:03.000 --> 00:00:04.000",
        ),
        encoding="utf-8",
    )
    out = tmp_path / "t.yaml"
    code, _, err = run(capsys, str(source), "-o", str(out))
    assert code == 0, err
    assert "language:" not in out.read_text(encoding="utf-8")
