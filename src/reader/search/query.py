"""The search query language: one parser shared by the UI and ``reader search``.

Syntax (docs/search.md is the reference)::

    lopez "supply chain" -energy by:amlo kind:correction in:answers

- a *word* matches the start of words: ``direct`` finds "director";
- a *"quoted phrase"* matches its words in a row;
- every term must match in the same passage (a question, an answer or an
  annotation note);
- ``-`` before a word, a phrase or a filter excludes;
- filters: ``by:KEY`` (a speaker key, or a word of a person's name or aka),
  ``kind:KIND`` (annotations of that kind), ``in:questions``,
  ``in:answers``, ``in:annotations``.  Several values of one filter are
  alternatives (``by:rm by:lee``: either); different filters must all hold.

Characters such as ``.*?[]()|\\^$`` mean nothing special: a word is folded
(see :mod:`reader.search.normalize`) and only its letters and digits are
searched, so ``C++`` searches for words starting with ``c``.  Items with no
letter or digit at all are ignored.

:func:`parse_query` raises :class:`QueryError` (a message and the 0-based
offset in the query text where the problem is) for an unclosed quote, an
unknown filter or kind, a filter without a value, a query that only excludes,
an empty query and a query too long to be reasonable.

Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

import re

from reader.search.normalize import fold, tokens
from reader.tuples import NamedTuple

# Not typing (2-3 ms of a warm `reader search --count`; see reader.tuples).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Literal, TypeAlias

__all__ = [
    "FACETS",
    "FIELDS",
    "FILTERS",
    "MAX_TERMS",
    "MAX_TOKENS",
    "Field",
    "Filter",
    "Query",
    "QueryError",
    "Term",
    "parse_query",
]

if TYPE_CHECKING:
    Field: TypeAlias = Literal["question", "answer", "original", "annotation"]
else:
    Field = str  # at run time a name only: FIELDS holds the values

FIELDS: dict[str, Field] = {
    "questions": "question",
    "question": "question",
    "answers": "answer",
    "answer": "answer",
    "originals": "original",
    "original": "original",
    "annotations": "annotation",
    "annotation": "annotation",
    "notes": "annotation",
}
"""Values of ``in:`` (plural as documented; singular and ``notes`` accepted too)."""

FILTERS = ("by", "kind", "in", "verdict", "topic")
"""The filter names, in the order the error messages list them."""

FACETS = ("verdict", "topic")
"""The filters that are facets of a passage beyond its field, kind and speaker: the
values a :class:`reader.search.records.Passage` may carry in ``facets``."""

MAX_TERMS = 64
"""At most this many words, phrases and filters in one query."""

MAX_TOKENS = 256
"""At most this many searched words in all (a pasted paragraph is refused, not slow)."""

_FILTER_RE = re.compile(r"([A-Za-z][A-Za-z_-]*):")
_TOPIC = r"[a-z0-9][a-z0-9-]*"
"""A topic slug (compiled by ``re`` when a topic: filter is first parsed)."""


class QueryError(ValueError):
    """A query that cannot be searched; ``position`` is a 0-based offset into it."""

    def __init__(self, message: str, position: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.position = position

    def __str__(self) -> str:
        return self.message


class Term(NamedTuple):
    """A word or a quoted phrase, folded into tokens.

    A passage matches when its tokens contain ``tokens`` in a row, where a
    token flagged in ``prefix`` may be the start of a longer token and the
    others must be whole tokens.  Each query word's last token is a prefix;
    a word that folds into several tokens (``e-mail``, ``中文``) must have the
    ones before the last whole.
    """

    text: str
    """The word or phrase as written (without the quotes and the ``-``)."""
    tokens: tuple[str, ...]
    prefix: tuple[bool, ...]
    phrase: bool = False
    negated: bool = False
    position: int = 0


class Filter(NamedTuple):
    """A filter (``by:``, ``kind:``, ``in:``, ``verdict:``, ``topic:``) with its value.

    ``tokens`` are the folded words of a ``by:`` value.
    """

    name: Literal["by", "kind", "in", "verdict", "topic"]
    value: str
    """The value as written."""
    tokens: tuple[str, ...] = ()
    """For ``by:``: the folded words of the value."""
    negated: bool = False
    position: int = 0


class Query(NamedTuple):
    """A parsed query: terms and filters (see :func:`parse_query`)."""

    text: str
    terms: tuple[Term, ...] = ()
    filters: tuple[Filter, ...] = ()

    @property
    def positive(self) -> tuple[Term, ...]:
        """The terms that must match."""
        return tuple(t for t in self.terms if not t.negated)

    @property
    def excluded(self) -> tuple[Term, ...]:
        """The terms that must not match."""
        return tuple(t for t in self.terms if t.negated)

    def filter_values(self, name: str, *, negated: bool = False) -> tuple[Filter, ...]:
        """The filters named ``name`` (only the excluding ones when ``negated``)."""
        return tuple(f for f in self.filters if f.name == name and f.negated == negated)

    @property
    def fields(self) -> frozenset[Field] | None:
        """The fields searched, or None for all (``in:`` and ``kind:`` narrow it)."""
        included = {FIELDS[f.value.lower()] for f in self.filter_values("in")}
        excluded = {FIELDS[f.value.lower()] for f in self.filter_values("in", negated=True)}
        fields: set[Field] | None = included or None
        if self.filter_values("kind") or self.filter_values("verdict"):
            # Only annotations have a kind, and only fact-checks a verdict.
            fields = {"annotation"} if fields is None else fields & {"annotation"}
        if excluded:
            base: set[Field] = set(fields) if fields is not None else {*FIELDS.values()}
            fields = base - excluded
        return frozenset(fields) if fields is not None else None

    @property
    def kinds(self) -> frozenset[str] | None:
        """The annotation kinds wanted, or None for any."""
        wanted = {f.value.lower() for f in self.filter_values("kind")}
        return frozenset(wanted) if wanted else None

    @property
    def excluded_kinds(self) -> frozenset[str]:
        """The annotation kinds excluded with ``-kind:``."""
        return frozenset(f.value.lower() for f in self.filter_values("kind", negated=True))

    def facet_values(self, name: str, *, negated: bool = False) -> frozenset[str]:
        """The values of facet filter ``name`` (``verdict``, ``topic``), lower-cased.

        Several values of one filter are alternatives; with ``negated``, the
        excluded ones.
        """
        return frozenset(f.value.lower() for f in self.filter_values(name, negated=negated))

    def __str__(self) -> str:
        return self.text


def _word_term(text: str, position: int, *, phrase: bool, negated: bool) -> Term | None:
    """A term from a word or a phrase; None when it holds no letter or digit."""
    toks: list[str] = []
    prefix: list[bool] = []
    for word in text.split():
        word_tokens = tokens(fold(word))
        toks.extend(word_tokens)
        prefix.extend([False] * (len(word_tokens) - 1) + [True] if word_tokens else [])
    if not toks:
        return None
    return Term(text, tuple(toks), tuple(prefix), phrase=phrase, negated=negated, position=position)


def _scan_quoted(text: str, start: int) -> tuple[str, int]:
    """The phrase whose opening quote is at ``start``; returns (inside, end)."""
    close = text.find('"', start + 1)
    if close < 0:
        raise QueryError('unclosed quote: add a closing " to end the phrase', start)
    return text[start + 1 : close], close + 1


def _check_filter(name: str, value: str, start: int, value_at: int, negated: bool) -> Filter:
    """A validated filter; ``start`` is where the item (with its ``-``) begins."""
    lowered = name.lower()
    name_at = start + negated
    if lowered not in FILTERS:
        known = ", ".join(f"{f}:" for f in FILTERS)
        raise QueryError(
            f'unknown filter "{name}:" (filters are {known}); '
            f'to search for the text, put it in quotes: "{name}:{value}"',
            name_at,
        )
    if not value.strip():
        example = {
            "by": "by:rm",
            "kind": "kind:correction",
            "in": "in:answers",
            "verdict": "verdict:false",
            "topic": "topic:childhood",
        }[lowered]
        raise QueryError(f"{lowered}: needs a value, as in {example}", value_at)
    if lowered == "kind":
        # Imported here: the model costs start-up time that plain words do not need.
        from reader.model import ANNOTATION_KINDS

        if value.lower() not in ANNOTATION_KINDS:
            raise QueryError(
                f'unknown annotation kind "{value}" (kinds are {", ".join(ANNOTATION_KINDS)})',
                value_at,
            )
        return Filter("kind", value, negated=negated, position=start)
    if lowered == "in":
        if value.lower() not in FIELDS:
            raise QueryError(
                f'unknown field "in:{value}" '
                "(use in:questions, in:answers, in:originals or in:annotations)",
                value_at,
            )
        return Filter("in", value, negated=negated, position=start)
    if lowered == "verdict":
        from reader.model import VERDICTS

        if value.lower() not in VERDICTS:
            import difflib  # only for this message

            close = difflib.get_close_matches(value.lower(), VERDICTS, n=1)
            hint = f'did you mean "verdict:{close[0]}"? ' if close else ""
            raise QueryError(
                f'unknown verdict "{value}": {hint}(verdicts are {", ".join(VERDICTS)})',
                value_at,
            )
        return Filter("verdict", value, negated=negated, position=start)
    if lowered == "topic":
        if not re.fullmatch(_TOPIC, value.lower()):
            raise QueryError(
                f'topic: takes a topic slug such as topic:first-film, not "{value}"', value_at
            )
        return Filter("topic", value, negated=negated, position=start)
    value_tokens = tuple(tokens(fold(value)))
    if not value_tokens:
        raise QueryError(
            f'by: needs a speaker key or a name, not "{value}"',
            value_at,
        )
    return Filter("by", value, value_tokens, negated=negated, position=start)


def parse_query(text: str) -> Query:
    """Parse a query (the syntax is in the module docstring and docs/search.md).

    Raises :class:`QueryError` with a message meant for people and the
    0-based offset of the problem.
    """
    terms: list[Term] = []
    filters: list[Filter] = []
    items = 0
    pos = 0
    length = len(text)
    while pos < length:
        ch = text[pos]
        if ch.isspace():
            pos += 1
            continue
        start = pos
        negated = False
        if ch == "-" and pos + 1 < length and not text[pos + 1].isspace():
            negated = True
            pos += 1
        items += 1
        if items > MAX_TERMS:
            raise QueryError(
                f"too many terms: a query holds at most {MAX_TERMS} words, phrases and filters",
                start,
            )
        if text[pos] == '"':
            inside, pos = _scan_quoted(text, pos)
            term = _word_term(inside, start, phrase=True, negated=negated)
            if term is not None:
                terms.append(term)
            continue
        match = _FILTER_RE.match(text, pos)
        if match is not None:
            name = match.group(1)
            value_at = match.end()
            if value_at < length and text[value_at] == '"':
                value, pos = _scan_quoted(text, value_at)
            else:
                end = value_at
                while end < length and not text[end].isspace() and text[end] != '"':
                    end += 1
                value, pos = text[value_at:end], end
            filters.append(_check_filter(name, value, start, value_at, negated))
            continue
        end = pos
        # A word ends at white space or at a quote (which starts a phrase).
        while end < length and not text[end].isspace() and text[end] != '"':
            end += 1
        word = text[pos:end]
        pos = end
        term = _word_term(word, start, phrase=False, negated=negated)
        if term is not None:
            terms.append(term)
    total_tokens = sum(len(t.tokens) for t in terms)
    if total_tokens > MAX_TOKENS:
        raise QueryError(f"query too long: at most {MAX_TOKENS} words can be searched at once", 0)
    query = Query(text, tuple(terms), tuple(filters))
    if not query.positive and not any(not f.negated for f in filters):
        if terms or filters:
            first = terms[0].position if terms else filters[0].position
            raise QueryError(
                "nothing to look for: a query cannot only exclude; "
                "add a word, a phrase or a filter such as by:KEY",
                first,
            )
        if text.strip():
            raise QueryError(
                "nothing to look for: search matches letters and digits, and this query has none",
                len(text) - len(text.lstrip()),
            )
        raise QueryError('empty query: type a word, a "phrase" or a filter', 0)
    return query
