"""The solvers of the AARRR funnel exercises (texts and answers asked for: exercises.toml)."""

from __future__ import annotations

from collections.abc import Mapping

from calculators import registry
from calculators.core import Number
from calculators.exercises import Fact, Given, Shown, Solved, Solver, bisect, choice_label, number, outputs
from calculators.funnel.model import LIFT_PP

FUNNEL = "funnel"
LTV = "ltv_cac"  # two exercises value a buyer with an LTV / CAC preset's margin
STEP_FIELDS = {"activation": "activation_rate", "retention": "retention_rate", "purchase": "purchase_rate"}
FIX_COSTS: dict[str, float] = {"activation": 36000, "retention": 6000, "purchase": 15000}  # funnel-fix-first
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
    extra = {step: number(out, f"buyers_if_{step}_plus_5pp") - buyers for step in STEP_FIELDS}
    per_buyer = {step: FIX_COSTS[step] / extra[step] for step in STEP_FIELDS}
    most = max(STEP_FIELDS, key=lambda step: extra[step])
    cheapest = min(STEP_FIELDS, key=lambda step: per_buyer[step])
    facts: dict[str, Fact] = {
        "buyers_now": Shown(buyers, "count"),
        "lift": Given(LIFT_PP, "number"),
        "cost_per_extra": Shown(per_buyer[cheapest], "money"),
        "weakest_label": choice_label(FUNNEL, "weakest_step", str(out["weakest_step"])),
        "margin_per_buyer": Shown(s["revenue_per_buyer"] * _beauty_margin() / 100, "money"),
        "fix_margin": Given(_beauty_margin(), "percent"),
    }
    for step in STEP_FIELDS:
        facts[f"cost_{step}"] = Given(FIX_COSTS[step], "money")
        facts[f"extra_{step}"] = Shown(extra[step], "count")
        facts[f"per_buyer_{step}"] = Shown(per_buyer[step], "money")
    field_name = STEP_FIELDS[cheapest]
    return Solved(
        answers={"most": most, "cheapest": cheapest, "cost_per_extra": per_buyer[cheapest]},
        facts=facts,
        show={field_name: min(float(s[field_name]) + LIFT_PP, 100.0)},
    )


def _beauty_margin() -> float:
    """The beauty brand's gross margin (Yatsen's filing), from the LTV / CAC preset, to value a buyer."""
    return float(registry.get(LTV).preset("dtc_beauty").inputs()["gross_margin"])


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
