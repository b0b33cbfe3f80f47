"""Search facets for fact-checkers and translators: verdict:, topic:, originals.

``reader search`` and the app's search bar on the reading fixtures
(tests/fixtures/reading): ``verdict:false``, ``kind:fact-check
verdict:unverified``, ``topic:budget``, words found in an original (and a hit
there opening with the originals shown).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.ui.app import make_app
from reader.ui.widgets.quote_view import QuoteView
from tests.test_ui_search import search_for
from tests.uitools import open_interview, wait_until

READING = Path(__file__).parent / "fixtures" / "reading"
PRESS = READING / "a-press.yaml"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = main(["search", "--no-cache", *args])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


@pytest.mark.parametrize("cache", [True, False])
def test_verdict_facets(capsys: pytest.CaptureFixture[str], cache: bool) -> None:
    flags = [] if cache else ["--no-cache"]
    assert main(["search", *flags, "verdict:false", str(READING)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"{PRESS}:37:15: [fact-check]: The city's payroll shows 120 new teachers."]
    code, lines, _ = run(capsys, "kind:fact-check verdict:unverified", str(READING))
    assert code == 0
    assert [line.split(": ", 1)[1] for line in lines] == [
        "[fact-check]: The whole talk repeats figures from the budget.",
        "[fact-check]: Not checked yet.",
        "[fact-check]: To check against the register.",
    ]
    code, lines, _ = run(capsys, "--json", "verdict:true", str(READING))
    assert (code, lines) == (1, [])


def test_topic_facet(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, _ = run(capsys, "topic:budget in:answers", str(READING))
    assert code == 0
    assert [line.split(": ", 1)[1] for line in lines] == [
        "Ana Ruiz: We hired 300 teachers [laughs] and built two schools. (Applause.)",
        "Ana Ruiz: That is all.",
        "Lee: Four schools opened.",
    ]
    code, lines, _ = run(capsys, "teachers -topic:budget", str(READING))
    assert (code, lines) == (1, [])


def test_words_in_an_original(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, _ = run(capsys, "maestros", str(READING))
    assert code == 0
    assert lines == [
        f"{PRESS}:27:19: Ana Ruiz (original): Contratamos a 300 maestros [risas] y construimos "
        "dos escuelas. (Aplausos.)"
    ]
    code, lines, _ = run(capsys, "--json", "in:originals escuelas", str(READING))
    (hit,) = [json.loads(line) for line in lines]
    assert (hit["field"], hit["answer"], hit["section"]) == ("original", 0, "budget")


def test_a_query_error_for_an_unknown_verdict(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, err = run(capsys, "verdict:flase", str(READING))
    assert (code, lines) == (2, [])
    assert err.startswith('reader search: error: unknown verdict "flase": did you mean ')


async def test_a_hit_in_an_original_opens_with_the_originals_shown() -> None:
    app = make_app([PRESS], state=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        assert not screen.originals
        panel = await search_for(pilot, screen, "maestros")
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.originals)
        assert screen.section_index == 1
        quote = screen.query_one(QuoteView)
        answer = next(block for block in quote._blocks if block.ref == ("answer", 0))
        assert answer.beside is not None
        highlighted = [
            answer.beside.plain[s.start : s.end]
            for s in answer.beside.spans
            if s.style == ".quote-view--match"
        ]
        assert highlighted == ["maestros"]
        assert not panel.display
