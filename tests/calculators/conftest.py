"""Hypothesis profiles for the calculator tests.

The normal run draws 2,000 examples for each calculator's main property (valid
input: complete, finite, equal to the simulation) and a quarter of that for the
others; ``HYPOTHESIS_PROFILE=slow`` draws 50,000 (and 12,500). Both are
derandomized and keep no example database, so every run (and CI) tries the same
inputs; Hypothesis still caches Unicode tables in the gitignored ``.hypothesis/``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

from calculators import registry
from tests.calculators.toy import TOY

_COMMON = {
    "derandomize": True,
    "database": None,
    "deadline": None,
    "print_blob": True,
    "suppress_health_check": [HealthCheck.too_slow],
}
settings.register_profile("calculators", max_examples=2_000, **_COMMON)
settings.register_profile("slow", max_examples=50_000, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "calculators"))


@pytest.fixture
def toy(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A made-up calculator registered for one test (tests/calculators/toy.py)."""
    monkeypatch.setitem(registry.CALCULATORS, TOY.name, TOY)
    yield TOY.name
