"""Month-by-month and generation-by-generation simulations of the three models.

Written from calculators-spec.md without importing calculators.finance or the
models: no closed forms, no geometric sums, only the story told step by step.
The property tests check the package's closed forms against these.
"""

from __future__ import annotations

from collections.abc import Mapping


def monthly_discount_factor(annual_percent: float) -> float:
    """1/(1+d): what a yuan one month from now is worth today."""
    return 1.0 / (1.0 + annual_percent / 100.0) ** (1.0 / 12.0)


def cumulative_margin(per_month: float, churn: float, months: int) -> list[float]:
    """Undiscounted margin collected by the end of month 1, 2, …, months (index 0 = 0 months)."""
    totals, total, alive = [0.0], 0.0, 1.0
    for _ in range(months):
        total += per_month * alive  # the customer is still there with probability (1-c)^t
        alive *= 1.0 - churn
        totals.append(total)
    return totals


def simulate_ltv_cac(v: Mapping[str, float]) -> dict[str, object]:
    margin = v["arpu"] * (v["gross_margin"] / 100.0)
    churn = v["monthly_churn"] / 100.0
    factor = monthly_discount_factor(v["annual_discount_rate"])
    alive, discount, value, lifetime = 1.0, 1.0, 0.0, 0.0
    running = []
    for _ in range(int(v["horizon_months"])):
        value += margin * alive * discount  # cash at the start of the month
        lifetime += alive
        running.append(value)
        alive *= 1.0 - churn
        discount *= factor
    return {"margin": margin, "churn": churn, "ltv": value, "lifetime": lifetime, "running": running}


def simulate_funnel(v: Mapping[str, float]) -> dict[str, object]:
    """Each generation goes down the funnel; its retained users invite the next one.

    Every count is proportional to the visitors, so one visitor is followed and the
    totals are scaled at the end (a denormal visitor count would otherwise underflow
    to zero in the first generation).
    """
    a, r, p = v["activation_rate"] / 100.0, v["retention_rate"] / 100.0, v["purchase_rate"] / 100.0
    conversion = v["invite_conversion"] / 100.0
    generation = 1.0
    sizes, buyers = [], []
    for _ in range(int(v["viral_cycles"]) + 1):
        sizes.append(generation)
        activated = generation * a
        retained = activated * r
        buyers.append(retained * p)
        invitations = retained * v["invites_per_retained"]
        generation = invitations * conversion
    visitors = float(v["visitors"])
    acquired = visitors * sum(sizes)
    return {
        "acquired": acquired,
        "referred": visitors * sum(sizes[1:]),
        "activated": acquired * a,
        "retained": acquired * a * r,
        "buyers": visitors * sum(buyers),
        "sizes": [visitors * n for n in sizes],
        "buyers_by_generation": [visitors * b for b in buyers],
    }


def simulate_pool_migration(v: Mapping[str, float]) -> dict[str, object]:
    """One member who joined, month by month, against the same person left on the platform."""
    a = v["add_rate"] / 100.0
    shown_per_member = 100.0 / v["add_rate"]  # people shown the card for each who joins
    exposures = v["cost_per_exposure"] * shown_per_member if v["cost_per_exposure"] > 0 else 0.0
    cost = v["incentive_per_member"] + exposures
    aov = v["aov"]
    gm = v["gross_margin"] / 100.0
    # Private pool: every order keeps the margin minus the payment fee; staff cost every month.
    private_order = aov * gm - aov * v["payment_fee"] / 100.0
    private_month = v["private_orders_per_month"] * private_order - v["opex_per_member_month"]
    # Public pool: the platform takes its fee on every order, and a share of orders needs an ad.
    ad_per_paid_order = aov / v["roas"]
    public_order = aov * gm - aov * v["platform_fee"] / 100.0
    share_paid = v["paid_reach_share"] / 100.0
    paid_orders = v["public_orders_per_month"] * share_paid
    ads_per_month = paid_orders * ad_per_paid_order if paid_orders > 0 else 0.0  # no paid orders, no ads
    public_month = v["public_orders_per_month"] * public_order - ads_per_month
    increment = private_month - public_month
    churn = v["monthly_churn"] / 100.0
    factor = monthly_discount_factor(v["annual_discount_rate"])
    alive, discount = 1.0, 1.0
    pv, public_cost, opex_total, weights = 0.0, 0.0, 0.0, 0.0
    net, public_curve, private_curve = [], [], []
    for _ in range(int(v["horizon_months"])):
        weight = alive * discount
        weights += weight
        pv += increment * weight
        public_cost += ads_per_month * weight
        opex_total += v["opex_per_member_month"] * weight
        net.append(pv - cost)
        public_curve.append(public_cost)
        private_curve.append(cost + opex_total)
        alive *= 1.0 - churn
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
        "weights": weights,
        "net": net,
        "public_curve": public_curve,
        "private_curve": private_curve,
    }
