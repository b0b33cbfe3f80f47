"""Matching a parsed query against one passage: the definition of a match.

The index (:mod:`reader.search.store`) only narrows the passages down
fast; what counts as a match, and where the matches
are, is decided here, on the folded text of a passage
(:mod:`reader.search.normalize`), and mapped back to character offsets in
the original text.

A term (a word or a phrase) is a sequence of folded tokens; it matches where
the passage has those tokens in a row, a token flagged as a prefix matching
any token that starts with it.  :func:`term_spans` is the definition, over a
list of tokens; :func:`term_pattern` compiles the same rule into a regular
expression over folded text (tokens there are separated by at least one
character that is not a token character), which is what the indexes use to
check many passages fast.  A test checks the two agree.

Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import islice

from reader.search.normalize import NON_TOKEN_CLASS, TOKEN_RE, FoldMap, token_spans
from reader.search.query import Query, Term, parse_query

__all__ = [
    "PassageTokens",
    "leading_matches",
    "match_spans",
    "merge_spans",
    "passage_matches",
    "term_pattern",
    "term_spans",
]

_TOKEN = f"[^{NON_TOKEN_CLASS}]"
_NOT_TOKEN = f"[{NON_TOKEN_CLASS}]"

MAX_PATTERN_CHARS = 2_000
"""Terms longer than this are matched token by token, never compiled (a
one-megabyte word would take seconds to compile and can match nothing)."""


@lru_cache(maxsize=512)
def term_pattern(term: Term) -> re.Pattern[str] | None:
    """A regex over folded text whose matches are exactly :func:`term_spans`'s.

    The match starts with the first token's literal text (so the regex
    engine's fast literal search applies); a look-behind then checks that it
    starts a token.  None for a term too long to compile cheaply.
    """
    if sum(len(t) for t in term.tokens) > MAX_PATTERN_CHARS:
        return None
    parts: list[str] = []
    count = len(term.tokens)
    for index, (token, is_prefix) in enumerate(zip(term.tokens, term.prefix, strict=True)):
        literal = re.escape(token)
        if index == 0:
            parts.append(f"{literal}(?<!{_TOKEN}{literal})")
        else:
            parts.append(literal)
        last = index == count - 1
        if not is_prefix:
            parts.append(f"(?!{_TOKEN})")
        elif not last:
            parts.append(f"{_TOKEN}*+")
        if not last:
            parts.append(f"{_NOT_TOKEN}++")
    return re.compile("".join(parts))


class PassageTokens:
    """A passage folded, with the way back to original offsets."""

    __slots__ = ("_spans", "_words", "fold")

    def __init__(self, text: str, folded: str | None = None, unit: bool = False) -> None:
        """Fold ``text`` (or take ``folded`` and ``unit`` from :func:`fold_unit`)."""
        self.fold = FoldMap(text, folded, unit)
        self._words: list[str] | None = None
        self._spans: list[tuple[int, int]] | None = None

    def _tokens(self) -> tuple[list[str], list[tuple[int, int]]]:
        if self._words is None or self._spans is None:
            found = list(token_spans(self.fold.text))
            self._words = [word for word, _, _ in found]
            self._spans = [(start, end) for _, start, end in found]
        return self._words, self._spans

    def term_spans(self, term: Term) -> list[tuple[int, int]]:
        """Folded ``[start, end)`` of each occurrence of ``term``."""
        pattern = term_pattern(term)
        if pattern is None:
            words, spans = self._tokens()
            return term_spans(term, words, spans)
        return pattern_spans(pattern, self.fold.text)

    def original(self, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        """Map folded spans back to offsets in the original text."""
        return [self.fold.span(start, end) for start, end in spans]


def pattern_spans(pattern: re.Pattern[str], folded: str) -> list[tuple[int, int]]:
    """Every match of a :func:`term_pattern`, overlapping ones included."""
    found: list[tuple[int, int]] = []
    pos = 0
    search = pattern.search
    while True:
        match = search(folded, pos)
        if match is None:
            return found
        found.append(match.span())
        pos = match.start() + 1


def term_spans(
    term: Term, words: Sequence[str], spans: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Where ``term``'s tokens occur in a row in ``words`` (folded offsets).

    The definition of a match: a token flagged as a prefix matches a word
    that starts with it, the others must equal the word.  A match of a prefix
    token ends where the token ends, so only the typed part of a longer word
    is highlighted.
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


_SPACE = re.compile(r"\s")

_FIRST_SLICE = 8192
"""Characters of a passage folded first by :func:`leading_matches` (grown x4 as needed)."""


def leading_matches(
    query: Query, text: str, reach: int, *, first_slice: int = _FIRST_SLICE
) -> list[tuple[int, int]]:
    """The first of :func:`passage_matches`'s spans: those ending within ``reach`` of the first.

    Exactly the spans ``(start, end)`` of ``passage_matches(query,
    PassageTokens(text)) or []`` with ``end <= first + reach`` (``first``
    being the start of the first span), but only a prefix of ``text`` is
    folded and matched: a hit's context line shows a window near its first
    match, and folding a long passage with its offset map costs per character.

    The prefix ends just after a white space character, which folds to a
    space, so that the tokens in it are whole and a match found in it is a
    match in ``text``; it is long enough when every term matched and no match
    that starts by ``first + reach`` can end beyond it: a term of ``k`` tokens
    then has ``k - 1`` whole tokens after that point in the prefix.  The
    prefix starts ``first_slice`` characters long.
    """
    positive = query.positive
    if not positive:
        return []
    maybe_patterns = [term_pattern(term) for term in positive]
    patterns = [pattern for pattern in maybe_patterns if pattern is not None]
    if len(patterns) < len(maybe_patterns):
        return passage_matches(query, PassageTokens(text)) or []
    length = len(text)
    longest = max(len(term.tokens) for term in positive)
    size = max(1, first_slice)
    while True:
        cut = length
        if size < length:
            space = _SPACE.search(text, size)
            if space is not None:
                cut = space.end()
        piece = text[:cut] if cut < length else text
        fold_map = FoldMap(piece)
        folded = fold_map.text
        spans: list[tuple[int, int]] = []
        for pattern in patterns:
            found = pattern_spans(pattern, folded)
            if not found:
                break
            spans.extend(found)
        else:
            merged = merge_spans([fold_map.span(start, end) for start, end in spans])
            high = min(length, merged[0][0] + reach)
            if cut == length or (
                high < cut
                and (
                    longest == 1
                    # One more than needed: the first may be a token begun before.
                    or _tokens_after(folded, fold_map.folded_offset(high + 1), longest)
                )
            ):
                return [span for span in merged if span[1] <= high]
        if cut == length:
            return []
        size *= 4


def _tokens_after(folded: str, position: int, wanted: int) -> bool:
    """True when ``folded`` holds ``wanted`` tokens from ``position`` on."""
    return sum(1 for _ in islice(TOKEN_RE.finditer(folded, position), wanted)) == wanted
