"""The solvers of the AARRR funnel exercises (texts and answers asked for: exercises.toml)."""

from __future__ import annotations

from collections.abc import Mapping

from calculators import registry
from calculators.core import Number
from calculators.exercises import Fact, Given, Shown, Solved, Solver, bisect, choice_label, number, outputs
from calculators.funnel.model import LIFT_PP

FUNNEL = "funnel"
LTV = "ltv_cac"  # funnel-coffee-coupon values a buyer with the LTV / CAC coffee preset's margin
STEP_FIELDS = {"activation": "activation_rate", "retention": "retention_rate", "purchase": "purchase_rate"}
# funnel-fix-first: the lucky-draw prize and the welcome series are budgets for the quarter; the
# member-day coupon is paid on every buyer's order, the ones who would have bought anyway included.
FIX_BUDGETS: dict[str, float] = {"activation": 36000, "retention": 6000}
COUPON_PER_BUYER = 12.0
FEWER_INVITES = 1.0  # funnel-k-threshold: the poster asks for one friend fewer


def _solve_funnel_read_followers(s: Mapping[str, Number]) -> Solved:
    out = outputs(FUNNEL, s)
    weakest = str(out["weakest_step"])
    best_buyers = max(number(out, f"buyers_if_{step}_plus_5pp") for step in STEP_FIELDS)
    return Solved(
        answers={
            "cost_per_buyer": number(out, "cost_per_buyer"),
            "revenue_to_spend": number(out, "revenue_to_spend"),
            "weakest": weakest,
        },
        facts={
            "buyers": Shown(number(out, "buyers"), "count"),
            "spend": Shown(number(out, "acquisition_spend"), "money"),
            "revenue": Shown(number(out, "revenue"), "money"),
            "cost_per_buyer": Shown(number(out, "cost_per_buyer"), "money"),
            "revenue_to_spend": Shown(number(out, "revenue_to_spend"), "ratio"),
            "weakest_label": choice_label(FUNNEL, "weakest_step", weakest),
            "best_fix_revenue": Shown(best_buyers * s["revenue_per_buyer"], "money"),
        },
    )


def _solve_funnel_fix_first(s: Mapping[str, Number]) -> Solved:
    out = outputs(FUNNEL, s)
    buyers = number(out, "buyers")
    margin_per_buyer = number(out, "gross_profit") / buyers  # revenue per buyer × gross margin, this quarter
    after = {step: number(out, f"buyers_if_{step}_plus_5pp") for step in STEP_FIELDS}
    extra = {step: after[step] - buyers for step in STEP_FIELDS}
    # The prize and the Q&A are budgets for the quarter; the coupon goes to every buyer, old and new.
    cost = {step: FIX_BUDGETS.get(step, 0.0) for step in STEP_FIELDS}
    cost["purchase"] = COUPON_PER_BUYER * after["purchase"]
    added = {step: extra[step] * margin_per_buyer - cost[step] for step in STEP_FIELDS}
    best = max(STEP_FIELDS, key=lambda step: added[step])
    facts: dict[str, Fact] = {
        "buyers_now": Shown(buyers, "count"),
        "lift": Given(LIFT_PP, "number"),
        "coupon": Given(COUPON_PER_BUYER, "money"),
        "margin_per_buyer": Shown(margin_per_buyer, "money"),
        "added_profit": Shown(added[best], "money"),
        "coupon_naive": Shown(COUPON_PER_BUYER * extra["purchase"], "money"),
        "coupon_per_extra": Shown(cost["purchase"] / extra["purchase"], "money"),
        "buyers_purchase": Shown(after["purchase"], "count"),
        "weakest_label": choice_label(FUNNEL, "weakest_step", str(out["weakest_step"])),
    }
    for step in STEP_FIELDS:
        facts[f"cost_{step}"] = Shown(cost[step], "money")
        facts[f"extra_{step}"] = Shown(extra[step], "count")
        facts[f"gain_{step}"] = Shown(extra[step] * margin_per_buyer, "money")
        facts[f"added_{step}"] = Shown(added[step], "money")
        facts[f"per_buyer_{step}"] = Shown(cost[step] / extra[step], "money")
    for step, budget in FIX_BUDGETS.items():
        facts[f"budget_{step}"] = Given(budget, "money")
    field_name = STEP_FIELDS[best]
    return Solved(
        answers={"best": best, "added_profit": added[best], "coupon_per_extra": cost["purchase"] / extra["purchase"]},
        facts=facts,
        show={field_name: min(float(s[field_name]) + LIFT_PP, 100.0)},
    )


def _solve_funnel_k_threshold(s: Mapping[str, Number]) -> Solved:
    out = outputs(FUNNEL, s)
    k = number(out, "k_factor")

    def excess(invites: float) -> float:
        return number(outputs(FUNNEL, {**s, "invites_per_retained": invites}), "k_factor") - 1

    needed = bisect(excess, 0.0, 100.0)
    fewer = float(s["invites_per_retained"]) - FEWER_INVITES
    fewer_out = outputs(FUNNEL, {**s, "invites_per_retained": fewer})
    return Solved(
        answers={"k": k, "invites": needed, "buyers_fewer": number(fewer_out, "buyers")},
        facts={
            "k": Shown(k, "number"),
            "per_invite": Shown(k / float(s["invites_per_retained"]), "number"),
            "invites": Shown(needed, "number"),
            "fewer": Given(fewer, "number"),
            "k_fewer": Shown(number(fewer_out, "k_factor"), "number"),
            "buyers_now": Shown(number(out, "buyers"), "count"),
            "buyers_fewer": Shown(number(fewer_out, "buyers"), "count"),
        },
        show={"invites_per_retained": round(needed, 2)},
    )


def _coffee_margin() -> float:
    """The coffee chain's gross margin, taken from the LTV / CAC preset so the two pages agree."""
    return float(registry.get(LTV).preset("coffee_chain").inputs()["gross_margin"])


def _solve_funnel_coffee_coupon(s: Mapping[str, Number]) -> Solved:
    out = outputs(FUNNEL, s)
    margin_share = _coffee_margin() / 100
    margin = number(out, "revenue") * margin_share
    spend = number(out, "acquisition_spend")
    # Revenue does not depend on the coupon's cost: break-even spreads the margin over everyone asked.
    max_cost = margin / float(s["visitors"])
    return Solved(
        answers={"profit": margin - spend, "max_cost": max_cost},
        facts={
            "coffee_margin": Given(_coffee_margin(), "percent"),
            "revenue": Shown(number(out, "revenue"), "money"),
            "margin": Shown(margin, "money"),
            "spend": Shown(spend, "money"),
            "profit": Shown(margin - spend, "money"),
            "max_cost": Shown(max_cost, "money"),
            "room": Shown(max_cost - float(s["cost_per_visitor"]), "money"),
        },
        show={"cost_per_visitor": round(max_cost, 2)},
    )


SOLVERS: dict[str, Solver] = {
    "funnel-read-followers": _solve_funnel_read_followers,
    "funnel-fix-first": _solve_funnel_fix_first,
    "funnel-k-threshold": _solve_funnel_k_threshold,
    "funnel-coffee-coupon": _solve_funnel_coffee_coupon,
}
