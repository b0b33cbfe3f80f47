"""The search index (SQLite FTS5): results and counts equal the brute-force scan's.

The scan (:mod:`reader.search.scan`) is the oracle: every passage matched
in Python.  Generated libraries and queries (hypothesis) hold the index to
it, hits, their order and the three counts, whatever the limit and page.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reader.model import Interview
from reader.search.library import index_interviews
from reader.search.query import Query, QueryError, parse_query
from reader.search.records import SearchCancelled, SearchResult, indexed_file, passages_of
from reader.search.scan import scan
from reader.search.store import FILE_SHIFT, Scope, Store, Ticket, facet_token, row_id

from .test_search_support import interview, libraries, queries

LIBRARY = [
    interview(
        "one",
        [
            (
                "Who directed it?",
                [("rm", "The director, Lee. He was directing."), ("amlo", "No sé.")],
                [("correction", "The director is Lee Sung-jin.")],
            ),
            ("Supply chains?", [("amlo", "The supply chain matters for López.")]),
        ],
        notes=[("translation", "Translated by the director's team.")],
    ),
    interview(
        "two",
        [
            ("Straße oder Strasse?", [("rm", "김남준은 RM이다."), ("lee", "中文也可以")]),
            ("Energy?", [("amlo", "Energy and supply chain, chain supply.")], [("note", "x")]),
        ],
    ),
]


def oracle(library: Sequence[Interview], query: Query | str, limit: int | None) -> SearchResult:
    return scan(query, [(indexed_file(i), passages_of(i)) for i in library], limit)


def same_as_scan(
    store: Store, scope: Scope, library: Sequence[Interview], query: Query, limit: int | None
) -> SearchResult:
    """The index's answer, after checking it is the scan's: hits, order and counts."""
    got = store.search(query, scope, limit)
    expected = oracle(library, query, limit)
    assert got.hits == expected.hits, query.text
    assert (got.total_hits, got.sections, got.interviews) == (
        expected.total_hits,
        expected.sections,
        expected.interviews,
    ), query.text
    assert store.count(query, scope) == expected.total_hits
    return got


@pytest.fixture(scope="module")
def indexed() -> tuple[Store, Scope]:
    return index_interviews(LIBRARY)


def where(result: SearchResult) -> list[tuple[str, int, str, int | None, int | None]]:
    return [(h.interview, h.number, h.field, h.answer, h.annotation) for h in result.hits]


def test_words_phrases_filters_and_counts(indexed: tuple[Store, Scope]) -> None:
    store, scope = indexed
    result = store.search("direct", scope)
    assert where(result) == [
        ("one", 0, "annotation", None, 0),
        ("one", 1, "question", None, None),
        ("one", 1, "answer", 0, None),
        ("one", 1, "annotation", None, 0),
    ]
    assert (result.total_hits, result.sections, result.interviews) == (4, 1, 1)
    assert result.hits[2].matches == [(4, 10), (26, 32)]
    assert result.hits[2].speaker_name == "RM"
    assert where(store.search('"supply chain" by:amlo', scope)) == [
        ("one", 2, "answer", 0, None),
        ("two", 2, "answer", 0, None),
    ]
    assert where(store.search("kind:correction", scope)) == [("one", 1, "annotation", None, 0)]
    assert where(store.search("by:namjoon in:answers", scope)) == [
        ("one", 1, "answer", 0, None),
        ("two", 1, "answer", 0, None),
    ]
    assert store.search("by:nobody", scope).total_hits == 0
    assert store.search("in:answers -in:answers", scope).total_hits == 0


def test_a_limit_cuts_hits_not_counts(indexed: tuple[Store, Scope]) -> None:
    store, scope = indexed
    whole = store.search("supply", scope)
    cut = store.search("supply", scope, limit=2)
    assert cut.hits == whole.hits[:2]
    assert (cut.total_hits, cut.sections, cut.interviews) == (3, 2, 2)
    assert len(cut.hits) == 2 < cut.total_hits == len(whole.hits)


def test_the_first_rows_come_before_the_counts(indexed: tuple[Store, Scope]) -> None:
    store, scope = indexed
    first = store.search("the", scope, 2, count=False)
    whole = store.search("the", scope, 2)
    assert first.hits == whole.hits
    assert not first.counted and whole.counted
    assert (first.total_hits, first.interviews) == (2, 1)
    assert store.counted(first, scope) == whole


def test_pages_follow_each_other(indexed: tuple[Store, Scope]) -> None:
    store, scope = indexed
    query = parse_query("the")
    every = store.ids(query, scope)
    pages = [store.ids(query, scope, start, 2) for start in range(0, len(every), 2)]
    assert [i for page in pages for i in page] == every
    assert store.hits(query, scope, pages[1]) == store.search(query, scope).hits[2:4]


def test_counts_come_from_the_row_ids() -> None:
    rid = row_id(7, 3, 2)
    assert rid >> FILE_SHIFT == 7
    assert row_id(7, 0, 5) < row_id(7, 1, 0) < row_id(8, 0, 0)


def test_facet_tokens_are_one_ascii_word_each() -> None:
    token = facet_token("kind", "fact-check")
    assert token == "kindx" + b"fact-check".hex()
    assert token.isalnum() and token.isascii()
    # A word typed in a query never reaches the tags column.
    store, scope = index_interviews(LIBRARY)
    assert store.search("kindx", scope).total_hits == 0
    assert store.search("inx616e", scope).total_hits == 0


def test_hits_come_in_the_scope_order_not_the_id_order() -> None:
    store, whole = index_interviews(LIBRARY)
    reverse = Scope(list(reversed([(f, whole.names[f]) for f in whole.order])))
    result = store.search("supply", reverse, limit=3)
    assert [h.interview for h in result.hits] == ["two", "one", "one"]
    expected = oracle(list(reversed(LIBRARY)), "supply", 3)
    assert result.hits == expected.hits
    one = Scope([(whole.order[1], whole.names[whole.order[1]])])
    assert {h.interview for h in store.search("supply", one).hits} == {"two"}


def test_a_cancelled_search_raises(indexed: tuple[Store, Scope]) -> None:
    store, scope = indexed
    ticket = Ticket()
    store.cancel(ticket)
    with pytest.raises(SearchCancelled):
        store.search("supply", scope, ticket=ticket)
    # Another search is not affected.
    assert store.search("supply", scope, ticket=Ticket()).total_hits == 3


def test_a_running_statement_is_interrupted() -> None:
    # A library large enough that counting a phrase takes a while; the
    # cancel comes from another thread while the statement runs.
    texts = [f"supply chain number {n} the supply, chain" for n in range(3000)]
    big = [interview("big", [(text, [("rm", text)], []) for text in texts])]
    store, scope = index_interviews(big)
    ticket = Ticket()
    started = threading.Event()
    original = store._run

    def run(ticket_: Ticket | None, sql: str, params: Sequence[object] = ()) -> list[object]:
        if ticket_ is ticket and "count(" in sql:
            started.set()
            # Stand in for a slow statement: interrupt before it ends.
            store.cancel(ticket)
        return original(ticket_, sql, params)

    store._run = run  # type: ignore[method-assign]
    with pytest.raises(SearchCancelled):
        store.search('"supply chain"', scope, ticket=ticket)
    assert started.is_set()


def test_searches_from_several_threads(indexed: tuple[Store, Scope]) -> None:
    store, scope = indexed
    expected = store.search("supply", scope)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(20):
                assert store.search("supply", scope) == expected
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


@settings(max_examples=200, deadline=None)
@given(libraries(), st.lists(queries(), min_size=1, max_size=4), st.sampled_from([None, 0, 1, 3]))
def test_the_index_gives_the_answers_of_a_scan(
    library: list[Interview], texts: list[str], limit: int | None
) -> None:
    store, scope = index_interviews(library)
    try:
        for text in texts:
            try:
                query = parse_query(text)
            except QueryError:
                assume(False)
                return
            got = same_as_scan(store, scope, library, query, limit)
            for hit in got.hits:
                if query.positive:
                    assert hit.matches, text
                for start, end in hit.matches:
                    assert 0 <= start < end <= len(hit.text)
    finally:
        store.close()


@settings(max_examples=60, deadline=None)
@given(libraries(), queries(), st.integers(1, 3))
def test_pages_give_the_scan_in_slices(library: list[Interview], text: str, size: int) -> None:
    try:
        query = parse_query(text)
    except QueryError:
        assume(False)
        return
    store, scope = index_interviews(library)
    expected = oracle(library, query, None).hits
    got = []
    for start in range(0, len(expected) + size, size):
        got += store.hits(query, scope, store.ids(query, scope, start, size))
    assert got == expected
    store.close()


@settings(max_examples=60, deadline=None)
@given(libraries(), st.lists(queries(), min_size=1, max_size=3), st.data())
def test_removing_a_file_forgets_it(
    library: list[Interview], texts: list[str], data: st.DataObject
) -> None:
    assume(library)
    store, scope = index_interviews(library)
    gone = data.draw(st.integers(0, len(library) - 1))
    with store.writing():
        store.remove_file(scope.order[gone])
    rest = [i for n, i in enumerate(library) if n != gone]
    kept = Scope([(f, scope.names[f]) for n, f in enumerate(scope.order) if n != gone])
    whole = Scope([(f, scope.names[f]) for f in scope.order])
    for text in texts:
        try:
            query = parse_query(text)
        except QueryError:
            continue
        same_as_scan(store, kept, rest, query, None)
        # The file's rows are gone from the full-text table too.
        assert store.count(query, whole) == oracle(rest, query, None).total_hits
    store.close()


@settings(max_examples=60, deadline=None)
@given(libraries(), queries(), st.data())
def test_a_hit_found_in_part_of_the_library_is_placed_among_the_whole_s(
    library: list[Interview], text: str, data: st.DataObject
) -> None:
    try:
        query = parse_query(text)
    except QueryError:
        assume(False)
        return
    store, whole = index_interviews(library)
    files = [(f, whole.names[f]) for f in whole.order]
    # A search made while indexing covered the first files only.
    first = Scope(files[: data.draw(st.integers(0, len(files)))], total=len(files))
    every = oracle(library, query, None).hits
    for hit in store.search(query, first).hits:
        assert store.position(query, whole, hit) == every.index(hit)
    # Files not in the order of their ids: placed in the scope's order.
    reverse = Scope(list(reversed(files)))
    in_reverse = store.search(query, reverse).hits
    for hit in every:
        assert store.position(query, reverse, hit) == in_reverse.index(hit)
    # A hit of a file outside the scope, or no longer a hit, has no place.
    if every:
        assert store.position(query, Scope([]), every[0]) is None
        assert store.position(query, whole, every[0]._replace(line=0)) is None
    store.close()


def test_a_file_too_large_to_number_is_stored_with_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reader.search import sql

    passages = passages_of(LIBRARY[0])
    rows = sql.file_rows(passages)
    assert rows.error is None and len(rows.passages) == len(rows.fts) == len(passages)
    # Row ids hold 20 bits of Q&A number and 20 of passage: fewer here.
    monkeypatch.setattr(sql, "NUMBER_LOW", 1)
    assert sql.file_rows(passages).error == "too many Q&As to index for search"
    monkeypatch.setattr(sql, "NUMBER_LOW", 2)
    assert sql.file_rows(passages).error == "too many passages in one Q&A to index for search"
    store = Store.memory()
    with store.writing():
        file_id = store.add_file(
            b"big.yaml", 1, 1, indexed_file(LIBRARY[0]), sql.file_rows(passages), {}
        )
    assert store.select("SELECT errors FROM files WHERE id = ?", (file_id,)) == [
        ('[[1, 1, "too many passages in one Q&A to index for search"]]',)
    ]
    assert store.select("SELECT count(*) FROM passages") == [(0,)]
    store.close()


def test_the_file_details_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.search import store as store_module

    monkeypatch.setattr(store_module, "CACHED_FILES", 1)
    library = [
        interview(f"i{n}", [("Supply?", [("amlo", f"The supply chain, {n}.")])]) for n in range(5)
    ]
    store, scope = index_interviews(library)
    # Page by page, as n/N go through a whole library: the results stay the
    # scan's while the cache never holds more than its bound.
    for start in range(5):
        ids = store.ids(parse_query("chain"), scope, start, 1)
        (hit,) = store.hits(parse_query("chain"), scope, ids)
        assert hit.interview == f"i{start}"
        assert len(store._files) <= 1 and len(store._named) <= 1
    same_as_scan(store, scope, library, parse_query("supply"), None)
