"""The pure core imports neither textual nor rich, not even indirectly.

Each module is imported in a fresh interpreter, and the test fails if
``textual`` or ``rich`` (or any of their submodules) ended up in
``sys.modules``.  Modules that do not exist yet are reported as skipped, not
silently passed.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

CORE_MODULES = (
    "reader",
    "reader.model",
    "reader.text",
    "reader.paths",
    "reader.loader",
    "reader.schema",
    "reader.search",
    "reader.state",
    "reader.quote",
    "reader.search.engine",
    "reader.search.fts",
    "reader.search.cache",
    "reader.history",
    "reader.links",
    "reader.editor",
    "reader.importer",
    "reader.yamlwrite",
    "reader.export",
    # The subcommands must not pay for importing the UI either.
    "reader.cli",
    "reader.cli.check",
    "reader.cli.schema",
    "reader.cli.search",
    "reader.cli.quote",
    "reader.cli.import_",
    "reader.cli.export",
)

_PROBE = """
import importlib, sys
importlib.import_module(sys.argv[1])
ui = sorted(name for name in sys.modules if name.split(".")[0] in ("textual", "rich"))
print(" ".join(ui))
"""


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_imports_no_ui(module: str) -> None:
    # A module renamed away must not leave this test passing on nothing.
    assert importlib.util.find_spec(module) is not None, f"{module} is gone: update the list"
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, module],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"{module} pulls in: {done.stdout.strip()}"


def test_the_probe_can_fail() -> None:
    """The probe does see a UI import (so the test above can fail)."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, "rich.text"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "rich.text" in done.stdout.split()
