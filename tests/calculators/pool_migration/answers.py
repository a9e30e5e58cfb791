"""The pool_migration exercises' answers worked out again, independently of the package's solvers.

Used by tests/calculators/test_exercises.py: INDEPENDENT recomputes every answer
from the spec's formulas, THRESHOLDS lists answers that must hit a target when fed
back into the calculator, SHOWN_ANSWERS what the "see the answer" link displays,
and premises() the qualitative claims the texts make.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from calculators import run
from calculators.display import format_number
from tests.calculators.exercise_helpers import correct, g, inputs, monthly


def _pool(v: Mapping[str, Any]) -> dict[str, float]:
    a, gm = v["add_rate"] / 100, v["gross_margin"] / 100
    cost = v["incentive_per_member"] + v["cost_per_exposure"] / a
    discount, checkout = v.get("private_discount", 0) / 100, v.get("platform_checkout_share", 0) / 100
    tau, phi = v["platform_fee"] / 100, v["payment_fee"] / 100
    private_rate = (1 - checkout) * (gm - discount - phi) + checkout * (gm - discount - tau)
    u_priv = v["private_orders_per_month"] * v["aov"] * private_rate - v["opex_per_member_month"]
    # A re-reach ad is bought only if the order it brings pays for it (spec v2's floor).
    s = v["paid_reach_share"] / 100
    paid_margin = max(0.0, gm - tau - 1 / v["roas"])
    per_public_order = v["aov"] * ((1 - s) * (gm - tau) + s * paid_margin)
    delta = u_priv - v["public_orders_per_month"] * per_public_order
    q = (1 - v["monthly_churn"] / 100) / (1 + monthly(v["annual_discount_rate"]))
    weight = g(q, int(v["horizon_months"]))
    npv = delta * weight - cost
    members = v["cohort_size"] * a
    return {
        "cost": cost,
        "u_priv": u_priv,
        "per_public_order": per_public_order,
        "delta": delta,
        "weight": weight,
        "npv": npv,
        "members": members,
        "npv_total": members * npv,
    }


def _pool_read_beauty() -> dict[str, Any]:
    p = _pool(inputs("pool-read-beauty"))
    return {"cost_per_member": p["cost"], "delta": p["delta"], "npv_total": p["npv_total"]}


def _pool_red_packet() -> dict[str, Any]:
    p = _pool(inputs("pool-red-packet"))
    base = _pool(run("pool_migration", preset="dtc_beauty")["inputs"])
    return {
        "cost_per_member": p["cost"],
        "npv_member": p["npv"],
        "card": "base" if base["npv_total"] >= p["npv_total"] else "rich",
    }


def _pool_tissue_fix() -> dict[str, Any]:
    v = inputs("pool-tissue-fix")
    fixes = {
        "incentive": {"incentive_per_member": v["incentive_per_member"] / 2},
        "add_rate": {"add_rate": v["add_rate"] * 2},
        "churn": {"monthly_churn": v["monthly_churn"] / 2},
        "orders": {"private_orders_per_month": v["private_orders_per_month"] + 0.05},
    }
    npv = {key: _pool({**v, **change})["npv"] for key, change in fixes.items()}
    best = max(npv, key=lambda key: npv[key])
    p = _pool({**v, **fixes[best]})  # NPV = Δ·G - (incentive + card cost): zero at this incentive
    max_incentive = p["delta"] * p["weight"] - p["cost"] + v["incentive_per_member"]
    return {"best": best, "npv_best": npv[best], "max_incentive": max_incentive}


def _pool_counterfactual() -> dict[str, Any]:
    p = _pool(inputs("pool-counterfactual"))
    return {"orders": (p["u_priv"] - p["cost"] / p["weight"]) / p["per_public_order"]}


INDEPENDENT: dict[str, Callable[[], dict[str, Any]]] = {
    "pool-read-beauty": _pool_read_beauty,
    "pool-red-packet": _pool_red_packet,
    "pool-tissue-fix": _pool_tissue_fix,
    "pool-counterfactual": _pool_counterfactual,
}

# exercise, answer key, field it sets, output, target
THRESHOLDS: list[tuple[str, str, str, str, float]] = [
    ("pool-counterfactual", "orders", "public_orders_per_month", "npv_per_member", 0.0),
]

# What the calculator displays when opened from each "see the answer" link that changes an input.
SHOWN_ANSWERS: dict[str, tuple[str, Callable[[], str]]] = {
    "pool-tissue-fix": (
        "npv_per_member",
        lambda: format_number(float(correct("pool-tissue-fix")["npv_best"]), "money", "en"),
    ),
    "pool-counterfactual": ("npv_per_member", lambda: "¥0.00"),
}


def premises() -> None:
    """The prose's qualitative claims ("below 3×", "activation adds the most") still hold."""
    beauty = _pool(inputs("pool-read-beauty"))
    assert beauty["cost"] < beauty["delta"] * beauty["weight"] / 10
    red = correct("pool-red-packet")
    assert float(red["npv_member"]) > 0 and red["card"] == "base"
    tissue = _pool(inputs("pool-tissue-fix"))
    assert tissue["npv"] < 0 and correct("pool-tissue-fix")["best"] == "orders"
    assert _pool({**inputs("pool-tissue-fix"), "incentive_per_member": 0})["npv"] < 0  # "even with no red packet"
    assert float(correct("pool-tissue-fix")["npv_best"]) > 0  # "the only fix that turns it profitable"
    max_incentive = float(correct("pool-tissue-fix")["max_incentive"])
    assert max_incentive > inputs("pool-tissue-fix")["incentive_per_member"]  # "today's … fits"
    # The break-even red packet holds with the best fix in place (so it is not in THRESHOLDS).
    with_fix = {**inputs("pool-tissue-fix"), "private_orders_per_month": 0.35, "incentive_per_member": max_incentive}
    assert abs(run("pool_migration", with_fix)["outputs"]["npv_per_member"]) < 1e-6
    v = inputs("pool-counterfactual")
    assert float(correct("pool-counterfactual")["orders"]) > v["private_orders_per_month"]
