"""The help screen (``?`` or ``f1``), built from the bindings themselves.

Nothing here lists keys by hand: each section reads the merged ``BINDINGS``
of the classes that own them, so the help can never drift from what the
keys really do.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

__all__ = ["HelpScreen", "binding_rows"]


def binding_rows(
    app: App[object], owner: type[DOMNode], hidden: frozenset[str] = frozenset()
) -> list[tuple[str, str]]:
    """``(keys, description)`` for every binding of ``owner``, merged by action.

    Bindings whose action's name (``select`` for ``select('grow_word')``) is in
    ``hidden`` are left out.
    """
    merged = owner._merged_bindings
    if merged is None:
        return []
    rows: dict[tuple[str, str], list[str]] = {}
    for _key, binding in merged:
        if binding.system or not binding.description or binding.action.split("(")[0] in hidden:
            continue
        keys = rows.setdefault((binding.action, binding.description), [])
        display = app.get_key_display(Binding(binding.key, binding.action))
        if binding.key_display and binding.key_display not in keys:
            keys.append(binding.key_display)
        elif not binding.key_display and display not in keys:
            keys.append(display)
    return [(" ".join(keys), description) for (_action, description), keys in rows.items()]


class HelpScreen(ModalScreen[None]):
    """Every key, grouped by where it works."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "close", "Close help"),
        Binding("j,down", "scroll(1)", "Scroll down", show=False),
        Binding("k,up", "scroll(-1)", "Scroll up", show=False),
    ]

    def __init__(
        self,
        sections: Sequence[tuple[str, type[DOMNode]]],
        *,
        hidden: frozenset[str] = frozenset(),
        note: str | None = None,
    ) -> None:
        super().__init__()
        self.sections = sections
        self.hidden = hidden
        """Actions left out (keys that do nothing here, as in the browser)."""
        self.note = note
        """A line under the title saying where this help applies."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(self.help_content(), id="help-text")

    def help_content(self) -> Content:
        """The whole help text."""
        parts: list[Content | str | tuple[str, str]] = [
            ("reader: keys", "bold"),
            "\n",
            ("Press escape, q or ? to close. The mouse works too: click rows, scroll.", "dim"),
            "\n",
        ]
        if self.note:
            parts += ["\n", (self.note, "italic"), "\n"]
        seen: set[tuple[str, str]] = set()
        for title, owner in self.sections:
            # A screen inherits the base screen's keys: list each key once.
            rows = [row for row in binding_rows(self.app, owner, self.hidden) if row not in seen]
            seen.update(rows)
            if not rows:
                continue
            parts += ["\n", (title, "bold underline"), "\n"]
            width = max(len(keys) for keys, _ in rows)
            for keys, description in rows:
                parts += [(f"  {keys:<{width}}", "bold"), f"  {description}\n"]
        return Content.assemble(*parts)

    def on_mount(self) -> None:
        self.query_one("#help").border_title = Content("Help")

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)

    def action_scroll(self, lines: int) -> None:
        """Scroll the help."""
        scroller = self.query_one("#help", VerticalScroll)
        scroller.scroll_to(y=scroller.scroll_y + lines, animate=False)
