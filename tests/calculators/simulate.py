"""Step-by-step pieces the calculators' simulations share (each folder has its own simulate.py).

Written from calculators-spec.md without importing calculators.finance or the
models: no closed forms, no geometric sums, only the story told step by step.
The property tests check the package's closed forms against these.
"""

from __future__ import annotations


def monthly_discount_factor(annual_percent: float) -> float:
    """1/(1+d): what a yuan one month from now is worth today."""
    return 1.0 / (1.0 + annual_percent / 100.0) ** (1.0 / 12.0)


def cumulative_margin(per_month: float, factor: float, months: int) -> list[float]:
    """u·Σ r^t collected by the end of month 1, 2, …, months (index 0 = 0 months).

    ``factor`` is r: 1 - c for churn alone (the customer is still there with probability
    (1-c)^t), times growth or divided by the discount where a model has them.
    """
    totals, total, weight = [0.0], 0.0, 1.0
    for _ in range(months):
        total += per_month * weight
        weight *= factor
        totals.append(total)
    return totals
