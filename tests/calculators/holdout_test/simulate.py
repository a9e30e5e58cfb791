"""The holdout test worked out independently: statistics.NormalDist and the textbook formulas.

No calculators.normal, no rearranged forms: the spec's formulas as written, with the
standard library's normal distribution (libm-based, so equal to 1e-12, not to the bit).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from statistics import NormalDist

Z = NormalDist()


def simulate_holdout_test(v: Mapping[str, float]) -> dict[str, object]:
    n = float(v["members"])
    h, p0, lift = v["holdout_share"] / 100, v["baseline_purchase_rate"] / 100, v["expected_lift"] / 100
    alpha, power = v["significance"] / 100, v["power"] / 100
    n_t, n_c = n * (1 - h), n * h
    z_a, z_b = Z.inv_cdf(1 - alpha / 2), Z.inv_cdf(power)
    variance = p0 * (1 - p0) * (1 / n_t + 1 / n_c)
    out: dict[str, object] = {
        "treated": n_t,
        "held_out": n_c,
        "min_detectable_lift": 100 * (z_a + z_b) * math.sqrt(variance) / p0,
        "required_members": (z_a + z_b) ** 2 * p0 * (1 - p0) * (1 / (1 - h) + 1 / h) / (lift * p0) ** 2,
        "power_at_expected_lift": 100 * Z.cdf(lift * p0 / math.sqrt(variance) - z_a),
        "curve": [
            100 * Z.cdf(lift * p0 / math.sqrt(p0 * (1 - p0) * (1 / (n * (1 - s / 100)) + 1 / (n * s / 100))) - z_a)
            for s in range(1, 51)
        ],
    }
    pt, pc = v["observed_rate_treated"] / 100, v["observed_rate_holdout"] / 100
    if pt > 0 and pc > 0:
        se = math.sqrt(pt * (1 - pt) / n_t + pc * (1 - pc) / n_c)
        pooled = (pt * n_t + pc * n_c) / n
        out.update(
            observed_lift=100 * (pt / pc - 1),
            observed_difference_pp=100 * (pt - pc),
            difference_ci_low_pp=100 * ((pt - pc) - z_a * se),
            difference_ci_high_pp=100 * ((pt - pc) + z_a * se),
            implied_public_share=100 * pc / pt,
            p_value=None
            if pooled in (0.0, 1.0)
            else 2 * (1 - Z.cdf(abs(pt - pc) / math.sqrt(pooled * (1 - pooled) * (1 / n_t + 1 / n_c)))),
        )
    return out
