"""The per-user state file: contents, keys, locking, atomicity, recovery."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import platformdirs
import pytest
from filelock import FileLock

import reader.atomic
import reader.state.document as state_document
from reader.model import Answer, Interview, Person, Section
from reader.state import (
    Bookmark,
    ReadingPosition,
    StateStore,
    bookmark_excerpt,
    interview_key,
)

NOW = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
STAMP = "2025-01-02T03:04:05+00:00"
ASIDE = "state.json.corrupt-20250102T030405Z"


def clock() -> datetime:
    return NOW


SECTION = Section(id="q1", number=1, title="t", question="q?", answers=(Answer("ann", "a"),))


def make_interview(path: Path, interview_id: str = "talk", count: int = 3) -> Interview:
    sections = tuple(
        Section(
            id=f"q{n}",
            number=n,
            title=f"Question {n}",
            question=f"Question {n}?",
            answers=(
                Answer("ann", f"First answer to {n}.\nSecond line."),
                Answer("bob", f"Other answer to {n}."),
            ),
        )
        for n in range(1, count + 1)
    )
    return Interview(
        path=path,
        id=interview_id,
        title="A talk",
        people={"ann": Person("ann", "Ann"), "bob": Person("bob", "Bob")},
        sections=sections,
    )


@pytest.fixture
def state_path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "state.json"


@pytest.fixture
def store(state_path: Path) -> StateStore:
    return StateStore(state_path, now=clock)


def files_in(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


# --- location ---------------------------------------------------------------------------


def test_reader_state_dir_is_respected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READER_STATE_DIR", str(tmp_path / "custom"))
    store = StateStore()
    assert store.path == tmp_path / "custom" / "state.json"
    store.set_theme("nord")
    assert json.loads((tmp_path / "custom" / "state.json").read_text())["theme"] == "nord"


def test_default_path_without_the_variable_is_the_platform_state_dir() -> None:
    expected = Path(platformdirs.user_state_dir("reader", appauthor=False)) / "state.json"
    assert StateStore.default_path({}) == expected
    assert StateStore.default_path({"READER_STATE_DIR": ""}) == expected
    assert StateStore.default_path({"READER_STATE_DIR": "/x/y"}) == Path("/x/y/state.json")


# --- keys -------------------------------------------------------------------------------


def test_key_is_id_plus_resolved_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path)
    resolved = tmp_path.resolve()
    assert interview_key("talk", Path("a.yaml")) == f"talk@{resolved / 'a.yaml'}"
    assert interview_key("talk", tmp_path / "sub" / ".." / "a.yaml") == f"talk@{resolved}/a.yaml"
    assert interview_key("talk", "a.yaml") != interview_key("talk", "sub/a.yaml")
    assert interview_key("talk", "a.yaml") != interview_key("other", "a.yaml")


def test_two_files_with_the_same_id_never_share_state(store: StateStore, tmp_path: Path) -> None:
    first = make_interview(tmp_path / "one.yaml")
    second = make_interview(tmp_path / "two.yaml")
    key1 = interview_key(first.id, first.path)
    key2 = interview_key(second.id, second.path)
    store.set_position(key1, "q2", 7)
    store.mark_read(key1, "q1")
    store.toggle_bookmark(first, first.sections[0])
    assert store.position(key2) is None
    assert store.read_sections(key2) == frozenset()
    assert store.bookmarks(key2) == []
    assert [b.path for b in store.bookmarks(key1)] == [str((tmp_path / "one.yaml").resolve())]


# --- contents round-trip ----------------------------------------------------------------


def test_everything_persists_across_instances(
    state_path: Path, store: StateStore, tmp_path: Path
) -> None:
    interview = make_interview(tmp_path / "talk.yaml")
    key = interview_key(interview.id, interview.path)
    store.set_position(key, "q2", 12)
    store.mark_read(key, "q1")
    store.mark_read(key, "q2")
    store.add_bookmark(interview, interview.sections[1], 1, note="check this")
    store.set_last_in_folder(tmp_path, key)
    store.set_theme("gruvbox")

    again = StateStore(state_path, now=clock)
    assert again.position(key) == ReadingPosition("q2", 12, STAMP)
    assert again.read_sections(key) == {"q1", "q2"}
    [bookmark] = again.bookmarks()
    assert bookmark == Bookmark(
        id=bookmark.id,
        key=key,
        path=str((tmp_path / "talk.yaml").resolve()),
        interview_id="talk",
        interview_title="A talk",
        section_id="q2",
        section_number=2,
        answer=1,
        excerpt="Other answer to 2.",
        note="check this",
        created=STAMP,
    )
    assert again.last_in_folder(tmp_path) == key
    assert again.last_in_folder(tmp_path / "elsewhere") is None
    assert again.theme == "gruvbox"
    assert again.problems == []
    assert not again.read_only


def test_file_layout_is_versioned_json(state_path: Path, store: StateStore) -> None:
    store.set_position("k", "q1", 3)
    data = json.loads(state_path.read_text())
    assert data == {
        "version": 1,
        "interviews": {"k": {"position": {"section": "q1", "scroll": 3, "when": STAMP}}},
        "bookmarks": [],
        "folders": {},
    }


def test_negative_scroll_is_stored_as_zero(store: StateStore) -> None:
    store.set_position("k", "q1", -5)
    assert store.position("k") == ReadingPosition("q1", 0, STAMP)


def test_read_marks(store: StateStore, state_path: Path) -> None:
    assert store.mark_read("k", "q1") is True
    before = state_path.stat().st_mtime_ns, state_path.stat().st_ino
    assert store.mark_read("k", "q1") is False
    # Already read: no write at all.
    assert (state_path.stat().st_mtime_ns, state_path.stat().st_ino) == before
    store.mark_read("k", "q3")
    assert store.read_count("k", ["q1", "q2", "q3", "q1"]) == 2
    assert store.read_count("k", ["q1"]) == 1  # q3 was removed from the file
    store.reset_read("k")
    assert store.read_sections("k") == frozenset()
    assert StateStore(state_path).read_sections("k") == frozenset()


def test_toggle_bookmark_adds_then_removes(store: StateStore, tmp_path: Path) -> None:
    interview = make_interview(tmp_path / "talk.yaml")
    section = interview.sections[0]
    key = interview_key(interview.id, interview.path)
    assert store.toggle_bookmark(interview, section) is True
    assert store.toggle_bookmark(interview, section, 0) is True  # an answer is another place
    assert [(b.section_id, b.answer) for b in store.bookmarks()] == [("q1", None), ("q1", 0)]
    assert store.find_bookmark(key, "q1", 0) is not None
    assert store.toggle_bookmark(interview, section) is False
    assert [(b.section_id, b.answer) for b in store.bookmarks()] == [("q1", 0)]
    assert store.find_bookmark(key, "q1", None) is None


def test_add_bookmark_on_a_bookmarked_place_edits_its_note(
    store: StateStore, tmp_path: Path
) -> None:
    interview = make_interview(tmp_path / "talk.yaml")
    first = store.add_bookmark(interview, interview.sections[2], note="one")
    second = store.add_bookmark(interview, interview.sections[2], note="two")
    assert second.id == first.id
    assert [b.note for b in store.bookmarks()] == ["two"]


def test_bookmark_removal(store: StateStore, tmp_path: Path) -> None:
    interview = make_interview(tmp_path / "talk.yaml")
    bookmark = store.add_bookmark(interview, interview.sections[0])
    assert bookmark.note == ""
    assert store.remove_bookmark("nope") is False
    assert store.remove_bookmark(bookmark.id) is True
    assert store.bookmarks() == []


def test_bookmark_excerpt_is_one_safe_line(tmp_path: Path) -> None:
    section = Section(
        id="q1",
        number=1,
        title="t",
        question="Why?",
        answers=(Answer("ann", "Red \x1b[31malert\nsecond line " + "word " * 40),),
    )
    excerpt = bookmark_excerpt(section, 0)
    assert excerpt.startswith("Red ␛[31malert second line word")
    assert excerpt.endswith("…")
    assert len(excerpt) <= 80
    assert bookmark_excerpt(section, None) == excerpt
    empty = Section(id="q2", number=2, title="t", question="Only a question?", answers=())
    assert bookmark_excerpt(empty, None) == "Only a question?"


def test_titles_with_lone_surrogates_are_stored(state_path: Path, tmp_path: Path) -> None:
    interview = make_interview(tmp_path / "talk.yaml")
    odd = Interview(
        path=interview.path,
        id=interview.id,
        title="bad \ud800 title",
        people=interview.people,
        sections=interview.sections,
    )
    store = StateStore(state_path)
    store.toggle_bookmark(odd, odd.sections[0])
    assert store.problems == []
    assert StateStore(state_path).bookmarks()[0].interview_title == "bad \ud800 title"


def test_unknown_keys_survive_a_rewrite(state_path: Path) -> None:
    state_path.parent.mkdir()
    state_path.write_text(
        json.dumps({"version": 1, "x-later": {"a": [1]}, "interviews": {"k": {"extra": True}}})
    )
    store = StateStore(state_path)
    store.mark_read("k", "q1")
    data = json.loads(state_path.read_text())
    assert data["x-later"] == {"a": [1]}
    assert data["interviews"]["k"] == {"extra": True, "read": ["q1"]}


def test_folder_keys_are_resolved(
    store: StateStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lib").mkdir()
    store.set_last_in_folder(Path("lib"), "k")
    assert store.last_in_folder(tmp_path / "lib") == "k"
    assert store.last_in_folder("lib/../lib") == "k"


# --- several stores, several processes ----------------------------------------------------


def test_other_stores_changes_are_seen_and_kept(state_path: Path, tmp_path: Path) -> None:
    one = StateStore(state_path)
    two = StateStore(state_path)
    one.mark_read("k", "q1")
    two.mark_read("k", "q2")  # two had never seen q1: it must re-read under the lock
    one.set_theme("nord")
    assert one.read_sections("k") == {"q1", "q2"}
    assert two.read_sections("k") == {"q1", "q2"}
    assert two.theme == "nord"


_WORKER = r"""
import sys, time
from pathlib import Path
from reader.model import Answer, Interview, Person, Section
from reader.state import StateStore

path, tag, go = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
sections = [
    Section(id=f"{tag}-{i}", number=i + 1, title="t", question="q", answers=(Answer("a", "x"),))
    for i in range(200)
]
interview = Interview(
    path=Path(sys.argv[4]), id="shared", title="t", people={"a": Person("a", "A")},
    sections=tuple(sections),
)
store = StateStore(path)
deadline = time.monotonic() + 30
while not go.exists() and time.monotonic() < deadline:
    time.sleep(0.001)
for i, section in enumerate(sections):
    if i % 2:
        store.toggle_bookmark(interview, section)
    else:
        store.mark_read("shared", section.id)
store.flush()
print(store.unsaved, sorted(set(p.split(";")[0].split(" was ")[-1] for p in store.problems)))
"""


def test_two_processes_updating_at_once_lose_nothing(state_path: Path, tmp_path: Path) -> None:
    state_path.parent.mkdir()
    go = tmp_path / "go"
    interview_file = tmp_path / "shared.yaml"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, str(state_path), tag, str(go), str(interview_file)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for tag in ("a", "b")
    ]
    go.touch()
    outputs = [worker.communicate(timeout=120)[0] for worker in workers]
    assert [w.returncode for w in workers] == [0, 0]
    # Under heavy load a writer may have waited its turn (reported, never lost);
    # nothing else may go wrong, and nothing may be left unsaved.
    for output in outputs:
        assert output in ("0 []\n", "0 ['locked by another reader for over 1 s']\n"), output
    store = StateStore(state_path)
    read = store.read_sections("shared")
    assert read == {f"{tag}-{i}" for tag in "ab" for i in range(0, 200, 2)}
    marked = {b.section_id for b in store.bookmarks()}
    assert marked == {f"{tag}-{i}" for tag in "ab" for i in range(1, 200, 2)}
    assert len(store.bookmarks()) == 200


# --- atomicity: a writer killed at any point ---------------------------------------------

_KILLED = r"""
import os, signal, sys, tempfile
from pathlib import Path
import reader.state as state

path, point = Path(sys.argv[1]), sys.argv[2]
store = state.StateStore(path)
temporaries = []
real_mkstemp, real_write, real_replace = tempfile.mkstemp, os.write, os.replace

def die():
    os.kill(os.getpid(), signal.SIGKILL)

def mkstemp(*args, **kwargs):
    fd, name = real_mkstemp(*args, **kwargs)
    temporaries.append(fd)
    return fd, name

def write(fd, data):
    if fd in temporaries:
        real_write(fd, bytes(data[: len(data) // 2]))
        die()
    return real_write(fd, data)

def replace(src, dst):
    if Path(dst) == path:
        if point == "before-replace":
            die()
        real_replace(src, dst)
        die()
    return real_replace(src, dst)

import reader.atomic
reader.atomic.tempfile.mkstemp = mkstemp
os.write = write if point == "mid-write" else real_write
os.replace = replace
store.set_position("k", "new", 2)
print("still alive")
"""


@pytest.mark.parametrize("point", ["mid-write", "before-replace", "after-replace"])
def test_a_writer_killed_mid_write_leaves_the_old_or_the_new_file(
    state_path: Path, point: str
) -> None:
    StateStore(state_path).set_position("k", "old", 1)
    old = state_path.read_bytes()
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED, str(state_path), point],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert "still alive" not in killed.stdout
    leftovers = {n for n in files_in(state_path.parent) if n.endswith(".tmp")}
    if point == "after-replace":
        assert leftovers == set()
        position = StateStore(state_path).position("k")
        assert position is not None
        assert (position.section_id, position.scroll) == ("new", 2)
    else:
        assert state_path.read_bytes() == old
        assert len(leftovers) == 1  # the dead writer's half-written temporary file
    # The next process finds a good file, takes the lock at once (the dead
    # writer's lock died with it) and sweeps the orphan away.
    after = StateStore(state_path)
    assert after.problems == []
    after.mark_read("k", "q1")
    assert after.problems == []
    assert files_in(state_path.parent) == {"state.json", "state.json.lock"}


# --- corrupt files --------------------------------------------------------------------

GOOD = {"version": 1, "interviews": {}, "bookmarks": [], "folders": {}}
BOOKMARK = {
    "id": "b1",
    "key": "k",
    "path": "/p.yaml",
    "interview_id": "p",
    "interview_title": "P",
    "section_id": "q1",
    "section_number": 1,
    "answer": None,
    "excerpt": "e",
    "note": "",
    "created": STAMP,
}
POSITION = {"section": "q1", "scroll": 0, "when": STAMP}


def _with(**changes: object) -> bytes:
    return json.dumps({**GOOD, **changes}).encode()


CORRUPT_CASES: list[tuple[str, bytes, str]] = [
    ("binary", b"\x00\xff\xfe garbage", "not UTF-8 text"),
    ("garbage", b"hello", "not valid JSON: Expecting value: line 1 column 1 (char 0)"),
    ("empty", b"", "empty"),
    ("blank", b"  \n", "empty"),
    ("truncated", _with(theme="nord")[:30], "not valid JSON: "),
    ("deep", b"[" * 100_000, "nested too deeply"),
    ("list", b"[]", "not a JSON object"),
    ("no version", b"{}", "version: expected an integer"),
    ("string version", b'{"version": "1"}', "version: expected an integer"),
    ("bool version", b'{"version": true}', "version: expected an integer"),
    ("old version", b'{"version": 0}', "version: expected 1, found 0"),
    ("interviews list", _with(interviews=[]), "interviews: expected an object"),
    ("entry", _with(interviews={"k": 3}), "interviews['k']: expected an object"),
    (
        "position",
        _with(interviews={"k": {"position": [1]}}),
        "interviews['k'].position: expected an object",
    ),
    (
        "position section",
        _with(interviews={"k": {"position": {**POSITION, "section": 5}}}),
        "interviews['k'].position.section: expected a string",
    ),
    (
        "scroll string",
        _with(interviews={"k": {"position": {**POSITION, "scroll": "3"}}}),
        "interviews['k'].position.scroll: expected an integer",
    ),
    (
        "scroll bool",
        _with(interviews={"k": {"position": {**POSITION, "scroll": True}}}),
        "interviews['k'].position.scroll: expected an integer",
    ),
    (
        "when missing",
        _with(interviews={"k": {"position": {"section": "q1", "scroll": 0}}}),
        "interviews['k'].position.when: expected a string",
    ),
    (
        "read string",
        _with(interviews={"k": {"read": "q1"}}),
        "interviews['k'].read: expected a list of strings",
    ),
    (
        "read ints",
        _with(interviews={"k": {"read": [1]}}),
        "interviews['k'].read: expected a list of strings",
    ),
    ("bookmarks object", _with(bookmarks={}), "bookmarks: expected a list"),
    ("bookmark string", _with(bookmarks=["x"]), "bookmarks[0]: expected an object"),
    (
        "bookmark no note",
        _with(bookmarks=[{k: v for k, v in BOOKMARK.items() if k != "note"}]),
        "bookmarks[0].note: expected a string",
    ),
    (
        "bookmark answer",
        _with(bookmarks=[{**BOOKMARK, "answer": -1}]),
        "bookmarks[0].answer: expected null or an integer >= 0",
    ),
    (
        "bookmark number",
        _with(bookmarks=[{**BOOKMARK, "section_number": "2"}]),
        "bookmarks[0].section_number: expected an integer",
    ),
    (
        "bookmark id",
        _with(bookmarks=[BOOKMARK, BOOKMARK]),
        "bookmarks[1].id: expected an id no other bookmark has",
    ),
    ("folders list", _with(folders=[]), "folders: expected an object"),
    ("folder value", _with(folders={"/x": 3}), "folders['/x']: expected a string"),
    ("theme", _with(theme=5), "theme: expected a string"),
]


@pytest.mark.parametrize(
    ("content", "reason"),
    [pytest.param(content, reason, id=name) for name, content, reason in CORRUPT_CASES],
)
def test_a_corrupt_file_is_set_aside_reported_once_and_replaced(
    state_path: Path, content: bytes, reason: str
) -> None:
    state_path.parent.mkdir()
    state_path.write_bytes(content)
    store = StateStore(state_path, now=clock)
    aside = state_path.parent / ASIDE
    assert files_in(state_path.parent) == {"state.json", "state.json.lock", ASIDE}
    assert aside.read_bytes() == content  # kept, byte for byte
    assert json.loads(state_path.read_text()) == GOOD  # a fresh file in its place
    [problem] = store.problems
    prefix = f"the state file {state_path} was unreadable ({reason}"
    assert problem.startswith(prefix)
    assert problem.endswith(f"); it was moved aside to {aside} and a fresh one started")
    assert not store.read_only
    store.set_position("k", "q1", 1)
    store.mark_read("k", "q1")
    assert store.problems == [problem]  # reported once
    assert StateStore(state_path).position("k") == ReadingPosition("q1", 1, STAMP)


def test_a_second_corrupt_file_in_the_same_second_gets_its_own_name(state_path: Path) -> None:
    state_path.parent.mkdir()
    state_path.write_bytes(b"first")
    StateStore(state_path, now=clock)
    state_path.write_bytes(b"second")
    StateStore(state_path, now=clock)
    assert (state_path.parent / ASIDE).read_bytes() == b"first"
    assert (state_path.parent / f"{ASIDE}-1").read_bytes() == b"second"


def test_a_file_corrupted_while_running_is_set_aside(state_path: Path) -> None:
    store = StateStore(state_path, now=clock)
    store.set_theme("nord")
    state_path.write_bytes(b'{"version": 1, "theme": ')
    assert store.theme is None
    assert (state_path.parent / ASIDE).read_bytes() == b'{"version": 1, "theme": '
    assert len(store.take_problems()) == 1
    assert json.loads(state_path.read_text()) == GOOD


def test_a_file_deleted_while_running_starts_afresh(state_path: Path) -> None:
    store = StateStore(state_path)
    store.set_theme("nord")
    state_path.unlink()
    assert store.theme is None
    store.mark_read("k", "q1")
    assert json.loads(state_path.read_text())["interviews"] == {"k": {"read": ["q1"]}}


# --- newer version ----------------------------------------------------------------------

NEWER = b'{"version": 2, "interviews": "a new layout", "theme": 7}'


def test_a_newer_file_is_left_untouched_and_nothing_is_saved(state_path: Path) -> None:
    state_path.parent.mkdir()
    state_path.write_bytes(NEWER)
    store = StateStore(state_path, now=clock)
    assert store.read_only
    assert store.newer_version
    message = (
        f"the state file {state_path} was written by a newer version of reader "
        "(format version 2); it is left untouched and nothing will be saved this session"
    )
    assert store.problems == [message]
    # The session still works, in memory.
    store.set_position("k", "q2", 4)
    store.mark_read("k", "q2")
    store.set_theme("nord")
    assert store.position("k") == ReadingPosition("q2", 4, STAMP)
    assert store.read_sections("k") == {"q2"}
    assert store.theme == "nord"
    assert store.problems == [message]
    assert state_path.read_bytes() == NEWER
    assert files_in(state_path.parent) == {"state.json"}


def test_a_newer_file_written_while_running_stops_saving(state_path: Path) -> None:
    store = StateStore(state_path)
    store.set_theme("nord")
    state_path.write_bytes(NEWER)
    store.set_theme("gruvbox")
    assert store.read_only
    assert state_path.read_bytes() == NEWER
    assert len(store.problems) == 1


# --- unwritable or locked ---------------------------------------------------------------


def test_an_uncreatable_state_dir_runs_without_saving(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    path = blocker / "sub" / "state.json"
    store = StateStore(path)
    assert store.read_only
    assert store.problems == [
        f"cannot create the state directory {path.parent} (Not a directory); "
        "reading positions and bookmarks will not be saved this session"
    ]
    for n in range(5):
        store.set_position("k", f"q{n}", n)
    assert store.position("k") == ReadingPosition("q4", 4, store.position("k").when)
    assert len(store.problems) == 1
    assert blocker.read_text() == "not a folder"


def test_a_failing_write_stops_saving_and_is_reported_once(
    state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = StateStore(state_path)
    store.set_theme("nord")
    before = state_path.read_bytes()

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(reader.atomic.tempfile, "mkstemp", refuse)
    for name in ("a", "b", "c"):
        store.set_theme(name)
    assert store.theme == "c"
    assert store.read_only
    assert store.problems == [
        f"cannot write the state file {state_path} (Permission denied); "
        "reading positions and bookmarks will not be saved this session"
    ]
    assert state_path.read_bytes() == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_a_read_only_state_dir_runs_without_saving(state_path: Path) -> None:
    state_path.parent.mkdir()
    state_path.parent.chmod(0o500)
    try:
        store = StateStore(state_path)
        store.set_theme("nord")
        assert store.read_only
        assert store.theme == "nord"
        assert len(store.problems) == 1
    finally:
        state_path.parent.chmod(0o700)


class HeldLock:
    """The state file's lock, held by another thread (flock treats it as another holder)."""

    def __init__(self, state_path: Path) -> None:
        self._lock = FileLock(f"{state_path}.lock")
        self._acquired = threading.Event()
        self._release = threading.Event()
        self._thread = threading.Thread(target=self._hold)

    def _hold(self) -> None:
        with self._lock:
            self._acquired.set()
            self._release.wait(10)

    def __enter__(self) -> HeldLock:
        self._thread.start()
        assert self._acquired.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        self._release.set()
        self._thread.join()


def test_a_busy_lock_delays_changes_without_losing_them(
    state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(state_document, "LOCK_TIMEOUT", 0.05)
    store = StateStore(state_path)
    other = StateStore(state_path)
    store.mark_read("k", "q1")
    with HeldLock(state_path):
        store.set_theme("nord")
        assert store.toggle_bookmark(make_interview(state_path.parent / "t.yaml"), SECTION)
        assert store.theme == "nord"  # the session sees its changes at once
        assert store.unsaved == 2
        assert store.problems == [
            f"the state file {state_path} was locked by another reader for over 0.05 s; "
            "changes are kept and saved when it is free"
        ]
        assert not store.read_only
        assert json.loads(state_path.read_text()).get("theme") is None
    other.mark_read("k", "q2")  # another process saves meanwhile
    assert store.theme == "nord"  # re-reading the file keeps the unsaved changes on top
    assert store.read_sections("k") == {"q1", "q2"}
    store.mark_read("k", "q3")  # the next change that gets the lock saves them all
    assert store.unsaved == 0
    data = json.loads(state_path.read_text())
    assert data["theme"] == "nord"
    assert data["interviews"]["k"]["read"] == ["q1", "q2", "q3"]
    assert [b["section_id"] for b in data["bookmarks"]] == ["q1"]


def test_flush_saves_waiting_changes(state_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(state_document, "LOCK_TIMEOUT", 0.05)
    store = StateStore(state_path)
    assert store.flush() is True  # nothing waiting
    with HeldLock(state_path):
        store.set_theme("nord")
        assert store.flush(timeout=0.05) is False
        assert store.unsaved == 1
    assert store.flush() is True
    assert json.loads(state_path.read_text())["theme"] == "nord"


def test_an_unreadable_file_is_not_set_aside(state_path: Path) -> None:
    state_path.mkdir(parents=True)  # a folder where the file should be
    store = StateStore(state_path)
    assert store.read_only
    assert len(store.problems) == 1
    assert store.problems[0].startswith(f"cannot read the state file {state_path} (")
    assert files_in(state_path.parent) == {"state.json"}


def test_take_problems_hands_each_problem_out_once(state_path: Path) -> None:
    state_path.parent.mkdir()
    state_path.write_bytes(b"junk")
    store = StateStore(state_path, now=clock)
    assert len(store.take_problems()) == 1
    assert store.take_problems() == []
    assert len(store.problems) == 1
