"""Monotonic relations of pool_migration, over its whole allowed input space."""

from __future__ import annotations

from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from calculators import CALCULATORS, run
from tests.calculators.properties import QUARTER, REL, TINY, numbers, pair


@settings(max_examples=QUARTER)
@given(data=st.data())
def test_npv_per_member_moves_the_right_way(data: Any) -> None:
    """More churn lowers NPV when the private pool earns more (Δ > 0) and limits the loss when it earns
    less (Δ < 0): leavers revert to public behaviour. More opex lowers NPV; more private orders raise it
    unless each private order loses money."""
    calc = CALCULATORS["pool_migration"]
    base = numbers(calc, data)
    field = data.draw(st.sampled_from(("monthly_churn", "opex_per_member_month", "private_orders_per_month")))
    low, high = pair(calc, field, data)
    results = [run("pool_migration", {**base, field: x})["outputs"] for x in (low, high)]
    npv = [r["npv_per_member"] for r in results]
    assume(None not in npv)
    lo, hi = npv
    slack = REL * max(abs(lo), abs(hi), 1e-300) * 10 + TINY
    if field == "monthly_churn":
        delta = results[0]["incremental_margin_per_member_month"]
        if delta > 0:
            assert lo >= hi - slack
        elif delta < 0:
            assert lo <= hi + slack
        else:
            assert lo == hi
    elif field == "opex_per_member_month":
        assert lo >= hi - slack
    else:
        order_margin = base["aov"] * (base["gross_margin"] / 100 - base["payment_fee"] / 100)
        if order_margin >= 0:
            assert lo <= hi + slack
        else:
            assert lo >= hi - slack
