"""OHMS XML: metadata, index points as sections, sync times, footnotes, hostile XML."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.importer import Options, TranscriptError, import_bytes, import_text

FORMATS = Path(__file__).parent / "fixtures" / "formats"
HANFORD = FORMATS / "ohms-5.4-hanford-footnotes.xml"
SAMPLE = FORMATS / "ohms-6.0-vtt-sample.xml"


def sections(path: Path, **options: object) -> list[dict[str, object]]:
    result = import_bytes(path.read_bytes(), name=path.name, options=Options(**options))  # type: ignore[arg-type]
    return result.document["sections"]  # type: ignore[return-value]


def test_hanford_index_points_are_sections_with_their_titles_and_times() -> None:
    found = [(s["title"], s.get("time"), "question" in s) for s in sections(HANFORD)]
    assert found == [
        ("Pre-Interview Discussion", "00:00", True),
        ("Early Career", "01:22", False),
        ("Family Background and Education", "07:59", True),
        ("Graduate School", "17:56", False),
        ("E.I. DuPont de Nemours & Company", "26:54", False),
        ("General Aniline and Film Corporation", "52:46", False),
        ("M. W. Kellogg Company", "01:00:05", False),
        ("Olin Corporation", "01:09:48", False),
        ("Conclusion", "01:20:58", False),
    ]
    # Six points start inside one of Hanford's turns ("Anyhow, I applied,
    # ..."): the turn is cut there, and the second part starts the section.
    graduate = sections(HANFORD)[3]
    assert str(graduate["answers"][0]["quote"]).startswith(  # type: ignore[index]
        "Anyhow, I applied, and I was accepted temporarily at Illinois"
    )


def test_hanford_metadata_people_tags_and_media() -> None:
    result = import_bytes(HANFORD.read_bytes(), name=HANFORD.name)
    document = result.document
    assert document["title"] == "Oral history interview with William E. Hanford"
    assert document["source"] == {
        "name": "Science History Institute",
        "note": "Accession OH0139",
    }
    assert str(document["media"]).startswith(
        "https://scihist-digicoll-production-derivatives.s3.amazonaws.com/"
    )
    # The title names the interviewee; his label is his surname.
    assert document["people"] == {
        "bohning": {"name": "Bohning"},
        "william-e-hanford": {"name": "William E. Hanford"},
    }
    assert [(p.labels[0], p.interviewer) for p in result.people] == [
        ("BOHNING", True),
        ("HANFORD", False),
    ]
    tags = document["tags"]
    assert isinstance(tags, list)
    assert tags[:3] == ["Adams, Roger", "E. I. DuPont de Nemours & Co.", "Experimental Station"]


def test_hanford_synopsis_keywords_and_footnotes_become_notes() -> None:
    found = sections(HANFORD)
    early = found[1]
    assert early["annotations"][:2] == [  # type: ignore[index]
        {
            "kind": "context",
            "note": "Experience at DuPont. Importance of teamwork. Influence of Roger Adams.",
        },
        {
            "note": "Keywords: Adams, Roger; E. I. DuPont de Nemours & Co.; Experimental "
            "Station; GAF; General Aniline & Film Company; Tanberg, Arthur P.; University of "
            "Illinois; wife (Lorraine)"
        },
    ]
    notes = [
        note["note"]
        for section in found
        for note in section.get("annotations", [])  # type: ignore[attr-defined]
        if note.get("kind") == "source"
    ]
    assert notes == [
        '[1] William E. Hanford (to E.I. DuPont de Nemours & Co.), "Polyamides," U.S. '
        "Patent 2,281,576, issued 5 May 1942.",
        "[2] Howard N. and Lucille L. Sloane, A Pictorial History of American Mining: The "
        "adventure and drama of finding and extracting nature's wealth from the earth, from "
        "pre-Columbian times to the present (New York: Crown Publishers, Inc., 1970).",
    ]
    words = " ".join(
        str(answer["quote"])
        for section in found
        for answer in section["answers"]  # type: ignore[attr-defined]
    )
    for marker in ("[[footnote", "[[note", "[END OF", "&#039;", "&quot;"):
        assert marker not in words
    assert "let's, before we start recording" in words


def test_hanford_answers_get_times_from_sync_data() -> None:
    # <sync> says: minute 1 at transcript line 25, minute 2 at line 40; the
    # turns between get times in proportion to their lines.
    found = sections(HANFORD)
    first = found[0]
    assert first["question"].startswith("Let me just see if this is working")  # type: ignore[union-attr]
    times = [answer["time"] for answer in first["answers"]]  # type: ignore[index]
    assert times[:3] == ["00:07", "00:15", "00:20"]
    every = [a["time"] for s in found for a in s["answers"]]  # type: ignore[attr-defined]
    seconds = [
        sum(int(p) * 60**n for n, p in enumerate(reversed(str(t).split(":")))) for t in every
    ]
    assert seconds == sorted(seconds)
    assert seconds[-1] > 80 * 60  # the interview runs past the last index point, 01:20:58


def test_ohms_6_vtt_transcript_with_br_paragraphs_and_offset() -> None:
    found = sections(SAMPLE)
    assert [s.get("time") for s in found] == ["01:00:03", "01:00:31", "01:01:14"]
    museum = found[1]["answers"][0]["quote"]  # type: ignore[index]
    assert str(museum).count("\n\n") == 2
    assert str(museum).startswith("I liked the Museum of Natural History quite a bit.")
    shifted = sections(SAMPLE, offset=-3600)
    assert [s.get("time") for s in shifted] == ["00:03", "00:31", "01:14"]
    result = import_bytes(SAMPLE.read_bytes(), name=SAMPLE.name)
    assert (
        "the first time is 01:00:03: if the recording starts at 0:00, shift every time with "
        "--offset -3600"
    ) in [n.message for n in result.warnings]


_BOMB = """<?xml version="1.0"?>
<!DOCTYPE ROOT [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<ROOT xmlns="https://www.weareavp.com/nunncenter/ohms"><record><title>&b;</title>
<transcript>A: hi</transcript></record></ROOT>
"""
_EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE ROOT [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<ROOT><record><title>&x;</title><transcript>A: hi</transcript></record></ROOT>
"""
_DTD = """<?xml version="1.0"?>
<!DOCTYPE ROOT SYSTEM "http://example.org/ohms.dtd">
<ROOT><record><title>t</title><transcript>A: hi</transcript></record></ROOT>
"""


@pytest.mark.parametrize("xml", [_BOMB, _EXTERNAL, _DTD], ids=["bomb", "external", "dtd"])
def test_entities_external_references_and_dtds_are_refused(xml: str) -> None:
    with pytest.raises(TranscriptError, match=r"^refused: the XML declares a DTD or entities"):
        import_text(xml, name="x.xml")


def test_broken_xml_and_records_without_transcripts() -> None:
    with pytest.raises(TranscriptError) as info:
        import_text('<ROOT xmlns="nunncenter/ohms">\n<record>\n<title>x</record>', name="x.xml")
    assert info.value.line == 3
    assert info.value.message.startswith("not well-formed XML: mismatched tag")
    with pytest.raises(TranscriptError, match=r"^this OHMS record has no transcript"):
        import_text("<ROOT><record><title>x</title></record></ROOT>", name="x.xml")


_FULL = """<?xml version="1.0" encoding="UTF-8"?>
<ROOT xmlns="https://www.weareavp.com/nunncenter/ohms"><record id="1">
<version>5.4</version><date value="1987-06-02" format="yyyy-mm-dd"/>
<title>Interview about the mill</title><repository>Town Archive</repository>
<rights>CC BY 4.0</rights><interviewer>Maria Lopez</interviewer>
<interviewee>Jan Nowak</interviewee><keyword>mills</keyword><subject>Labor</subject>
<sync>1:|3(1)</sync>
<index><point><time>0</time><title>The mill</title><title_alt>Młyn</title_alt>
<partial_transcript>LOPEZ: When did you start</partial_transcript>
<synopsis>Starting work.</synopsis><synopsis_alt>Początek pracy.</synopsis_alt>
<keywords>mill;work</keywords><keywords_alt>młyn</keywords_alt></point></index>
<transcript>LOPEZ: When did you start at the mill?

NOWAK: In 1952, at fourteen.</transcript>
<transcript_alt>LOPEZ: Kiedy pan zaczął?</transcript_alt>
</record></ROOT>
"""


def test_ohms_metadata_names_alt_fields_and_translation() -> None:
    result = import_text(_FULL, name="mill.xml")
    document = result.document
    assert document["title"] == "Interview about the mill"
    assert document["date"] == "1987-06-02"
    assert document["source"] == {"name": "Town Archive", "note": "CC BY 4.0"}
    # The surnames in the labels take the full names from the record.
    assert document["people"] == {
        "maria-lopez": {"name": "Maria Lopez"},
        "jan-nowak": {"name": "Jan Nowak"},
    }
    assert document["tags"] == ["mills", "Labor", "mill", "work"]
    assert document["annotations"] == [{"kind": "translation", "note": "LOPEZ: Kiedy pan zaczął?"}]
    (section,) = document["sections"]  # type: ignore[misc]
    assert section["title"] == "The mill"
    assert section["question"] == "When did you start at the mill?"
    assert section["asked_by"] == "maria-lopez"
    assert section["annotations"] == [
        {"kind": "context", "note": "Starting work."},
        {"note": "Keywords: mill; work"},
        {"kind": "translation", "note": "Title: Młyn / Synopsis: Początek pracy. / Keywords: młyn"},
    ]


def test_index_point_placed_by_time_when_its_words_are_not_found() -> None:
    xml = _FULL.replace(
        "<partial_transcript>LOPEZ: When did you start</partial_transcript>",
        "<partial_transcript>words that are nowhere</partial_transcript>",
    )
    result = import_text(xml, name="mill.xml")
    assert [(n.message, n.text) for n in result.warnings] == [
        ("index point's words not found in the transcript: placed by its time", "The mill")
    ]
    assert [s["title"] for s in result.document["sections"]] == ["The mill"]  # type: ignore[attr-defined]


def test_footnote_markers_leave_no_gap_and_notes_follow_their_words() -> None:
    found = sections(HANFORD)
    words = [
        (section["title"], str(answer["quote"]))
        for section in found
        for answer in section["answers"]  # type: ignore[attr-defined]
    ]
    (patent,) = [(title, text) for title, text in words if "get a patent" in text]
    assert "mail them to get a patent." in patent[1]
    # A marker at the start of a line: its full stop closes the line before.
    assert any("you find two things that they tell you. The first" in text for _, text in words)
    section = next(s for s in found if s["title"] == patent[0])
    assert any(
        str(note["note"]).startswith("[1] William E. Hanford")
        for note in section["annotations"]  # type: ignore[attr-defined]
    )


def test_an_unlabelled_ohms_transcript_takes_alternate() -> None:
    xml = _FULL.replace("LOPEZ: When did you start", "When did you start").replace(
        "NOWAK: In 1952", "In 1952"
    )
    result = import_bytes(
        xml.encode("utf-8"),
        name="mill.xml",
        options=Options(alternate=True, interviewers=("Maria Lopez",), interviewees=("Jan Nowak",)),
    )
    (section,) = result.document["sections"]  # type: ignore[misc]
    assert (section["question"], section["answers"][0]["quote"]) == (
        "When did you start at the mill?",
        "In 1952, at fourteen.",
    )


def test_lines_inside_the_vtt_transcript_are_the_xml_files_lines() -> None:
    result = import_bytes(SAMPLE.read_bytes(), name=SAMPLE.name)
    assert [(n.line, n.message) for n in result.skipped] == [
        (43, "NOTE block"),
        (64, "NOTE block"),
    ]
    assert (61, "this cue ends before it starts; its end is ignored") in [
        (n.line, n.message) for n in result.warnings
    ]
    assert [person.first_line for person in result.people] == [47, 50]
