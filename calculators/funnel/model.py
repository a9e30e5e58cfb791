"""funnel — AARRR funnel with a referral loop (calculators-spec.md, `funnel`).

Paid visitors enter at Acquisition; a share activates (adds the WeCom account,
joins the group), a share of those is still there after 30 days, a share of
those buys. Each retained user sends invitations; the accepted ones re-enter at
Acquisition at no paid cost. With ``K = a·r·i·v`` new acquired users per
acquired user, generation ``g`` holds ``visitors·K^g`` people, and counting
generations 0 … viral_cycles gives ``acquired = visitors·S``, ``S = G(K, n+1)``.

Series:

- ``stage`` (0 … 3, the x axis) with ``stage_counts``: acquired, activated,
  retained, buyers (the order of ``STAGES``; each stage's label is the label of
  the output with the same key).
- ``generation`` (0 … viral_cycles) with ``acquired_by_generation`` and
  ``buyers_by_generation``; these sum to ``acquired`` and ``buyers``.

Magnitudes: K ≤ 100 and at most 50 referral rounds, so the largest count is
about 1e12·1e100·1.01 and the largest revenue about 1e121, far inside a
double. Only the two quotients (cost per buyer, revenue to spend) can exceed
it, when a divisor is a denormal-sized count; ``core.finite_result`` then
reports them as null with the ``beyond_range`` note.
"""

from __future__ import annotations

from collections.abc import Mapping

from calculators.core import Calculator, Field, Note, Number, Output, OutputValue, Result, Text
from calculators.finance import geometric_sum

MONEY_MAX = 1e9
COUNT_MAX = 1e12
LIFT_PP = 5.0  # the what-if outputs raise one rate by this many percentage points

STAGES = ("acquired", "activated", "retained", "buyers")

FIELDS = (
    Field(
        "visitors",
        "count",
        10000,
        0,
        COUNT_MAX,
        Text("Visitors reached (public pool)", "公域触达人数"),
        Text(
            "How many people your paid campaign reaches on the platform: ad clicks, live-stream viewers,"
            " buyers who get a parcel card.",
            "投放在平台上实际触达的人数，比如广告点击、直播间观众、收到包裹卡的买家。",
        ),
    ),
    Field(
        "cost_per_visitor",
        "money",
        2,
        0,
        MONEY_MAX,
        Text("Cost per visitor", "单个访客成本"),
        Text(
            "What you pay to reach one of them: the campaign's spend divided by the people it reached.",
            "触达一个人要付的钱，即这次投放的花费除以触达人数。",
        ),
    ),
    Field(
        "activation_rate",
        "percent",
        20,
        0,
        100,
        Text("Activation rate (add / join)", "激活率（加微/进群）"),
        Text(
            "Of everyone who comes in, the share who take the first step: add your WeCom account or join the group.",
            "进来的人里迈出第一步的比例：加了企业微信好友，或者进了群。",
        ),
    ),
    Field(
        "retention_rate",
        "percent",
        40,
        0,
        100,
        Text("30-day retention", "30 天留存率"),
        Text(
            "Of those who took that step, the share still there 30 days later: not deleted, blocked or muted.",
            "加进来的人里，30 天后还在的比例：没删好友、没拉黑、没屏蔽。",
        ),
    ),
    Field(
        "purchase_rate",
        "percent",
        25,
        0,
        100,
        Text("Purchase rate", "购买转化率"),
        Text(
            "Of those still there, the share who place at least one order in the period.",
            "留下来的人里，在这段时间内至少下过一单的比例。",
        ),
    ),
    Field(
        "revenue_per_buyer",
        "money",
        150,
        0,
        MONEY_MAX,
        Text("Revenue per buyer", "每位购买者收入"),
        Text(
            "What one buyer spends in the period, all orders together.",
            "一位购买者在这段时间内的消费总额，所有订单合计。",
        ),
    ),
    Field(
        "invites_per_retained",
        "number",
        2,
        0,
        100,
        Text("Invites per retained user", "每位留存用户的邀请数"),
        Text(
            "How many people each user who stayed invites on average: a shared poster, a forwarded group"
            " code, a referral coupon.",
            "每位留下来的用户平均邀请几个人，比如转发海报、分享群二维码、送出邀请券。",
        ),
    ),
    Field(
        "invite_conversion",
        "percent",
        10,
        0,
        100,
        Text("Invite conversion", "邀请转化率"),
        Text(
            "The share of invitations that bring in a new user, who then goes down the same funnel"
            " without any ad spend.",
            "收到邀请后真正进来的比例；这些新人不花投放费，同样走一遍这条漏斗。",
        ),
    ),
    Field(
        "viral_cycles",
        "number",
        6,
        0,
        50,
        Text("Referral rounds", "裂变轮数"),
        Text(
            "How many rounds of friends inviting friends to count; 0 leaves referrals out.",
            "计算几轮“老带新、新再带新”；填 0 表示不计裂变。",
        ),
        integer=True,
    ),
)

STEPS = {
    "activation": Text("Activation (add / join)", "激活（加微/进群）"),
    "retention": Text("30-day retention", "30 天留存"),
    "purchase": Text("Purchase", "购买转化"),
}

OUTPUTS = (
    Output("buyers", "count", Text("Buyers", "购买人数")),
    Output("revenue", "money", Text("Revenue", "收入")),
    Output("cost_per_buyer", "money", Text("Paid cost per buyer", "单个购买者的投放成本")),
    Output("revenue_to_spend", "ratio", Text("Revenue per yuan of ad spend", "投放回报（收入 ÷ 投放花费）")),
    Output("acquisition_spend", "money", Text("Paid acquisition spend", "投放花费")),
    Output("acquired", "count", Text("Acquired (paid + referred)", "获客总数（投放 + 裂变）")),
    Output("referred", "count", Text("Of whom referred", "其中裂变带来")),
    Output("activated", "count", Text("Activated", "激活人数")),
    Output("retained", "count", Text("Retained at 30 days", "30 天留存人数")),
    Output("overall_conversion", "percent", Text("Acquired to buyer", "整体转化率（获客 → 购买）")),
    Output("weakest_step", "category", Text("Weakest step", "最薄弱环节"), STEPS),
    Output(
        "buyers_if_activation_plus_5pp",
        "count",
        Text("Buyers if activation +5 pp", "激活率提高 5 个百分点时的购买人数"),
    ),
    Output(
        "buyers_if_retention_plus_5pp",
        "count",
        Text("Buyers if retention +5 pp", "留存率提高 5 个百分点时的购买人数"),
    ),
    Output(
        "buyers_if_purchase_plus_5pp",
        "count",
        Text("Buyers if purchase rate +5 pp", "购买转化率提高 5 个百分点时的购买人数"),
    ),
    Output("k_factor", "number", Text("Viral coefficient K", "裂变系数 K")),
    Output(
        "viral_amplification_limit",
        "ratio",
        Text("Referral multiplier, long-run limit", "裂变放大倍数上限"),
    ),
)

SELF_SUSTAINING_REFERRAL = Note(
    "self_sustaining_referral",
    "K is 1 or more: every user brings in at least one more, so referral alone keeps the funnel growing"
    " and the multiplier has no limit. The counts stop at the referral rounds you chose; in practice the"
    " ceiling is the size of your market.",
    "K 不小于 1：每进来一个人至少再带来一个人，光靠裂变就能一直增长，放大倍数没有上限。"
    "这里只算到你设定的裂变轮数；现实中的天花板是目标人群的规模。",
)
NO_BUYERS = Note(
    "no_buyers",
    "Nobody buys, so there is no cost per buyer.",
    "没有人购买，算不出单个购买者的投放成本。",
)
NOBODY_ACQUIRED = Note(
    "nobody_acquired",
    "Nobody enters the funnel, so there is no overall conversion rate.",
    "没有人进入漏斗，整体转化率无从谈起。",
)
NO_SPEND = Note(
    "no_spend",
    "Nothing is spent on paid acquisition, so revenue per yuan of spend has no finite value.",
    "投放花费为零，收入与花费之比没有有限值。",
)


def k_factor(a: float, r: float, invites: float, conversion: float) -> float:
    """New acquired users per acquired user (all rates as fractions)."""
    return a * r * invites * conversion


def buyers(visitors: float, a: float, r: float, p: float, invites: float, conversion: float, cycles: int) -> float:
    """visitors·G(K, cycles+1)·a·r·p, multiplied in the order the stage counts use."""
    reach = geometric_sum(k_factor(a, r, invites, conversion), cycles + 1)
    return visitors * reach * a * r * p


def weakest_step(activation: float, retention: float, purchase: float) -> str:
    """The lowest of the three rates; the earliest step wins a tie."""
    steps = (("activation", activation), ("retention", retention), ("purchase", purchase))
    name, lowest = steps[0]
    for step, rate in steps[1:]:
        if rate < lowest:
            name, lowest = step, rate
    return name


def compute(v: Mapping[str, Number]) -> Result:
    visitors = float(v["visitors"])
    activation_pct = v["activation_rate"]
    retention_pct = v["retention_rate"]
    purchase_pct = v["purchase_rate"]
    a, r, p = activation_pct / 100, retention_pct / 100, purchase_pct / 100
    invites = float(v["invites_per_retained"])
    conversion = v["invite_conversion"] / 100
    cycles = int(v["viral_cycles"])

    k = k_factor(a, r, invites, conversion)
    acquired = visitors * geometric_sum(k, cycles + 1)
    # Σ_{g=1..n} K^g written as K·G(K, n): the same as acquired - visitors, without the
    # cancellation that subtraction suffers when K is tiny.
    referred = visitors * k * geometric_sum(k, cycles)
    activated = acquired * a
    retained = activated * r
    buyer_count = retained * p
    revenue = buyer_count * v["revenue_per_buyer"]
    spend = visitors * v["cost_per_visitor"]

    notes: list[Note] = []
    limit = 1 / (1 - k) if k < 1 else None
    if limit is None:
        notes.append(SELF_SUSTAINING_REFERRAL)
    cost_per_buyer = spend / buyer_count if buyer_count > 0 else None
    if cost_per_buyer is None:
        notes.append(NO_BUYERS)
    overall = a * r * p * 100 if acquired > 0 else None  # buyers / acquired, free of underflow
    if overall is None:
        notes.append(NOBODY_ACQUIRED)
    revenue_to_spend = revenue / spend if spend > 0 else None
    if revenue_to_spend is None:
        notes.append(NO_SPEND)

    def lifted(percent: float) -> float:
        return min(percent + LIFT_PP, 100.0) / 100

    referral = (invites, conversion, cycles)

    outputs: dict[str, OutputValue] = {
        "buyers": buyer_count,
        "revenue": revenue,
        "cost_per_buyer": cost_per_buyer,
        "revenue_to_spend": revenue_to_spend,
        "acquisition_spend": spend,
        "acquired": acquired,
        "referred": referred,
        "activated": activated,
        "retained": retained,
        "overall_conversion": overall,
        "weakest_step": weakest_step(activation_pct, retention_pct, purchase_pct),
        "buyers_if_activation_plus_5pp": buyers(visitors, lifted(activation_pct), r, p, *referral),
        "buyers_if_retention_plus_5pp": buyers(visitors, a, lifted(retention_pct), p, *referral),
        "buyers_if_purchase_plus_5pp": buyers(visitors, a, r, lifted(purchase_pct), *referral),
        "k_factor": k,
        "viral_amplification_limit": limit,
    }

    generation_sizes, size = [], visitors
    for _ in range(cycles + 1):
        generation_sizes.append(size)
        size *= k
    series = {
        "stage": [float(i) for i in range(len(STAGES))],
        "stage_counts": [acquired, activated, retained, buyer_count],
        "generation": [float(g) for g in range(cycles + 1)],
        "acquired_by_generation": generation_sizes,
        "buyers_by_generation": [n * a * r * p for n in generation_sizes],
    }
    return Result(outputs, notes, series)


CALCULATOR = Calculator(
    name="funnel",
    title=Text("AARRR funnel with referral", "AARRR 漏斗与裂变"),
    question=Text(
        "Where does the funnel leak, and what does a referral loop add?", "漏斗漏在哪里，裂变能多带来多少人？"
    ),
    fields=FIELDS,
    outputs=OUTPUTS,
    compute=compute,
)
