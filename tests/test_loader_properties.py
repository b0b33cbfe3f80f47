"""Property tests: whatever bytes arrive, the loader answers with a model or located problems.

Valid interviews (the fixture, the bundled ones) are mutated the way files
get broken in real life and by attackers: lines deleted, duplicated and
swapped, bytes flipped, random Unicode (control, bidi and zero-width
characters included) and markup inserted.  ``load_text`` must return a
:class:`LoadResult` whose problems are located inside the file, in file
order, one line each and terminal-safe, and never hit its internal-error
guard.  Example counts follow the hypothesis profile (tests/conftest.py):
run longer with ``pytest --hypothesis-profile long``.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.loader import load_text
from reader.loader._anchor import Candidate, resolve
from reader.model import Anchor, LoadResult, Severity
from reader.paths import bundled_interviews, discover
from reader.text import has_special

from .test_loader_support import FIXTURES, VALID

SEEDS = [VALID] + [
    path.read_text(encoding="utf-8")
    for path in [*discover([bundled_interviews()])[:2], FIXTURES / "control-characters.yaml"]
]

SPECIALS = "\x00\x07\x08\x1b\x7f\x85\x9b\u2028\u2029\u202e\u2066\u2069\u200b\ufeff\t\r"
MARKUP = ["[bold red]", "[/]", "[/", "[@click=app.quit]x[/]", "[link=file:///etc/passwd]x[/link]"]
YAML_BITS = [": ", "- ", "&a ", "*a", "!!python/name:os.system ", "{", "[", "'", '"', "#", "---\n"]

inserted_text = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=12),
    st.text(alphabet=st.sampled_from(SPECIALS), min_size=1, max_size=4),
    st.sampled_from(MARKUP + YAML_BITS),
)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A seed interview after one to four mutations, as bytes."""
    lines = draw(st.sampled_from(SEEDS)).split("\n")
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "replace_char"]))
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(inserted_text) + lines[i][at:]
        elif lines[i]:
            at = draw(st.integers(0, len(lines[i]) - 1))
            lines[i] = lines[i][:at] + draw(inserted_text) + lines[i][at + 1 :]
    data = bytearray("\n".join(lines).encode("utf-8", "surrogatepass"))
    for _ in range(draw(st.integers(0, 2))):
        if data:
            at = draw(st.integers(0, len(data) - 1))
            data[at] ^= 1 << draw(st.integers(0, 7))
    return bytes(data)


def assert_well_formed(result: LoadResult, data: bytes) -> None:
    """The guarantees every LoadResult gives, whatever the input."""
    assert isinstance(result, LoadResult)
    max_line = data.count(b"\n") + 2
    positions = [(p.line, p.column) for p in result.problems]
    assert positions == sorted(positions), "problems are not in file order"
    for problem in result.problems:
        assert 1 <= problem.line <= max_line, problem
        assert problem.column >= 1, problem
        assert "internal error" not in problem.message, problem
        assert "\n" not in problem.message and not has_special(problem.message), problem
    errors = [p for p in result.problems if p.severity is Severity.ERROR]
    if result.interview is None:
        assert errors
    else:
        # A file loads with errors only when they are all annotations not placed.
        unplaced = {a.problem for s in result.interview.sections for a in s.unplaced}
        shown = {p.message for p in errors if not p.message.endswith("(fix these first)")}
        assert shown <= unplaced
        warnings = tuple(p for p in result.problems if p.severity is Severity.WARNING)
        assert result.interview.warnings == warnings
        for section in result.interview.sections:
            for annotation in section.annotations:
                if annotation.anchor is not None:
                    anchor = annotation.anchor
                    text = section.text_of(anchor.field, anchor.answer)
                    assert annotation.on is not None
                    assert _fold(text[anchor.start : anchor.end]) == _fold(annotation.on)


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@settings(max_examples=2 * settings.default.max_examples)
@given(mutated())
def test_mutated_interviews_give_a_model_or_located_problems(data: bytes) -> None:
    assert_well_formed(load_text(data, Path("fuzz.yaml")), data)


@given(st.binary(max_size=300))
def test_random_bytes(data: bytes) -> None:
    assert_well_formed(load_text(data, Path("fuzz.yaml")), data)


SOUP = [*"ab :-[]{}'\"\n\t#&*!|>?,%@`\\", "  ", "reader: 1\n", "  - "]


@given(st.lists(st.sampled_from(SOUP), max_size=60).map("".join))
def test_yaml_punctuation_soup(text: str) -> None:
    data = text.encode("utf-8")
    assert_well_formed(load_text(text, Path("fuzz.yaml")), data)


words = st.sampled_from(["the", "door", "lights", "three", "RM", "김남준", "a", "dOOr", "é"])
gaps = st.sampled_from([" ", "  ", "\n", "\t", " \n  "])


@st.composite
def texts_and_passage(draw: st.DrawFn) -> tuple[list[str], str]:
    """Some texts made of words and white space, and a passage taken from one of them."""
    texts = []
    for _ in range(draw(st.integers(1, 3))):
        parts = draw(st.lists(words, min_size=1, max_size=8))
        text = parts[0]
        for part in parts[1:]:
            text += draw(gaps) + part
        texts.append(text)
    source = draw(st.sampled_from(texts)).split()
    start = draw(st.integers(0, len(source) - 1))
    end = draw(st.integers(start + 1, len(source)))
    passage = " ".join(source[start:end])
    return texts, passage


@settings(max_examples=2 * settings.default.max_examples)
@given(texts_and_passage())
def test_anchor_resolution_points_at_the_passage(case: tuple[list[str], str]) -> None:
    texts, passage = case
    candidates = [Candidate("question", None, texts[0])] + [
        Candidate("answer", i, text, "rm") for i, text in enumerate(texts[1:])
    ]
    resolved = resolve(passage, None, None, candidates)
    if isinstance(resolved, Anchor):
        text = texts[0] if resolved.field == "question" else texts[resolved.answer + 1]  # type: ignore[operator]
        assert _fold(text[resolved.start : resolved.end]) == passage
    else:
        # Found more than once (it was taken from a text, so it is found).
        assert "occurs" in resolved, resolved


def test_a_newcomer_hint_shows_file_text_literally() -> None:
    # Found by the property test above: the hint quotes the line, and a
    # zero-width space in it must be shown as a mark, not sent as is.
    data = (
        "reader: 1\ntitle: T\npeople: {a: {name: A}}\nsections:\n  - question: Q?\n"
        "    answers:\n      - by: a\n        quote: x\n        time:\u200b 01:30\n"
    )
    problems = load_text(data, Path("f.yaml")).problems
    assert problems
    for problem in problems:
        assert not has_special(problem.message), problem.message
