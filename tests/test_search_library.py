"""The library's index on disk: per-file updates, corruption, location, scope, order."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.loader import load_file
from reader.search.library import (
    CACHE_FILE,
    CacheUnavailable,
    FileInfo,
    Library,
    cache_dir,
    open_library,
)

from .test_search_support import yaml_interview


def write(path: Path, text: str, mtime_ns: int | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if mtime_ns is not None:
        os.utime(path, ns=(mtime_ns, mtime_ns))
    return path


def library(folder: Path) -> Path:
    write(
        folder / "a.yaml",
        yaml_interview(
            "A",
            [("Who directs?", [("rm", "The director directs."), ("amlo", "Straße López")])],
            notes=[(1, "correction", "A director, not the director.")],
        ),
    )
    write(folder / "b.yaml", yaml_interview("B", [("Energy?", [("amlo", "Supply chain.")])]))
    return folder


class Opened:
    """A library opened and brought up to date, as ``reader search`` does."""

    def __init__(self, paths: Sequence[Path], directory: Path) -> None:
        self.library: Library = open_library(paths, directory=directory)
        self.loaded = self.library.index()
        self.problems = self.library.problems
        self.scope = self.library.scope()

    def search(self, query: str, limit: int | None = None):  # type: ignore[no-untyped-def]
        return self.library.store.search(query, self.scope, limit)

    def count(self, query: str) -> int:
        return self.library.store.count(query, self.scope)

    def close(self) -> None:
        self.library.close()


def open_index(paths: Sequence[Path], *, directory: Path) -> Opened:
    return Opened(paths, directory)


def texts(opened: Opened, query: str) -> list[tuple[str, str]]:
    return [(h.path.name, h.text) for h in opened.search(query).hits]


def test_cache_dir_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READER_CACHE_DIR", str(tmp_path / "c"))
    assert cache_dir() == tmp_path / "c"
    monkeypatch.delenv("READER_CACHE_DIR")
    assert cache_dir().name == "reader"


@pytest.mark.skipif(sys.platform != "linux", reason="the shortcut is for Linux")
@pytest.mark.parametrize(
    ("xdg", "home"),
    [(None, "/home/u"), ("", "/home/u"), ("/x/cache", "/home/u"), ("rel", "/home/u"),
     ("  ", "/home/u"), (None, "/root")],
)  # fmt: skip
def test_cache_dir_is_where_platformdirs_puts_it(
    monkeypatch: pytest.MonkeyPatch, xdg: str | None, home: str
) -> None:
    import platformdirs

    monkeypatch.delenv("READER_CACHE_DIR", raising=False)
    monkeypatch.setenv("HOME", home)
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert cache_dir() == Path(platformdirs.user_cache_dir("reader"))


def test_unchanged_files_are_not_read_again(tmp_path: Path) -> None:
    folder = library(tmp_path / "lib")
    cache = tmp_path / "cache"
    expected = [
        ("a.yaml", "Who directs?"),
        ("a.yaml", "The director directs."),
        ("a.yaml", "A director, not the director."),
    ]
    first = open_index([folder], directory=cache)
    assert first.loaded == 2
    assert texts(first, "direct") == expected
    first.close()
    second = open_index([folder], directory=cache)
    assert second.loaded == 0
    assert texts(second, "direct") == expected
    assert texts(second, "supply") == [("b.yaml", "Supply chain.")]
    second.close()
    assert sorted(p.name for p in folder.iterdir()) == ["a.yaml", "b.yaml"]
    assert (cache / CACHE_FILE).is_file()


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    folder = library(tmp_path / "lib")
    cache = tmp_path / "cache"
    open_index([folder], directory=cache).close()
    stamp = (folder / "b.yaml").stat().st_mtime_ns
    write(
        folder / "b.yaml",
        yaml_interview("B", [("Energy?", [("amlo", "Different words now.")])]),
        mtime_ns=stamp + 10_000_000_000,
    )
    opened = open_index([folder], directory=cache)
    assert opened.loaded == 1
    assert texts(opened, "supply") == []
    assert texts(opened, "different") == [("b.yaml", "Different words now.")]
    # The other file's passages are still there, found once each.
    assert texts(opened, "straße") == [("a.yaml", "Straße López")]
    opened.close()


def test_same_size_new_mtime_is_read_again(tmp_path: Path) -> None:
    folder = library(tmp_path / "lib")
    cache = tmp_path / "cache"
    open_index([folder], directory=cache).close()
    text = (folder / "b.yaml").read_text(encoding="utf-8").replace("Supply", "Apples")
    write(folder / "b.yaml", text, mtime_ns=(folder / "b.yaml").stat().st_mtime_ns + 1)
    opened = open_index([folder], directory=cache)
    assert opened.loaded == 1
    assert texts(opened, "apples") == [("b.yaml", "Apples chain.")]
    opened.close()


@pytest.mark.parametrize(
    "damage",
    [
        b"this is not a database" * 100,
        b"",
        b"SQLite format 3\x00" + b"\xff" * 5000,
    ],
)
def test_a_corrupt_cache_is_discarded_and_rebuilt(tmp_path: Path, damage: bytes) -> None:
    folder = library(tmp_path / "lib")
    cache = tmp_path / "cache"
    open_index([folder], directory=cache).close()
    (cache / CACHE_FILE).write_bytes(damage)
    opened = open_index([folder], directory=cache)
    assert opened.loaded == 2
    assert texts(opened, "supply") == [("b.yaml", "Supply chain.")]
    opened.close()


def test_a_truncated_cache_is_rebuilt(tmp_path: Path) -> None:
    folder = library(tmp_path / "lib")
    cache = tmp_path / "cache"
    open_index([folder], directory=cache).close()
    database = cache / CACHE_FILE
    data = database.read_bytes()
    database.write_bytes(data[: len(data) // 2])
    opened = open_index([folder], directory=cache)
    assert texts(opened, "supply") == [("b.yaml", "Supply chain.")]
    opened.close()


def test_a_cache_from_another_version_is_rebuilt(tmp_path: Path) -> None:
    import sqlite3

    folder = library(tmp_path / "lib")
    cache = tmp_path / "cache"
    open_index([folder], directory=cache).close()
    with sqlite3.connect(cache / CACHE_FILE) as connection:
        connection.execute("UPDATE meta SET value = 'old' WHERE key = 'format'")
    connection.close()
    opened = open_index([folder], directory=cache)
    assert opened.loaded == 2
    opened.close()


def test_broken_files_are_reported_from_the_cache_too(tmp_path: Path) -> None:
    folder = library(tmp_path / "lib")
    broken = write(folder / "c.yaml", "reader: 1\ntitle: [unclosed\n")
    first_error = load_file(broken).errors[0]
    cache = tmp_path / "cache"
    for loaded in (3, 0):
        opened = open_index([folder], directory=cache)
        assert opened.loaded == loaded
        assert opened.problems == [first_error]
        assert texts(opened, "supply") == [("b.yaml", "Supply chain.")]
        opened.close()


def test_missing_paths_are_problems(tmp_path: Path) -> None:
    folder = library(tmp_path / "lib")
    opened = open_index([folder / "nope.yaml", folder / "a.yaml"], directory=tmp_path / "c")
    assert [(p.path, p.line, p.column) for p in opened.problems] == [
        (str(folder / "nope.yaml"), 1, 1)
    ]
    assert [Path(name).name for name in opened.scope.names.values()] == ["a.yaml"]
    opened.close()


def test_deleted_files_are_forgotten(tmp_path: Path) -> None:
    folder = library(tmp_path / "lib")
    cache = tmp_path / "cache"
    open_index([folder], directory=cache).close()
    (folder / "b.yaml").unlink()
    opened = open_index([folder], directory=cache)
    assert texts(opened, "supply") == []
    opened.close()
    import sqlite3

    with sqlite3.connect(cache / CACHE_FILE) as connection:
        assert connection.execute("SELECT count(*) FROM files").fetchone() == (1,)
    connection.close()


def test_a_file_below_the_folder_that_is_not_listed_is_kept_while_it_exists(
    tmp_path: Path,
) -> None:
    # A hidden file, indexed when named on its own, is not among a folder's
    # files, but still exists: searching the folder does not forget it.
    folder = library(tmp_path / "lib")
    hidden = write(folder / ".draft.yaml", yaml_interview("D", [("Why?", [("rm", "Draft.")])]))
    cache = tmp_path / "cache"
    open_index([hidden], directory=cache).close()
    open_index([folder], directory=cache).close()
    opened = open_index([hidden], directory=cache)
    assert opened.loaded == 0
    assert texts(opened, "draft") == [(".draft.yaml", "Draft.")]
    opened.close()
    hidden.unlink()
    open_index([folder], directory=cache).close()
    import sqlite3

    with sqlite3.connect(cache / CACHE_FILE) as connection:
        assert connection.execute("SELECT count(*) FROM files").fetchone() == (2,)
    connection.close()


def test_a_warm_search_writes_nothing_to_the_index(tmp_path: Path) -> None:
    # A search over files already indexed only reads: no write transaction
    # (and so no checkpoint of the write-ahead log when it closes).
    import sqlite3

    folder = library(tmp_path / "lib")
    cache = tmp_path / "cache"
    open_index([folder], directory=cache).close()
    watcher = sqlite3.connect(cache / CACHE_FILE)
    try:
        before = watcher.execute("PRAGMA data_version").fetchone()
        opened = open_index([folder], directory=cache)
        assert opened.loaded == 0
        assert opened.count("director") == 2
        opened.close()
        assert watcher.execute("PRAGMA data_version").fetchone() == before
        # The check itself works: a write by another connection is seen.
        (folder / "b.yaml").write_text(
            yaml_interview("B", [("Energy?", [("amlo", "Supply.")])]), encoding="utf-8"
        )
        open_index([folder], directory=cache).close()
        assert watcher.execute("PRAGMA data_version").fetchone() != before
    finally:
        watcher.close()


def test_a_new_index_has_its_tables_and_its_stamp(tmp_path: Path) -> None:
    import sqlite3

    folder = library(tmp_path / "lib")
    cache = tmp_path / "cache"
    open_index([folder], directory=cache).close()
    with sqlite3.connect(cache / CACHE_FILE) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        stamp = dict(connection.execute("SELECT key, value FROM meta").fetchall())
    connection.close()
    assert {"meta", "files", "persons", "passages", "fts"} <= tables
    assert set(stamp) == {"format", "unicode"}


def test_only_the_files_asked_for_are_searched(tmp_path: Path) -> None:
    folder = library(tmp_path / "lib")
    cache = tmp_path / "cache"
    open_index([folder], directory=cache).close()
    opened = open_index([folder / "b.yaml"], directory=cache)
    assert texts(opened, "direct") == []
    assert opened.count("in:questions") + opened.count("in:answers") == 2
    opened.close()


@pytest.mark.parametrize(
    ("chosen", "how"),
    [
        (range(3, 13), "BETWEEN"),  # one run of consecutive file ids
        ([0, 5, 6, 7, 30], "BETWEEN"),  # a few runs
        (range(0, 40, 2), "temp.scope"),  # scattered: looked up in a table
        ([], "0"),
    ],
)
def test_a_search_sees_only_its_files_in_a_cache_shared_with_others(
    tmp_path: Path, chosen: range | list[int], how: str
) -> None:
    # The cache holds 40 files (another library, say); one search names some.
    folder = tmp_path / "lib"
    for n in range(40):
        write(
            folder / f"f{n:02}.yaml",
            yaml_interview(
                f"F{n}",
                [(f"Alpha question {n}?", [("rm" if n % 3 else "amlo", f"Alpha answer {n}.")])],
                notes=[(1, "note", f"Alpha note {n}.")],
            ),
        )
    cache = tmp_path / "cache"
    open_index([folder], directory=cache).close()
    names = [f"f{n:02}.yaml" for n in chosen]
    opened = open_index([folder / name for name in names], directory=cache)
    condition = opened.scope.condition("rowid")
    assert how in (condition if condition is not None else "temp.scope")
    # Words alone (the full-text table only), and words with filters (joined).
    for query, per_file in [
        ("alpha", 3),
        ("alpha in:answers", 1),
        ("in:annotations", 1),
        ("in:answers -alpha", 0),
        ("in:questions -answer", 1),
        ("alpha by:rm", None),
    ]:
        hits = opened.search(query).hits
        wanted = sorted(
            name
            for n, name in zip(chosen, names, strict=True)
            for _ in range(per_file if per_file is not None else (1 if n % 3 else 0))
        )
        assert [h.path.name for h in hits] == wanted, query
        assert opened.count(query) == len(wanted), query
        assert opened.search(query).interviews == len(set(wanted)), query
    assert opened.count("alpha") == 3 * len(names)
    opened.close()


def test_hits_follow_the_order_of_the_paths(tmp_path: Path) -> None:
    folder = library(tmp_path / "lib")
    cache = tmp_path / "cache"
    # b.yaml enters the cache first, so its rows come first in the database.
    open_index([folder / "b.yaml"], directory=cache).close()
    opened = open_index([folder], directory=cache)
    assert [name for name, _ in texts(opened, "chain")] == ["b.yaml"]
    names = [h.path.name for h in opened.search("in:answers").hits]
    assert names == ["a.yaml", "a.yaml", "b.yaml"]
    first = opened.search("in:answers", limit=1)
    assert [h.path.name for h in first.hits] == ["a.yaml"]
    assert (first.total_hits, first.sections, first.interviews) == (3, 2, 2)
    opened.close()


def test_the_cache_is_never_written_inside_a_searched_folder(tmp_path: Path) -> None:
    folder = library(tmp_path / "lib")
    with pytest.raises(CacheUnavailable, match="is inside"):
        open_index([folder], directory=folder / ".cache")
    assert sorted(p.name for p in folder.iterdir()) == ["a.yaml", "b.yaml"]


def test_searching_from_another_thread(tmp_path: Path) -> None:
    opened = open_index([library(tmp_path / "lib")], directory=tmp_path / "c")
    out: list[int] = []
    thread = threading.Thread(target=lambda: out.append(opened.search("direct").total_hits))
    thread.start()
    thread.join()
    assert out == [3]
    opened.close()


@pytest.mark.skipif(os.name != "posix", reason="elsewhere as_path is pathlib itself")
@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["/", "//", ".", "..", "a", "b.yaml", " ", "./"]), max_size=8))
def test_a_folder_is_named_as_pathlib_names_it(pieces: list[str]) -> None:
    # files_below names the files below a folder without importing pathlib.
    from pathlib import PurePosixPath

    from reader.paths import as_path

    folder = "".join(pieces)
    assert as_path(folder) == (str(PurePosixPath(folder)), PurePosixPath(folder).parts), folder


_NAMES = ["a", "b", "a.yaml", "b.yml", ".h", ".h.yaml", "c.yaml", "a-b", "A.yaml", "é.yaml"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.lists(st.sampled_from(_NAMES), min_size=1, max_size=4), st.booleans()),
        max_size=12,
    )
)
def test_the_walk_finds_what_a_plain_walk_finds_in_path_order(
    tmp_path_factory: pytest.TempPathFactory, tree: list[tuple[list[str], bool]]
) -> None:
    from reader.paths import files_below

    root = tmp_path_factory.mktemp("walk")
    for parts, is_folder in tree:
        path = root.joinpath(*parts)
        try:
            if is_folder:
                path.mkdir(parents=True, exist_ok=True)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.touch()
        except (FileExistsError, NotADirectoryError):
            pass  # a file where a folder was asked for, or the reverse
    (root / "linked.yaml").symlink_to(root / "a", target_is_directory=True)
    (root / "d").mkdir()
    (root / "d" / "loop").symlink_to(root, target_is_directory=True)
    expected = []
    for top, folders, files in os.walk(root):  # links to folders are listed, not entered
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in [*folders, *files]:
            if not name.startswith(".") and name.endswith((".yaml", ".yml")):
                expected.append(os.path.relpath(os.path.join(top, name), root))
    expected.sort(key=lambda name: Path(name).parts)
    found = files_below(str(root))
    assert [os.path.relpath(name, root) for name, _real, _entry in found] == expected
    assert all(real == os.path.join(os.path.realpath(root), name[len(str(root)) + 1 :])
               for name, real, _entry in found)  # fmt: skip


def test_files_are_found_as_reader_paths_discover_finds_them(tmp_path: Path) -> None:
    from reader.paths import discover
    from reader.search.files import discover as _discover

    root = tmp_path / "tree"
    for name in ["b.yaml", "a.yml", "A.yaml", "a-b/x.yaml", "a/x.yaml", "a/z/y.yaml",
                 ".hidden/h.yaml", "a/.h.yaml", "c.txt", "dir.yaml/inner.yaml"]:  # fmt: skip
        write(root / name, "x")
    (root / "link.yaml").symlink_to(root / "b.yaml")
    (root / "linked-dir").symlink_to(root / "a", target_is_directory=True)
    (root / "loop").mkdir()
    (root / "loop" / "self").symlink_to(root / "loop", target_is_directory=True)
    for paths in ([root], [root / "b.yaml", root], [root / "missing.yaml", root / "a"]):
        assert [entry.path for entry in _discover(paths)] == discover(paths)
        for entry in _discover(paths):
            # The key is the resolved path; the status is the target's, for links too.
            assert entry.key == os.fsencode(os.path.realpath(entry.path))
            if entry.path.is_file():
                assert entry.info is not None
                target = os.stat(entry.path)
                # (A link's own size is its target's name, never the one byte written.)
                assert tuple(entry.info) == (target.st_size, target.st_mtime_ns)
                assert entry.info.st_size == 1
            else:
                assert entry.info is None


def _many(folder: Path, count: int) -> Path:
    for n in range(count):
        write(
            folder / f"f{n:02}.yaml",
            yaml_interview(f"F{n}", [(f"Alpha {n}?", [("rm", f"Beta answer {n}.")])]),
        )
    return folder


def test_many_files_are_parsed_in_a_process_pool_with_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.search import library

    folder = _many(tmp_path / "lib", 40)
    pooled = open_library([folder], directory=tmp_path / "pool")
    seen: list[tuple[int, int]] = []
    # Stored in batches of 32 files at least, about a second's worth each.
    monkeypatch.setattr(library, "_BATCH_SECONDS", 0.0)
    assert pooled.index(lambda done, total, _listed: seen.append((done, total)), workers=2) == 40
    assert seen == [(32, 40), (40, 40)]
    seen.clear()
    monkeypatch.setattr(library, "_BATCH_SECONDS", 60.0)
    monkeypatch.setattr(library, "_BATCH_MAX", 36)
    again = open_library([folder], directory=tmp_path / "again")
    assert again.index(lambda done, total, _listed: seen.append((done, total)), workers=2) == 40
    assert seen == [(36, 40), (40, 40)]
    again.close()
    alone = open_library([folder], memory=True)
    assert alone.index(workers=1) == 40
    for query in ("alpha", "beta by:rm", '"answer 3"'):
        assert (
            pooled.store.search(query, pooled.scope()).hits
            == alone.store.search(query, alone.scope()).hits
        )
    assert pooled.store.count("beta", pooled.scope()) == 40
    pooled.close()
    alone.close()


def test_an_indexing_that_fails_keeps_the_transactions_committed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.search import library

    folder = _many(tmp_path / "lib", 40)
    real = library.parse_for_index

    def failing(name: str) -> object:
        if name.endswith("f35.yaml"):
            raise OSError("the disk went away")
        return real(name)

    monkeypatch.setattr(library, "parse_for_index", failing)
    lib = open_library([folder], directory=tmp_path / "c")
    with pytest.raises(OSError):
        lib.index(workers=1)
    # Parsed in this process, each file is committed as it is stored (so
    # that no other writer waits for a parse): the 35 before the failure are
    # kept, and the rest are read by the next indexing.
    assert [entry.name for entry in lib.stale] == [
        str(folder / f"f{n:02}.yaml") for n in range(35, 40)
    ]
    assert lib.store.count("beta", lib.scope()) == 35
    monkeypatch.setattr(library, "parse_for_index", real)
    assert lib.index() == 5
    assert lib.store.count("beta", lib.scope()) == 40
    lib.close()


def test_a_search_during_indexing_covers_the_files_indexed_so_far(tmp_path: Path) -> None:
    folder = _many(tmp_path / "lib", 40)
    lib = open_library([folder], directory=tmp_path / "c")
    stop = threading.Event()
    results = []

    def progress(done: int, total: int, listed: list[FileInfo]) -> None:
        assert len(listed) == 1  # parsed here: each file committed as it comes
        results.append(lib.store.search("beta", lib.scope()))
        stop.set()

    assert lib.index(progress, stop=stop, workers=1) == 40
    first = results[0]
    assert (first.total_hits, first.searched, first.files, first.partial) == (1, 1, 40, True)
    # Stopped after the first file; the next indexing does the rest.
    assert [entry.name for entry in lib.stale] == [
        str(folder / f"f{n:02}.yaml") for n in range(1, 40)
    ]
    assert lib.index() == 39
    whole = lib.store.search("beta", lib.scope())
    assert (whole.total_hits, whole.partial) == (40, False)
    lib.close()


def test_the_listing_comes_from_the_index_without_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = library(tmp_path / "lib")
    write(folder / "c.yaml", "reader: 1\ntitle: [unclosed\n")
    open_index([folder], directory=tmp_path / "c").close()
    import reader.loader

    def refuse(path: Path) -> None:
        raise AssertionError(f"parsed {path}")

    monkeypatch.setattr(reader.loader, "load_file", refuse)
    lib = open_library([folder], directory=tmp_path / "c")
    assert lib.stale == []
    listing = lib.listing()
    people = (("Alex Host",), ("RM", "Kim Namjoon"), ("Andrés Manuel López Obrador",))
    assert [(f.path.name, f.title, f.people, f.rank) for f in listing] == [
        ("a.yaml", "A", people, 0),
        ("b.yaml", "B", people, 1),
        ("c.yaml", None, (), 2),
    ]
    assert listing[0].summary == {
        "date": None,
        "sections": 1,
        "annotations": 1,
        "tags": (),
        "unverified": None,
        "unverified_places": [],
        "topics": [],
    }
    assert lib.section_ids(folder / "a.yaml") == ["q1"]
    assert listing[2].errors and listing[2].errors[0][:2] == (2, 8)
    lib.close()


def test_two_processes_indexing_the_same_files_both_succeed(tmp_path: Path) -> None:
    # Two libraries opened on the same index before either indexed (the app
    # and a `reader search` started together): the second stores files the
    # first has stored since it opened.
    folder = library(tmp_path / "lib")
    first = open_library([folder], directory=tmp_path / "c")
    second = open_library([folder], directory=tmp_path / "c")
    assert first.index() == 2
    assert second.index() == 2
    for lib in (first, second):
        # The first sees the second's files (new ids) without being told.
        assert lib.store.count("supply", lib.scope()) == 1
        assert lib.store.select("SELECT count(*) FROM files") == [(2,)]
        lib.close()


def test_the_scope_is_made_again_only_when_what_is_known_of_the_files_changes(
    tmp_path: Path,
) -> None:
    folder = _many(tmp_path / "lib", 3)
    app = open_library([folder], directory=tmp_path / "cache")
    empty = app.scope()
    assert (empty.order, empty.total) == ([], 3)
    assert app.scope() is empty  # nothing changed: the same scope, not made again
    # Another process (a `reader search` beside the app) indexes the library.
    other = open_library([folder], directory=tmp_path / "cache")
    other.index()
    other.close()
    full = app.scope()
    assert full is not empty
    assert sorted(full.names.values()) == [str(folder / f"f{n:02}.yaml") for n in range(3)]
    assert app.scope() is full
    # This library stores a changed file itself: a new scope, with its new id.
    (folder / "f01.yaml").write_text(
        yaml_interview("F1 again", [("Alpha?", [("rm", "Gamma.")])]), encoding="utf-8"
    )
    os.utime(folder / "f01.yaml", ns=(5, 5))
    changed = open_library([folder], directory=tmp_path / "cache")
    before = changed.scope()
    assert len(before.order) == 2  # the changed file is not searchable until indexed
    changed.index()
    after = changed.scope()
    assert after is not before and len(after.order) == 3
    assert changed.scope() is after
    changed.close()
    app.close()


def test_no_transaction_is_open_while_files_are_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.search import library as library_module

    folder = tmp_path / "lib"
    for n in range(40):
        write(folder / f"f{n:02}.yaml", yaml_interview(f"F{n}", [("Q?", [("rm", f"A {n}.")])]))
    index = open_library([folder], directory=tmp_path / "cache")
    real = library_module.parse_for_index
    during: list[bool] = []

    def watched(name: str) -> object:
        # Another writer (a `reader search` beside the app) would wait for
        # the file lock as long as a transaction is open.
        during.append(index.store._conn.in_transaction)
        return real(name)

    monkeypatch.setattr(library_module, "parse_for_index", watched)
    index.index(workers=1)
    assert len(during) == 40 and not any(during)
    assert index.stale == [] and index.store.count("a", index.scope()) == 40
    index.close()


def test_fts5_is_known_from_sqlite_or_else_from_a_table(monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3
    from types import SimpleNamespace

    from reader.search import sql

    asked: list[str] = []

    class Silent:
        """A connection whose SQLite does not say it has FTS5 (built without, or loaded)."""

        def execute(self, statement: str) -> SimpleNamespace:
            asked.append(statement)
            return SimpleNamespace(fetchone=lambda: (0,))

    monkeypatch.setattr(sql, "_FTS5", None)
    assert sql.fts5_available(sqlite3.connect(":memory:"))
    monkeypatch.setattr(sql, "_FTS5", None)
    assert sql.fts5_available(Silent())  # type: ignore[arg-type]
    assert asked == ["SELECT sqlite_compileoption_used('ENABLE_FTS5')"]
    monkeypatch.setattr(sql, "_FTS5", None)
    assert sql.fts5_available()  # asking a connection of its own
