"""The index's layout: the schema, row ids, facet tokens, and the FTS5 query text.

Shared by the store (:mod:`reader.search.store`) that writes and reads the
database: what a row id says, how a facet value becomes a token of the
``tags`` column, how a term becomes an FTS5 phrase, which files a search
covers (:class:`Scope`) and the ticket that lets a newer search stop an
older one (:class:`Ticket`).

Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

import sqlite3

from reader.search.normalize import fold
from reader.tuples import NamedTuple

# json and the records are imported where used: a warm `reader search
# --count` needs neither (see reader.cli.search on TYPE_CHECKING).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from typing import TypeAlias

    from reader.search.query import Term
    from reader.search.records import IndexedFile, Passage

__all__ = [
    "FILE_SHIFT",
    "NUMBER_BITS",
    "NUMBER_LOW",
    "NUMBER_SHIFT",
    "SCHEMA",
    "STATUS_INDEX",
    "FileRows",
    "PassageRow",
    "Scope",
    "Ticket",
    "any_tag",
    "decode_text",
    "encode_text",
    "facet_token",
    "file_rows",
    "fts5_available",
    "phrase",
    "row_id",
    "tags_of",
]

FILE_SHIFT = 40
"""Row ids are ``file << FILE_SHIFT | number << NUMBER_SHIFT | k``."""
NUMBER_SHIFT = 20
NUMBER_LOW = (1 << NUMBER_SHIFT) - 1
NUMBER_BITS = NUMBER_LOW << NUMBER_SHIFT

PassageRow: TypeAlias = "tuple[IndexedFile, str, str | None, str | None, int, int, str]"
"""A hit as :meth:`Store.iter_rows` gives it: file, field, speaker key, kind, line, column, text."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY,
    path BLOB NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    interview TEXT,
    title TEXT,
    people TEXT NOT NULL,
    summary TEXT NOT NULL,
    errors TEXT
);
CREATE TABLE IF NOT EXISTS persons (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    aka TEXT NOT NULL,
    UNIQUE (key, name, aka)
);
CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY,
    section TEXT,
    field TEXT NOT NULL,
    answer INTEGER,
    annotation INTEGER,
    speaker TEXT,
    kind TEXT,
    facets TEXT,
    line INTEGER NOT NULL,
    col INTEGER NOT NULL,
    text BLOB NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    body, tags, content='', tokenize='ascii', prefix='1 2', detail=full
);
"""

STATUS_INDEX = "CREATE INDEX IF NOT EXISTS files_status ON files (path, size, mtime_ns, errors)"
"""What a search reads of every file, to find the new and changed ones: a covering index,
20 pages for 1,000 files where the table's rows (with their summaries) take 160 (0.6 ms of
a warm ``reader search --count``).  Not in :data:`SCHEMA`, which runs at every open: on an
index made before it, creating it is a write, made only by a writer (see
:class:`reader.search.store.Store`), never by a search that opens the index to read."""

_MAX_RANGES = 16
"""Up to this many runs of consecutive file ids are written into the SQL as ranges."""

_FTS5: bool | None = None


def fts5_available(connection: sqlite3.Connection | None = None) -> bool:
    """True when this Python's SQLite has FTS5 (checked once; ``connection``: one to ask).

    SQLite built with FTS5 says so (every SQLite Python ships with is); else
    a table is made to find out, in memory (0.4 ms of a warm ``reader search
    --count``, saved when SQLite says).
    """
    global _FTS5
    if _FTS5 is None:
        try:
            asked = connection if connection is not None else sqlite3.connect(":memory:")
            try:
                if asked.execute("SELECT sqlite_compileoption_used('ENABLE_FTS5')").fetchone()[0]:
                    _FTS5 = True
                    return _FTS5
            finally:
                if asked is not connection:
                    asked.close()
            probe = sqlite3.connect(":memory:")
            try:
                probe.execute("CREATE VIRTUAL TABLE probe USING fts5(body, tokenize='ascii')")
                _FTS5 = True
            finally:
                probe.close()
        except sqlite3.Error:
            _FTS5 = False
    return _FTS5


def row_id(file_id: int, number: int, k: int) -> int:
    """The row id of passage ``k`` of Q&A ``number`` of file ``file_id``."""
    return file_id << FILE_SHIFT | number << NUMBER_SHIFT | k


def facet_token(name: str, value: str) -> str:
    """The ``tags`` token of a facet value: ``name``, ``x``, the value's UTF-8 in hex.

    Letters and digits only, so the ``ascii`` tokenizer keeps it whole, and
    never the start of another facet's token.  A facet (``in``, ``kind``,
    ``by``; a new filter such as ``topic:``) is a name and the values a
    passage has: adding one is a value here and a condition in
    :meth:`Store._expression`.
    """
    return f"{name}x{value.encode('utf-8', 'surrogatepass').hex()}"


def encode_text(text: str) -> bytes:
    """Passage text as stored: UTF-8, lone surrogates (from YAML escapes) kept."""
    return text.encode("utf-8", "surrogatepass")


def decode_text(data: bytes | str) -> str:
    """The inverse of :func:`encode_text`."""
    return data if isinstance(data, str) else data.decode("utf-8", "surrogatepass")


def tags_of(
    field: str, kind: str | None, person: int | None, facets: Iterable[Sequence[str]] = ()
) -> str:
    """The ``tags`` column of a passage: its field, kind, person and other facets as tokens."""
    parts = [facet_token("in", field)]
    if kind is not None:
        parts.append(facet_token("kind", kind))
    if person is not None:
        parts.append(facet_token("by", str(person)))
    parts += [facet_token(name, value) for name, value in facets]
    return " ".join(parts)


PassageTableRow: TypeAlias = (
    "tuple[int, str | None, str, int | None, int | None, str | None, str | None, str | None, "
    "int, int, bytes]"
)
"""A row of the ``passages`` table: id, section, field, answer, annotation, speaker, kind,
facets, line, column, text."""


class FileRows(NamedTuple):
    """A file's passages as the index stores them, numbered within the file.

    Built by :func:`file_rows` where the file was parsed (a pool worker:
    folding and formatting every row is most of the Python work of storing
    a file), so that the process writing the index only adds the file's id
    to each row id and the person ids to each ``tags``
    (:meth:`reader.search.store.Store.add_file`).
    """

    passages: list[PassageTableRow]
    """The ``passages`` table's rows, the id without the file's part."""
    fts: list[tuple[int, str, str, str, str | None]]
    """Per passage: id (without the file's part), folded body, the ``tags``
    before the ``by:`` token and after it, and the speaker's key."""
    error: str | None = None
    """Why the file cannot be indexed (too many Q&As or passages to number)."""


def file_rows(passages: Sequence[Passage], folded: Sequence[str] | None = None) -> FileRows:
    """The rows of ``passages`` (``folded``: each one's text folded, when already done)."""
    if any(p.number > NUMBER_LOW for p in passages):
        return FileRows([], [], "too many Q&As to index for search")
    if folded is None:
        folded = [fold(p.text) for p in passages]
    rows: list[PassageTableRow] = []
    fts: list[tuple[int, str, str, str, str | None]] = []
    counters: dict[int, int] = {}
    # The same few tags strings and facet columns recur on every row: made
    # once each (and pickled once, to the process that stores them).
    heads: dict[tuple[str, str | None], str] = {}
    tails: dict[tuple[tuple[str, str], ...], tuple[str, str | None]] = {}
    for p, body in zip(passages, folded, strict=True):
        k = counters.get(p.number, 0)
        if k > NUMBER_LOW:
            return FileRows([], [], "too many passages in one Q&A to index for search")
        counters[p.number] = k + 1
        local = p.number << NUMBER_SHIFT | k
        head = heads.get((p.field, p.kind))
        if head is None:
            head = facet_token("in", p.field)
            if p.kind is not None:
                head += " " + facet_token("kind", p.kind)
            heads[p.field, p.kind] = head
        facets = tails.get(p.facets)
        if facets is None:
            tail = "".join(" " + facet_token(name, value) for name, value in p.facets)
            facets = tails[p.facets] = (tail, facets_column(p.facets))
        rows.append(
            (
                local,
                p.section,
                p.field,
                p.answer,
                p.annotation,
                p.speaker,
                p.kind,
                facets[1],
                p.line,
                p.column,
                encode_text(p.text),
            )
        )
        fts.append((local, body, head, facets[0], p.speaker))
    return FileRows(rows, fts)


def facets_column(facets: Sequence[tuple[str, str]]) -> str | None:
    """A passage's extra facets as stored (JSON), or NULL when it has none."""
    import json

    return json.dumps([list(f) for f in facets], ensure_ascii=True) if facets else None


def facets_of(column: str | None) -> list[list[str]]:
    """The facets stored by :func:`facets_column`."""
    import json

    return json.loads(column) if column else []


def _quoted(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def phrase(term: Term) -> str:
    """A term as an FTS5 phrase: its tokens joined by ``+``, prefixes with ``*``."""
    return " + ".join(
        _quoted(token) + (" *" if is_prefix else "")
        for token, is_prefix in zip(term.tokens, term.prefix, strict=True)
    )


def any_tag(tokens: Iterable[str]) -> str:
    """FTS5 text true of a passage whose ``tags`` hold any of ``tokens``."""
    return "tags : (" + " OR ".join(_quoted(t) for t in sorted(tokens)) + ")"


class Scope:
    """The files a search covers, in hit order, with the paths as the user named them."""

    def __init__(self, files: Sequence[tuple[int, str]], *, total: int | None = None) -> None:
        """``files`` are (file id, path as named); ``total`` counts the files asked about."""
        self.order = [file_id for file_id, _ in files]
        self.names = dict(files)
        self.total = len(self.order) if total is None else total
        self.in_id_order = self.order == sorted(self.order)
        self._rank: dict[int, int] | None = None
        self._ranges: list[tuple[int, int]] | None = None

    @property
    def rank(self) -> dict[int, int]:
        """Each file's place in hit order (made when first asked: a count needs none)."""
        if self._rank is None:
            self._rank = {file_id: rank for rank, file_id in enumerate(self.order)}
        return self._rank

    @property
    def ranges(self) -> list[tuple[int, int]]:
        """The runs of consecutive file ids, as (first, last), in id order."""
        if self._ranges is None:
            ranges: list[tuple[int, int]] = []
            ids = self.order if self.in_id_order else sorted(self.order)
            low = high = None
            for file_id in ids:
                if high is not None and file_id == high + 1:
                    high = file_id
                    continue
                if low is not None and high is not None:
                    ranges.append((low, high))
                low = high = file_id
            if low is not None and high is not None:
                ranges.append((low, high))
            self._ranges = ranges
        return self._ranges

    def condition(self, column: str) -> str | None:
        """SQL true of the row ids in ``column`` of the passages covered (None: too many runs)."""
        ranges = self.ranges
        if not ranges:
            return "0"
        if len(ranges) > _MAX_RANGES:
            return None
        return " OR ".join(
            f"{column} BETWEEN {int(low) << FILE_SHIFT} AND {((int(high) + 1) << FILE_SHIFT) - 1}"
            for low, high in ranges
        )


class Ticket:
    """One search, which :meth:`Store.cancel` can stop."""

    __slots__ = ("cancelled",)

    def __init__(self) -> None:
        self.cancelled = False
