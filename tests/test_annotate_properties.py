"""Property: annotate any selection of a generated interview, load it, and it anchors there.

Interviews are generated with varied layouts (indentation widths, list items
indented or not under their key, LF or CRLF, quoting styles, folded and
literal blocks, ``annotations`` absent, ``[]`` or present) and texts built
from a few repeated words, so that most selections occur several times and
need a prefix or suffix.  After the edit, the file must load, the new
annotation must anchor exactly at the (trimmed) selection, and every line of
the original must still be there, in order: only lines were added (plus, for
``[]``, that one key line).
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import assume, given
from hypothesis import strategies as st

from reader.annotate import EditError, Fields, SelectionError, add_at_selection
from reader.loader import load_text
from reader.model import Anchor

WORDS = ["the", "door", "light", "lights", "RM's", "idea", "no", "yes", "a", "it's", "“curly”"]

words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join)


@st.composite
def interview(draw: st.DrawFn) -> tuple[str, str]:
    """(file text, how the first section's annotations were written)."""
    step = draw(st.integers(2, 4))
    under = draw(st.booleans())  # list items indented under their key
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    style = draw(st.sampled_from(["plain", "double", "folded", "literal"]))
    listed = draw(st.sampled_from(["absent", "empty", "present", "flow"]))
    sp = " " * step
    item = sp if under else ""
    dash = "- " + " " * (step - 2) if step > 2 else "- "
    inner = item + " " * len(dash)
    lines = [
        "# generated",
        "reader: 1",
        "title: Generated",
        "people:",
        f"{sp}a:",
        f"{sp}{sp}name: A",
    ]
    lines.append("sections:")
    for number in range(draw(st.integers(1, 3))):
        lines.append(f"{item}{dash}question: {draw(words)}?")
        lines.append(f"{inner}answers:")
        for _ in range(draw(st.integers(1, 3))):
            text = draw(words)
            a_item = inner + item
            a_inner = a_item + " " * len(dash)
            lines.append(f"{a_item}{dash}by: a")
            if style == "plain" and not text.startswith("“"):
                lines.append(f"{a_inner}quote: {text}")
            elif style in ("folded", "literal"):
                lines.append(f"{a_inner}quote: {'>-' if style == 'folded' else '|'}")
                half = len(text.split()) // 2 or 1
                lines.append(f"{a_inner}{sp}" + " ".join(text.split()[:half]))
                rest = " ".join(text.split()[half:])
                if rest:
                    lines.append(f"{a_inner}{sp}{rest}")
            else:
                lines.append(f'{a_inner}quote: "{text}"')
        if number == 0 and listed == "empty":
            lines.append(f"{inner}annotations: []  # none")
        elif number == 0 and listed == "flow":
            lines.append(f"{inner}annotations: [{{note: first}}]")
        elif number == 0 and listed == "present":
            lines.append(f"{inner}annotations:")
            lines.append(f"{inner}{item}{dash}note: first   # a comment")
            lines.append("")
    # Some files end without a line break after their last line.
    return nl.join(lines) + draw(st.sampled_from([nl, ""])), listed


def _common(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` share at their start."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


@given(interview(), st.data())
def test_annotate_then_load_anchors_at_the_selection(
    case: tuple[str, str], data: st.DataObject
) -> None:
    text, listed = case
    path = Path("gen.yaml")
    loaded = load_text(text, path)
    assert loaded.interview is not None, loaded.problems
    section = loaded.interview.sections[0]
    which = data.draw(st.integers(-1, len(section.answers) - 1))
    passage = section.question if which < 0 else section.answers[which].quote
    start = data.draw(st.integers(0, len(passage) - 1))
    end = data.draw(st.integers(start + 1, len(passage)))
    assume(passage[start:end].strip())
    field = "question" if which < 0 else "answer"
    answer = None if which < 0 else which
    try:
        plan = add_at_selection(text, path, section, field, answer, start, end, Fields(note="n"))
    except SelectionError as error:
        assert "select a longer passage" in str(error)
        return
    except EditError as error:
        # A literal block ends the file with no line break: lines after it
        # would add one to its text, so the change is refused.
        assert "add a line break at the end of the file first" in str(error)
        assert not text.endswith("\n") and "quote: |" in text
        return
    trimmed_start = start + len(passage[start:end]) - len(passage[start:end].lstrip())
    trimmed_end = end - (len(passage[start:end]) - len(passage[start:end].rstrip()))
    after = load_text(plan.text, path)
    assert after.interview is not None, after.problems
    new = after.interview.sections[0].annotations[-1]
    assert new.anchor == Anchor(field, answer, trimmed_start, trimmed_end)
    # Only an insertion (for `[]`, after the brackets are taken out): every
    # other byte of the file is where it was.
    old = text.replace("annotations: []", "annotations:") if listed == "empty" else text
    new = plan.text
    prefix = _common(old, new)
    suffix = _common(old[prefix:][::-1], new[prefix:][::-1])
    assert prefix + suffix == len(old), (old, new)
    inserted = new[prefix : len(new) - suffix]
    assert "annotations:" not in inserted or listed == "absent"
    if "\r\n" in text:  # the file's own line ends, and only those
        assert "\n" not in inserted.replace("\r\n", "")
    # Nothing else moved: every question and answer reads back the same.
    before_texts = [(s.question, [a.quote for a in s.answers]) for s in loaded.interview.sections]
    after_texts = [(s.question, [a.quote for a in s.answers]) for s in after.interview.sections]
    assert before_texts == after_texts
