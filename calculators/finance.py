"""The few formulas every calculator shares (see calculators-spec.md, Conventions)."""

from __future__ import annotations

import math


def monthly_rate(annual_percent: float) -> float:
    """Annual rate in percent → equivalent monthly rate as a fraction."""
    return float((1.0 + annual_percent / 100.0) ** (1.0 / 12.0) - 1.0)


def geometric_sum(q: float, n: int) -> float:
    """G(q, n) = Σ_{t=0}^{n-1} q^t, equal to n when q = 1."""
    if n <= 0:
        return 0.0
    if abs(1.0 - q) < 1e-6:
        # The closed form loses digits to cancellation here; summing is exact enough.
        total, term = 0.0, 1.0
        for _ in range(n):
            total += term
            term *= q
        return total
    return float((1.0 - q**n) / (1.0 - q))


def churn_adjusted_payback(cost: float, per_month: float, churn: float) -> float | None:
    """Smallest real n ≥ 0 with per_month·(1-(1-c)^n)/c ≥ cost; None if never.

    ``churn`` is a fraction in [0, 1). Undiscounted, as the spec defines it.
    """
    if cost <= 0:
        return 0.0
    if per_month <= 0:
        return None
    if churn == 0:
        return cost / per_month
    share = cost * churn / per_month
    if share >= 1:
        return None
    return math.log(1.0 - share) / math.log(1.0 - churn)
