"""The interview screen's annotating: new, changed and deleted annotations, and undo.

What is annotated is the selection: the keyboard selection (``v``), else the
mouse's, else the current search hit.  The dialog asks for the note; then
:mod:`reader.annotate` computes the change of the file's text, checks it
with the strict loader and writes it, and the screen shows the new version
in place (the quote view does not move).  Every refusal is a notification
that says why; when the file cannot be written, the annotation is offered as
YAML on the clipboard, so what the user wrote is never lost.

The screen calls these from its actions; they use only the screen's public
attributes and its services.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from textual.content import Content

from reader.annotate import (
    EditError,
    Fields,
    FileChanged,
    Plan,
    SelectionError,
    WriteRefused,
    add_at_selection,
    find_in_passage,
    plan_delete,
    plan_update,
    read_snapshot,
    remember_by,
    remembered_by,
    undo_last,
    write_text,
)
from reader.model import Anchor, Annotation, Interview
from reader.text import has_special, shorten, visible
from reader.ui.content import literal

if TYPE_CHECKING:
    from reader.ui.screens.interview import InterviewScreen
    from reader.ui.widgets.quote_view import TextRef

__all__ = [
    "annotate_selection",
    "change_annotation",
    "delete_annotation",
    "selection_or_hit",
    "start_selection",
    "undo_annotation",
]


def start_selection(screen: InterviewScreen) -> None:
    """Start selecting text with the keyboard (``v``), at the current answer."""
    from reader.ui.widgets.quote_view import QuoteView

    quote = screen.query_one(QuoteView)
    if quote.start_selection():
        quote.focus()
        screen.notify(
            "Selecting: l h word, L H sentence, w b ) ( move, j k other answer, "
            "enter annotates, escape stops.",
            timeout=4,
        )
    else:
        screen.notify("Open a Q&A to select its text.", timeout=3)


def _state_dir(screen: InterviewScreen) -> Path | None:
    store = screen.services.state
    return store.path.parent if store is not None else None


def _error(screen: InterviewScreen, message: str) -> None:
    screen.notify(visible(message), markup=False, severity="error", timeout=8)


def selection_or_hit(screen: InterviewScreen) -> Anchor | str | None:
    """What to annotate: the keyboard or mouse selection, else the current search hit."""
    from reader.ui.widgets.quote_view import QuoteView

    found = screen.query_one(QuoteView).selection_anchor()
    if found is not None:
        return found
    hit = screen.last_hit
    section = screen.section
    if (
        hit is None
        or section is None
        or hit.number != section.number
        or hit.field not in ("question", "answer")
        or not hit.matches
    ):
        return None
    answer = hit.answer if hit.field == "answer" else None
    ref: TextRef = ("question", None) if hit.field == "question" else ("answer", answer)
    start, end = hit.matches[0]
    # Only while the search is still on (u clears it): its match is highlighted.
    if (start, end) not in screen.services.matches_in(screen.interview, section).get(ref, []):
        return None
    return Anchor(hit.field, answer, start, end)


def _texts(interview: Interview) -> list[tuple[str, tuple[str, ...]]]:
    return [(s.question, tuple(a.quote for a in s.answers)) for s in interview.sections]


@dataclass(frozen=True, slots=True)
class _Outcome:
    """How a change of the file went, handed from the worker to the screen."""

    kind: Literal["written", "changed", "refused", "error"]
    message: str = ""
    plan: Plan | None = None
    interview: Interview | None = None


Compute = Callable[[str, Interview], Plan]
"""Works out the change from the file's text and the interview it loads as."""


def _change_file(
    screen: InterviewScreen,
    compute: Compute,
    done: Callable[[Plan], None],
    retry: Fields | None = None,
) -> None:
    """Compute, check and write a change in a thread; show the outcome on the screen.

    A large file takes seconds to load and check twice: the screen stays
    responsive meanwhile.  The file on disk must still say what the screen
    shows, else nothing is written (the user is told, the file reloads and,
    for a new annotation, the dialog opens again with what was typed).
    """
    path = screen.interview.path
    shown = _texts(screen.interview)
    state_dir = _state_dir(screen)

    def work() -> _Outcome:
        from reader.loader import load_text

        plan: Plan | None = None
        try:
            snapshot = read_snapshot(path)
            loaded = load_text(snapshot.text, path).interview
            if loaded is None or _texts(loaded) != shown:
                return _Outcome(
                    "changed",
                    f"{path.name} changed on disk since it was shown: nothing was written. "
                    "It is being read again.",
                )
            plan = compute(snapshot.text, loaded)
            write_text(snapshot, plan.text, state_dir)
        except FileChanged as exc:
            return _Outcome("changed", str(exc))
        except WriteRefused as exc:
            # Refused before a plan (unreadable file): only the reason to tell.
            return _Outcome("refused" if plan is not None else "error", str(exc), plan)
        except (SelectionError, EditError) as exc:
            return _Outcome("error", f"Not written: {exc}")
        except Exception as exc:  # a bug must not lose the user's note silently
            return _Outcome("error", f"Not written: internal error ({type(exc).__name__}: {exc})")
        return _Outcome("written", plan=plan, interview=load_text(plan.text, path).interview)

    def finish(outcome: _Outcome) -> None:
        screen.watcher.release()
        if outcome.kind == "written" and outcome.plan is not None:
            if outcome.interview is not None:
                screen.replace_interview(outcome.interview)
            screen.watcher.acknowledge()
            done(outcome.plan)
        elif outcome.kind == "changed":
            kept = "; what you wrote is kept: save it again." if retry is not None else "."
            _error(screen, outcome.message.rstrip(".") + kept)
            screen.watcher.check()
            if retry is not None:
                screen.call_after_refresh(_reopen, screen, retry)
        elif outcome.kind == "refused" and outcome.plan is not None:
            _offer_copy(screen, outcome.message, outcome.plan)
        else:
            _error(screen, outcome.message)

    def job() -> None:
        outcome = work()
        screen.app.call_from_thread(finish, outcome)

    # Our own write must not look like someone else's change to live reload.
    screen.watcher.hold()
    screen.run_worker(
        job,
        thread=True,
        exclusive=True,
        group="annotate",
        exit_on_error=False,
        description="annotate",
    )


def _reopen(screen: InterviewScreen, fields: Fields) -> None:
    """After a refused save: the dialog again, with what was typed."""
    if screen.pending is not None:
        _dialog(screen, screen.pending[0], screen.pending[1], fields)


def _offer_copy(screen: InterviewScreen, reason: str, plan: Plan) -> None:
    from reader.ui.screens.annotate_dialog import ConfirmScreen

    question = Content.assemble(
        ("Not written: ", "bold"),
        literal(reason),
        "\n\nCopy the annotation as YAML, to paste into the file yourself?",
    )

    def answered(yes: bool | None) -> None:
        if yes:
            screen.app.copy_to_clipboard(plan.snippet.replace("\r\n", "\n"))
            screen.notify("The annotation is on the clipboard, as YAML.", timeout=4)

    screen.app.push_screen(ConfirmScreen(question), answered)


def annotate_selection(screen: InterviewScreen) -> None:
    """``c``: annotate what is selected (a dialog, then the file)."""
    section = screen.section
    if section is None:
        screen.notify("Open a Q&A to annotate its text (About has no passages).", timeout=4)
        return
    found = selection_or_hit(screen)
    if found is None:
        screen.notify(
            "Select a passage first: v (then l, L, w, ...), the mouse, or a search hit (/, n).",
            timeout=6,
        )
        return
    if isinstance(found, str):
        _error(screen, f"Cannot annotate this selection: {found}.")
        return
    text = section.text_of(found.field, found.answer)[found.start : found.end]
    if not text.strip():
        screen.notify("The selection is only white space: select words.", timeout=4)
        return
    screen.pending = (found, text)
    fields = Fields(note="", by=remembered_by(_state_dir(screen)))
    _dialog(screen, found, text, fields)


def _where(anchor: Anchor) -> str:
    return "the question" if anchor.field == "question" else f"answer {(anchor.answer or 0) + 1}"


def _dialog(screen: InterviewScreen, anchor: Anchor, text: str, fields: Fields) -> None:
    from reader.ui.screens.annotate_dialog import AnnotateDialog

    section = screen.section
    assert section is not None
    title = f"Annotate Q&A {section.number}, {_where(anchor)}"

    def done(result: Fields | None) -> None:
        if result is None:
            screen.pending = None
            return
        _save_new(screen, result)

    screen.app.push_screen(AnnotateDialog(title, text, fields), done)


def _save_new(screen: InterviewScreen, fields: Fields) -> None:
    pending = screen.pending
    section = screen.section
    if pending is None or section is None:
        return
    anchor, text = pending
    if section.text_of(anchor.field, anchor.answer)[anchor.start : anchor.end] != text:
        # The file was reloaded meanwhile: find the passage again where it was.
        try:
            anchor = find_in_passage(section, text, anchor.field, anchor.answer)
        except SelectionError as exc:
            _error(screen, f"The passage is no longer there: {exc}")
            return
        screen.pending = (anchor, text)
    remember_by(_state_dir(screen), fields.by)
    number, path = section.number, screen.interview.path

    def compute(file_text: str, loaded: Interview) -> Plan:
        return add_at_selection(
            file_text,
            path,
            loaded.sections[number - 1],
            anchor.field,
            anchor.answer,
            anchor.start,
            anchor.end,
            fields,
        )

    def done(plan: Plan) -> None:
        screen.pending = None
        screen.clear_selection()  # the mouse's: its rows are gone with the old text
        screen.notify(
            visible(f"Annotation added ({path.name}:{plan.line})."), markup=False, timeout=4
        )
        screen.select_annotation_at(plan.line)

    _change_file(screen, compute, done, retry=fields)


def _selected_for_change(screen: InterviewScreen, verb: str) -> Annotation | None:
    annotation = screen.selected_annotation
    if annotation is None:
        screen.notify(
            f"Select an annotation in the sidebar first (a, A, or click it) to {verb} it.",
            timeout=5,
        )
    return annotation


def change_annotation(screen: InterviewScreen) -> None:
    """``C``: change the selected annotation (hand-written ones too)."""
    from reader.ui.screens.annotate_dialog import AnnotateDialog

    annotation = _selected_for_change(screen, "change")
    if annotation is None:
        return
    if any(has_special(text) for text in (annotation.note, annotation.by or "", *annotation.links)):
        # The dialog's text fields would send such characters to the terminal
        # as they are, and showing placeholders would write them back.
        screen.notify(
            "This annotation holds control or invisible characters: change it in your "
            "editor (e), where you can see them.",
            severity="warning",
            timeout=6,
        )
        return
    section = screen.section
    initial = Fields.of(annotation)
    where = f"Q&A {section.number}" if section is not None else "the interview"

    def done(result: Fields | None) -> None:
        if result is None:
            return
        fields = replace(
            result, on=annotation.on, prefix=annotation.prefix, suffix=annotation.suffix
        )
        remember_by(_state_dir(screen), fields.by)
        path = screen.interview.path
        number = section.number if section is not None else None

        def compute(file_text: str, loaded: Interview) -> Plan:
            return plan_update(
                file_text, path, number, annotation.position, fields, annotation.anchor
            )

        def written(plan: Plan) -> None:
            screen.notify(
                visible(f"Annotation changed ({path.name}:{plan.line})."), markup=False, timeout=4
            )
            screen.select_annotation_at(plan.line)

        _change_file(screen, compute, written)

    title = f"Change an annotation of {where}"
    screen.app.push_screen(AnnotateDialog(title, annotation.on, initial), done)


def delete_annotation(screen: InterviewScreen) -> None:
    """``D``: delete the selected annotation, after a confirmation."""
    from reader.ui.screens.annotate_dialog import ConfirmScreen

    annotation = _selected_for_change(screen, "delete")
    if annotation is None:
        return
    section = screen.section
    question = Content.assemble(
        ("Delete this annotation from the file? ", "bold"),
        "\n",
        literal(shorten(annotation.note.strip(), 200)),
        ("\n(Undo last annotation change, in ctrl+p, puts it back.)", "dim"),
    )

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        path = screen.interview.path
        number = section.number if section is not None else None

        def compute(file_text: str, loaded: Interview) -> Plan:
            return plan_delete(file_text, path, number, annotation.position)

        def deleted(plan: Plan) -> None:
            screen.notify("Annotation deleted.", timeout=4)

        _change_file(screen, compute, deleted)

    screen.app.push_screen(ConfirmScreen(question), answered)


def undo_annotation(screen: InterviewScreen) -> None:
    """Palette: put back the file as it was before the last annotation change."""
    from reader.loader import load_file

    state_dir = _state_dir(screen)
    if state_dir is None:
        _error(screen, "Nothing to undo: reader keeps no state here.")
        return
    try:
        path = undo_last(state_dir)
    except WriteRefused as exc:
        _error(screen, str(exc))
        return
    try:
        same = path == screen.interview.path.resolve()
    except OSError:
        same = False
    if same:
        result = load_file(screen.interview.path)
        if result.interview is not None:
            screen.replace_interview(result.interview)
        screen.watcher.acknowledge()
    screen.notify(visible(f"Undone: {path.name} is as before the last change."), markup=False)
