"""The YAML writer behind ``reader import``: exact round trips, styles, determinism."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.loader import load_text
from reader.yamlwrite import double_quoted, dump, scalar

TRAPS = [
    "no",
    "No",
    "yes",
    "on",
    "off",
    "null",
    "Null",
    "~",
    "true",
    "2024-05-10",
    "2024-05-10 10:00:00",
    "12:30",
    "1:30",
    "010",
    "0o10",
    "0x1F",
    "1e3",
    "1_000",
    ".inf",
    ".NaN",
    "-",
    "- x",
    "? x",
    ": x",
    "a: b",
    "a:",
    "a #b",
    "#x",
    "'quoted'",
    '"quoted"',
    "|",
    ">",
    "@x",
    "`x",
    "%x",
    "!x",
    "&x",
    "*x",
    "=",
    "<<",
    "",
    " leading",
    "trailing ",
    "tab\there",
    "multi\n\nparagraph",
    "ends with newline\n",
    "\nstarts with newline",
    "line  \nwith trailing spaces",
    "  indented\nsecond",
    "NEL\x85inside",
    "LS\u2028inside",
    "PS\u2029inside",
    "BOM\ufeffinside",
    "\x1b[2J\x1b]52;c;aGk=\x07",
    "C1 \x9b31m",
    "DEL \x7f",
    "NUL \x00",
    "bidi \u202eevil\u202c",
    "zero\u200bwidth",
    "NBSP\xa0here",
    "[@click=app.quit]x[/]",
    "<script>alert(1)</script>",
    "---",
    "...",
    "--- x",
    "a\\b",
    "emoji 🎤 and 김남준 and López",
    "\U0010fffd astral",
    "x" * 200,
    "word " * 40 + "end",
]


def round_trip(text: str) -> None:
    document = {"k": text, "items": [text, {"q": text}]}
    out = dump(document)
    assert yaml.safe_load(out) == document
    assert yaml.load(out, Loader=yaml.CSafeLoader) == document
    if not text.strip():
        return  # the loader rejects blank text in required fields, rightly
    interview = dump(
        {
            "reader": 1,
            "title": text,
            "people": {"p": {"name": "P", "aka": [text]}},
            "sections": [{"question": text, "answers": [{"by": "p", "quote": text}]}],
        }
    )
    loaded = load_text(interview, Path("round-trip.yaml"))
    assert loaded.interview is not None, [str(p) for p in loaded.problems]
    section = loaded.interview.sections[0]
    assert section.question == text
    assert section.answers[0].quote == text
    assert loaded.interview.title == text
    assert loaded.interview.people["p"].aka == (text,)


@pytest.mark.parametrize("text", TRAPS)
def test_traps_read_back_exactly(text: str) -> None:
    round_trip(text)


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(codec="utf-8"), max_size=120))
def test_any_text_reads_back_exactly(text: str) -> None:
    round_trip(text)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.text(st.sampled_from("ab :#-'\"\n\t\x1b\u2028é"), min_size=1, max_size=30),
        min_size=1,
        max_size=4,
    )
)
def test_paragraph_like_text_reads_back_exactly(parts: list[str]) -> None:
    round_trip("\n\n".join(parts))


def test_styles() -> None:
    assert scalar("hello world") == "hello world"
    assert scalar("López Obrador") == "López Obrador"
    assert scalar("https://example.org/a?b=c#d") == "https://example.org/a?b=c#d"
    assert scalar("no") == '"no"'
    assert scalar("2024-05-10") == '"2024-05-10"'
    assert scalar("a: b") == '"a: b"'
    assert scalar("") == '""'
    assert scalar("tab\there") == '"tab\\there"'
    assert scalar("\x1b[2J\x9b") == '"\\e[2J\\x9B"'
    assert scalar("NBSP\xa0 \u2028 \u202e \U0001f3a4") == '"NBSP\\_ \\L \\u202E \U0001f3a4"'
    assert scalar("One.\n\nTwo.", "    ") == "|-\n      One.\n\n      Two."
    long = "word " * 20 + "end"
    assert scalar(long, "  ") == "|-\n    " + long
    # A long line without spaces (a URL) stays on its line.
    url = "https://example.org/" + "a" * 100
    assert scalar(url) == url
    # Text a block scalar cannot hold exactly falls back to quotes.
    assert scalar("One.\n\n Two.  \n") == '"One.\\n\\n Two.  \\n"'
    assert double_quoted('say "hi" \\ bye') == '"say \\"hi\\" \\\\ bye"'


def test_dump_layout_key_order_and_determinism() -> None:
    document = {
        "reader": 1,
        "title": "T",
        "people": {"b": {"name": "B"}, "a": {"name": "A", "aka": ["Ay", "no"]}},
        "tags": [],
        "x-empty": {},
        "skipped": None,
        "sections": [
            {"question": "Q?", "reported": True, "answers": [{"by": "a", "quote": "One.\n\nTwo."}]},
            {"question": "R?", "answers": ["plain", "One.\n\nTwo."]},
        ],
    }
    expected = (
        "# made by a test\n"
        "reader: 1\n"
        "title: T\n"
        "people:\n"
        "  b:\n"
        "    name: B\n"
        "  a:\n"
        "    name: A\n"
        "    aka:\n"
        "      - Ay\n"
        '      - "no"\n'
        "tags: []\n"
        "x-empty: {}\n"
        "sections:\n"
        "  - question: Q?\n"
        "    reported: true\n"
        "    answers:\n"
        "      - by: a\n"
        "        quote: |-\n"
        "          One.\n"
        "\n"
        "          Two.\n"
        "  - question: R?\n"
        "    answers:\n"
        "      - plain\n"
        "      - |-\n"
        "        One.\n"
        "\n"
        "        Two.\n"
    )
    assert dump(document, header=["made by a test"]) == expected
    assert dump(document, header=["made by a test"]) == expected
    del document["skipped"]
    assert yaml.safe_load(expected) == document


def test_dump_refuses_what_it_cannot_write() -> None:
    with pytest.raises(ValueError, match="header lines must be printable single lines"):
        dump({"a": "b"}, header=["two\nlines"])
    with pytest.raises(TypeError, match="cannot write float"):
        dump({"a": 1.5})
    with pytest.raises(TypeError, match="mapping keys must be text"):
        dump({1: "b"})  # type: ignore[dict-item]


def test_risky_keys_are_quoted() -> None:
    out = dump({"people": {"no": {"name": "N"}, "on": {"name": "O"}, "010": {"name": "Z"}}})
    assert yaml.safe_load(out) == {
        "people": {"no": {"name": "N"}, "on": {"name": "O"}, "010": {"name": "Z"}}
    }
    assert '  "no":' in out.splitlines()
