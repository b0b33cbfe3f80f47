"""``reader annotate``: what it writes, prints, refuses, and its exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.cli import main

from .test_annotate_edit import BASE


@pytest.fixture
def talk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("READER_STATE_DIR", str(tmp_path / "state"))
    path = tmp_path / "talk.yaml"
    path.write_bytes(BASE.encode())
    return path


ADDED = "    annotations:\n      - on: again\n        kind: context\n        note: Said twice.\n"


def test_annotate_writes_and_prints_the_yaml_and_where(
    talk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "annotate",
            str(talk),
            "--qa",
            "door",
            "--on",
            "again",
            "--note",
            "Said twice.",
            "--kind",
            "context",
        ]
    )
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert out == f"{talk}:21: annotation added to Q&A 1\n" + ADDED.split("\n", 1)[1]
    assert talk.read_text() == BASE.replace(
        "        x-note: keep me\n", "        x-note: keep me\n" + ADDED
    )
    assert (talk.parent / "state" / "annotate" / "previous.bin").read_bytes() == BASE.encode()


def test_answer_picks_the_passage_and_a_prefix_is_worked_out(
    talk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["annotate", str(talk), "--qa", "1", "--on", "lights", "--note", "n"]
    assert main(argv) == 1
    assert "give more words in --on (or say which passage with --answer N" in (
        capsys.readouterr().err
    )
    assert main([*argv, "--answer", "2", "--by", "ana", "--link", "https://example.com/a"]) == 0
    assert (
        "        quote: The lights again.\n        x-note: keep me\n    annotations:\n"
        "      - on: lights\n        prefix: The\n        note: n\n        by: ana\n"
        "        links: [https://example.com/a]\n  # between sections\n"
    ) in talk.read_text()


def test_question_flag(talk: Path) -> None:
    argv = ["annotate", str(talk), "--qa", "one", "--on", "door", "--note", "n"]
    assert main(argv) == 1
    assert main([*argv, "--answer", "1"]) == 0
    assert main([*argv, "--question"]) == 0
    assert talk.read_text().count("      - on: door\n") == 2


def test_dry_run_prints_a_diff_and_writes_nothing(
    talk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["annotate", str(talk), "--qa", "1", "--on", "again", "--note", "x", "--dry-run"])
    out = capsys.readouterr().out
    assert code == 0
    assert talk.read_bytes() == BASE.encode()
    assert out == (
        f"--- {talk}\n+++ {talk}\n@@ -17,6 +17,9 @@\n"
        "       - by: ana\n"
        "         quote: The lights again.\n"
        "         x-note: keep me\n"
        "+    annotations:\n"
        "+      - on: again\n"
        "+        note: x\n"
        "   # between sections\n"
        "   - question: Second?\n"
        "     answers:\n"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--qa", "9", "--on", "x"], 'no Q&A "9": give a number from 1 to 2'),
        (["--qa", "1", "--on", "window"], "'on' passage 'window' is not in this section"),
        (["--qa", "1", "--on", "again", "--answer", "3"], "there is no answer 3"),
        (
            ["--qa", "1", "--on", "again", "--link", "file:///etc/passwd"],
            "link 'file:///etc/passwd' refused",
        ),
    ],
)
def test_refusals_exit_1_and_write_nothing(
    talk: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(["annotate", str(talk), "--note", "n", *argv]) == 1
    assert message in capsys.readouterr().err
    assert talk.read_bytes() == BASE.encode()


def test_file_with_errors_is_refused(talk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    talk.write_text(BASE.replace("title: 'Test: one'\n", ""))
    assert main(["annotate", str(talk), "--qa", "1", "--on", "again", "--note", "n"]) == 1
    assert capsys.readouterr().err == (
        f"{talk}:2:1: error: an interview needs 'title'\n"
        f"{talk}: error: the file has errors: fix them before annotating it\n"
    )


def test_unwritable_file_prints_the_annotation_to_paste(
    talk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    talk.chmod(0o444)
    assert main(["annotate", str(talk), "--qa", "1", "--on", "again", "--note", "n"]) == 1
    err = capsys.readouterr().err
    assert "is read-only" in err
    assert err.endswith("The annotation, to paste by hand:\n      - on: again\n        note: n\n")
    assert talk.read_bytes() == BASE.encode()


@pytest.mark.parametrize(
    "argv",
    [
        ["--qa", "1", "--on", "x"],  # no --note
        ["--qa", "1", "--on", "x", "--note", "n", "--answer", "1", "--question"],
        ["--qa", "1", "--on", "x", "--note", "n", "--answer", "0"],
        ["--qa", "1", "--on", "x", "--note", "n", "--kind", "gossip"],
    ],
)
def test_usage_errors_exit_2(talk: Path, argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["annotate", str(talk), *argv])
    assert exited.value.code == 2
    assert talk.read_bytes() == BASE.encode()


def test_a_symlinked_interview_is_written_through_its_link(
    talk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Replacing the link itself would leave the real file without the annotation.
    link = talk.parent / "link.yaml"
    link.symlink_to(talk.name)
    code = main(["annotate", str(link), "--qa", "door", "--on", "again", "--note", "Said twice."])
    assert code == 0, capsys.readouterr()
    assert link.is_symlink()
    assert "note: Said twice." in talk.read_text()
