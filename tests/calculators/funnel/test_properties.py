"""Monotonic relations of funnel, over its whole allowed input space."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import CALCULATORS, run
from tests.calculators.properties import QUARTER, REL, TINY, numbers, pair

FUNNEL_DRIVERS = (
    "visitors",
    "activation_rate",
    "retention_rate",
    "purchase_rate",
    "invites_per_retained",
    "invite_conversion",
    "viral_cycles",
)


@settings(max_examples=QUARTER)
@given(data=st.data())
def test_buyers_rise_with_every_rate(data: Any) -> None:
    calc = CALCULATORS["funnel"]
    base = numbers(calc, data)
    field = data.draw(st.sampled_from(FUNNEL_DRIVERS))
    low, high = pair(calc, field, data)
    base = within_market(base, high if field == "visitors" else base["visitors"])
    buyers = [run("funnel", {**base, field: x})["outputs"]["buyers"] for x in (low, high)]
    assert buyers[0] <= buyers[1] * (1 + REL) + TINY, (field, low, high, buyers)


def within_market(values: dict[str, Any], visitors: float) -> dict[str, Any]:
    """The inputs with a market no smaller than these visitors (else no limit): the rule between them."""
    market = values["market_size"]
    return {**values, "market_size": market if market == 0 or market >= visitors else 0.0}


@settings(max_examples=QUARTER)
@given(data=st.data())
def test_referral_rewards_only_lower_profit(data: Any) -> None:
    calc = CALCULATORS["funnel"]
    base = numbers(calc, data)
    base = within_market(base, base["visitors"])
    cheap, dear = pair(calc, "referral_reward", data)
    runs = [run("funnel", {**base, "referral_reward": x})["outputs"] for x in (cheap, dear)]
    assert runs[1]["profit_after_acquisition"] <= runs[0]["profit_after_acquisition"]  # exact: referred ≥ 0
    assert runs[1]["buyers"] == runs[0]["buyers"]  # a reward is a cost here, not a lever


@settings(max_examples=QUARTER)
@given(data=st.data())
def test_a_market_limit_never_adds_people(data: Any) -> None:
    calc = CALCULATORS["funnel"]
    base = numbers(calc, data)
    limited = within_market(base, base["visitors"])
    unlimited = run("funnel", {**base, "market_size": 0})["outputs"]
    capped = run("funnel", limited)["outputs"]
    assert capped["acquired"] <= unlimited["acquired"] * (1 + REL) + TINY
    if limited["market_size"] > 0:
        assert capped["acquired"] <= limited["market_size"] * (1 + REL)
