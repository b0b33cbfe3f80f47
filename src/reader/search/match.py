"""Matching a parsed query against one passage: the definition of a match.

The index (:mod:`reader.search.engine`) only narrows the passages down fast;
what counts as a match, and where the matches are, is decided here, on the
folded text of a passage (:mod:`reader.search.normalize`), and mapped back to
character offsets in the original text.

Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.search.normalize import FoldMap, token_spans
from reader.search.query import Query, Term, parse_query

__all__ = ["PassageTokens", "match_spans", "merge_spans", "term_spans"]


class PassageTokens:
    """A passage folded and cut into tokens, ready to match terms against."""

    __slots__ = ("fold", "spans", "words")

    def __init__(self, text: str) -> None:
        self.fold = FoldMap(text)
        found = list(token_spans(self.fold.text))
        self.words = [word for word, _, _ in found]
        self.spans = [(start, end) for _, start, end in found]

    def term_spans(self, term: Term) -> list[tuple[int, int]]:
        """Folded ``[start, end)`` of each occurrence of ``term``."""
        return term_spans(term, self.words, self.spans)

    def original(self, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        """Map folded spans back to offsets in the original text."""
        return [self.fold.span(start, end) for start, end in spans]


def term_spans(
    term: Term, words: Sequence[str], spans: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Where ``term``'s tokens occur in a row in ``words`` (folded offsets).

    A token flagged as a prefix matches a word that starts with it; the
    others must equal the word.  A match of a prefix token ends where the
    token ends, so only the typed part of a longer word is highlighted.
    """
    wanted = term.tokens
    prefix = term.prefix
    count = len(wanted)
    first, first_prefix = wanted[0], prefix[0]
    found: list[tuple[int, int]] = []
    for index in range(len(words) - count + 1):
        word = words[index]
        if not (word.startswith(first) if first_prefix else word == first):
            continue
        for offset in range(1, count):
            other = words[index + offset]
            token = wanted[offset]
            if not (other.startswith(token) if prefix[offset] else other == token):
                break
        else:
            last = index + count - 1
            end = spans[last][0] + len(wanted[-1]) if prefix[-1] else spans[last][1]
            found.append((spans[index][0], end))
    return found


def merge_spans(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort spans and merge those that overlap or touch."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def passage_matches(query: Query, passage: PassageTokens) -> list[tuple[int, int]] | None:
    """The original-text spans of ``query``'s terms in ``passage``, or None.

    None when a term is missing or an excluded term occurs (filters are not
    looked at here: they concern the passage's speaker, field and kind).  A
    query with filters only matches every passage, with no spans.
    """
    for term in query.terms:
        if term.negated and passage.term_spans(term):
            return None
    spans: list[tuple[int, int]] = []
    for term in query.terms:
        if term.negated:
            continue
        found = passage.term_spans(term)
        if not found:
            return None
        spans.extend(found)
    return merge_spans(passage.original(spans))


def match_spans(query: Query | str, text: str) -> list[tuple[int, int]]:
    """Every match of ``query``'s words and phrases in ``text``, as offsets into it.

    For highlighting: each word and phrase of the query is looked for on its
    own (exclusions and filters play no part), and overlapping matches are
    merged.  A string is parsed first, so it may raise :class:`QueryError`.
    """
    parsed = parse_query(query) if isinstance(query, str) else query
    positive = parsed.positive
    if not positive or not text:
        return []
    passage = PassageTokens(text)
    spans: list[tuple[int, int]] = []
    for term in positive:
        spans.extend(passage.term_spans(term))
    return merge_spans(passage.original(spans))
