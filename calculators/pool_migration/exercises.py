"""The solvers of the pool migration exercises (texts and answers asked for: exercises.toml)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from calculators import registry
from calculators.core import Number
from calculators.exercises import Fact, Given, Shown, Solved, Solver, bisect, number, outputs, preset_inputs

POOL = "pool_migration"
REACH_LOW_ROAS = (1.5, 1.0)  # pool-reach-floor: two ROAS below the beauty case's break-even
TISSUE_FIXES: dict[str, tuple[str, Callable[[float], float]]] = {
    "incentive": ("incentive_per_member", lambda value: value / 2),
    "add_rate": ("add_rate", lambda value: min(value * 2, 100.0)),
    "churn": ("monthly_churn", lambda value: value / 2),
    "orders": ("private_orders_per_month", lambda value: value + 0.05),
}


def _solve_pool_read_beauty(s: Mapping[str, Number]) -> Solved:
    out = outputs(POOL, s)
    cost = number(out, "migration_cost_per_member")
    return Solved(
        answers={
            "cost_per_member": cost,
            "delta": number(out, "incremental_margin_per_member_month"),
            "npv_total": number(out, "npv_total"),
        },
        facts={
            "card_per_member": Shown(cost - s["incentive_per_member"], "money"),
            "cost_per_member": Shown(cost, "money"),
            "u_priv": Shown(number(out, "private_margin_per_member_month"), "money"),
            "u_pub": Shown(number(out, "public_margin_per_member_month"), "money"),
            "delta": Shown(number(out, "incremental_margin_per_member_month"), "money"),
            "pv": Shown(number(out, "pv_per_member"), "money"),
            "npv_member": Shown(number(out, "npv_per_member"), "money"),
            "members": Shown(number(out, "members"), "count"),
            "npv_total": Shown(number(out, "npv_total"), "money"),
        },
    )


def _solve_pool_red_packet(s: Mapping[str, Number]) -> Solved:
    base_inputs = preset_inputs(POOL, "dtc_beauty")
    base = outputs(POOL, base_inputs)
    base_total = number(base, "npv_total")

    def total_at(add_rate: float) -> float:
        return number(outputs(POOL, {**s, "add_rate": add_rate}), "npv_total")

    # The cohort's NPV, cohort·(a·(PV - incentive) - cost per card), rises with the add rate.
    match = bisect(lambda a: total_at(a) - base_total, 1e-9, 100.0)
    breakeven = bisect(total_at, 1e-9, 100.0)
    out = outputs(POOL, s)
    at_match = outputs(POOL, {**s, "add_rate": match})
    return Solved(
        answers={"match_add_rate": match, "breakeven_add_rate": breakeven},
        facts={
            "base_incentive": Given(base_inputs["incentive_per_member"], "money"),
            "base_add_rate": Given(base_inputs["add_rate"], "percent"),
            "pv": Shown(number(out, "pv_per_member"), "money"),
            "base_npv_total": Shown(base_total, "money"),
            "npv_total_same_rate": Shown(number(out, "npv_total"), "money"),
            "match": Shown(match, "percent"),
            "lift": Shown(match - base_inputs["add_rate"], "points"),
            "breakeven": Shown(breakeven, "percent"),
            "npv_member_match": Shown(number(at_match, "npv_per_member"), "money"),
            "base_npv_member": Shown(number(base, "npv_per_member"), "money"),
            "extra_cost": Shown(float(s["incentive_per_member"]) - base_inputs["incentive_per_member"], "money"),
        },
        show={"add_rate": round(match, 6)},
    )


def _solve_pool_reach_floor(s: Mapping[str, Number]) -> Solved:
    margin_after_fee = (s["gross_margin"] - s["platform_fee"]) / 100
    floor = 1 / margin_after_fee  # below this ROAS an ad costs more than the margin of its order
    low_a, low_b = REACH_LOW_ROAS
    out_a, out_b = outputs(POOL, {**s, "roas": low_a}), outputs(POOL, {**s, "roas": low_b})
    npv_a, npv_b = number(out_a, "npv_per_member"), number(out_b, "npv_per_member")
    trend = "rises" if npv_b > npv_a + 1e-9 else "falls" if npv_b < npv_a - 1e-9 else "flat"
    now = outputs(POOL, s)
    # The earlier model (spec v1) charged the losing ads to the public side:
    # u_pub = f_pub·(aov·(gm-τ) - s·aov/roas).
    weight = number(out_b, "pv_per_member") / number(out_b, "incremental_margin_per_member_month")
    u_pub_old = s["public_orders_per_month"] * (
        s["aov"] * margin_after_fee - s["paid_reach_share"] / 100 * s["aov"] / low_b
    )
    npv_old = (number(out_b, "private_margin_per_member_month") - u_pub_old) * weight - number(
        out_b, "migration_cost_per_member"
    )
    return Solved(
        answers={"floor_roas": floor, "npv_low": npv_b, "trend": trend},
        facts={
            "floor": Shown(floor, "ratio"),
            "margin_after_fee": Shown(margin_after_fee * 100, "percent"),
            "ad_cost_now": Shown(number(now, "public_ad_cost_per_repeat_order"), "money"),
            "npv_now": Shown(number(now, "npv_per_member"), "money"),
            "low_a": Given(low_a, "ratio"),
            "low_b": Given(low_b, "ratio"),
            "npv_low": Shown(npv_b, "money"),
            "npv_old": Shown(npv_old, "money"),
            "u_pub_now": Shown(number(now, "public_margin_per_member_month"), "money"),
            "u_pub_low": Shown(number(out_b, "public_margin_per_member_month"), "money"),
        },
        show={"roas": low_b},
    )


def _solve_pool_tissue_fix(s: Mapping[str, Number]) -> Solved:
    now = outputs(POOL, s)
    changed = {key: {name: change(float(s[name]))} for key, (name, change) in TISSUE_FIXES.items()}
    npv = {key: number(outputs(POOL, {**s, **inputs}), "npv_per_member") for key, inputs in changed.items()}
    best = max(TISSUE_FIXES, key=lambda key: npv[key])

    fixed = {**s, **changed[best]}

    def npv_at(incentive: float) -> float:
        return number(outputs(POOL, {**fixed, "incentive_per_member": incentive}), "npv_per_member")

    # NPV falls one for one with the red packet, so the break-even lies below incentive + NPV + 1.
    max_incentive = bisect(npv_at, 0.0, float(s["incentive_per_member"]) + max(npv[best], 0.0) + 1.0)
    no_packet = number(outputs(POOL, {**s, "incentive_per_member": 0.0}), "npv_per_member")
    facts: dict[str, Fact] = {
        "npv_now": Shown(number(now, "npv_per_member"), "money"),
        "npv_best": Shown(npv[best], "money"),
        "npv_no_packet": Shown(no_packet, "money"),
        "pv": Shown(number(now, "pv_per_member"), "money"),
        "pv_best": Shown(number(outputs(POOL, fixed), "pv_per_member"), "money"),
        "card_per_member": Shown(number(now, "migration_cost_per_member") - s["incentive_per_member"], "money"),
        "max_incentive": Shown(max_incentive, "money"),
    }
    for key, (name, _) in TISSUE_FIXES.items():
        unit = registry.get(POOL).field(name).unit
        facts[f"fix_{key}"] = Given(changed[key][name], unit)
        facts[f"npv_{key}"] = Shown(npv[key], "money")
    return Solved(
        answers={"best": best, "npv_best": npv[best], "max_incentive": max_incentive},
        facts=facts,
        show=changed[best],
    )


def _solve_pool_counterfactual(s: Mapping[str, Number]) -> Solved:
    def npv_at(orders: float) -> float:
        return number(outputs(POOL, {**s, "public_orders_per_month": orders}), "npv_per_member")

    orders = bisect(npv_at, float(s["public_orders_per_month"]), 100.0)
    out = outputs(POOL, s)
    private_per_order = number(out, "private_margin_per_member_month") / float(s["private_orders_per_month"])
    public_per_order = number(out, "public_margin_per_member_month") / float(s["public_orders_per_month"])
    return Solved(
        answers={"orders": orders},
        facts={
            "orders": Shown(orders, "number"),
            "npv_now": Shown(number(out, "npv_per_member"), "money"),
            "private_per_order": Shown(private_per_order, "money"),
            "public_per_order": Shown(public_per_order, "money"),
            "ad_cost": Shown(number(out, "public_ad_cost_per_repeat_order"), "money"),
        },
        show={"public_orders_per_month": round(orders, 5)},
    )


# ------------------------------------------------------------------ the exercises


SOLVERS: dict[str, Solver] = {
    "pool-read-beauty": _solve_pool_read_beauty,
    "pool-red-packet": _solve_pool_red_packet,
    "pool-tissue-fix": _solve_pool_tissue_fix,
    "pool-counterfactual": _solve_pool_counterfactual,
    "pool-reach-floor": _solve_pool_reach_floor,
}
