"""The NAME part of the property tests: which outputs may be null, and the independent check."""

from __future__ import annotations

from typing import Any

from tests.calculators.properties import close

# A null output must come with one of these notes.
NULL_REASONS: dict[str, set[str]] = {}
# A note appears exactly when these outputs are null for its reason.
NOTE_NULLS: dict[str, tuple[str, ...]] = {}


def check(result: dict[str, Any], codes: set[str]) -> None:
    """Every output against an independent computation (a month-by-month walk, a textbook formula)."""
    v, out = result["inputs"], result["outputs"]
    assert close(out["monthly_margin"], v["monthly_revenue"] * (v["gross_margin"] / 100))
