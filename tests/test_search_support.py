"""Helpers shared by the search tests (no tests here).

``interview()`` builds a model :class:`~reader.model.Interview` directly (for
text the YAML writer would have to escape, and for speed); ``yaml_interview()``
writes the text of a reader/1 file that the real loader reads, for the cache
and CLI tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reader.model import Annotation, Answer, Interview, Person, Position, Section

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
