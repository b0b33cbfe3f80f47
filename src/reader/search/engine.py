"""The in-memory search index: every passage of a library, searched in milliseconds.

A *passage* is one question, one answer's quote or one annotation note.
:class:`SearchIndex` keeps, for every folded token (:mod:`reader.search.normalize`),
the set of passages holding it, as a bit set (a Python ``int``; an array of
passage numbers for rare tokens), plus bit sets for each field, annotation
kind and speaker.  A query is then a few ``&``, ``|`` and ``~`` on integers:

- a word is the union of the tokens it starts (a range of the sorted
  vocabulary), so a word's passages are exact without looking at any text;
- a phrase (or a word that folds into several tokens, ``e-mail``, ``中文``)
  narrows to the passages holding all its tokens, then is checked with one
  regular expression over the *corpus*: every passage's tokens, each written
  as one character (its rank in the sorted vocabulary, so a prefix is a
  character range), in one string; the scan starts at a token that is a
  single character when there is one, which the regex engine finds fast;
- counts are exact and cheap: ``int.bit_count`` for hits, and an addition
  for the Q&As and interviews with a hit (see :meth:`SearchIndex._counts`).

Match offsets are computed only for the hits returned.  :meth:`SearchIndex.scan`
answers the same query by matching every passage in Python, with no index:
the reference that tests compare the index with.

Thread safety: an index is immutable once built, except for small caches
that are only ever replaced whole; any thread may search it (the UI searches
in a worker thread).

Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

import re
import threading
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache, partial
from itertools import accumulate, compress, pairwise, repeat
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, overload

from reader.search.match import PassageTokens, passage_matches, term_pattern
from reader.search.normalize import fold, tokens
from reader.search.query import Field, Filter, Query, Term, parse_query

if TYPE_CHECKING:
    from reader.model import Annotation, Interview

__all__ = [
    "Hit",
    "HitList",
    "IndexedFile",
    "Passage",
    "SearchCancelled",
    "SearchIndex",
    "SearchResult",
    "Speaker",
    "make_hit",
    "passages_of",
    "scan",
    "speakers_of",
]


Cancelled = Callable[[], bool] | None
"""An optional callback: true when the caller no longer wants the result."""

_HIT_FIELDS = (
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


class Hit(tuple):  # type: ignore[type-arg]
    """One matching passage: a question, an answer's quote or an annotation note.

    ``number`` is the Q&A's 1-based position in its interview, or 0 for an
    annotation on the interview as a whole (whose ``section`` is None).
    ``answer`` is the 0-based answer index for ``field == "answer"``;
    ``annotation`` the 0-based index among the section's annotations (or the
    interview's, when ``number`` is 0) for ``field == "annotation"``.
    ``speaker`` is the speaker's key (the asker of a question, the speaker of
    an answer, None for annotations) and ``speaker_name`` their name; ``kind``
    the annotation's kind.  ``line``/``column`` (1-based) locate the
    passage's scalar in the YAML file.

    ``matches`` are ``[start, end)`` character offsets into ``text``, sorted,
    merged when they overlap (empty for a query of filters only).  The index
    computes them when first read, so that a long page of hits costs only
    the rows that are looked at.  A hit is immutable.

    A tuple underneath: a search bar asks for up to a thousand hits per
    keystroke, and a tuple is made in one step where an object with fifteen
    attributes takes fifteen.  Compare hits with ``==`` (which compares the
    fields, :attr:`matches` computed), not as tuples.
    """

    __slots__ = ()

    def __new__(
        cls,
        path: Path,
        interview: str,
        interview_title: str,
        section: str | None,
        number: int,
        field: Field,
        answer: int | None,
        annotation: int | None,
        speaker: str | None,
        text: str,
        matches: list[tuple[int, int]] | Callable[[], list[tuple[int, int]]],
        line: int,
        column: int,
        speaker_name: str | None = None,
        kind: str | None = None,
    ) -> Hit:
        """A hit; ``matches`` may be a function computing them when first needed."""
        return tuple.__new__(
            cls,
            (
                path,
                interview,
                interview_title,
                section,
                number,
                field,
                answer,
                annotation,
                speaker,
                text,
                [matches],
                line,
                column,
                speaker_name,
                kind,
            ),
        )

    path: Path = property(itemgetter(0))  # type: ignore[assignment]
    interview: str = property(itemgetter(1))  # type: ignore[assignment]
    interview_title: str = property(itemgetter(2))  # type: ignore[assignment]
    section: str | None = property(itemgetter(3))  # type: ignore[assignment]
    number: int = property(itemgetter(4))  # type: ignore[assignment]
    field: Field = property(itemgetter(5))  # type: ignore[assignment]
    answer: int | None = property(itemgetter(6))  # type: ignore[assignment]
    annotation: int | None = property(itemgetter(7))  # type: ignore[assignment]
    speaker: str | None = property(itemgetter(8))  # type: ignore[assignment]
    text: str = property(itemgetter(9))  # type: ignore[assignment]
    line: int = property(itemgetter(11))  # type: ignore[assignment]
    column: int = property(itemgetter(12))  # type: ignore[assignment]
    speaker_name: str | None = property(itemgetter(13))  # type: ignore[assignment]
    kind: str | None = property(itemgetter(14))  # type: ignore[assignment]

    @property
    def matches(self) -> list[tuple[int, int]]:
        """Match offsets into :attr:`text` (see the class docstring)."""
        cell = self[10]
        found = cell[0]
        if callable(found):
            found = found()
            # Idempotent: two threads racing here compute the same list.
            cell[0] = found
        return found

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in _HIT_FIELDS)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Hit):
            return NotImplemented
        return self._values() == other._values()

    def __ne__(self, other: object) -> bool:
        if not isinstance(other, Hit):
            return NotImplemented
        return self._values() != other._values()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in _HIT_FIELDS)
        return f"Hit({inner})"

    def to_dict(self) -> dict[str, object]:
        """The hit as plain data (``path`` as a string, ``matches`` as lists)."""
        data = {name: getattr(self, name) for name in _HIT_FIELDS}
        data["path"] = str(self.path)
        data["matches"] = [list(span) for span in self.matches]
        return data


class HitList(Sequence[Hit]):
    """Hits made when first looked at: a search bar keeps a thousand, and lists fifty.

    A read-only sequence (indexing, slicing, ``len``, iteration) equal to
    any sequence of equal hits, a list among them.  Each hit is made once.
    """

    __slots__ = ("_made", "_make", "_slots")

    def __init__(self, slots: Sequence[int], make: Callable[[int], Hit]) -> None:
        """Hits for ``slots``, each made by ``make(slot)`` when first looked at."""
        self._slots = slots
        self._make = make
        self._made: dict[int, Hit] = {}

    def __len__(self) -> int:
        return len(self._slots)

    @overload
    def __getitem__(self, index: int) -> Hit: ...

    @overload
    def __getitem__(self, index: slice) -> list[Hit]: ...

    def __getitem__(self, index: int | slice) -> Hit | list[Hit]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._slots)))]
        if index < 0:
            index += len(self._slots)
        if not 0 <= index < len(self._slots):
            raise IndexError("hit index out of range")
        hit = self._made.get(index)
        if hit is None:
            # Two threads may both make it: equal hits, and either is kept.
            hit = self._made[index] = self._make(self._slots[index])
        return hit

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"HitList({list(self)!r})"


class SearchResult(NamedTuple):
    """The hits of a query (at most ``limit`` of them) and the full counts."""

    query: Query
    hits: Sequence[Hit]
    """In order; a :class:`HitList` from :class:`SearchIndex` (hits made as read)."""
    total_hits: int
    """All matching passages, even when ``hits`` was cut at the limit."""
    sections: int
    """Distinct Q&As with a hit (an interview-wide annotation is in no Q&A)."""
    interviews: int
    """Distinct interviews with a hit."""

    @property
    def truncated(self) -> bool:
        """True when ``hits`` holds fewer than ``total_hits``."""
        return len(self.hits) < self.total_hits


class Passage(NamedTuple):
    """One searchable passage of an interview, with where it is and who says it.

    A named tuple: a large library has hundreds of thousands of passages,
    and a tuple is the cheapest record to make and to keep.
    """

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
        """The folded tokens of the name and of each ``aka``.

        Folded when first asked for (``reader search`` makes a speaker for
        every file it prints a hit of, and only ``by:`` needs this).
        """
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


def _note_passage(section: str | None, number: int, index: int, note: Annotation) -> Passage:
    """The passage of an annotation's note (``section`` None: on the whole interview)."""
    pos = note.note_position
    return Passage(
        section, number, "annotation", None, index, None, note.kind, pos.line, pos.column, note.note
    )


def passages_of(interview: Interview) -> list[Passage]:
    """Every passage of ``interview``, in search order.

    The interview's own annotations come first (Q&A number 0), then each Q&A:
    its question, its answers, its annotation notes.
    """
    out = [_note_passage(None, 0, index, note) for index, note in enumerate(interview.annotations)]
    for section in interview.sections:
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
                )
            )
        out.extend(
            _note_passage(section.id, section.number, index, note)
            for index, note in enumerate(section.annotations)
        )
    return out


def make_hit(
    query: Query,
    file: IndexedFile,
    passage: Passage,
    folded: str | None = None,
    unit: bool = False,
) -> Hit:
    """The :class:`Hit` for a passage known to match ``query`` (computes the matches).

    ``folded`` and ``unit``, when given, come from :func:`fold_unit` of the text.
    """
    section, number, field, answer, annotation, speaker, kind, line, column, text = passage

    def matches() -> list[tuple[int, int]]:
        if not query.positive:
            return []
        return passage_matches(query, PassageTokens(text, folded, unit)) or []

    return Hit(
        file.path,
        file.interview,
        file.title,
        section,
        number,
        field,
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


def accepts(query: Query, file: IndexedFile, passage: Passage) -> bool:
    """True when ``passage`` passes the query's filters (``by:``, ``kind:``, ``in:``)."""
    fields = query.fields
    if fields is not None and passage.field not in fields:
        return False
    kinds = query.kinds
    if kinds is not None and passage.kind not in kinds:
        return False
    if passage.kind is not None and passage.kind in query.excluded_kinds:
        return False
    wanted = query.filter_values("by")
    unwanted = query.filter_values("by", negated=True)
    if wanted or unwanted:
        speaker = file.speaker(passage.speaker)
        if wanted and (speaker is None or not any(speaker.matches(v) for v in wanted)):
            return False
        if unwanted and speaker is not None and any(speaker.matches(v) for v in unwanted):
            return False
    return True


def scan(
    query: Query | str,
    files: Iterable[tuple[IndexedFile, Sequence[Passage]]],
    limit: int | None = None,
) -> SearchResult:
    """Search by matching every passage in Python, with no index: the reference.

    ``files`` are in hit order.  Slow (every passage is folded), but it is
    the plain reading of the rules, which the indexes must agree with.
    """
    parsed = parse_query(query) if isinstance(query, str) else query
    total = 0
    sections: set[tuple[int, int]] = set()
    interviews: set[int] = set()
    hits: list[Hit] = []
    for file_number, (file, passages) in enumerate(files):
        for passage in passages:
            if not accepts(parsed, file, passage):
                continue
            if parsed.terms and passage_matches(parsed, PassageTokens(passage.text)) is None:
                continue
            total += 1
            interviews.add(file_number)
            if passage.number > 0:
                sections.add((file_number, passage.number))
            if limit is None or len(hits) < limit:
                hits.append(make_hit(parsed, file, passage))
    return SearchResult(parsed, hits, total, len(sections), len(interviews))


# -- bit sets ----------------------------------------------------------------

_TO_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


def _mask(flags: bytearray) -> int:
    """A bit set from one byte (0 or 1) per slot."""
    if not flags:
        return 0
    return int(flags.translate(_TO_DIGITS)[::-1], 2)


def _mask_of(slots: Iterable[int], size: int) -> int:
    flags = bytearray(size)
    consume(map(flags.__setitem__, slots, repeat(1)))
    return _mask(flags)


def consume(iterator: Iterable[object]) -> None:
    """Run an iterator to its end, keeping nothing."""
    deque(iterator, maxlen=0)


def _lowest(mask: int, limit: int | None) -> list[int]:
    """The set bits of ``mask``, lowest first, at most ``limit`` of them."""
    if not mask or (limit is not None and limit <= 0):
        return []
    digits = bin(mask)
    top = len(digits) - 1  # the index of bit 0 in ``digits``
    out: list[int] = []
    index = digits.rfind("1", 2)
    while index >= 2:
        out.append(top - index)
        if limit is not None and len(out) >= limit:
            break
        index = digits.rfind("1", 2, index)
    return out


_ONE_BYTES = bytes.maketrans(b"01", b"\x00\x01")


def _all_slots(mask: int, numbers: list[int]) -> list[int]:
    """Every set bit of ``mask``, lowest first; ``numbers`` is ``list(range(size))``."""
    if not mask:
        return []
    if mask.bit_count() * 32 < mask.bit_length():
        return _lowest(mask, None)
    # Dense: one 0/1 byte per bit, and compress() picks the positions, all
    # in C, from ready-made ints (a Python loop per bit, or new ints from a
    # range, would cost more than the phrase checks).
    flags = bin(mask)[:1:-1].encode("ascii").translate(_ONE_BYTES)
    return list(compress(numbers, flags))


def _first_slots(mask: int, limit: int | None, numbers: list[int]) -> list[int]:
    """The lowest ``limit`` set bits of ``mask`` (all when None), lowest first.

    Looks at a low window of the mask first, widened until it holds enough:
    the first thousand hits of a common word lie in the first few thousand
    slots, and listing them needs no pass over the whole library.
    """
    if limit is None:
        return _all_slots(mask, numbers)
    if not mask or limit <= 0:
        return []
    count = mask.bit_count()
    length = mask.bit_length()
    if count <= limit:
        return _all_slots(mask, numbers)
    # Where the limit-th bit would be if the bits were spread evenly, and
    # a little more; twice as far each time that falls short.
    width = min(length, 64 + (length * limit * 5) // (count * 4))
    while True:
        part = mask & ((1 << width) - 1)
        found = _all_slots(part, numbers)
        if len(found) >= limit or width >= length:
            return found[:limit]
        width *= 2


_PREFIX_CACHE_SIZE = 4096

_CHECK_EVERY = 4096
"""Phrase candidates checked between two looks at the ``cancelled`` callback."""


class SearchCancelled(Exception):
    """A search stopped because its ``cancelled`` callback said so."""


class SearchIndex:
    """Passages of many interviews, searchable by :func:`parse_query` queries.

    Build it with :meth:`from_interviews` (or from stored passages with the
    constructor); then :meth:`search` from any thread.
    """

    def __init__(
        self, files: Sequence[tuple[IndexedFile, Sequence[Passage]]], *, pairs: bool = True
    ) -> None:
        """Index ``files`` (each with its passages, in hit order).

        ``pairs=False`` leaves out the pair postings that make phrases of
        frequent words fast (a third of the build time on a large library);
        :meth:`build_pairs` adds them later, while the index is in use.
        """
        self._files = [file for file, _ in files]
        self._passages: list[Passage] = []
        self._file_of = array("I")
        # Slots: one per passage, plus a sentinel after each group of
        # passages (a Q&A, or an interview's own annotations) and one more
        # after each interview; the sentinels let _counts() count groups
        # with an addition.
        at_slot: list[int] = []
        group_starts: list[int] = []
        section_ends: list[int] = []
        group_ends: list[int] = []
        interview_starts: list[int] = []
        interview_ends: list[int] = []
        field_slots: dict[str, list[int]] = defaultdict(list)
        kind_slots: dict[str, list[int]] = defaultdict(list)
        speaker_slots: dict[tuple[int, str], list[int]] = defaultdict(list)
        # Tokens are found as UTF-8 bytes: one translate() turns every ASCII
        # character that is not a token character into a space (non-ASCII
        # characters left by fold() are all letters or digits, and their
        # UTF-8 bytes are all >= 0x80), so bytes.split() cuts exactly where
        # TOKEN_RE does, several times faster than findall().  Each distinct
        # token gets a provisional one-character id in ``ids``; a passage's
        # token sequence is the string of its tokens' ids (see _term()).
        ids = _TokenIds()
        get_id = ids.__getitem__
        postings: dict[str, list[int]] = defaultdict(list)
        get_posting = postings.__getitem__
        sequences: list[str] = []
        sequence_append = sequences.append
        join = "".join
        separators = _SEPARATORS
        sections = 0
        interviews = 0
        passages_append = self._passages.append
        file_append = self._file_of.append
        slot_append = at_slot.append
        for file_number, (_file, passages) in enumerate(files):
            if not passages:
                continue
            interviews += 1
            interview_starts.append(len(at_slot))
            group: int | None = None
            for passage in passages:
                if passage.number != group:
                    if group is not None:
                        # The previous group's sentinel.
                        group_ends.append(len(at_slot))
                        if group > 0:
                            section_ends.append(len(at_slot))
                        slot_append(-1)
                        sequence_append("")
                    group = passage.number
                    sections += group > 0
                    group_starts.append(len(at_slot))
                slot = len(at_slot)
                slot_append(len(self._passages))
                passages_append(passage)
                file_append(file_number)
                field_slots[passage.field].append(slot)
                if passage.kind is not None:
                    kind_slots[passage.kind].append(slot)
                if passage.speaker is not None:
                    speaker_slots[file_number, passage.speaker].append(slot)
                sequence = join(
                    map(
                        get_id,
                        fold(passage.text)
                        .encode("utf-8", "surrogatepass")
                        .translate(separators)
                        .split(),
                    )
                )
                sequence_append(sequence)
                # C-level loops (map over bound methods): this line runs
                # once per distinct token of every passage of the library.
                consume(map(list.append, map(get_posting, set(sequence)), repeat(slot)))
            assert group is not None
            group_ends.append(len(at_slot))
            if group > 0:
                section_ends.append(len(at_slot))
            slot_append(-1)
            interview_ends.append(len(at_slot))
            slot_append(-1)
            sequence_append("")
            sequence_append("")
        size = len(at_slot)
        self._size = size
        self._numbers = list(range(size))
        self._at_slot = array("q", at_slot)
        self._all = _mask_of((slot for slot, n in enumerate(at_slot) if n >= 0), size)
        self._group_starts = _mask_of(group_starts, size)
        self._section_ends = _mask_of(section_ends, size)
        self._group_ends = _mask_of(group_ends, size)
        self._interview_starts = _mask_of(interview_starts, size)
        self._interview_ends = _mask_of(interview_ends, size)
        self._sections = sections
        self._interviews = interviews
        self._fields = {name: _mask_of(slots, size) for name, slots in field_slots.items()}
        self._kinds = {name: _mask_of(slots, size) for name, slots in kind_slots.items()}
        self._speaker_slots = {key: array("I", slots) for key, slots in speaker_slots.items()}
        # The vocabulary in code point order (UTF-8 byte order is the same),
        # so that the tokens a prefix starts are a range of it.
        vocabulary = sorted(ids)
        self._vocabulary = [token.decode("utf-8", "surrogatepass") for token in vocabulary]
        # Token sequences with each token's id replaced by its rank in the
        # vocabulary (plus one), so that a prefix is a character range in a
        # regular expression, joined by "\0" (no token's id) in slot order
        # into one string, the *corpus*: a phrase is one regex scan of it
        # (see _term()).  A library with more distinct tokens than there are
        # code points keeps none, and phrases are checked on the text.
        self._corpus: str | None = None
        self._starts = array("Q")
        if not ids.overflow:
            rank = {ids[token]: chr(number + 1) for number, token in enumerate(vocabulary)}
            if any(rank[char] != char for char in rank):
                get_rank = rank.__getitem__
                sequences = [join(map(get_rank, seq)) for seq in sequences]
            # Where each slot's sequence starts, and one past the end.
            self._starts = array("Q", accumulate(map(len, sequences), _plus_one, initial=0))
            self._corpus = "\0".join(sequences)
        # Frequent tokens as bit sets, rare ones as sorted slot arrays: a bit
        # set costs size/8 bytes whatever it holds.
        dense_from = max(_DENSE_FLOOR, size // 64)
        self._dense: dict[str, int] = {}
        self._sparse: dict[str, array[int]] = {}
        # Ids are shared past the limit: then the postings are redone by token.
        by_token = _postings_by_token(self._passages, at_slot) if ids.overflow else None
        self._is_dense = bytearray(len(vocabulary) + 1)
        for rank, (raw, text) in enumerate(zip(vocabulary, self._vocabulary, strict=True)):
            slots = postings[ids[raw]] if by_token is None else by_token[raw]
            if len(slots) >= dense_from:
                self._dense[text] = _mask_of(slots, size)
                self._is_dense[rank + 1] = 1
            else:
                self._sparse[text] = array("I", slots)
        del postings, sequences
        self._pairs: dict[str, array[int]] | None = None
        self._pair_cache: dict[tuple[int, int, int, int], tuple[int, bool]] = {}
        self._pairs_lock = threading.Lock()
        if pairs:
            self.build_pairs()
        self._prefix_cache: dict[str, int] = {}
        self._by_cache: dict[tuple[tuple[str, tuple[str, ...]], ...], int] = {}
        self._cache_lock = threading.Lock()

    def build_pairs(self) -> None:
        """Index which frequent tokens follow which (done once; safe while searching).

        Until then a phrase is checked by scanning the token sequences,
        which gives the same answer more slowly.
        """
        with self._pairs_lock:
            if self._pairs is not None:
                return
            corpus = self._corpus
            # Searches read self._pairs without a lock: it is set once, whole.
            self._pairs = _pair_postings(corpus.split("\0"), self._is_dense) if corpus else {}

    @property
    def has_pairs(self) -> bool:
        """True once :meth:`build_pairs` has run."""
        return self._pairs is not None

    @classmethod
    def from_interviews(cls, interviews: Sequence[Interview], *, pairs: bool = True) -> SearchIndex:
        """Index loaded interviews; hits come in the order given (``pairs``: see above)."""
        return cls(
            [(indexed_file(interview), passages_of(interview)) for interview in interviews],
            pairs=pairs,
        )

    def __len__(self) -> int:
        """The number of passages."""
        return len(self._passages)

    @property
    def files(self) -> list[IndexedFile]:
        """The indexed files, in hit order."""
        return list(self._files)

    # -- searching ----------------------------------------------------------

    def search(
        self, query: Query | str, limit: int | None = None, cancelled: Cancelled = None
    ) -> SearchResult:
        """The passages matching ``query``: the first ``limit`` hits and the full counts.

        Raises :class:`~reader.search.query.QueryError` for a query string
        that does not parse, and nothing else, unless ``cancelled`` is given:
        a long search (a phrase of common words over a large library) calls
        it now and then and raises :class:`SearchCancelled` once it returns
        true, so that a search bar can drop a stale search early.
        """
        parsed = parse_query(query) if isinstance(query, str) else query
        hits_mask = self._matching(parsed, cancelled)
        total, sections, interviews = self._counts(hits_mask)
        hits = HitList(_first_slots(hits_mask, limit, self._numbers), partial(self._hit, parsed))
        return SearchResult(parsed, hits, total, sections, interviews)

    def count(self, query: Query | str) -> int:
        """The number of passages matching ``query``."""
        parsed = parse_query(query) if isinstance(query, str) else query
        return self._matching(parsed).bit_count()

    def scan(self, query: Query | str, limit: int | None = None) -> SearchResult:
        """The same search as :meth:`search` without the index (see :func:`scan`)."""
        return scan(query, self._grouped(), limit)

    def _grouped(self) -> list[tuple[IndexedFile, list[Passage]]]:
        grouped: list[tuple[IndexedFile, list[Passage]]] = [(f, []) for f in self._files]
        for number, passage in enumerate(self._passages):
            grouped[self._file_of[number]][1].append(passage)
        return grouped

    def _hit(self, query: Query, slot: int) -> Hit:
        number = self._at_slot[slot]
        return make_hit(query, self._files[self._file_of[number]], self._passages[number])

    def _counts(self, hits: int) -> tuple[int, int, int]:
        """Hits, Q&As with a hit, interviews with a hit.

        Take the non-hit passages as ones and add one at the first slot of
        every group: the carry runs through a group's leading non-hits and
        stops at its first hit; only in a group without hits does it reach
        the group's sentinel.  So the set sentinels count the groups without
        a hit.  Interviews likewise, letting the carry through the groups'
        sentinels and stopping it at the interview's.
        """
        if not hits:
            return 0, 0, 0
        misses = self._all & ~hits
        empty_sections = ((misses + self._group_starts) & self._section_ends).bit_count()
        misses |= self._group_ends
        empty_interviews = ((misses + self._interview_starts) & self._interview_ends).bit_count()
        return (
            hits.bit_count(),
            self._sections - empty_sections,
            self._interviews - empty_interviews,
        )

    def _matching(self, query: Query, cancelled: Cancelled = None) -> int:
        """The bit set of passages matching ``query``."""
        mask = self._all
        fields = query.fields
        if fields is not None:
            mask &= self._union(self._fields.get(name, 0) for name in fields)
        kinds = query.kinds
        if kinds is not None:
            mask &= self._union(self._kinds.get(name, 0) for name in kinds)
        if query.excluded_kinds:
            mask &= ~self._union(self._kinds.get(name, 0) for name in query.excluded_kinds)
        wanted = query.filter_values("by")
        if wanted:
            mask &= self._speakers(wanted)
        unwanted = query.filter_values("by", negated=True)
        if unwanted:
            mask &= ~self._speakers(unwanted)
        # Cheap exact terms first: the phrases then check fewer passages.
        for term in sorted(query.positive, key=lambda t: len(t.tokens) > 1):
            if not mask:
                return 0
            mask &= self._term(term, mask, cancelled)
        for term in query.excluded:
            if not mask:
                return 0
            mask &= ~self._term(term, mask, cancelled)
        return mask

    @staticmethod
    def _union(masks: Iterable[int]) -> int:
        result = 0
        for mask in masks:
            result |= mask
        return result

    def _speakers(self, values: Sequence[Filter]) -> int:
        key = tuple((v.value.lower(), v.tokens) for v in values)
        cached = self._by_cache.get(key)
        if cached is not None:
            return cached
        slots: list[int] = []
        for file_number, file in enumerate(self._files):
            for speaker in file.speakers:
                if any(speaker.matches(value) for value in values):
                    found = self._speaker_slots.get((file_number, speaker.key))
                    if found is not None:
                        slots.extend(found)
        mask = _mask_of(slots, self._size)
        with self._cache_lock:
            if len(self._by_cache) > 256:
                self._by_cache = {}
            self._by_cache[key] = mask
        return mask

    def _token(self, token: str, prefix: bool) -> int:
        """Passages holding ``token`` (or, for a prefix, a token starting with it)."""
        if not prefix:
            return self._posting(token)
        cached = self._prefix_cache.get(token)
        if cached is not None:
            return cached
        vocabulary = self._vocabulary
        low = bisect_left(vocabulary, token)
        high = bisect_left(vocabulary, token + "\U0010ffff", low)
        if high - low == 1:
            mask = self._posting(vocabulary[low])
        else:
            mask = 0
            sparse: list[int] = []
            for index in range(low, high):
                word = vocabulary[index]
                dense = self._dense.get(word)
                if dense is not None:
                    mask |= dense
                else:
                    sparse.extend(self._sparse[word])
            if sparse:
                mask |= _mask_of(sparse, self._size)
        with self._cache_lock:
            if len(self._prefix_cache) >= _PREFIX_CACHE_SIZE:
                self._prefix_cache = {}
            self._prefix_cache[token] = mask
        return mask

    def _posting(self, token: str) -> int:
        dense = self._dense.get(token)
        if dense is not None:
            return dense
        sparse = self._sparse.get(token)
        if sparse is None:
            return 0
        return _mask_of(sparse, self._size)

    def _ranks(self, token: str, prefix: bool) -> tuple[int, int]:
        """Ranks (plus one, as in the corpus) ``[low, high)`` of the tokens ``token`` matches."""
        vocabulary = self._vocabulary
        low = bisect_left(vocabulary, token)
        if prefix:
            high = bisect_left(vocabulary, token + "\U0010ffff", low)
        else:
            high = low + 1 if low < len(vocabulary) and vocabulary[low] == token else low
        return low + 1, high + 1

    def _adjacent(self, first: tuple[int, int], second: tuple[int, int]) -> tuple[int, bool] | None:
        """Passages where a token of rank range ``first`` is followed by one of ``second``.

        From the pair postings: exact (second item True) when every token of
        both ranges is frequent; otherwise the passages of the rare ones are
        added, to be checked.  None when the ranges hold too many pairs to
        look up (a one-letter prefix next to another).
        """
        key = (*first, *second)
        cached = self._pair_cache.get(key)
        if cached is not None:
            return cached
        is_dense = self._is_dense
        lefts = [rank for rank in range(*first) if is_dense[rank]]
        rights = [rank for rank in range(*second) if is_dense[rank]]
        if len(lefts) * len(rights) > _PAIR_LOOKUPS:
            return None
        pairs = self._pairs
        if pairs is None:
            return None
        slots: list[int] = []
        for left in map(chr, lefts):
            for right in map(chr, rights):
                found = pairs.get(left + right)
                if found is not None:
                    slots.extend(found)
        vocabulary = self._vocabulary
        exact = True
        for rank in (*range(*first), *range(*second)):
            if not is_dense[rank]:
                exact = False
                slots.extend(self._sparse[vocabulary[rank - 1]])
        result = (_mask_of(slots, self._size), exact)
        with self._cache_lock:
            if len(self._pair_cache) >= _PREFIX_CACHE_SIZE:
                self._pair_cache = {}
            self._pair_cache[key] = result
        return result

    def _term(self, term: Term, within: int, cancelled: Cancelled = None) -> int:
        """Passages among ``within`` where ``term`` occurs."""
        if len(term.tokens) == 1:
            return self._token(term.tokens[0], term.prefix[0]) & within
        candidates = within
        for token, prefix in zip(term.tokens, term.prefix, strict=True):
            candidates &= self._token(token, prefix)
            if not candidates:
                return 0
        corpus = self._corpus
        if corpus is None:
            return self._check_text(term, _all_slots(candidates, self._numbers), cancelled)
        # Narrow by the pairs of neighbouring tokens: for a two-word phrase
        # of frequent words, that is the answer, with no scan at all.
        ranges = [self._ranks(t, p) for t, p in zip(term.tokens, term.prefix, strict=True)]
        exact = len(ranges) == 2
        for first, second in pairwise(ranges):
            adjacent = self._adjacent(first, second)
            if adjacent is None:
                exact = False
                continue
            candidates &= adjacent[0]
            exact = exact and adjacent[1]
            if not candidates:
                return 0
        if exact:
            return candidates
        found = self._sequence_pattern(term)
        if found is None:
            return 0
        pattern, anchored = found
        starts = self._starts
        count = candidates.bit_count()
        if count * _SCAN_RATIO > self._size or (anchored and count * _CHUNK_RATIO > self._size):
            # One scan of the whole corpus (the regex engine looks for the
            # literal token fast), then the passages of the matches.
            if cancelled is not None and cancelled():
                raise SearchCancelled(term.text)
            found_at = [match.start() for match in pattern.finditer(corpus)]
            slots = map(int.__sub__, map(bisect_right, repeat(starts), found_at), repeat(1))
            return _mask_of(slots, self._size) & candidates
        # Few candidates: scan only theirs, joined by "\0", one chunk at a time.
        slots = _all_slots(candidates, self._numbers)
        kept: list[int] = []
        for first in range(0, len(slots), _CHECK_EVERY):
            if cancelled is not None and cancelled():
                raise SearchCancelled(term.text)
            chunk = slots[first : first + _CHECK_EVERY]
            begin = list(map(starts.__getitem__, chunk))
            end = list(map(starts.__getitem__, map(int.__add__, chunk, repeat(1))))
            joined = "".join(map(corpus.__getitem__, map(slice, begin, end)))
            offsets = list(accumulate(map(int.__sub__, end, begin), initial=0))
            found_at = [match.start() for match in pattern.finditer(joined)]
            positions = map(bisect_right, repeat(offsets), found_at)
            kept.extend(map(chunk.__getitem__, map(int.__sub__, positions, repeat(1))))
        return _mask_of(kept, self._size)

    def _sequence_pattern(self, term: Term) -> tuple[re.Pattern[str], bool] | None:
        """A regex over the corpus matching ``term``, and whether it starts with a literal.

        Each token is one character, its rank in the vocabulary plus one; a
        prefix is the range of ranks of the tokens it starts.  When some
        token is a single character, the match starts there (the regex
        engine finds a literal first character fast) and a look-behind
        checks the tokens before it.  None when some token matches nothing.
        """
        parts: list[str] = []
        single: list[bool] = []
        for token, prefix in zip(term.tokens, term.prefix, strict=True):
            low, high = self._ranks(token, prefix)
            if high == low:
                return None
            if high - low == 1:
                parts.append(f"\\U{low:08x}")
            else:
                parts.append(f"[\\U{low:08x}-\\U{high - 1:08x}]")
            single.append(high - low == 1)
        if True not in single:
            return _compile("".join(parts)), False
        anchor = single.index(True)
        behind = "".join(parts[: anchor + 1])
        ahead = "".join(parts[anchor + 1 :])
        look = f"(?<={behind})" if anchor else ""
        return _compile(f"{parts[anchor]}{look}{ahead}"), True

    def _check_text(self, term: Term, slots: list[int], cancelled: Cancelled) -> int:
        """:meth:`_term`'s check on the passages' text (no token sequences kept)."""
        pattern = term_pattern(term)
        passages = self._passages
        at_slot = self._at_slot
        kept: list[int] = []
        for start in range(0, len(slots), _CHECK_EVERY):
            if cancelled is not None and cancelled():
                raise SearchCancelled(term.text)
            for slot in slots[start : start + _CHECK_EVERY]:
                text = passages[at_slot[slot]].text
                if pattern is not None:
                    if pattern.search(fold(text)):
                        kept.append(slot)
                elif PassageTokens(text).term_spans(term):
                    kept.append(slot)
        return _mask_of(kept, self._size)


def _pair_postings(sequences: Sequence[str], is_dense: bytearray) -> dict[str, array[int]]:
    """Two-character string of neighbouring frequent tokens -> the slots holding it.

    ``sequences`` are the slots' token sequences (one character per token,
    its rank plus one); ``is_dense[rank]`` says whether a token is frequent.
    Only pairs of frequent tokens are kept: a phrase with a rare token has
    few candidates anyway, and the pairs of all tokens would cost as much
    memory as the text.
    """
    dense = [chr(rank) for rank, flag in enumerate(is_dense) if flag]
    if not dense:
        return {}
    members = "".join(re.escape(char) for char in dense)
    # Overlapping pairs: a look-ahead that captures two.
    findall = re.compile(f"(?=([{members}]{{2}}))").findall
    postings: dict[str, list[int]] = defaultdict(list)
    get_posting = postings.__getitem__
    for slot, sequence in enumerate(sequences):
        if len(sequence) > 1:
            consume(map(list.append, map(get_posting, set(findall(sequence))), repeat(slot)))
    return {pair: array("I", slots) for pair, slots in postings.items()}


def _tokens_of(text: str) -> list[bytes]:
    """The tokens of ``text`` as UTF-8 (see :class:`SearchIndex`'s build)."""
    return fold(text).encode("utf-8", "surrogatepass").translate(_SEPARATORS).split()


def _postings_by_token(
    passages: Sequence[Passage], at_slot: Sequence[int]
) -> dict[bytes, list[int]]:
    """Token -> the slots of the passages holding it (the slow, id-free way)."""
    postings: dict[bytes, list[int]] = defaultdict(list)
    for slot, number in enumerate(at_slot):
        if number >= 0:
            for token in set(_tokens_of(passages[number].text)):
                postings[token].append(slot)
    return postings


@lru_cache(maxsize=256)
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_SEPARATORS = bytes(
    code if (0x30 <= code <= 0x39 or 0x61 <= code <= 0x7A or code >= 0x80) else 0x20
    for code in range(256)
)
"""A bytes.translate() table: every ASCII byte that is no token character to a space."""

_SCAN_RATIO = 4
"""Scan the whole corpus when more than 1/_SCAN_RATIO of the slots are candidates."""

_DENSE_FLOOR = 64
"""A token in at least this many passages (and 1/64 of them) is kept as a bit set."""

_CHUNK_RATIO = 32
"""For a pattern that starts with a literal, scan the whole corpus from 1/_CHUNK_RATIO."""

_PAIR_LOOKUPS = 256
"""Pairs of frequent tokens looked up for two neighbouring words of a phrase, at most."""


def _plus_one(total: int, length: int) -> int:
    return total + length + 1


_MAX_TOKENS = 0x10FFFF - 1
"""Token ids are characters from U+0001: at most this many distinct tokens."""


class _TokenIds(dict[bytes, str]):
    """Token -> provisional one-character id, assigned on first sight."""

    overflow = False

    def __missing__(self, token: bytes) -> str:
        number = len(self) + 1
        if number > _MAX_TOKENS:
            # Too many distinct tokens to give each a character: the
            # sequences are dropped (see SearchIndex.__init__).
            self.overflow = True
            number = _MAX_TOKENS
        found = self[token] = chr(number)
        return found
