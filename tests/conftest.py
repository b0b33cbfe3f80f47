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
