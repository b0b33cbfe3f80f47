"""Back/forward history and re-finding a Q&A (reader.history)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.history import History, relocate
from reader.model import Answer, Interview, Person, Section


def test_back_and_forward_like_a_browser() -> None:
    history: History[str] = History()
    assert history.current is None
    assert history.back() is None
    for place in "abc":
        history.visit(place)
    assert history.current == "c"
    assert not history.can_go_forward
    assert history.back() == "b"
    assert history.back() == "a"
    assert history.back() is None
    assert history.current == "a"
    assert history.forward() == "b"
    # A new visit drops the forward part.
    history.visit("x")
    assert history.forward() is None
    assert [history.back(), history.back(), history.back()] == ["b", "a", None]


def test_revisiting_the_current_place_is_not_a_step() -> None:
    history: History[tuple[str, str]] = History()
    history.visit(("k", "q1"))
    history.visit(("k", "q1"))
    assert len(history) == 1
    assert not history.can_go_back


def test_history_is_capped() -> None:
    history: History[int] = History(limit=3)
    for n in range(10):
        history.visit(n)
    assert len(history) == 3
    assert [history.back(), history.back(), history.back()] == [8, 7, None]
    with pytest.raises(ValueError):
        History(limit=0)
    history.clear()
    assert history.current is None and len(history) == 0


def interview(*ids: str) -> Interview:
    sections = tuple(
        Section(id=i, number=n, title=i, question="q", answers=(Answer("a", "x"),))
        for n, i in enumerate(ids, start=1)
    )
    return Interview(
        path=Path("t.yaml"), id="t", title="t", people={"a": Person("a", "A")}, sections=sections
    )


def test_relocate_by_id_then_by_position() -> None:
    new = interview("q1", "new", "q2", "q3")
    assert relocate(new, "q2", 2).id == "q2"  # the id moved: follow it
    assert relocate(new, "gone", 2).id == "new"  # the id vanished: same position
    assert relocate(new, "gone", 9).id == "q3"  # past the end: the last one
    assert relocate(new, "gone", 0).id == "q1"
    assert relocate(new, None, None).id == "q1"
