"""Issue 6's helper modules are pure core: no textual, no rich.

``tests/test_core_purity.py`` covers reader.state and reader.quote; these are
the others (fold them into its CORE_MODULES when convenient).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

MODULES = [
    "reader.links",
    "reader.editor",
    "reader.history",
    "reader.cli.quote",
]


@pytest.mark.parametrize("module", MODULES)
def test_imports_neither_textual_nor_rich(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(bad)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout == "[]\n"
