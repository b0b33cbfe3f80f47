"""One topic across interviews (reader.compare): grouping and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.compare import UnknownTopic, all_topics, compare
from reader.model import Answer, Interview, Person, Section


def interview(name: str, *topics: tuple[str, ...]) -> Interview:
    return Interview(
        path=Path(f"{name}.yaml"),
        id=name,
        title=name.title(),
        people={"a": Person("a", "A")},
        sections=tuple(
            Section(
                id=f"q{n}",
                number=n,
                title=f"Q{n}",
                question="q?",
                answers=(Answer("a", "x"), Answer("a", "y")),
                topics=t,
            )
            for n, t in enumerate(topics, start=1)
        ),
    )


def test_groups_by_interview_in_order_leaving_out_interviews_without_the_topic() -> None:
    one = interview("one", ("childhood",), ("first-film", "childhood"), ())
    two = interview("two", ("translation",))
    three = interview("three", ("childhood",))
    groups = compare([one, two, three], "childhood")
    assert [(g.interview.id, [s.id for s in g.sections]) for g in groups] == [
        ("one", ["q1", "q2"]),
        ("three", ["q1"]),
    ]
    assert groups[0].answer_count == 4
    assert all_topics([one, two, three]) == ["childhood", "first-film", "translation"]


def test_an_unknown_topic_is_refused_with_the_closest() -> None:
    library = [interview("one", ("childhood", "first-film"))]
    with pytest.raises(UnknownTopic) as caught:
        compare(library, "childhod")
    assert str(caught.value) == (
        "no Q&A has the topic 'childhod': did you mean 'childhood'? (topics: childhood, first-film)"
    )
    with pytest.raises(UnknownTopic) as caught:
        compare([interview("none", ())], "anything")
    assert str(caught.value) == "no Q&A has the topic 'anything' (no Q&A here has topics)"
