"""Driver for the start-up benchmark: start an app headless, exit on a milestone.

``python bench/first_frame.py minimal`` starts a minimal Textual app (Header,
OptionList, Static, Footer) and exits on its first frame.
``python bench/first_frame.py reader [--content] PATH ...`` starts reader the
way the ``reader`` command does and exits on its first frame, or with
``--content`` once the first interview or library rows are on screen.
The parent (bench/bench_ui.py) times the whole process, imports included.
"""

from __future__ import annotations

import sys
from pathlib import Path


def minimal() -> None:
    """The baseline: the smallest app with the same kinds of widgets."""
    from textual import events
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, OptionList, Static

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield OptionList(*[f"Question {n}" for n in range(1, 41)])
            yield Static("A quote.")
            yield Footer()

        def on_ready(self, event: events.Ready) -> None:
            self.exit()

    Minimal().run(headless=True, size=(120, 40))


def reader(paths: list[Path], content: bool) -> None:
    """reader itself, built by the same factory as the CLI."""
    from textual import events

    from reader.ui.app import ReaderApp

    class Timed(ReaderApp):
        def on_ready(self, event: events.Ready) -> None:
            if not content:
                self.exit()

        def _loaded_one(self, result, found=None, **options):  # type: ignore[no-untyped-def]
            super()._loaded_one(result, found, **options)
            self.call_after_refresh(self.exit)

        def _add_to_library(self, batch):  # type: ignore[no-untyped-def]
            super()._add_to_library(batch)
            library = self.library
            if content and library is not None and len(library.results) >= library.total:
                self.call_after_refresh(self.exit)

    Timed(paths).run(headless=True, size=(120, 40))


def main() -> None:
    """Command line of the driver."""
    mode, *rest = sys.argv[1:]
    if mode == "minimal":
        minimal()
    else:
        content = "--content" in rest
        reader([Path(arg) for arg in rest if arg != "--content"], content)


if __name__ == "__main__":
    main()
