"""share_one_heap: glibc's malloc limited to one arena, unless the user chose otherwise."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

_CALL = "from reader.ui.heap import share_one_heap; print(share_one_heap())"


def _run(env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", _CALL], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def _glibc() -> bool:
    import platform

    return sys.platform == "linux" and platform.libc_ver()[0] == "glibc"


@pytest.mark.skipif(not _glibc(), reason="glibc's malloc only")
def test_one_arena_on_glibc_unless_malloc_arena_max_is_set() -> None:
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    assert _run(env) == "True"
    assert _run({**env, "MALLOC_ARENA_MAX": "4"}) == "False"  # the user's choice stands


def test_nothing_is_done_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.ui import heap

    monkeypatch.setattr(heap.sys, "platform", "darwin")
    assert heap.share_one_heap() is False
