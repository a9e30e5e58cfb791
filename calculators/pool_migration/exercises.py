"""The solvers of the pool migration exercises (texts and answers asked for: exercises.toml)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from calculators import registry
from calculators.core import Number
from calculators.exercises import Fact, Given, Shown, Solved, Solver, bisect, number, outputs, preset_inputs

POOL = "pool_migration"
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
    out = outputs(POOL, s)
    base_inputs = preset_inputs(POOL, "dtc_beauty")
    base = outputs(POOL, base_inputs)
    card = "base" if number(base, "npv_total") >= number(out, "npv_total") else "rich"
    return Solved(
        answers={
            "cost_per_member": number(out, "migration_cost_per_member"),
            "npv_member": number(out, "npv_per_member"),
            "card": card,
        },
        facts={
            "base_incentive": Given(base_inputs["incentive_per_member"], "money"),
            "base_add_rate": Given(base_inputs["add_rate"], "percent"),
            "cost_per_member": Shown(number(out, "migration_cost_per_member"), "money"),
            "base_cost": Shown(number(base, "migration_cost_per_member"), "money"),
            "pv": Shown(number(out, "pv_per_member"), "money"),
            "npv_member": Shown(number(out, "npv_per_member"), "money"),
            "payback": Shown(number(out, "payback_months"), "months"),
            "members": Shown(number(out, "members"), "count"),
            "base_members": Shown(number(base, "members"), "count"),
            "npv_total": Shown(number(out, "npv_total"), "money"),
            "base_npv_total": Shown(number(base, "npv_total"), "money"),
        },
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
}
