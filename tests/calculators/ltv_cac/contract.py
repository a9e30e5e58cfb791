"""The ltv_cac part of the property tests: which outputs may be null, and the simulation check."""

from __future__ import annotations

from typing import Any

from tests.calculators.ltv_cac.simulate import fitted_cumulative, simulate_ltv_cac
from tests.calculators.properties import (
    NORMAL,
    REL,
    check_fit,
    check_payback,
    check_summed_payback,
    close,
    fitted,
    null_exactly_when,
)

# A null output must come with one of these notes. "beyond_range" is listed only
# where a quotient or product can exceed a double for some allowed input.
NULL_REASONS: dict[str, set[str]] = {
    "ltv_cac_ratio": {"free_acquisition", "beyond_range"},
    "ratio_band": {"free_acquisition", "beyond_range"},  # the band goes with an overflowed ratio
    "payback_months": {"never_pays_back", "beyond_range"},  # cac / m with a denormal m and no churn
    "discounted_payback_months": {"never_pays_back", "beyond_range"},
    "simple_payback_months": {"no_margin", "beyond_range"},
    "simple_ltv": {"value_outgrows_churn", "benchmark_needs_flat_revenue", "beyond_range"},
    "simple_ltv_cac_ratio": {
        "value_outgrows_churn",
        "benchmark_needs_flat_revenue",
        "free_acquisition",
        "beyond_range",
    },
}
# Null without a note: not applicable, as no retention curve is fitted (fewer than two points).
NULL_WHEN_NOT_FITTED = ("sbg_alpha", "sbg_beta", "fit_rmse_pp")
# A spec note appears exactly when these outputs are null for its reason.
NOTE_NULLS: dict[str, tuple[str, ...]] = {
    "free_acquisition": ("ltv_cac_ratio", "ratio_band"),
    "never_pays_back": ("discounted_payback_months",),  # the undiscounted one may still exist
    "value_outgrows_churn": ("simple_ltv", "simple_ltv_cac_ratio"),
    "benchmark_needs_flat_revenue": ("simple_ltv", "simple_ltv_cac_ratio"),
    "no_margin": ("simple_payback_months",),
}


def check(result: dict[str, Any], codes: set[str]) -> None:
    v, out = result["inputs"], result["outputs"]
    curve = check_fit(result, codes)
    if curve is not None:
        check_fitted(result, codes, curve)
        return
    s = simulate_ltv_cac(v)
    assert close(out["monthly_margin"], s["margin"], s["magnitude"])
    assert close(out["expected_lifetime_months"], s["lifetime"])
    assert close(out["ltv"], s["ltv"], s["bounds"][-1])
    series = result["series"]
    assert series["month"] == [float(t) for t in range(1, v["horizon_months"] + 1)]
    assert all(
        close(a, e, bound) for a, e, bound in zip(series["cumulative_value"], s["running"], s["bounds"], strict=True)
    )
    assert series["cac"] == [v["cac"]] * v["horizon_months"]
    cac, ratio = v["cac"], out["ltv_cac_ratio"]
    null_exactly_when(ratio, cac == 0, codes)
    if ratio is not None and cac > NORMAL:
        assert close(ratio, s["ltv"] / cac, s["bounds"][-1] / cac)
        expected_band = "loss" if ratio < 1 else "weak" if ratio < 3 else "healthy" if ratio <= 5 else "under_investing"
        assert out["ratio_band"] == expected_band
    if cac == 0:
        assert out["ratio_band"] is None and "free_acquisition" in codes
    if ratio is None:
        assert out["ratio_band"] is None
    simple = out["simple_payback_months"]
    if s["margin"] > NORMAL and simple is not None:
        assert close(simple, cac / s["margin"])
    if out["monthly_margin"] <= 0:
        assert simple is None and "no_margin" in codes
    margin = out["monthly_margin"]
    rounded = v["monthly_churn"] > 0 or v["arpu_growth"] != 0
    check_payback(out["payback_months"], cac, margin, s["factor"], rounded)
    check_payback(
        out["discounted_payback_months"], cac, margin, s["discounted_factor"], rounded or v["annual_discount_rate"] > 0
    )
    undiscounted, discounted = out["payback_months"], out["discounted_payback_months"]
    if undiscounted is None:
        assert discounted is None  # discounting only delays
    elif discounted is not None and discounted >= 1:  # (below one month G's real-n form bends the other way)
        assert discounted >= undiscounted * (1 - REL)
    horizon = v["horizon_months"]
    beyond = any(p is not None and p > horizon for p in (undiscounted, discounted, simple))
    assert ("payback_beyond_horizon" in codes) == beyond
    # The benchmark basis: m/(1-r), undiscounted and uncapped; null exactly when r ≥ 1.
    r = s["factor"]
    if abs(1 - r) > 1e-12:  # (at r ≈ 1 the model's r - 1 and this product may round apart)
        null_exactly_when(out["simple_ltv"], r > 1, codes)
    if out["simple_ltv"] is not None and 1 - r > 1e-6:
        assert close(out["simple_ltv"], margin / (1 - r), s["magnitude"] / (1 - r), tiny=1e-200)


def check_fitted(result: dict[str, Any], codes: set[str], curve: tuple[float, float]) -> None:
    """With a fitted retention curve: value, lifetime and both paybacks walked month by month on S(t)."""
    v, out = result["inputs"], result["outputs"]
    s = simulate_ltv_cac(v, curve)
    assert close(out["ltv"], s["ltv"], s["bounds"][-1])
    assert close(out["expected_lifetime_months"], s["lifetime"])
    assert all(
        close(a, e, bound)
        for a, e, bound in zip(result["series"]["cumulative_value"], s["running"], s["bounds"], strict=True)
    )
    cac, margin = v["cac"], out["monthly_margin"]
    if out["ltv_cac_ratio"] is not None and cac > NORMAL:
        assert close(out["ltv_cac_ratio"], s["ltv"] / cac, s["bounds"][-1] / cac)
    plain, discounted = fitted_cumulative(v, curve, 1200)
    scale = s["magnitude"] * 1200  # (the margin's size before its subtraction, times the months walked)
    check_summed_payback(out["payback_months"], cac, margin, plain, scale)
    check_summed_payback(out["discounted_payback_months"], cac, margin, discounted, scale)
    horizon = v["horizon_months"]
    paybacks = (out["payback_months"], out["discounted_payback_months"], out["simple_payback_months"])
    assert ("payback_beyond_horizon" in codes) == any(p is not None and p > horizon for p in paybacks)
    # The benchmark basis: m·(α+β-1)/(α-1), the curve's expected lifetime, only for flat revenue and α > 1.
    alpha, beta = curve
    flat = v["arpu_growth"] == 0
    null_exactly_when(out["simple_ltv"], not flat or alpha <= 1, codes)
    if out["simple_ltv"] is not None:
        assert close(
            out["simple_ltv"], margin * (alpha + beta - 1) / (alpha - 1), s["magnitude"] * (alpha + beta) / (alpha - 1)
        )
    assert fitted(v)
