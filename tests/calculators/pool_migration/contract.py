"""The pool_migration part of the property tests: which outputs may be null, and the simulation check."""

from __future__ import annotations

from typing import Any

from tests.calculators.pool_migration.simulate import simulate_pool_migration
from tests.calculators.properties import (
    NORMAL,
    check_fit,
    check_payback,
    check_summed_payback,
    close,
    finite,
    null_exactly_when,
)

_ANY_POOL_OUTPUT_MAY_OVERFLOW = {
    key: {"beyond_range"}
    for key in (
        "npv_per_member",
        "npv_total",
        "migration_cost_per_member",
        "incremental_margin_per_member_month",
        "pv_per_member",
        "public_margin_per_member_month",
        "public_ad_cost_per_repeat_order",
    )
}
# A null output must come with one of these notes. "beyond_range" is listed only
# where a quotient or product can exceed a double for some allowed input.
NULL_REASONS: dict[str, set[str]] = {
    **_ANY_POOL_OUTPUT_MAY_OVERFLOW,
    "roi": {"free_migration", "beyond_range"},
    "payback_months": {"never_pays_back", "beyond_range"},
    "discounted_payback_months": {"never_pays_back", "beyond_range"},
    "breakeven_public_orders_per_month": {"no_breakeven_public_orders", "beyond_range"},
    "private_opex_per_order": {"no_private_orders", "beyond_range"},
}
# A spec note appears exactly when these outputs are null for its reason.
NOTE_NULLS: dict[str, tuple[str, ...]] = {
    "never_pays_back": ("discounted_payback_months",),  # the undiscounted one may still exist
    "no_breakeven_public_orders": ("breakeven_public_orders_per_month",),
    "free_migration": ("roi",),
    "no_private_orders": ("private_opex_per_order",),
}
# Null without a note: not applicable, as no retention curve is fitted (fewer than two points).
NULL_WHEN_NOT_FITTED = ("sbg_alpha", "sbg_beta", "fit_rmse_pp")


def check(result: dict[str, Any], codes: set[str]) -> None:
    v, out = result["inputs"], result["outputs"]
    curve = check_fit(result, codes)
    s = simulate_pool_migration(v, curve)
    aov, gm = v["aov"], v["gross_margin"] / 100
    fees = v["private_discount"] / 100 + v["payment_fee"] / 100 + v["platform_fee"] / 100
    private_scale = v["private_orders_per_month"] * aov * (gm + fees) + v["opex_per_member_month"]
    public_scale = v["public_orders_per_month"] * (aov * (gm + v["platform_fee"] / 100) + s["ad_per_repeat_order"])
    delta_scale = private_scale + public_scale
    npv_scale = delta_scale * s["weights"] + s["cost"]

    def agree(key: str, expected: float, scale: float = 0.0) -> None:
        actual = out[key]
        if actual is None or not (finite(expected) and finite(scale)):
            return  # overflow: the contract check has already asked for the note
        assert close(actual, expected, scale), (key, actual, expected)

    agree("members", s["members"])
    agree("migration_cost_per_member", s["cost"])
    agree("total_migration_cost", s["total_cost"])
    agree("private_margin_per_member_month", s["private_month"], private_scale)
    agree("public_margin_per_member_month", s["public_month"], public_scale)
    agree("incremental_margin_per_member_month", s["increment"], delta_scale)
    agree("public_ad_cost_per_repeat_order", s["ad_per_repeat_order"])
    agree("pv_per_member", s["pv"], delta_scale * s["weights"])
    agree("npv_per_member", s["npv"], npv_scale)
    agree("npv_total", s["members"] * s["npv"], s["members"] * npv_scale)
    if s["cost"] > NORMAL:
        agree("roi", s["npv"] / s["cost"] * 100, npv_scale / s["cost"] * 100)
    if v["private_orders_per_month"] > NORMAL:
        agree("private_opex_per_order", v["opex_per_member_month"] / v["private_orders_per_month"])
    elif v["private_orders_per_month"] == 0:
        assert out["private_opex_per_order"] is None and "no_private_orders" in codes
    cost, delta = out["migration_cost_per_member"], out["incremental_margin_per_member_month"]
    null_exactly_when(out["roi"], cost == 0, codes)
    if curve is not None and cost is not None and delta is not None and "beyond_range" not in codes:
        scale = (delta_scale + s["cost"]) * 1200
        check_summed_payback(out["payback_months"], cost, delta, s["plain_totals"], scale)
        check_summed_payback(out["discounted_payback_months"], cost, delta, s["discounted_totals"], scale)
    elif cost is not None and delta is not None and "beyond_range" not in codes:
        check_payback(out["payback_months"], cost, delta, 1 - s["churn"], v["monthly_churn"] > 0)
        rounded = v["monthly_churn"] > 0 or v["annual_discount_rate"] > 0
        check_payback(out["discounted_payback_months"], cost, delta, s["discounted_factor"], rounded)
    # The floor: a re-reach ad that loses money is not bought (spec v2).
    paid = v["paid_reach_share"] > 0 and v["public_orders_per_month"] > 0
    if paid and abs(aov * (gm - v["platform_fee"] / 100) - aov / v["roas"]) > 1e-9 * aov:
        assert ("unprofitable_paid_reach" in codes) == (not s["buys_ads"])
    horizon = v["horizon_months"]
    paybacks = (out["payback_months"], out["discounted_payback_months"])
    if "beyond_range" not in codes:
        assert ("payback_beyond_horizon" in codes) == any(p is not None and p > horizon for p in paybacks)
    breakeven = out["breakeven_public_orders_per_month"]
    if breakeven is not None and "beyond_range" not in codes and finite(s["public_per_order"]):
        assert 0 <= breakeven <= 100
        # At the break-even the NPV is zero: the NPV with those orders, walked month by month.
        at = simulate_pool_migration({**v, "public_orders_per_month": breakeven}, curve)
        assert close(at["npv"], 0.0, npv_scale + s["weights"] * breakeven * abs(s["public_per_order"]) * 10)
    series = result["series"]
    if "beyond_range" in codes and not series["month"]:
        assert all(points == [] for points in series.values())
        return
    horizon = v["horizon_months"]
    assert series["month"] == [float(t) for t in range(1, horizon + 1)]
    assert series["cumulative_net_value"][-1] == out["npv_per_member"]
    for key, expected, scale in (
        ("cumulative_net_value", s["net"], npv_scale),
        (
            "public_reach_cost",
            s["public_curve"],
            v["public_orders_per_month"] * s["ad_per_repeat_order"] * s["weights"],
        ),
        ("private_reach_cost", s["private_curve"], s["cost"] + v["opex_per_member_month"] * s["weights"]),
    ):
        assert len(series[key]) == horizon
        assert all(close(x, y, scale) for x, y in zip(series[key], expected, strict=True)), key
