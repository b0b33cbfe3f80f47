"""Turns into people, and people's turns into sections: one pipeline for every format.

* Each distinct label (compared without regard to case) is a person; labels
  merged with ``--same`` are one person, the later ones kept in ``aka``.
  Turns with no label (captions, ``- `` dashes) belong to one person,
  "Unidentified speaker".
* A label used once that is nearly another label is suspected of being a
  typo, and the summary gives the ``--same`` that merges them.
* Who asks: the labels given with ``--interviewer``; else labels such as
  ``Q``, ``Interviewer``, ``Reporter``, ``Moderator``; else the interviewers
  the file's metadata names (OHMS), or the one speaker who is not the named
  interviewee; else, when one speaker ends most turns with a question mark
  and the others do not, that speaker (the summary says so).  Moderators
  (``Moderator``, ``--moderator``, and an aide whose every turn is a short
  call on the next speaker) call on people: their turns start a Q&A only
  when they put a question themselves.
* A Q&A starts at a question by someone who asks: a turn that has a
  question mark, asks in the imperative ("Tell me about...", "Describe..."),
  or is longer than :data:`INTERJECTION_WORDS` words.  Shorter
  turns ("Thank you.", "(Laughter.)", crosstalk) and a moderator calling on
  the next reporter stay inside the current Q&A.  A question that gets no
  answer before the next question stays, in place, in the Q&A before it.
* Turns before the first question form a section with no question,
  "Remarks" in the Q&A list.  Sections the source marks itself (OHMS index
  points) are kept as they are, with their time and title.

This module imports neither textual nor rich.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from reader.importer._common import (
    ImportedPerson,
    ImportOptionError,
    Notice,
    Options,
    Parsed,
    Turn,
    format_time,
)
from reader.importer._labels import display_name, label_id, make_key
from reader.model import REMARKS_TITLE

__all__ = [
    "DEFAULT_INTERVIEWERS",
    "DEFAULT_MODERATORS",
    "INTERJECTION_WORDS",
    "REMARKS_TITLE",
    "UNIDENTIFIED",
    "build_people",
    "build_sections",
]

DEFAULT_INTERVIEWERS: frozenset[str] = frozenset(
    {
        "q",
        "question",
        "questioner",
        "interviewer",
        "host",
        "co-host",
        "presenter",
        "anchor",
        "reporter",
        "journalist",
        "audience member",
    }
)
"""Labels (case-folded, without a leading "the") taken as interviewers by default."""

DEFAULT_MODERATORS: frozenset[str] = frozenset({"moderator", "the moderator", "chair", "mc"})
"""Labels taken as moderators: they call on people, and ask now and then."""

INTERJECTION_WORDS = 12
"""An asker's turn this short, without a question mark, is an interjection."""

UNIDENTIFIED = "Unidentified speaker"
_WORD_RE = re.compile(r"\w+")
# "Tell me about your parents.", "Describe the mill.": questions without a
# question mark, however short.
_PROMPT_RE = re.compile(
    r"^(?:(?:and|so|now|ok|okay|well|please)[,.]?\s+)*"
    r"(?:tell\s+(?:me|us)|describe|talk\s+(?:to\s+)?(?:me|us|about)|explain|say\s+more"
    r"|walk\s+(?:me|us)|give\s+(?:me|us)|share\s+with|take\s+(?:me|us)|remind\s+(?:me|us)"
    r"|what\s+about|how\s+about)\b",
    re.IGNORECASE,
)


def _parse_same(same: Sequence[str]) -> list[list[str]]:
    groups = []
    for spec in same:
        labels = [" ".join(part.split()) for part in spec.split("=")]
        if len(labels) < 2 or not all(labels):
            raise ImportOptionError(f'--same {spec!r}: write it as "LABEL=OTHER LABEL"')
        groups.append(labels)
    return groups


def build_people(parsed: Parsed, options: Options) -> list[ImportedPerson]:
    """One person per distinct label, merged by ``--same``; turns counted and roles set."""
    turns = parsed.turns
    first_label: dict[str, tuple[str, int]] = {}
    for turn in turns:
        label = turn.label if turn.label is not None else UNIDENTIFIED
        first_label.setdefault(label_id(label), (label, turn.line))
    found = ", ".join(label for label, _ in first_label.values())
    canonical: dict[str, str] = {}
    for group in _parse_same(options.same):
        ids = [label_id(label) for label in group]
        for label, ident in zip(group, ids, strict=True):
            if ident not in first_label:
                raise ImportOptionError(
                    f"--same: no speaker label {label!r} in the transcript (labels: {found})"
                )
        # The first --same that names a person sets their name.
        roots = [canonical[ident] for ident in ids if ident in canonical]
        root = roots[0] if roots else ids[0]
        for ident in ids:
            previous = canonical.get(ident, ident)
            for other, target in list(canonical.items()):
                if target == previous:
                    canonical[other] = root
            canonical[ident] = root
    people: dict[str, ImportedPerson] = {}
    for ident in first_label:
        root = canonical.get(ident, ident)
        if root in people:
            continue
        root_label, root_line = first_label[root]
        name = parsed.names.get(root) or display_name(root_label)
        people[root] = ImportedPerson(key="", name=name, labels=[root_label], first_line=root_line)
        people[root].role = parsed.roles.get(root) or parsed.roles.get(label_id(name))
    for ident, (label, _) in first_label.items():
        root = canonical.get(ident, ident)
        person = people[root]
        if ident != root:
            person.labels.append(label)
            alias = display_name(label)
            if alias != person.name and alias not in person.aka:
                person.aka.append(alias)
    # A label that is a surname the file's metadata gives in full (BOHNING,
    # "James J. Bohning") takes the full name.
    for full in [*parsed.interviewers, *parsed.interviewees]:
        for person in people.values():
            if _name_matches(person, full) and len(full) > len(person.name):
                person.name = full
    for spec in options.names:
        label, sep, name = spec.partition("=")
        name = " ".join(name.split())
        if not sep or not label.strip() or not name:
            raise ImportOptionError(f'--name {spec!r}: write it as "LABEL=Name"')
        ident = label_id(label)
        if ident not in first_label:
            raise ImportOptionError(
                f"--name: no speaker label {label.strip()!r} in the transcript (labels: {found})"
            )
        people[canonical.get(ident, ident)].name = name
    taken: set[str] = set()
    for index, person in enumerate(people.values(), start=1):
        person.key = make_key(person.name, taken, index)
    for turn in turns:
        ident = label_id(turn.label if turn.label is not None else UNIDENTIFIED)
        turn.person = people[canonical.get(ident, ident)]
        turn.person.turns += 0 if turn.continues else 1
    result = list(people.values())
    _suspect_typos(result, parsed)
    _mark_askers(result, parsed, options)
    _mark_aides(result, parsed)
    for person in result:
        if person.moderator and not person.role and label_id(person.name) != "moderator":
            person.role = "moderator"
    return result


def _suspect_typos(people: list[ImportedPerson], parsed: Parsed) -> None:
    """Warn about a label used once that is nearly another label (``PRESIDENT BIDNE``)."""
    for person in people:
        if person.turns != 1 or person.name == UNIDENTIFIED:
            continue
        label = person.labels[0]
        others = [other.labels[0] for other in people if other is not person and other.turns > 1]
        close = difflib.get_close_matches(label.casefold(), [o.casefold() for o in others], 1, 0.8)
        if close:
            other = next(o for o in others if o.casefold() == close[0])
            parsed.warnings.append(
                Notice(
                    person.first_line,
                    f"{label} speaks once and looks like {other}: if they are one person, "
                    f'add --same "{other}={label}"',
                )
            )


def _mark_aides(people: list[ImportedPerson], parsed: Parsed) -> None:
    """An aide who only calls on people ("Go ahead, Steve.") moderates; never answers."""
    turns = parsed.turns
    for person in people:
        if person.interviewer or person.turns < 2:
            continue
        own = [n for n, turn in enumerate(turns) if turn.person is person]
        if all(
            n + 1 < len(turns)
            and (turns[n + 1].person or person).interviewer
            and "?" not in " ".join(turns[n].paragraphs)
            and len(_WORD_RE.findall(" ".join(turns[n].paragraphs))) <= INTERJECTION_WORDS
            for n in own
        ):
            person.moderator = person.interviewer = True
            person.asks_because = "only calls on the next speaker"
            parsed.decisions.append(
                Notice(
                    turns[own[0]].line,
                    f"{person.labels[0]} only calls on people: a moderator, not an answerer",
                )
            )


def _asker_id(label: str) -> str:
    ident = label_id(label)
    return ident[4:] if ident.startswith("the ") else ident


def _by_label(people: list[ImportedPerson], label: str, option: str) -> ImportedPerson:
    for person in people:
        if any(label_id(known) == label_id(label) for known in person.labels):
            return person
    found = ", ".join(person.labels[0] for person in people)
    raise ImportOptionError(
        f"{option}: no speaker label {label!r} in the transcript (labels: {found})"
    )


def _name_matches(person: ImportedPerson, name: str) -> bool:
    """True when a label is the name, or its last word (``BOHNING`` for James Bohning)."""
    words = label_id(name).split()
    return any(
        label_id(label) == label_id(name) or (words and label_id(label) == words[-1])
        for label in person.labels
    )


def _mark_askers(people: list[ImportedPerson], parsed: Parsed, options: Options) -> None:
    """Set who asks and who moderates (rules in the module docstring)."""
    for label in options.moderators:
        person = _by_label(people, label, "--moderator")
        person.moderator = person.interviewer = True
        person.asks_because = "--moderator"
    if parsed.questions_by_shape:
        for person in people:
            if any(_name_matches(person, name) for name in parsed.interviewers):
                person.interviewer, person.asks_because = True, "asks the questions"
        return
    if options.interviewers:
        for label in options.interviewers:
            person = _by_label(people, label, "--interviewer")
            person.interviewer, person.asks_because = True, "--interviewer"
        return
    for person in people:
        ids = {_asker_id(label) for label in person.labels}
        if ids & DEFAULT_MODERATORS:
            person.interviewer = person.moderator = True
            person.asks_because = "a moderator's label"
        elif ids & DEFAULT_INTERVIEWERS:
            person.interviewer, person.asks_because = True, "an interviewer's label"
    if any(person.interviewer for person in people):
        return
    for name in parsed.interviewers:
        for person in people:
            if _name_matches(person, name):
                person.interviewer, person.asks_because = True, "the file names the interviewer"
    if any(person.interviewer for person in people):
        return
    named = [*options.interviewees, *parsed.interviewees]
    answerers = [person for person in people if any(_name_matches(person, name) for name in named)]
    others = [person for person in people if person not in answerers]
    if answerers and len(others) == 1:
        others[0].interviewer = True
        others[0].asks_because = (
            "--interviewee names the other speaker"
            if options.interviewees
            else "the file names the other speaker as the interviewee"
        )
        return
    guess = _guess_asker(people, parsed.turns)
    if guess is not None:
        guess.interviewer = True
        guess.asks_because = "guessed: most of their turns end with a question mark"
        parsed.warnings.append(
            Notice(
                None,
                f"no interviewer label; {guess.labels[0]} asks most of the questions, so "
                f"{guess.labels[0]} is taken as the interviewer (say otherwise with --interviewer)",
            )
        )
    elif len(people) > 1 or people[0].name != UNIDENTIFIED:
        parsed.warnings.append(
            Notice(
                None,
                "no interviewer label (Q, Interviewer, Moderator, ...) found, so every turn is "
                "a remark; say who asks with --interviewer LABEL",
            )
        )


def _guess_asker(people: list[ImportedPerson], turns: list[Turn]) -> ImportedPerson | None:
    """The one speaker who ends most turns with "?" when nobody else does, if any."""
    if len(people) < 2:
        return None
    asks: dict[str, int] = {}
    for turn in turns:
        assert turn.person is not None
        if "?" in turn.paragraphs[-1][-3:] or turn.paragraphs[-1].rstrip().endswith("?"):
            asks[turn.person.key] = asks.get(turn.person.key, 0) + 1
    ratios = sorted(
        ((asks.get(person.key, 0) / max(person.turns, 1), person) for person in people),
        key=lambda pair: pair[0],
        reverse=True,
    )
    best, person = ratios[0]
    runner_up = ratios[1][0]
    if best >= 0.3 and best >= 2 * runner_up and asks.get(person.key, 0) >= 2:
        return person
    return None


def _is_question(turn: Turn) -> bool:
    """True when an asker's turn asks, rather than interjects (see the module docstring)."""
    text = " ".join(turn.paragraphs)
    person = turn.person
    assert person is not None
    if turn.question or "?" in text or _PROMPT_RE.match(text):
        return True
    if person.moderator:
        return False
    return len(_WORD_RE.findall(text)) > INTERJECTION_WORDS


def _answer(turn: Turn, offset: float) -> dict[str, object]:
    assert turn.person is not None
    answer: dict[str, object] = {"by": turn.person.key, "quote": "\n\n".join(turn.paragraphs)}
    if turn.time is not None:
        answer["time"] = format_time(turn.time + offset)
    return answer


def build_sections(parsed: Parsed, options: Options) -> list[dict[str, object]]:
    """The sections of the interview (rules in the module docstring)."""
    offset = options.offset
    if parsed.hints:
        sections, owner = _hinted_sections(parsed, offset)
    else:
        sections, owner = _question_sections(parsed, offset)
    where = {id(turn): number for number, turn in enumerate(parsed.turns)}
    for turn, note in parsed.footnotes:
        section = sections[owner[where[id(turn)]]]
        notes = section.setdefault("annotations", [])
        assert isinstance(notes, list)
        notes.append(note)
    return sections


def _question_sections(parsed: Parsed, offset: float) -> tuple[list[dict[str, object]], list[int]]:
    """Sections that start at questions; also the section of each turn."""
    turns = parsed.turns
    owner: list[int] = []
    sections: list[dict[str, object]] = []
    remarks: list[dict[str, object]] = []
    for index, turn in enumerate(turns):
        person = turn.person
        assert person is not None
        # Before the first Q&A there is nothing to interject into: an asker's
        # turn that gets an answer starts one, however short.
        starts = person.interviewer and (
            _is_question(turn) or (not sections and not person.moderator)
        )
        if starts:
            following = turns[index + 1] if index + 1 < len(turns) else None
            answered = following is not None and not (
                following.person is not None
                and following.person.interviewer
                and _is_question(following)
            )
            if answered:
                section: dict[str, object] = {
                    "question": "\n\n".join(turn.paragraphs),
                    "asked_by": person.key,
                }
                if turn.time is not None:
                    section["time"] = format_time(turn.time + offset)
                section["answers"] = []
                sections.append(section)
                owner.append(len(sections) - 1)
                continue
            where = f"Q&A {len(sections)}" if sections else "the remarks"
            parsed.warnings.append(
                Notice(
                    turn.line,
                    f"{turn.label}'s question gets no answer before the next question; "
                    f"kept as the last turn of {where}",
                    "\n\n".join(turn.paragraphs),
                )
            )
        elif person.interviewer:
            parsed.decisions.append(
                Notice(
                    turn.line,
                    f"{turn.label}'s short turn stays inside the Q&A",
                    "\n\n".join(turn.paragraphs),
                )
            )
        target = sections[-1]["answers"] if sections else remarks
        assert isinstance(target, list)
        target.append(_answer(turn, offset))
        owner.append(len(sections) - 1)
    if remarks:
        owner = [number + 1 for number in owner]
        section = {"title": REMARKS_TITLE}
        first = remarks[0].get("time")
        if first is not None:
            section["time"] = first
        section["answers"] = remarks
        sections.insert(0, section)
    return sections, owner


def _hinted_sections(parsed: Parsed, offset: float) -> tuple[list[dict[str, object]], list[int]]:
    """One section per index point, with its title, time and annotations."""
    turns = parsed.turns
    sections: list[dict[str, object]] = []
    owner = [0] * len(turns)
    hints = sorted(parsed.hints, key=lambda hint: hint.first_turn)
    if hints[0].first_turn > 0:
        hints[0].first_turn = 0
    for number, hint in enumerate(hints):
        end = hints[number + 1].first_turn if number + 1 < len(hints) else len(turns)
        chunk = turns[hint.first_turn : end]
        if not chunk:
            parsed.warnings.append(
                Notice(hint.line, "index point with no transcript of its own: left out", hint.title)
            )
            continue
        section: dict[str, object] = {"title": hint.title}
        for turn_index in range(hint.first_turn, end):
            owner[turn_index] = len(sections)
        first = chunk[0]
        assert first.person is not None
        if first.person.interviewer and _is_question(first) and len(chunk) > 1:
            section["question"] = "\n\n".join(first.paragraphs)
            section["asked_by"] = first.person.key
            chunk = chunk[1:]
        time = hint.time if hint.time is not None else first.time
        if time is not None:
            section["time"] = format_time(time + offset)
        section["answers"] = [_answer(turn, offset) for turn in chunk]
        if hint.annotations:
            section["annotations"] = hint.annotations
        sections.append(section)
    return sections, owner
