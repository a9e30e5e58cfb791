"""Monotonic relations of holdout_test, over its whole allowed input space."""

from __future__ import annotations

from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from calculators import CALCULATORS, ValidationError, run
from tests.calculators.properties import QUARTER, numbers, pair

CALC = CALCULATORS["holdout_test"]


def _outputs(inputs: dict[str, Any]) -> dict[str, Any]:
    try:
        return run("holdout_test", inputs)["outputs"]  # type: ignore[no-any-return]
    except ValidationError:
        assume(False)  # p0·(1+L) ≥ 1 at a rounding boundary: outside the model
        raise


def _lift(data: Any, inputs: dict[str, Any]) -> float:
    """An expected lift the baseline allows: p0·(1+L) < 1."""
    limit = min(CALC.field("expected_lift").maximum, 100 * (100 / inputs["baseline_purchase_rate"] - 1))
    return float(data.draw(st.floats(min_value=0, max_value=limit, exclude_min=True, exclude_max=True)))


def numbers_within_the_rule(data: Any) -> dict[str, Any]:
    inputs = numbers(CALC, data)
    return {**inputs, "expected_lift": _lift(data, inputs)}


def pair_within_the_rule(data: Any, inputs: dict[str, Any]) -> tuple[float, float]:
    low, high = sorted((_lift(data, inputs), _lift(data, inputs)))
    return low, high


@settings(max_examples=QUARTER)
@given(data=st.data())
def test_power_never_falls_with_more_members_or_a_bigger_lift(data: Any) -> None:
    base = numbers_within_the_rule(data)
    field = data.draw(st.sampled_from(("members", "expected_lift")))
    low, high = pair(CALC, field, data) if field == "members" else pair_within_the_rule(data, base)
    power = [_outputs({**base, field: x})["power_at_expected_lift"] for x in (low, high)]
    assume(None not in power)
    assert power[0] <= power[1] + 1e-9, (field, low, high, power)


@settings(max_examples=QUARTER)
@given(data=st.data())
def test_a_stricter_significance_level_never_adds_power(data: Any) -> None:
    base = numbers_within_the_rule(data)
    low, high = pair(CALC, "significance", data)
    power = [_outputs({**base, "significance": x})["power_at_expected_lift"] for x in (low, high)]
    assume(None not in power)
    assert power[0] <= power[1] + 1e-9


@settings(max_examples=QUARTER)
@given(data=st.data())
def test_members_needed_fall_as_the_lift_grows_and_rise_with_the_power_wanted(data: Any) -> None:
    base = numbers_within_the_rule(data)
    low, high = pair_within_the_rule(data, base)
    needed = [_outputs({**base, "expected_lift": x})["required_members"] for x in (low, high)]
    assume(None not in needed)
    assert needed[0] >= needed[1] * (1 - 1e-12)
    low, high = pair(CALC, "power", data)
    needed = [_outputs({**base, "power": x})["required_members"] for x in (low, high)]
    assume(None not in needed)
    assert needed[0] <= needed[1] * (1 + 1e-12)


@settings(max_examples=QUARTER)
@given(data=st.data())
def test_the_interval_contains_the_difference_and_the_p_value_is_a_probability(data: Any) -> None:
    out = _outputs(numbers_within_the_rule(data))
    if out["verdict"] == "not_measured":
        return
    low, diff, high = out["difference_ci_low_pp"], out["observed_difference_pp"], out["difference_ci_high_pp"]
    if None not in (low, diff, high):
        assert low <= diff <= high
    if out["p_value"] is not None:
        assert 0 <= out["p_value"] <= 1
