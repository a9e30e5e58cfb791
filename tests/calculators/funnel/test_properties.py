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
    buyers = [run("funnel", {**base, field: x})["outputs"]["buyers"] for x in (low, high)]
    assert buyers[0] <= buyers[1] * (1 + REL) + TINY, (field, low, high, buyers)
