"""The pool_migration exercises' answers worked out again, independently of the package's solvers.

Used by tests/calculators/test_exercises.py: INDEPENDENT recomputes every answer
from the spec's formulas, THRESHOLDS lists answers that must hit a target when fed
back into the calculator, SHOWN_ANSWERS what the "see the answer" link displays,
and premises() the qualitative claims the texts make.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pytest

from calculators import CALCULATORS, exercises, run
from calculators.display import format_number
from tests.calculators.exercise_helpers import by_id, correct, g, inputs, monthly


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
    v = inputs("pool-red-packet")
    base = _pool(run("pool_migration", preset="dtc_beauty")["inputs"])
    # npv_total = cohort·(a·(PV - incentive) - cost_per_exposure), linear in the add rate a.
    pv = _pool(v)["delta"] * _pool(v)["weight"]
    per_share = v["cohort_size"] * (pv - v["incentive_per_member"])
    printing = v["cohort_size"] * v["cost_per_exposure"]
    return {
        "match_add_rate": 100 * (base["npv_total"] + printing) / per_share,
        "breakeven_add_rate": 100 * printing / per_share,
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


def _pool_reach_floor() -> dict[str, Any]:
    v = inputs("pool-reach-floor")
    low_a, low_b = _pool({**v, "roas": 1.5})["npv"], _pool({**v, "roas": 1.0})["npv"]
    return {
        "floor_roas": 1 / ((v["gross_margin"] - v["platform_fee"]) / 100),
        "npv_low": low_b,
        "trend": "flat" if low_a == low_b else "rises" if low_b > low_a else "falls",
    }


def _public_margin_at_floor() -> float:
    """u_pub once the paid repeat orders count as not happening: f_pub·aov·(1-s)·(gm-τ)."""
    v = inputs("pool-reach-floor")
    return float(
        v["public_orders_per_month"]
        * v["aov"]
        * (1 - v["paid_reach_share"] / 100)
        * (v["gross_margin"] - v["platform_fee"])
        / 100
    )


INDEPENDENT: dict[str, Callable[[], dict[str, Any]]] = {
    "pool-read-beauty": _pool_read_beauty,
    "pool-red-packet": _pool_red_packet,
    "pool-tissue-fix": _pool_tissue_fix,
    "pool-counterfactual": _pool_counterfactual,
    "pool-reach-floor": _pool_reach_floor,
}

# exercise, answer key, field it sets, output, target
THRESHOLDS: list[tuple[str, str, str, str, float]] = [
    ("pool-counterfactual", "orders", "public_orders_per_month", "npv_per_member", 0.0),
    ("pool-red-packet", "breakeven_add_rate", "add_rate", "npv_total", 0.0),
    # At the floor ROAS a paid repeat order adds exactly nothing to the public side.
    ("pool-reach-floor", "floor_roas", "roas", "public_margin_per_member_month", _public_margin_at_floor()),
]

# What the calculator displays when opened from each "see the answer" link that changes an input.
SHOWN_ANSWERS: dict[str, tuple[str, Callable[[], str]]] = {
    "pool-tissue-fix": (
        "npv_per_member",
        lambda: format_number(float(correct("pool-tissue-fix")["npv_best"]), "money", "en"),
    ),
    "pool-counterfactual": ("npv_per_member", lambda: "¥0.00"),
    "pool-red-packet": (
        "npv_total",
        lambda: format_number(_pool(run("pool_migration", preset="dtc_beauty")["inputs"])["npv_total"], "money", "en"),
    ),
    "pool-reach-floor": (
        "npv_per_member",
        lambda: format_number(_pool({**inputs("pool-reach-floor"), "roas": 1.0})["npv"], "money", "en"),
    ),
}


def premises() -> None:
    """The prose's qualitative claims ("below 3×", "activation adds the most") still hold."""
    beauty = _pool(inputs("pool-read-beauty"))
    assert beauty["cost"] < beauty["delta"] * beauty["weight"] / 10
    # pool-red-packet: "only … above the plan's", "per member the richer card earns less", "the add rate it
    # needs goes up" if its members leave sooner, "the plan's … is an assumption".
    red, plan = correct("pool-red-packet"), run("pool_migration", preset="dtc_beauty")
    assert plan["inputs"]["add_rate"] < float(red["match_add_rate"]) < plan["inputs"]["add_rate"] + 1
    assert float(red["breakeven_add_rate"]) < plan["inputs"]["add_rate"]
    rich = _pool({**inputs("pool-red-packet"), "add_rate": float(red["match_add_rate"])})
    assert rich["npv"] < plan["outputs"]["npv_per_member"]
    faster = {**inputs("pool-red-packet"), "monthly_churn": inputs("pool-red-packet")["monthly_churn"] + 2}
    faster_match = run("pool_migration", {**faster, "add_rate": float(red["match_add_rate"])})["outputs"]
    assert faster_match["npv_total"] < plan["outputs"]["npv_total"]
    assert CALCULATORS["pool_migration"].preset("dtc_beauty").values["add_rate"].grade == "illustrative"
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
    # pool-reach-floor: the ad stops paying at 1 ÷ (gm - τ); NPV rises as ROAS falls to it, then stays flat.
    floor = float(correct("pool-reach-floor")["floor_roas"])
    reach = inputs("pool-reach-floor")

    def at(roas: float) -> dict[str, Any]:
        return run("pool_migration", {**reach, "roas": roas})

    def codes(roas: float) -> set[str]:
        return {note["code"] for note in at(roas)["notes"]}

    assert "unprofitable_paid_reach" in codes(floor * 0.999) and "unprofitable_paid_reach" not in codes(floor * 1.001)
    assert 1.0 < 1.5 < floor < reach["roas"]  # both low values lie below the floor, today's above it
    npv_now, npv_near = at(reach["roas"])["outputs"]["npv_per_member"], at(floor * 1.001)["outputs"]["npv_per_member"]
    assert npv_now < npv_near  # "as ROAS falls towards the floor … the advantage grows"
    assert correct("pool-reach-floor")["trend"] == "flat"
    assert at(floor * 1.001)["outputs"]["public_margin_per_member_month"] > _public_margin_at_floor()
    old_low = _pool({**reach, "roas": 1.0})  # the spec v1 formula charged the losing ads to the public side
    s_share, tau = reach["paid_reach_share"] / 100, reach["platform_fee"] / 100
    u_pub_old = reach["public_orders_per_month"] * reach["aov"] * ((reach["gross_margin"] / 100 - tau) - s_share / 1.0)
    npv_old = (old_low["u_priv"] - u_pub_old) * old_low["weight"] - old_low["cost"]
    assert npv_old > old_low["npv"]  # "it credited the private pool with sparing the brand losses"
    facts = exercises.solved(by_id("pool-reach-floor")).facts
    assert facts["npv_old"].value == pytest.approx(npv_old)  # type: ignore[union-attr]
