"""Writing an annotated file: only when it is still what was read, atomically, undoable."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from reader import annotate
from reader.annotate import (
    Fields,
    FileChanged,
    WriteRefused,
    add_at_selection,
    read_snapshot,
    undo_last,
    undo_record,
    write_text,
)
from reader.loader import load_text

from .test_annotate_edit import BASE


def _plan_text(text: str, path: Path) -> str:
    interview = load_text(text, path).interview
    assert interview is not None
    section = interview.sections[0]
    return add_at_selection(text, path, section, "answer", 1, 4, 10, Fields(note="n")).text


@pytest.fixture
def interview_file(tmp_path: Path) -> Path:
    path = tmp_path / "i.yaml"
    path.write_bytes(BASE.encode())
    path.chmod(0o640)
    return path


def test_write_replaces_the_file_and_keeps_its_permissions(
    interview_file: Path, tmp_path: Path
) -> None:
    snap = read_snapshot(interview_file)
    new_text = _plan_text(snap.text, interview_file)
    after = write_text(snap, new_text, tmp_path / "state")
    assert interview_file.read_bytes() == new_text.encode()
    assert stat.S_IMODE(interview_file.stat().st_mode) == 0o640
    assert after.sha256 == annotate.digest(new_text.encode())
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_byte_order_mark_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.encode())
    snap = read_snapshot(path)
    new_text = _plan_text(snap.text, path)
    write_text(snap, new_text, None)
    assert path.read_bytes() == b"\xef\xbb\xbf" + new_text.encode()


def test_file_changed_on_disk_is_not_overwritten(interview_file: Path) -> None:
    snap = read_snapshot(interview_file)
    new_text = _plan_text(snap.text, interview_file)
    someone_else = BASE.replace("Comments stay.", "Edited elsewhere.").encode()
    interview_file.write_bytes(someone_else)
    with pytest.raises(FileChanged, match="changed on disk since it was read: nothing was written"):
        write_text(snap, new_text, None)
    assert interview_file.read_bytes() == someone_else


def test_read_only_file_in_a_writable_folder_is_refused(interview_file: Path) -> None:
    interview_file.chmod(0o444)
    snap = read_snapshot(interview_file)
    with pytest.raises(WriteRefused, match=r"is read-only: make it writable \(chmod u\+w\)"):
        write_text(snap, _plan_text(snap.text, interview_file), None)
    assert interview_file.read_bytes() == BASE.encode()


def test_folder_without_permission_is_refused(interview_file: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores folder permissions")
    snap = read_snapshot(interview_file)
    interview_file.parent.chmod(0o500)
    try:
        with pytest.raises(WriteRefused, match="cannot write in the folder"):
            write_text(snap, _plan_text(snap.text, interview_file), None)
    finally:
        interview_file.parent.chmod(0o700)
    assert interview_file.read_bytes() == BASE.encode()


def test_bundled_interview_in_the_installed_package_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled = tmp_path / "lib" / "site-packages" / "reader" / "interviews"
    bundled.mkdir(parents=True)
    path = bundled / "x.yaml"
    path.write_bytes(BASE.encode())
    monkeypatch.setattr(annotate._write, "bundled_interviews", lambda: bundled)
    snap = read_snapshot(path)
    with pytest.raises(WriteRefused, match=r"bundled with reader .* copy it to a folder of yours"):
        write_text(snap, _plan_text(snap.text, path), None)
    assert path.read_bytes() == BASE.encode()


def test_disk_full_midway_leaves_the_original_whole(
    interview_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    snap = read_snapshot(interview_file)
    new_text = _plan_text(snap.text, interview_file)
    real_write = os.write
    calls = {"n": 0}

    def failing_write(fd: int, data: bytes | memoryview) -> int:
        calls["n"] += 1
        if calls["n"] == 1:
            return real_write(fd, bytes(data)[:10])  # part of the file
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", failing_write)
    with pytest.raises(WriteRefused, match="the disk is full"):
        write_text(snap, new_text, None)
    monkeypatch.undo()
    assert interview_file.read_bytes() == BASE.encode()
    assert sorted(p.name for p in interview_file.parent.iterdir()) == ["i.yaml"]


def test_undo_puts_back_the_previous_version_once(interview_file: Path, tmp_path: Path) -> None:
    state = tmp_path / "state"
    snap = read_snapshot(interview_file)
    write_text(snap, _plan_text(snap.text, interview_file), state)
    record = undo_record(state)
    assert record is not None and record.path == interview_file.resolve()
    assert undo_last(state) == interview_file.resolve()
    assert interview_file.read_bytes() == BASE.encode()
    assert undo_record(state) is None
    with pytest.raises(WriteRefused, match="no annotation change to undo"):
        undo_last(state)


def test_undo_refuses_when_the_file_changed_since(interview_file: Path, tmp_path: Path) -> None:
    state = tmp_path / "state"
    snap = read_snapshot(interview_file)
    write_text(snap, _plan_text(snap.text, interview_file), state)
    interview_file.write_bytes(b"someone else's work\n")
    with pytest.raises(FileChanged, match="changed since the last annotation change: not undone"):
        undo_last(state)
    assert interview_file.read_bytes() == b"someone else's work\n"


def test_permission_denied_at_the_rename_is_said(
    interview_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What a folder without write permission gives a normal user (root never sees it).
    snap = read_snapshot(interview_file)
    new_text = _plan_text(snap.text, interview_file)

    def refuse(*_args: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(WriteRefused, match="permission denied"):
        write_text(snap, new_text, None)
    monkeypatch.undo()
    assert interview_file.read_bytes() == BASE.encode()
    assert sorted(p.name for p in interview_file.parent.iterdir()) == ["i.yaml"]
