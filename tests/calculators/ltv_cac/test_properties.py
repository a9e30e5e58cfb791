"""Monotonic relations of ltv_cac, over its whole allowed input space."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import CALCULATORS, run
from tests.calculators.properties import QUARTER, REL, TINY, numbers, pair


@settings(max_examples=QUARTER)
@given(data=st.data())
def test_ltv_rises_with_margin_and_falls_with_churn(data: Any) -> None:
    calc = CALCULATORS["ltv_cac"]
    base = numbers(calc, data)
    low, high = pair(calc, "gross_margin", data)
    ltv = [run("ltv_cac", {**base, "gross_margin": g})["outputs"]["ltv"] for g in (low, high)]
    assert ltv[0] <= ltv[1]  # exact: a product of non-negative, correctly rounded factors
    low, high = pair(calc, "monthly_churn", data)
    ltv = [run("ltv_cac", {**base, "monthly_churn": c})["outputs"]["ltv"] for c in (low, high)]
    assert ltv[0] >= ltv[1] * (1 - REL) - TINY
