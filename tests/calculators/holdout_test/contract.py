"""The holdout_test part of the property tests: which outputs may be null, and the independent check."""

from __future__ import annotations

from typing import Any

from tests.calculators.holdout_test.simulate import simulate_holdout_test
from tests.calculators.properties import close

OBSERVED = (
    "observed_lift",
    "observed_difference_pp",
    "difference_ci_low_pp",
    "difference_ci_high_pp",
    "p_value",
    "implied_public_share",
)
# A null output must come with one of these notes. "beyond_range" where a rate or share at the
# very edge of its range makes a quotient exceed a double.
NULL_REASONS: dict[str, set[str]] = {
    **{key: {"not_measured_yet", "beyond_range"} for key in OBSERVED},
    "p_value": {"not_measured_yet", "no_variation"},
    "required_members": {"beyond_range"},
    "min_detectable_lift": {"beyond_range"},
}
# A spec note appears exactly when these outputs are null for its reason.
NOTE_NULLS: dict[str, tuple[str, ...]] = {
    "not_measured_yet": OBSERVED,
    "no_variation": ("p_value",),
}
REL = 1e-9  # the spec: agree to 1e-9 relative (libm's Φ is not bit-identical to ours)


def check(result: dict[str, Any], codes: set[str]) -> None:
    v, out = result["inputs"], result["outputs"]
    # Moderate inputs only (see properties.moderate); the extremes are held to the contract.
    if v["baseline_purchase_rate"] < 1e-6 or v["holdout_share"] < 1e-6 or v["holdout_share"] > 100 - 1e-6:
        return
    s = simulate_holdout_test(v)
    for key in ("treated", "held_out", "min_detectable_lift", "required_members"):
        if out[key] is not None:
            assert close(out[key], s[key]), (key, out[key], s[key])
    # Power is a probability: compare absolutely where Φ is flat, relatively in its tails.
    assert abs(out["power_at_expected_lift"] - s["power_at_expected_lift"]) <= 1e-9 * 100
    assert all(abs(a - b) <= 1e-9 * 100 for a, b in zip(result["series"]["power"], s["curve"], strict=True))
    assert result["series"]["holdout_share"] == [float(x) for x in range(1, 51)]
    assert result["series"]["power_target"] == [v["power"]] * 50
    measured = v["observed_rate_treated"] > 0 and v["observed_rate_holdout"] > 0
    assert ("not_measured_yet" in codes) == (not measured)
    if not measured:
        assert out["verdict"] == "not_measured"
        return
    for key in OBSERVED:
        if key == "p_value" or out[key] is None:
            continue
        assert close(out[key], s[key], scale=abs(v["observed_rate_treated"]) + abs(v["observed_rate_holdout"])), key
    if s["p_value"] is None:
        assert out["p_value"] is None and "no_variation" in codes
    elif out["p_value"] is not None:
        assert abs(out["p_value"] - s["p_value"]) <= 1e-9  # a probability: compared absolutely
        alpha = v["significance"] / 100
        if abs(out["p_value"] - alpha) > 1e-9:
            significant = out["p_value"] < alpha
            expected = (
                "not_significant"
                if not significant
                else "significant_gain"
                if v["observed_rate_treated"] > v["observed_rate_holdout"]
                else "significant_loss"
            )
            assert out["verdict"] == expected
            assert ("not_significant" in codes) == (not significant)
