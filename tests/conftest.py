"""Shared fixtures: small configurations that run in well under a second after compilation."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
os.environ.setdefault("SOLARA_TELEMETRY_SENTRY_ENABLE", "False")


@pytest.fixture(scope="session")
def compiled() -> None:
    """Compile (or load) the numba kernels once per test session."""
    from servicesim.experiments.simulate import compile_kernels

    compile_kernels()


@pytest.fixture
def small_cfg(compiled):  # noqa: ANN001
    from servicesim.params.config import resolve

    return resolve("empowered", "default", [], customers=3000, days=40, seed=3)
