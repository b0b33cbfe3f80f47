"""The compact listing gives back exactly the files put in it, in their order."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.search.listing import Listing
from reader.search.parsing import FileInfo

_text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=20)
_name = st.text("abcé-_ .😀", min_size=1, max_size=8).filter(lambda n: n.strip(" .") == n)
_path = st.builds(
    lambda parts, name: Path(*parts, name + ".yaml"),
    st.lists(_name, max_size=3),
    _name,
)
_good = st.builds(
    FileInfo,
    _path,
    _text,
    _text,
    st.lists(st.lists(_text, min_size=1, max_size=3).map(tuple), max_size=3).map(tuple),
    st.fixed_dictionaries(
        {},
        optional={
            "date": st.none() | _text,
            "sections": st.integers(0, 10_000),
            "annotations": st.integers(0, 10_000),
            "tags": st.lists(_text, max_size=3).map(tuple),
            "unverified": st.none() | st.integers(0, 50),
            "unverified_places": st.lists(
                st.lists(st.integers(-1, 50), min_size=3, max_size=3), max_size=3
            ),
            "topics": st.lists(_text, max_size=3),
            "section_ids": st.lists(_text, max_size=3),
            "a key of a later version": st.integers(),
        },
    ),
    st.just([]),
    st.integers(0, 2**40),
)
_broken = st.builds(
    FileInfo,
    _path,
    st.none(),
    st.none(),
    st.just(()),
    st.just({}),
    st.lists(st.tuples(st.integers(1, 10**6), st.integers(1, 10**4), _text), min_size=1),
    st.integers(0, 2**40),
)
_infos = st.lists(_good | _broken, max_size=30)


@given(_infos)
def test_a_listing_gives_back_what_it_was_given(infos: list[FileInfo]) -> None:
    listing = Listing(infos)
    assert list(listing) == infos
    assert len(listing) == len(infos)
    assert [listing[i] for i in range(-len(infos), 0)] == infos
    assert listing[1:4] == infos[1:4]
    assert [listing.rank(i) for i in range(len(infos))] == [info.rank for info in infos]
    assert listing.broken == sum(1 for info in infos if not info.ok)
    for index, info in enumerate(infos):
        found = listing.index_of(info.path)
        assert found is not None and infos[found].path == info.path
        assert found <= index


@given(_infos, st.data())
def test_sorting_and_replacing_keep_the_files_and_the_broken_count(
    infos: list[FileInfo], data: st.DataObject
) -> None:
    listing = Listing(infos)
    listing.sort_by_rank()
    expected = sorted(infos, key=lambda info: info.rank)
    assert list(listing) == expected
    if expected:
        index = data.draw(st.integers(0, len(expected) - 1))
        new = data.draw(_good | _broken)
        listing[index] = new
        expected[index] = new
        assert list(listing) == expected
        assert listing.broken == sum(1 for info in expected if not info.ok)


def test_out_of_range_and_unknown_paths() -> None:
    listing = Listing([FileInfo(Path("lib/a.yaml"), "a", "A", (("Ann",),), {}, [], 3)])
    with pytest.raises(IndexError):
        listing[1]
    with pytest.raises(IndexError):
        listing[-2]
    assert listing.index_of(Path("lib/b.yaml")) is None
    assert listing.index_of(Path("other/a.yaml")) is None
    assert listing.index_of(Path("lib/a.yaml")) == 0
    assert listing[0].path == Path("lib/a.yaml") and listing[0].rank == 3
