"""The in-memory index: results, counts, filters, order, threads; index == fresh scan."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reader.model import ANNOTATION_KINDS
from reader.search import Query, QueryError, SearchIndex, SearchResult, engine, parse_query

from .test_search_support import PEOPLE, interview

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


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex.from_interviews(LIBRARY)


def where(result: object) -> list[tuple[str, int, str, int | None, int | None]]:
    return [
        (h.interview, h.number, h.field, h.answer, h.annotation)
        for h in result.hits  # type: ignore[attr-defined]
    ]


def test_a_word_finds_every_passage_with_a_word_starting_so(index: SearchIndex) -> None:
    result = index.search("direct")
    assert where(result) == [
        ("one", 0, "annotation", None, 0),
        ("one", 1, "question", None, None),
        ("one", 1, "answer", 0, None),
        ("one", 1, "annotation", None, 0),
    ]
    assert (result.total_hits, result.sections, result.interviews) == (4, 1, 1)
    assert [h.text[a:b] for h in result.hits for a, b in h.matches] == [
        "direct",
        "direct",
        "direct",
        "direct",
        "direct",
    ]


def test_hit_fields(index: SearchIndex) -> None:
    (hit,) = index.search("lopez").hits
    assert hit.path == Path("lib/one.yaml")
    assert (hit.interview, hit.interview_title) == ("one", "Interview one")
    assert (hit.section, hit.number, hit.field, hit.answer, hit.annotation) == (
        "q2",
        2,
        "answer",
        0,
        None,
    )
    assert (hit.speaker, hit.speaker_name, hit.kind) == (
        "amlo",
        "Andrés Manuel López Obrador",
        None,
    )
    assert hit.text == "The supply chain matters for López."
    assert hit.matches == [(29, 34)]
    assert (hit.line, hit.column) == (210, 5)


def test_annotation_hits(index: SearchIndex) -> None:
    hits = index.search("in:annotations director").hits
    assert [
        (h.section, h.number, h.annotation, h.kind, h.speaker, h.line, h.column) for h in hits
    ] == [
        (None, 0, 0, "translation", None, 20, 9),
        ("q1", 1, 0, "correction", None, 190, 7),
    ]


def test_counts_leave_interview_wide_annotations_out_of_sections(index: SearchIndex) -> None:
    result = index.search("translated")
    assert (result.total_hits, result.sections, result.interviews) == (1, 0, 1)


def test_counts_over_several_interviews(index: SearchIndex) -> None:
    result = index.search("supply")
    assert (result.total_hits, result.sections, result.interviews) == (3, 2, 2)


def test_limit_cuts_hits_not_counts(index: SearchIndex) -> None:
    result = index.search("the", limit=2)
    full = index.search("the")
    assert result.hits == full.hits[:2]
    assert (result.total_hits, result.sections, result.interviews) == (
        full.total_hits,
        full.sections,
        full.interviews,
    )
    assert result.truncated and not full.truncated
    assert index.search("the", limit=0).hits == []


def test_all_terms_must_match_in_the_same_passage(index: SearchIndex) -> None:
    # "who" is in a question, "lee" in its answer: never in one passage.
    assert index.search("who lee").total_hits == 0
    assert where(index.search("director lee")) == [
        ("one", 1, "answer", 0, None),
        ("one", 1, "annotation", None, 0),
    ]


def test_phrase_and_exclusion(index: SearchIndex) -> None:
    # Every word of a phrase may start a longer word: "Supply chains?" matches.
    assert where(index.search('"supply chain"')) == [
        ("one", 2, "question", None, None),
        ("one", 2, "answer", 0, None),
        ("two", 2, "answer", 0, None),
    ]
    assert where(index.search('"chain supply"')) == [("two", 2, "answer", 0, None)]
    assert where(index.search('supply -"supply chain"')) == []
    assert where(index.search("chain -energy")) == [
        ("one", 2, "question", None, None),
        ("one", 2, "answer", 0, None),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "by:amlo",
            [
                ("one", 1, "answer", 1, None),
                ("one", 2, "answer", 0, None),
                ("two", 2, "answer", 0, None),
            ],
        ),
        ("by:lopez supply", [("one", 2, "answer", 0, None), ("two", 2, "answer", 0, None)]),
        ("by:namjoon", [("one", 1, "answer", 0, None), ("two", 1, "answer", 0, None)]),
        ('by:"kim namjoon" lee', [("one", 1, "answer", 0, None)]),
        ('by:"namjoon kim"', []),
        ("by:nam", []),
        (
            "by:RM by:lee",
            [
                ("one", 1, "answer", 0, None),
                ("two", 1, "answer", 0, None),
                ("two", 1, "answer", 1, None),
            ],
        ),
        ("by:host who", [("one", 1, "question", None, None)]),
        ("-by:host -by:amlo -by:rm in:answers", [("two", 1, "answer", 1, None)]),
        ("kind:correction", [("one", 1, "annotation", None, 0)]),
        (
            "-kind:translation director",
            [("one", 1, "answer", 0, None), ("one", 1, "annotation", None, 0)],
        ),
        ("in:questions supply", [("one", 2, "question", None, None)]),
        (
            "in:answers in:questions energy",
            [("two", 2, "question", None, None), ("two", 2, "answer", 0, None)],
        ),
        ("-in:answers -in:annotations strasse", [("two", 1, "question", None, None)]),
    ],
)
def test_filters(index: SearchIndex, query: str, expected: list[tuple[object, ...]]) -> None:
    assert where(index.search(query)) == expected
    assert where(index.scan(query)) == expected


def test_scripts(index: SearchIndex) -> None:
    assert [h.text[a:b] for h in index.search("김남준").hits for a, b in h.matches] == ["김남준"]
    assert [h.text[a:b] for h in index.search("也可").hits for a, b in h.matches] == ["也可"]
    assert [h.text[a:b] for h in index.search("strasse").hits for a, b in h.matches] == [
        "Straße",
        "Strasse",
    ]


def test_bad_text_raises_query_error_and_nothing_else(index: SearchIndex) -> None:
    with pytest.raises(QueryError):
        index.search('"open')
    assert index.search("a" * 1_000_000).total_hits == 0
    # Only the letters count: this is the word "x" (a note says just "x").
    assert where(index.search("(.*)+ [x] \\ $")) == [("two", 2, "annotation", None, 0)]


def test_a_parsed_query_can_be_passed(index: SearchIndex) -> None:
    assert index.search(parse_query("lopez")).total_hits == 1
    assert index.count("supply") == 3


def test_an_empty_index() -> None:
    empty = SearchIndex.from_interviews([])
    result = empty.search("x")
    assert (len(empty), result.hits, result.total_hits, result.sections) == (0, [], 0, 0)


def test_search_from_other_threads(index: SearchIndex) -> None:
    expected = (index.search("supply").hits, index.search("su").total_hits)
    results: list[tuple[object, int]] = []

    def work() -> None:
        for _ in range(20):
            # One append per pair: appends from several threads interleave.
            results.append((index.search("supply").hits, index.search("su").total_hits))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 80


def test_an_index_built_in_one_thread_is_searched_in_another() -> None:
    built: list[SearchIndex] = []
    thread = threading.Thread(target=lambda: built.append(SearchIndex.from_interviews(LIBRARY)))
    thread.start()
    thread.join()
    assert built[0].search("lopez").total_hits == 1


@settings(max_examples=300)
@given(
    st.lists(st.integers(0, 5000), max_size=400),
    st.one_of(st.none(), st.integers(-1, 1200)),
)
def test_the_first_slots_of_a_mask(bits: list[int], limit: int | None) -> None:
    mask = sum(1 << bit for bit in set(bits))
    expected = sorted(set(bits))
    if limit is not None:
        expected = expected[: max(0, limit)]
    assert engine._first_slots(mask, limit, list(range(5001))) == expected
    assert engine._lowest(mask, limit) == expected


def test_hits_are_made_when_first_looked_at(index: SearchIndex) -> None:
    made: list[int] = []
    real = index._hit

    def counting(query: object, slot: int) -> object:
        made.append(slot)
        return real(query, slot)  # type: ignore[arg-type]

    index._hit = counting  # type: ignore[method-assign]
    try:
        result = index.search("the")
        assert made == []
        hits = result.hits
        assert len(hits) == result.total_hits == 4
        first = hits[0]
        assert hits[0] is first and hits[-4] is first
        assert len(made) == 1
        assert hits[1:3] == [hits[1], hits[2]] and hits[::-1][-1] is first
        assert list(hits) == hits == index.scan("the").hits
        assert hits != hits[:3] and hits != "the"
        assert len(made) == 4  # each hit made once, whatever the access
        with pytest.raises(IndexError):
            hits[4]
        with pytest.raises(IndexError):
            hits[-5]
    finally:
        del index._hit


def test_hits_are_immutable(index: SearchIndex) -> None:
    hit = index.search("lopez").hits[0]
    with pytest.raises(AttributeError):
        hit.text = "x"  # type: ignore[misc]
    # Equal by their fields, whether or not the matches were computed yet.
    fresh = index.search("lopez").hits[0]
    assert fresh == hit
    assert not fresh.__ne__(hit)
    assert fresh.matches == hit.matches
    assert index.search("lopez").hits[0] != index.search("supply").hits[0]


# -- the index agrees with a fresh scan, on generated libraries --------------

_VOCABULARY = [
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
_SEPARATORS = [" ", ", ", ". ", "\n", " — ", "", "-"]


def same_as_scan(index: SearchIndex, query: Query, limit: int | None) -> SearchResult:
    """The index's answer, after checking it is the scan's, hits and counts."""
    got = index.search(query, limit)
    expected = index.scan(query, limit)
    assert got.hits == expected.hits, query.text
    assert (got.total_hits, got.sections, got.interviews) == (
        expected.total_hits,
        expected.sections,
        expected.interviews,
    ), query.text
    return got


@st.composite
def _passage(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(_VOCABULARY), min_size=1, max_size=8))
    seps = draw(st.lists(st.sampled_from(_SEPARATORS), min_size=len(words), max_size=len(words)))
    return "".join(w + s for w, s in zip(words, seps, strict=True)).strip() or "x"


@st.composite
def _library(draw: st.DrawFn) -> list[object]:
    out = []
    for number in range(draw(st.integers(0, 3))):
        sections = []
        for _ in range(draw(st.integers(1, 3))):
            question = draw(_passage())
            answers = [
                (draw(st.sampled_from(sorted(PEOPLE))), draw(_passage()))
                for _ in range(draw(st.integers(1, 3)))
            ]
            notes = [
                (draw(st.sampled_from(ANNOTATION_KINDS)), draw(_passage()))
                for _ in range(draw(st.integers(0, 2)))
            ]
            sections.append((question, answers, notes))
        wide = [
            (draw(st.sampled_from(ANNOTATION_KINDS)), draw(_passage()))
            for _ in range(draw(st.integers(0, 2)))
        ]
        out.append(interview(f"i{number}", sections, notes=wide))
    return out


@st.composite
def _query(draw: st.DrawFn) -> str:
    items = []
    for _ in range(draw(st.integers(1, 3))):
        word = draw(st.sampled_from(_VOCABULARY))
        cut = draw(st.integers(1, len(word)))
        kind = draw(st.sampled_from(["word", "word", "phrase", "minus", "filter"]))
        if kind == "word":
            items.append(word[:cut])
        elif kind == "phrase":
            items.append(f'"{word} {draw(st.sampled_from(_VOCABULARY))[:cut]}"')
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
                        ]
                    )
                )
            )
    return " ".join(items)


@settings(max_examples=200)
@given(_library(), st.lists(_query(), min_size=1, max_size=4), st.sampled_from([None, 0, 1, 3]))
def test_index_results_equal_a_fresh_scan(
    library: list[object], queries: list[str], limit: int | None
) -> None:
    index = SearchIndex.from_interviews(library)  # type: ignore[arg-type]
    for text in queries:
        try:
            query = parse_query(text)
        except QueryError:
            assume(False)
            return
        got = same_as_scan(index, query, limit)
        for hit in got.hits:
            if query.positive:
                assert hit.matches, text
            for start, end in hit.matches:
                assert 0 <= start < end <= len(hit.text)


@settings(max_examples=150)
@given(
    _library(),
    st.lists(_query(), min_size=1, max_size=4),
    st.integers(1, 6),
    st.sampled_from(["built", "later", "never"]),
)
def test_pair_postings_give_the_answers_of_a_scan(
    library: list[object], queries: list[str], floor: int, pairs: str
) -> None:
    # A low floor makes most tokens frequent, so phrases are answered from
    # the pair postings, alone (two frequent words) or with the passages of
    # rare ones to check; with none, by scanning.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "_DENSE_FLOOR", floor)
        index = SearchIndex.from_interviews(library, pairs=pairs == "built")  # type: ignore[arg-type]
    for number, text in enumerate(queries):
        if pairs == "later" and number == 1:
            index.build_pairs()
            assert index.has_pairs
        try:
            query = parse_query(text)
        except QueryError:
            continue
        same_as_scan(index, query, None)


def test_a_two_word_phrase_of_frequent_words_needs_no_scan() -> None:
    texts = ["supply chain", "chain supply", "the supply, chain", "supply the chain"] * 20
    library = [interview("i0", [(text, [("rm", text)], []) for text in texts])]
    index = SearchIndex.from_interviews(library)  # type: ignore[arg-type]
    assert index.has_pairs
    scans: list[int] = []
    # The scan of the token sequences asks whether to go on; the pair
    # postings answer without it.
    result = index.search('"supply chain"', cancelled=lambda: bool(scans.append(1)))
    assert scans == []
    assert result.total_hits == 80  # "supply chain" and "the supply, chain", twice each
    assert result.hits == index.scan('"supply chain"').hits
    # A phrase of three needs the check: the pairs only narrow it down.
    three = index.search('"the supply chain"', cancelled=lambda: bool(scans.append(1)))
    assert scans
    assert three.total_hits == 40
    assert three.hits == index.scan('"the supply chain"').hits


def test_a_long_search_can_be_cancelled(index: SearchIndex) -> None:
    from reader.search import SearchCancelled

    calls: list[int] = []

    def cancelled() -> bool:
        calls.append(1)
        return True

    with pytest.raises(SearchCancelled):
        index.search('"supply chain"', cancelled=cancelled)
    assert calls == [1]
    # Not cancelled: the same answer as without a callback.
    assert index.search('"supply chain"', cancelled=lambda: False).hits == (
        index.search('"supply chain"').hits
    )


@settings(max_examples=60)
@given(_library(), st.lists(_query(), min_size=1, max_size=4))
def test_a_library_with_too_many_tokens_for_token_ids_gives_the_same_results(
    library: list[object], queries: list[str]
) -> None:
    # With room for only three token ids, the build redoes its postings by
    # token and phrases are checked on the text: the answers must not change.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "_MAX_TOKENS", 3)
        small = SearchIndex.from_interviews(library)  # type: ignore[arg-type]
    assume(small._corpus is None)
    for text in queries:
        try:
            query = parse_query(text)
        except QueryError:
            continue
        same_as_scan(small, query, None)
