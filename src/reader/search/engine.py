"""The search index: passages of many interviews, searchable in milliseconds.

A :class:`SearchIndex` holds every *passage* of its interviews (each question,
each answer's quote and each annotation note) in SQLite (the standard
library's ``sqlite3``): a plain table with the passage, where it is in its
file and who says it, and an FTS5 full-text table over the passage's folded
tokens (:mod:`reader.search.normalize`).  A query becomes an FTS5 expression
that finds exactly the passages :mod:`reader.search.match` would accept
(tokens are cut the same way on both sides, and every word is a prefix
query), so counts come straight from SQLite; then the Python matcher computes
the match offsets of the hits that are returned.  :meth:`SearchIndex.scan`
runs the same search without the full-text table (it is what ``search``
falls back to when SQLite lacks FTS5) and a test checks both agree.

The index is built in memory from loaded interviews
(:meth:`SearchIndex.from_interviews`) or opened over the persistent cache
(:mod:`reader.search.cache`).  One index may be searched from any thread
(the UI searches in a worker thread): the connection is shared and every use
of it holds a lock.

Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reader.model import Interview
from reader.search.match import PassageTokens, passage_matches
from reader.search.normalize import fold, tokens
from reader.search.query import Field, Filter, Query, Term, parse_query

__all__ = [
    "Hit",
    "Passage",
    "SearchIndex",
    "SearchResult",
    "Speaker",
    "fts5_available",
    "passages_of",
    "speakers_of",
]

FILE_SHIFT = 32
"""Passage row ids are ``file << FILE_SHIFT | n``: hits sort by file, then in file order."""


@dataclass(frozen=True, slots=True)
class Hit:
    """One matching passage: a question, an answer's quote or an annotation note.

    ``number`` is the Q&A's 1-based position in its interview, or 0 for an
    annotation on the interview as a whole (whose ``section`` is None).
    ``answer`` is the 0-based answer index for ``field == "answer"``;
    ``annotation`` the 0-based index among the section's annotations (or the
    interview's, when ``number`` is 0) for ``field == "annotation"``.
    ``matches`` are ``[start, end)`` character offsets into ``text``, sorted,
    merged when they overlap.  ``line``/``column`` (1-based) locate the
    passage's scalar in the YAML file.
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
    """The speaker's name (not the key), when there is a speaker."""
    kind: str | None = None
    """The annotation's kind, for ``field == "annotation"``."""


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The hits of a query (at most ``limit`` of them) and the full counts."""

    query: Query
    hits: list[Hit]
    total_hits: int
    """All matching passages, even when ``hits`` was cut at the limit."""
    sections: int
    """Distinct Q&As with a hit (interview-wide annotations are in no Q&A)."""
    interviews: int
    """Distinct interviews with a hit."""

    @property
    def truncated(self) -> bool:
        """True when ``hits`` holds fewer than ``total_hits``."""
        return len(self.hits) < self.total_hits


@dataclass(frozen=True, slots=True)
class Passage:
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


@dataclass(frozen=True, slots=True)
class Speaker:
    """A person, as ``by:`` sees them: the key and the folded words of each name."""

    key: str
    name: str
    names: tuple[tuple[str, ...], ...] = field(default=())
    """The folded tokens of the name and of each ``aka``."""
    id: int = 0
    """The speaker's row id in the index (set when stored)."""

    @classmethod
    def of(cls, key: str, name: str, aka: Sequence[str] = (), id: int = 0) -> Speaker:
        """A speaker from a key, a name and other names."""
        names = tuple(tuple(tokens(fold(text))) for text in (name, *aka))
        return cls(key, name, names, id)

    def matches(self, value: Filter) -> bool:
        """True when ``by:value`` names this person (the key, or words of a name)."""
        if value.value.lower() == self.key.lower():
            return True
        wanted = value.tokens
        count = len(wanted)
        for name in self.names:
            for start in range(len(name) - count + 1):
                if name[start : start + count] == wanted:
                    return True
        return False


def speakers_of(interview: Interview) -> list[Speaker]:
    """The people of ``interview`` as :class:`Speaker` values (no ids yet)."""
    return [Speaker.of(key, person.name, person.aka) for key, person in interview.people.items()]


def passages_of(interview: Interview) -> list[Passage]:
    """Every passage of ``interview``, in search order.

    The interview's own annotations come first (Q&A number 0), then each Q&A:
    its question, its answers, its annotation notes.
    """
    out: list[Passage] = []
    for index, note in enumerate(interview.annotations):
        pos = note.note_position
        out.append(
            Passage(
                None, 0, "annotation", None, index, None, note.kind, pos.line, pos.column, note.note
            )
        )
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
        for index, note in enumerate(section.annotations):
            pos = note.note_position
            out.append(
                Passage(
                    section.id,
                    section.number,
                    "annotation",
                    None,
                    index,
                    None,
                    note.kind,
                    pos.line,
                    pos.column,
                    note.note,
                )
            )
    return out


_FTS5: bool | None = None


def fts5_available() -> bool:
    """True when this Python's SQLite has the FTS5 extension (checked once)."""
    global _FTS5
    if _FTS5 is None:
        try:
            probe = sqlite3.connect(":memory:")
            try:
                probe.execute("CREATE VIRTUAL TABLE probe USING fts5(body, tokenize='ascii')")
                _FTS5 = True
            finally:
                probe.close()
        except sqlite3.Error:
            _FTS5 = False
    return _FTS5


SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY,
    path BLOB NOT NULL UNIQUE,
    size INTEGER NOT NULL DEFAULT -1,
    mtime_ns INTEGER NOT NULL DEFAULT -1,
    interview TEXT,
    title TEXT,
    people TEXT,
    error TEXT
);
CREATE TABLE IF NOT EXISTS speakers (
    id INTEGER PRIMARY KEY,
    file INTEGER NOT NULL,
    key TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS speakers_file ON speakers (file);
CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY,
    file INTEGER NOT NULL,
    section TEXT,
    number INTEGER NOT NULL,
    field TEXT NOT NULL,
    answer INTEGER,
    annotation INTEGER,
    speaker TEXT,
    spk INTEGER,
    kind TEXT,
    line INTEGER NOT NULL,
    col INTEGER NOT NULL,
    text BLOB NOT NULL
);
"""

FTS_SCHEMA = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5("
    "body, content='', tokenize='ascii', prefix='1 2', detail=full)"
)


def encode_text(text: str) -> bytes:
    """Passage text as stored: UTF-8, lone surrogates (from YAML escapes) kept."""
    return text.encode("utf-8", "surrogatepass")


def decode_text(data: bytes | str) -> str:
    """The inverse of :func:`encode_text`."""
    return data if isinstance(data, str) else data.decode("utf-8", "surrogatepass")


def fts_body(text: str) -> str:
    """What the full-text table indexes for a passage: its folded text.

    Folding leaves only ASCII and letters/digits; NUL and lone surrogates
    are not letters, so they became spaces and the result encodes as UTF-8.
    """
    return fold(text)


@dataclass(slots=True)
class _File:
    path: Path
    interview: str
    title: str
    speakers: list[Speaker]


_COLUMNS = (
    "p.id, p.file, p.section, p.number, p.field, p.answer, p.annotation, "
    "p.speaker, p.kind, p.line, p.col, p.text"
)


def _tokens_of(row: tuple[object, ...]) -> PassageTokens:
    return PassageTokens(decode_text(row[11]))  # type: ignore[arg-type]


def _marks(values: Iterable[object]) -> str:
    return ", ".join("?" for _ in values)


def _ints(values: Iterable[int]) -> str:
    # Only ever our own integers; int() makes sure nothing else gets in.
    return ", ".join(str(int(v)) for v in values)


def _fts_phrase(term: Term) -> str:
    parts = []
    for token, is_prefix in zip(term.tokens, term.prefix, strict=True):
        quoted = '"' + token.replace('"', '""') + '"'
        parts.append(quoted + " *" if is_prefix else quoted)
    return " + ".join(parts)


def fts_expression(terms: Sequence[Term]) -> str:
    """An FTS5 MATCH expression true exactly when every term occurs."""
    return " AND ".join(f"({_fts_phrase(term)})" for term in terms)


class SearchIndex:
    """Passages of many interviews, searchable by :func:`parse_query` queries.

    Build one with :meth:`from_interviews` (in memory) or open the persistent
    cache with :func:`reader.search.cache.open_index`.  Thread-safe: any
    thread may call :meth:`search`.
    """

    def __init__(
        self,
        connection: sqlite3.Connection,
        files: dict[int, _File],
        *,
        use_fts: bool,
        order: Sequence[int] | None = None,
    ) -> None:
        """Wrap an open database (use the constructors, not this)."""
        self._conn = connection
        self._lock = threading.Lock()
        self._files = files
        self._use_fts = use_fts
        # The files searched, in the order hits are reported.  None: every
        # file of the database, in id order.
        self._order = list(order) if order is not None else None
        self._rank = (
            {file_id: rank for rank, file_id in enumerate(self._order)}
            if self._order is not None
            else None
        )
        self._in_id_order = self._order is None or self._order == sorted(self._order)
        if self._order is not None:
            with self._lock:
                connection.execute(
                    "CREATE TEMP TABLE IF NOT EXISTS scope (file INTEGER PRIMARY KEY)"
                )
                connection.execute("DELETE FROM temp.scope")
                connection.executemany(
                    "INSERT INTO temp.scope (file) VALUES (?)", [(f,) for f in self._order]
                )

    # -- building ---------------------------------------------------------

    @classmethod
    def from_interviews(cls, interviews: Sequence[Interview]) -> SearchIndex:
        """Index loaded interviews in memory; hits come in the order given."""
        use_fts = fts5_available()
        connection = sqlite3.connect(":memory:", check_same_thread=False)
        create_schema(connection, use_fts=use_fts)
        files: dict[int, _File] = {}
        with connection:
            for file_id, interview in enumerate(interviews, start=1):
                speakers = insert_file(
                    connection,
                    file_id,
                    str(interview.path),
                    interview,
                    passages_of(interview),
                    use_fts=use_fts,
                )
                files[file_id] = _File(interview.path, interview.id, interview.title, speakers)
        return cls(connection, files, use_fts=use_fts)

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        """The number of passages searched."""
        sql = "SELECT count(*) FROM passages p" + (
            " WHERE p.file IN temp.scope" if self._order is not None else ""
        )
        with self._lock:
            return int(self._conn.execute(sql).fetchone()[0])

    @property
    def uses_fts(self) -> bool:
        """True when searches go through the FTS5 table (else a Python scan)."""
        return self._use_fts

    @property
    def paths(self) -> list[Path]:
        """The files searched, in hit order."""
        ids = self._order if self._order is not None else sorted(self._files)
        return [self._files[i].path for i in ids]

    # -- searching --------------------------------------------------------

    def search(self, query: Query | str, limit: int | None = None) -> SearchResult:
        """The passages matching ``query``: the first ``limit`` hits and full counts.

        Raises only :class:`~reader.search.query.QueryError`, for a query
        string that does not parse.
        """
        parsed = parse_query(query) if isinstance(query, str) else query
        if not self._use_fts:
            return self.scan(parsed, limit)
        try:
            return self._search_fts(parsed, limit)
        except sqlite3.OperationalError:
            # An FTS5 limit we did not foresee (a pathological query): the
            # scan gives the same answer, only slower.
            return self.scan(parsed, limit)

    def _filter_sql(self, query: Query) -> tuple[list[str], list[object]]:
        """SQL conditions on ``passages p`` for the query's filters and scope."""
        where: list[str] = []
        params: list[object] = []
        if self._order is not None:
            where.append("p.file IN temp.scope")
        fields = query.fields
        if fields is not None:
            where.append(f"p.field IN ({_marks(fields)})")
            params.extend(sorted(fields))
        kinds = query.kinds
        if kinds is not None:
            where.append(f"p.kind IN ({_marks(kinds)})")
            params.extend(sorted(kinds))
        if query.excluded_kinds:
            where.append(f"(p.kind IS NULL OR p.kind NOT IN ({_marks(query.excluded_kinds)}))")
            params.extend(sorted(query.excluded_kinds))
        included = query.filter_values("by")
        if included:
            # Speaker ids are integers of ours: written into the SQL, so that
            # a by: matching thousands of files needs no thousands of variables.
            where.append(f"p.spk IN ({_ints(self._speaker_ids(included))})")
        excluded = query.filter_values("by", negated=True)
        if excluded:
            where.append(f"(p.spk IS NULL OR p.spk NOT IN ({_ints(self._speaker_ids(excluded))}))")
        return where, params

    def _speaker_ids(self, values: Iterable[Filter]) -> list[int]:
        values = list(values)
        ids = self._order if self._order is not None else list(self._files)
        return [
            speaker.id
            for file_id in ids
            for speaker in self._files[file_id].speakers
            if any(speaker.matches(value) for value in values)
        ]

    def _search_fts(self, query: Query, limit: int | None) -> SearchResult:
        where, params = self._filter_sql(query)
        positive = query.positive
        excluded = query.excluded
        if positive:
            match = fts_expression(positive)
            if excluded:
                match = f"({match}) NOT ({' OR '.join(f'({_fts_phrase(t)})' for t in excluded)})"
            source = "fts JOIN passages p ON p.id = fts.rowid"
            where.insert(0, "fts MATCH ?")
            params.insert(0, match)
        else:
            source = "passages p"
            if excluded:
                where.append("p.id NOT IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
                params.append(" OR ".join(f"({_fts_phrase(t)})" for t in excluded))
        condition = " WHERE " + " AND ".join(where) if where else ""
        counts_sql = (
            "SELECT count(*), count(DISTINCT CASE WHEN p.number > 0 THEN p.file * 4294967296 "
            f"+ p.number END), count(DISTINCT p.file) FROM {source}{condition}"
        )
        rows_sql = f"SELECT p.id FROM {source}{condition} ORDER BY p.id"
        with self._lock:
            total, sections, interviews = self._conn.execute(counts_sql, params).fetchone()
            if limit is not None and self._in_id_order:
                ids = [
                    row[0] for row in self._conn.execute(rows_sql + " LIMIT ?", [*params, limit])
                ]
            else:
                ids = [row[0] for row in self._conn.execute(rows_sql, params)]
            ids = self._ordered(ids, limit)
            rows = self._fetch(ids)
        hits = [self._hit(query, row) for row in rows]
        return SearchResult(query, hits, int(total), int(sections), int(interviews))

    def _ordered(self, ids: list[int], limit: int | None) -> list[int]:
        if not self._in_id_order and self._rank is not None:
            rank = self._rank
            ids.sort(key=lambda i: (rank[i >> FILE_SHIFT], i))
        return ids if limit is None else ids[:limit]

    def _fetch(self, ids: list[int]) -> list[tuple[object, ...]]:
        """Passage rows for ``ids``, in that order (the lock is held)."""
        rows: dict[int, tuple[object, ...]] = {}
        for start in range(0, len(ids), 5_000):
            chunk = ids[start : start + 5_000]
            sql = f"SELECT {_COLUMNS} FROM passages p WHERE p.id IN ({_ints(chunk)})"
            for row in self._conn.execute(sql):
                rows[row[0]] = row  # type: ignore[index]
        return [rows[i] for i in ids]

    def _hit(self, query: Query, row: tuple[object, ...]) -> Hit:
        (
            _id,
            file_id,
            section,
            number,
            field_,
            answer,
            annotation,
            speaker,
            kind,
            line,
            col,
            raw,
        ) = row
        info = self._files[file_id]  # type: ignore[index]
        text = decode_text(raw)  # type: ignore[arg-type]
        matches = passage_matches(query, PassageTokens(text)) if query.positive else []
        speaker_name = None
        if speaker is not None:
            for person in info.speakers:
                if person.key == speaker:
                    speaker_name = person.name
                    break
        return Hit(
            path=info.path,
            interview=info.interview,
            interview_title=info.title,
            section=section,  # type: ignore[arg-type]
            number=number,  # type: ignore[arg-type]
            field=field_,  # type: ignore[arg-type]
            answer=answer,  # type: ignore[arg-type]
            annotation=annotation,  # type: ignore[arg-type]
            speaker=speaker,  # type: ignore[arg-type]
            text=text,
            matches=matches or [],
            line=line,  # type: ignore[arg-type]
            column=col,  # type: ignore[arg-type]
            speaker_name=speaker_name,
            kind=kind,  # type: ignore[arg-type]
        )

    def scan(self, query: Query | str, limit: int | None = None) -> SearchResult:
        """The same search as :meth:`search`, by matching every passage in Python.

        Slow (it folds every passage), and never uses the full-text table:
        the reference that the index must agree with.
        """
        parsed = parse_query(query) if isinstance(query, str) else query
        where, params = self._filter_sql(parsed)
        condition = " WHERE " + " AND ".join(where) if where else ""
        sql = f"SELECT {_COLUMNS} FROM passages p{condition} ORDER BY p.id"
        with self._lock:
            rows = self._conn.execute(sql, params).fetchall()
        if not self._in_id_order and self._rank is not None:
            rank = self._rank
            rows.sort(key=lambda r: (rank[r[1]], r[0]))  # type: ignore[index]
        total = 0
        sections: set[tuple[object, object]] = set()
        interviews: set[object] = set()
        hits: list[Hit] = []
        for row in rows:
            if parsed.terms and passage_matches(parsed, _tokens_of(row)) is None:
                continue
            total += 1
            interviews.add(row[1])
            if row[3]:
                sections.add((row[1], row[3]))
            if limit is None or len(hits) < limit:
                hits.append(self._hit(parsed, row))
        return SearchResult(parsed, hits, total, len(sections), len(interviews))

    def iter_files(self) -> Iterator[tuple[int, Path]]:
        """``(file id, path)`` of every file searched."""
        ids = self._order if self._order is not None else sorted(self._files)
        for file_id in ids:
            yield file_id, self._files[file_id].path


def create_schema(connection: sqlite3.Connection, *, use_fts: bool) -> None:
    """Create the tables (and the FTS5 table when ``use_fts``) if missing."""
    connection.executescript(SCHEMA)
    if use_fts:
        connection.execute(FTS_SCHEMA)


def insert_file(
    connection: sqlite3.Connection,
    file_id: int,
    path: str,
    interview: Interview | None,
    passages: Sequence[Passage],
    *,
    use_fts: bool,
    size: int = -1,
    mtime_ns: int = -1,
    error: str | None = None,
) -> list[Speaker]:
    """Store one file's people and passages under ``file_id`` (the caller commits).

    Returns the file's speakers with their ids.
    """
    people = (
        {key: [p.name, *p.aka] for key, p in interview.people.items()}
        if interview is not None
        else {}
    )
    connection.execute(
        "INSERT INTO files (id, path, size, mtime_ns, interview, title, people, error) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            file_id,
            os.fsencode(path),
            size,
            mtime_ns,
            interview.id if interview else None,
            interview.title if interview else None,
            json.dumps(people, ensure_ascii=True),
            error,
        ),
    )
    speakers: list[Speaker] = []
    spk: dict[str, int] = {}
    for key, names in people.items():
        cursor = connection.execute(
            "INSERT INTO speakers (file, key) VALUES (?, ?)", (file_id, key)
        )
        speaker_id = int(cursor.lastrowid or 0)
        spk[key] = speaker_id
        speakers.append(Speaker.of(key, names[0], names[1:], speaker_id))
    base = file_id << FILE_SHIFT
    connection.executemany(
        "INSERT INTO passages (id, file, section, number, field, answer, annotation, speaker, "
        "spk, kind, line, col, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                base + n,
                file_id,
                p.section,
                p.number,
                p.field,
                p.answer,
                p.annotation,
                p.speaker,
                spk.get(p.speaker) if p.speaker is not None else None,
                p.kind,
                p.line,
                p.column,
                encode_text(p.text),
            )
            for n, p in enumerate(passages)
        ],
    )
    if use_fts:
        connection.executemany(
            "INSERT INTO fts (rowid, body) VALUES (?, ?)",
            [(base + n, fts_body(p.text)) for n, p in enumerate(passages)],
        )
    return speakers
