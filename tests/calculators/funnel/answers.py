"""The funnel exercises' answers worked out again, independently of the package's solvers.

Used by tests/calculators/test_exercises.py: INDEPENDENT recomputes every answer
from the spec's formulas, THRESHOLDS lists answers that must hit a target when fed
back into the calculator, SHOWN_ANSWERS what the "see the answer" link displays,
and premises() the qualitative claims the texts make.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from calculators import exercises, run
from calculators.display import format_number
from tests.calculators.exercise_helpers import by_id, correct, inputs


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


def _funnel_fix_first() -> dict[str, Any]:
    v = inputs("funnel-fix-first")
    costs = {"activation": 36000, "retention": 6000, "purchase": 15000}
    base = _funnel_buyers(v)
    extra = {step: _funnel_buyers(v, **{f"{step}_rate": v[f"{step}_rate"] + 5}) - base for step in costs}
    per_buyer = {step: costs[step] / extra[step] for step in costs}
    cheapest = min(per_buyer, key=lambda step: per_buyer[step])
    most = max(extra, key=lambda step: extra[step])
    return {"most": most, "cheapest": cheapest, "cost_per_extra": per_buyer[cheapest]}


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
        lambda: format_number(
            run("funnel", preset="dtc_beauty_parcel_card")["outputs"]["buyers_if_purchase_plus_5pp"],
            "count",
            "en",
        ),
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
    fix = correct("funnel-fix-first")
    parcel = run("funnel", preset="dtc_beauty_parcel_card")
    assert fix["most"] == parcel["outputs"]["weakest_step"] == "activation" != fix["cheapest"]
    margin = parcel["inputs"]["revenue_per_buyer"] * 65.7 / 100
    facts = exercises.solved(by_id("funnel-fix-first")).facts
    for step in ("activation", "retention", "purchase"):
        assert facts[f"per_buyer_{step}"].value < margin  # type: ignore[union-attr]
    k = correct("funnel-k-threshold")
    assert float(k["k"]) > 1
    # Asking for one friend fewer takes K below 1.
    assert float(k["invites"]) > inputs("funnel-k-threshold")["invites_per_retained"] - 1
    coffee = correct("funnel-coffee-coupon")
    v = inputs("funnel-coffee-coupon")
    assert 0 < float(coffee["profit"]) < 0.2 * v["visitors"] * v["cost_per_visitor"]  # "barely pays"
