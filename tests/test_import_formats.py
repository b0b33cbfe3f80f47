"""``reader import`` of every transcript format, on the real files in tests/fixtures/formats.

The expected speakers, turns and Q&As in :data:`READING` were counted by
reading each source file (see docs/import-export.md, "What the real files
give"), not taken from the importer's output.  A turn is one speaker's
uninterrupted words: adjacent cues by one speaker are one turn.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from reader.importer import ImportResult, Options, import_bytes
from reader.loader import load_text
from reader.model import Interview
from reader.yamlwrite import dump

FORMATS = Path(__file__).parent / "fixtures" / "formats"
SOURCES = Path("/work/shared/sources/formats")


def imported(name: str, **options: object) -> tuple[Interview, ImportResult]:
    """Import a fixture and load the YAML with the strict loader (which must accept it)."""
    path = FORMATS / name if (FORMATS / name).exists() else SOURCES / name
    fmt = options.pop("fmt", None)
    result = import_bytes(
        path.read_bytes(),
        name=path.name,
        fmt=fmt,
        options=Options(**options),  # type: ignore[arg-type]
    )
    text = dump(result.document)
    loaded = load_text(text, Path("imported.yaml"))
    assert loaded.problems == (), [str(p) for p in loaded.problems]
    assert loaded.interview is not None
    assert yaml.safe_load(text) == result.document
    return loaded.interview, result


def turns_by_label(result: ImportResult) -> dict[str, int]:
    return {person.labels[0]: person.turns for person in result.people}


# file: (format, {label: turns}, Q&As, sections without a question, title)
READING: dict[str, tuple[str, dict[str, int], int, int, str]] = {
    "ohms-5.4-hanford-footnotes.xml": (
        "ohms",
        {"BOHNING": 47, "HANFORD": 50},
        2,  # 9 index points; 2 of them open with Bohning's question
        7,
        "Oral history interview with William E. Hanford",
    ),
    "ohms-6.0-vtt-sample.xml": (
        "ohms",
        {"SCHNEIDER": 3, "NAME OF INTERVIEWEE": 3},
        3,
        0,
        "Jonathan Rochkind Test Record Only",
    ),
    "qa-nasa-goddard-mcginnis.md": (
        "text",
        {"Interviewer": 9, "Kate A. McGinnis": 9},
        9,
        0,
        "Kate A. McGinnis: Ready to “Go” with PACE Testing",
    ),
    "srt-sample.srt": ("srt", {"Unidentified speaker": 1}, 0, 1, "Untitled transcript"),
    "vtt-bom.vtt": ("vtt", {"Unidentified speaker": 1}, 0, 1, "Untitled transcript"),
    "vtt-cue-tags.vtt": ("vtt", {"Unidentified speaker": 1}, 0, 1, "Untitled transcript"),
    # Five "- " lines, each a change of speaker; no names.
    "vtt-notes-cue-ids.vtt": (
        "vtt",
        {"Unidentified speaker": 5},
        0,
        1,
        "Translation of that film I like",
    ),
    "vtt-teams-voice-spans.vtt": (
        "vtt",
        {"Yuri Bakulin": 1, "Adrian Petrescu": 1},
        0,
        1,
        "Untitled transcript",
    ),
    # 14 segments, 11 turns once a speaker's adjacent segments are merged;
    # SPEAKER_01 asks five questions and thanks at the end.
    "vtt-whisper-diarization-ca.vtt": (
        "vtt",
        {"SPEAKER_01": 6, "SPEAKER_00": 5},
        5,
        0,
        "Untitled transcript",
    ),
    "whisper-json-diarization-ca.json": (
        "whisper",
        {"SPEAKER_01": 6, "SPEAKER_00": 5},
        5,
        0,
        "Untitled transcript",
    ),
    "vtt-youtube-dl.vtt": ("vtt", {"Unidentified speaker": 1}, 0, 1, "Untitled transcript"),
    # The project's own files in the shapes of Zoom, Otter and a briefing.
    "zoom-shaped.vtt": ("vtt", {"Ana Ruiz": 2, "Dr. Sam Lee": 2}, 2, 0, "Untitled transcript"),
    "otter-shaped.txt": (
        "otter",
        {"Maya Chen": 2, "Unknown Speaker": 3},
        0,
        1,
        "Untitled transcript",
    ),
    "voices.vtt": (
        "vtt",
        {"Host": 2, "Guest Name": 2, "SPEAKER_07": 1},
        2,
        0,
        "Untitled transcript",
    ),
    "press-briefing.txt": (
        "text",
        {"MS. DOE": 6, "Q": 5, "PRESIDENT DUDA": 1},
        3,
        1,
        "Press Briefing on COVID-19 Vaccines and the Summit",
    ),
}

# What must never be in a quote, a question or a title.
_NOT_WORDS = re.compile(
    r"-->|WEBVTT|</?(?:v|c|i|b|u)\b|<\d|\[\[|&(?:amp|lt|gt|quot|#0?39);|^\d+$|\u2060|\u200b|\ufeff",
    re.MULTILINE,
)


@pytest.mark.parametrize("name", sorted(READING))
def test_each_file_gives_the_speakers_turns_and_qas_of_a_careful_reading(name: str) -> None:
    fmt, turns, qas, remarks, title = READING[name]
    interview, result = imported(name)
    assert result.format == fmt
    assert turns_by_label(result) == turns
    assert result.sections - result.remarks == qas
    assert result.remarks == remarks
    assert interview.title == title
    timed = fmt in ("vtt", "srt", "whisper", "ohms", "otter")
    for section in interview.sections:
        texts = [section.question, *(answer.quote for answer in section.answers)]
        for text in texts:
            assert not _NOT_WORDS.search(text), (name, text)
        if timed:
            assert all(answer.time for answer in section.answers), (name, section.id)


def test_table_covers_every_fixture() -> None:
    names = {path.name for path in FORMATS.iterdir()} - {"README.md"}
    assert names == set(READING)


# --- study-only files (never copied): tested where ../shared/sources is present ----------

STUDY = {
    # Labels as Otter guessed them; 162 turns.
    "otter-ladybug-62-security.txt": {
        "Unknown Speaker": 81,
        "Emma": 58,
        "Sidney": 19,
        "Kelly": 3,
        "Tailor": 1,
    },
    # 102 cues, 25 turns once a speaker's adjacent cues are merged (cue 48,
    # "Hmm.", has no name and goes on with the speaker before).
    "vtt-zoom-transcript.vtt": {
        "Conor Healy": 12,
        "Srijani Ghosh": 7,
        "Shreeharsh Kelkar": 3,
        "Dr. Melissa Ko": 2,
        "Ryan Sloan": 1,
    },
    "vtt-zoom-cc.vtt": {"Unidentified speaker": 1},
}


@pytest.mark.parametrize("name", sorted(STUDY))
def test_study_only_files(name: str) -> None:
    if not (SOURCES / name).exists():
        pytest.skip("study-only source not present")
    _, result = imported(name)
    assert turns_by_label(result) == STUDY[name]
