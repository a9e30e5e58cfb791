"""holdout_test against the spec: hand-checked figures, the cross-field rule, notes and the hand-off."""

from __future__ import annotations

import math
from urllib.parse import parse_qsl

import pytest

from calculators import ValidationError, run
from calculators.holdout_test.presentation import PRESENTATION
from calculators.presentation import link_queries
from calculators.registry import CALCULATORS

Z_975, Z_80 = 1.959963984540054, 0.8416212335729143  # Φ⁻¹(0.975), Φ⁻¹(0.8), to 16 digits


def test_defaults_by_hand() -> None:
    out = run("holdout_test")["outputs"]
    assert out["treated"] == 18000 and out["held_out"] == 2000
    required = (Z_975 + Z_80) ** 2 * 0.08 * 0.92 * (1 / 0.9 + 1 / 0.1) / 0.02**2
    assert out["required_members"] == pytest.approx(required, rel=1e-12)
    se = math.sqrt(0.08 * 0.92 * (1 / 18000 + 1 / 2000))
    assert out["min_detectable_lift"] == pytest.approx(100 * (Z_975 + Z_80) * se / 0.08, rel=1e-12)
    # 20,000 members is more than the 16,047 needed, so power is above the 80% asked for.
    assert 80 < out["power_at_expected_lift"] < 90


def test_measured_result_by_hand() -> None:
    out = run("holdout_test", {"observed_rate_treated": 10, "observed_rate_holdout": 8})["outputs"]
    assert out["observed_lift"] == pytest.approx(25)
    assert out["implied_public_share"] == pytest.approx(80)
    half = Z_975 * math.sqrt(0.1 * 0.9 / 18000 + 0.08 * 0.92 / 2000)
    assert out["difference_ci_low_pp"] == pytest.approx(100 * (0.02 - half), rel=1e-12)
    assert out["difference_ci_high_pp"] == pytest.approx(100 * (0.02 + half), rel=1e-12)
    z = 0.02 / math.sqrt(0.098 * 0.902 * (1 / 18000 + 1 / 2000))
    assert out["p_value"] == pytest.approx(math.erfc(z / math.sqrt(2)), rel=1e-12)
    assert out["verdict"] == "significant_gain"


def test_observed_outputs_wait_for_both_rates() -> None:
    for inputs in ({}, {"observed_rate_treated": 10}, {"observed_rate_holdout": 8}):
        result = run("holdout_test", inputs)
        assert result["outputs"]["observed_lift"] is None and result["outputs"]["verdict"] == "not_measured"
        assert "not_measured_yet" in {n["code"] for n in result["notes"]}


def test_a_lift_that_would_pass_100_percent_is_an_error_on_the_lift() -> None:
    with pytest.raises(ValidationError) as info:
        run("holdout_test", {"baseline_purchase_rate": 50, "expected_lift": 100})
    (error,) = info.value.errors
    assert error.field == "expected_lift" and error.code == "inconsistent"
    assert "100%" in error.en and "100%" in error.zh
    run("holdout_test", {"baseline_purchase_rate": 50, "expected_lift": 99.9})  # just inside


def test_cross_field_rule_waits_until_each_field_is_valid() -> None:
    with pytest.raises(ValidationError) as info:
        run("holdout_test", {"baseline_purchase_rate": "abc", "expected_lift": 5000})
    assert [e.field for e in info.value.errors] == ["baseline_purchase_rate"]


@pytest.mark.parametrize(
    ("field", "value", "ok"),
    [
        ("members", 1, False),
        ("members", 2, True),
        ("holdout_share", 0, False),  # 0 < h
        ("holdout_share", 100, False),  # h < 100
        ("holdout_share", 99.9, True),
        ("baseline_purchase_rate", 0, False),
        ("significance", 0.009, False),
        ("significance", 50, True),
        ("power", 49.9, False),
        ("power", 99.99, True),
        ("expected_lift", 0, False),
    ],
)
def test_bounds(field: str, value: float, ok: bool) -> None:
    if ok:
        run("holdout_test", {field: value})
    else:
        with pytest.raises(ValidationError) as info:
            run("holdout_test", {field: value})
        assert [e.field for e in info.value.errors] == [field]


def test_an_underpowered_test_says_so() -> None:
    notes = {n["code"] for n in run("holdout_test", {"members": 2000})["notes"]}
    assert "underpowered" in notes
    assert "underpowered" not in {n["code"] for n in run("holdout_test")["notes"]}


def test_the_power_curve_peaks_at_an_even_split_and_marks_your_holdout() -> None:
    series = run("holdout_test")["series"]
    power = series["power"]
    assert series["holdout_share"][0] == 1 and series["holdout_share"][-1] == 50
    assert power == sorted(power)  # more held out, up to half, is always more power
    assert run("holdout_test")["series"]["power_target"] == [80.0] * 50


def test_the_result_hands_its_counterfactual_to_pool_migration() -> None:
    measured = run("holdout_test", {"observed_rate_treated": 10, "observed_rate_holdout": 8})
    (query,) = link_queries(PRESENTATION, measured, CALCULATORS)
    assert query is not None
    filled = dict(parse_qsl(query))
    private = CALCULATORS["pool_migration"].field("private_orders_per_month").default
    assert float(filled["public_orders_per_month"]) == pytest.approx(private * 0.8)
    run("pool_migration", filled)  # the target accepts what it is handed
    assert link_queries(PRESENTATION, run("holdout_test"), CALCULATORS) == [None]  # nothing measured yet
