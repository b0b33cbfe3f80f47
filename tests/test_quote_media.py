"""Remarks sections, ``about`` notes, times and ``#t=`` links in quotes; the player rules."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from reader.loader import load_text
from reader.media import (
    find_player,
    media_target,
    player_command,
    run_player,
    seconds,
    time_link,
)
from reader.model import Interview
from reader.quote import copy_summary, format_answer, format_section, section_record

SUMMIT = """\
reader: 1
title: Summit press conference
date: 2024-03-05
media: https://example.org/summit.mp4#start
people:
  doe: {name: Karen Doe}
  duda: {name: Andrzej Duda, role: President of Poland}
  q: {name: Reporter}
annotations:
  - kind: translation
    about: duda
    note: Duda spoke Polish; his words are the interpreter's.
  - kind: translation
    note: The whole transcript is the White House's.
sections:
  - title: Opening
    time: "00:10"
    answers:
      - by: doe
        quote: Good afternoon.
        time: "00:10"
  - question: Will the statement be translated?
    asked_by: q
    time: "01:02:03"
    answers:
      - by: duda
        quote: Yes, into Polish and Spanish.
        time: "01:02:09"
      - by: doe
        quote: Thanks, everyone.
        time: "01:03:00"
"""


def interview(text: str = SUMMIT, name: str = "summit.yaml") -> Interview:
    loaded = load_text(text, Path(name))
    assert loaded.problems == (), [str(p) for p in loaded.problems]
    assert loaded.interview is not None
    return loaded.interview


def test_remarks_section_has_no_question_when_copied() -> None:
    summit = interview()
    remarks = summit.sections[0]
    assert (remarks.has_question, remarks.title, remarks.time) == (False, "Opening", "00:10")
    assert format_section(summit, remarks, "text") == (
        'Karen Doe: "Good afternoon."\n'
        "\n"
        '— "Summit press conference", 2024-03-05, Q&A 1, at 00:10 '
        "(https://example.org/summit.mp4#t=10)[1]\n"
        "\n"
        "[1] Translation: The whole transcript is the White House's.\n"
    )
    assert copy_summary(summit, remarks, None) == "Q&A 1 (1 answer)"
    assert section_record(summit, remarks)["question"] is None


def test_about_note_travels_only_with_that_speakers_words() -> None:
    summit = interview()
    qa = summit.sections[1]
    duda = format_answer(summit, qa, 0, "markdown")
    assert duda == (
        "> Yes, into Polish and Spanish.[^1][^2]\n"
        "\n"
        '— Andrzej Duda (President of Poland), "Summit press conference", 2024-03-05, '
        "Q&A 2, at 01:02:09 (https://example.org/summit.mp4#t=3729)\n"
        "\n"
        "[^1]: Translation: Duda spoke Polish; his words are the interpreter's.\n"
        "[^2]: Translation: The whole transcript is the White House's.\n"
    )
    doe = format_answer(summit, qa, 1, "text")
    assert "Duda spoke Polish" not in doe
    assert doe.startswith('"Thanks, everyone."[1]\n')
    # The whole Q&A holds Duda's words, so it carries the note.
    assert "Duda spoke Polish" in format_section(summit, qa, "markdown")


def test_relative_media_has_no_link_but_the_time_stays() -> None:
    local = interview(SUMMIT.replace("https://example.org/summit.mp4#start", "rec/summit.mp4"))
    text = format_answer(local, local.sections[1], 0, "text")
    assert '\n— Andrzej Duda (President of Poland), "Summit press conference", 2024-03-05, ' in text
    assert ", Q&A 2, at 01:02:09\n" in text


def test_loader_refuses_bad_media_about_and_question_less_asks() -> None:
    bad = (
        SUMMIT.replace("https://example.org/summit.mp4#start", "javascript:alert(1)")
        .replace("about: duda", "about: dudda")
        .replace("  - title: Opening\n", "  - title: Opening\n    asked_by: q\n")
    )
    loaded = load_text(bad, Path("bad.yaml"))
    assert [str(p) for p in loaded.errors] == [
        "bad.yaml:4:8: error: 'media' 'javascript:alert(1)' is not a web address: only "
        "http:// and https:// links are allowed, not 'javascript:'",
        "bad.yaml:11:12: error: unknown speaker 'dudda' in 'about': did you mean 'duda'? "
        "(people: doe, duda, q)",
        "bad.yaml:17:5: error: 'asked_by' needs a 'question': add the question, or remove "
        "'asked_by' (a section without a question holds remarks)",
    ]
    absolute = load_text(
        SUMMIT.replace("https://example.org/summit.mp4#start", "/etc/x.mp3"), Path("a.yaml")
    )
    assert [p.message for p in absolute.errors] == [
        "'media' '/etc/x.mp3' must be an http(s) URL or a path relative to this file (like "
        "recordings/interview.mp3), without control characters"
    ]


def test_time_links_and_seconds() -> None:
    assert seconds("01:02:03") == 3723 and seconds("4:05") == 245
    assert time_link("https://example.org/a.mp3", "00:10") == "https://example.org/a.mp3#t=10"
    assert time_link("https://example.org/a.mp3#t=5", "1:00") == "https://example.org/a.mp3#t=60"
    assert time_link("rec/a.mp3", "00:10") is None
    assert time_link("https://example.org/a.mp3", None) is None


def test_media_target(tmp_path: Path) -> None:
    (tmp_path / "rec").mkdir()
    (tmp_path / "rec" / "a.mp3").write_bytes(b"ID3")
    text = SUMMIT.replace("https://example.org/summit.mp4#start", "rec/a.mp3")
    assert media_target(interview(text, str(tmp_path / "i.yaml"))) == (
        str(tmp_path / "rec" / "a.mp3"),
        None,
    )
    missing = interview(text.replace("rec/a.mp3", "rec/b.mp3"), str(tmp_path / "i.yaml"))
    target, why = media_target(missing)
    assert target is None and why == f"the recording rec/b.mp3 is not there ({tmp_path}/rec/b.mp3)"
    none = interview(text.replace("media: rec/a.mp3\n", ""), str(tmp_path / "i.yaml"))
    assert media_target(none) == (
        None,
        "this interview names no recording (add 'media' to the file)",
    )


@pytest.mark.parametrize(
    ("installed", "environ", "expected"),
    [
        ({"mpv", "ffplay", "vlc"}, {}, ["/usr/bin/mpv"]),
        ({"ffplay", "vlc"}, {}, ["/usr/bin/ffplay"]),
        ({"vlc"}, {}, ["/usr/bin/vlc"]),
        (set(), {}, None),
        ({"mpv", "myplayer"}, {"READER_PLAYER": "myplayer --fs"}, ["myplayer", "--fs"]),
        ({"mpv"}, {"READER_PLAYER": "missing-player"}, None),
    ],
)
def test_find_player(
    installed: set[str], environ: dict[str, str], expected: list[str] | None
) -> None:
    def which(name: str) -> str | None:
        return f"/usr/bin/{name}" if name in installed else None

    assert find_player(environ, which) == expected


def test_player_commands() -> None:
    url = "https://example.org/a.mp3"
    assert player_command(["/usr/bin/mpv"], url, 62) == ["/usr/bin/mpv", "--start=62", url]
    assert player_command(["/usr/bin/ffplay"], url, 62) == [
        "/usr/bin/ffplay",
        "-hide_banner",
        "-ss",
        "62",
        url,
    ]
    assert player_command(["vlc"], url, 62) == ["vlc", "--start-time=62", url]
    assert player_command(["play", "--at={start}", "{target}"], url, 7) == [
        "play",
        "--at=7",
        url,
    ]


def test_passages_in_a_remarks_section_are_anchored_in_its_answers() -> None:
    text = SUMMIT.replace(
        '        quote: Good afternoon.\n        time: "00:10"\n',
        '        quote: Good afternoon.\n        time: "00:10"\n'
        "    annotations:\n      - on: afternoon\n        note: It was 1 p.m.\n",
    )
    remarks = interview(text).sections[0]
    anchor = remarks.annotations[0].anchor
    assert anchor is not None
    assert (anchor.field, anchor.answer, anchor.start, anchor.end) == ("answer", 0, 5, 14)
    broken = load_text(text.replace("on: afternoon", "on: evening"), Path("b.yaml"))
    assert broken.errors[0].message.startswith("'on' passage 'evening' is not in")
    bad_time = load_text(
        text.replace('time: "00:10"\n    answers', 'time: "75:00"\n    answers'), Path("t.yaml")
    )
    assert [str(p) for p in bad_time.errors] == [
        "t.yaml:17:11: error: 'time' '75:00' must be MM:SS or HH:MM:SS (minutes and seconds "
        "00 to 59), for example 04:05 or 1:04:05"
    ]


def test_run_player_reports_what_went_wrong(tmp_path: Path) -> None:
    assert run_player([sys.executable, "-c", "pass"]) is None
    name = Path(sys.executable).name
    assert run_player([sys.executable, "-c", "raise SystemExit(3)"]) == (
        f"{name} exited with status 3"
    )
    assert run_player([str(tmp_path / "nope")]) == "the player 'nope' was not found"
