"""The editor command for ``e`` (reader.editor)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from reader.editor import EditorError, editor_command, run_editor

FILE = Path("/data/talk.yaml")


def fake_bin(folder: Path, *names: str) -> Path:
    """A PATH folder holding empty executables called ``names``."""
    folder.mkdir(exist_ok=True)
    for name in names:
        program = folder / name
        program.write_text("#!/bin/sh\n")
        program.chmod(0o755)
    return folder


@pytest.mark.parametrize(
    "name",
    ["vi", "vim", "nvim", "gvim", "nano", "emacs", "emacsclient", "micro", "helix", "hx", "kak"],
)
def test_plus_line_editors(name: str) -> None:
    assert editor_command(FILE, 12, {"EDITOR": name}) == [name, "+12", "/data/talk.yaml"]


@pytest.mark.parametrize("name", ["code", "codium", "code-insiders", "code-oss", "vscodium"])
def test_vs_code_gets_goto_and_keeps_wait(name: str) -> None:
    assert editor_command(FILE, 7, {"VISUAL": f"{name} --wait"}) == [
        name,
        "--wait",
        "--goto",
        "/data/talk.yaml:7",
    ]


@pytest.mark.parametrize("name", ["subl", "zed"])
def test_file_colon_line_editors(name: str) -> None:
    assert editor_command(FILE, 3, {"EDITOR": name}) == [name, "/data/talk.yaml:3"]


@pytest.mark.parametrize("value", ["notepad", "ed", "gedit --new-window", "my-editor"])
def test_unknown_editors_get_just_the_file(value: str) -> None:
    assert editor_command(FILE, 9, {"EDITOR": value, "PATH": ""}) == [
        *value.split(),
        "/data/talk.yaml",
    ]


def test_visual_wins_over_editor() -> None:
    env = {"VISUAL": "nvim", "EDITOR": "nano"}
    assert editor_command(FILE, 2, env) == ["nvim", "+2", "/data/talk.yaml"]
    env = {"VISUAL": "   ", "EDITOR": "nano"}
    assert editor_command(FILE, 2, env) == ["nano", "+2", "/data/talk.yaml"]


def test_arguments_are_split_like_a_shell() -> None:
    assert editor_command(FILE, 4, {"EDITOR": "emacs -nw"}) == [
        "emacs",
        "-nw",
        "+4",
        "/data/talk.yaml",
    ]
    assert editor_command(FILE, 4, {"EDITOR": "vim -c 'set ft=yaml'"}) == [
        "vim",
        "-c",
        "set ft=yaml",
        "+4",
        "/data/talk.yaml",
    ]
    assert editor_command(FILE, 4, {"EDITOR": "/opt/bin/NVIM.EXE"}) == [
        "/opt/bin/NVIM.EXE",
        "+4",
        "/data/talk.yaml",
    ]


def test_an_unparsable_variable_is_an_error() -> None:
    with pytest.raises(EditorError, match=r"^cannot read \$VISUAL \('vim \"x'\): No closing"):
        editor_command(FILE, 1, {"VISUAL": 'vim "x'})


def test_an_unquoted_program_path_with_spaces(tmp_path: Path) -> None:
    folder = fake_bin(tmp_path / "My Editors", "nano")
    program = str(folder / "nano")
    assert editor_command(FILE, 5, {"EDITOR": program}) == [program, "+5", "/data/talk.yaml"]


def test_symlinked_editor_is_recognised_by_its_target(tmp_path: Path) -> None:
    folder = fake_bin(tmp_path / "bin", "vim.basic")
    (folder / "editor").symlink_to(folder / "vim.basic")
    env = {"EDITOR": "editor", "PATH": str(folder)}
    assert editor_command(FILE, 6, env) == ["editor", "+6", "/data/talk.yaml"]


@pytest.mark.parametrize(
    ("available", "chosen"),
    [
        (["vi", "nano", "editor", "sensible-editor"], "sensible-editor"),
        (["vi", "nano"], "nano"),
        (["vi"], "vi"),
    ],
)
def test_default_editor_from_path(tmp_path: Path, available: list[str], chosen: str) -> None:
    folder = fake_bin(tmp_path / "bin", *available)
    assert editor_command(FILE, 8, {"PATH": str(folder)}) == [
        str(folder / chosen),
        "+8",
        "/data/talk.yaml",
    ]


def test_default_editor_symlink_to_nano(tmp_path: Path) -> None:
    folder = fake_bin(tmp_path / "bin")
    (folder / "editor").symlink_to(fake_bin(tmp_path / "real", "nano") / "nano")
    assert editor_command(FILE, 8, {"PATH": str(folder)}) == [
        str(folder / "editor"),
        "+8",
        "/data/talk.yaml",
    ]


def test_no_editor_at_all(tmp_path: Path) -> None:
    empty = fake_bin(tmp_path / "bin")
    with pytest.raises(EditorError, match=r"^no text editor found: set \$VISUAL or \$EDITOR"):
        editor_command(FILE, 1, {"PATH": str(empty)})


def test_line_and_file_name_edge_cases() -> None:
    assert editor_command(FILE, 0, {"EDITOR": "vim"}) == ["vim", "+1", "/data/talk.yaml"]
    assert editor_command(Path("-odd.yaml"), 2, {"EDITOR": "vim"}) == [
        "vim",
        "+2",
        os.path.join(".", "-odd.yaml"),
    ]


def test_environment_defaults_to_os_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISUAL", "micro")
    assert editor_command(FILE, 10) == ["micro", "+10", "/data/talk.yaml"]


def test_run_editor_reports_failures(tmp_path: Path) -> None:
    assert run_editor([sys.executable, "-c", "pass"]) is None
    assert run_editor([sys.executable, "-c", "raise SystemExit(3)"]) == (
        "the editor exited with status 3"
    )
    missing = str(tmp_path / "no-such-editor")
    assert run_editor([missing, "x"]) == f"the editor {missing!r} was not found"
