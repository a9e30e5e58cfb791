"""The ltv_cac part of the property tests: which outputs may be null, and the simulation check."""

from __future__ import annotations

from typing import Any

from tests.calculators.ltv_cac.simulate import simulate_ltv_cac
from tests.calculators.properties import NORMAL, check_payback, close, null_exactly_when

# A null output must come with one of these notes. "beyond_range" is listed only
# where a quotient or product can exceed a double for some allowed input.
NULL_REASONS: dict[str, set[str]] = {
    "ltv_cac_ratio": {"free_acquisition", "beyond_range"},
    "ratio_band": {"free_acquisition", "beyond_range"},  # the band goes with an overflowed ratio
    "payback_months": {"never_pays_back", "beyond_range"},  # cac / m with a denormal m and no churn
    "simple_payback_months": {"no_margin", "beyond_range"},
}
# A spec note appears exactly when these outputs are null for its reason.
NOTE_NULLS: dict[str, tuple[str, ...]] = {
    "free_acquisition": ("ltv_cac_ratio", "ratio_band"),
    "never_pays_back": ("payback_months",),
    "no_margin": ("simple_payback_months",),
}


def check(result: dict[str, Any], codes: set[str]) -> None:
    v, out = result["inputs"], result["outputs"]
    s = simulate_ltv_cac(v)
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
        expected_band = "loss" if ratio < 1 else "weak" if ratio < 3 else "healthy" if ratio <= 5 else "under_investing"
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
