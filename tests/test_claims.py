"""Fact-check claims (reader.claims): counts, the header summary, the next unverified claim."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from reader.claims import Claim, claims, next_claim, summary, unverified_count, verdict_counts
from reader.model import Anchor, Annotation, Answer, Interview, Person, Section


def check(verdict: str | None) -> Annotation:
    return Annotation(note="Checked.", kind="fact-check", verdict=verdict)


def interview(
    name: str, *sections: tuple[Annotation, ...], top: tuple[Annotation, ...] = ()
) -> Interview:
    return Interview(
        path=Path(f"{name}.yaml"),
        id=name,
        title=name,
        people={"a": Person("a", "A")},
        sections=tuple(
            Section(
                id=f"q{n}",
                number=n,
                title="t",
                question="q?",
                answers=(Answer("a", "x"),),
                annotations=annotations,
            )
            for n, annotations in enumerate(sections, start=1)
        ),
        annotations=top,
    )


def test_summary_counts_every_claim_with_the_worst_first() -> None:
    talk = interview(
        "talk",
        (check("false"), Annotation(note="not a claim", kind="note"), check(None)),
        (check("true"), check("unverified")),
    )
    assert verdict_counts(talk) == {"false": 1, "true": 1, "unverified": 2}
    assert summary(talk) == "4 claims: 1 false, 1 true, 2 unverified"
    assert unverified_count(talk) == 2


def test_one_claim_and_none() -> None:
    assert summary(interview("a", (check("mixed"),))) == "1 claim: 1 mixed"
    assert summary(interview("b", (Annotation(note="n"),))) is None
    assert unverified_count(interview("b", ())) == 0


def test_next_unverified_claim_across_the_library_and_back() -> None:
    first = interview("first", (check("true"), check(None)), top=(check("unverified"),))
    broken = None
    second = interview("second", (), (check("false"),), (check("unverified"), check(None)))
    library = [first, broken, second]
    order = [Claim(0, None, 0, 0), Claim(0, 0, 1, 1), Claim(2, 2, 0, 0), Claim(2, 2, 1, 1)]
    assert next_claim(library, None) == order[0]
    for here, there in zip(order, order[1:] + order[:1], strict=True):
        assert next_claim(library, here) == there
        assert next_claim(library, there, forward=False) == here
    # From a place that is not a claim: the next one after it.
    assert next_claim(library, Claim(0, 1, 0, -1)) == Claim(2, 2, 0, 0)
    assert next_claim(library, Claim(0, 1, 0, -1), forward=False) == Claim(0, 0, 1, 1)
    assert next_claim(library, None, forward=False) == order[-1]


def test_claims_follow_the_text_not_the_file() -> None:
    quote = "one two"
    late = Annotation(note="n", kind="fact-check", anchor=Anchor("answer", 0, 4, 7))
    early = Annotation(note="n", kind="fact-check", anchor=Anchor("answer", 0, 0, 3))
    whole = Annotation(note="n", kind="fact-check")
    talk = Interview(
        path=Path("t.yaml"),
        id="t",
        title="t",
        people={},
        sections=(
            Section(
                id="q1",
                number=1,
                title="t",
                question="q?",
                answers=(Answer("a", quote),),
                annotations=(whole, late, early),
            ),
        ),
    )
    first = next_claim([talk], None)
    assert first == Claim(0, 0, 2, 0)
    second = next_claim([talk], first)
    assert second == Claim(0, 0, 1, 1)
    assert next_claim([talk], second) == Claim(0, 0, 0, 2)


def test_no_unverified_claim_anywhere() -> None:
    assert next_claim([interview("x", (check("true"),)), None], None) is None


VERDICT_OR_NONE = st.sampled_from([None, "unverified", "true", "false", "mixed"])


@st.composite
def libraries(draw: st.DrawFn) -> list[Interview | None]:
    library: list[Interview | None] = []
    for n in range(draw(st.integers(0, 4))):
        if draw(st.booleans()) and n:
            library.append(None)  # a file that did not load
            continue
        sections = draw(
            st.lists(st.lists(VERDICT_OR_NONE.map(check), max_size=3).map(tuple), max_size=3)
        )
        top = tuple(draw(st.lists(VERDICT_OR_NONE.map(check), max_size=2)))
        library.append(interview(f"i{n}", *sections, top=top))
    return library


@given(libraries())
def test_stepping_visits_every_unverified_claim_once_in_order(
    library: list[Interview | None],
) -> None:
    expected = [
        (i, section, index)
        for i, talk in enumerate(library)
        if talk is not None
        for section, index, _, annotation in claims(talk)
        if annotation.is_unverified_claim
    ]
    seen = []
    here = None
    for _ in expected:
        here = next_claim(library, here)
        assert here is not None
        seen.append((here.interview, here.section, here.annotation))
    assert seen == expected
    if not expected:
        assert next_claim(library, None) is None
        return
    # Past the last, it wraps to the first; and back again.
    assert next_claim(library, here) == next_claim(library, None)
    back = []
    for _ in expected:
        here = next_claim(library, here, forward=False)
        assert here is not None
        back.append((here.interview, here.section, here.annotation))
    assert back == expected[-2::-1] + expected[-1:]
