"""Shared pytest configuration: hypothesis profiles.

The default profile keeps property tests quick enough for CI.  For a long
fuzzing run: ``pytest --hypothesis-profile long tests/``.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

# CI machines are shared and slow at times: no per-example deadline.
settings.register_profile("default", deadline=None)
settings.register_profile(
    "long",
    deadline=None,
    max_examples=5000,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("default")


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _private_state_and_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test gets its own state and cache folders: never the user's."""
    base = tmp_path_factory.mktemp("reader-home")
    monkeypatch.setenv("READER_STATE_DIR", str(base / "state"))
    monkeypatch.setenv("READER_CACHE_DIR", str(base / "cache"))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
