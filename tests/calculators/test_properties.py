"""Property tests over the whole allowed input space of every calculator.

- Valid input never raises; every output is a finite number, a known category, or
  null with a note that explains it; series are finite; and each closed form
  agrees with an independent month-by-month (or generation-by-generation)
  simulation (tests/calculators/simulate.py).
- Invalid input raises ValidationError naming exactly the offending fields.
- Monotonic relations hold (LTV with margin and churn, buyers with every rate,
  NPV per member with churn, opex and private orders).

Example counts come from the Hypothesis profile (conftest.py): 2,000 per test and
calculator by default, 50,000 with HYPOTHESIS_PROFILE=slow.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

from calculators import CALCULATORS, ValidationError, run
from calculators.core import Calculator
from tests.calculators import simulate as sim
from tests.calculators.strategies import TINY_INPUT, invalid_value, valid_inputs, valid_number, valid_numbers

REL = 1e-9
TINY = 1e-300  # absolute slack for values built from denormal inputs
# A quotient is compared only when its divisor is a normal double: a denormal keeps only
# a few significant bits, so x / denormal is no more precise than those bits.
NORMAL = 1e-290

# A null output must come with one of these notes. "beyond_range" is listed only
# where a quotient or product can exceed a double for some allowed input.
_ANY_POOL_OUTPUT_MAY_OVERFLOW = {
    key: {"beyond_range"}
    for key in (
        "npv_per_member",
        "npv_total",
        "migration_cost_per_member",
        "incremental_margin_per_member_month",
        "pv_per_member",
        "public_margin_per_member_month",
        "public_ad_cost_per_repeat_order",
    )
}
NULL_REASONS: dict[str, dict[str, set[str]]] = {
    "ltv_cac": {
        "ltv_cac_ratio": {"free_acquisition", "beyond_range"},
        "ratio_band": {"free_acquisition", "beyond_range"},  # the band goes with an overflowed ratio
        "payback_months": {"never_pays_back", "beyond_range"},  # cac / m with a denormal m and no churn
        "simple_payback_months": {"no_margin", "beyond_range"},
    },
    "funnel": {
        "viral_amplification_limit": {"self_sustaining_referral"},
        "cost_per_buyer": {"no_buyers", "beyond_range"},
        "overall_conversion": {"nobody_acquired"},
        "revenue_to_spend": {"no_spend", "beyond_range"},
    },
    "pool_migration": {
        **_ANY_POOL_OUTPUT_MAY_OVERFLOW,
        "roi": {"free_migration", "beyond_range"},
        "payback_months": {"never_pays_back", "beyond_range"},
        "private_opex_per_order": {"no_private_orders", "beyond_range"},
    },
}
# A spec note appears exactly when these outputs are null for its reason.
NOTE_NULLS: dict[str, tuple[str, ...]] = {
    "free_acquisition": ("ltv_cac_ratio", "ratio_band"),
    "never_pays_back": ("payback_months",),
    "no_margin": ("simple_payback_months",),
    "self_sustaining_referral": ("viral_amplification_limit",),
    "no_buyers": ("cost_per_buyer",),
    "nobody_acquired": ("overall_conversion",),
    "no_spend": ("revenue_to_spend",),
    "free_migration": ("roi",),
    "no_private_orders": ("private_opex_per_order",),
}


def close(actual: float, expected: float, scale: float = 0.0, tiny: float = TINY) -> bool:
    """Equal to 1e-9 of the larger magnitude involved (``scale``: the terms before any cancellation).

    ``tiny`` is the absolute error a denormal input can leave: a product that passes
    through the denormal range keeps only a few significant bits, and later factors
    (up to K^50 in the funnel) magnify that absolute error.
    """
    bound = max(abs(actual), abs(expected), abs(scale))
    return abs(actual - expected) <= REL * bound + tiny


def null_exactly_when(value: Any, undefined: bool, codes: set[str]) -> None:
    """Null when the spec says undefined; otherwise a number, unless something overflowed."""
    if undefined:
        assert value is None
    else:
        assert value is not None or "beyond_range" in codes


def _finite(x: Any) -> bool:
    return isinstance(x, float | int) and math.isfinite(x)


# ------------------------------------------------------------------ the contract of every result


def check_contract(calc: Calculator, result: dict[str, Any]) -> set[str]:
    json.dumps(result, allow_nan=False)  # no NaN or Infinity anywhere
    outputs, codes = result["outputs"], [n["code"] for n in result["notes"]]
    assert len(codes) == len(set(codes)), codes
    for n in result["notes"]:
        assert n["en"].strip() and n["zh"].strip(), n
    assert set(result["inputs"]) == {f.name for f in calc.fields}
    for spec in calc.fields:
        value = result["inputs"][spec.name]
        assert spec.accepts(value), (spec.name, value)
        assert isinstance(value, int) if spec.integer else isinstance(value, float)
    assert set(outputs) == {o.key for o in calc.outputs}
    reasons = NULL_REASONS[calc.name]
    for spec in calc.outputs:
        value = outputs[spec.key]
        if value is None:
            assert reasons.get(spec.key, set()) & set(codes), f"{spec.key} is null without a note ({codes})"
        elif spec.unit == "category":
            assert value in spec.choices, (spec.key, value)
        else:
            assert isinstance(value, float), (spec.key, value)
            assert math.isfinite(value), (spec.key, value)
            assert math.copysign(1.0, value) == 1.0 or value != 0, f"{spec.key} is -0.0"
    for code in codes:
        for key in NOTE_NULLS.get(code, ()):
            assert outputs[key] is None, f"note {code} but {key} = {outputs[key]}"
    for key, points in result["series"].items():
        assert all(isinstance(p, float) and math.isfinite(p) for p in points), key
    return set(codes)


def check_payback(payback: float | None, cost: float, per_month: float, churn: float) -> None:
    """The closed form against the simulated cumulative margin, undiscounted, churn-weighted."""
    if payback is None:
        assert cost > 0
        if per_month <= 0:
            return
        if churn == 0:  # pays back after cost/u months: null only if that is beyond a double
            assert not math.isfinite(cost / per_month)
            return
        limit = per_month / churn  # the whole future margin, Σ u(1-c)^t
        if cost * churn > 1e-290 and math.isfinite(limit):  # (denormal products are too coarse)
            assert limit <= cost * (1 + REL), (limit, cost)
        if limit < cost * (1 - REL):
            assert sim.cumulative_margin(per_month, churn, 1200)[-1] < cost
        return
    assert payback >= 0
    if cost <= 0:
        assert payback == 0
        return
    if payback > 1200:
        return  # too long to walk month by month; the limit check above covers the other side
    totals = sim.cumulative_margin(per_month, churn, math.ceil(payback) + 1)
    before, after = math.floor(payback), max(1, math.ceil(payback))
    assert totals[before] <= cost * (1 + REL) + TINY, (payback, totals[before], cost)
    assert totals[after] >= cost * (1 - REL) - TINY, (payback, totals[after], cost)


# ------------------------------------------------------------------ per calculator: against the simulation


def check_ltv_cac(result: dict[str, Any], codes: set[str]) -> None:
    v, out = result["inputs"], result["outputs"]
    s = sim.simulate_ltv_cac(v)
    assert close(out["monthly_margin"], s["margin"])
    assert close(out["expected_lifetime_months"], s["lifetime"])
    assert close(out["ltv"], s["ltv"])
    series = result["series"]
    assert series["month"] == [float(t) for t in range(1, v["horizon_months"] + 1)]
    assert all(close(a, e) for a, e in zip(series["cumulative_value"], s["running"], strict=True))
    assert series["cac"] == [v["cac"]] * v["horizon_months"]
    cac, ratio = v["cac"], out["ltv_cac_ratio"]
    null_exactly_when(ratio, cac == 0, codes)
    if ratio is not None and cac > NORMAL:
        assert close(ratio, s["ltv"] / cac)
        expected_band = (
            "loss" if ratio < 1 else "weak" if ratio < 3 else "healthy" if ratio <= 5 else "under_investing"
        )
        assert out["ratio_band"] == expected_band
    if cac == 0:
        assert out["ratio_band"] is None and "free_acquisition" in codes
    if ratio is None:
        assert out["ratio_band"] is None
    simple = out["simple_payback_months"]
    if s["margin"] > NORMAL and simple is not None:
        assert close(simple, cac / s["margin"])
    if out["monthly_margin"] == 0:
        assert simple is None and "no_margin" in codes
    check_payback(out["payback_months"], cac, out["monthly_margin"], s["churn"])


def check_funnel(result: dict[str, Any], codes: set[str]) -> None:
    v, out = result["inputs"], result["outputs"]
    s = sim.simulate_funnel(v)
    growth = max(1.0, out["k_factor"]) ** v["viral_cycles"] * (v["viral_cycles"] + 1)
    tiny = 1e-320 * growth * max(1.0, v["revenue_per_buyer"]) + TINY
    for key in ("acquired", "referred", "activated", "retained", "buyers"):
        assert close(out[key], s[key], tiny=tiny), (key, out[key], s[key])
    assert close(out["revenue"], s["buyers"] * v["revenue_per_buyer"], tiny=tiny)
    assert out["acquisition_spend"] == v["visitors"] * v["cost_per_visitor"]
    a, r = v["activation_rate"] / 100, v["retention_rate"] / 100
    k = a * r * v["invites_per_retained"] * (v["invite_conversion"] / 100)
    assert close(out["k_factor"], k)
    if k < 1:
        assert close(out["viral_amplification_limit"], 1 / (1 - k))
    else:
        assert out["viral_amplification_limit"] is None and "self_sustaining_referral" in codes
    null_exactly_when(out["cost_per_buyer"], out["buyers"] == 0, codes)
    if out["cost_per_buyer"] is not None and min(s["buyers"], out["buyers"]) > NORMAL:
        assert close(out["cost_per_buyer"], out["acquisition_spend"] / s["buyers"])
    assert (out["overall_conversion"] is None) == (v["visitors"] == 0)
    if out["overall_conversion"] is not None and min(s["buyers"], out["buyers"]) > NORMAL:
        assert close(out["overall_conversion"], s["buyers"] / s["acquired"] * 100, scale=1e-7)
    null_exactly_when(out["revenue_to_spend"], out["acquisition_spend"] == 0, codes)
    if out["revenue_to_spend"] is not None and out["acquisition_spend"] > NORMAL:
        assert close(out["revenue_to_spend"], out["revenue"] / out["acquisition_spend"])
    rates = {
        "activation": v["activation_rate"],
        "retention": v["retention_rate"],
        "purchase": v["purchase_rate"],
    }
    lowest = min(rates.values())
    assert out["weakest_step"] == next(step for step, rate in rates.items() if rate == lowest)
    for step, field in (
        ("activation", "activation_rate"),
        ("retention", "retention_rate"),
        ("purchase", "purchase_rate"),
    ):
        lifted = sim.simulate_funnel({**v, field: min(v[field] + 5, 100)})
        what_if = out[f"buyers_if_{step}_plus_5pp"]
        assert close(what_if, lifted["buyers"], tiny=tiny * 10), (step, what_if, lifted["buyers"])
        assert what_if >= out["buyers"] * (1 - REL) - TINY
    series = result["series"]
    assert series["stage_counts"] == [out["acquired"], out["activated"], out["retained"], out["buyers"]]
    assert series["generation"] == [float(g) for g in range(v["viral_cycles"] + 1)]
    for key, expected in (
        ("acquired_by_generation", s["sizes"]),
        ("buyers_by_generation", s["buyers_by_generation"]),
    ):
        assert all(close(x, y, tiny=tiny) for x, y in zip(series[key], expected, strict=True)), key


def check_pool_migration(result: dict[str, Any], codes: set[str]) -> None:
    v, out = result["inputs"], result["outputs"]
    s = sim.simulate_pool_migration(v)
    aov, gm = v["aov"], v["gross_margin"] / 100
    private_scale = (
        v["private_orders_per_month"] * aov * (gm + v["payment_fee"] / 100) + v["opex_per_member_month"]
    )
    public_scale = v["public_orders_per_month"] * (
        aov * (gm + v["platform_fee"] / 100) + s["ad_per_repeat_order"]
    )
    delta_scale = private_scale + public_scale
    npv_scale = delta_scale * s["weights"] + s["cost"]

    def agree(key: str, expected: float, scale: float = 0.0) -> None:
        actual = out[key]
        if actual is None or not (_finite(expected) and _finite(scale)):
            return  # overflow: the contract check has already asked for the note
        assert close(actual, expected, scale), (key, actual, expected)

    agree("members", s["members"])
    agree("migration_cost_per_member", s["cost"])
    agree("total_migration_cost", s["total_cost"])
    agree("private_margin_per_member_month", s["private_month"], private_scale)
    agree("public_margin_per_member_month", s["public_month"], public_scale)
    agree("incremental_margin_per_member_month", s["increment"], delta_scale)
    agree("public_ad_cost_per_repeat_order", s["ad_per_repeat_order"])
    agree("pv_per_member", s["pv"], delta_scale * s["weights"])
    agree("npv_per_member", s["npv"], npv_scale)
    agree("npv_total", s["members"] * s["npv"], s["members"] * npv_scale)
    if s["cost"] > NORMAL:
        agree("roi", s["npv"] / s["cost"] * 100, npv_scale / s["cost"] * 100)
    if v["private_orders_per_month"] > NORMAL:
        agree("private_opex_per_order", v["opex_per_member_month"] / v["private_orders_per_month"])
    elif v["private_orders_per_month"] == 0:
        assert out["private_opex_per_order"] is None and "no_private_orders" in codes
    cost, delta = out["migration_cost_per_member"], out["incremental_margin_per_member_month"]
    null_exactly_when(out["roi"], cost == 0, codes)
    if cost is not None and delta is not None and "beyond_range" not in codes:
        check_payback(out["payback_months"], cost, delta, s["churn"])
    series = result["series"]
    if "beyond_range" in codes and not series["month"]:
        assert all(points == [] for points in series.values())
        return
    horizon = v["horizon_months"]
    assert series["month"] == [float(t) for t in range(1, horizon + 1)]
    assert series["cumulative_net_value"][-1] == out["npv_per_member"]
    for key, expected, scale in (
        ("cumulative_net_value", s["net"], npv_scale),
        (
            "public_reach_cost",
            s["public_curve"],
            v["public_orders_per_month"] * s["ad_per_repeat_order"] * s["weights"],
        ),
        ("private_reach_cost", s["private_curve"], s["cost"] + v["opex_per_member_month"] * s["weights"]),
    ):
        assert len(series[key]) == horizon
        assert all(close(x, y, scale) for x, y in zip(series[key], expected, strict=True)), key


CHECKS = {"ltv_cac": check_ltv_cac, "funnel": check_funnel, "pool_migration": check_pool_migration}


def moderate(values: dict[str, Any]) -> bool:
    """No input is a tiny non-zero magnitude (see strategies.TINY_INPUT).

    Tiny inputs can push a product into the denormal range, where a double keeps only a
    few significant bits and neither the model nor the simulation is accurate to 1e-9;
    those examples are held to the contract only (finite, or null with a note).
    """
    return all(x == 0 or abs(x) >= TINY_INPUT for x in values.values())


@pytest.mark.parametrize("name", list(CALCULATORS))
@given(data=st.data())
def test_valid_input_gives_a_complete_finite_answer_that_matches_the_simulation(name: str, data: Any) -> None:
    calc = CALCULATORS[name]
    result = run(name, data.draw(valid_inputs(calc)))
    codes = check_contract(calc, result)
    if moderate(result["inputs"]):
        event("checked against the simulation")
        CHECKS[name](result, codes)
    else:
        event("tiny input: contract only")


UNKNOWN_NAMES = st.one_of(
    st.sampled_from(["ARPU", "churn", "visitor", "add rate", "roas ", "", "__class__", "月流失率"]),
    st.text(max_size=12),
)

# The main property above runs the profile's full count (2,000 / 50,000 with "slow");
# these cheaper-to-state ones run a quarter of it, to keep the normal run under a minute.
QUARTER = max(100, settings.default.max_examples // 4)


@pytest.mark.parametrize("name", list(CALCULATORS))
@settings(max_examples=QUARTER)
@given(data=st.data())
def test_invalid_input_names_exactly_the_offending_fields(name: str, data: Any) -> None:
    calc = CALCULATORS[name]
    known = [f.name for f in calc.fields]
    # The other fields stay valid (defaults); the valid-input property covers their range.
    bad = data.draw(st.sets(st.sampled_from(known), min_size=1))
    inputs: dict[str, Any] = {field: data.draw(invalid_value(calc.field(field))) for field in bad}
    unknown = data.draw(st.lists(UNKNOWN_NAMES.filter(lambda t: t not in known), max_size=2, unique=True))
    for name_ in unknown:
        inputs[name_] = 1
    with pytest.raises(ValidationError) as info:
        run(name, inputs)
    errors = info.value.errors
    assert [e.field for e in errors] == unknown + [f for f in known if f in bad]
    for e in errors:
        assert e.code in {"unknown_field", "required", "not_a_number", "not_integer", "out_of_range"}
        assert e.en.strip() and e.zh.strip()
        if e.field in bad:
            assert calc.field(e.field).label.zh in e.zh


# ------------------------------------------------------------------ monotonic relations


def _numbers(calc: Calculator, data: Any) -> dict[str, Any]:
    return data.draw(valid_numbers(calc))


def _pair(calc: Calculator, field: str, data: Any) -> tuple[Any, Any]:
    low, high = sorted(
        (data.draw(valid_number(calc.field(field))), data.draw(valid_number(calc.field(field))))
    )
    return low, high


@settings(max_examples=QUARTER)
@given(data=st.data())
def test_ltv_rises_with_margin_and_falls_with_churn(data: Any) -> None:
    calc = CALCULATORS["ltv_cac"]
    base = _numbers(calc, data)
    low, high = _pair(calc, "gross_margin", data)
    ltv = [run("ltv_cac", {**base, "gross_margin": g})["outputs"]["ltv"] for g in (low, high)]
    assert ltv[0] <= ltv[1]  # exact: a product of non-negative, correctly rounded factors
    low, high = _pair(calc, "monthly_churn", data)
    ltv = [run("ltv_cac", {**base, "monthly_churn": c})["outputs"]["ltv"] for c in (low, high)]
    assert ltv[0] >= ltv[1] * (1 - REL) - TINY


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
    base = _numbers(calc, data)
    field = data.draw(st.sampled_from(FUNNEL_DRIVERS))
    low, high = _pair(calc, field, data)
    buyers = [run("funnel", {**base, field: x})["outputs"]["buyers"] for x in (low, high)]
    assert buyers[0] <= buyers[1] * (1 + REL) + TINY, (field, low, high, buyers)


@settings(max_examples=QUARTER)
@given(data=st.data())
def test_npv_per_member_moves_the_right_way(data: Any) -> None:
    """More churn lowers NPV when the private pool earns more (Δ > 0) and limits the loss when it earns
    less (Δ < 0): leavers revert to public behaviour. More opex lowers NPV; more private orders raise it
    unless each private order loses money."""
    calc = CALCULATORS["pool_migration"]
    base = _numbers(calc, data)
    field = data.draw(st.sampled_from(("monthly_churn", "opex_per_member_month", "private_orders_per_month")))
    low, high = _pair(calc, field, data)
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
