"""``reader search``: exact output lines, --json, --count, colour, exit codes, hostile text."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.cli import main
from reader.cli.search import format_hit, hit_context

from .test_search_support import yaml_interview

HOSTILE = "Bad \x1b]52;c;ZXZpbA==\x07 \x1b[2J \x9b6n \u202eevil\u202c \x00 \x7f word."


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def lib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    write(
        tmp_path / "lib" / "a.yaml",
        yaml_interview(
            "A",
            [
                ("Who directs?", [("rm", "The director directs."), ("amlo", "Straße, López.")]),
                ("Second?", [("host", HOSTILE)]),
            ],
            notes=[(1, "correction", "A director, not the director.")],
        ),
    )
    write(tmp_path / "lib" / "b.yaml", yaml_interview("B", [("Energy?", [("amlo", "Supply.")])]))
    return Path("lib")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["search", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_grep_like_lines(lib: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "direct", str(lib))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "lib/a.yaml:12:15: Alex Host: Who directs?",
        "lib/a.yaml:16:16: RM: The director directs.",
        "lib/a.yaml:21:15: [correction]: A director, not the director.",
    ]


def test_accents_and_case_folding(lib: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "strasse lopez", str(lib))
    assert code == 0
    assert out == "lib/a.yaml:18:16: Andrés Manuel López Obrador: Straße, López.\n"


@pytest.mark.parametrize("no_cache", [[], ["--no-cache"]])
def test_count(lib: Path, capsys: pytest.CaptureFixture[str], no_cache: list[str]) -> None:
    assert run(capsys, "direct", str(lib), "--count", *no_cache) == (0, "3\n", "")
    assert run(capsys, "nothing", str(lib), "--count", *no_cache) == (1, "0\n", "")


def test_no_match_exits_1_silently(lib: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "zebra", str(lib)) == (1, "", "")


def test_json(lib: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lopez", str(lib), "--json")
    assert code == 0
    (line,) = out.splitlines()
    assert line.isascii()
    assert json.loads(line) == {
        "path": "lib/a.yaml",
        "line": 18,
        "column": 16,
        "interview": "a",
        "interview_title": "A",
        "section": "q1",
        "number": 1,
        "field": "answer",
        "answer": 1,
        "annotation": None,
        "speaker": "amlo",
        "speaker_name": "Andrés Manuel López Obrador",
        "kind": None,
        "text": "Straße, López.",
        "matches": [[8, 13]],
    }


def test_json_of_an_annotation(lib: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "kind:correction", str(lib), "--json")
    data = json.loads(out)
    assert (data["field"], data["annotation"], data["kind"], data["speaker"]) == (
        "annotation",
        0,
        "correction",
        None,
    )
    assert data["matches"] == []


def test_a_bad_query_exits_2_with_a_pointer(lib: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, 'lopez "supply', str(lib))
    assert (code, out) == (2, "")
    assert err == (
        'reader search: error: unclosed quote: add a closing " to end the phrase\n'
        '  lopez "supply\n'
        "        ^\n"
    )


def test_an_unknown_filter_exits_2(lib: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "who:me", str(lib))
    assert code == 2
    assert err.startswith('reader search: error: unknown filter "who:"')


def test_unreadable_paths_are_reported_and_the_rest_searched(
    lib: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "supply", "missing.yaml", str(lib))
    assert code == 2
    assert out == "lib/b.yaml:16:16: Andrés Manuel López Obrador: Supply.\n"
    assert err.startswith("missing.yaml:1:1: error: ")
    assert err.count("\n") == 1


@pytest.mark.parametrize("no_cache", [[], ["--no-cache"]])
def test_broken_files_report_their_first_error(
    lib: Path, capsys: pytest.CaptureFixture[str], no_cache: list[str]
) -> None:
    write(lib / "c.yaml", "reader: 1\ntitle: [unclosed\n")
    from reader.loader import load_file

    first = load_file(lib / "c.yaml").errors[0]
    code, out, err = run(capsys, "supply", str(lib), *no_cache)
    assert code == 2
    assert out == "lib/b.yaml:16:16: Andrés Manuel López Obrador: Supply.\n"
    assert err == f"lib/c.yaml:{first.line}:{first.column}: error: {first.message}\n"


@pytest.mark.parametrize("no_cache", [[], ["--no-cache"]])
def test_an_empty_folder_is_an_error(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    no_cache: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    write(tmp_path / "full" / "b.yaml", yaml_interview("B", [("Q?", [("rm", "Here.")])]))
    code, out, err = run(capsys, "here", "empty", "full/", *no_cache)
    assert (code, out) == (2, "full/b.yaml:16:16: RM: Here.\n")
    assert err == "empty:1:1: error: no interview files (*.yaml, *.yml) in this folder\n"


@pytest.mark.parametrize("no_cache", [[], ["--no-cache"]])
def test_paths_print_as_named_with_or_without_the_cache(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    no_cache: list[str],
) -> None:
    write(tmp_path / "lib" / "sub" / "b.yaml", yaml_interview("B", [("Q?", [("rm", "Here.")])]))
    monkeypatch.chdir(tmp_path / "lib")
    monkeypatch.setenv("READER_CACHE_DIR", str(tmp_path / "cache"))
    # As a Path would print them: "." and "./" add nothing, "//" is one.
    for folder in (".", "./", "./sub//"):
        assert run(capsys, "here", folder, *no_cache) == (0, "sub/b.yaml:16:16: RM: Here.\n", "")


def test_default_paths_are_the_interviews_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "interviews" / "b.yaml", yaml_interview("B", [("Q?", [("rm", "Here.")])]))
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "here") == (0, "interviews/b.yaml:16:16: RM: Here.\n", "")


def test_colour_only_when_asked_or_on_a_terminal(
    lib: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, plain, _ = run(capsys, "supply", str(lib))
    assert "\x1b" not in plain
    _, coloured, _ = run(capsys, "supply", str(lib), "--color", "always")
    assert coloured == (
        "\x1b[35mlib/b.yaml\x1b[0m:\x1b[32m16\x1b[0m:\x1b[32m16\x1b[0m: "
        "\x1b[1mAndrés Manuel López Obrador\x1b[0m: \x1b[1;31mSupply\x1b[0m.\n"
    )
    monkeypatch.setenv("NO_COLOR", "1")
    assert run(capsys, "supply", str(lib), "--color", "always")[1] == coloured
    assert run(capsys, "supply", str(lib), "--color", "auto")[1] == plain


def test_use_color_auto(monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.cli.search import use_color

    class Tty:
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_color("auto", Tty()) is True  # type: ignore[arg-type]
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color("auto", Tty()) is False  # type: ignore[arg-type]
    assert use_color("never", Tty()) is False  # type: ignore[arg-type]


@pytest.mark.parametrize("args", [[], ["--color", "always"], ["--json"], ["--no-cache"]])
def test_hostile_text_never_reaches_stdout_raw(
    lib: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    code, out, _ = run(capsys, "evil", str(lib), *args)
    assert code == 0
    allowed_escapes = "\x1b[" if args == ["--color", "always"] else None
    text = out
    if allowed_escapes:
        for code_ in ("\x1b[35m", "\x1b[32m", "\x1b[0m", "\x1b[1m", "\x1b[1;31m"):
            text = text.replace(code_, "")
    for ch in text:
        assert ch == "\n" or (
            ch >= " "
            and ch != "\x7f"
            and not ("\x80" <= ch <= "\x9f")
            and ch not in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
        ), repr(ch)
    if args != ["--json"]:
        assert "␛]52;c;ZXZpbA==␇ ␛[2J �6n ⇄evil⇄ ␀ ␡ word." in text
    else:
        assert json.loads(out)["text"] == HOSTILE


def test_hostile_file_names_are_shown_safely(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    name = "x\x1b[2Jy\nz.yaml"
    write(tmp_path / name, yaml_interview("N", [("Q?", [("rm", "Found.")])]))
    code, out, _ = run(capsys, "found", name)
    assert code == 0
    assert out == "x␛[2Jy␤z.yaml:16:16: RM: Found.\n"


def test_long_passages_are_shortened_around_the_match() -> None:
    text = " ".join(f"w{i}" for i in range(60)) + " needle " + " ".join(f"v{i}" for i in range(60))
    start = text.index("needle")
    line, spans = hit_context(text, [(start, start + 6)])
    assert line == (
        "…w53 w54 w55 w56 w57 w58 w59 needle v0 v1 v2 v3 v4 v5 v6 v7 v8 v9 v10 v11 v12 "
        "v13 v14 v15 v16 v17…"
    )
    (a, b) = spans[0]
    assert line[a:b] == "needle"


def test_context_folds_white_space_and_keeps_the_spans() -> None:
    line, spans = hit_context("  one\n  two   three\t", [(8, 11)])
    assert line == "one two three"
    assert [line[a:b] for a, b in spans] == ["two"]


def test_end_to_end_in_a_subprocess(lib: Path, tmp_path: Path) -> None:
    env = {**os.environ, "READER_CACHE_DIR": str(tmp_path / "sub-cache")}
    env.pop("NO_COLOR", None)
    done = subprocess.run(
        [sys.executable, "-m", "reader", "search", "director", str(lib)],
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.decode("utf-8").splitlines() == [
        "lib/a.yaml:16:16: RM: The director directs.",
        "lib/a.yaml:21:15: [correction]: A director, not the director.",
    ]
    assert (tmp_path / "sub-cache" / "search-v2.sqlite3").is_file()
    assert sorted(p.name for p in (tmp_path / "lib").iterdir()) == ["a.yaml", "b.yaml"]


def test_context_offsets_agree_with_fold_whitespace() -> None:
    from reader.cli.search import _fold_spaces
    from reader.text import fold_whitespace

    spaces = "\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2028\u2029\u202f\u205f\u3000\x0b\x0c\r"
    texts = ["a  b\n\n c", "  lead", "trail  ", "x", "", "a \t\n b c  d", " ", "\n\n", "\u200b"]
    for ch in spaces:
        texts += [f"a{ch}b", f"{ch}a", f"a{ch}", f"a {ch}b", ch, ch * 2, f"x{ch}y{ch} {ch}"]
    for text in [*texts, spaces, f"a{spaces}b"]:
        folded, to_folded = _fold_spaces(text)
        expected, index = fold_whitespace(text)
        assert folded == expected == re.sub(r"\s+", " ", text)
        for offset, ch in enumerate(text):
            if not ch.isspace():
                assert index[to_folded(offset)] == offset


def test_lines_from_the_leading_matches_equal_lines_from_all_matches() -> None:
    from reader.search.library import index_interviews
    from reader.search.match import PassageTokens, passage_matches

    from .test_search_support import interview

    words = ["camera", "Straße", "naïve", "café", "López", "김남준은", "supply", "chain", "中文"]
    texts = [
        "  ".join(words[(i * 7 + k) % len(words)] for k in range(i * 3 % 90 + 1)) + "\n end"
        for i in range(60)
    ]
    library = [interview(f"I{n}", [("Q?", [("rm", t) for t in texts[n::3]])]) for n in range(3)]
    store, scope = index_interviews(library)
    for query in ["camera", '"supply chain"', "strasse lopez", "中文 -naive", "김남준 -chain"]:
        result = store.search(query, scope)
        assert result.hits
        for hit in result.hits:
            full = passage_matches(result.query, PassageTokens(hit.text)) or []
            assert hit.matches == full
            for color in (False, True):
                assert format_hit(hit, color=color, query=result.query) == format_hit(
                    hit, color=color
                )


_COUNT_PATH = [
    "reader", "reader.cli", "reader.cli.search", "reader.paths", "reader.search",
    "reader.search.files", "reader.search.library", "reader.search.normalize",
    "reader.search.query", "reader.search.sql",
    "reader.search.store", "reader.tuples",
]  # fmt: skip
"""Reader's modules that a warm ``reader search --count`` imports, and no other."""

_NOT_TO_COUNT = [
    # Each costs 0.3-3 ms of a warm count (python -X importtime; docs/search.md).
    "typing", "pathlib", "json", "threading", "contextlib", "importlib", "dataclasses",
    "urllib.parse", "ipaddress", "multiprocessing", "concurrent.futures",
    "argparse", "platformdirs", "filelock", "yaml", "difflib", "textual", "rich",
]  # fmt: skip


def test_a_warm_count_imports_only_what_counting_needs(lib: Path, tmp_path: Path) -> None:
    env = {**os.environ, "READER_CACHE_DIR": str(tmp_path / "count-cache")}
    script = (
        "import sys\n"
        "from reader.cli import main\n"
        "main(['search', '--count', 'director', 'lib'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'reader'))\n"
        f"print(sorted(m for m in {_NOT_TO_COUNT!r} if m in sys.modules))\n"
    )
    run_it = [sys.executable, "-c", script]
    # The first run fills the cache; the second finds every file unchanged.
    first = subprocess.run(run_it, env=env, cwd=tmp_path, check=True, capture_output=True)
    # Indexing needs more (the loader, the records, the model).
    assert "reader.loader" in first.stdout.decode().splitlines()[1]
    done = subprocess.run(run_it, env=env, cwd=tmp_path, check=True, capture_output=True)
    assert done.stdout.decode().splitlines() == ["2", repr(sorted(_COUNT_PATH)), "[]"]


def test_the_command_ends_at_once_with_its_output_and_status(lib: Path, tmp_path: Path) -> None:
    # As the console script runs it (main() without argv): the process ends
    # without the interpreter's clean-up, its output flushed to the pipe.
    env = {**os.environ, "READER_CACHE_DIR": str(tmp_path / "exit-cache")}

    def reader(*argv: str) -> subprocess.CompletedProcess[bytes]:
        command = [sys.executable, "-m", "reader", "search", *argv]
        return subprocess.run(command, env=env, cwd=tmp_path, capture_output=True)

    for _ in range(2):  # the index made, then used
        found = reader("--count", "director", "lib")
        assert (found.returncode, found.stdout, found.stderr) == (0, b"2\n", b"")
    nothing = reader("--count", "nowhere", "lib")
    assert (nothing.returncode, nothing.stdout, nothing.stderr) == (1, b"0\n", b"")
    missing = reader("--count", "director", "lib", "gone.yaml")
    assert (missing.returncode, missing.stdout) == (2, b"2\n")
    assert missing.stderr == b"gone.yaml:1:1: error: no such file\n"
    bad = reader("--count", '"director', "lib")
    assert (bad.returncode, bad.stdout) == (2, b"")
    assert bad.stderr.startswith(b"reader search: error: unclosed quote")
    lines = reader("director", "lib", "--color", "never")
    assert lines.returncode == 0
    assert lines.stdout.decode().splitlines()[0].startswith("lib/a.yaml:")
    assert len(lines.stdout.decode().splitlines()) == 2


def test_the_collector_is_paused_for_the_search_only(
    lib: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from reader.cli import search as search_command

    during: list[bool] = []
    real = search_command.run

    def run(args: object) -> int:
        during.append(gc.isenabled())
        return real(args)  # type: ignore[arg-type]

    monkeypatch.setattr(search_command, "run", run)
    assert gc.isenabled()
    assert main(["search", "--count", "director", "lib"]) == 0
    assert main(["search", "--count", "director", "lib", "nowhere"]) == 2
    assert during == [False, False]
    assert gc.isenabled()


_ARGUMENTS = [
    "camera", "lib", "a b", "", "-x", "-", "--", "--count", "--json", "--no-cache", "--color",
    "--color=always", "--color=never", "--color=auto", "--color=", "--color=red", "always",
    "never", "auto", "--cou", "--help", "-h", "--no", "-1", "x=y", "by:rm",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_ARGUMENTS), max_size=6))
def test_the_fast_parse_agrees_with_argparse(argv: list[str]) -> None:
    import argparse
    import contextlib
    import io

    from reader.cli.search import add_arguments, parse_fast

    parser = argparse.ArgumentParser(prog="reader search")
    add_arguments(parser)
    try:
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            expected: dict[str, object] | None = vars(parser.parse_args(argv))
    except SystemExit:
        expected = None
    fast = parse_fast(argv)
    if fast is None:
        # Left to argparse: only for lines the fast parse is not meant for.
        assert expected is None or any(a.startswith("-") for a in argv), argv
    else:
        assert vars(fast) == expected, argv


def test_the_fast_parse_takes_the_common_lines() -> None:
    from reader.cli.search import parse_fast

    for argv in (
        ["camera"],
        ["--count", "camera", "lib"],
        ["camera", "lib", "more", "--json", "--no-cache"],
        ["--color", "never", "a b", "lib", "--count"],
        ["--color=always", "camera"],
    ):
        assert parse_fast(argv) is not None, argv
    assert vars(parse_fast(["--color", "never", "a b", "lib", "--count"]) or {}) == {
        "query": "a b",
        "paths": ["lib"],
        "count": True,
        "json": False,
        "no_cache": False,
        "color": "never",
    }


def test_the_readme_search_examples_find_something_in_the_bundled_interviews(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A newcomer copies these from the README: each must print hits.
    root = Path(__file__).resolve().parent.parent
    monkeypatch.chdir(root)
    readme = (root / "README.md").read_text(encoding="utf-8")
    examples = re.findall(r"^reader search (.+?)\s+# ", readme, flags=re.MULTILINE)
    assert len(examples) == 3
    for example in examples:
        args = [arg.strip("'") for arg in re.findall(r"'[^']*'|\S+", example)]
        code, out, err = run(capsys, *args)
        assert (code, err) == (0, ""), example
        assert out.strip(), example


def test_lines_from_the_cache_equal_lines_from_the_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Printed from the cache's rows (reader search's fast path) or from the
    # files: the same lines, whatever folding does to the offsets (ß -> ss,
    # a combining accent, ideographs as words of their own, İ, ligatures).
    quotes = [
        "Plain director text, directing.",
        "Straße and the director: Strasse.",
        "Cafe\u0301 director, café Director.",
        "김남준은 director, direct.",
        "中文也可以 director.",  # each ideograph folds to a word of its own: " 中 "
        "İstanbul director ﬁne.",
    ]
    write(
        tmp_path / "lib" / "m.yaml",
        yaml_interview("M", [(f"Q{n} direct?", [("rm", quote)]) for n, quote in enumerate(quotes)]),
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("READER_CACHE_DIR", str(tmp_path / "cache"))
    queries = ["direct", '"the director"', "strasse", "cafe director"]
    queries += ["김남준", "中文", "istanbul fine"]
    for query in queries:
        for colour in ("never", "always"):
            fresh = run(capsys, query, "lib", "--no-cache", f"--color={colour}")
            cached = run(capsys, query, "lib", f"--color={colour}")
            again = run(capsys, query, "lib", f"--color={colour}")
            assert cached == fresh == again, query
            assert fresh[0] == 0, query


def test_many_hits_are_formatted_by_a_pool_in_the_same_order(
    lib: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.cli.search as search_cli

    assert main(["search", "--color", "always", "director", "lib"]) == 0
    alone = capsys.readouterr().out
    # Every search goes to the pool now, a row or two per task.
    monkeypatch.setattr(search_cli, "_PARALLEL_FLOOR", 1)
    monkeypatch.setattr(search_cli, "_SLICE", 1)
    called: list[int] = []
    real = search_cli._Source._lines_in_pool

    def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        called.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(search_cli._Source, "_lines_in_pool", counted)
    assert main(["search", "--color", "always", "director", "lib"]) == 0
    assert called == [1]
    assert capsys.readouterr().out == alone
    assert alone.count("\n") == 2


@pytest.mark.parametrize("argparse_too", [[], ["--"]])  # "--": argparse, not parse_fast
def test_paths_named_are_tidied_as_pathlib_would_in_messages(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argparse_too: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "emptyd").mkdir()
    write(tmp_path / "lib" / "b.yaml", yaml_interview("B", [("Q?", [("rm", "Here.")])]))
    code, out, err = run(
        capsys, "--count", *argparse_too, "here", "./emptyd//", "./gone.yaml", "lib/"
    )
    assert (code, out) == (2, "1\n")
    assert err == (
        "emptyd:1:1: error: no interview files (*.yaml, *.yml) in this folder\n"
        "gone.yaml:1:1: error: no such file\n"
    )
    # An empty argument is the current folder, as Path("") is ".".
    assert run(capsys, "--count", *argparse_too, "here", "") == (0, "1\n", "")


def test_an_index_made_before_the_status_index_is_searched_without_a_write(
    lib: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from reader.search.library import CACHE_FILE

    cache = tmp_path / "old-cache"
    monkeypatch.setenv("READER_CACHE_DIR", str(cache))
    assert run(capsys, "--count", "director", "lib") == (0, "2\n", "")
    database = cache / CACHE_FILE
    other = sqlite3.connect(database, isolation_level=None)
    other.execute("DROP INDEX files_status")  # as an index made before it was
    inode = database.stat().st_ino

    def indexes() -> list[str]:
        rows = other.execute("SELECT name FROM sqlite_master WHERE type = 'index'").fetchall()
        return [name for (name,) in rows if not name.startswith("sqlite_")]

    # Another process writes (the app indexing): a search only reads, so it
    # neither waits for it nor takes the index for a damaged one.
    other.execute("BEGIN IMMEDIATE")
    try:
        assert run(capsys, "--count", "director", "lib") == (0, "2\n", "")
    finally:
        other.execute("ROLLBACK")
    assert database.stat().st_ino == inode
    assert indexes() == []
    # The next writer (a file changed, so indexed again) adds it.
    write(lib / "b.yaml", yaml_interview("B", [("Energy?", [("amlo", "A director.")])]))
    assert run(capsys, "--count", "director", "lib") == (0, "3\n", "")
    assert indexes() == ["files_status"]
    assert database.stat().st_ino == inode
    other.close()


def test_a_busy_index_is_not_deleted(
    lib: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from reader.search import library as library_module
    from reader.search.files import CacheUnavailable

    cache = tmp_path / "busy-cache"
    library_module.open_library([lib], directory=cache).close()
    database = cache / library_module.CACHE_FILE
    inode = database.stat().st_ino

    def busy(database: str | None) -> sqlite3.Connection:
        error = sqlite3.OperationalError("database is locked")
        error.sqlite_errorcode = sqlite3.SQLITE_BUSY  # type: ignore[attr-defined]
        raise error

    monkeypatch.setattr(library_module, "_connect", busy)
    with pytest.raises(CacheUnavailable, match="is busy \\(another reader is writing it\\)"):
        library_module.open_library([lib], directory=cache)
    assert database.stat().st_ino == inode


def test_the_quick_ending_leaves_profilers_and_a_closed_stderr_alone(
    lib: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "READER_CACHE_DIR": str(tmp_path / "exit-cache")}
    reader = [sys.executable, "-m", "reader", "search", "--count", "director", "lib"]
    subprocess.run(reader, env=env, cwd=tmp_path, check=True, capture_output=True)
    # Standard error closed when the process starts (2>&-): still exit 0.
    closed = subprocess.run(
        ["sh", "-c", " ".join(reader[1:]).join(['"$0" ', " 2>&-"]), sys.executable],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
    )
    assert (closed.returncode, closed.stdout) == (0, b"2\n")
    # A profiler writes its results after main() returns.
    profile = tmp_path / "search.prof"
    profiled = [sys.executable, "-m", "cProfile", "-o", str(profile), *reader[1:]]
    done = subprocess.run(profiled, env=env, cwd=tmp_path, capture_output=True)
    assert (done.returncode, done.stdout) == (0, b"2\n")
    assert profile.stat().st_size > 0


def test_a_closed_standard_output_is_an_error(lib: Path, tmp_path: Path) -> None:
    env = {**os.environ, "READER_CACHE_DIR": str(tmp_path / "closed-cache")}
    command = '"$0" -m reader search --count director lib >&-'
    closed = subprocess.run(
        ["sh", "-c", command, sys.executable], env=env, cwd=tmp_path, capture_output=True
    )
    assert (closed.returncode, closed.stderr) == (
        2,
        b"reader search: error: standard output is closed: the results cannot be written\n",
    )
