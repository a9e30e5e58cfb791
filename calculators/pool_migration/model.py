"""pool_migration — moving customers from a public pool into a private one.

calculators-spec.md, `pool_migration`; the model of anchors_calculators.md §5.
Per member who joins, the private pool earns ``u_priv`` a month, while the
same person left on the platform would have earned ``u_pub`` (the stated
counterfactual, after the paid ads some of those repeat orders need). Members
who leave fall back to public behaviour, so they add nothing either way: the
increment ``Δ = u_priv - u_pub`` runs only while a member stays, weighted by
``q^t``, ``q = (1-b)/(1+d)``.

Series (``month`` = 1 … H, the point after month t's cash flow):

- ``cumulative_net_value``: ``-M + Δ·G(q, t+1)``; its last point equals
  ``npv_per_member`` exactly.
- ``public_reach_cost``: the paid re-reach a public-pool customer needs,
  ``f_pub·s·aov/roas`` a month ("pay n times").
- ``private_reach_cost``: ``M`` once, then ``opex_per_member_month`` a month
  ("pay once").

All three are per member who joined and use the same weights as the NPV: a
month counts only while the member stays (survival ``(1-b)^t``, since a member
who leaves reverts to the public pool in both worlds) and is discounted at
``d``, so each month adds ``cost·q^t``. The curves are present values on the
same scale as ``npv_per_member``.

Magnitudes: with every field at its bound the figures stay below about 1e23,
except where a divisor is a tiny positive rate: ``cost_per_exposure / a`` with
an add rate far below 1e-290 %, or ``aov / roas`` with a ROAS that small.
``core.finite_result`` turns such an overflow into null with the
``beyond_range`` note (and empties the series) rather than report Infinity.
"""

from __future__ import annotations

from collections.abc import Mapping

from calculators.core import Calculator, Field, Note, Number, Output, OutputValue, Result, Text
from calculators.finance import churn_adjusted_payback, geometric_sums, monthly_rate

MONEY_MAX = 1e9
COUNT_MAX = 1e12
ROAS_MAX = 1000.0

FIELDS = (
    Field(
        "cohort_size",
        "count",
        100000,
        0,
        COUNT_MAX,
        Text("Public-pool customers shown the offer", "看到邀请的公域客户数"),
        Text(
            "Platform customers who see your invitation to join, for example every order shipped with a parcel card.",
            "看到加微或入群邀请的平台客户数，比如每一个附了包裹卡的订单。",
        ),
    ),
    Field(
        "add_rate",
        "percent",
        10,
        0,
        100,
        Text("Add rate", "加微率"),
        Text(
            "Of those shown the offer, the share who add your WeCom account or join the group.",
            "看到邀请的人里，最终加了企业微信或进了群的比例。",
        ),
        min_inclusive=False,
    ),
    Field(
        "incentive_per_member",
        "money",
        1.5,
        0,
        MONEY_MAX,
        Text("Joining reward per member", "每位会员的入群奖励"),
        Text(
            "The red packet or coupon you pay each person who joins.",
            "给每位加进来的人发的红包或优惠券金额。",
        ),
    ),
    Field(
        "cost_per_exposure",
        "money",
        0.2,
        0,
        MONEY_MAX,
        Text("Cost per exposure", "单次展示成本"),
        Text(
            "What it costs to show the offer once, such as printing one parcel card; you pay it for everyone"
            " shown, whether they join or not.",
            "把邀请展示一次的成本，比如印一张包裹卡；不管对方加没加，这笔钱都得花。",
        ),
    ),
    Field(
        "aov",
        "money",
        80,
        0,
        MONEY_MAX,
        Text("Average order value", "客单价"),
        Text(
            "What one order is worth on average; the model uses the same figure in both pools.",
            "一笔订单的平均金额；公域、私域按同一个数算。",
        ),
    ),
    Field(
        "gross_margin",
        "percent",
        65,
        0,
        100,
        Text("Gross margin", "毛利率"),
        Text(
            "The share of the order value left after the cost of the goods.",
            "订单金额扣掉商品成本后剩下的比例。",
        ),
    ),
    Field(
        "payment_fee",
        "percent",
        0.6,
        0,
        100,
        Text("Payment fee on private orders", "私域订单支付费率"),
        Text(
            "What the payment channel keeps from an order placed in your own channel; WeChat Pay usually"
            " takes about 0.6 %.",
            "私域成交时支付通道扣的费率，微信支付一般在 0.6% 左右。",
        ),
    ),
    Field(
        "platform_fee",
        "percent",
        5,
        0,
        100,
        Text("Platform commission on public orders", "公域订单平台扣点"),
        Text(
            "What the marketplace keeps from each order placed there: commission, service fees and payment.",
            "在平台成交时被平台拿走的比例，佣金、技术服务费、支付费都算上。",
        ),
    ),
    Field(
        "private_orders_per_month",
        "number",
        0.15,
        0,
        100,
        Text("Private orders per member per month", "私域会员月均下单次数"),
        Text(
            "How often a member who is still with you orders through your own channel; 0.15 is about one"
            " order every seven months.",
            "还留在私域的会员平均每月在你自己的渠道下几单；0.15 大约是 7 个月一单。",
        ),
    ),
    Field(
        "public_orders_per_month",
        "number",
        0.08,
        0,
        100,
        Text("Orders they would place anyway", "不加私域也会下的月均单数"),
        Text(
            "How often the same person would still buy from you on the platform if you never brought them"
            " in; be honest, the whole case rests on this.",
            "假如不把这个人拉进私域，他在平台上本来每月也会下几单；这是对照基准，要实事求是，整个测算都押在这个数上。",
        ),
    ),
    Field(
        "paid_reach_share",
        "percent",
        50,
        0,
        100,
        Text("Repeat orders that need a paid ad", "需要花钱再触达的复购占比"),
        Text(
            "Of those platform repeat orders, the share that only happen because you pay for an ad to reach"
            " the customer again.",
            "平台上的这些复购里，得再花钱投广告才拿得回来的比例。",
        ),
    ),
    Field(
        "roas",
        "ratio",
        3,
        0,
        ROAS_MAX,
        Text("ROAS of re-reach ads", "再触达投放 ROAS"),
        Text(
            "Sales each yuan of those re-reach ads brings back; 3 means 3 yuan of sales per yuan of ads.",
            "为拉复购再投广告时，每花 1 元带回的成交额；3 就是花 1 元卖 3 元。",
        ),
        min_inclusive=False,
    ),
    Field(
        "opex_per_member_month",
        "money",
        0.6,
        0,
        MONEY_MAX,
        Text("Running cost per member per month", "每位会员每月运营成本"),
        Text(
            "Staff, SCRM seats and WeCom fees for the private pool, divided by members, per month.",
            "运营人员、SCRM 账号、企业微信费用，摊到每位会员每月是多少钱。",
        ),
    ),
    Field(
        "monthly_churn",
        "percent",
        5,
        0,
        100,
        Text("Monthly member loss", "会员月流失率"),
        Text(
            "The share of members who delete you, block you or mute the group each month; they go back to"
            " buying like public-pool customers.",
            "每月删好友、拉黑或屏蔽群的会员比例；流失的人重新变回普通的公域客户。",
        ),
        max_inclusive=False,
    ),
    Field(
        "annual_discount_rate",
        "percent",
        12,
        0,
        100,
        Text("Annual discount rate", "年折现率"),
        Text(
            "Your cost of capital: money next year is worth this much less than money today.",
            "资金成本：明年的一元钱比今天的一元钱少值这么多。",
        ),
    ),
    Field(
        "horizon_months",
        "months",
        36,
        1,
        600,
        Text("Horizon", "计算期"),
        Text(
            "How many months of extra margin to count; anything after that is ignored.",
            "计入多少个月的增量毛利；超出这段时间的不算。",
        ),
        integer=True,
    ),
)

OUTPUTS = (
    Output("npv_per_member", "money", Text("Net present value per member", "每位会员的净现值")),
    Output("npv_total", "money", Text("Net present value of the cohort", "整批会员的净现值")),
    Output("roi", "percent", Text("Return on migration cost", "引流投入回报率")),
    Output("payback_months", "months", Text("Payback (churn-adjusted)", "回本周期（计流失）")),
    Output("migration_cost_per_member", "money", Text("Cost to bring in one member", "单个会员的引流成本")),
    Output(
        "incremental_margin_per_member_month",
        "money",
        Text("Extra margin per member per month", "每位会员每月的增量毛利"),
    ),
    Output("pv_per_member", "money", Text("Present value of the extra margin", "增量毛利现值（每位会员）")),
    Output("members", "count", Text("Members who join", "加进来的会员数")),
    Output("total_migration_cost", "money", Text("Total migration cost", "引流总成本")),
    Output(
        "private_margin_per_member_month",
        "money",
        Text("Private-pool margin per member per month", "私域每位会员每月毛利"),
    ),
    Output(
        "public_margin_per_member_month",
        "money",
        Text("Public-pool margin they would bring anyway", "留在公域本来就有的月毛利"),
    ),
    Output(
        "public_ad_cost_per_repeat_order",
        "money",
        Text("Ad cost per public repeat order", "公域每笔复购的广告费"),
    ),
    Output(
        "private_opex_per_order",
        "money",
        Text("Running cost per private order", "私域每单分摊的运营成本"),
    ),
)

FREE_MIGRATION = Note(
    "free_migration",
    "Bringing a member in costs nothing here, so the return on that cost has no finite value.",
    "这里拉一位会员进私域不花钱，投入回报率没有有限值。",
)
NEVER_PAYS_BACK = Note(
    "never_pays_back",
    "The extra margin never adds up to the cost of bringing a member in: either the private pool earns no"
    " more than the public one would, or members leave too fast.",
    "增量毛利累计起来永远收不回引流成本：要么私域并不比公域多赚，要么会员流失得太快。",
)
NO_PRIVATE_ORDERS = Note(
    "no_private_orders",
    "Members place no orders in the private pool, so there is no running cost per order.",
    "会员在私域里不下单，算不出每单分摊的运营成本。",
)


def compute(v: Mapping[str, Number]) -> Result:
    horizon = int(v["horizon_months"])
    cohort = float(v["cohort_size"])
    add = v["add_rate"] / 100
    aov = float(v["aov"])
    margin = v["gross_margin"] / 100
    f_priv, f_pub = float(v["private_orders_per_month"]), float(v["public_orders_per_month"])
    opex = float(v["opex_per_member_month"])
    churn = v["monthly_churn"] / 100
    q = (1 - churn) / (1 + monthly_rate(v["annual_discount_rate"]))

    members = cohort * add
    # cost_per_exposure / a, with a = add_rate/100 written so that a tiny add rate cannot
    # underflow to a zero divisor (it overflows to inf instead, which finite_result reports).
    migration_cost = v["incentive_per_member"] + v["cost_per_exposure"] * 100 / v["add_rate"]
    total_cost = cohort * v["cost_per_exposure"] + members * v["incentive_per_member"]
    u_priv = f_priv * aov * (margin - v["payment_fee"] / 100) - opex
    # s·aov/roas, with aov/roas first so that a tiny AOV over a tiny ROAS does not underflow to 0;
    # no paid share means no ad cost even when aov/roas is beyond a double.
    paid_share = v["paid_reach_share"] / 100
    ad_cost = aov / v["roas"] * paid_share if paid_share > 0 else 0.0
    u_pub = f_pub * (aov * (margin - v["platform_fee"] / 100) - ad_cost) if f_pub > 0 else 0.0
    delta = u_priv - u_pub
    weights = geometric_sums(q, horizon)  # G(q, t+1) for t = 0 … H-1
    pv = delta * weights[-1]
    npv = pv - migration_cost

    notes: list[Note] = []
    roi = npv / migration_cost * 100 if migration_cost > 0 else None
    if roi is None:
        notes.append(FREE_MIGRATION)
    payback = churn_adjusted_payback(migration_cost, delta, churn)
    if payback is None:
        notes.append(NEVER_PAYS_BACK)
    opex_per_order = opex / f_priv if f_priv > 0 else None
    if opex_per_order is None:
        notes.append(NO_PRIVATE_ORDERS)

    outputs: dict[str, OutputValue] = {
        "npv_per_member": npv,
        "npv_total": members * npv,
        "roi": roi,
        "payback_months": payback,
        "migration_cost_per_member": migration_cost,
        "incremental_margin_per_member_month": delta,
        "pv_per_member": pv,
        "members": members,
        "total_migration_cost": total_cost,
        "private_margin_per_member_month": u_priv,
        "public_margin_per_member_month": u_pub,
        "public_ad_cost_per_repeat_order": ad_cost,
        "private_opex_per_order": opex_per_order,
    }

    public_per_month = f_pub * ad_cost if f_pub > 0 else 0.0
    series = {
        "month": [float(t + 1) for t in range(horizon)],
        "cumulative_net_value": [-migration_cost + delta * g for g in weights],
        "public_reach_cost": [public_per_month * g for g in weights],
        "private_reach_cost": [migration_cost + opex * g for g in weights],
    }
    return Result(outputs, notes, series)


CALCULATOR = Calculator(
    name="pool_migration",
    title=Text("Public-to-private pool migration ROI", "公域转私域引流回报"),
    question=Text("Does moving platform buyers into your own pool pay?", "把平台买家搬进自己的池子划不划算？"),
    fields=FIELDS,
    outputs=OUTPUTS,
    compute=compute,
)
