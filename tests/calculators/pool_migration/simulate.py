"""The pool_migration model told step by step, without its closed forms (see tests/calculators/simulate.py)."""

from __future__ import annotations

from collections.abc import Mapping

from tests.calculators.simulate import monthly_discount_factor


def simulate_pool_migration(v: Mapping[str, float], curve: tuple[float, float] | None = None) -> dict[str, object]:
    """One member who joined, month by month, against the same person left on the platform.

    ``curve`` = (α, β): who is still there follows the shifted-beta-geometric story instead of one
    churn rate (each month the share left keeps (β+t-1)/(α+β+t-1) of itself), and the first month
    that pays back is looked for over 1,200 months."""
    a = v["add_rate"] / 100.0
    shown_per_member = 100.0 / v["add_rate"]  # people shown the card for each who joins
    exposures = v["cost_per_exposure"] * shown_per_member if v["cost_per_exposure"] > 0 else 0.0
    cost = v["incentive_per_member"] + exposures
    aov = v["aov"]
    gm = v["gross_margin"] / 100.0
    # Private pool: every order keeps the margin minus the member discount and a fee: the payment
    # fee in your own shop, the platform's commission when it checks out in the platform store.
    member_price = aov * gm - aov * v["private_discount"] / 100.0
    in_platform = v["platform_checkout_share"] / 100.0
    own_shop_order = member_price - aov * v["payment_fee"] / 100.0
    platform_order = member_price - aov * v["platform_fee"] / 100.0
    private_order = (1.0 - in_platform) * own_shop_order + in_platform * platform_order
    private_month = v["private_orders_per_month"] * private_order - v["opex_per_member_month"]
    # Public pool: the platform takes its fee on every order, and a share of orders needs an ad,
    # which the seller buys only when the order it brings covers it.
    ad_per_paid_order = aov / v["roas"]
    public_order = aov * gm - aov * v["platform_fee"] / 100.0
    share_paid = v["paid_reach_share"] / 100.0
    buys_ads = public_order - ad_per_paid_order >= 0
    paid_orders = v["public_orders_per_month"] * share_paid if buys_ads else 0.0
    organic_orders = v["public_orders_per_month"] * (1.0 - share_paid)
    ads_per_month = paid_orders * ad_per_paid_order if paid_orders > 0 else 0.0  # no paid orders, no ads
    public_month = (
        (organic_orders + paid_orders) * public_order - ads_per_month if v["public_orders_per_month"] > 0 else 0.0
    )
    increment = private_month - public_month
    churn = v["monthly_churn"] / 100.0
    factor = monthly_discount_factor(v["annual_discount_rate"])
    alive, discount = 1.0, 1.0
    pv, public_cost, opex_total, weights = 0.0, 0.0, 0.0, 0.0
    net, public_curve, private_curve = [], [], []
    months_to_pay_back = None  # the first month whose discounted running total covers the cost
    horizon = int(v["horizon_months"])
    plain_total, plain_totals, discounted_totals = 0.0, [0.0], [0.0]
    for month in range(horizon if curve is None else max(horizon, 1200)):
        plain_total += increment * alive
        plain_totals.append(plain_total)
        discounted_totals.append(discounted_totals[-1] + increment * alive * discount)
        if month >= horizon:
            alive *= (curve[1] + month) / (curve[0] + curve[1] + month) if curve is not None else 1.0
            discount *= factor
            continue
        weight = alive * discount
        weights += weight
        pv += increment * weight
        public_cost += ads_per_month * weight
        opex_total += v["opex_per_member_month"] * weight
        net.append(pv - cost)
        if months_to_pay_back is None and pv >= cost:
            months_to_pay_back = month + 1
        public_curve.append(public_cost)
        private_curve.append(cost + opex_total)
        alive *= 1.0 - churn if curve is None else (curve[1] + month) / (curve[0] + curve[1] + month)
        discount *= factor
    members = v["cohort_size"] * a
    return {
        "members": members,
        "cost": cost,
        "total_cost": v["cohort_size"] * v["cost_per_exposure"] + members * v["incentive_per_member"],
        "private_month": private_month,
        "public_month": public_month,
        "increment": increment,
        "ad_per_repeat_order": ad_per_paid_order * share_paid if share_paid > 0 else 0.0,
        "pv": pv,
        "npv": pv - cost,
        "churn": churn,
        "discounted_factor": (1.0 - churn) * factor,
        "buys_ads": buys_ads,
        "public_per_order": (public_order - share_paid * ad_per_paid_order)
        if buys_ads
        else (1.0 - share_paid) * public_order,
        "months_to_pay_back": months_to_pay_back,
        "weights": weights,
        "plain_totals": plain_totals,  # undiscounted Δ collected by the end of month 0, 1, …
        "discounted_totals": discounted_totals,
        "net": net,
        "public_curve": public_curve,
        "private_curve": private_curve,
    }
