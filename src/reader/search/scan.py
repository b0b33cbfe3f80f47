"""The brute-force search: every passage matched in Python, with no index.

Slow (every passage is folded), but the plain reading of the rules in
:mod:`reader.search.match` and :mod:`reader.search.query`; the index
(:mod:`reader.search.store`) must give exactly its answers, which the tests
check on generated libraries and queries.

Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from reader.search.match import PassageTokens, passage_matches
from reader.search.query import FACETS, Query, parse_query
from reader.search.records import Hit, IndexedFile, Passage, SearchResult, make_hit

__all__ = ["accepts", "scan"]


def accepts(query: Query, file: IndexedFile, passage: Passage) -> bool:
    """True when ``passage`` passes the query's filters (``by:``, ``kind:``, ``in:``,
    ``verdict:``, ``topic:``)."""
    fields = query.fields
    if fields is not None and passage.field not in fields:
        return False
    kinds = query.kinds
    if kinds is not None and passage.kind not in kinds:
        return False
    if passage.kind is not None and passage.kind in query.excluded_kinds:
        return False
    for name in FACETS:
        values = {value for facet, value in passage.facets if facet == name}
        included = query.facet_values(name)
        if included and not values & included:
            return False
        if values & query.facet_values(name, negated=True):
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
    """Search ``files`` (in hit order) by matching every passage: the reference."""
    parsed = parse_query(query) if isinstance(query, str) else query
    total = 0
    count = 0
    sections: set[tuple[int, int]] = set()
    interviews: set[int] = set()
    hits: list[Hit] = []
    for file_number, (file, passages) in enumerate(files):
        count += 1
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
    return SearchResult(parsed, hits, total, len(sections), len(interviews), count, count)
