"""Plain text without labels, header lines, captions, trailers, briefings; hostile bytes; CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.cli import main
from reader.importer import (
    ImportResult,
    Options,
    TranscriptError,
    decode_transcript,
    import_bytes,
    import_text,
)
from reader.loader import load_text
from reader.quote import format_answer
from reader.yamlwrite import dump

FORMATS = Path(__file__).parent / "fixtures" / "formats"
NASA = FORMATS / "qa-nasa-goddard-mcginnis.md"
BRIEFING = FORMATS / "press-briefing.txt"


def run(path: Path, **options: object) -> ImportResult:
    return import_bytes(path.read_bytes(), name=path.name, options=Options(**options))  # type: ignore[arg-type]


def test_nasa_article_questions_by_their_question_marks() -> None:
    result = run(NASA)
    document = result.document
    assert document["title"] == "Kate A. McGinnis: Ready to “Go” with PACE Testing"
    assert str(document["summary"]).startswith("PACE Systems Engineer Kate A. McGinnis spent")
    people = document["people"]
    assert people == {
        "interviewer": {"name": "Interviewer"},
        "kate-a-mcginnis": {
            "name": "Kate A. McGinnis",
            "role": "Plankton, Aerosol, Cloud, and Ocean Ecosystem Mission (PACE) Systems "
            "Engineer; Systems engineer; Mission Systems Engineering Branch, Engineering and "
            "Technology Directorate (Code 599)",
        },
    }
    sections = document["sections"]
    assert isinstance(sections, list)
    assert [s["question"] for s in sections][-1] == "What is your motivational motto?"
    assert sections[-1]["answers"] == [
        {"by": "kate-a-mcginnis", "quote": "Just keep moving forward."}
    ]
    # Header lines, captions and the byline are left out, with their lines.
    assert [(n.line, n.message) for n in result.skipped] == [
        (4, "header line (metadata)"),
        (6, "header line (metadata)"),
        (8, "header line (metadata)"),
        (10, "header line (metadata)"),
        (12, "photo caption"),
        (30, "photo caption"),
        (48, "photo caption"),
        (70, "byline (source note)"),
    ]
    assert document["source"] == {"note": "By Elizabeth M. Jarrell"}
    # The footer after the byline is a note on the interview, not her words.
    notes = document["annotations"]
    assert isinstance(notes, list) and len(notes) == 2
    assert notes[0] == {"note": "NASA’s Goddard Space Flight Center, Greenbelt, Md."}
    words = " ".join(a["quote"] for s in sections for a in s["answers"])
    for not_hers in ("Courtesy of", "Credit:", "said Kate", "Conversations With Goddard"):
        assert not_hers not in words


def test_nasa_with_names_given() -> None:
    result = run(NASA, interviewers=("Elizabeth M. Jarrell",))
    assert list(result.document["people"]) == [  # type: ignore[call-overload]
        "elizabeth-m-jarrell",
        "kate-a-mcginnis",
    ]


def test_alternate_paragraphs_with_names() -> None:
    text = (
        "Where were you born?\n\nIn Lviv, in 1931.\n\nAnd your parents\nwere teachers.\n\n"
        "Yes, both of them.\n"
    )
    result = import_text(
        text,
        name="oral.txt",
        options=Options(alternate=True, interviewers=("Ana Lima",), interviewees=("Olek Bar",)),
    )
    assert result.document["people"] == {
        "ana-lima": {"name": "Ana Lima"},
        "olek-bar": {"name": "Olek Bar"},
    }
    assert result.document["sections"] == [
        {
            "question": "Where were you born?",
            "asked_by": "ana-lima",
            "answers": [{"by": "olek-bar", "quote": "In Lviv, in 1931."}],
        },
        {
            "question": "And your parents were teachers.",
            "asked_by": "ana-lima",
            "answers": [{"by": "olek-bar", "quote": "Yes, both of them."}],
        },
    ]
    # Without --alternate the second question has no question mark: refused.
    with pytest.raises(TranscriptError, match=r"use --alternate"):
        import_text(text, name="oral.txt")


def test_bold_questions() -> None:
    text = (
        "**Why poetry?**\n\nBecause.\n\n(Image courtesy of the poet)\n\n**And now**\n\n"
        "Now more than ever.\n\nReally.\n"
    )
    result = import_text(text)
    assert [(n.line, n.message) for n in result.skipped] == [(5, "photo caption")]
    sections = result.document["sections"]
    assert [(s["question"], [a["quote"] for a in s["answers"]]) for s in sections] == [  # type: ignore[attr-defined]
        ("Why poetry?", ["Because."]),
        ("And now", ["Now more than ever.\n\nReally."]),
    ]


def test_briefing_trailer_interjections_word_joiner() -> None:
    result = run(BRIEFING)
    document = result.document
    # The word joiner in "COVID-\u206019" is removed and counted.
    assert document["title"] == "Press Briefing on COVID-19 Vaccines and the Summit"
    assert result.invisible == (("word joiner", 1),)
    # Text after END is a note, never Ms. Doe's words.
    assert document["annotations"] == [
        {"note": "To view the slides from today's briefing, visit: https://example.org/slides"},
        # Duda's words are marked "(As interpreted.)": a note about him only.
        {
            "kind": "translation",
            "about": "president-duda",
            "note": "Every turn by President Duda is marked “(As interpreted.)”: these are "
            "the interpreter's words, not the speaker's own.",
        },
    ]
    sections = document["sections"]
    assert isinstance(sections, list)
    # Opening remarks have no invented question.
    assert sections[0] == {
        "title": "Remarks",
        "answers": [
            {
                "by": "ms-doe",
                "quote": "Good afternoon, everyone. Two things before we start. First, the "
                "vaccine campaign reaches schools next week. Second, the summit is on "
                "Friday.\n\nWith that, Steve, go ahead.",
            }
        ],
    }
    # "Thank you. I appreciate that. (Laughter.)" stays inside the first Q&A.
    assert [a["quote"] for a in sections[1]["answers"]] == [
        "About four thousand so far. The rest can join until May.",
        "Thank you. I appreciate that. (Laughter.)",
        "(Laughs.) Of course.",
    ]
    assert len(sections) == 4


def test_aide_who_only_calls_on_reporters_moderates() -> None:
    text = (
        "PRESIDENT BIDEN: Thank you all for coming.\n\nMS. JEAN-PIERRE: Go ahead, Steve.\n\n"
        "Q Mr. President, what about the border?\n\nPRESIDENT BIDEN: We are working on it.\n\n"
        "MS. JEAN-PIERRE: Nancy.\n\nQ And the budget, sir?\n\nPRESIDENT BIDEN: Next week.\n"
    )
    result = import_text(text)
    aide = result.people[1]
    assert (aide.labels[0], aide.moderator) == ("MS. JEAN-PIERRE", True)
    assert result.document["people"]["ms-jean-pierre"] == {  # type: ignore[index]
        "name": "Ms. Jean-Pierre",
        "role": "moderator",
    }
    assert [s.get("question") for s in result.document["sections"]] == [  # type: ignore[attr-defined]
        None,
        "Mr. President, what about the border?",
        "And the budget, sir?",
    ]


def test_otter_header_lines_times_and_transcribed_by() -> None:
    result = run(FORMATS / "otter-shaped.txt", interviewers=("Maya Chen",))
    sections = result.document["sections"]
    assert sections == [
        {
            "question": "Welcome back to the show. Today we talk about archives with our guest.",
            "asked_by": "maya-chen",
            "time": "00:00",
            "answers": [
                {"by": "unknown-speaker", "quote": "Thanks for having me.", "time": "00:09"}
            ],
        },
        {
            "question": "How did you start collecting tapes?",
            "asked_by": "maya-chen",
            "time": "00:12",
            "answers": [
                {
                    "by": "unknown-speaker",
                    "quote": "By accident. A neighbour left forty cassettes on the curb, and I "
                    "could not walk past them.",
                    "time": "00:15",
                },
                {"by": "unknown-speaker", "quote": "That was in 1998.", "time": "01:02:05"},
            ],
        },
    ]
    assert result.document["annotations"] == [{"note": "Transcribed by https://otter.ai"}]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a binary file, not a transcript (a NUL byte"),
        (b"Q: caf\xe9?\n", "byte 0xe9 is not UTF-8; save the file as UTF-8"),
        (b"\xff\xfeQ\x00:\x00 \x00\x00\xd8", "the file starts with a UTF-16 BOM but is not UTF-16"),
    ],
)
def test_bytes_that_are_not_text(data: bytes, message: str) -> None:
    with pytest.raises(TranscriptError) as info:
        decode_transcript(data)
    assert info.value.message.startswith(message)


def test_utf16_with_bom_is_read() -> None:
    data = "WEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\n<v Ana>Olá.\r\n".encode("utf-16")
    result = import_bytes(data, name="x.vtt")
    assert result.document["people"] == {"ana": {"name": "Ana"}}


def test_size_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    import reader.importer as importer

    monkeypatch.setattr(importer, "MAX_IMPORT_BYTES", 10)
    with pytest.raises(TranscriptError, match=r"^the file is larger than 0 MiB"):
        decode_transcript(b"Q: why?\n\nA: because.\n")


def test_cli_from_media_and_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = FORMATS / "zoom-shaped.vtt"
    out = tmp_path / "z.yaml"
    code = main(
        ["import", str(source), "-o", str(out), "--media", "rec/z.m4a", "--interviewer", "Ana Ruiz"]
    )
    assert code == 0
    err = capsys.readouterr().err.splitlines()
    assert err[:3] == [
        f"{source}: WebVTT, 2 people, 2 Q&As, no title in the file (give one with --title)",
        "  Ana Ruiz     -> ana-ruiz: 2 turns, asks (--interviewer)",
        "  Dr. Sam Lee  -> dr-sam-lee: 2 turns, answers",
    ]
    assert f"{source}: 4 cues merged into the turn before (same speaker)" in err
    assert "media: rec/z.m4a\n" in out.read_text(encoding="utf-8")
    assert main(["check", str(out)]) == 0
    capsys.readouterr()
    # Forcing a format the file is not: a clear error, nothing written.
    assert main(["import", str(source), "--from", "srt", "-o", str(tmp_path / "n.yaml")]) == 1
    assert capsys.readouterr().err == (
        f"{source}:1: error: expected a cue timing (00:00:01,000 --> 00:00:04,000), "
        "found 'WEBVTT'\n"
    )
    assert not (tmp_path / "n.yaml").exists()
    assert main(["import", str(source), "--media", "javascript:alert(1)"]) == 2
    assert capsys.readouterr().err == (
        "reader import: error: --media javascript:alert(1): only http and https links are "
        "opened, not javascript:\n"
    )


def test_interviewee_names_who_answers_so_the_other_asks() -> None:
    result = run(FORMATS / "zoom-shaped.vtt", interviewees=("Dr. Sam Lee",))
    assert [(p.labels[0], p.interviewer, p.asks_because) for p in result.people] == [
        ("Ana Ruiz", True, "--interviewee names the other speaker"),
        ("Dr. Sam Lee", False, ""),
    ]


def test_a_label_used_once_that_looks_like_another_is_suspected() -> None:
    text = (
        "Q: Why?\n\nPRESIDENT BIDEN: Because.\n\nQ: And?\n\nPRESIDENT BIDNE: Then.\n\n"
        "Q: So?\n\nPRESIDENT BIDEN: So.\n"
    )
    result = import_text(text)
    assert [(n.line, n.message) for n in result.warnings] == [
        (
            7,
            "PRESIDENT BIDNE speaks once and looks like PRESIDENT BIDEN: if they are one "
            'person, add --same "PRESIDENT BIDEN=PRESIDENT BIDNE"',
        )
    ]


def test_the_interpreter_note_follows_only_the_interpreted_speaker() -> None:
    result = run(BRIEFING)
    loaded = load_text(dump(result.document), Path("briefing.yaml"))
    assert loaded.interview is not None, [str(p) for p in loaded.problems]
    briefing = loaded.interview
    statement = briefing.sections[3]
    duda = format_answer(briefing, statement, 0, "text")
    doe = format_answer(briefing, statement, 1, "text")
    assert "interpreter's words" in duda
    assert "interpreter's words" not in doe


def test_cli_refuses_a_fifo_and_a_folder_without_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    fifo = tmp_path / "talk.vtt"
    os.mkfifo(fifo)
    assert main(["import", str(fifo)]) == 1
    assert capsys.readouterr().err == f"reader import: error: {fifo}: not a regular file\n"
    assert main(["import", str(tmp_path)]) == 1
    assert capsys.readouterr().err == f"reader import: error: {tmp_path}: not a regular file\n"
