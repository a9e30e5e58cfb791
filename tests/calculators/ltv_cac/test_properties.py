"""Monotonic relations of ltv_cac, over its whole allowed input space."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import CALCULATORS, run
from calculators.core import Calculator
from tests.calculators.properties import QUARTER, REL, TINY, falling_retention, pair
from tests.calculators.properties import numbers as drawn_numbers


def ltvs(base: dict[str, Any], field: str, values: tuple[Any, Any]) -> list[float]:
    return [run("ltv_cac", {**base, field: value})["outputs"]["ltv"] for value in values]


def not_above(a: float, b: float) -> bool:
    """a ≤ b up to rounding."""
    return a <= b + REL * max(abs(a), abs(b)) + TINY


def numbers(calc: Calculator, data: Any) -> dict[str, Any]:
    return falling_retention(drawn_numbers(calc, data))


@settings(max_examples=QUARTER)
@given(data=st.data())
def test_ltv_rises_with_margin_and_falls_with_cost_to_serve(data: Any) -> None:
    calc = CALCULATORS["ltv_cac"]
    base = numbers(calc, data)
    low, high = ltvs(base, "gross_margin", pair(calc, "gross_margin", data))
    assert low <= high  # exact: m rounds monotonically, and m·G keeps the order for G > 0
    cheap, dear = ltvs(base, "variable_cost_per_month", pair(calc, "variable_cost_per_month", data))
    assert dear <= cheap  # exact, for the same reason


@settings(max_examples=QUARTER)
@given(data=st.data())
def test_churn_shrinks_value_and_growth_adds_to_it(data: Any) -> None:
    """More churn or less growth weakens every later month: smaller LTV when the margin is
    positive, a smaller loss when it is negative."""
    calc = CALCULATORS["ltv_cac"]
    base = numbers(calc, data)
    margin = run("ltv_cac", base)["outputs"]["monthly_margin"]
    low, high = ltvs(base, "monthly_churn", pair(calc, "monthly_churn", data))
    assert not_above(high, low) if margin >= 0 else not_above(low, high)
    slow, fast = ltvs(base, "arpu_growth", pair(calc, "arpu_growth", data))
    assert not_above(slow, fast) if margin >= 0 else not_above(fast, slow)


@settings(max_examples=QUARTER)
@given(data=st.data())
def test_discounting_never_shortens_payback(data: Any) -> None:
    out = run("ltv_cac", numbers(CALCULATORS["ltv_cac"], data))["outputs"]
    undiscounted, discounted = out["payback_months"], out["discounted_payback_months"]
    if discounted is not None:
        assert undiscounted is not None
        # (within the first month the spec's real-n extension of G bends the other way)
        assert undiscounted <= discounted * (1 + REL) or discounted < 1
    if out["simple_ltv_cac_ratio"] is not None and out["ltv_cac_ratio"] is not None and out["monthly_margin"] > 0:
        # the benchmark basis counts every month at face value and without end, so never less
        assert not_above(out["ltv_cac_ratio"], out["simple_ltv_cac_ratio"])
