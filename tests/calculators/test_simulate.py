"""Ranges and uncertainty (calculators-spec.md v2, `simulate`): against draws replayed through run()."""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import pytest

from calculators import CALCULATORS, UnknownCalculatorError, ValidationError, registry, run, simulate
from calculators.core import Number, Result
from tests.calculators.toy import TOY

# For each calculator: inputs and ranges around them, some wide enough to make outputs negative,
# null, or (holdout_test) break the rule p0·(1+L) < 1 between fields.
SCENARIOS: dict[str, tuple[dict[str, object], dict[str, tuple[float, float]]]] = {
    "ltv_cac": (
        {"cac": 700},
        {
            "arpu": (80, 130),
            "arpu_growth": (-2, 8),
            "variable_cost_per_month": (0, 70),
            "monthly_churn": (0, 9),
            "horizon_months": (36, 72),
        },
    ),
    "funnel": (
        {"activation_rate": 100, "retention_rate": 100, "invites_per_retained": 2, "invite_conversion": 50},
        {"visitors": (8000, 12000), "invite_conversion": (10, 90), "viral_cycles": (1, 8)},
    ),
    "pool_migration": (
        {},
        {"add_rate": (5, 15), "public_orders_per_month": (0.04, 0.5), "roas": (0.5, 5), "horizon_months": (12, 48)},
    ),
    "holdout_test": (
        {"baseline_purchase_rate": 8, "expected_lift": 25},
        {"baseline_purchase_rate": (5, 40), "expected_lift": (10, 300), "members": (10000, 30000)},
    ),
}


def replay(
    name: str, inputs: dict[str, object], ranges: dict[str, tuple[float, float]], draws: int, seed: int
) -> tuple[list[dict[str, Any]], int]:
    """The spec's draws, written out again: triangular per ranged field in field order, run() each."""
    base = run(name, inputs)["inputs"]
    rng = random.Random(seed)
    kept: list[dict[str, Any]] = []
    rejected = 0
    for _ in range(draws):
        drawn = dict(base)
        for spec in CALCULATORS[name].fields:
            if spec.name in ranges:
                low, high = ranges[spec.name]
                x = rng.triangular(low, high, base[spec.name])
                drawn[spec.name] = round(x) if spec.integer else x
        try:
            kept.append(run(name, drawn)["outputs"])
        except ValidationError:
            rejected += 1
    return kept, rejected


def inclusive_decile(values: list[float], k: int) -> float:
    """The k-th decile by linear interpolation between order statistics at (N-1)·k/10 (R type 7)."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * k / 10
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_summary_matches_an_independent_computation(name: str) -> None:
    inputs, ranges = SCENARIOS[name]
    result = simulate(name, inputs, ranges, draws=400, seed=7)
    kept, rejected = replay(name, inputs, ranges, 400, 7)
    assert result["rejected_draws"] == rejected
    assert set(result["outputs"]) == {o.key for o in CALCULATORS[name].outputs if o.unit != "category"}
    for key, summary in result["outputs"].items():
        values = [float(out[key]) for out in kept if out[key] is not None]
        assert summary["null_share"] == pytest.approx(100 * (len(kept) - len(values)) / len(kept), abs=1e-12)
        if not values:
            assert summary["p50"] is None and summary["mean"] is None
            continue
        for label, k in (("p10", 1), ("p50", 5), ("p90", 9)):
            assert summary[label] == pytest.approx(inclusive_decile(values, k), rel=1e-12, abs=1e-9), (key, label)
        assert summary["mean"] == pytest.approx(math.fsum(values) / len(values), rel=1e-12, abs=1e-9)
        below = sum(1 for v in values if v < 0)
        assert summary["share_below_zero"] == pytest.approx(100 * below / len(values), abs=1e-12)


def test_the_scenarios_exercise_negatives_nulls_and_rejections() -> None:
    ltv = simulate("ltv_cac", *SCENARIOS["ltv_cac"], draws=400)["outputs"]
    assert 0 < ltv["ltv"]["share_below_zero"] < 100  # cost to serve above margin in some draws
    assert 0 < ltv["simple_ltv"]["null_share"] < 100  # growth outpacing churn: no finite benchmark LTV
    funnel = simulate("funnel", *SCENARIOS["funnel"], draws=400)["outputs"]
    assert 30 < funnel["viral_amplification_limit"]["null_share"] < 70  # K ≥ 1 when conversion ≥ 50 %
    holdout = simulate("holdout_test", *SCENARIOS["holdout_test"], draws=400)
    assert 0 < holdout["rejected_draws"] < 400


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_same_seed_same_result_other_seed_differs(name: str) -> None:
    inputs, ranges = SCENARIOS[name]
    first = simulate(name, inputs, ranges, draws=300, seed=3)
    assert simulate(name, inputs, ranges, draws=300, seed=3) == first
    other = simulate(name, inputs, ranges, draws=300, seed=4)
    headline = CALCULATORS[name].outputs[0].key
    assert other["outputs"][headline]["p50"] != first["outputs"][headline]["p50"]
    assert other["tornado"] == first["tornado"]  # the tornado draws nothing


def test_defaults_are_2000_draws_seed_1() -> None:
    result = simulate("ltv_cac", {}, {"arpu": (90, 110)})
    assert result["draws"] == 2000 and result["seed"] == 1
    assert result == simulate("ltv_cac", {}, {"arpu": (90, 110)}, draws=2000, seed=1)


def test_triangular_bounds_and_integer_rounding(toy: str, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Mapping[str, Number]] = []

    def recording(values: Mapping[str, Number]) -> Result:
        seen.append(dict(values))
        return TOY.compute(values)

    monkeypatch.setitem(registry.CALCULATORS, toy, replace(TOY, compute=recording))
    ranges = {"wide": (2, 12), "n": (10, 20), "open": (1e-9, 99.999)}
    result = simulate(toy, {"wide": 3, "n": 12, "open": 50}, ranges, draws=3000)
    drawn = seen[:3000]  # then the tornado's runs
    assert all(2 <= v["wide"] <= 12 and 1e-9 <= v["open"] <= 99.999 for v in drawn)
    assert all(isinstance(v["n"], int) and 10 <= v["n"] <= 20 for v in drawn)
    assert {v["n"] for v in drawn} == set(range(10, 21))
    assert all(v["x"] == 0 and v["limit"] == 100 for v in drawn)  # unranged fields keep their inputs
    wide = result["outputs"]["wide"]  # the toy's "wide" output is its input
    assert wide["mean"] == pytest.approx((2 + 12 + 3) / 3, abs=0.15)  # a triangular's mean: (low + high + mode)/3
    # Peaked at 3 on [2, 12]: P(x < 3) = (3 - 2)/(12 - 2) = 10 %, so p10 sits at 3.
    assert wide["p10"] == pytest.approx(3, abs=0.15)
    assert result["outputs"]["fraction"]["p90"] == 0 and result["outputs"]["fraction"]["mean"] == 0


def test_integer_fields_take_the_nearest_whole_number(toy: str) -> None:
    # n in [0, 1] peaked at 0: draws below 0.5 give 0, above give 1 (exactly 0.5, probability 0, gives 0).
    result = simulate(toy, {"n": 0}, {"n": (0, 1)}, draws=2000)
    share_of_ones = result["outputs"]["n_squared"]["mean"]  # n² = n for 0 and 1
    assert share_of_ones == pytest.approx(0.25, abs=0.03)  # P(x > 0.5) = (1 - 0.5)² for a triangle peaked at 0


def test_draws_that_break_a_rule_are_left_out_and_counted(toy: str) -> None:
    # x ≤ limit is a rule between fields; with x in [-10, 10] and limit 0, about half the draws break it.
    result = simulate(toy, {"x": 0, "limit": 0}, {"x": (-10, 10)}, draws=1000)
    assert 400 < result["rejected_draws"] < 600
    assert result["outputs"]["parabola"]["null_share"] == 0  # of the draws kept
    kept_x_max = result["outputs"]["hole"]  # hole = x outside (-5, 5): every kept x is ≤ 0
    assert kept_x_max["p90"] is None or kept_x_max["p90"] <= 0
    assert result["tornado"]["rows"][0]["output_high"] is None  # x = 10 breaks the rule


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_tornado_is_the_headline_output_at_each_end(name: str) -> None:
    inputs, ranges = SCENARIOS[name]
    tornado = simulate(name, inputs, ranges, draws=10)["tornado"]
    headline = CALCULATORS[name].outputs[0].key
    assert tornado["output"] == headline
    assert tornado["base"] == run(name, inputs)["outputs"][headline]
    assert {row["field"] for row in tornado["rows"]} == set(ranges)

    def at(field: str, value: float) -> float | None:
        try:
            return run(name, {**inputs, field: value})["outputs"][headline]  # type: ignore[no-any-return]
        except ValidationError:
            return None

    swings = []
    for row in tornado["rows"]:
        assert (row["low"], row["high"]) == ranges[row["field"]]
        assert row["output_low"] == at(row["field"], row["low"])
        assert row["output_high"] == at(row["field"], row["high"])
        both = row["output_low"] is not None and row["output_high"] is not None
        swings.append(abs(row["output_high"] - row["output_low"]) if both else -1)
    assert swings == sorted(swings, reverse=True)


def test_bad_ranges_are_errors_listing_every_problem() -> None:
    with pytest.raises(ValidationError) as caught:
        simulate(
            "ltv_cac",
            {},
            {
                "clicks": (1, 2),
                "arpu": (110, 130),  # does not contain the input, 100
                "monthly_churn": (0, 100),  # churn must stay below 100 %
                "horizon_months": (30.5, 90),  # a whole-number field
                "cac": ("abc", 400),
                "gross_margin": (50,),
            },
        )
    assert [(e.field, e.code) for e in caught.value.errors] == [
        ("clicks", "unknown_field"),
        ("arpu", "range_excludes_input"),
        ("gross_margin", "bad_range"),
        ("monthly_churn", "out_of_range"),
        ("cac", "not_a_number"),
        ("horizon_months", "not_integer"),
    ]
    messages = {e.field: (e.en, e.zh) for e in caught.value.errors}
    assert messages["arpu"] == (
        "The range of Monthly revenue per customer, 110 to 130, must contain its input, 100",
        "每位客户月均收入的区间 110 至 130 须包含当前输入值 100",
    )
    assert messages["monthly_churn"][0] == "High end of the range: Monthly churn must be at least 0 and below 100%"
    assert messages["monthly_churn"][1] == "区间上限：月流失率须不小于 0 且小于 100%"
    with pytest.raises(ValidationError):
        simulate("ltv_cac", {"arpu": -1}, {})
    with pytest.raises(UnknownCalculatorError):
        simulate("nope", {}, {})
    for draws in (0, -5, 2.5, True, 10**6):
        with pytest.raises(ValueError, match="draws"):
            simulate("ltv_cac", {}, {}, draws=draws)  # type: ignore[arg-type]


def test_ranges_read_like_inputs_and_come_back_in_field_order() -> None:
    result = simulate("ltv_cac", {"arpu": "100"}, {"cac": ("250", "1,000"), "arpu": ["90", "120"]}, draws=50)
    assert result["ranges"] == {"arpu": [90.0, 120.0], "cac": [250.0, 1000.0]}
    assert result == simulate("ltv_cac", {}, {"arpu": (90, 120), "cac": (250, 1000)}, draws=50)


def test_no_ranges_means_every_draw_is_the_input() -> None:
    result = simulate("pool_migration", {}, {}, draws=20)
    out = run("pool_migration")["outputs"]
    assert result["outputs"]["npv_per_member"]["p10"] == out["npv_per_member"]
    assert result["outputs"]["npv_per_member"]["p90"] == out["npv_per_member"]
    assert result["tornado"]["rows"] == []


def test_the_chance_of_a_loss_counts_the_draws_below_the_threshold() -> None:
    ranges = {"arpu": (40, 130), "monthly_churn": (2, 20)}
    found = simulate("ltv_cac", {}, ranges, draws=500, seed=7, loss_below=("ltv_cac_ratio", 1.0))
    rng = random.Random(7)
    below = 0
    for _ in range(500):
        drawn = {"arpu": rng.triangular(40, 130, 100), "monthly_churn": rng.triangular(2, 20, 5)}
        below += run("ltv_cac", drawn)["outputs"]["ltv_cac_ratio"] < 1
    assert below > 0, "the ranges reach losses"
    assert found["loss"] == {"output": "ltv_cac_ratio", "below": 1.0, "share": 100 * below / 500}


def test_the_tornado_follows_the_headline_it_is_given() -> None:
    ranges = {"arpu": (80, 120), "cac": (200, 400)}
    first = simulate("ltv_cac", {}, ranges, draws=10)["tornado"]
    ratio = simulate("ltv_cac", {}, ranges, draws=10, headline="ltv_cac_ratio")["tornado"]
    assert first["output"] == "ltv" and ratio["output"] == "ltv_cac_ratio"
    cac_row = next(row for row in ratio["rows"] if row["field"] == "cac")
    assert cac_row["output_low"] == run("ltv_cac", {"cac": 200})["outputs"]["ltv_cac_ratio"]
    assert next(row for row in first["rows"] if row["field"] == "cac")["output_low"] == first["base"]


def test_draws_never_work_out_a_lazy_chart_series(monkeypatch: pytest.MonkeyPatch) -> None:
    """The holdout test's power curve is 50 normal-CDF evaluations a run: 2,000 draws read outputs only."""
    from calculators.holdout_test import model

    calls = []
    real = model._power
    monkeypatch.setattr(model, "_power", lambda *args: calls.append(1) or real(*args))
    simulate("holdout_test", {}, {"members": (5000, 40000)}, draws=200)
    assert calls == []
    series = run("holdout_test", {})["series"]
    assert calls and isinstance(series, dict) and len(series["power"]) == len(calls), "a page still gets its chart"
