"""The funnel part of the property tests: which outputs may be null, and the simulation check."""

from __future__ import annotations

from typing import Any

from tests.calculators.funnel.simulate import simulate_funnel
from tests.calculators.properties import NORMAL, REL, TINY, close, null_exactly_when

# A null output must come with one of these notes. "beyond_range" is listed only
# where a quotient or product can exceed a double for some allowed input.
NULL_REASONS: dict[str, set[str]] = {
    "viral_amplification_limit": {"self_sustaining_referral"},
    "cost_per_buyer": {"no_buyers", "beyond_range"},
    "overall_conversion": {"nobody_acquired"},
    "revenue_to_spend": {"no_spend", "beyond_range"},
    "blended_cost_per_buyer": {"no_buyers", "beyond_range"},
    "breakeven_revenue_to_spend": {"no_gross_margin", "beyond_range"},  # 1 / a denormal margin
}
# A spec note appears exactly when these outputs are null for its reason.
NOTE_NULLS: dict[str, tuple[str, ...]] = {
    "self_sustaining_referral": ("viral_amplification_limit",),
    "no_buyers": ("cost_per_buyer", "blended_cost_per_buyer"),
    "no_gross_margin": ("breakeven_revenue_to_spend",),
    "nobody_acquired": ("overall_conversion",),
    "no_spend": ("revenue_to_spend",),
}


def check(result: dict[str, Any], codes: set[str]) -> None:
    v, out = result["inputs"], result["outputs"]
    s = simulate_funnel(v)
    growth = max(1.0, out["k_factor"]) ** v["viral_cycles"] * (v["viral_cycles"] + 1)
    tiny = 1e-320 * growth * max(1.0, v["revenue_per_buyer"]) + TINY
    for key in ("acquired", "referred", "activated", "retained", "buyers"):
        assert close(out[key], s[key], tiny=tiny), (key, out[key], s[key])
    assert close(out["revenue"], s["buyers"] * v["revenue_per_buyer"], tiny=tiny)
    assert out["acquisition_spend"] == v["visitors"] * v["cost_per_visitor"]
    reward_scale = max(1.0, v["referral_reward"])
    assert close(out["gross_profit"], s["gross_profit"], tiny=tiny)
    assert close(out["referral_cost"], s["referral_cost"], tiny=tiny * reward_scale)
    # (the profit is a difference: compare to the size of its terms)
    terms = s["gross_profit"] + out["acquisition_spend"] + s["referral_cost"]
    assert close(out["profit_after_acquisition"], s["profit"], terms, tiny=tiny * reward_scale)
    assert ("spend_not_recovered" in codes) == (out["profit_after_acquisition"] < 0)
    margin = v["gross_margin"] / 100
    null_exactly_when(out["breakeven_revenue_to_spend"], margin == 0, codes)
    if margin > 0:
        assert close(out["breakeven_revenue_to_spend"], 1 / margin)
    null_exactly_when(out["blended_cost_per_buyer"], out["buyers"] == 0, codes)
    if out["blended_cost_per_buyer"] is not None and min(s["buyers"], out["buyers"]) > NORMAL:
        assert close(out["blended_cost_per_buyer"], (out["acquisition_spend"] + s["referral_cost"]) / s["buyers"])
    market = v["market_size"]
    if market > 0:
        assert out["acquired"] <= market * (1 + REL)
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
        lifted = simulate_funnel({**v, field: min(v[field] + 5, 100)})
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
