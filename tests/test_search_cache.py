"""The persistent search cache: per-file updates, corruption, location; FTS5 == scan."""

from __future__ import annotations

import os
import random
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.loader import load_file, load_paths
from reader.search import QueryError, SearchIndex, parse_query
from reader.search.cache import CACHE_FILE, CacheUnavailable, cache_dir, open_index
from reader.search.fts import fts5_available

from .test_search_support import yaml_interview

needs_fts5 = pytest.mark.skipif(not fts5_available(), reason="SQLite without FTS5")


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


def texts(opened: object, query: str) -> list[tuple[str, str]]:
    index = opened.index  # type: ignore[attr-defined]
    return [(h.path.name, h.text) for h in index.iter_hits(query)]


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
    first.index.close()
    second = open_index([folder], directory=cache)
    assert second.loaded == 0
    assert texts(second, "direct") == expected
    assert texts(second, "supply") == [("b.yaml", "Supply chain.")]
    second.index.close()
    assert sorted(p.name for p in folder.iterdir()) == ["a.yaml", "b.yaml"]
    assert (cache / CACHE_FILE).is_file()


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    folder = library(tmp_path / "lib")
    cache = tmp_path / "cache"
    open_index([folder], directory=cache).index.close()
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
    opened.index.close()


def test_same_size_new_mtime_is_read_again(tmp_path: Path) -> None:
    folder = library(tmp_path / "lib")
    cache = tmp_path / "cache"
    open_index([folder], directory=cache).index.close()
    text = (folder / "b.yaml").read_text(encoding="utf-8").replace("Supply", "Apples")
    write(folder / "b.yaml", text, mtime_ns=(folder / "b.yaml").stat().st_mtime_ns + 1)
    opened = open_index([folder], directory=cache)
    assert opened.loaded == 1
    assert texts(opened, "apples") == [("b.yaml", "Apples chain.")]
    opened.index.close()


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
    open_index([folder], directory=cache).index.close()
    (cache / CACHE_FILE).write_bytes(damage)
    opened = open_index([folder], directory=cache)
    assert opened.loaded == 2
    assert texts(opened, "supply") == [("b.yaml", "Supply chain.")]
    opened.index.close()


def test_a_truncated_cache_is_rebuilt(tmp_path: Path) -> None:
    folder = library(tmp_path / "lib")
    cache = tmp_path / "cache"
    open_index([folder], directory=cache).index.close()
    database = cache / CACHE_FILE
    data = database.read_bytes()
    database.write_bytes(data[: len(data) // 2])
    opened = open_index([folder], directory=cache)
    assert texts(opened, "supply") == [("b.yaml", "Supply chain.")]
    opened.index.close()


def test_a_cache_from_another_version_is_rebuilt(tmp_path: Path) -> None:
    import sqlite3

    folder = library(tmp_path / "lib")
    cache = tmp_path / "cache"
    open_index([folder], directory=cache).index.close()
    with sqlite3.connect(cache / CACHE_FILE) as connection:
        connection.execute("UPDATE meta SET value = 'old' WHERE key = 'format'")
    connection.close()
    opened = open_index([folder], directory=cache)
    assert opened.loaded == 2
    opened.index.close()


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
        opened.index.close()


def test_missing_paths_are_problems(tmp_path: Path) -> None:
    folder = library(tmp_path / "lib")
    opened = open_index([folder / "nope.yaml", folder / "a.yaml"], directory=tmp_path / "c")
    assert [(p.path, p.line, p.column) for p in opened.problems] == [
        (str(folder / "nope.yaml"), 1, 1)
    ]
    assert [f.path.name for f in opened.index.files] == ["a.yaml"]
    opened.index.close()


def test_deleted_files_are_forgotten(tmp_path: Path) -> None:
    folder = library(tmp_path / "lib")
    cache = tmp_path / "cache"
    open_index([folder], directory=cache).index.close()
    (folder / "b.yaml").unlink()
    opened = open_index([folder], directory=cache)
    assert texts(opened, "supply") == []
    opened.index.close()
    import sqlite3

    with sqlite3.connect(cache / CACHE_FILE) as connection:
        assert connection.execute("SELECT count(*) FROM files").fetchone() == (1,)
    connection.close()


def test_only_the_files_asked_for_are_searched(tmp_path: Path) -> None:
    folder = library(tmp_path / "lib")
    cache = tmp_path / "cache"
    open_index([folder], directory=cache).index.close()
    opened = open_index([folder / "b.yaml"], directory=cache)
    assert texts(opened, "direct") == []
    assert len(opened.index) == 2
    opened.index.close()


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
    open_index([folder], directory=cache).index.close()
    names = [f"f{n:02}.yaml" for n in chosen]
    opened = open_index([folder / name for name in names], directory=cache)
    index = opened.index
    assert how in index._scope
    # Words alone (the full-text table only), and words with filters (joined).
    for query, per_file in [
        ("alpha", 3),
        ("alpha in:answers", 1),
        ("in:annotations", 1),
        ("in:answers -alpha", 0),
        ("in:questions -answer", 1),
        ("alpha by:rm", None),
    ]:
        hits = list(index.iter_hits(query))
        wanted = sorted(
            name
            for n, name in zip(chosen, names, strict=True)
            for _ in range(per_file if per_file is not None else (1 if n % 3 else 0))
        )
        assert [h.path.name for h in hits] == wanted, query
        assert index.count(query) == len(wanted), query
        assert index.search(query).interviews == len(set(wanted)), query
    assert len(index) == 3 * len(names)
    index.close()


def test_hits_follow_the_order_of_the_paths(tmp_path: Path) -> None:
    folder = library(tmp_path / "lib")
    cache = tmp_path / "cache"
    # b.yaml enters the cache first, so its rows come first in the database.
    open_index([folder / "b.yaml"], directory=cache).index.close()
    opened = open_index([folder], directory=cache)
    assert [name for name, _ in texts(opened, "chain")] == ["b.yaml"]
    names = [h.path.name for h in opened.index.search("in:answers").hits]
    assert names == ["a.yaml", "a.yaml", "b.yaml"]
    first = opened.index.search("in:answers", limit=1)
    assert [h.path.name for h in first.hits] == ["a.yaml"]
    assert (first.total_hits, first.sections, first.interviews) == (3, 2, 2)
    opened.index.close()


def test_the_cache_is_never_written_inside_a_searched_folder(tmp_path: Path) -> None:
    folder = library(tmp_path / "lib")
    with pytest.raises(CacheUnavailable, match="is inside"):
        open_index([folder], directory=folder / ".cache")
    assert sorted(p.name for p in folder.iterdir()) == ["a.yaml", "b.yaml"]


def test_searching_from_another_thread(tmp_path: Path) -> None:
    opened = open_index([library(tmp_path / "lib")], directory=tmp_path / "c")
    out: list[int] = []
    thread = threading.Thread(target=lambda: out.append(opened.index.search("direct").total_hits))
    thread.start()
    thread.join()
    assert out == [3]
    opened.index.close()


# -- the cached FTS5 index answers exactly as a scan and as the in-memory index

_WORDS = [
    "the", "then", "director", "direct", "López", "lopez", "Straße", "strasse", "ss",
    "김남준은", "中文", "也可以", "e-mail", "supply", "chain", "chains", "ﬁne", "İstanbul",
    "x", "a",
]  # fmt: skip


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 7)))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, SearchIndex]:
    rng = random.Random(7)
    folder = tmp_path_factory.mktemp("generated")
    for number in range(6):
        sections = [
            (_sentence(rng), [(rng.choice(["rm", "amlo", "host"]), _sentence(rng))
                              for _ in range(rng.randint(1, 3))])
            for _ in range(rng.randint(1, 4))
        ]  # fmt: skip
        notes = [(1, rng.choice(["note", "correction"]), _sentence(rng))]
        write(folder / f"g{number}.yaml", yaml_interview(f"G{number}", sections, notes=notes))
    opened = open_index([folder], directory=tmp_path_factory.mktemp("cache"))
    memory = SearchIndex.from_interviews(
        [r.interview for r in load_paths([folder]) if r.interview is not None]
    )
    return opened, memory


@st.composite
def _query(draw: st.DrawFn) -> str:
    items = []
    for _ in range(draw(st.integers(1, 3))):
        word = draw(st.sampled_from(_WORDS))
        word = word[: draw(st.integers(1, len(word)))]
        form = draw(st.sampled_from(["{}", "{}", '"{} {}"', "-{}", "by:rm", "kind:correction",
                                     "-in:questions", "by:namjoon"]))  # fmt: skip
        items.append(form.format(word, draw(st.sampled_from(_WORDS))))
    return " ".join(items)


@needs_fts5
@settings(max_examples=150)
@given(_query())
def test_fts5_equals_scan_and_the_memory_index(
    generated: tuple[object, SearchIndex], text: str
) -> None:
    opened, memory = generated
    try:
        query = parse_query(text)
    except QueryError:
        return
    index = opened.index  # type: ignore[attr-defined]
    got = index.search(query)
    scanned = index.scan(query)
    in_memory = memory.search(query)
    assert got.hits == scanned.hits == in_memory.hits, text
    counts = (got.total_hits, got.sections, got.interviews)
    assert counts == (scanned.total_hits, scanned.sections, scanned.interviews), text
    assert counts == (in_memory.total_hits, in_memory.sections, in_memory.interviews), text
    assert list(index.iter_hits(query)) == got.hits
    assert index.count(query) == got.total_hits
    # As the app asks: the first hits only, counted in SQL.
    first = index.search(query, limit=2)
    assert first.hits == got.hits[:2], text
    assert (first.total_hits, first.sections, first.interviews) == counts, text


def test_files_are_found_as_reader_paths_discover_finds_them(tmp_path: Path) -> None:
    from reader.paths import discover
    from reader.search.cache import _discover

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
                assert (entry.info.st_size, entry.info.st_mtime_ns, entry.info.st_ino) == (
                    target.st_size,
                    target.st_mtime_ns,
                    target.st_ino,
                )
            else:
                assert entry.info is None


@pytest.mark.parametrize("json_functions", [None, False])
def test_rows_fetched_in_one_step_are_the_rows(
    monkeypatch: pytest.MonkeyPatch, json_functions: bool | None
) -> None:
    import sqlite3

    from reader.search import fts

    # None: use SQLite's JSON functions if there; False: as without them.
    monkeypatch.setattr(fts, "_JSON", json_functions)
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE t (id INTEGER, name TEXT, body BLOB, n REAL)")
    rows = [
        (1, 'a, "b"\n', fts.encode_text("Straße \ud800 中文 \x00 end"), 1.5),
        (2, None, fts.encode_text(""), None),
        (2**52 + 3, "ü", b"\xff\xfe raw", -2.0),
    ]
    connection.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", rows)
    got = fts._fetch(connection, ("id", "name", "body", "n"), "FROM t ORDER BY id", blob=2)
    assert got == rows
    assert fts._fetch(connection, ("id",), "FROM t WHERE id > ?", (10**17,)) == []
    connection.close()


def test_the_app_s_searches_fetch_rows_in_one_step(tmp_path: Path) -> None:
    # search() (the app's) asks SQLite for few values, not a row per hit:
    # each row would wait for the GIL behind a busy loader thread.
    opened = open_index([library(tmp_path / "lib")], directory=tmp_path / "c")
    steps: list[str] = []
    opened.index._conn.set_trace_callback(steps.append)
    result = opened.index.search("direct")
    opened.index.search("direct by:rm")
    assert result.total_hits == 3
    assert [hit.text for hit in result.hits][1] == "The director directs."
    selects = [sql for sql in steps if sql.lstrip().upper().startswith("SELECT")]
    assert selects
    for sql in selects:
        # One row back: an aggregate over all the rows wanted.
        assert sql.startswith(
            ("SELECT group_concat(", "SELECT json_group_array(", "SELECT count(")
        ), sql
    opened.index.close()
