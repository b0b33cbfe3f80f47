"""The on-disk search index: SQLite FTS5 over folded passages, for ``reader search``.

The persistent cache (:mod:`reader.search.cache`) keeps every passage of
every file it has seen in one SQLite database: a ``passages`` table (the
text, where it is, who says it) and a contentless FTS5 table over each
passage's folded text (:func:`reader.search.normalize.fold`).  FTS5's
``ascii`` tokenizer cuts folded text exactly where
:data:`reader.search.normalize.TOKEN_RE` does, and every query word becomes a
prefix query (``"direct" *``), every phrase a ``+`` chain, so the passages
FTS5 returns are exactly those :mod:`reader.search.match` accepts; match
offsets are computed by :mod:`reader.search.match` when a hit's ``matches``
is read.  :meth:`FtsIndex.scan` answers without FTS5 (the reference, and the
fallback when SQLite was built without FTS5).

The connection is shared by threads under a lock.

Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from reader.search.normalize import fold
from reader.search.query import Filter, Query, Term, parse_query

if TYPE_CHECKING:
    # The engine (and the model) are imported when a hit is made, not to count.
    from reader.model import Interview
    from reader.search.engine import Hit, IndexedFile, Passage, SearchResult

__all__ = [
    "FILE_SHIFT",
    "FTS_SCHEMA",
    "SCHEMA",
    "FtsIndex",
    "PassageRow",
    "create_schema",
    "delete_file",
    "fts5_available",
    "insert_file",
]

PassageRow: TypeAlias = "tuple[IndexedFile, str, str | None, str | None, int, int, str]"
"""A hit as :meth:`FtsIndex.iter_rows` gives it: file, field, speaker key, kind,
line, column, text."""

FILE_SHIFT = 32
"""Passage row ids are ``file << FILE_SHIFT | n``: they sort by file, then in file order."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY,
    path BLOB NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
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

_COLUMNS = (
    "p.id, p.file, p.section, p.number, p.field, p.answer, p.annotation, "
    "p.speaker, p.kind, p.line, p.col, p.text"
)
_COLUMN_LIST = tuple(_COLUMNS.split(", "))
_TEXT = _COLUMN_LIST.index("p.text")

_MAX_RANGES = 16
"""Up to this many runs of consecutive file ids are written into the SQL as ranges."""

_FTS5: bool | None = None


def fts5_available() -> bool:
    """True when this Python's SQLite has FTS5 (checked once)."""
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


def encode_text(text: str) -> bytes:
    """Passage text as stored: UTF-8, lone surrogates (from YAML escapes) kept."""
    return text.encode("utf-8", "surrogatepass")


def decode_text(data: bytes | str) -> str:
    """The inverse of :func:`encode_text`."""
    return data if isinstance(data, str) else data.decode("utf-8", "surrogatepass")


def create_schema(connection: sqlite3.Connection, *, use_fts: bool) -> None:
    """Create the tables (and the FTS5 table when ``use_fts``) if missing, and commit."""
    script = SCHEMA + (FTS_SCHEMA + ";\n" if use_fts else "")
    connection.executescript(f"BEGIN;\n{script}COMMIT;")


def insert_file(
    connection: sqlite3.Connection,
    path: Path,
    size: int,
    mtime_ns: int,
    interview: Interview | None,
    passages: Sequence[Passage],
    *,
    use_fts: bool,
    error: str | None = None,
) -> int:
    """Store one file (its people, its passages or its first error); return its id.

    The caller holds the transaction.
    """
    import json

    people = {key: [p.name, *p.aka] for key, p in interview.people.items()} if interview else {}
    cursor = connection.execute(
        "INSERT INTO files (path, size, mtime_ns, interview, title, people, error) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            os.fsencode(path),
            size,
            mtime_ns,
            interview.id if interview else None,
            interview.title if interview else None,
            json.dumps(people, ensure_ascii=True),
            error,
        ),
    )
    file_id = int(cursor.lastrowid or 0)
    spk: dict[str, int] = {}
    for key in people:
        row = connection.execute("INSERT INTO speakers (file, key) VALUES (?, ?)", (file_id, key))
        spk[key] = int(row.lastrowid or 0)
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
            [(base + n, fold(p.text)) for n, p in enumerate(passages)],
        )
    return file_id


def delete_file(connection: sqlite3.Connection, file_id: int, *, use_fts: bool) -> None:
    """Remove a file and everything stored for it (the caller holds the transaction)."""
    if use_fts:
        # A contentless FTS5 table forgets a row when told its exact text.
        rows = connection.execute(
            "SELECT id, text FROM passages WHERE file = ?", (file_id,)
        ).fetchall()
        connection.executemany(
            "INSERT INTO fts (fts, rowid, body) VALUES ('delete', ?, ?)",
            [(row_id, fold(decode_text(text))) for row_id, text in rows],
        )
    connection.execute("DELETE FROM passages WHERE file = ?", (file_id,))
    connection.execute("DELETE FROM speakers WHERE file = ?", (file_id,))
    connection.execute("DELETE FROM files WHERE id = ?", (file_id,))


_JSON: bool | None = None
"""Whether this SQLite has ``json_group_array`` (3.38 and later always do)."""


def _fetch(
    connection: sqlite3.Connection,
    columns: Sequence[str],
    rest: str,
    params: Sequence[object] = (),
    *,
    blob: int | None = None,
) -> list[tuple[object, ...]]:
    """The rows of ``SELECT columns rest``, fetched in one SQLite step.

    Python's sqlite3 lets other threads run during each step, so fetching
    row by row while another thread computes (the app loading a library)
    waits for that thread at every row: 18,500 rows took 26 s so.  Here
    SQLite packs all the rows into one JSON value, returned in one step.
    Column ``blob`` is a BLOB: it travels as hex and comes back as bytes.
    Without SQLite's JSON functions, the rows are fetched one by one.
    """
    global _JSON
    if _JSON is not False:
        inner = ", ".join(
            f"{'hex(' + column + ')' if index == blob else column} AS c{index}"
            for index, column in enumerate(columns)
        )
        outer = ", ".join(f"c{index}" for index in range(len(columns)))
        try:
            (packed,) = connection.execute(
                f"SELECT json_group_array(json_array({outer})) FROM (SELECT {inner} {rest})",
                params,
            ).fetchone()
        except sqlite3.OperationalError as exc:
            if "json" not in str(exc):
                raise
            _JSON = False
        else:
            _JSON = True
            import json

            rows = json.loads(packed)
            if blob is not None:
                for row in rows:
                    row[blob] = bytes.fromhex(row[blob])
            return [tuple(row) for row in rows]
    return connection.execute(f"SELECT {', '.join(columns)} {rest}", params).fetchall()


def _ints(values: Iterable[int]) -> str:
    # Only ever our own integers; int() makes sure nothing else gets in.
    return ", ".join(str(int(v)) for v in values)


def _marks(values: Iterable[object]) -> str:
    return ", ".join("?" for _ in values)


def _fts_phrase(term: Term) -> str:
    parts = []
    for token, is_prefix in zip(term.tokens, term.prefix, strict=True):
        quoted = '"' + token.replace('"', '""') + '"'
        parts.append(quoted + " *" if is_prefix else quoted)
    return " + ".join(parts)


def fts_expression(terms: Sequence[Term]) -> str:
    """An FTS5 MATCH expression true exactly when every term occurs."""
    return " AND ".join(f"({_fts_phrase(term)})" for term in terms)


class FtsIndex:
    """Files of the persistent cache, searchable with :func:`parse_query` queries.

    Opened by :func:`reader.search.cache.open_index` over the files asked
    for (``order``), which may be fewer than the database holds.
    """

    def __init__(
        self,
        connection: sqlite3.Connection,
        paths: dict[int, Path],
        order: Sequence[int],
        *,
        use_fts: bool,
        whole: bool = False,
    ) -> None:
        """Wrap an open cache database (use ``open_index``, not this).

        ``paths`` names each file id searched (as the user named it);
        ``order`` is the hit order; ``whole`` says the database holds no
        other file, so no query needs to be narrowed to these.
        """
        self._conn = connection
        self._lock = threading.Lock()
        self._paths = paths
        self._order = list(order)
        self._rank = {file_id: rank for rank, file_id in enumerate(self._order)}
        self._in_id_order = self._order == sorted(self._order)
        self._use_fts = use_fts
        self._files: dict[int, IndexedFile] = {}
        self._speaker_ids: dict[tuple[int, str], int] | None = None
        self._scope = "" if whole else self._scope_condition()

    def _scope_condition(self) -> str:
        """SQL true of the row ids (``{id}``) of passages of the files searched.

        Written on row ids, not ``passages.file``, so that a query of words
        alone is answered by the full-text table without joining every hit
        to its passage row (102,301 hits: 75 ms with the join, 13 without).
        Files cached together have consecutive ids, so a few ranges cover
        them; scattered ids are looked up in a temporary table instead.
        """
        ranges: list[tuple[int, int]] = []
        for file_id in sorted(self._order):
            if ranges and ranges[-1][1] == file_id - 1:
                ranges[-1] = (ranges[-1][0], file_id)
            else:
                ranges.append((file_id, file_id))
        if not ranges:
            return "0"
        if len(ranges) <= _MAX_RANGES:
            return " OR ".join(
                f"{{id}} BETWEEN {int(low) << FILE_SHIFT} AND {((int(high) + 1) << FILE_SHIFT) - 1}"
                for low, high in ranges
            )
        with self._lock:
            self._conn.execute("CREATE TEMP TABLE IF NOT EXISTS scope (file INTEGER PRIMARY KEY)")
            self._conn.execute("DELETE FROM temp.scope")
            self._conn.executemany(
                "INSERT INTO temp.scope (file) VALUES (?)", [(f,) for f in self._order]
            )
        return f"({{id}} >> {FILE_SHIFT}) IN temp.scope"

    def _in_scope(self, column: str) -> str:
        """The scope condition on ``column`` (a passage row id), in parentheses."""
        return f"({self._scope.format(id=column)})"

    def _file(self, file_id: int) -> IndexedFile:
        """What the index knows of a file (read from the database once)."""
        found = self._files.get(file_id)
        if found is None:
            self._prefetch([file_id])
            found = self._files[file_id]
        return found

    def _prefetch(self, file_ids: Iterable[int]) -> None:
        """Read the files not read yet among ``file_ids``, in one query."""
        wanted = {file_id for file_id in file_ids if file_id not in self._files}
        if not wanted:
            return
        with self._lock:
            rows = _fetch(
                self._conn,
                ("id", "interview", "title", "people"),
                f"FROM files WHERE id IN ({_ints(wanted)})",
            )
        for file_id, *row in rows:
            self._files[file_id] = indexed_file_from_row(Path(self._paths[file_id]), *row)

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> FtsIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        """The number of passages searched."""
        where = f" WHERE {self._in_scope('p.id')}" if self._scope else ""
        with self._lock:
            row = self._conn.execute(f"SELECT count(*) FROM passages p{where}").fetchone()
        return int(row[0])

    @property
    def uses_fts(self) -> bool:
        """True when searches go through FTS5 (else a Python scan)."""
        return self._use_fts

    @property
    def files(self) -> list[IndexedFile]:
        """The files searched, in hit order."""
        return [self._file(i) for i in self._order]

    # -- searching -----------------------------------------------------------

    def _filter_sql(self, query: Query) -> tuple[list[str], list[object]]:
        where: list[str] = []
        params: list[object] = []
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
        wanted = query.filter_values("by")
        if wanted:
            # Speaker ids are integers of ours, written into the SQL so that a
            # by: matching thousands of files needs no thousands of variables.
            where.append(f"p.spk IN ({_ints(self._speakers(wanted))})")
        unwanted = query.filter_values("by", negated=True)
        if unwanted:
            where.append(f"(p.spk IS NULL OR p.spk NOT IN ({_ints(self._speakers(unwanted))}))")
        return where, params

    def _speakers(self, values: Sequence[Filter]) -> list[int]:
        if self._speaker_ids is None:
            with self._lock:
                rows = _fetch(self._conn, ("id", "file", "key"), "FROM speakers")
            self._speaker_ids = {
                (file_id, key): speaker_id
                for speaker_id, file_id, key in rows  # type: ignore[misc]
            }
        ids = self._speaker_ids
        return [
            ids[file_id, speaker.key]
            for file_id in self._order
            for speaker in self._file(file_id).speakers
            if (file_id, speaker.key) in ids and any(speaker.matches(v) for v in values)
        ]

    def _sql(self, query: Query, what: str) -> tuple[str, list[object]]:
        """``SELECT what`` over the passages matching ``query`` (``p.id`` is the row id)."""
        where, params = self._filter_sql(query)
        positive = query.positive
        excluded = query.excluded
        if positive:
            match = fts_expression(positive)
            if excluded:
                match = f"({match}) NOT ({' OR '.join(f'({_fts_phrase(t)})' for t in excluded)})"
            if not where:
                # Nothing but words: the full-text table alone answers.
                scope = f" AND {self._in_scope('rowid')}" if self._scope else ""
                return (
                    f"SELECT {what.replace('p.id', 'rowid')} FROM fts WHERE fts MATCH ?{scope}",
                    [match],
                )
            source = "fts JOIN passages p ON p.id = fts.rowid"
            where.insert(0, "fts MATCH ?")
            params.insert(0, match)
        else:
            source = "passages p"
            if excluded:
                where.append("p.id NOT IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
                params.append(" OR ".join(f"({_fts_phrase(t)})" for t in excluded))
        if self._scope:
            where.insert(0, self._in_scope("p.id"))
        condition = f" WHERE {' AND '.join(where)}" if where else ""
        return f"SELECT {what} FROM {source}{condition}", params

    def _ids(self, query: Query) -> list[int]:
        """Row ids of the matching passages, in hit order."""
        sql, params = self._sql(query, "p.id AS hit")
        with self._lock:
            # One value, in one step (see _fetch): not a row per hit.
            (joined,) = self._conn.execute(
                f"SELECT group_concat(hit) FROM ({sql})", params
            ).fetchone()
        ids = [int(text) for text in joined.split(",")] if joined else []
        if self._in_id_order:
            ids.sort()
        else:
            rank = self._rank
            ids.sort(key=lambda i: (rank[i >> FILE_SHIFT], i))
        return ids

    def _rows(self, ids: Sequence[int], *, one_step: bool = False) -> Iterator[tuple[object, ...]]:
        """Passage rows for ``ids``, in that order, fetched in chunks.

        ``one_step`` fetches each chunk in one SQLite step (:func:`_fetch`),
        for a caller that shares the interpreter with busy threads (the
        app); alone (``reader search``), row by row is faster.
        """
        for start in range(0, len(ids), 2_000):
            chunk = ids[start : start + 2_000]
            rest = f"FROM passages p WHERE p.id IN ({_ints(chunk)})"
            with self._lock:
                if one_step:
                    found = _fetch(self._conn, _COLUMN_LIST, rest, blob=_TEXT)
                else:
                    found = self._conn.execute(f"SELECT {_COLUMNS} {rest}").fetchall()
                rows = {row[0]: row for row in found}
            # The files of these hits, in one query rather than one each.
            self._prefetch(row[1] for row in rows.values())  # type: ignore[misc]
            for row_id in chunk:
                yield rows[row_id]

    def _hit(self, query: Query, row: tuple[object, ...]) -> Hit:
        from reader.search.engine import make_hit

        return make_hit(query, self._file(row[1]), _passage(row))  # type: ignore[arg-type]

    def iter_hits(self, query: Query | str) -> Iterator[Hit]:
        """Every hit of ``query``, in order, fetched as they are consumed."""
        parsed = parse_query(query) if isinstance(query, str) else query
        if not self._use_fts:
            yield from self.scan(parsed).hits
            return
        try:
            ids = self._ids(parsed)
        except sqlite3.OperationalError:
            # An FTS5 limit we did not foresee (a pathological query): the
            # scan gives the same answer, only slower.
            yield from self.scan(parsed).hits
            return
        for row in self._rows(ids):
            yield self._hit(parsed, row)

    def iter_rows(self, query: Query) -> Iterator[PassageRow] | None:
        """Every hit of ``query`` as a bare :data:`PassageRow`, in hit order.

        What :meth:`iter_hits` gives, without building a :class:`Hit` (and
        its :class:`Passage`) per row: for printing many hits fast.  None
        when FTS5 cannot answer (no FTS5, or a query beyond its limits): use
        :meth:`iter_hits` then.
        """
        if not self._use_fts:
            return None
        try:
            ids = self._ids(query)
        except sqlite3.OperationalError:
            return None
        return self._bare_rows(ids)

    def _bare_rows(self, ids: Sequence[int]) -> Iterator[PassageRow]:
        file_of = self._file
        for _id, file_id, _s, _n, field, _a, _b, speaker, kind, line, col, raw in self._rows(ids):
            yield (
                file_of(file_id),  # type: ignore[arg-type]
                field,  # type: ignore[misc]
                speaker,  # type: ignore[misc]
                kind,  # type: ignore[misc]
                line,  # type: ignore[misc]
                col,  # type: ignore[misc]
                decode_text(raw),  # type: ignore[arg-type]
            )

    def count(self, query: Query | str) -> int:
        """The number of passages matching ``query``."""
        parsed = parse_query(query) if isinstance(query, str) else query
        if not self._use_fts:
            return self.scan(parsed).total_hits
        sql, params = self._sql(parsed, "count(*)")
        try:
            with self._lock:
                return int(self._conn.execute(sql, params).fetchone()[0])
        except sqlite3.OperationalError:
            return self.scan(parsed).total_hits

    def search(self, query: Query | str, limit: int | None = None) -> SearchResult:
        """The first ``limit`` hits of ``query`` and the full counts."""
        parsed = parse_query(query) if isinstance(query, str) else query
        if not self._use_fts:
            return self.scan(parsed, limit)
        try:
            shown, total, sections, interviews = self._counted(parsed, limit)
        except sqlite3.OperationalError:
            return self.scan(parsed, limit)
        hits = [self._hit(parsed, row) for row in self._rows(shown, one_step=True)]
        from reader.search.engine import SearchResult

        return SearchResult(parsed, hits, total, sections, interviews)

    def _counted(self, query: Query, limit: int | None) -> tuple[list[int], int, int, int]:
        """The row ids of the first ``limit`` hits, and the hits, Q&As and interviews counted.

        Counted by SQLite, each in one step (see :func:`_fetch`); only the
        ids shown come back to Python.  When the files are not searched in
        the order of their ids, every id comes back, to be sorted here.
        """
        sql, params = self._sql(query, "p.id AS hit")
        q_and_as = (
            "SELECT count(DISTINCT p.file || ':' || p.number) FROM passages p "
            f"WHERE p.number > 0 AND p.id IN (SELECT hit FROM ({sql}))"
        )
        if limit is None or not self._in_id_order:
            ids = self._ids(query)
            with self._lock:
                (sections,) = self._conn.execute(q_and_as, params).fetchone()
            interviews = len({row_id >> FILE_SHIFT for row_id in ids})
            return (ids if limit is None else ids[:limit]), len(ids), sections, interviews
        with self._lock:
            total, interviews = self._conn.execute(
                f"SELECT count(*), count(DISTINCT hit >> {FILE_SHIFT}) FROM ({sql})", params
            ).fetchone()
            (sections,) = self._conn.execute(q_and_as, params).fetchone()
            (joined,) = self._conn.execute(
                f"SELECT group_concat(hit) FROM "
                f"(SELECT hit FROM ({sql}) ORDER BY hit LIMIT {int(limit)})",
                params,
            ).fetchone()
        shown = sorted(int(text) for text in joined.split(",")) if joined else []
        return shown, total, sections, interviews

    def scan(self, query: Query | str, limit: int | None = None) -> SearchResult:
        """The same search with no FTS5: every passage matched in Python."""
        from reader.search.engine import scan

        return scan(query, self._grouped(), limit)

    def _grouped(self) -> list[tuple[IndexedFile, list[Passage]]]:
        where = f" WHERE {self._in_scope('p.id')}" if self._scope else ""
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {_COLUMNS} FROM passages p{where} ORDER BY p.id"
            ).fetchall()
        grouped: dict[int, list[Passage]] = {file_id: [] for file_id in self._order}
        for row in rows:
            grouped[row[1]].append(_passage(row))  # type: ignore[index]
        return [(self._file(file_id), grouped[file_id]) for file_id in self._order]


def _passage(row: tuple[object, ...]) -> Passage:
    (_id, _file, section, number, field, answer, annotation, speaker, kind, line, col, raw) = row
    from reader.search.engine import Passage

    return Passage(
        section,  # type: ignore[arg-type]
        number,  # type: ignore[arg-type]
        field,  # type: ignore[arg-type]
        answer,  # type: ignore[arg-type]
        annotation,  # type: ignore[arg-type]
        speaker,  # type: ignore[arg-type]
        kind,  # type: ignore[arg-type]
        line,  # type: ignore[arg-type]
        col,  # type: ignore[arg-type]
        decode_text(raw),  # type: ignore[arg-type]
    )


def indexed_file_from_row(path: Path, interview: str, title: str, people: str) -> IndexedFile:
    """An :class:`IndexedFile` from a ``files`` row."""
    import json

    from reader.search.engine import IndexedFile, Speaker

    names: dict[str, list[str]] = json.loads(people or "{}")
    speakers = tuple(
        Speaker.of(key, values[0] if values else key, values[1:]) for key, values in names.items()
    )
    return IndexedFile(path, interview, title, speakers)
