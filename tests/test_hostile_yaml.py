"""Hostile and broken input at the YAML and file level (issue 5, cases 1-9 and 16).

Each case is a file a naive ``yaml.safe_load`` reader hangs on, crashes on,
executes, or silently misreads.  Here each one gives located errors (or loads,
where it is legal), never an exception.  Fixture files are in
tests/fixtures/yaml/; big inputs are generated in the test.
"""

from __future__ import annotations

import os
import threading
import tracemalloc
from pathlib import Path

import pytest
import yaml

import reader.loader
import reader.loader._tree as tree_module
from reader.loader import load_file, load_paths
from reader.model import LoadResult, Severity

from .test_loader_support import FIXTURES, VALID, load, problems, replace_line


def fixture_problems(name: str) -> list[str]:
    """``line:col: severity: message`` for a fixture file."""
    result = load_file(FIXTURES / name)
    return [f"{p.line}:{p.column}: {p.severity}: {p.message}" for p in result.problems]


def _anchor_problem(line: int, column: int, kind: str, name: str) -> str:
    return (
        f"{line}:{column}: error: {kind} '{'&' if kind == 'anchor' else '*'}{name}': anchors and "
        "aliases are not allowed in reader/1 files; write the text out in full"
    )


# -- 1. alias bombs --------------------------------------------------------------


def test_billion_laughs_is_rejected_at_each_anchor_and_alias() -> None:
    found = fixture_problems("billion-laughs.yaml")
    anchors = [p for p in found if "anchor '&" in p]
    aliases = [p for p in found if "alias '*" in p]
    assert anchors[:2] == [
        _anchor_problem(3, 4, "anchor", "a"),
        _anchor_problem(4, 4, "anchor", "b"),
    ]
    assert len(anchors) == 9
    assert aliases[0] == _anchor_problem(4, 8, "alias", "a")
    # 8 lines of 9 aliases, plus the alias in the quote: nine levels, never expanded.
    assert len(aliases) == 73
    assert load_file(FIXTURES / "billion-laughs.yaml").interview is None


def test_billion_laughs_memory_stays_flat() -> None:
    tracemalloc.start()
    try:
        load_file(FIXTURES / "billion-laughs.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Expanded, this is 9**9 (387 million) strings; refused, well under a megabyte.
    assert peak < 1_000_000


def test_alias_in_a_text_field() -> None:
    src = replace_line(2, "title: &t Come back")
    src = replace_line(35, "        quote: *t", src)
    assert problems(src) == [
        _anchor_problem(2, 8, "anchor", "t"),
        _anchor_problem(35, 16, "alias", "t"),
    ]


def test_anchor_on_a_mapping_and_merge_key() -> None:
    src = replace_line(17, "  rm: &person", VALID)
    src = src.replace("tags: [music, video]", "tags: [music, video]\nx-more: {<<: *person}")
    assert problems(src) == [
        _anchor_problem(17, 7, "anchor", "person"),
        _anchor_problem(20, 14, "alias", "person"),
    ]


def test_alias_flood_stops_reading() -> None:
    src = "reader: 1\nx-a: &a x\nx-b: [" + ", ".join(["*a"] * 5000) + "]\n"
    result = load(src)
    assert result.interview is None
    # The parser stops after 1,000 YAML-level problems; 100 of them are shown.
    assert len(result.problems) == 101
    assert result.problems[-1].message == (
        "902 more problems in this file are not shown (fix these first)"
    )


# -- 2. deep nesting -------------------------------------------------------------


def test_100k_open_brackets() -> None:
    assert problems("[" * 100_000) == [
        "1:1001: error: nested far too deeply (over the YAML parser's limit of 1000 levels; "
        "reader/1 needs at most 6): check the brackets and indentation (YAML: exceeded maximum "
        "nesting depth, while increasing flow level)"
    ]


@pytest.mark.parametrize("name", ["deep-flow.yaml", "unclosed-flow.yaml"])
def test_deep_flow_fixtures(name: str) -> None:
    found = fixture_problems(name)
    assert len(found) == 1
    assert found[0].startswith("2:1007: error: nested far too deeply")


def test_deep_flow_below_the_parser_limit_hits_our_cap() -> None:
    src = "reader: 1\ntitle: " + "[" * 500 + "]" * 500 + "\n"
    assert problems(src) == [
        "2:39: error: nested too deeply: more than 32 levels of lists and mappings (reader/1 "
        "needs at most 6): check the brackets and indentation here"
    ]


def test_1200_nested_block_mappings() -> None:
    src = "".join("  " * i + f"k{i}:\n" for i in range(1200)) + "  " * 1200 + "v\n"
    assert problems(src) == [
        "33:65: error: nested too deeply: more than 32 levels of lists and mappings (reader/1 "
        "needs at most 6): check the brackets and indentation here"
    ]


def test_1200_nested_block_sequences() -> None:
    src = "".join("  " * i + "-\n" for i in range(1200)) + "  " * 1200 + "v\n"
    found = problems(src)
    assert len(found) == 1 and found[0].startswith("33:")


# -- 3. tags -------------------------------------------------------------------------


def _tag_problem(line: int, column: int, tag: str) -> str:
    shown = "the non-specific tag '!'" if tag == "!" else f"the tag '{tag}'"
    return (
        f"{line}:{column}: error: {shown}: tags are not allowed in reader/1 files (nothing is "
        "ever constructed from a file); remove it, and put text starting with '!' in quotes"
    )


def test_tags_of_every_sort_are_rejected_where_they_stand() -> None:
    assert fixture_problems("tags.yaml") == [
        _tag_problem(2, 8, "!!python/object/apply:os.system"),
        _tag_problem(3, 10, "!!python/name:os.system"),
        _tag_problem(4, 6, "!!python/module:os"),
        _tag_problem(5, 6, "!!python/tuple"),
        _tag_problem(6, 6, "!include"),
        _tag_problem(7, 6, "!!binary"),
        _tag_problem(8, 6, "!!timestamp"),
        _tag_problem(9, 6, "!!int"),
        _tag_problem(10, 6, "!"),
        _tag_problem(11, 6, "!!str"),
        _tag_problem(12, 6, "!!str"),
        _tag_problem(13, 6, "!!map"),
    ]


def test_nothing_is_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    src = replace_line(2, f"title: !!python/object/apply:os.system ['touch {marker}']")
    assert load(src).interview is None
    assert not marker.exists()


def test_undefined_tag_handle() -> None:
    assert problems(replace_line(2, "title: !e!x y")) == [
        "2:8: error: tags (!...) are not allowed in reader/1 files: remove it, and quote text "
        "starting with '!' (YAML: found undefined tag handle, while parsing a node)"
    ]


# -- 4. duplicate keys ---------------------------------------------------------------


def test_duplicate_keys_name_both_positions() -> None:
    assert fixture_problems("duplicate-keys.yaml") == [
        "36:9: error: duplicate key 'quote': already given at 35:9; keep only one of them"
    ]


def test_duplicate_top_level_and_flow_keys() -> None:
    src = VALID + "title: Again\n"
    src = src.replace("  rm:\n    name: RM", "  rm: {name: RM, name: Arm}")
    assert problems(src) == [
        "17:18: error: duplicate key 'name': already given at 17:8; keep only one of them",
        "45:1: error: duplicate key 'title': already given at 2:1; keep only one of them",
    ]


def test_duplicate_people_keys() -> None:
    src = VALID.replace("  rm:\n    name: RM", "  rm:\n    name: RM\n  rm:\n    name: Arm")
    assert problems(src) == [
        "19:3: error: duplicate key 'rm': already given at 17:3; keep only one of them"
    ]


# -- 5 and 6. YAML 1.1 typing --------------------------------------------------------


def test_yaml11_traps_fixture_keeps_exact_text() -> None:
    result = load_file(FIXTURES / "yaml11-traps.yaml")
    assert result.problems == ()
    interview = result.interview
    assert interview is not None
    assert (interview.title, interview.summary) == ("NO", "on")
    assert interview.people["y"].name == "yes" and interview.people["y"].role == "off"
    assert interview.sections[0].question == "1:30"
    assert [a.quote for a in interview.sections[0].answers] == [
        "010",
        "2024-02-30",
        ".nan",
        "null",
        "1.10",
        "~",
        "9" * 5000,
    ]


def test_bare_safe_load_fails_on_the_traps_fixture() -> None:
    """Why this matters: through yaml.safe_load the same file crashes or loses its text."""
    text = (FIXTURES / "yaml11-traps.yaml").read_text()
    with pytest.raises(ValueError):
        yaml.safe_load(text)  # the 5,000-digit number, then 2024-02-30
    data = yaml.safe_load(text.replace("9" * 5000, "x").replace("2024-02-30", "x"))
    assert data["title"] is False and data["summary"] is True
    assert data["sections"][0]["question"] == 90


def test_600_kb_base60_number_completes() -> None:
    number = ":".join(["59"] * 200_000)
    result = load(replace_line(35, f"        quote: {number}"))
    assert result.interview is not None
    assert result.interview.sections[0].answers[1].quote == number


# -- 7. encodings --------------------------------------------------------------------


def test_latin1_bytes_are_located() -> None:
    assert fixture_problems("latin1.yaml") == [
        "2:11: error: this file is not valid UTF-8: byte 0xE9 cannot appear here (was it saved "
        "as Latin-1 or Windows-1252?): save the file as UTF-8"
    ]


def test_bad_byte_column_counts_characters() -> None:
    data = "reader: 1\ntitle: 한국어 ".encode() + b"\xff" + b"\n"
    assert problems(data) == [
        "2:12: error: this file is not valid UTF-8: byte 0xFF cannot appear here (was it saved "
        "as Latin-1 or Windows-1252?): save the file as UTF-8"
    ]


def _utf_message(what: str) -> str:
    return (
        f"1:1: error: this file looks like {what}, not UTF-8: convert it to UTF-8 (for "
        f"example: iconv -f {what[:6]} -t UTF-8 old.yaml > new.yaml)"
    )


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("utf16le-bom.yaml", "UTF-16 (little-endian), with a byte order mark"),
        ("utf16be-nobom.yaml", "UTF-16 (big-endian), without a byte order mark"),
        ("utf32le-bom.yaml", "UTF-32 (little-endian), with a byte order mark"),
    ],
)
def test_utf16_and_utf32_files(name: str, what: str) -> None:
    assert fixture_problems(name) == [_utf_message(what)]


@pytest.mark.parametrize(
    ("encoding", "what"),
    [
        ("utf-16-le", "UTF-16 (little-endian), without a byte order mark"),
        ("utf-16-be", "UTF-16 (big-endian), without a byte order mark"),
        ("utf-32-le", "UTF-32 (little-endian), without a byte order mark"),
        ("utf-32-be", "UTF-32 (big-endian), without a byte order mark"),
    ],
)
def test_wide_encodings_without_bom(encoding: str, what: str) -> None:
    assert problems(VALID.encode(encoding)) == [_utf_message(what)]


def test_utf8_bom_fixture_loads() -> None:
    result = load_file(FIXTURES / "utf8-bom.yaml")
    assert result.ok and result.problems == ()


def test_line_separators_do_not_shift_line_numbers() -> None:
    # U+2028 and U+0085 are line breaks to libyaml; to editors (and us) only \n is.
    assert fixture_problems("line-separators.yaml") == [
        "21:1: error: unknown key 'wrong' in the top level: valid keys are reader, title, id, "
        "date, language, original_language, summary, source, media, people, tags, annotations, "
        "sections (or your own, starting with 'x-')"
    ]


def test_line_separator_before_an_error_on_the_same_line() -> None:
    # libyaml restarts its column count after each; the ',' is character 23 of the line.
    src = replace_line(35, '        quote: "a\u2028b\x85c", x: [')
    assert [p.split(": error")[0] for p in problems(src)] == ["35:23"]


def test_korean_text_before_an_error_column_in_characters() -> None:
    # The ':' is character 26 of the line: each Hangul syllable counts once, not 3 bytes.
    src = replace_line(35, "        quote: 김남준은 방탄소년단: x")
    assert [p.split(": error")[0] for p in problems(src)] == ["35:26"]
    src = replace_line(36, "        reported: 김남준은")
    assert problems(src) == ["36:19: error: 'reported' must be true or false, not '김남준은'"]


def test_crlf_line_endings_positions() -> None:
    src = replace_line(4, "date: someday").replace("\n", "\r\n")
    assert problems(src) == [
        "4:7: error: 'date' 'someday' must be a date written YYYY, YYYY-MM or YYYY-MM-DD (for "
        "example 2024-05-10)"
    ]


def test_lone_cr_counts_as_no_line_break() -> None:
    src = replace_line(2, 'title: "Come\rback"').replace("date: 2024-05-10", "date: x")
    assert [p.split(": error")[0] for p in problems(src)] == ["4:7"]


# -- 8. documents and shapes ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "second-document.yaml",
            "46:1: error: a second YAML document starts here: a reader/1 file holds exactly one; "
            "move it to a file of its own",
        ),
        ("empty.yaml", "1:1: error: the file is empty: a reader/1 file starts with 'reader: 1'"),
        (
            "comments-only.yaml",
            "1:1: error: the file holds no YAML document (only comments?): a reader/1 file "
            "starts with 'reader: 1'",
        ),
        (
            "top-list.yaml",
            "1:1: error: the file must be a mapping of 'key: value' lines starting with "
            "'reader: 1', not a list",
        ),
        (
            "top-scalar.yaml",
            "1:1: error: the file must be a mapping of 'key: value' lines starting with "
            "'reader: 1', not text",
        ),
    ],
)
def test_document_shapes(name: str, expected: str) -> None:
    assert fixture_problems(name) == [expected]


def test_document_end_then_text() -> None:
    assert problems(VALID + "...\ntrailing text\n") == [
        "47:1: error: unexpected text after the end of the document: a reader/1 file holds one "
        "YAML document (YAML: did not find expected <document start>)"
    ]


def test_bare_document_marker_and_whitespace() -> None:
    assert problems("---\n") == [
        "1:1: error: the file has no content (only '---'?): a reader/1 file starts with 'reader: 1'"
    ]
    assert problems("   \n\n\t\n") == [
        "1:1: error: the file is empty: a reader/1 file starts with 'reader: 1'"
    ]


def test_explicit_document_start_is_fine() -> None:
    assert load("---\n" + VALID + "...\n").ok


# -- syntax errors, made human ----------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "new", "expected"),
    [
        (
            35,
            "\tquote: x",
            "35:1: error: YAML indents with spaces, not tabs: replace the tabs at the start of "
            "this line by spaces (YAML: found a tab character that violates indentation, while "
            "scanning a plain scalar)",
        ),
        (
            35,
            "        quote: I said: this",
            "35:22: error: unexpected ':' here: put text containing ': ' in quotes, or fix the "
            "indentation (YAML: mapping values are not allowed in this context)",
        ),
        (
            35,
            "        quote: @handle",
            "35:16: error: a value cannot start with '@': put the whole text in quotes",
        ),
        (
            35,
            "        quote: `code`",
            "35:16: error: a value cannot start with '`': put the whole text in quotes",
        ),
        (
            35,
            '        quote: "unknown \\q escape"',
            "35:25: error: unknown escape sequence in double-quoted text: write \\\\ for a "
            "backslash, or use single quotes (YAML: found unknown escape character, while "
            "parsing a quoted scalar)",
        ),
        (
            35,
            "        quote: I liked it\n        the door",
            "36:9: error: expected 'key: value' here: is a ':' missing, or a quote not closed? "
            "(YAML: could not find expected ':', while scanning a simple key)",
        ),
        (
            35,
            "        quote: x\n       reported: true",
            "36:8: error: 'reported' is indented 7 spaces but 'quote' on the line above 8: "
            "keys of one mapping must start in the same column (the keys of a list item line up "
            "with the first one, after its '- ') (YAML: did not find expected '-' indicator)",
        ),
        (
            35,
            "        quote: x\n          reported: true",
            "36:11: error: 'reported' is indented 10 spaces but 'quote' on the line above 8: "
            "keys of one mapping must start in the same column (the keys of a list item line up "
            "with the first one, after its '- ') (YAML: mapping values are not allowed in this "
            "context)",
        ),
        (
            34,
            "      - by: rm\n     quote: x",
            "35:6: error: 'quote' is indented 5 spaces but 'by' on the line above 8: "
            "keys of one mapping must start in the same column (the keys of a list item line up "
            "with the first one, after its '- ') (YAML: did not find expected key)",
        ),
        (
            35,
            "        quote: 'It's the door'",
            "35:19: error: this apostrophe ends the 'single-quoted' text early: inside single "
            "quotes write it twice (It''s), or put the whole text in double quotes (YAML: did "
            "not find expected key)",
        ),
        (
            35,
            "        quote:the door",
            "35:15: error: a space is missing after 'quote:': YAML needs 'key: value', so write "
            "'quote: the door' (YAML: could not find expected ':')",
        ),
        (
            34,
            "      -by: rm",
            "34:8: error: a space is missing after '-': a list item is '- ' then its content, so "
            "write '- by: rm' (YAML: did not find expected '-' indicator)",
        ),
    ],
)
def test_syntax_errors(line: int, new: str, expected: str) -> None:
    assert problems(replace_line(line, new)) == [expected]


def test_unclosed_quote_points_at_the_quote() -> None:
    src = VALID.replace('quote: "no"', 'quote: "no')
    assert problems(src) == [
        "45:16: error: the file ends inside a quoted text: add the closing quote (YAML: found "
        "unexpected end of stream, while scanning a quoted scalar)"
    ]


def test_unclosed_flow_list_names_where_it_starts() -> None:
    src = replace_line(19, "tags: [music, video")
    assert problems(src) == [
        "20:12: error: a [...] list is not closed, or its items are not separated by ',' (the "
        "list starts at 19:7) (YAML: did not find expected ',' or ']', while parsing "
        "a flow sequence)"
    ]


def test_raw_control_characters_are_located() -> None:
    assert fixture_problems("raw-control.yaml") == [
        "35:24: error: the character U+001B (ESC) is not allowed in a YAML file: delete it, or "
        "write it as an escape (such as \\x1b) inside double quotes"
    ]
    src = replace_line(35, "        quote: a\x00b\x7fc\x9bd")
    assert [p.split(": error")[0] for p in problems(src)] == ["35:17", "35:19", "35:21"]


def test_control_characters_fixture_loads_with_warnings() -> None:
    result = load_file(FIXTURES / "control-characters.yaml")
    assert result.ok
    assert [(p.line, p.column, p.severity) for p in result.problems] == [
        (2, 8, Severity.WARNING),
        (35, 16, Severity.WARNING),
    ]
    assert result.interview is not None
    assert "\x1b]0;pwned\x07" in result.interview.title


def test_markup_fixture_is_plain_text() -> None:
    result = load_file(FIXTURES / "markup.yaml")
    assert result.problems == ()
    assert result.interview is not None
    assert result.interview.title == "[$accent]Come[/] [B]back [50%]"


# -- 9. sizes ----------------------------------------------------------------------------


def test_one_megabyte_single_line_quote() -> None:
    quote = "word " * 200_000 + "end"
    interview = load(replace_line(35, f"        quote: {quote}")).interview
    assert interview is not None
    assert interview.sections[0].answers[1].quote == quote


def test_quote_of_100k_lines() -> None:
    body = "\n".join(f"          line {i}" for i in range(100_000))
    interview = load(replace_line(35, "        quote: |-\n" + body)).interview
    assert interview is not None
    quote = interview.sections[0].answers[1].quote
    assert quote.count("\n") == 99_999 and quote.endswith("line 99999")
    # Positions after it are still right.
    src = replace_line(35, "        quote: |-\n" + body).replace('quote: "no"', "quote: [")
    assert problems(src) == [
        "100045:16: error: this [...] list is never closed: the file ends first; add the ']'"
    ]


def test_twenty_megabyte_file(tmp_path: Path) -> None:
    head = VALID.split("sections:")[0] + "sections:\n"
    section = (
        "  - question: Number {n}, what about the door and the three lights?\n"
        "    answers:\n"
        "      - by: lee\n"
        "        quote: >-\n" + "          The door had three lights and a long story. " * 6 + "\n"
        "      - by: rm\n"
        '        quote: "Yes, {n}, it was 김남준\'s idea."\n'
        "    annotations:\n"
        "      - on: it was 김남준's\n"
        "        note: Context {n}.\n"
    )
    count = 20_000_000 // len(section.encode()) + 1
    text = head + "".join(section.replace("{n}", str(n)) for n in range(count))
    path = tmp_path / "big.yaml"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size > 20_000_000
    result = load_file(path)
    assert result.problems == ()
    assert result.interview is not None
    assert len(result.interview.sections) == count
    last = result.interview.sections[-1]
    assert last.annotations[0].anchor is not None
    assert last.answers[1].quote[last.annotations[0].anchor.start :].startswith("it was 김남준's")


def test_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader.loader, "MAX_FILE_BYTES", 1024)
    path = tmp_path / "big.yaml"
    path.write_text(VALID + "x-pad: " + "a" * 2000 + "\n")
    result = load_file(path)
    assert [str(p) for p in result.problems] == [
        f"{path}:1:1: error: the file is 2.8 KiB, over the 1.0 KiB limit for interview files: "
        "split it into several files"
    ]


def test_over_the_real_64_mib_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(64 * 1024 * 1024 + 1)  # sparse: nothing written, nothing read
    assert _only_problem(load_file(path)) == (
        "the file is 67,108,865 bytes, over the 64.0 MiB (67,108,864 bytes) limit for "
        "interview files: split it into several files"
    )


# -- 16. files and folders -----------------------------------------------------------------


def _only_problem(result: LoadResult) -> str:
    assert result.interview is None
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert (problem.line, problem.column) == (1, 1)
    return problem.message


def test_missing_file(tmp_path: Path) -> None:
    assert _only_problem(load_file(tmp_path / "nope.yaml")) == "no such file"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_by_permissions(tmp_path: Path) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text(VALID)
    path.chmod(0)
    assert _only_problem(load_file(path)) == "cannot read this file: permission denied"


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same as above, also when the tests run as root (open() refused by the OS)."""
    path = tmp_path / "secret.yaml"
    path.write_text(VALID)
    real_open = os.open

    def refuse(file: object, flags: int, *args: object, **kwargs: object) -> int:
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(file, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)
    assert _only_problem(load_file(path)) == "cannot read this file: permission denied"


def test_directory_named_like_an_interview(tmp_path: Path) -> None:
    folder = tmp_path / "x.yaml"
    folder.mkdir()
    assert _only_problem(load_file(folder)) == "this is a folder, not an interview file"
    (tmp_path / "good.yaml").write_text(VALID)
    results = load_paths([tmp_path])
    assert [(r.path.name, r.ok) for r in results] == [("good.yaml", True), ("x.yaml", False)]


def test_fifo_never_blocks(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    results: list[LoadResult] = []
    worker = threading.Thread(target=lambda: results.append(load_file(fifo)), daemon=True)
    worker.start()
    worker.join(timeout=30)  # a hang guard, not a timing assertion
    assert results, "load_file blocked on a FIFO"
    assert _only_problem(results[0]) == (
        "this is a FIFO (named pipe), not a regular file: reader reads only regular files"
    )


def test_symlink_loop(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    assert _only_problem(load_file(tmp_path / "a.yaml")) == (
        "cannot read this file: too many levels of symbolic links (a symlink loop?)"
    )
    (tmp_path / "good.yaml").write_text(VALID)
    results = load_paths([tmp_path])
    assert [(r.path.name, r.ok) for r in results] == [
        ("a.yaml", False),
        ("b.yaml", False),
        ("good.yaml", True),
    ]


def test_dangling_symlink(tmp_path: Path) -> None:
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "missing.yaml")
    assert _only_problem(load_file(tmp_path / "gone.yaml")) == "no such file"


def test_file_deleted_before_loading(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(VALID)
    path.unlink()
    assert _only_problem(load_file(path)) == "no such file"


def test_folder_with_no_interviews(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    assert load_paths([tmp_path]) == []


def test_two_thousand_files_one_bad(tmp_path: Path) -> None:
    small = VALID.split("annotations:")[0] + "sections:\n  - question: q\n    answers:\n"
    small += "      - by: rm\n        quote: hi\n"
    for i in range(2000):
        (tmp_path / f"i{i:04d}.yaml").write_text(small)
    (tmp_path / "i0500.yaml").write_text("reader: 1\ntitle: [\n")
    results = load_paths([tmp_path])
    assert len(results) == 2000
    assert [r.path.name for r in results if not r.ok] == ["i0500.yaml"]
    assert results[0].path.name == "i0000.yaml" and results[0].ok


# -- the pure-Python parser, used when libyaml is missing ---------------------------------


@pytest.fixture
def pure_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tree_module, "_Parser", yaml.SafeLoader)
    monkeypatch.setattr(tree_module, "WITH_LIBYAML", False)


@pytest.mark.usefixtures("pure_parser")
def test_pure_parser_loads_the_same() -> None:
    with_c = load_file(FIXTURES / "valid.yaml")
    reader.loader._tree._Parser.__name__  # noqa: B018 - the fixture is in effect
    assert tree_module._Parser is yaml.SafeLoader
    pure = load_file(FIXTURES / "valid.yaml")
    assert pure == with_c


@pytest.mark.usefixtures("pure_parser")
def test_pure_parser_deep_nesting_hits_our_cap() -> None:
    found = problems("[" * 100_000)
    assert found == [
        "1:33: error: nested too deeply: more than 32 levels of lists and mappings (reader/1 "
        "needs at most 6): check the brackets and indentation here"
    ]


@pytest.mark.usefixtures("pure_parser")
def test_pure_parser_keeps_text_and_positions() -> None:
    assert fixture_problems("duplicate-keys.yaml") == [
        "36:9: error: duplicate key 'quote': already given at 35:9; keep only one of them"
    ]
    assert fixture_problems("line-separators.yaml")[0].startswith("21:1: error: unknown key")
    result = load_file(FIXTURES / "yaml11-traps.yaml")
    assert result.interview is not None and result.interview.title == "NO"


@pytest.mark.usefixtures("pure_parser")
def test_pure_parser_raw_control_characters() -> None:
    assert fixture_problems("raw-control.yaml") == [
        "35:24: error: the character U+001B (ESC) is not allowed in a YAML file: delete it, or "
        "write it as an escape (such as \\x1b) inside double quotes"
    ]


def test_long_unknown_key_and_huge_missing_passage() -> None:
    src = replace_line(38, "      - on: " + "lights " * 100_000)
    src = src.replace("tags:", "k" * 1000 + ": 1\ntags:")
    found = problems(src)
    assert [p.split(": error")[0] for p in found] == ["19:1", "39:13"]
    assert len(found[0]) < 400 and len(found[1]) < 400


def test_key_over_the_yaml_limit() -> None:
    src = VALID.replace("tags:", "k" * 1_000_000 + ": 1\ntags:")
    assert problems(src) == [
        "19:1: error: a key longer than 1024 characters (YAML allows no longer): shorten it"
    ]


def test_a_path_that_cannot_be_looked_at(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder the OS will not let us stat (EACCES) does not stop the others."""
    good = tmp_path / "good.yaml"
    good.write_text(VALID)
    locked = tmp_path / "locked" / "x.yaml"
    real_is_dir = Path.is_dir

    def is_dir(self: Path) -> bool:
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_is_dir(self)

    monkeypatch.setattr(Path, "is_dir", is_dir)
    results = load_paths([locked, good])
    assert [(r.path, r.ok) for r in results] == [(locked, False), (good, True)]
    assert results[0].problems[0].message == "no such file"
