"""The ltv_cac model told step by step, without its closed forms (see tests/calculators/simulate.py)."""

from __future__ import annotations

from collections.abc import Mapping

from tests.calculators.simulate import monthly_discount_factor


def simulate_ltv_cac(v: Mapping[str, float]) -> dict[str, object]:
    # Contribution margin: gross margin less the monthly cost to serve; it grows with ARPU.
    margin = v["arpu"] * (v["gross_margin"] / 100.0) - v["variable_cost_per_month"]
    # The size of the terms before the subtraction: what the rounding error scales with.
    magnitude = v["arpu"] * (v["gross_margin"] / 100.0) + v["variable_cost_per_month"]
    churn = v["monthly_churn"] / 100.0
    growth = v["arpu_growth"] / 100.0
    factor = monthly_discount_factor(v["annual_discount_rate"])
    alive, scale, discount, value, lifetime, weights = 1.0, 1.0, 1.0, 0.0, 0.0, 0.0
    running, bounds = [], []
    for _ in range(int(v["horizon_months"])):
        value += margin * scale * alive * discount  # cash at the start of the month
        lifetime += alive
        weights += scale * alive * discount
        running.append(value)
        bounds.append(magnitude * weights)
        alive *= 1.0 - churn
        scale *= 1.0 + growth
        discount *= factor
    survive = (1.0 - churn) * (1.0 + growth)
    return {
        "margin": margin,
        "magnitude": magnitude,
        "churn": churn,
        "factor": survive,  # r, what a surviving month carries into the next
        "discounted_factor": survive * factor,  # q
        "ltv": value,
        "lifetime": lifetime,
        "running": running,
        "bounds": bounds,  # magnitude × the weights so far: the scale of each running total
    }
