"""Helpers shared by the search tests (no tests here).

``interview()`` builds a model :class:`~reader.model.Interview` directly (for
text the YAML writer would have to escape, and for speed); ``yaml_interview()``
writes the text of a reader/1 file that the real loader reads, for the cache
and CLI tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from hypothesis import strategies as st

from reader.model import ANNOTATION_KINDS, Annotation, Answer, Interview, Person, Position, Section

PEOPLE = {
    "host": Person("host", "Alex Host", "interviewer"),
    "rm": Person("rm", "RM", "artist", ("Kim Namjoon",)),
    "amlo": Person("amlo", "Andrés Manuel López Obrador", "president", ("AMLO",)),
    "lee": Person("lee", "Lee Sung-jin", "director", ("Lee Sung-gin",)),
}

QA = tuple[str, Sequence[tuple[str, str]]]
"""A Q&A for :func:`interview`: the question and ``(speaker, quote)`` answers."""


def interview(
    name: str,
    sections: Sequence[QA | tuple[str, Sequence[tuple[str, str]], Sequence[tuple[str, str]]]],
    *,
    notes: Sequence[tuple[str, str]] = (),
    asked_by: str | None = "host",
    folder: Path = Path("lib"),
) -> Interview:
    """An interview named ``name``: each section is ``(question, answers[, notes])``.

    ``notes`` are ``(kind, note)`` annotations on the interview as a whole;
    a section's third item lists its own ``(kind, note)`` annotations.
    Positions are made up but distinct: the question of section N is at line
    ``100 * N``, its answer K at ``100 * N + 10 * (K + 1)``, column 5.
    """
    built: list[Section] = []
    for number, item in enumerate(sections, start=1):
        question, answers = item[0], item[1]
        section_notes = item[2] if len(item) > 2 else ()  # type: ignore[misc]
        built.append(
            Section(
                id=f"q{number}",
                number=number,
                title=question[:20],
                question=question,
                answers=tuple(
                    Answer(
                        by=by,
                        quote=quote,
                        quote_position=Position(100 * number + 10 * (k + 1), 5),
                    )
                    for k, (by, quote) in enumerate(answers)
                ),
                asked_by=asked_by,
                annotations=tuple(
                    Annotation(
                        note=note,
                        kind=kind,
                        note_position=Position(100 * number + 90 + k, 7),
                    )
                    for k, (kind, note) in enumerate(section_notes)
                ),
                question_position=Position(100 * number, 5),
            )
        )
    return Interview(
        path=folder / f"{name}.yaml",
        id=name,
        title=f"Interview {name}",
        people=dict(PEOPLE),
        sections=tuple(built),
        annotations=tuple(
            Annotation(note=note, kind=kind, note_position=Position(20 + k, 9))
            for k, (kind, note) in enumerate(notes)
        ),
    )


def yaml_quote(text: str) -> str:
    """A YAML double-quoted scalar holding exactly ``text`` (every odd character escaped)."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 0x20 <= code < 0x7F or (code >= 0xA0 and ch.isprintable() and code != 0xFEFF):
            out.append(ch)
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def yaml_interview(
    title: str,
    sections: Sequence[tuple[str, Sequence[tuple[str, str]]]],
    *,
    notes: Sequence[tuple[str, str, str]] = (),
) -> str:
    """The text of a valid reader/1 file.

    Each section is ``(question, [(speaker, quote), ...])``; ``notes`` are
    ``(section number, kind, note)`` annotations on whole sections.  People
    are ``host``, ``rm`` (aka Kim Namjoon) and ``amlo``.  Line numbers: see
    the tests that rely on them.
    """
    lines = [
        "reader: 1",
        f"title: {yaml_quote(title)}",
        "people:",
        "  host:",
        '    name: "Alex Host"',
        "  rm:",
        '    name: "RM"',
        '    aka: ["Kim Namjoon"]',
        "  amlo:",
        '    name: "Andrés Manuel López Obrador"',
        "sections:",
    ]
    for number, (question, answers) in enumerate(sections, start=1):
        lines.append(f"  - question: {yaml_quote(question)}")
        lines.append("    asked_by: host")
        lines.append("    answers:")
        for by, quote in answers:
            lines.append(f"      - by: {by}")
            lines.append(f"        quote: {yaml_quote(quote)}")
        mine = [(kind, note) for n, kind, note in notes if n == number]
        if mine:
            lines.append("    annotations:")
            for kind, note in mine:
                lines.append(f"      - kind: {kind}")
                lines.append(f"        note: {yaml_quote(note)}")
    return "\n".join(lines) + "\n"


# -- generated libraries and queries (hypothesis) ----------------------------

VOCABULARY = [
    "the",
    "then",
    "director",
    "direct",
    "López",
    "lopez",
    "Straße",
    "strasse",
    "ss",
    "김남준은",
    "김남준",
    "中文",
    "也可以",
    "e-mail",
    "supply",
    "chain",
    "chains",
    "ﬁne",
    "İstanbul",
    "x",
    "a",
    "b",
]
SEPARATORS = [" ", ", ", ". ", "\n", " — ", "", "-"]


@st.composite
def passage_text(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=8))
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(words), max_size=len(words)))
    return "".join(w + s for w, s in zip(words, seps, strict=True)).strip() or "x"


@st.composite
def libraries(draw: st.DrawFn) -> list[object]:
    out = []
    for number in range(draw(st.integers(0, 3))):
        sections = []
        for _ in range(draw(st.integers(1, 3))):
            question = draw(passage_text())
            answers = [
                (draw(st.sampled_from(sorted(PEOPLE))), draw(passage_text()))
                for _ in range(draw(st.integers(1, 3)))
            ]
            notes = [
                (draw(st.sampled_from(ANNOTATION_KINDS)), draw(passage_text()))
                for _ in range(draw(st.integers(0, 2)))
            ]
            sections.append((question, answers, notes))
        wide = [
            (draw(st.sampled_from(ANNOTATION_KINDS)), draw(passage_text()))
            for _ in range(draw(st.integers(0, 2)))
        ]
        out.append(_reading_keys(draw, interview(f"i{number}", sections, notes=wide)))
    return out


TOPICS = ("a", "b", "c")
VERDICT_CHOICES = (None, "false", "unverified", "true")


def _reading_keys(draw: st.DrawFn, built: Interview) -> Interview:
    """``built`` with topics on its sections, verdicts on its fact-checks, some originals."""

    def verdicts(notes: Sequence[Annotation]) -> tuple[Annotation, ...]:
        return tuple(
            replace(note, verdict=draw(st.sampled_from(VERDICT_CHOICES)))
            if note.kind == "fact-check"
            else note
            for note in notes
        )

    sections = []
    for section in built.sections:
        answers = tuple(
            replace(
                answer,
                original=draw(st.one_of(st.none(), passage_text())),
                original_position=Position(answer.quote_position.line + 5, 5),
            )
            for answer in section.answers
        )
        topics = tuple(draw(st.lists(st.sampled_from(TOPICS), unique=True, max_size=2)))
        sections.append(
            replace(
                section,
                answers=answers,
                topics=topics,
                annotations=verdicts(section.annotations),
            )
        )
    return replace(built, sections=tuple(sections), annotations=verdicts(built.annotations))


@st.composite
def queries(draw: st.DrawFn) -> str:
    items = []
    for _ in range(draw(st.integers(1, 3))):
        word = draw(st.sampled_from(VOCABULARY))
        cut = draw(st.integers(1, len(word)))
        kind = draw(st.sampled_from(["word", "word", "phrase", "minus", "filter"]))
        if kind == "word":
            items.append(word[:cut])
        elif kind == "phrase":
            items.append(f'"{word} {draw(st.sampled_from(VOCABULARY))[:cut]}"')
        elif kind == "minus":
            items.append("-" + word[:cut])
        else:
            items.append(
                draw(
                    st.sampled_from(
                        [
                            "by:rm",
                            "by:lopez",
                            "-by:host",
                            "kind:note",
                            "-kind:correction",
                            "in:questions",
                            "in:answers",
                            "-in:annotations",
                            "by:namjoon",
                            "verdict:false",
                            "-verdict:unverified",
                            "topic:a",
                            "-topic:b",
                            "in:originals",
                        ]
                    )
                )
            )
    return " ".join(items)
