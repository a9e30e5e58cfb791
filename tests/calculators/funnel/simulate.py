"""The funnel model told step by step, without its closed forms (see tests/calculators/simulate.py)."""

from __future__ import annotations

from collections.abc import Mapping


def simulate_funnel(v: Mapping[str, float]) -> dict[str, object]:
    """Each generation goes down the funnel; its retained users invite the next one.

    With no market limit every count is proportional to the visitors, so one visitor is
    followed and the totals are scaled at the end (a denormal visitor count would otherwise
    underflow to zero in the first generation). With a market of N people, an invitation
    lands on someone new only with the chance (1 - A/N) that they have not come in yet,
    and no more than the N - A people left can join.
    """
    a, r, p = v["activation_rate"] / 100.0, v["retention_rate"] / 100.0, v["purchase_rate"] / 100.0
    conversion = v["invite_conversion"] / 100.0
    market = float(v.get("market_size", 0))
    visitors = float(v["visitors"])
    generation = visitors if market > 0 else 1.0
    total = 0.0
    sizes, buyers = [], []
    for _ in range(int(v["viral_cycles"]) + 1):
        sizes.append(generation)
        total += generation
        activated = generation * a
        retained = activated * r
        buyers.append(retained * p)
        joined = retained * v["invites_per_retained"] * conversion
        generation = max(0.0, min(market - total, joined * (1 - total / market))) if market > 0 else joined
    scale = 1.0 if market > 0 else visitors
    acquired = scale * sum(sizes)
    referred = scale * sum(sizes[1:])
    buyer_count = scale * sum(buyers)
    revenue = buyer_count * v["revenue_per_buyer"]
    gross_profit = revenue * (v["gross_margin"] / 100.0)
    spend = visitors * v["cost_per_visitor"]
    rewards = referred * v["referral_reward"]
    return {
        "acquired": acquired,
        "referred": referred,
        "activated": acquired * a,
        "retained": acquired * a * r,
        "buyers": buyer_count,
        "gross_profit": gross_profit,
        "referral_cost": rewards,
        "profit": gross_profit - spend - rewards,
        "sizes": [scale * n for n in sizes],
        "buyers_by_generation": [scale * b for b in buyers],
    }
