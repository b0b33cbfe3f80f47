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


def _core_modules() -> tuple[str, ...]:
    """Every module of the package outside ``reader.ui``, found on disk.

    Found rather than listed, so that a new core module (or a command's
    module) is checked from the day it is added.
    """
    import pkgutil

    import reader

    names = ["reader"]
    for info in pkgutil.walk_packages(reader.__path__, "reader."):
        if info.name == "reader.ui" or info.name.startswith("reader.ui."):
            continue
        if info.name == "reader.__main__":
            continue  # runs the CLI when imported
        names.append(info.name)
    return tuple(sorted(names))


CORE_MODULES = _core_modules()


def test_the_core_is_found() -> None:
    # The discovery must not quietly find nothing.
    for name in ("reader.model", "reader.loader", "reader.state.store", "reader.cli.check"):
        assert name in CORE_MODULES


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
