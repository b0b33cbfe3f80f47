"""Exports as corrected, with originals and verdicts (Markdown and HTML)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.cli import main
from reader.export import export
from reader.model import Anchor, Annotation, Answer, Interview, Person, Section

QUESTION = "An interview with the director, Lee Sung-gin."
QUOTE = "I loved RM's songs."
ORIGINAL = "RM의 노래를 좋아했어요."


def make() -> Interview:
    start = QUESTION.index("Lee Sung-gin")
    fix = Annotation(
        note="Misspelt in the article.",
        kind="correction",
        on="Lee Sung-gin",
        anchor=Anchor("question", None, start, start + len("Lee Sung-gin")),
        replacement="Lee Sung-jin",
    )
    check = Annotation(
        note="Not checked yet.",
        kind="fact-check",
        on="RM's songs",
        anchor=Anchor("answer", 0, QUOTE.index("RM's"), len(QUOTE) - 1),
        verdict="unverified",
        checked_by="Desk",
        checked_on="2024-05-12",
    )
    return Interview(
        path=Path("talk.yaml"),
        id="talk",
        title="Talk",
        people={"lee": Person("lee", "Lee Sung-jin")},
        sections=(
            Section(
                id="intro",
                number=1,
                title="Intro",
                question=QUESTION,
                answers=(Answer("lee", QUOTE, original=ORIGINAL),),
                annotations=(fix, check),
            ),
        ),
        original_language="ko",
    )


def test_markdown_as_published_and_as_corrected() -> None:
    published = export(make(), "markdown")
    assert "An interview with the director, Lee Sung-gin[^1].\n" in published
    assert (
        "[^1]: **Correction** on “Lee Sung-gin”, should read “Lee Sung-jin”: "
        "Misspelt in the article.\n"
    ) in published
    assert (
        "[^2]: **Fact check** on “RM's songs” (verdict: unverified, checked by Desk on "
        "2024-05-12): Not checked yet.\n"
    ) in published
    assert "*Original (ko):*\n\n> RM의 노래를 좋아했어요.\n" in published
    assert "- **Original language:** ko\n" in published
    corrected = export(make(), "markdown", view="corrected")
    assert (
        "An interview with the director, Lee Sung-jin \\[corrected from: Lee Sung-gin\\][^1].\n"
    ) in corrected
    assert "*As corrected: each correction is marked \\[corrected from: ...\\].*" in corrected
    assert "\\[corrected from" not in published


def test_html_as_corrected_with_the_original() -> None:
    page = export(make(), "html", view="corrected")
    assert (
        '<mark class="kind-correction" data-note="1" title="Correction: Misspelt in the article.">'
        "Lee Sung-jin [corrected from: Lee Sung-gin]</mark>"
    ) in page
    assert '<blockquote lang="ko">\n<p>RM의 노래를 좋아했어요.</p>\n</blockquote>' in page
    assert ", should read <q>Lee Sung-jin</q>" in page
    assert (
        '<span class="verdict">(verdict: unverified, checked by Desk on 2024-05-12)</span>' in page
    )
    assert "[corrected from" not in export(make(), "html")


def test_export_cli_corrected_applies_to_markdown_and_html_only(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["export", "interviews/come-back-to-me.yaml", "--to", "w3c", "--corrected"]) == 2
    assert capsys.readouterr().err == (
        "reader export: error: --corrected applies to --to markdown and html only\n"
    )


def test_w3c_carries_the_replacement_and_the_verdict() -> None:
    import json

    data = json.loads(export(make(), "w3c"))
    fix, check = data["items"] if "items" in data else data["first"]["items"]
    assert fix["motivation"] == "editing"
    assert fix["body"] == [
        {
            "type": "TextualBody",
            "value": "Misspelt in the article.",
            "format": "text/plain",
            "purpose": "commenting",
        },
        {"type": "TextualBody", "value": "correction", "purpose": "tagging"},
        {
            "type": "TextualBody",
            "value": "Lee Sung-jin",
            "format": "text/plain",
            "purpose": "editing",
        },
    ]
    assert check["body"][-1] == {
        "type": "TextualBody",
        "value": "unverified",
        "purpose": "classifying",
    }


@pytest.mark.parametrize("view", ["published", "corrected"])
def test_html_with_originals_and_corrections_is_well_formed(view: str) -> None:
    from reader.loader import load_file
    from tests.test_export_htmlcheck import check

    press = Path(__file__).parent / "fixtures" / "reading" / "a-press.yaml"
    interview = load_file(press).interview
    assert interview is not None
    check(export(interview, "html", view=view))  # type: ignore[arg-type]
