"""Pilot tests of annotating while reading: select, annotate, change, delete, undo.

Each test presses keys and checks the exact lines written to the file, what
the sidebar shows and that the quote view stayed where it was.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Offset
from textual.selection import Selection
from textual.widgets import Input, TextArea

from reader.ui.app import make_app
from reader.ui.screens.annotate_dialog import AnnotateDialog, ConfirmScreen
from reader.ui.screens.interview import InterviewScreen
from reader.ui.widgets.lists import AnnotationList
from reader.ui.widgets.quote_view import QuoteView
from tests.test_ui_search import search_for
from tests.uitools import SAMPLE, open_interview, screen_text, wait_until

from .test_orphans import ORPHANED


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A private copy of the sample interview (the tests write into it)."""
    folder = tmp_path / "lib"
    folder.mkdir()
    path = folder / "sample.yaml"
    shutil.copy(SAMPLE, path)
    return path


@pytest.fixture(autouse=True)
def _quick_watch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(InterviewScreen, "WATCH_EVERY", 0.05)


ORIGINAL = SAMPLE.read_text(encoding="utf-8")

SECOND_QA_ANNOTATIONS = """\
    annotations:
      - on: "three lights"
        kind: note
        note: "The three lights appear at the end of the video."
        links: ["https://example.org/lights"]
      - on: "the door"
        prefix: "interpret "
        kind: correction
        note: "Earlier reports said 'a door'."
"""


def notices(app) -> str:  # type: ignore[no-untyped-def]
    """Every notification shown so far, one a line."""
    return "\n".join(str(n.message) for n in app._notifications)


def sidebar_text(screen: InterviewScreen) -> str:
    sidebar = screen.query_one(AnnotationList)
    return "\n".join(
        sidebar.get_option_at_index(i).prompt.plain for i in range(sidebar.option_count)
    )


async def _dialog(pilot) -> AnnotateDialog:  # type: ignore[no-untyped-def]
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, AnnotateDialog))
    dialog = pilot.app.screen
    assert isinstance(dialog, AnnotateDialog)
    return dialog


async def _type_note(pilot, note: str, by: str = "") -> None:  # type: ignore[no-untyped-def]
    dialog = await _dialog(pilot)
    dialog.query_one("#annotate-note", TextArea).text = note
    if by:
        dialog.query_one("#annotate-by", Input).value = by


async def test_keyboard_selection_annotates_and_the_sidebar_shows_it(sample: Path) -> None:
    app = make_app([sample])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        await wait_until(pilot, lambda: app.state is not None)
        await pilot.press("right_square_bracket", "right_square_bracket", "tab", "j")
        quote = screen.query_one(QuoteView)
        assert quote.current == ("answer", 0)
        await pilot.press("v")
        assert quote.selecting == (("answer", 0), 0, 1)  # "I"
        await pilot.press("l", "l", "h")  # "I wanted"
        assert quote.selecting == (("answer", 0), 0, 8)
        await pilot.press("w", "w", "l")  # "the audience"
        assert quote.selecting == (("answer", 0), 9, 21)
        scroll = quote.scroll_offset.y
        await pilot.press("enter")
        dialog = await _dialog(pilot)
        assert "on “the audience”" in screen_text(app)
        assert dialog.query_one("#annotate-note", TextArea).has_focus
        await pilot.press(*"Who watches.")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_until(pilot, lambda: "Who watches." in sidebar_text(screen))
        assert sample.read_text(encoding="utf-8") == ORIGINAL.replace(
            SECOND_QA_ANNOTATIONS,
            SECOND_QA_ANNOTATIONS + "      - on: the audience\n        note: Who watches.\n",
        )
        assert quote.scroll_offset.y == scroll
        assert quote.selecting is None
        assert screen.selected_annotation is not None
        assert screen.selected_annotation.note == "Who watches."
        assert "A1 “the audience”" in sidebar_text(screen)


async def test_escape_cancels_and_writes_nothing(sample: Path) -> None:
    app = make_app([sample])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("right_square_bracket", "v", "enter")
        await _type_note(pilot, "Never saved.")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert sample.read_text(encoding="utf-8") == ORIGINAL
        # escape in selection mode leaves it, and the next escape is the screen's.
        await pilot.press("escape")
        assert screen.query_one(QuoteView).selecting is None


async def test_mouse_selection_is_annotated(sample: Path) -> None:
    app = make_app([sample])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("right_square_bracket")
        quote = screen.query_one(QuoteView)
        row = next(i for i, r in enumerate(quote.rows) if r.content.plain.startswith("This was"))
        text = quote.rows[row].content.plain
        start = text.index("music video")
        # A drag from the "m" to the "o" of "music video" (the border and the
        # answer's gutter come before the text).
        dx = quote.content_region.x - quote.region.x + 2
        dy = quote.content_region.y - quote.region.y
        last = start + len("music video") - 1
        await pilot.mouse_down(quote, offset=(dx + start, dy + row))
        await pilot.hover(quote, offset=(dx + last, dy + row))
        await pilot.mouse_up(quote, offset=(dx + last, dy + row))
        await wait_until(pilot, lambda: quote.text_selection is not None)
        assert app.screen.get_selected_text() == "music video"
        await pilot.press("c")
        await _type_note(pilot, "A short film.")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "A short film." in sidebar_text(screen))
        assert (
            '        note: "He had directed television before."\n'
            # Also in the question: the shortest prefix picks the answer's.
            "      - on: music video\n        prefix: a\n        note: A short film.\n"
        ) in sample.read_text(encoding="utf-8")


async def test_a_selection_across_two_passages_is_refused(sample: Path) -> None:
    app = make_app([sample])
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("right_square_bracket")
        quote = screen.query_one(QuoteView)
        question = next(i for i, r in enumerate(quote.rows) if r.content.plain.startswith("“Was"))
        answer = next(i for i, r in enumerate(quote.rows) if r.content.plain.startswith("This"))
        app.screen.selections = {quote: Selection(Offset(3, question), Offset(4, answer))}
        await pilot.press("c")
        await pilot.pause()
        assert not isinstance(app.screen, AnnotateDialog)
        assert notices(app) == (
            "Cannot annotate this selection: the selection spans two passages (an annotation "
            "anchors in one passage: the question or one answer); select within one."
        )
        assert sample.read_text(encoding="utf-8") == ORIGINAL


async def test_the_search_hit_becomes_the_selection(sample: Path) -> None:
    app = make_app([sample])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        await search_for(pilot, screen, "talking")
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.last_hit is not None)
        await pilot.press("c")
        await _type_note(pilot, "With RM.", by="ana")
        assert "on “talking”" in screen_text(app)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "With RM." in sidebar_text(screen))
        assert sample.read_text(encoding="utf-8") == ORIGINAL.replace(
            SECOND_QA_ANNOTATIONS,
            SECOND_QA_ANNOTATIONS
            + "      - on: talking\n        note: With RM.\n        by: ana\n",
        )
        # `by` is remembered for the next annotation.
        await pilot.press("v", "c")
        dialog = await _dialog(pilot)
        assert dialog.query_one("#annotate-by", Input).value == "ana"


async def test_change_and_delete_a_hand_written_annotation_then_undo(sample: Path) -> None:
    app = make_app([sample])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        await wait_until(pilot, lambda: app.state is not None)
        await pilot.press("right_square_bracket", "right_square_bracket", "a")
        annotation = screen.selected_annotation
        assert annotation is not None and annotation.note == "Earlier reports said 'a door'."
        await pilot.press("C")
        dialog = await _dialog(pilot)
        note = dialog.query_one("#annotate-note", TextArea)
        assert note.text == "Earlier reports said 'a door'."
        note.text = "Earlier reports said: a door."
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "said: a door." in sidebar_text(screen))
        changed = ORIGINAL.replace(
            "        note: \"Earlier reports said 'a door'.\"\n",
            '        note: "Earlier reports said: a door."\n',
        )
        assert sample.read_text(encoding="utf-8") == changed
        # Delete it, after a confirmation.
        await pilot.press("D")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_until(pilot, lambda: "said: a door." not in sidebar_text(screen))
        deleted = changed.replace(
            '      - on: "the door"\n        prefix: "interpret "\n        kind: correction\n'
            '        note: "Earlier reports said: a door."\n',
            "",
        )
        assert sample.read_text(encoding="utf-8") == deleted
        # Undo (from the palette) puts the last change back: the deletion.
        await pilot.press("ctrl+p")
        await pilot.press(*"Undo last annotation")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(pilot, lambda: sample.read_text(encoding="utf-8") == changed)
        await wait_until(pilot, lambda: "said: a door." in sidebar_text(screen))


async def _refused(pilot, note: str) -> ConfirmScreen:  # type: ignore[no-untyped-def]
    """Annotate the first word of Q&A 1 with ``note``; return the refusal's question."""
    await pilot.press("right_square_bracket", "v", "enter")
    await _type_note(pilot, note)
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen))
    dialog = pilot.app.screen
    assert isinstance(dialog, ConfirmScreen)
    return dialog


async def test_file_changed_on_disk_keeps_what_was_typed(sample: Path) -> None:
    app = make_app([sample])
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("right_square_bracket", "v", "enter")
        await _type_note(pilot, "Typed before the change.")
        first = app.screen
        edited = ORIGINAL.replace("first music video", "first music video ever")
        sample.write_text(edited, encoding="utf-8")
        await pilot.press("ctrl+s")
        # Told, reloaded, and the dialog back with the note.
        await wait_until(pilot, lambda: app.screen is not first)
        dialog = await _dialog(pilot)
        assert dialog is not first
        assert dialog.query_one("#annotate-note", TextArea).text == "Typed before the change."
        assert "changed on disk since it was shown: nothing was written" in notices(app)
        assert sample.read_text(encoding="utf-8") == edited
        await wait_until(pilot, lambda: "ever" in screen.interview.sections[0].question)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "Typed before the change." in sidebar_text(screen))
        assert "      - on: Was\n        note: Typed before the change.\n" in sample.read_text(
            encoding="utf-8"
        )


async def test_read_only_file_offers_the_annotation_as_yaml(sample: Path) -> None:
    sample.chmod(0o444)
    app = make_app([sample])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("right_square_bracket", "v", "enter")
        await _type_note(pilot, "Kept on the clipboard.")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "is read-only: make it writable (chmod u+w)" in " ".join(screen_text(app).split())
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is screen)
        assert app.clipboard == "      - on: Was\n        note: Kept on the clipboard.\n"
        assert sample.read_text(encoding="utf-8") == ORIGINAL
    os.chmod(sample, 0o644)


@pytest.mark.parametrize("full_at", ["undo copy", "file"])
async def test_a_full_disk_offers_the_annotation_as_yaml(
    sample: Path, monkeypatch: pytest.MonkeyPatch, full_at: str
) -> None:
    import errno

    from reader.annotate import _write

    real_write = _write.atomic_write

    def full(path: Path, *args: Any, **kwargs: Any) -> os.stat_result:
        # The undo copy is written first; the disk fills up there or after it.
        if full_at == "undo copy" or Path(path) == sample:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(path, *args, **kwargs)

    monkeypatch.setattr(_write, "atomic_write", full)
    app = make_app([sample])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        dialog = await _refused(pilot, "Kept though the disk is full.")
        state = app.services.state
        assert state is not None
        reason = (
            f"cannot keep the undo copy in {state.path.parent / 'annotate'}: the disk is full; "
            "nothing was written"
            if full_at == "undo copy"
            else f"cannot write {sample}: the disk is full"
        )
        assert dialog.question.plain == (
            f"Not written: {reason}\n\n"
            "Copy the annotation as YAML, to paste into the file yourself?"
        )
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is screen)
        assert app.clipboard == "      - on: Was\n        note: Kept though the disk is full.\n"
        assert sample.read_text(encoding="utf-8") == ORIGINAL
        assert "Kept though" not in sidebar_text(screen)


async def test_an_installed_bundled_interview_is_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.annotate import _write

    # The interviews inside an installed package (site-packages/reader/interviews).
    bundled = tmp_path / "site-packages" / "reader" / "interviews"
    bundled.mkdir(parents=True)
    path = bundled / "sample.yaml"
    shutil.copy(SAMPLE, path)
    monkeypatch.setattr(_write, "bundled_interviews", lambda: bundled)
    app = make_app([path])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        dialog = await _refused(pilot, "Not into the package.")
        assert dialog.question.plain == (
            f"Not written: {path} is an interview bundled with reader (inside the installed "
            "package): copy it to a folder of yours to annotate it\n\n"
            "Copy the annotation as YAML, to paste into the file yourself?"
        )
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is screen)
        assert app.clipboard == ""
        assert path.read_text(encoding="utf-8") == ORIGINAL


async def test_orphans_notice_and_not_placed_list(tmp_path: Path) -> None:
    path = tmp_path / "o.yaml"
    path.write_text(ORPHANED, encoding="utf-8")
    app = make_app([path])
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await open_interview(pilot)
        assert notices(app).startswith('2 annotations could not be placed: see "Not placed"')
        assert "1 Why a door? ✎ ⚠" in screen_text(app)  # the Q&A list says where
        await pilot.press("right_square_bracket")
        sidebar = sidebar_text(screen)
        assert "Not placed (2)" in sidebar
        assert "not placed “four lamps”\nLost.\n'on' passage 'four lamps' is not in this" in (
            sidebar
        )
        # a steps over the heading; e would open the editor at the annotation's line.
        await pilot.press("a", "a")
        selected = screen.selected_annotation
        assert selected is not None and selected.note == "Lost."
        from reader.ui.screens.interview_tools import edit_line

        assert edit_line(screen) == 14
        # C changes it like any other annotation: only its note's line.
        await pilot.press("C")
        dialog = await _dialog(pilot)
        dialog.query_one("#annotate-note", TextArea).text = "Still lost."
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "Still lost." in sidebar_text(screen))
        assert path.read_text(encoding="utf-8") == ORPHANED.replace("Lost.", "Still lost.")


async def test_a_cleared_search_hit_is_no_selection(sample: Path) -> None:
    app = make_app([sample])
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await open_interview(pilot)
        await search_for(pilot, screen, "talking")
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.last_hit is not None)
        await pilot.press("u", "c")
        await pilot.pause()
        assert not isinstance(app.screen, AnnotateDialog)
        assert "Select a passage first: v (then l, L, w, ...), the mouse" in notices(app)


async def test_selection_mode_moves_between_passages_and_by_sentence(sample: Path) -> None:
    app = make_app([sample])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket", "v")
        quote = screen.query_one(QuoteView)
        assert quote.selecting == (("question", None), 0, 4)  # "What"
        await pilot.press("j")
        assert quote.selecting == (("answer", 0), 0, 1)  # "I"
        await pilot.press("L")  # to the end of the sentence
        text = screen.section.answers[0].quote
        assert quote.selecting == (("answer", 0), 0, len(text))
        await pilot.press("H")  # one sentence less: back to a word
        assert quote.selecting == (("answer", 0), 0, len(text.rsplit(" ", 1)[0]))
        await pilot.press("j", "right_parenthesis")  # no next sentence: it stays
        assert quote.selecting == (("answer", 1), 0, 2)
        await pilot.press("L")
        assert quote.selecting == (
            ("answer", 1),
            0,
            len("He said the idea came from talking with RM."),
        )
        await pilot.press("k", "k", "k")
        assert quote.selecting == (("question", None), 0, 4)
        await pilot.press("escape")
        assert quote.selecting is None
        assert screen.section_index == 2  # escape left selection mode, not the interview


async def test_the_keyboard_selection_is_drawn_with_its_own_background(sample: Path) -> None:
    app = make_app([sample])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("right_square_bracket", "v", "l")  # "Was this"
        quote = screen.query_one(QuoteView)
        row = next(i for i, r in enumerate(quote.rows) if r.content.plain.startswith("“Was"))
        strip = quote.render_line(row - int(quote.scroll_offset.y))
        colours = {seg.text: seg.style.bgcolor for seg in strip if seg.style is not None}
        assert colours["Was this"] != colours[" your first music video?”"]


async def test_search_matches_are_drawn_with_a_background(sample: Path) -> None:
    # The same trap as the selection's: 'background: $warning; color: $text' in a
    # component class came out as black text on no background.
    app = make_app([sample])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        await search_for(pilot, screen, "music")
        await pilot.press("enter")
        quote = screen.query_one(QuoteView)
        await wait_until(pilot, lambda: quote.section is not None)
        row = next(i for i, r in enumerate(quote.rows) if r.content.plain.startswith("“Was"))
        strip = quote.render_line(row - int(quote.scroll_offset.y))
        colours = {seg.text: seg.style.bgcolor for seg in strip if seg.style is not None}
        assert colours["music"] != colours[" video?”"]


async def test_nothing_is_annotated_from_a_browser_tab(sample: Path) -> None:
    app = make_app([sample], state=False, read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("right_square_bracket", "v", "c", "a", "C", "D")
        await pilot.pause()
        assert screen.query_one(QuoteView).selecting is None
        assert app.screen is screen  # no dialog, no confirmation
        assert "c Annotate" not in screen_text(app)
        screen.action_undo_annotation()  # reached another way: refused too
        assert sample.read_text(encoding="utf-8") == ORIGINAL


async def test_an_annotation_with_control_characters_is_changed_in_the_editor(
    sample: Path,
) -> None:
    # The dialog's text fields would send ESC to the terminal as it is: C refuses
    # and says where to change it; the file is untouched.
    text = sample.read_text(encoding="utf-8").replace(
        "Earlier reports said 'a door'.", "Earlier reports \\e]0;PWNED\\a said 'a door'."
    )
    sample.write_text(text, encoding="utf-8")
    app = make_app([sample], state=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket", "a")
        annotation = screen.selected_annotation
        assert annotation is not None and "\x1b" in annotation.note
        await pilot.press("C")
        await wait_until(pilot, lambda: "control or invisible characters" in screen_text(app))
        assert not isinstance(app.screen, AnnotateDialog)
    assert sample.read_text(encoding="utf-8") == text
