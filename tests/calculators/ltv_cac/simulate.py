"""The ltv_cac model told step by step, without its closed forms (see tests/calculators/simulate.py)."""

from __future__ import annotations

from collections.abc import Mapping

from tests.calculators.simulate import monthly_discount_factor


def simulate_ltv_cac(v: Mapping[str, float]) -> dict[str, object]:
    margin = v["arpu"] * (v["gross_margin"] / 100.0)
    churn = v["monthly_churn"] / 100.0
    factor = monthly_discount_factor(v["annual_discount_rate"])
    alive, discount, value, lifetime = 1.0, 1.0, 0.0, 0.0
    running = []
    for _ in range(int(v["horizon_months"])):
        value += margin * alive * discount  # cash at the start of the month
        lifetime += alive
        running.append(value)
        alive *= 1.0 - churn
        discount *= factor
    return {"margin": margin, "churn": churn, "ltv": value, "lifetime": lifetime, "running": running}
