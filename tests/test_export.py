"""``reader export``: every format puts every passage where it belongs, and stays inert.

The sample interview holds the hostile strings of the hostile-input cases in
every text field, overlapping and nested passages, a passage across a
paragraph break, a repeated passage picked by prefix, whole-section and
whole-interview notes; the bundled interviews are checked the same way.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from reader.export import FORMATS, export
from reader.export._common import Numbered, numbered_annotations
from reader.export.html import to_html
from reader.export.json import from_data, to_data, to_json
from reader.export.markdown import escape, to_markdown
from reader.export.w3c import CONTEXT, MOTIVATIONS, quote_selector, to_w3c, w3c_data
from reader.loader import load_file, load_text
from reader.model import Anchor, Annotation, Answer, Interview, Person, Section
from reader.paths import bundled_interviews
from reader.text import has_special, visible
from reader.yamlwrite import dump
from tests.test_export_htmlcheck import check

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
CLICK = "[@click=app.quit]x[/]"
ESC = "\x1b[2J\x1b]0;pwned\x07"
C1 = "\x9b31m"
BIDI = "\u202eevil\u202c"
MARKDOWN = "*bold* _em_ `code` [link](http://x.org) ![img](http://x.org/i.png) <http://x.org>"
LINE_STARTS = "# heading\n- list\n1. ordered\n    code\n> quote\n+ plus\n=== setext"
HOSTILE = [SCRIPT, IMG, CLICK, "javascript:alert(1)", ESC, C1, BIDI, MARKDOWN, "&amp; &lt; &"]

SAMPLE: dict[str, Any] = {
    "reader": 1,
    "title": f"Hostile {SCRIPT} {ESC} title",
    "id": "hostile",
    "date": "2024-05-10",
    "language": "en",
    "summary": " ".join(HOSTILE),
    "source": {
        "name": IMG,
        "url": "https://example.org/a?b=1&c=2",
        "published": "2024-05-10",
        "note": CLICK,
    },
    "people": {
        "host": {"name": f"Host {SCRIPT}", "role": "\x1b]8;;http://evil\x07link"},
        "guest": {"name": "Guest & Co", "aka": ["*G*"]},
    },
    "tags": ["<i>tag</i>", CLICK],
    "annotations": [
        {"note": f"Interview-wide {SCRIPT}", "kind": "context", "by": f"Ed {IMG}"},
        {"note": "Second.\n\nWith a paragraph.", "links": ["https://example.org/x?y=1&z=2"]},
    ],
    "sections": [
        {
            "id": "first",
            "question": f"What is {SCRIPT} about?",
            "asked_by": "host",
            "answers": [
                {
                    "by": "guest",
                    "quote": f"One {IMG} two.\n\nSecond paragraph with {CLICK} and {ESC}.\n\n"
                    f"Third: the end the end.\n{LINE_STARTS}",
                    "time": "01:02",
                },
                {"by": "guest", "quote": f"Reported * paraphrase {MARKDOWN}.", "reported": True},
            ],
            "annotations": [
                {"on": SCRIPT, "kind": "correction", "note": "Fix <b>it</b>", "by": BIDI},
                {"on": "two. Second", "kind": "context", "note": "Across a paragraph break."},
                {"on": "the end", "prefix": "Third: ", "kind": "note", "note": "First end."},
                {"on": "the end", "prefix": "end ", "kind": "note", "note": f"Second {ESC}."},
                {"on": "Second paragraph with", "kind": "fact-check", "note": "Overlaps."},
                {
                    "on": "paragraph",
                    "kind": "source",
                    "note": "Nested.",
                    "links": ["https://a.org/"],
                },
                {"on": CLICK, "kind": "translation", "note": MARKDOWN},
                {"note": f"Section-wide {IMG}", "kind": "translation"},
                {"on": "Reported", "note": f"On a reported answer {C1}."},
                {"on": "# heading", "note": "At a line start."},
            ],
        },
        {
            "id": "second",
            "title": f"Second {SCRIPT}",
            "question": "Q2?",
            "reported": True,
            "answers": [{"by": "host", "quote": f"A2 {BIDI} A2."}],
            "annotations": [{"on": "A2", "suffix": " \u202e", "note": "n", "by": "x"}],
        },
    ],
}


@pytest.fixture(scope="module")
def sample() -> Interview:
    loaded = load_text(dump(SAMPLE), Path("hostile.yaml"))
    assert loaded.interview is not None, [str(p) for p in loaded.errors]
    assert loaded.interview.annotation_count == 13
    return loaded.interview


def bundled() -> list[Path]:
    return sorted(bundled_interviews().glob("*.yaml"))


@pytest.fixture(scope="module", params=["sample", *(p.stem for p in bundled())])
def interview(request: pytest.FixtureRequest, sample: Interview) -> Interview:
    if request.param == "sample":
        return sample
    loaded = load_file(bundled_interviews() / f"{request.param}.yaml")
    assert loaded.interview is not None
    return loaded.interview


def anchored(interview: Interview) -> list[Numbered]:
    return [n for n in numbered_annotations(interview) if n.anchor is not None]


def expected_in_stream(note: Numbered) -> str:
    """The note's whole text as rendered, with ``⟦n⟧`` right after the passage."""
    text = note.text()
    assert text is not None and note.anchor is not None
    end = note.anchor.end
    # After the last visible character: trailing white space stays outside.
    while end > note.anchor.start and text[end - 1].isspace():
        end -= 1
    return visible(text[:end]) + f"⟦{note.number}⟧" + visible(text[end:])


def only(stream: str, number: int) -> str:
    """The stream with every note reference but ``number`` removed."""
    return re.sub(r"⟦(\d+)⟧", lambda m: m.group() if m.group(1) == str(number) else "", stream)


# --- numbering ------------------------------------------------------------------------


def test_numbering_is_reading_order(sample: Interview) -> None:
    numbered = numbered_annotations(sample)
    assert [(n.number, n.passage()) for n in numbered] == [
        (1, None),
        (2, None),
        (3, None),  # the section-wide note comes first in its section
        (4, SCRIPT),
        # In an answer, by where the passage ends: "paragraph" ends before
        # "Second paragraph with" does.
        (5, "two.\n\nSecond"),
        (6, "paragraph"),
        (7, "Second paragraph with"),
        (8, CLICK),
        (9, "the end"),
        (10, "the end"),
        (11, "# heading"),
        (12, "Reported"),
        (13, "A2"),
    ]


# --- Markdown -------------------------------------------------------------------------


def render_markdown(markdown: str) -> str:
    # The "commonmark" preset passes raw HTML through, as GitHub-like renderers
    # do with safe tags: exactly the case escaping must defeat.
    return MarkdownIt("commonmark").use(footnote_plugin).render(markdown)


def test_markdown_passages_are_where_they_belong(interview: Interview) -> None:
    markdown = to_markdown(interview)
    page = check(
        "<!DOCTYPE html><html><body>" + render_markdown(markdown) + "</body></html>",
        require_rel=False,
    )
    stream = page.stream()
    for note in anchored(interview):
        assert expected_in_stream(note) in only(stream, note.number), note.number
    for note in numbered_annotations(interview):
        assert f"\n[^{note.number}]: **" in markdown
    assert page.tags.count("sup") == interview.annotation_count


def test_markdown_is_inert_and_terminal_safe(sample: Interview) -> None:
    markdown = to_markdown(sample)
    assert not has_special(markdown)
    assert markdown == visible(markdown)
    rendered = render_markdown(markdown)
    page = check("<!DOCTYPE html><html><body>" + rendered + "</body></html>", require_rel=False)
    # Only the renderer's own elements: nothing from the file became markup.
    assert set(page.tags) <= {
        "h1", "h2", "p", "ul", "li", "strong", "em", "blockquote", "br", "a", "sup", "hr",
        "section", "ol", "body", "html",
    }  # fmt: skip
    assert "<script" not in rendered and "<img" not in rendered and "<i>" not in rendered
    assert "\u241b[2J" in rendered  # ESC shown as a visible placeholder
    links = re.findall(r'href="([^"]+)"', rendered)
    assert all(link.startswith(("#fn", "https://")) for link in links), links
    assert "**Question** (Host &lt;script&gt;alert(1)&lt;/script&gt;):" not in markdown
    assert "**Question** (Host \\<script\\>alert(1)\\</script\\>):" in markdown


def test_markdown_layout(sample: Interview) -> None:
    markdown = to_markdown(sample)
    lines = markdown.splitlines()
    assert (
        lines[0] == "# Hostile \\<script\\>alert(1)\\</script\\> ␛\\[2J␛\\]0;pwned␇ title[^1][^2]"
    )
    assert "## 1. What is \\<script\\>alert(1)\\</script\\> about?[^3]" in lines
    assert "**Guest \\& Co** (at 01:02):" in lines
    assert "**Guest \\& Co**, *reported, not verbatim:*" in lines
    assert "**Question**, *reported in the writer's words:*" in lines
    assert "[^2]: **Note** on the whole interview: Second." in lines
    assert "    With a paragraph." in lines
    assert "    Links: <https://example.org/x?y=1&z=2>" in lines
    assert (
        "[^3]: **Translation** on the whole section: "
        'Section-wide "\\>\\<img src=x onerror=alert(1)\\>' in lines
    )
    assert "[^6]: **Source** on “paragraph”: Nested." in lines
    # Line starts that would become a heading, list, code block or quote are escaped.
    assert "> \\# heading[^11]\\" in lines
    assert "> \\- list\\" in lines
    assert "> 1\\. ordered\\" in lines
    assert "> &#32;&#32;&#32;&#32;code\\" in lines
    assert "> \\> quote\\" in lines
    assert markdown.endswith("\n") and not markdown.endswith("\n\n")


def test_markdown_escape_unit() -> None:
    assert escape("a*b_c`d[e]f<g>h&i|j~k#l$m!n\\o") == (
        "a\\*b\\_c\\`d\\[e\\]f\\<g\\>h\\&i\\|j\\~k\\#l\\$m\\!n\\\\o"
    )
    assert escape("x\ny\n\nz") == "x\\\ny\n\nz"
    assert escape("one two", {3: "[^1]", 7: "[^2]"}) == "one[^1] two[^2]"
    # "[^1](1)" would render as a link: the parenthesis after a marker is escaped.
    assert escape("alert(1)", {5: "[^1]"}) == "alert[^1]\\(1)"
    assert escape("  \n  x") == "\n&#32;&#32;x"
    assert escape("\x1b[1m") == "␛\\[1m"


# --- HTML -----------------------------------------------------------------------------


def test_html_passages_are_marked_where_they_belong(interview: Interview) -> None:
    page = check(to_html(interview))
    stream = page.stream()
    for note in anchored(interview):
        assert expected_in_stream(note) in only(stream, note.number), note.number
        passage = note.passage()
        assert passage is not None
        # The highlighted text is the passage (paragraph breaks are not inside marks).
        marked = "".join(page.marks[str(note.number)])
        assert marked == visible(re.sub(r"\n[ \t]*\n\s*", "", passage)).replace("\n", "")
    for note in numbered_annotations(interview):
        assert f"note_{note.number}" in page.ids and f"ref_{note.number}" in page.ids


def test_html_is_self_contained_inert_and_escaped(sample: Interview) -> None:
    page_text = to_html(sample)
    page = check(page_text)
    assert not has_special(page_text)
    assert "<script" not in page_text and "<img" not in page_text and "<i>" not in page_text
    # "javascript:" appears only as text, never in an attribute.
    assert not re.search(r'=\s*"\s*javascript:', page_text)
    assert "javascript:alert(1)" in page_text
    # No external assets: no src= or <link> (the checker refuses both), no CSS fetches.
    assert "url(" not in page_text and "@import" not in page_text and "<link" not in page_text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page_text
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page_text
    assert "[@click=app.quit]x[/]" in page_text
    assert "\u241b[2J" in page_text
    # Every external link is http(s) and opens without opener or referrer.
    hrefs = re.findall(r'<a href="(http[^"]*)" rel="noopener noreferrer">', page_text)
    assert hrefs == [
        "https://example.org/a?b=1&amp;c=2",
        "https://example.org/x?y=1&amp;z=2",
        "https://a.org/",
    ]
    assert page_text.count('<a href="http') == len(hrefs)
    assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; ' in page_text
    assert "@media print" in page_text and ":focus-within .pop" in page_text
    assert {"mark"} <= set(page.tags)


def test_html_marks_by_kind_and_keyboard_reachable_notes(sample: Interview) -> None:
    page_text = to_html(sample)
    assert (
        '<mark class="kind-correction" data-note="4" '
        'title="Correction: Fix &lt;b&gt;it&lt;/b&gt;">&lt;script&gt;'
    ) in page_text
    assert '<mark class="kind-fact-check" data-note="7"' in page_text
    assert '<mark class="kind-source" data-note="6"' in page_text
    # Each note number is a link (focusable by Tab) with a popover described by it.
    assert (
        '<span class="ref"><a href="#note_4" id="ref_4" aria-describedby="pop_4">4</a>'
        '<span class="pop" role="tooltip" id="pop_4"><b>Correction.</b> '
        "Fix &lt;b&gt;it&lt;/b&gt;</span></span>"
    ) in page_text
    assert '<li id="note_4" class="note kind-correction" value="4">' in page_text
    # A passage across a paragraph break is marked in both paragraphs, numbered once.
    assert page_text.count('data-note="5"') == 2 and page_text.count('id="ref_5"') == 1


def test_malicious_links_in_a_model_are_text(sample: Interview) -> None:
    # The loader accepts only http(s) links; a model built another way must
    # still not turn javascript: or data: into links.
    section = sample.sections[1]
    bad = Annotation(
        note="bad links",
        links=("javascript:alert(1)", "data:text/html,<script>x</script>", 'https://ok.org/"><x'),
    )
    changed = Interview(
        path=sample.path,
        id=sample.id,
        title=sample.title,
        people=sample.people,
        sections=(*sample.sections[:1], Section(**{**_fields(section), "annotations": (bad,)})),
        annotations=(bad,),
    )
    for fmt in ("html", "markdown"):
        out = export(changed, fmt)
        assert (
            'href="javascript' not in out and "(<javascript" not in out and "<javascript" not in out
        )
        assert 'href="data:' not in out
    check(to_html(changed))
    w3c = w3c_data(changed)
    links = [b["id"] for item in w3c["first"]["items"] for b in item["body"] if "id" in b]
    # Only the sample's own good link; none of the bad ones, not even the
    # http one with a quote and an angle bracket in it.
    assert links == ["https://a.org/"]


def _fields(section: Section) -> dict[str, Any]:
    return {name: getattr(section, name) for name in Section.__slots__}  # type: ignore[attr-defined]


# --- W3C ------------------------------------------------------------------------------

W3C_MOTIVATIONS = [
    "assessing", "bookmarking", "classifying", "commenting", "describing", "editing",
    "highlighting", "identifying", "linking", "moderating", "questioning", "replying", "tagging",
]  # fmt: skip
IRI = {"type": "string", "pattern": r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$"}
W3C_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["@context", "id", "type", "total"],
    "properties": {
        "@context": {"const": CONTEXT},
        "id": IRI,
        "type": {"const": "AnnotationCollection"},
        "label": {"type": "string"},
        "total": {"type": "integer", "minimum": 0},
        "first": {
            "type": "object",
            "required": ["id", "type", "items"],
            "properties": {
                "id": IRI,
                "type": {"const": "AnnotationPage"},
                "startIndex": {"type": "integer", "minimum": 0},
                "items": {"type": "array", "items": {"$ref": "#/$defs/annotation"}},
            },
        },
    },
    "$defs": {
        "annotation": {
            "type": "object",
            "required": ["id", "type", "motivation", "body", "target"],
            "additionalProperties": False,
            "properties": {
                "id": IRI,
                "type": {"const": "Annotation"},
                "motivation": {"enum": W3C_MOTIVATIONS},
                "body": {
                    "type": "array",
                    "minItems": 2,
                    "prefixItems": [
                        {
                            "type": "object",
                            "required": ["type", "value", "format"],
                            "properties": {
                                "type": {"const": "TextualBody"},
                                "value": {"type": "string", "minLength": 1},
                                "format": {"const": "text/plain"},
                                "purpose": {"enum": W3C_MOTIVATIONS},
                                "creator": {
                                    "type": "object",
                                    "required": ["name"],
                                    "properties": {"name": {"type": "string"}},
                                },
                            },
                        },
                        {
                            "type": "object",
                            "required": ["type", "value", "purpose"],
                            "properties": {
                                "type": {"const": "TextualBody"},
                                "purpose": {"const": "tagging"},
                                "value": {"enum": list(MOTIVATIONS)},
                            },
                        },
                    ],
                    # Links; a correction's replacement; a fact-check's verdict.
                    "items": {
                        "anyOf": [
                            {
                                "type": "object",
                                "required": ["id", "purpose"],
                                "properties": {
                                    "id": {"type": "string", "pattern": "^https?://"},
                                    "purpose": {"const": "linking"},
                                },
                            },
                            {
                                "type": "object",
                                "required": ["type", "value", "purpose"],
                                "properties": {
                                    "type": {"const": "TextualBody"},
                                    "value": {"type": "string", "minLength": 1},
                                    "purpose": {"enum": ["editing", "classifying"]},
                                },
                            },
                        ]
                    },
                },
                "target": {
                    "oneOf": [
                        {"$ref": "#/$defs/text_target"},
                        # The text, then the recording at that moment.
                        {
                            "type": "array",
                            "prefixItems": [
                                {"$ref": "#/$defs/text_target"},
                                {"$ref": "#/$defs/media_target"},
                            ],
                            "minItems": 2,
                            "maxItems": 2,
                        },
                    ]
                },
            },
        },
        "text_target": {
            "oneOf": [
                IRI,
                {
                    "type": "object",
                    "required": ["source", "selector"],
                    "additionalProperties": False,
                    "properties": {
                        "source": IRI,
                        "selector": {
                            "type": "object",
                            "required": ["type", "exact"],
                            "additionalProperties": False,
                            "properties": {
                                "type": {"const": "TextQuoteSelector"},
                                "exact": {"type": "string", "minLength": 1},
                                "prefix": {"type": "string", "minLength": 1},
                                "suffix": {"type": "string", "minLength": 1},
                            },
                        },
                    },
                },
            ]
        },
        "media_target": {
            "type": "object",
            "required": ["source", "selector"],
            "additionalProperties": False,
            "properties": {
                "source": {"type": "string", "pattern": "^https?://[^#]*$"},
                "selector": {
                    "type": "object",
                    "required": ["type", "conformsTo", "value"],
                    "additionalProperties": False,
                    "properties": {
                        "type": {"const": "FragmentSelector"},
                        "conformsTo": {"const": "http://www.w3.org/TR/media-frags/"},
                        "value": {"type": "string", "pattern": "^t=[0-9]+$"},
                    },
                },
            },
        },
    },
}


def reanchor(text: str, selector: dict[str, str]) -> list[int]:
    """Where ``selector`` matches in ``text`` (as a Hypothesis-style anchorer would look)."""
    exact, prefix, suffix = (
        selector["exact"],
        selector.get("prefix", ""),
        selector.get("suffix", ""),
    )
    return [
        i
        for i in range(len(text))
        if text.startswith(exact, i)
        and text.endswith(prefix, 0, i)
        and text.startswith(suffix, i + len(exact))
    ]


def test_w3c_validates_and_reanchors(interview: Interview) -> None:
    data = json.loads(to_w3c(interview))
    jsonschema.validate(data, W3C_SCHEMA)
    items = data["first"]["items"] if interview.annotation_count else []
    assert data["total"] == len(items) == interview.annotation_count
    numbered = numbered_annotations(interview)
    for item, note in zip(items, numbered, strict=True):
        assert item["id"] == f"urn:reader:{interview.id}:annotation-{note.number}"
        kind = note.annotation.kind
        assert item["motivation"] == MOTIVATIONS[kind]
        assert item["body"][0]["value"] == note.annotation.note
        assert item["body"][1]["value"] == kind
        if note.annotation.by:
            assert item["body"][0]["creator"] == {"name": note.annotation.by}
        if note.section is None:
            assert item["target"] == f"urn:reader:{interview.id}"
            continue
        if note.anchor is None:
            assert item["target"] == f"urn:reader:{interview.id}:{note.section.id}"
            continue
        anchor = note.anchor
        which = "question" if anchor.field == "question" else f"answer-{anchor.answer + 1}"
        assert item["target"]["source"] == f"urn:reader:{interview.id}:{note.section.id}:{which}"
        selector = item["target"]["selector"]
        text = note.text()
        assert text is not None
        assert selector["exact"] == note.passage()
        assert reanchor(text, selector) == [anchor.start]
        assert (
            len(selector.get("prefix", "")) == min(32, anchor.start) or len(selector["prefix"]) > 32
        )


def test_w3c_motivations_and_terminal_safety(sample: Interview) -> None:
    out = to_w3c(sample)
    assert not has_special(out) and "\x1b" not in out
    assert "\\u001b[2J" in out and "\\u202e" in out and "\\u009b" in out
    data = json.loads(out)
    assert [item["motivation"] for item in data["first"]["items"]] == [
        "describing", "commenting", "describing", "editing", "describing", "linking",
        "assessing", "describing", "commenting", "commenting", "commenting", "commenting",
        "commenting",
    ]  # fmt: skip
    assert data["first"]["items"][5]["body"][2] == {"id": "https://a.org/", "purpose": "linking"}


def test_w3c_base_targets_the_published_page(sample: Interview) -> None:
    data = w3c_data(sample, "https://example.org/hostile.html")
    assert data["id"] == "https://example.org/hostile.html#annotations"
    items = data["first"]["items"]
    assert [item["id"] for item in items[:2]] == [
        "https://example.org/hostile.html#note_1",
        "https://example.org/hostile.html#note_2",
    ]
    assert items[2]["target"] == "https://example.org/hostile.html#first"
    assert items[3]["target"]["source"] == "https://example.org/hostile.html"
    with pytest.raises(ValueError, match="base must be an http"):
        w3c_data(sample, "javascript:alert(1)")


def test_w3c_targets_the_recording_at_the_passage_time() -> None:
    text = """\
reader: 1
id: timed
title: Timed
media: https://media.example/talk.mp4#ignored
people:
  lee: {name: Lee}
sections:
  - id: first
    time: "1:00"
    question: Why?
    answers:
      - by: lee
        time: "1:02:03"
        quote: Because it glows.
    annotations:
      - on: glows
        note: On the answer.
      - on: Why
        note: On the question.
      - note: On the whole Q&A.
  - id: second
    question: Untimed?
    answers:
      - by: lee
        quote: Yes.
    annotations:
      - on: "Yes"
        note: No time here.
annotations:
  - note: On the whole interview.
"""
    result = load_text(text, Path("timed.yaml"))
    assert result.interview is not None, result.errors
    data = json.loads(to_w3c(result.interview))
    jsonschema.validate(data, W3C_SCHEMA)
    targets = [item["target"] for item in data["first"]["items"]]

    def moment(seconds: int) -> dict[str, Any]:
        return {
            "source": "https://media.example/talk.mp4",
            "selector": {
                "type": "FragmentSelector",
                "conformsTo": "http://www.w3.org/TR/media-frags/",
                "value": f"t={seconds}",
            },
        }

    # Numbered in reading order: the interview's note, then the Q&As'.
    assert targets[0] == "urn:reader:timed"
    by_note = {item["body"][0]["value"]: item["target"] for item in data["first"]["items"]}
    assert by_note["On the answer."][1] == moment(3723)
    assert by_note["On the answer."][0]["selector"]["exact"] == "glows"
    assert by_note["On the question."][1] == moment(60)
    assert by_note["On the whole Q&A."] == ["urn:reader:timed:first", moment(60)]
    assert by_note["No time here."]["selector"]["exact"] == "Yes"
    assert by_note["On the whole interview."] == "urn:reader:timed"


def test_quote_selector_widens_context_until_unique() -> None:
    text = "x" * 100 + "needle" + "x" * 100 + "needle" + "x" * 100
    first = quote_selector(text, 100, 106)
    second = quote_selector(text, 206, 212)
    assert reanchor(text, first) == [100] and reanchor(text, second) == [206]
    assert len(first["prefix"]) == 100 and len(first["suffix"]) == 128
    short = quote_selector("a needle in a haystack", 2, 8)
    assert short == {
        "type": "TextQuoteSelector",
        "exact": "needle",
        "prefix": "a ",
        "suffix": " in a haystack",
    }
    whole = quote_selector("needle", 0, 6)
    assert whole == {"type": "TextQuoteSelector", "exact": "needle"}


# --- JSON -----------------------------------------------------------------------------


def test_json_round_trips(interview: Interview) -> None:
    out = to_json(interview)
    data = json.loads(out)
    assert from_data(data) == interview
    assert list(data)[:5] == ["reader", "path", "id", "title", "people"]
    assert data["reader"] == 1
    assert to_json(interview) == out


def test_json_has_anchors_and_is_terminal_safe(sample: Interview) -> None:
    out = to_json(sample)
    assert not has_special(out)
    data = json.loads(out)
    first = data["sections"][0]
    assert first["annotations"][0]["anchor"] == {
        "field": "question",
        "answer": None,
        "start": 8,
        "end": 33,
    }
    assert first["answers"][0]["quote"].startswith(f"One {IMG} two.")
    assert ESC in first["answers"][0]["quote"]  # the exact text, escaped in the JSON
    assert data["path"] == "hostile.yaml"
    assert data == to_data(sample)
    with pytest.raises(ValueError, match="not a reader/1 JSON export"):
        from_data({"reader": 2})


# --- all formats ----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_exports_are_deterministic(sample: Interview, fmt: str) -> None:
    assert export(sample, fmt) == export(sample, fmt)
    with pytest.raises(ValueError, match="unknown export format 'pdf'"):
        export(sample, "pdf")


def test_passage_numbers_agree_across_formats(sample: Interview) -> None:
    markdown = to_markdown(sample)
    page = to_html(sample)
    items = w3c_data(sample)["first"]["items"]
    for note in numbered_annotations(sample):
        assert f"[^{note.number}]:" in markdown
        assert f'id="note_{note.number}"' in page
        assert items[note.number - 1]["body"][0]["value"] == note.annotation.note


# --- any text, any passages -------------------------------------------------------------

WORDS = [
    "word", "Mr.", "López", "김남준", SCRIPT, IMG, CLICK, "*", "_", "`", "[", "]", "<", ">", "&",
    "#", "-", "+", "1.", "2)", "\\", "|", "~", "$", "!", "\x1b[2J", "\x9b", "\u202e", "\u200b",
    "&amp;", "javascript:x", "'", '"',
]  # fmt: skip


@st.composite
def annotated(draw: st.DrawFn) -> Interview:
    paragraphs = draw(
        st.lists(
            st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(
                lambda words: " ".join(words)
            ),
            min_size=1,
            max_size=4,
        )
    )
    separators = draw(st.lists(st.sampled_from(["\n\n", "\n"]), min_size=len(paragraphs)))
    quote = paragraphs[0]
    for paragraph, separator in zip(paragraphs[1:], separators, strict=False):
        quote += separator + paragraph
    spans = draw(
        st.lists(
            st.tuples(st.integers(0, len(quote) - 1), st.integers(1, len(quote))).filter(
                lambda span: span[0] < span[1] and not quote[span[0] : span[1]].isspace()
            ),
            max_size=5,
        )
    )
    annotations = tuple(
        Annotation(
            note=f"note {i} {SCRIPT}",
            kind=["note", "context", "correction", "translation", "source", "fact-check"][i % 6],
            on=quote[start:end],
            anchor=Anchor("answer", 0, start, end),
        )
        for i, (start, end) in enumerate(spans)
    )
    section = Section(
        id="q1",
        number=1,
        title="Q",
        question="Question?",
        answers=(Answer(by="a", quote=quote),),
        annotations=annotations,
    )
    return Interview(
        path=Path("fuzz.yaml"),
        id="fuzz",
        title="Fuzz",
        people={"a": Person("a", "A")},
        sections=(section,),
    )


@settings(max_examples=100, deadline=None)
@given(annotated())
def test_any_passages_in_any_text(interview: Interview) -> None:
    page = check(to_html(interview))
    markdown = to_markdown(interview)
    rendered = check(
        "<!DOCTYPE html><html><body>" + render_markdown(markdown) + "</body></html>",
        require_rel=False,
    )
    assert not has_special(markdown) and not has_special(to_w3c(interview))
    items = w3c_data(interview).get("first", {}).get("items", [])
    for note, item in zip(anchored(interview), items, strict=True):
        expected = expected_in_stream(note)
        assert expected in only(page.stream(), note.number)
        assert expected in only(rendered.stream(), note.number)
        text = note.text()
        assert text is not None and note.anchor is not None
        assert reanchor(text, item["target"]["selector"]) == [note.anchor.start]
    assert from_data(json.loads(to_json(interview))) == interview
