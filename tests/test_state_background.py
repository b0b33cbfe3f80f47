"""Reading state saved by a thread of its own (the app's mode): never on the caller's thread.

A change is made in memory at once; the writer thread takes the lock (which
another process may hold for up to a second) and writes the file (two
fsyncs).  Nothing is lost: every change ends up in the file, once.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

import reader.state.document as state_document
from reader.state import StateStore

from .test_state import SECTION, HeldLock, make_interview


@pytest.fixture
def state_path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "state.json"


def _saved(state_path: Path) -> dict[str, object]:
    return json.loads(state_path.read_text()) if state_path.exists() else {}


def _wait(predicate, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition never became true"
        time.sleep(0.01)


def test_a_change_never_waits_for_a_busy_lock(
    state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A lock wait long enough that a caller waiting for it would be caught.
    monkeypatch.setattr(state_document, "LOCK_TIMEOUT", 30.0)
    store = StateStore(state_path, background=True)
    with HeldLock(state_path):
        done = threading.Event()
        worker = threading.Thread(target=lambda: (store.set_theme("nord"), done.set()))
        worker.start()
        worker.join(5)
        assert done.is_set()  # returned while the other holder still has the lock
        assert store.theme == "nord"  # and the session sees it at once
        assert store.unsaved == 1
        assert _saved(state_path).get("theme") is None
    # Once the lock is free, the writer thread saves it.
    _wait(lambda: _saved(state_path).get("theme") == "nord")
    assert store.unsaved == 0


def test_saves_happen_on_the_writer_thread(
    state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[str] = []
    real = state_document.atomic_write

    def recording(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(state_document, "atomic_write", recording)
    store = StateStore(state_path, background=True)
    store.set_position("k", "q2", 3)
    store.mark_read("k", "q2")
    _wait(lambda: "q2" in str(_saved(state_path).get("interviews")))
    assert threads and set(threads) == {"reader-state-writer"}
    data = _saved(state_path)
    assert data["interviews"]["k"]["read"] == ["q2"]  # type: ignore[index]
    assert data["interviews"]["k"]["position"]["section"] == "q2"  # type: ignore[index]


def test_every_change_is_saved_once_beside_another_process(state_path: Path) -> None:
    store = StateStore(state_path, background=True)
    other = StateStore(state_path)
    interview = make_interview(state_path.parent / "t.yaml")
    assert store.toggle_bookmark(interview, SECTION)
    for n in range(1, 30):
        store.mark_read("k", f"q{n}")
        if n % 10 == 0:
            other.mark_read("k", f"other{n}")  # saved at once, by another process
    assert store.flush() is True
    data = _saved(state_path)
    read = data["interviews"]["k"]["read"]  # type: ignore[index]
    assert sorted(read) == sorted([f"q{n}" for n in range(1, 30)] + ["other10", "other20"])
    assert len(read) == len(set(read))
    assert [b["section_id"] for b in data["bookmarks"]] == ["q1"]  # type: ignore[attr-defined]
    # The session's own copy agrees with the file.
    assert len(store.bookmarks()) == 1
    assert store.read_sections("k") == frozenset(read)


def test_flush_waits_for_the_writer(state_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(state_document, "LOCK_TIMEOUT", 0.05)
    store = StateStore(state_path, background=True)
    assert store.flush() is True  # nothing waiting
    with HeldLock(state_path):
        store.set_theme("nord")
        assert store.flush(timeout=0.2) is False
        assert store.unsaved == 1
    assert store.flush() is True
    assert _saved(state_path)["theme"] == "nord"
