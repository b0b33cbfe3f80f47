"""WebVTT, SRT and Whisper JSON: voices, labels, tags, merging, times, broken timings."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.importer import (
    ImportOptionError,
    ImportResult,
    Options,
    TranscriptError,
    import_bytes,
    import_text,
)
from reader.importer._cues import PARAGRAPH_PAUSE, parse_time
from reader.loader import load_text
from reader.yamlwrite import dump

FORMATS = Path(__file__).parent / "fixtures" / "formats"


def run(name: str, **options: object) -> ImportResult:
    path = FORMATS / name
    return import_bytes(path.read_bytes(), name=name, options=Options(**options))  # type: ignore[arg-type]


def answers(result: ImportResult) -> list[tuple[str, str, str | None]]:
    """Every turn in order: (speaker key, words, time), questions included."""
    rows: list[tuple[str, str, str | None]] = []
    for section in result.document["sections"]:  # type: ignore[attr-defined]
        if "question" in section:
            rows.append((section["asked_by"], section["question"], section.get("time")))
        rows.extend((a["by"], a["quote"], a.get("time")) for a in section["answers"])
    return rows


def test_voice_spans_labels_tags_entities_and_crlf() -> None:
    result = run("voices.vtt")
    assert answers(result) == [
        ("host", "Welcome & hello.", "00:01"),
        # A voice goes on over the next cue, which names nobody.
        ("guest-name", "Hi <there>! It is good to be here.", "00:01"),
        ("host", "Why now?", "00:06"),
        # <br> breaks a paragraph; the next line of the cue joins the second.
        (
            "guest-name",
            "Because the first line\n\nran into the second. And a third line.",
            "00:09",
        ),
        ("speaker-07", "A diarized voice.", "00:12"),
    ]
    skipped = [(n.line, n.message, n.text) for n in result.skipped]
    assert skipped == [
        (3, "STYLE block", "::cue { color: white }"),
        (6, "REGION block", "id:left width:40%"),
    ]
    assert [(n.line, n.message) for n in result.decisions][:1] == [
        (9, "NOTE kept as a note on the interview")
    ]
    assert result.document["annotations"] == [{"note": "voices as Teams and YouTube write them"}]


def test_zoom_labels_merge_runs_and_break_paragraphs_at_pauses() -> None:
    result = run("zoom-shaped.vtt")
    assert answers(result) == [
        # Cues 1 and 2: one sentence split across cues, one turn, first cue's time.
        (
            "ana-ruiz",
            "Thanks for joining. Can everyone hear me? Good. Dr. Lee, shall we start?",
            "00:00",
        ),
        # A pause of 3.5 s (12.000 -> 15.500) starts a paragraph; the unnamed
        # "Mm-hmm." goes on with the speaker before; NBSP became a space.
        (
            "dr-sam-lee",
            "Yes. We measured the river gauge every 90 min for three weeks.\n\n"
            "Then the storm came. Mm-hmm.",
            "00:05",
        ),
        ("ana-ruiz", "What did the data show?", "00:19"),
        ("dr-sam-lee", "A rise of two metres in six hours.", "00:23"),
    ]
    assert result.merged_cues == 4
    assert PARAGRAPH_PAUSE == 2.0
    # A guess, so the summary says so.
    assert (25, "this cue names no speaker; kept with Dr. Sam Lee", "Mm-hmm.") in [
        (n.line, n.message, n.text) for n in result.warnings
    ]


def test_youtube_rolling_captions_keep_each_line_once() -> None:
    result = run("vtt-youtube-dl.vtt")
    assert answers(result) == [
        ("unidentified-speaker", "yeah what this will happen is I'm telling", "04:46")
    ]
    assert result.document["language"] == "en"
    assert "rolling captions (each cue repeats the line before): repeats dropped" in [
        n.message for n in result.decisions
    ]


def test_cue_tags_short_times_and_missing_final_newline() -> None:
    result = run("vtt-cue-tags.vtt")
    assert answers(result) == [
        (
            "unidentified-speaker",
            "When the moon hits your eye Like a big-a pizza pie That's amore",
            "00:16",
        )
    ]


def test_dashes_change_speaker_and_notes_are_kept() -> None:
    result = run("vtt-notes-cue-ids.vtt")
    assert [text for _, text, _ in answers(result)] == [
        "Ta en kopp varmt te.",
        "Det är inte varmt.",
        "Har en kopp te.",
        "Det smakar som te.",
        "Ta en kopp",
    ]
    assert result.document["title"] == "Translation of that film I like"
    assert result.document["annotations"] == [
        {
            "note": "This translation was done by Kyle so that some friends can watch it "
            "with their parents."
        },
        {"note": "This last line may not translate well."},
    ]


def test_srt_numbers_and_timings_never_reach_the_text() -> None:
    result = run("srt-sample.srt")
    assert answers(result) == [
        (
            "unidentified-speaker",
            "Caption text #1 Caption text #2 Caption text #3 Caption text #4 Caption text #5",
            "00:00",
        )
    ]


def test_teams_times_and_overlapping_cues() -> None:
    assert answers(run("vtt-teams-voice-spans.vtt")) == [
        ("yuri-bakulin", "There you go.", "00:00"),
        ("adrian-petrescu", "Why hello there, Yuri.", "00:00"),
    ]


def test_whisper_json_and_its_vtt_agree() -> None:
    from_json = run("whisper-json-diarization-ca.json")
    from_vtt = run("vtt-whisper-diarization-ca.vtt")
    assert answers(from_json)[:3] == [
        ("speaker-01", "Hola, bon dia, com et dius?", "00:00"),
        ("speaker-00", "Hola, bon dia, em dic Carme.", "00:02"),
        ("speaker-01", "D'on ets, Carme?", "00:04"),
    ]
    # One answer spans three segments: one turn, the first segment's time.
    assert answers(from_json)[3] == (
        "speaker-00",
        "Doncs jo soc de l'Explorat Francolí, que és un poble de la província de Tarragona, "
        "que està molt a prop del monestir de Poblet.",
        "00:06",
    )
    assert [(by, text) for by, text, _ in answers(from_json)] == [
        (by, text) for by, text, _ in answers(from_vtt)
    ]
    assert from_json.document["language"] == "ca"
    assert from_json.document["people"] == {
        "speaker-01": {"name": "Speaker 01"},
        "speaker-00": {"name": "Speaker 00"},
    }


def test_offset_shifts_every_time_and_media_is_written() -> None:
    result = run("zoom-shaped.vtt", offset=65.5, media="https://example.org/a.mp3")
    assert [time for _, _, time in answers(result)] == ["01:05", "01:11", "01:24", "01:28"]
    assert result.document["media"] == "https://example.org/a.mp3"
    with pytest.raises(Exception, match=r"--offset -10 puts the turn at line 5 before 0:00"):
        run("zoom-shaped.vtt", offset=-10)


def test_times_keep_fractions_when_parsed_and_round_down_when_written() -> None:
    assert parse_time("00:01:02.500") == 62.5
    assert parse_time("01:02.5") == 62.5
    assert parse_time("0:0:0.570") == 0.57
    assert parse_time("1:00:03,250") == 3603.25


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi.\n\n00:00:02.000 --> 00:00:61.000\nNo.\n",
            6,
            "cue timing '00:00:02.000 --> 00:00:61.000': '00:00:61.000': seconds must be below 60",
        ),
        (
            "WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nHi.\n",
            3,
            "cue timing '00:00:01.000 -> 00:00:02.000': a timing line is START --> END "
            "(00:00:01.000 --> 00:00:04.000)",
        ),
        (
            "WEBVTT\n\n1\n00:00:01.000 --> soon\nHi.\n",
            4,
            "cue timing '00:00:01.000 --> soon': 'soon' is not a time "
            "(write HH:MM:SS.mmm or MM:SS.mmm)",
        ),
        (
            "WEBVTT\n\nintro\nHi there.\n",
            4,
            "expected a cue timing (00:00:01.000 --> 00:00:04.000) after 'intro', "
            "found 'Hi there.'",
        ),
        ("WEBVTT\n\nNOTE only a note\n", 1, "this WebVTT file has no cues"),
        (
            "1\n00:00:01,000 --> 00:00:02,000\nHi.\n\n2\n00:00:02,000 -> 00:00:03,000\nNo.\n",
            6,
            "expected a cue timing (00:00:01,000 --> 00:00:04,000), "
            "found '00:00:02,000 -> 00:00:03,000'",
        ),
    ],
)
def test_broken_timings_say_where_and_what(text: str, line: int, message: str) -> None:
    with pytest.raises(TranscriptError) as info:
        import_text(text, name="broken.vtt")
    assert (info.value.line, info.value.message) == (line, message)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"segments": "no"}', 'not Whisper JSON: expected an object with a "segments" list'),
        ('{"segments": [{"start": "0", "end": 1, "text": "x"}]}', "segments[0].start must be"),
        ('{"segments": [{"start": 0, "end": 1, "text": 5}]}', "segments[0].text must be text"),
        ('{"segments": [{"start": NaN, "end": 1, "text": "x"}]}', "segments[0].start must be"),
        ('{"segments": [', "not valid JSON"),
        ('{"segments": []}', "this Whisper JSON has no segments"),
    ],
)
def test_whisper_json_shape_errors(text: str, message: str) -> None:
    with pytest.raises(
        TranscriptError, match="^" + message.replace("[", r"\[").replace("]", r"\]")
    ):
        import_text(text, name="x.json")


CUE_PIECES = [
    "WEBVTT\n", "\n", "\n\n", "00:00:01.000 --> 00:00:02.000\n",
    "00:01.500 --> 00:03.000 align:start\n",
    "1\n", "NOTE x\n", "STYLE\n", "<v Ana>", "<v.loud Bo Li>", "</v>", "Ana: ", "[SPEAKER_00]: ",
    "- ", "<i>", "</i>", "<c.red>", "</c>", "<00:00:01.500>", "<br>", "&amp;", "&lt;", "Hi.",
    "Why?", "no", "010", "12:30", "\u2060", "\xa0", "\ufeff", "\x1b", "\u202e", "é", "\r\n",
    "-->", ": ", "#",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(CUE_PIECES), max_size=40))
def test_any_cue_file_imports_to_a_loadable_file_or_a_located_error(pieces: list[str]) -> None:
    text = "WEBVTT\n\n" + "".join(pieces)
    try:
        result = import_text(text, name="fuzz.vtt")
    except TranscriptError as exc:
        assert exc.line is None or 1 <= exc.line <= text.count("\n") + 1
        return
    loaded = load_text(dump(result.document), Path("fuzz.yaml"))
    assert loaded.errors == (), [str(p) for p in loaded.errors]
    for section in loaded.interview.sections:  # type: ignore[union-attr]
        for answer in section.answers:
            assert "-->" not in answer.quote and "<v" not in answer.quote
            assert "\u2060" not in answer.quote and "\ufeff" not in answer.quote


def test_invisible_characters_are_removed_and_counted() -> None:
    text = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\u2060\n\n"
        "00:00:02.000 --> 00:00:03.000\n\ufeffAna: COVID-\u206019\u200b is\xa0over.\n"
    )
    result = import_text(text, name="x.vtt")
    assert answers(result) == [("ana", "COVID-19 is over.", "00:02")]
    assert result.invisible == (
        ("byte order mark", 1),
        ("word joiner", 2),
        ("zero-width space", 1),
    )


def test_deeply_nested_json_is_refused_not_a_crash() -> None:
    with pytest.raises(TranscriptError, match=r"^JSON nested too deeply$"):
        import_text('{"segments": ' + "[" * 100_000 + "]" * 100_000 + "}", name="x.json")


def test_name_gives_diarized_speakers_their_names() -> None:
    path = FORMATS / "whisper-json-diarization-ca.json"
    result = import_bytes(
        path.read_bytes(),
        name=path.name,
        options=Options(names=("SPEAKER_00=Carme", "speaker_01=Entrevistadora")),
    )
    assert result.document["people"] == {
        "entrevistadora": {"name": "Entrevistadora"},
        "carme": {"name": "Carme"},
    }
    for spec, message in (
        ("SPEAKER_09=X", r"^--name: no speaker label 'SPEAKER_09' in the transcript"),
        ("SPEAKER_00", r'^--name \'SPEAKER_00\': write it as "LABEL=Name"$'),
    ):
        with pytest.raises(ImportOptionError, match=message):
            import_bytes(path.read_bytes(), name=path.name, options=Options(names=(spec,)))
