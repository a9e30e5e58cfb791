"""funnel — AARRR funnel with a referral loop (calculators-spec.md, `funnel`).

Paid visitors enter at Acquisition; a share activates (adds the WeCom account,
joins the group), a share of those is still there after 30 days, a share of
those buys. Each retained user sends invitations; the accepted ones re-enter at
Acquisition at no paid cost. With ``K = a·r·i·v`` new acquired users per
acquired user, generation ``g`` holds ``visitors·K^g`` people, and counting
generations 0 … viral_cycles gives ``acquired = visitors·S``, ``S = G(K, n+1)``.
With a ``market_size`` N the generations saturate instead (spec Version 2): each
new one is ``min(N - A, K·n·(1 - A/N))`` after ``A`` people have already come in.
Referred users are not free: ``referral_reward`` is paid for each of them.

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

from calculators.core import Calculator, Constraint, Field, Note, Number, Output, OutputValue, Result, Text
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
        "market_size",
        "count",
        0,
        0,
        COUNT_MAX,
        Text("Market size (0 = no limit)", "目标人群规模（0 表示不设上限）"),
        Text(
            "Everyone a referral could ever reach: the people who might want the product at all. Referral slows"
            " as it runs out of new people, and never brings in more than this. 0 leaves it unlimited.",
            "裂变最多能覆盖的人数，也就是可能需要这个产品的全部人群。越接近上限，新人越难找，裂变随之放缓，"
            "带来的总人数不会超过它。填 0 表示不设上限。",
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
        "gross_margin",
        "percent",
        60,
        0,
        100,
        Text("Gross margin", "毛利率"),
        Text(
            "The share of buyers' revenue left after the cost of the goods: what pays for the ads and rewards.",
            "购买者收入扣除商品成本后剩下的比例，投放费和裂变奖励都要从这里出。",
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
        "referral_reward",
        "money",
        0,
        0,
        MONEY_MAX,
        Text("Reward per referred user", "每位裂变新人的奖励"),
        Text(
            "What each referred newcomer costs in rewards, both sides together: the inviter's red packet or"
            " points and the newcomer's coupon. Usually the main cost of a referral (裂变) campaign.",
            "每带来一位新人付出的奖励，邀请人和新人两头合计：邀请人的红包或积分，加上新人的优惠券。"
            "这通常是裂变活动最主要的成本。",
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
    Output("gross_profit", "money", Text("Gross profit", "毛利")),
    Output(
        "profit_after_acquisition",
        "money",
        Text("Profit after ads and rewards", "扣除投放与奖励后的利润"),
    ),
    Output("cost_per_buyer", "money", Text("Paid cost per buyer", "单个购买者的投放成本")),
    Output(
        "blended_cost_per_buyer",
        "money",
        Text("Cost per buyer, rewards included", "单个购买者的综合获客成本（含奖励）"),
    ),
    Output("revenue_to_spend", "ratio", Text("Revenue per yuan of ad spend", "投放回报（收入 ÷ 投放花费）")),
    Output(
        "breakeven_revenue_to_spend",
        "ratio",
        Text("Break-even revenue per yuan of ad spend", "保本所需的投放回报"),
    ),
    Output("acquisition_spend", "money", Text("Paid acquisition spend", "投放花费")),
    Output("referral_cost", "money", Text("Referral rewards paid", "裂变奖励支出")),
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
    " ceiling is the size of your market, which you can set.",
    "K 不小于 1：每进来一个人至少再带来一个人，光靠裂变就能一直增长，放大倍数没有上限。"
    "这里只算到你设定的裂变轮数；现实中的天花板是目标人群的规模，可以在上面填写。",
)
NO_GROSS_MARGIN = Note(
    "no_gross_margin",
    "With no gross margin no amount of revenue covers the ad spend, so there is no break-even return.",
    "毛利率为零，收入再多也覆盖不了投放费，不存在保本的投放回报。",
)
SPEND_NOT_RECOVERED = Note(
    "spend_not_recovered",
    "The gross profit does not cover what the ads and referral rewards cost: revenue per yuan of spend is"
    " below its break-even of 1 ÷ gross margin (or the rewards tip it over).",
    "毛利抵不过投放费和裂变奖励：投放回报低于保本线（1 ÷ 毛利率），或者奖励支出把利润吃掉了。",
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


def generations(visitors: float, k: float, cycles: int, market: float) -> list[float]:
    """The people each referral generation brings in, generation 0 being the paid visitors.

    No market limit (0): visitors·K^g. With a limit N: n_g = min(N - A, K·n·(1 - A/N)), A being
    everyone acquired so far, so referral slows as the market fills and never passes N.
    """
    sizes, size, total = [visitors], visitors, visitors
    for _ in range(cycles):
        if market > 0:
            size = max(0.0, min(market - total, k * size * (1 - total / market)))
        else:
            size *= k
        sizes.append(size)
        total += size
    return sizes


def reach(visitors: float, k: float, cycles: int, market: float) -> tuple[float, float]:
    """(acquired, referred) over generations 0 … cycles."""
    if market > 0:
        referred = 0.0
        for size in generations(visitors, k, cycles, market)[1:]:
            referred += size  # a plain loop: sum() rounds differently across Python versions
        return visitors + referred, referred
    # Closed forms: Σ_{g=1..n} K^g written as K·G(K, n), the same as acquired - visitors
    # without the cancellation that subtraction suffers when K is tiny.
    return visitors * geometric_sum(k, cycles + 1), visitors * k * geometric_sum(k, cycles)


def buyers(
    visitors: float, a: float, r: float, p: float, invites: float, conversion: float, cycles: int, market: float
) -> float:
    """acquired·a·r·p, multiplied in the order the stage counts use, K recomputed from the rates."""
    acquired, _ = reach(visitors, k_factor(a, r, invites, conversion), cycles, market)
    return acquired * a * r * p


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
    market = float(v["market_size"])
    activation_pct = v["activation_rate"]
    retention_pct = v["retention_rate"]
    purchase_pct = v["purchase_rate"]
    a, r, p = activation_pct / 100, retention_pct / 100, purchase_pct / 100
    invites = float(v["invites_per_retained"])
    conversion = v["invite_conversion"] / 100
    cycles = int(v["viral_cycles"])
    margin = v["gross_margin"] / 100

    k = k_factor(a, r, invites, conversion)
    acquired, referred = reach(visitors, k, cycles, market)
    activated = acquired * a
    retained = activated * r
    buyer_count = retained * p
    revenue = buyer_count * v["revenue_per_buyer"]
    spend = visitors * v["cost_per_visitor"]
    gross_profit = revenue * margin
    referral_cost = referred * v["referral_reward"]
    profit = gross_profit - spend - referral_cost

    notes: list[Note] = []
    limit = 1 / (1 - k) if k < 1 else None
    if limit is None:
        notes.append(SELF_SUSTAINING_REFERRAL)
    cost_per_buyer = spend / buyer_count if buyer_count > 0 else None
    blended = (spend + referral_cost) / buyer_count if buyer_count > 0 else None
    if cost_per_buyer is None:
        notes.append(NO_BUYERS)
    overall = a * r * p * 100 if acquired > 0 else None  # buyers / acquired, free of underflow
    if overall is None:
        notes.append(NOBODY_ACQUIRED)
    revenue_to_spend = revenue / spend if spend > 0 else None
    if revenue_to_spend is None:
        notes.append(NO_SPEND)
    breakeven = 1 / margin if margin > 0 else None
    if breakeven is None:
        notes.append(NO_GROSS_MARGIN)
    if profit < 0:
        notes.append(SPEND_NOT_RECOVERED)

    def lifted(percent: float) -> float:
        return min(percent + LIFT_PP, 100.0) / 100

    referral = (invites, conversion, cycles, market)

    outputs: dict[str, OutputValue] = {
        "buyers": buyer_count,
        "revenue": revenue,
        "gross_profit": gross_profit,
        "profit_after_acquisition": profit,
        "cost_per_buyer": cost_per_buyer,
        "blended_cost_per_buyer": blended,
        "revenue_to_spend": revenue_to_spend,
        "breakeven_revenue_to_spend": breakeven,
        "acquisition_spend": spend,
        "referral_cost": referral_cost,
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

    generation_sizes = generations(visitors, k, cycles, market)
    series = {
        "stage": [float(i) for i in range(len(STAGES))],
        "stage_counts": [acquired, activated, retained, buyer_count],
        "generation": [float(g) for g in range(cycles + 1)],
        "acquired_by_generation": generation_sizes,
        "buyers_by_generation": [n * a * r * p for n in generation_sizes],
    }
    return Result(outputs, notes, series)


CONSTRAINTS = (
    Constraint(
        "market_size",
        lambda v: v["market_size"] == 0 or v["market_size"] >= v["visitors"],
        Text(
            "The market cannot be smaller than the visitors you already reach: raise it, or 0 for no limit",
            "目标人群不能少于已经触达的人数：请调大，或填 0 表示不设上限",
        ),
    ),
)


CALCULATOR = Calculator(
    name="funnel",
    title=Text("AARRR funnel with referral", "AARRR 漏斗与裂变"),
    question=Text(
        "Where does the funnel leak, and what does a referral loop add?", "漏斗漏在哪里，裂变能多带来多少人？"
    ),
    fields=FIELDS,
    outputs=OUTPUTS,
    compute=compute,
    constraints=CONSTRAINTS,
)
