"""reader.tuples.NamedTuple makes what typing.NamedTuple makes, from the same class body."""

from __future__ import annotations

import pickle
import typing

import pytest

from reader import tuples
from reader.search.files import Entry, FileStat
from reader.search.query import Filter, Query, Term, parse_query


class Ours(tuples.NamedTuple):
    """A point, with a label."""

    x: int
    y: tuple[int, ...]
    label: str = "here"
    weight: float = 1.5

    @property
    def doubled(self) -> int:
        """Twice x."""
        return 2 * self.x

    def shifted(self, by: int) -> Ours:
        return self._replace(x=self.x + by)

    def __str__(self) -> str:
        return f"<{self.x}>"


class Theirs(typing.NamedTuple):
    """A point, with a label."""

    x: int
    y: tuple[int, ...]
    label: str = "here"
    weight: float = 1.5

    @property
    def doubled(self) -> int:
        """Twice x."""
        return 2 * self.x

    def shifted(self, by: int) -> Theirs:
        return self._replace(x=self.x + by)

    def __str__(self) -> str:
        return f"<{self.x}>"


def test_the_class_is_typings_class() -> None:
    assert not isinstance(Ours, tuples._NamedTupleMeta)  # a plain namedtuple class
    assert Ours.__mro__[1:] == Theirs.__mro__[1:] == (tuple, object)
    assert Ours._fields == Theirs._fields == ("x", "y", "label", "weight")
    assert Ours._field_defaults == Theirs._field_defaults == {"label": "here", "weight": 1.5}
    # The same annotations, kept as the strings they are (typing compiles each).
    assert Ours.__annotations__ == {
        name: ref.__forward_arg__ for name, ref in Theirs.__annotations__.items()
    }
    assert typing.get_type_hints(Ours) == typing.get_type_hints(Theirs)
    assert Ours.__doc__ == Theirs.__doc__ == "A point, with a label."
    assert Ours.__module__ == Theirs.__module__ == __name__
    assert Ours.__qualname__ == "Ours"
    assert Ours.__slots__ == Theirs.__slots__ == ()


def test_instances_behave_as_typings() -> None:
    ours, theirs = Ours(3, (1,)), Theirs(3, (1,))
    assert ours == theirs == (3, (1,), "here", 1.5)
    assert repr(ours) == "Ours(x=3, y=(1,), label='here', weight=1.5)"
    assert repr(theirs) == repr(ours).replace("Ours", "Theirs")
    assert str(ours) == str(theirs) == "<3>"
    assert ours.doubled == theirs.doubled == 6
    assert ours.shifted(2) == theirs.shifted(2) == (5, (1,), "here", 1.5)
    assert type(ours.shifted(2)) is Ours
    assert ours._asdict() == theirs._asdict()
    assert Ours._make([1, (), "a", 0.0]) == Theirs._make([1, (), "a", 0.0])
    assert hash(ours) == hash(theirs)
    with pytest.raises(AttributeError):
        ours.x = 4  # type: ignore[misc]
    with pytest.raises(TypeError):
        Ours()  # type: ignore[call-arg]


def test_instances_pickle_by_name() -> None:
    # Records go to and from the indexing pool's processes.
    for value in (
        Ours(1, (2, 3)),
        parse_query('lopez "supply chain" -energy by:amlo'),
        Entry("a.yaml", b"/x/a.yaml", FileStat(3, 4)),
    ):
        again = pickle.loads(pickle.dumps(value))
        assert again == value
        assert type(again) is type(value)


def test_what_typing_refuses_is_refused() -> None:
    with pytest.raises(TypeError, match="non-default namedtuple field y"):

        class Late(tuples.NamedTuple):
            x: int = 0
            y: int

    with pytest.raises(AttributeError, match="Cannot overwrite NamedTuple attribute _replace"):

        class Replacing(tuples.NamedTuple):
            x: int

            def _replace(self, **changes: object) -> Replacing:
                return self

    with pytest.raises(TypeError, match="only inherit from NamedTuple"):

        class Mixed(tuples.NamedTuple, Exception):  # type: ignore[misc]
            x: int


def test_the_query_language_uses_it() -> None:
    query = parse_query("by:rm camera")
    assert isinstance(query, tuple)
    assert type(query) is Query
    assert Term._fields == ("text", "tokens", "prefix", "phrase", "negated", "position")
    assert Filter._field_defaults == {"tokens": (), "negated": False, "position": 0}
    assert query._replace(text="x").terms == query.terms
