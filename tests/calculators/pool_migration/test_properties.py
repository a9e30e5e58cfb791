"""Monotonic relations of pool_migration, over its whole allowed input space."""

from __future__ import annotations

from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from calculators import CALCULATORS, run
from calculators.core import Calculator
from tests.calculators.properties import QUARTER, REL, TINY, falling_retention, pair
from tests.calculators.properties import numbers as drawn_numbers


def numbers(calc: Calculator, data: Any) -> dict[str, Any]:
    return falling_retention(drawn_numbers(calc, data))


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
        gm, discount, checkout = (
            base["gross_margin"] / 100,
            base["private_discount"] / 100,
            base["platform_checkout_share"] / 100,
        )
        order_margin = base["aov"] * (
            (1 - checkout) * (gm - discount - base["payment_fee"] / 100)
            + checkout * (gm - discount - base["platform_fee"] / 100)
        )
        if order_margin >= 0:
            assert lo <= hi + slack
        else:
            assert lo >= hi - slack


@settings(max_examples=QUARTER)
@given(data=st.data())
def test_worse_platform_ads_never_make_the_counterfactual_pay(data: Any) -> None:
    """A higher ROAS makes the public pool's repeat orders cheaper, so NPV can only fall; below the
    break-even ROAS the seller buys no re-reach at all, so NPV no longer moves (spec v2: the floor).
    Before the floor, NPV kept rising as ROAS fell towards 0 (62 at ROAS 3, 528 at 0.1)."""
    calc = CALCULATORS["pool_migration"]
    base = numbers(calc, data)
    low, high = pair(calc, "roas", data)
    results = [run("pool_migration", {**base, "roas": x})["outputs"] for x in (low, high)]
    npv = [r["npv_per_member"] for r in results]
    assume(None not in npv)
    lo, hi = npv
    slack = REL * max(abs(lo), abs(hi), 1e-300) * 10 + TINY
    assert hi <= lo + slack
    break_even = 1 / max(base["gross_margin"] / 100 - base["platform_fee"] / 100, 1e-300)
    if high < break_even * (1 - 1e-9):
        assert abs(hi - lo) <= slack  # both below: no re-reach bought either way


@settings(max_examples=QUARTER)
@given(data=st.data())
def test_member_discounts_and_platform_checkout_only_cost(data: Any) -> None:
    calc = CALCULATORS["pool_migration"]
    base = numbers(calc, data)
    field = data.draw(st.sampled_from(("private_discount", "platform_checkout_share")))
    low, high = pair(calc, field, data)
    if field == "platform_checkout_share":
        assume(base["platform_fee"] >= base["payment_fee"])  # checking out on the platform costs more
    npv = [run("pool_migration", {**base, field: x})["outputs"]["npv_per_member"] for x in (low, high)]
    assume(None not in npv)
    lo, hi = npv
    assert hi <= lo + REL * max(abs(lo), abs(hi), 1e-300) * 10 + TINY
