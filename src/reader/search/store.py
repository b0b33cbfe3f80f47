"""The search index: one SQLite database with a full-text (FTS5) table, for app and CLI.

Every passage of every file indexed is one row of the contentless FTS5
table ``fts`` with two columns: ``body``, the passage's folded text
(:func:`reader.search.normalize.fold`; FTS5's ``ascii`` tokenizer cuts it
exactly where :data:`reader.search.normalize.TOKEN_RE` does), and ``tags``,
one token per *facet* value of the passage (``in:``, ``kind:``, ``by:``;
see :func:`facet_token`).  A query becomes one FTS5 expression: each word a
prefix query on ``body``, each phrase a ``+`` chain, each filter a token (or
an ``OR`` of tokens) on ``tags``, exclusions after ``NOT``; so the passages
FTS5 returns are exactly those the brute-force scan
(:mod:`reader.search.scan`) accepts, which the tests check.

The row id says where a passage is: ``file << 40 | number << 20 | k``
(file id, the Q&A's number, 0 for the interview's own annotations, and the
passage's place in its Q&A), so that hits, Q&As and interviews are counted
from the full-text table alone, with no join; ``passages`` holds the text
and position of each passage under the same id, read only for the hits
shown.  Persons are stored once per distinct (key, name, other names), so
that ``by:host`` over ten thousand interviews is a handful of tokens.

:class:`Store` searches within a :class:`Scope` (the files asked about, in
hit order).  It is shared by threads under a lock; :meth:`Store.cancel`
interrupts the statement of a search that a newer one replaced.

Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

import _thread
import sqlite3

from reader.search.query import FACETS, parse_query
from reader.search.sql import (
    FILE_SHIFT,
    NUMBER_BITS,
    NUMBER_LOW,
    NUMBER_SHIFT,
    SCHEMA,
    STATUS_INDEX,
    FileRows,
    PassageRow,
    Scope,
    Ticket,
    any_tag,
    decode_text,
    facet_token,
    facets_of,
    fts5_available,
    phrase,
    row_id,
    tags_of,
)

# What counting does not need is imported where it is used: json, pathlib,
# the records of hits (see reader.cli.search on TYPE_CHECKING).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence
    from typing import Any

    from reader.search.query import Field, Query
    from reader.search.records import (
        Hit,
        IndexedFile,
        SearchResult,
        Speaker,
    )

__all__ = [
    "FILE_SHIFT",
    "PassageRow",
    "Scope",
    "Store",
    "Ticket",
    "facet_token",
    "fts5_available",
    "row_id",
]


FileDetails = tuple[str | None, str | None, "tuple[Speaker, ...]"]
"""A file's interview id, title and speakers, as the index stores them."""

CACHED_FILES = 4096
"""Files whose details are kept between pages of hits (a few hundred KB)."""


class Store:
    """The index database: add and remove files, search within a :class:`Scope`."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        """Wrap an open connection (its schema is created when missing)."""
        self._conn = connection
        self._lock = _thread.RLock()
        self._writer = _thread.allocate_lock()
        self._state = _thread.allocate_lock()
        self._running: Ticket | None = None
        self._files: dict[int, FileDetails] = {}
        self._named: dict[tuple[int, str], IndexedFile] = {}
        self._persons: dict[int, Speaker] | None = None
        self._scope_table: tuple[int, ...] | None = None
        self._status_index = False
        """Whether this store's first write transaction made sure of STATUS_INDEX."""
        # The tables when missing: a no-op on an index of this format, so a
        # search that opens the index to read writes nothing.
        connection.executescript(f"BEGIN;\n{SCHEMA}COMMIT;")

    @classmethod
    def memory(cls) -> Store:
        """A store in memory (``reader search --no-cache``, tests)."""
        return cls(sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None))

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._conn.close()

    # -- writing -------------------------------------------------------------

    def writing(self) -> _Transaction:
        """One write transaction (searches may run between its statements).

        Writers in this process take turns (the library's indexing, an
        interview indexed for its own search).
        """
        return _Transaction(self)

    def _person(self, speaker: Speaker) -> int:
        import json

        aka = json.dumps(list(speaker.aka), ensure_ascii=True)
        row = self._conn.execute(
            "SELECT id FROM persons WHERE key = ? AND name = ? AND aka = ?",
            (speaker.key, speaker.name, aka),
        ).fetchone()
        if row is not None:
            return int(row[0])
        cursor = self._conn.execute(
            "INSERT INTO persons (key, name, aka) VALUES (?, ?, ?)",
            (speaker.key, speaker.name, aka),
        )
        self._persons = None
        return int(cursor.lastrowid or 0)

    def add_file(
        self,
        path: bytes,
        size: int,
        mtime_ns: int,
        file: IndexedFile | None,
        rows: FileRows,
        summary: dict[str, object],
        errors: Sequence[tuple[int, int, str]] = (),
    ) -> int:
        """Store one file (its passages' ``rows``, or its errors when ``file`` is None).

        Returns the file's id.  ``rows`` come from :func:`file_rows` (in a
        pool worker, for the library).  The caller holds the transaction.  A
        file too large to number its passages is stored with an error instead.
        """
        import json

        with self._lock:
            if rows.error is not None and file is not None:
                file, errors = None, [(1, 1, rows.error)]
                rows = FileRows([], [])
            people = {s.key: [s.name, *s.aka] for s in file.speakers} if file else {}
            cursor = self._conn.execute(
                "INSERT INTO files (path, size, mtime_ns, interview, title, people, summary, "
                "errors) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    path,
                    size,
                    mtime_ns,
                    file.interview if file else None,
                    file.title if file else None,
                    json.dumps(people, ensure_ascii=True),
                    json.dumps(summary, ensure_ascii=True),
                    json.dumps([list(e) for e in errors], ensure_ascii=True) if errors else None,
                ),
            )
            file_id = int(cursor.lastrowid or 0)
            # The tags column's by: token of each speaker (between the field
            # and kind tokens and the other facets, as tags_of puts it).
            by = {
                s.key: " " + facet_token("by", str(self._person(s)))
                for s in (file.speakers if file else ())
            }
            base = file_id << FILE_SHIFT
            self._conn.executemany(
                "INSERT INTO passages (id, section, field, answer, annotation, speaker, kind, "
                "facets, line, col, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(base + row[0], *row[1:]) for row in rows.passages],
            )
            self._conn.executemany(
                "INSERT INTO fts (rowid, body, tags) VALUES (?, ?, ?)",
                [
                    (base + local, body, head + by.get(speaker or "", "") + tail)
                    for local, body, head, tail, speaker in rows.fts
                ],
            )
            self._files.pop(file_id, None)
            self._named.clear()
            return file_id

    def remove_file(self, file_id: int) -> None:
        """Remove a file and everything stored for it (the caller holds the transaction)."""
        import json

        from reader.search.normalize import fold
        from reader.search.records import Speaker

        with self._lock:
            low, high = file_id << FILE_SHIFT, ((file_id + 1) << FILE_SHIFT) - 1
            people = self._conn.execute(
                "SELECT people FROM files WHERE id = ?", (file_id,)
            ).fetchone()
            persons: dict[str, int] = {}
            if people is not None:
                for key, names in json.loads(people[0]).items():
                    persons[key] = self._person(Speaker.of(key, names[0], names[1:]))
            rows = self._conn.execute(
                "SELECT id, field, kind, speaker, facets, text FROM passages "
                "WHERE id BETWEEN ? AND ?",
                (low, high),
            ).fetchall()
            # A contentless FTS5 table forgets a row when told its exact values.
            self._conn.executemany(
                "INSERT INTO fts (fts, rowid, body, tags) VALUES ('delete', ?, ?, ?)",
                [
                    (
                        rid,
                        fold(decode_text(text)),
                        tags_of(
                            field,
                            kind,
                            persons.get(speaker) if speaker else None,
                            facets_of(facets),
                        ),
                    )
                    for rid, field, kind, speaker, facets, text in rows
                ],
            )
            self._conn.execute("DELETE FROM passages WHERE id BETWEEN ? AND ?", (low, high))
            self._conn.execute("DELETE FROM files WHERE id = ?", (file_id,))
            self._files.pop(file_id, None)
            self._named.clear()

    # -- reading -------------------------------------------------------------

    def cancel(self, ticket: Ticket) -> None:
        """Stop the search of ``ticket``: its running statement is interrupted."""
        with self._state:
            ticket.cancelled = True
            if self._running is ticket:
                self._conn.interrupt()

    def _run(self, ticket: Ticket | None, sql: str, params: Sequence[object] = ()) -> list[Any]:
        with self._lock:
            if ticket is not None:
                with self._state:
                    if ticket.cancelled:
                        from reader.search.records import SearchCancelled

                        raise SearchCancelled
                    self._running = ticket
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.OperationalError as exc:
                if ticket is not None and ticket.cancelled:
                    from reader.search.records import SearchCancelled

                    raise SearchCancelled from exc
                raise
            finally:
                if ticket is not None:
                    with self._state:
                        self._running = None

    def select(self, sql: str, params: Sequence[object] = ()) -> list[Any]:
        """The rows of a query of the library's bookkeeping, under the connection's lock."""
        return self._run(None, sql, params)

    def file(self, file_id: int, name: str) -> IndexedFile:
        """What the index knows of file ``file_id``, under the path ``name``."""
        named = self._named.get((file_id, name))
        if named is not None:
            return named
        found = self._files.get(file_id)
        if found is None:
            # What was fetched, not the cache: another thread may have
            # emptied the cache meanwhile (it is bounded).
            found = self._prefetch([file_id])[file_id]
        interview, title, speakers = found
        from pathlib import Path

        from reader.search.records import IndexedFile

        if len(self._named) >= CACHED_FILES:
            self._named.clear()
        named = self._named[file_id, name] = IndexedFile(
            Path(name), interview or "", title or "", speakers
        )
        return named

    def _prefetch(self, file_ids: Iterable[int]) -> dict[int, FileDetails]:
        """Read the details of the files not cached yet; return those read."""
        wanted = sorted({f for f in file_ids if f not in self._files})
        fetched: dict[int, FileDetails] = {}
        if not wanted:
            return fetched
        import json

        from reader.search.records import Speaker

        marks = ", ".join(str(int(f)) for f in wanted)
        rows = self._run(
            None, f"SELECT id, interview, title, people FROM files WHERE id IN ({marks})"
        )
        for file_id, interview, title, people in rows:
            names: dict[str, list[str]] = json.loads(people or "{}")
            speakers = tuple(
                Speaker.of(key, values[0] if values else key, values[1:])
                for key, values in names.items()
            )
            fetched[file_id] = (interview, title, speakers)
        # Bounded: stepping through the hits of a whole library with n/N
        # would otherwise keep the details of every file it passed.
        if len(self._files) + len(fetched) > CACHED_FILES:
            self._files.clear()
        self._files.update(fetched)
        return fetched

    def _person_ids(self, query: Query, negated: bool) -> set[int]:
        values = query.filter_values("by", negated=negated)
        if not values:
            return set()
        persons = self._persons
        if persons is None:
            import json

            from reader.search.records import Speaker

            rows = self._run(None, "SELECT id, key, name, aka FROM persons")
            persons = self._persons = {
                int(pid): Speaker.of(key, name, json.loads(aka)) for pid, key, name, aka in rows
            }
        return {pid for pid, s in persons.items() if any(s.matches(v) for v in values)}

    def _expression(self, query: Query) -> str | None:
        """The FTS5 expression of ``query``; None when nothing can match."""
        positive: list[str] = [f"body : ({phrase(term)})" for term in query.positive]
        negative: list[str] = [f"body : ({phrase(term)})" for term in query.excluded]
        fields: frozenset[Field] | None = query.fields
        if fields is not None:
            if not fields:
                return None
            positive.append(any_tag(facet_token("in", f) for f in fields))
        kinds = query.kinds
        if kinds is not None:
            positive.append(any_tag(facet_token("kind", k) for k in kinds))
        if query.excluded_kinds:
            negative.append(any_tag(facet_token("kind", k) for k in query.excluded_kinds))
        for name in FACETS:
            wanted_values = query.facet_values(name)
            if wanted_values:
                positive.append(any_tag(facet_token(name, v) for v in wanted_values))
            unwanted_values = query.facet_values(name, negated=True)
            if unwanted_values:
                negative.append(any_tag(facet_token(name, v) for v in unwanted_values))
        if query.filter_values("by"):
            wanted = self._person_ids(query, False)
            if not wanted:
                return None
            positive.append(any_tag(facet_token("by", str(p)) for p in wanted))
        unwanted = self._person_ids(query, True)
        if unwanted:
            negative.append(any_tag(facet_token("by", str(p)) for p in unwanted))
        if not positive:  # the parser refuses such a query; never match everything
            return None
        expression = " AND ".join(f"({part})" for part in positive)
        if negative:
            expression = f"({expression}) NOT ({' OR '.join(f'({n})' for n in negative)})"
        return expression

    def _where(self, scope: Scope, ticket: Ticket | None) -> str:
        condition = scope.condition("rowid")
        if condition is not None:
            return f"({condition})"
        with self._lock:
            key = tuple(scope.order)
            if self._scope_table != key:
                self._conn.execute(
                    "CREATE TEMP TABLE IF NOT EXISTS scope (file INTEGER PRIMARY KEY)"
                )
                self._conn.execute("DELETE FROM temp.scope")
                self._conn.executemany(
                    "INSERT INTO temp.scope (file) VALUES (?)", [(f,) for f in scope.order]
                )
                self._scope_table = key
        return f"(rowid >> {FILE_SHIFT}) IN temp.scope"

    def count(self, query: Query | str, scope: Scope, ticket: Ticket | None = None) -> int:
        """The number of passages matching ``query``."""
        parsed = parse_query(query) if isinstance(query, str) else query
        expression = self._expression(parsed)
        if expression is None:
            return 0
        sql = f"SELECT count(*) FROM fts WHERE fts MATCH ? AND {self._where(scope, ticket)}"
        return int(self._run(ticket, sql, [expression])[0][0])

    def counts(
        self, query: Query, scope: Scope, ticket: Ticket | None = None
    ) -> tuple[int, int, int]:
        """Hits, Q&As with a hit and interviews with a hit, from the full-text table alone."""
        expression = self._expression(query)
        if expression is None:
            return 0, 0, 0
        sql = (
            f"SELECT count(*), count(DISTINCT rowid >> {FILE_SHIFT}), "
            f"count(DISTINCT CASE WHEN rowid & {NUMBER_BITS} THEN rowid >> {NUMBER_SHIFT} END) "
            f"FROM fts WHERE fts MATCH ? AND {self._where(scope, ticket)}"
        )
        total, interviews, sections = self._run(ticket, sql, [expression])[0]
        return int(total), int(sections), int(interviews)

    def ids(
        self,
        query: Query,
        scope: Scope,
        start: int = 0,
        limit: int | None = None,
        ticket: Ticket | None = None,
    ) -> list[int]:
        """Row ids of hits ``start`` to ``start + limit`` (all with None), in hit order."""
        expression = self._expression(query)
        if expression is None:
            return []
        where = self._where(scope, ticket)
        if scope.in_id_order:
            page = f" LIMIT {int(limit)} OFFSET {int(start)}" if limit is not None else ""
            if start and limit is None:
                page = f" LIMIT -1 OFFSET {int(start)}"
            sql = (
                "SELECT group_concat(rowid) FROM (SELECT rowid FROM fts "
                f"WHERE fts MATCH ? AND {where} ORDER BY rowid{page})"
            )
            (joined,) = self._run(ticket, sql, [expression])[0]
            return [int(text) for text in joined.split(",")] if joined else []
        # Files not in the order of their ids (added later): sort here.
        sql = f"SELECT group_concat(rowid) FROM fts WHERE fts MATCH ? AND {where}"
        (joined,) = self._run(ticket, sql, [expression])[0]
        found = [int(text) for text in joined.split(",")] if joined else []
        rank = scope.rank
        found.sort(key=lambda i: (rank[i >> FILE_SHIFT], i))
        return found[start:] if limit is None else found[start : start + limit]

    def position(
        self, query: Query, scope: Scope, hit: Hit, ticket: Ticket | None = None
    ) -> int | None:
        """Where ``hit`` (of an earlier search of ``query``) is among its hits in ``scope``.

        A search made while the library was being indexed covered part of
        it; once more is indexed, the same query over the larger scope puts
        the hit the reader is at further on.  None when the hit is no longer
        one (its file changed, or is not in ``scope``).
        """
        expression = self._expression(query)
        from pathlib import Path

        file_id = next((f for f, name in scope.names.items() if Path(name) == hit.path), None)
        if expression is None or file_id is None:
            return None
        low = file_id << FILE_SHIFT | hit.number << NUMBER_SHIFT
        # A passage is one scalar of the file: its line and column name it.
        found = self._run(
            ticket,
            "SELECT id FROM passages WHERE id BETWEEN ? AND ? AND line = ? AND col = ?",
            (low, low | NUMBER_LOW, hit.line, hit.column),
        )
        if not found:
            return None
        rid = int(found[0][0])
        where = self._where(scope, ticket)
        if scope.in_id_order:
            sql = (
                "SELECT count(*), max(rowid = ?) FROM fts "
                f"WHERE fts MATCH ? AND {where} AND rowid <= ?"
            )
            before, matched = self._run(ticket, sql, [rid, expression, rid])[0]
            return int(before) - 1 if matched else None
        ids = self.ids(query, scope, ticket=ticket)
        return ids.index(rid) if rid in ids else None

    def _rows(self, ids: Sequence[int], ticket: Ticket | None) -> Iterator[tuple[Any, ...]]:
        """Passage rows for ``ids``, in that order, fetched in chunks."""
        for first in range(0, len(ids), 2_000):
            chunk = ids[first : first + 2_000]
            marks = ", ".join(str(int(i)) for i in chunk)
            rows = {row[0]: row for row in self._fetch(ticket, f"id IN ({marks})")}
            self._prefetch({i >> FILE_SHIFT for i in chunk})
            for rid in chunk:
                yield rows[rid]

    def _fetch(self, ticket: Ticket | None, condition: str) -> list[tuple[Any, ...]]:
        """The passage rows where ``condition`` holds, in one SQLite step.

        Python's sqlite3 lets other threads run at each step, so fetching
        row by row while another thread computes (the app indexing) waits
        for that thread at every row.  Here SQLite packs the rows into one
        JSON value (the text as hex: it may hold lone surrogates).
        """
        import json

        columns = "id, section, field, answer, annotation, speaker, kind, line, col"
        packed = self._run(
            ticket,
            f"SELECT json_group_array(json_array({columns}, hex(text))) "
            f"FROM passages WHERE {condition}",
        )[0][0]
        return [(*row[:-1], bytes.fromhex(row[-1])) for row in json.loads(packed)]

    def hits(
        self, query: Query, scope: Scope, ids: Sequence[int], ticket: Ticket | None = None
    ) -> list[Hit]:
        """The hits for row ids ``ids`` (from :meth:`ids`), matches computed."""
        from reader.search.records import Passage, make_hit

        out = []
        for rid, section, field, answer, annotation, speaker, kind, line, col, raw in self._rows(
            ids, ticket
        ):
            file_id = rid >> FILE_SHIFT
            passage = Passage(
                section,
                (rid >> NUMBER_SHIFT) & NUMBER_LOW,
                field,
                answer,
                annotation,
                speaker,
                kind,
                line,
                col,
                decode_text(raw),
            )
            out.append(make_hit(query, self.file(file_id, scope.names[file_id]), passage))
        return out

    def search(
        self,
        query: Query | str,
        scope: Scope,
        limit: int | None = None,
        ticket: Ticket | None = None,
        *,
        count: bool = True,
    ) -> SearchResult:
        """The first ``limit`` hits of ``query`` (all with None) and the exact counts.

        With ``count=False``, the hits only (``counted`` is False, and the
        counts are those of the hits returned): the first rows of a large
        result come before its counts (see :meth:`counted`).
        """
        from reader.search.records import SearchResult

        parsed = parse_query(query) if isinstance(query, str) else query
        ids = self.ids(parsed, scope, 0, limit, ticket)
        hits = self.hits(parsed, scope, ids, ticket)
        result = SearchResult(
            parsed,
            hits,
            len(hits),
            len({(h.path, h.number) for h in hits if h.number}),
            len({h.path for h in hits}),
            len(scope.order),
            scope.total,
            counted=False,
        )
        return self.counted(result, scope, ticket) if count else result

    def counted(
        self, result: SearchResult, scope: Scope, ticket: Ticket | None = None
    ) -> SearchResult:
        """``result`` with its exact counts."""
        total, sections, interviews = self.counts(result.query, scope, ticket)
        return result._replace(
            total_hits=total, sections=sections, interviews=interviews, counted=True
        )

    def iter_hits(self, query: Query | str, scope: Scope) -> Iterator[Hit]:
        """Every hit of ``query``, in order, fetched as they are consumed."""
        parsed = parse_query(query) if isinstance(query, str) else query
        ids = self.ids(parsed, scope)
        for first in range(0, len(ids), 2_000):
            yield from self.hits(parsed, scope, ids[first : first + 2_000])

    def iter_rows(self, query: Query, scope: Scope) -> Iterator[PassageRow]:
        """Every hit as a bare :data:`PassageRow` (no match offsets): to print many fast."""
        return self.rows_of(self.ids(query, scope), scope)

    def rows_of(self, ids: Sequence[int], scope: Scope) -> Iterator[PassageRow]:
        """The hits of row ids ``ids`` (from :meth:`ids`) as bare :data:`PassageRow` s."""
        for rid, _s, field, _a, _b, speaker, kind, line, col, raw in self._rows(ids, None):
            file_id = rid >> FILE_SHIFT
            yield (
                self.file(file_id, scope.names[file_id]),
                field,
                speaker,
                kind,
                line,
                col,
                decode_text(raw),
            )


class _Transaction:
    """:meth:`Store.writing`: BEGIN IMMEDIATE, then COMMIT (ROLLBACK on an exception).

    A class rather than a contextlib generator: contextlib is not imported
    to count (see reader.cli.search).
    """

    __slots__ = ("_store",)

    def __init__(self, store: Store) -> None:
        self._store = store

    def __enter__(self) -> None:
        store = self._store
        store._writer.acquire()
        try:
            with store._lock:
                store._conn.execute("BEGIN IMMEDIATE")
                if not store._status_index:
                    # An index made before STATUS_INDEX gets it from its
                    # first writer, which holds the write lock by now.
                    try:
                        store._conn.execute(STATUS_INDEX)
                    except BaseException:
                        store._conn.execute("ROLLBACK")
                        raise
                    store._status_index = True
        except BaseException:
            store._writer.release()
            raise

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        store = self._store
        try:
            with store._lock:
                store._conn.execute("COMMIT" if kind is None else "ROLLBACK")
        finally:
            store._writer.release()
