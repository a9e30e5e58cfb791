"""The funnel exercises' answers worked out again, independently of the package's solvers.

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
from tests.calculators.exercise_helpers import correct, inputs


def _funnel_buyers(v: Mapping[str, Any], **rates: float) -> float:
    a = rates.get("activation_rate", v["activation_rate"]) / 100
    r = rates.get("retention_rate", v["retention_rate"]) / 100
    p = rates.get("purchase_rate", v["purchase_rate"]) / 100
    invites = rates.get("invites_per_retained", v["invites_per_retained"])
    k = a * r * invites * v["invite_conversion"] / 100
    market = v.get("market_size", 0)
    if not market:
        return float(v["visitors"] * sum(k**g for g in range(int(v["viral_cycles"]) + 1)) * a * r * p)
    # Spec v2: each generation reaches only people not yet in, and no more than are left.
    generation = total = float(v["visitors"])
    for _ in range(int(v["viral_cycles"])):
        generation = max(0.0, min(market - total, k * generation * (1 - total / market)))
        total += generation
    return total * a * r * p


def _funnel_read_followers() -> dict[str, Any]:
    v = inputs("funnel-read-followers")
    buyers, spend = _funnel_buyers(v), v["visitors"] * v["cost_per_visitor"]
    rates = {step: v[f"{step}_rate"] for step in ("activation", "retention", "purchase")}
    return {
        "cost_per_buyer": spend / buyers,
        "revenue_to_spend": buyers * v["revenue_per_buyer"] / spend,
        "weakest": min(rates, key=lambda step: rates[step]),
    }


FIX_BUDGETS = {"activation": 36000.0, "retention": 6000.0}  # funnel-fix-first, for the quarter
COUPON = 12.0  # per buyer, on every buyer's order


def _fix_first_options() -> dict[str, dict[str, float]]:
    """Per proposal: extra buyers, its full cost, and the profit it adds (the quarter's margin only)."""
    v = inputs("funnel-fix-first")
    margin = v["revenue_per_buyer"] * v["gross_margin"] / 100
    base = _funnel_buyers(v)
    options = {}
    for step in ("activation", "retention", "purchase"):
        after = _funnel_buyers(v, **{f"{step}_rate": v[f"{step}_rate"] + 5})
        cost = COUPON * after if step == "purchase" else FIX_BUDGETS[step]
        options[step] = {"extra": after - base, "cost": cost, "added": (after - base) * margin - cost}
    return options


def _funnel_fix_first() -> dict[str, Any]:
    options = _fix_first_options()
    best = max(options, key=lambda step: options[step]["added"])
    purchase = options["purchase"]
    return {
        "best": best,
        "added_profit": options[best]["added"],
        "coupon_per_extra": purchase["cost"] / purchase["extra"],
    }


def _funnel_k_threshold() -> dict[str, Any]:
    v = inputs("funnel-k-threshold")
    per_invite = v["activation_rate"] * v["retention_rate"] * v["invite_conversion"] / 1e6
    return {
        "k": per_invite * v["invites_per_retained"],
        "invites": 1 / per_invite,
        "buyers_fewer": _funnel_buyers(v, invites_per_retained=v["invites_per_retained"] - 1),
    }


def _funnel_coffee_coupon() -> dict[str, Any]:
    v = inputs("funnel-coffee-coupon")
    margin = _funnel_buyers(v) * v["revenue_per_buyer"] * 0.60  # the LTV / CAC coffee preset's 60 %
    return {"profit": margin - v["visitors"] * v["cost_per_visitor"], "max_cost": margin / v["visitors"]}


INDEPENDENT: dict[str, Callable[[], dict[str, Any]]] = {
    "funnel-read-followers": _funnel_read_followers,
    "funnel-fix-first": _funnel_fix_first,
    "funnel-k-threshold": _funnel_k_threshold,
    "funnel-coffee-coupon": _funnel_coffee_coupon,
}

# exercise, answer key, field it sets, output, target
THRESHOLDS: list[tuple[str, str, str, str, float]] = [
    ("funnel-k-threshold", "invites", "invites_per_retained", "k_factor", 1.0),
]

# What the calculator displays when opened from each "see the answer" link that changes an input.
SHOWN_ANSWERS: dict[str, tuple[str, Callable[[], str]]] = {
    "funnel-fix-first": (
        "buyers",
        lambda: format_number(_funnel_buyers(inputs("funnel-fix-first", activation_rate=20.0)), "count", "en"),
    ),
    "funnel-k-threshold": ("k_factor", lambda: "1.000"),
    "funnel-coffee-coupon": ("revenue_to_spend", lambda: format_number(1 / 0.6, "ratio", "en")),
}


def premises() -> None:
    """The prose's qualitative claims ("below 3×", "activation adds the most") still hold."""
    ads = run("funnel", preset="official_account_ads")
    assert ads["outputs"]["weakest_step"] == "purchase" and ads["inputs"]["invites_per_retained"] == 0
    best = max(ads["outputs"][f"buyers_if_{s}_plus_5pp"] for s in ("activation", "retention", "purchase"))
    assert best * ads["inputs"]["revenue_per_buyer"] < ads["outputs"]["acquisition_spend"]
    # funnel-fix-first: activation adds the most profit and is the weakest step; retention is the cheapest
    # per extra buyer yet adds the least; counting only the extra buyers' coupons would crown the coupon.
    fix, options = correct("funnel-fix-first"), _fix_first_options()
    parcel = run("funnel", preset="dtc_beauty_parcel_card")
    assert fix["best"] == parcel["outputs"]["weakest_step"] == "activation"
    per_extra = {step: o["cost"] / o["extra"] for step, o in options.items()}
    assert min(per_extra, key=lambda step: per_extra[step]) == "retention"
    assert min(options, key=lambda step: options[step]["added"]) == "retention"
    assert float(fix["coupon_per_extra"]) > 2 * COUPON  # "most of the buyers who use it would have bought anyway"
    margin = parcel["inputs"]["revenue_per_buyer"] * parcel["inputs"]["gross_margin"] / 100
    naive = options["purchase"]["extra"] * (margin - COUPON)
    assert naive > 2 * max(o["added"] for o in options.values())  # "the best proposal by far"
    assert all(o["added"] > 0 and o["cost"] / o["extra"] < margin for o in options.values())  # "all three pay"
    assert max(options, key=lambda step: options[step]["extra"]) == fix["best"]  # "most to the one …"
    assert parcel["inputs"]["referral_reward"] == 0  # referred users cost nothing in this scenario
    k = correct("funnel-k-threshold")
    assert float(k["k"]) > 1
    # Asking for one friend fewer takes K below 1.
    assert float(k["invites"]) > inputs("funnel-k-threshold")["invites_per_retained"] - 1
    coffee = correct("funnel-coffee-coupon")
    v = inputs("funnel-coffee-coupon")
    assert 0 < float(coffee["profit"]) < 0.2 * v["visitors"] * v["cost_per_visitor"]  # "barely pays"
