"""The app process behind one browser tab of ``reader serve``.

``python -m reader.ui.web.child -- PATH ...`` runs the usual app over the
given files and folders, with textual-serve's web driver (chosen by the
``TEXTUAL_DRIVER`` variable the server sets) and in the app's read-only
browser mode.  The reading state (place, read marks, bookmarks) is the
tab's own: kept in a temporary folder that is removed when the tab closes,
so a colleague's reading never changes the owner's state file and two tabs
never share one.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

__all__ = ["INSECURE_PAGE_VARIABLE", "INSECURE_PAGE_WARNING", "main"]

INSECURE_PAGE_VARIABLE = "READER_SERVE_INSECURE_PAGE"
"""Set to ``1`` by the server for a tab whose page is plain http from another machine."""

INSECURE_PAGE_WARNING = (
    "but this page is plain http from another machine, and browsers keep their clipboard "
    "from such pages: select the text with shift+drag and copy it with the browser instead"
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the app on the paths in ``argv`` (after an optional ``--``); the exit code."""
    from reader.state import StateStore
    from reader.ui.app import make_app

    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--"]:
        args = args[1:]
    paths = [Path(arg) for arg in args]
    with tempfile.TemporaryDirectory(prefix="reader-serve-") as folder:
        insecure = os.environ.get(INSECURE_PAGE_VARIABLE) == "1"
        app = make_app(
            paths,
            state=StateStore(Path(folder) / "state.json"),
            read_only=True,
            copy_warning=INSECURE_PAGE_WARNING if insecure else None,
        )
        app.run()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
