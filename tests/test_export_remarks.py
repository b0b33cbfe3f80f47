"""Exports of sections with no question, of times with links, and of ``about`` notes."""

from __future__ import annotations

import json

from reader.export.html import to_html
from reader.export.json import from_data, to_data, to_json
from reader.export.markdown import to_markdown
from tests.test_quote_media import interview


def test_markdown_remarks_times_and_about() -> None:
    text = to_markdown(interview())
    section_one = text.split("## 1. Opening")[1].split("## 2.")[0]
    assert section_one == (
        "\n\n*At [00:10](<https://example.org/summit.mp4#t=10>)*\n\n"
        "**Karen Doe** (at [00:10](<https://example.org/summit.mp4#t=10>)):\n\n"
        "> Good afternoon.\n\n"
    )
    assert "**Question**" not in section_one
    assert "**Andrzej Duda** (at [01:02:09](<https://example.org/summit.mp4#t=3729>)):" in text
    assert "- **Recording:** <https://example.org/summit.mp4#start>" in text
    assert (
        "[^1]: **Translation** on Andrzej Duda’s words: Duda spoke Polish; his words are the "
        "interpreter's." in text
    )


def test_html_remarks_have_no_question_block() -> None:
    page = to_html(interview())
    first = page.split('id="q1"')[1].split('id="q2"')[0]
    assert 'class="question' not in first
    assert (
        '<a href="https://example.org/summit.mp4#t=10" rel="noopener noreferrer">00:10</a>' in first
    )
    assert "on Andrzej Duda’s words: Duda spoke Polish" in page
    assert (
        '<dt>Recording</dt><dd><a href="https://example.org/summit.mp4#start" '
        'rel="noopener noreferrer">'
    ) in page


def test_json_keeps_the_new_fields_and_reads_back() -> None:
    summit = interview()
    data = json.loads(to_json(summit))
    assert data["media"] == "https://example.org/summit.mp4#start"
    assert data["sections"][0]["has_question"] is False
    assert data["sections"][0]["time"] == "00:10"
    assert data["annotations"][0]["about"] == "duda"
    assert from_data(to_data(summit)) == summit
