"""The ltv_cac model told step by step, without its closed forms (see tests/calculators/simulate.py)."""

from __future__ import annotations

from collections.abc import Mapping

from tests.calculators.simulate import monthly_discount_factor


def simulate_ltv_cac(v: Mapping[str, float], curve: tuple[float, float] | None = None) -> dict[str, object]:
    """One customer month by month. ``curve`` = (α, β): who is still there follows the shifted-beta-geometric
    story instead of one churn rate: each month the share left keeps (β+t-1)/(α+β+t-1) of itself."""
    # Contribution margin: gross margin less the monthly cost to serve; it grows with ARPU.
    margin = v["arpu"] * (v["gross_margin"] / 100.0) - v["variable_cost_per_month"]
    # The size of the terms before the subtraction: what the rounding error scales with.
    magnitude = v["arpu"] * (v["gross_margin"] / 100.0) + v["variable_cost_per_month"]
    churn = v["monthly_churn"] / 100.0
    growth = v["arpu_growth"] / 100.0
    factor = monthly_discount_factor(v["annual_discount_rate"])
    alive, scale, discount, value, lifetime, weights = 1.0, 1.0, 1.0, 0.0, 0.0, 0.0
    running, bounds = [], []
    for month in range(int(v["horizon_months"])):
        value += margin * scale * alive * discount  # cash at the start of the month
        lifetime += alive
        weights += scale * alive * discount
        running.append(value)
        bounds.append(magnitude * weights)
        alive *= 1.0 - churn if curve is None else (curve[1] + month) / (curve[0] + curve[1] + month)
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


def fitted_cumulative(
    v: Mapping[str, float], curve: tuple[float, float], months: int
) -> tuple[list[float], list[float]]:
    """Undiscounted and discounted margin collected by the end of month 0, 1, …, months on the curve."""
    margin = v["arpu"] * (v["gross_margin"] / 100.0) - v["variable_cost_per_month"]
    growth, factor = v["arpu_growth"] / 100.0, monthly_discount_factor(v["annual_discount_rate"])
    alive, scale, discount = 1.0, 1.0, 1.0
    plain, discounted = [0.0], [0.0]
    for month in range(months):
        plain.append(plain[-1] + margin * alive * scale)
        discounted.append(discounted[-1] + margin * alive * scale * discount)
        alive *= (curve[1] + month) / (curve[0] + curve[1] + month)
        scale *= 1.0 + growth
        discount *= factor
    return plain, discounted
