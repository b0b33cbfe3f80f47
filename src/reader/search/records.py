"""What search keeps of an interview, and what it gives back: passages, files, hits.

A *passage* is one question, one answer's quote or one annotation note
(:func:`passages_of` lists them in search order).  :class:`IndexedFile` is
what the index keeps of a file besides its passages (path, id, title,
people); :class:`Hit` is a matching passage with where it is, who says it
and where the query matched; :class:`SearchResult` the hits shown of a
query with its exact counts.

Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from reader.search.match import PassageTokens, passage_matches
from reader.search.normalize import fold, tokens
from reader.search.query import Field, Filter, Query

if TYPE_CHECKING:
    from reader.model import Annotation, Interview

__all__ = [
    "HIT_FIELDS",
    "Hit",
    "IndexedFile",
    "Passage",
    "SearchCancelled",
    "SearchResult",
    "Speaker",
    "indexed_file",
    "make_hit",
    "passages_of",
    "speakers_of",
]

HIT_FIELDS = (
    "path",
    "interview",
    "interview_title",
    "section",
    "number",
    "field",
    "answer",
    "annotation",
    "speaker",
    "text",
    "matches",
    "line",
    "column",
    "speaker_name",
    "kind",
)
"""A hit's fields, in the order ``reader search --json`` writes them."""


class SearchCancelled(Exception):
    """A search was interrupted because a newer one replaced it."""


class Hit(NamedTuple):
    """One matching passage: a question, an answer's quote or an annotation note.

    ``number`` is the Q&A's 1-based position in its interview, or 0 for an
    annotation on the interview as a whole (whose ``section`` is None).
    ``answer`` is the 0-based answer index for ``field == "answer"``;
    ``annotation`` the 0-based index among the section's annotations (or the
    interview's, when ``number`` is 0) for ``field == "annotation"``.
    ``speaker`` is the speaker's key (the asker of a question, the speaker of
    an answer, None for annotations) and ``speaker_name`` their name; ``kind``
    the annotation's kind.  ``line``/``column`` (1-based) locate the
    passage's scalar in the YAML file.  ``matches`` are ``[start, end)``
    character offsets into ``text``, sorted, merged when they overlap (empty
    for a query of filters only).
    """

    path: Path
    interview: str
    interview_title: str
    section: str | None
    number: int
    field: Field
    answer: int | None
    annotation: int | None
    speaker: str | None
    text: str
    matches: list[tuple[int, int]]
    line: int
    column: int
    speaker_name: str | None = None
    kind: str | None = None

    def to_dict(self) -> dict[str, object]:
        """The hit as plain data (``path`` as a string, ``matches`` as lists)."""
        data = {name: getattr(self, name) for name in HIT_FIELDS}
        data["path"] = str(self.path)
        data["matches"] = [list(span) for span in self.matches]
        return data


class SearchResult(NamedTuple):
    """The first hits of a query and its exact counts."""

    query: Query
    hits: list[Hit]
    """The first hits, in order (as many as asked for)."""
    total_hits: int
    """All matching passages, even when ``hits`` was cut at the limit."""
    sections: int
    """Distinct Q&As with a hit (an interview-wide annotation is in no Q&A)."""
    interviews: int
    """Distinct interviews with a hit."""
    searched: int = 0
    """How many of the files asked about were searched (indexed so far)."""
    files: int = 0
    """How many files were asked about; more than ``searched`` while indexing."""
    counted: bool = True
    """False while the counts are those of ``hits`` only (still being counted)."""

    @property
    def partial(self) -> bool:
        """True when some files asked about were not indexed yet."""
        return self.searched < self.files


class Passage(NamedTuple):
    """One searchable passage of an interview, with where it is and who says it."""

    section: str | None
    number: int
    field: Field
    answer: int | None
    annotation: int | None
    speaker: str | None
    kind: str | None
    line: int
    column: int
    text: str
    facets: tuple[tuple[str, str], ...] = ()
    """Facet values beyond field, kind and speaker: ``("verdict", v)`` for a
    fact-check's note, ``("topic", t)`` for every passage of a Q&A on ``t``."""


class Speaker(NamedTuple):
    """A person as ``by:`` sees them: the key, the name and the other names."""

    key: str
    name: str
    aka: tuple[str, ...] = ()

    @classmethod
    def of(cls, key: str, name: str, aka: Sequence[str] = ()) -> Speaker:
        """A speaker from a key, a name and other names."""
        return cls(key, name, tuple(aka))

    @property
    def names(self) -> tuple[tuple[str, ...], ...]:
        """The folded tokens of the name and of each ``aka``."""
        return _name_tokens(self.name, self.aka)

    def matches(self, value: Filter) -> bool:
        """True when ``by:value`` names this person: the key, or words of a name in a row."""
        if value.value.lower() == self.key.lower():
            return True
        wanted = value.tokens
        count = len(wanted)
        return any(
            name[start : start + count] == wanted
            for name in self.names
            for start in range(len(name) - count + 1)
        )


@lru_cache(maxsize=4096)
def _name_tokens(name: str, aka: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(tokens(fold(text))) for text in (name, *aka))


class IndexedFile(NamedTuple):
    """An interview file as the index knows it."""

    path: Path
    interview: str
    title: str
    speakers: tuple[Speaker, ...] = ()

    def speaker_name(self, key: str | None) -> str | None:
        """The name of the speaker under ``key``, if any."""
        speaker = self.speaker(key)
        return None if speaker is None else speaker.name

    def speaker(self, key: str | None) -> Speaker | None:
        """The speaker under ``key``, if any."""
        if key is None:
            return None
        for speaker in self.speakers:
            if speaker.key == key:
                return speaker
        return None


def speakers_of(interview: Interview) -> tuple[Speaker, ...]:
    """The people of ``interview`` as :class:`Speaker` values."""
    return tuple(
        Speaker.of(key, person.name, person.aka) for key, person in interview.people.items()
    )


def indexed_file(interview: Interview) -> IndexedFile:
    """What the index keeps of an interview besides its passages."""
    return IndexedFile(interview.path, interview.id, interview.title, speakers_of(interview))


def _note_passage(
    section: str | None,
    number: int,
    index: int,
    note: Annotation,
    topics: tuple[tuple[str, str], ...] = (),
) -> Passage:
    """The passage of an annotation's note (``section`` None: on the whole interview)."""
    pos = note.note_position
    facets = topics
    if note.kind == "fact-check":
        facets = (("verdict", note.verdict or "unverified"), *topics)
    return Passage(
        section,
        number,
        "annotation",
        None,
        index,
        None,
        note.kind,
        pos.line,
        pos.column,
        note.note,
        facets,
    )


def passages_of(interview: Interview) -> list[Passage]:
    """Every passage of ``interview``, in search order.

    The interview's own annotations come first (Q&A number 0), then each Q&A:
    its question, its answers, its annotation notes.
    """
    out = [_note_passage(None, 0, index, note) for index, note in enumerate(interview.annotations)]
    for section in interview.sections:
        topics = tuple(("topic", topic) for topic in section.topics)
        pos = section.question_position
        out.append(
            Passage(
                section.id,
                section.number,
                "question",
                None,
                None,
                section.asked_by,
                None,
                pos.line,
                pos.column,
                section.question,
                topics,
            )
        )
        for index, answer in enumerate(section.answers):
            pos = answer.quote_position
            out.append(
                Passage(
                    section.id,
                    section.number,
                    "answer",
                    index,
                    None,
                    answer.by,
                    None,
                    pos.line,
                    pos.column,
                    answer.quote,
                    topics,
                )
            )
        for index, answer in enumerate(section.answers):
            # The words as spoken: found like the translation, told apart by field.
            if answer.original is None:
                continue
            pos = answer.original_position
            out.append(
                Passage(
                    section.id,
                    section.number,
                    "original",
                    index,
                    None,
                    answer.by,
                    None,
                    pos.line,
                    pos.column,
                    answer.original,
                    topics,
                )
            )
        out.extend(
            _note_passage(section.id, section.number, index, note, topics)
            for index, note in enumerate(section.annotations)
        )
    return out


def make_hit(query: Query, file: IndexedFile, passage: Passage) -> Hit:
    """The :class:`Hit` for a passage known to match ``query``, its matches computed."""
    section, number, field_, answer, annotation, speaker, kind, line, column, text, _ = passage
    matches = passage_matches(query, PassageTokens(text)) or [] if query.positive else []
    return Hit(
        file.path,
        file.interview,
        file.title,
        section,
        number,
        field_,
        answer,
        annotation,
        speaker,
        text,
        matches,
        line,
        column,
        file.speaker_name(speaker),
        kind,
    )
