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
from calculators.finance import discounted_growth, geometric_sums, monthly_rate, payback
from calculators.retention import (
    PAYBACK_MONTHS_MAX,
    Fit,
    constant_survival,
    fitted_curve,
    retention_constraints,
    retention_fields,
    retention_notes,
    retention_series,
    summed_payback,
    survival,
)

MONEY_MAX = 1e9
COUNT_MAX = 1e12
ROAS_MAX = 1000.0
WHO = Text("members", "会员")  # who the retention fields count

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
        "private_discount",
        "percent",
        0,
        0,
        100,
        Text("Member discount on private orders", "私域订单的会员优惠"),
        Text(
            "Member prices and coupons on orders placed through the private pool, as a share of the order"
            " value. Members often buy more because they pay less: count what that costs.",
            "私域下单时给会员的专享价和优惠券，占订单金额的比例。会员常常正因为便宜才多买，这部分让利要算进去。",
        ),
    ),
    Field(
        "platform_checkout_share",
        "percent",
        0,
        0,
        100,
        Text("Private orders paid in the platform store", "回平台店铺下单的私域订单占比"),
        Text(
            "Orders the private pool prompts that are still placed in your Tmall or JD store, so they still"
            " pay the platform's commission (a link in the group that opens the store).",
            "由私域促成、但仍在天猫或京东店铺里成交的订单比例，这些订单照样要付平台佣金（比如群里发的是店铺链接）。",
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
            "Sales each yuan of those re-reach ads brings back; 3 means ¥3 of sales per ¥1 of ads.",
            "为拉复购再投广告时，每花一元带回的成交额；3 就是花 ¥1 卖出 ¥3。",
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
            " buying like public-pool customers. At 5% a member stays 20 months on average, but half are"
            " gone by month 13.5.",
            "每月删好友、拉黑或屏蔽群的会员比例；流失的人重新变回普通的公域客户。5% 时会员平均留存 20 个月，"
            "但到第 13.5 个月已流失一半。",
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
    *retention_fields(WHO),
)

OUTPUTS = (
    Output("npv_per_member", "money", Text("Net present value per member", "每位会员的净现值")),
    Output("npv_total", "money", Text("Net present value of the cohort", "整批会员的净现值")),
    Output("roi", "percent", Text("Return on migration cost", "引流投入回报率")),
    Output("payback_months", "months", Text("Payback (churn-adjusted)", "回本周期（计流失）")),
    Output(
        "discounted_payback_months",
        "months",
        Text("Payback (churn-adjusted, discounted)", "回本周期（计流失、折现）"),
    ),
    Output(
        "breakeven_public_orders_per_month",
        "number",
        Text("Break-even: platform orders they would place anyway", "保本点：留在平台本来会下的月订单数"),
    ),
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
    # The fitted retention curve (spec v2); null when fewer than two retention points are given.
    Output("sbg_alpha", "number", Text("Retention curve α", "留存曲线 α")),
    Output("sbg_beta", "number", Text("Retention curve β", "留存曲线 β")),
    Output("fit_rmse_pp", "points", Text("Fit error (RMS)", "拟合误差（均方根）")),
)

FREE_MIGRATION = Note(
    "free_migration",
    "Bringing a member in costs nothing here, so the return on that cost has no finite value.",
    "这里拉一位会员进私域不花钱，投入回报率没有有限值。",
)
NEVER_PAYS_BACK = Note(
    "never_pays_back",
    "Members leave too fast: all the extra margin they will ever bring adds up to less than the cost of"
    " bringing them in.",
    "会员流失得太快：他们日后带来的增量毛利全部加起来，也抵不上拉他们进来的成本。",
)
# Same code when churn is not to blame: the private pool earns no more a month than the public one.
NO_EXTRA_MARGIN = Note(
    "never_pays_back",
    "The private pool earns no more a month than the public one would, so nothing ever repays the cost of"
    " bringing a member in.",
    "私域每月赚的并不比公域多，引流成本永远收不回来。",
)
NEVER_PAYS_BACK_FITTED = Note(
    "never_pays_back",
    "On the retention curve fitted to your data, the extra margin members bring does not repay the cost of"
    " bringing them in within 100 years (1,200 months).",
    "按你的留存数据拟合出的曲线，会员带来的增量毛利在 100 年（1,200 个月）内都收不回引流成本。",
)
UNPROFITABLE_PAID_REACH = Note(
    "unprofitable_paid_reach",
    "At this ROAS a re-reach ad costs more than the margin of the order it brings (1 ÷ ROAS is above the"
    " margin after commission), so a seller would not buy it: those paid repeat orders count as not"
    " happening in the public pool, rather than as a loss the private pool avoids.",
    "按这个 ROAS，再触达广告的花费超过了它带来的订单毛利（1 ÷ ROAS 高于扣佣后的毛利率），商家不会投："
    "这部分靠广告拉来的复购按“不会发生”计，而不是算作私域帮你省下的亏损。",
)
PAYBACK_BEYOND_HORIZON = Note(
    "payback_beyond_horizon",
    "A payback shown here comes only after the horizon you set: within the horizon the migration does not pay back.",
    "这里显示的回本周期超出了你设定的计算期：在计算期内这笔引流投入收不回来。",
)
# One code, three reasons the break-even counterfactual does not exist.
LOSS_EVEN_WITH_NO_PLATFORM_ORDERS = Note(
    "no_breakeven_public_orders",
    "Even if members would have bought nothing on the platform, the migration does not pay back within"
    " the horizon, so no counterfactual makes it break even.",
    "即使会员原本在平台上一单都不会下，这笔引流在计算期内也收不回成本，所以不存在保本的反事实订单数。",
)
PLATFORM_ORDERS_EARN_NOTHING = Note(
    "no_breakeven_public_orders",
    "A platform order earns nothing here once commission and ads are paid, so what members would have"
    " bought there does not change the result: there is no break-even number of orders.",
    "扣掉佣金和广告费后，平台订单在这里一分钱不赚，会员原本在平台买多少都不影响结果，因此没有保本订单数。",
)
PAYS_EVEN_AT_MOST_PLATFORM_ORDERS = Note(
    "no_breakeven_public_orders",
    "The migration pays even if members would have placed 100 platform orders a month, the most this"
    " calculator allows, so the break-even lies beyond that range.",
    "即使会员原本每月在平台下 100 单（本计算器允许的上限），这笔引流依然划算，保本点超出了这个范围。",
)
# Same code: the discounted payback is null, but the undiscounted one exists.
NEVER_PAYS_BACK_DISCOUNTED = Note(
    "never_pays_back",
    "Counted at face value the extra margin repays the cost of bringing a member in, but discounted at your"
    " cost of capital it never does: in today's money the migration never pays back.",
    "按账面累计，增量毛利能收回引流成本；但按你的资金成本折现后永远收不回：以今天的钱计，这笔引流回不了本。",
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
    discount, checkout = v["private_discount"] / 100, v["platform_checkout_share"] / 100
    payment_fee, platform_fee = v["payment_fee"] / 100, v["platform_fee"] / 100
    f_priv, f_pub = float(v["private_orders_per_month"]), float(v["public_orders_per_month"])
    opex = float(v["opex_per_member_month"])
    churn = v["monthly_churn"] / 100
    monthly_discount = monthly_rate(v["annual_discount_rate"])
    fit = fitted_curve(v)

    members = cohort * add
    # cost_per_exposure / a, with a = add_rate/100 written so that a tiny add rate cannot
    # underflow to a zero divisor (it overflows to inf instead, which finite_result reports).
    migration_cost = v["incentive_per_member"] + v["cost_per_exposure"] * 100 / v["add_rate"]
    total_cost = cohort * v["cost_per_exposure"] + members * v["incentive_per_member"]
    # A private order keeps the margin less the member discount and its fee: the payment fee
    # in your own shop, the platform's commission when it checks out in the platform store.
    private_rate = (1 - checkout) * (margin - discount - payment_fee)
    if checkout > 0:
        private_rate += checkout * (margin - discount - platform_fee)
    u_priv = f_priv * aov * private_rate - opex
    # s·aov/roas, with aov/roas first so that a tiny AOV over a tiny ROAS does not underflow to 0;
    # no paid share means no ad cost even when aov/roas is beyond a double.
    paid_share = v["paid_reach_share"] / 100
    ad_cost = aov / v["roas"] * paid_share if paid_share > 0 else 0.0
    # The public counterfactual: repeat orders that need an ad happen only if the ad pays for
    # itself (spec v2); a seller does not buy re-reach that loses money.
    public_rate = margin - platform_fee
    paid_rate = public_rate - 1 / v["roas"]
    unprofitable = paid_share > 0 and paid_rate < 0
    per_order_rate = (1 - paid_share) * public_rate + (
        paid_share * paid_rate if paid_share > 0 and not unprofitable else 0.0
    )
    public_per_order = aov * per_order_rate  # margin of one public repeat order, ads paid
    u_pub = f_pub * public_per_order if f_pub > 0 else 0.0
    delta = u_priv - u_pub
    if fit is None:
        q = (1 - churn) / (1 + monthly_discount)
        weights = geometric_sums(q, horizon)  # G(q, t+1) for t = 0 … H-1
        shares = constant_survival(churn, horizon)
        undiscounted = payback(migration_cost, delta, -churn)
        discounted = payback(migration_cost, delta, discounted_growth(-churn, monthly_discount))
    else:
        shares, weights, undiscounted, discounted = _fitted(fit, horizon, monthly_discount, migration_cost, delta)
    pv = delta * weights[-1]
    npv = pv - migration_cost

    notes: list[Note] = []
    if unprofitable and f_pub > 0:
        notes.append(UNPROFITABLE_PAID_REACH)
    roi = npv / migration_cost * 100 if migration_cost > 0 else None
    if roi is None:
        notes.append(FREE_MIGRATION)
    if undiscounted is None:
        notes.append((NEVER_PAYS_BACK if fit is None else NEVER_PAYS_BACK_FITTED) if delta > 0 else NO_EXTRA_MARGIN)
    elif discounted is None:
        notes.append(NEVER_PAYS_BACK_DISCOUNTED)
    if any(p is not None and horizon < p < float("inf") for p in (undiscounted, discounted)):
        notes.append(PAYBACK_BEYOND_HORIZON)
    breakeven, why_none = breakeven_public_orders(u_priv, public_per_order, migration_cost, weights[-1])
    if why_none is not None:
        notes.append(why_none)
    opex_per_order = opex / f_priv if f_priv > 0 else None
    if opex_per_order is None:
        notes.append(NO_PRIVATE_ORDERS)
    notes += retention_notes(v, fit)

    outputs: dict[str, OutputValue] = {
        "npv_per_member": npv,
        "npv_total": members * npv,
        "roi": roi,
        "payback_months": undiscounted,
        "discounted_payback_months": discounted,
        "breakeven_public_orders_per_month": breakeven,
        "migration_cost_per_member": migration_cost,
        "incremental_margin_per_member_month": delta,
        "pv_per_member": pv,
        "members": members,
        "total_migration_cost": total_cost,
        "private_margin_per_member_month": u_priv,
        "public_margin_per_member_month": u_pub,
        "public_ad_cost_per_repeat_order": ad_cost,
        "private_opex_per_order": opex_per_order,
        "sbg_alpha": None if fit is None else fit.alpha,
        "sbg_beta": None if fit is None else fit.beta,
        "fit_rmse_pp": None if fit is None else fit.rmse_pp,
    }

    # The re-reach a seller would actually buy: none of it when it loses money.
    public_per_month = f_pub * ad_cost if f_pub > 0 and not unprofitable else 0.0
    series = {
        "month": [float(t + 1) for t in range(horizon)],
        "cumulative_net_value": [-migration_cost + delta * g for g in weights],
        "public_reach_cost": [public_per_month * g for g in weights],
        "private_reach_cost": [migration_cost + opex * g for g in weights],
        **retention_series(v, shares, horizon),
    }
    return Result(outputs, notes, series)


def _fitted(
    fit: Fit, horizon: int, monthly_discount: float, cost: float, delta: float
) -> tuple[list[float], list[float], float | None, float | None]:
    """With a fitted curve S(t) in place of (1-b)^t (spec v2): the survival, the cumulative discounted
    weights Σ_{s≤t} S(s)/(1+d)^s for t < H, and both paybacks summed month by month."""
    shares = survival(fit.alpha, fit.beta, PAYBACK_MONTHS_MAX)
    discounted, factor = [], 1.0
    for share in shares[:PAYBACK_MONTHS_MAX]:
        discounted.append(share * factor)
        factor /= 1 + monthly_discount
    weights, total = [], 0.0
    for weight in discounted[:horizon]:
        total += weight
        weights.append(total)
    undiscounted = summed_payback(cost, delta, shares[:PAYBACK_MONTHS_MAX])
    return shares, weights, undiscounted, summed_payback(cost, delta, discounted)


PUBLIC_ORDERS_MAX = next(f.maximum for f in FIELDS if f.name == "public_orders_per_month")


def breakeven_public_orders(
    u_priv: float, public_per_order: float, cost: float, weight: float
) -> tuple[float | None, Note | None]:
    """The public_orders_per_month at which the NPV is zero, (u_priv - M/G) / w, or why there is none.

    NPV = (u_priv - f_pub·w)·G - M falls by w·G for each platform order a member would have
    placed anyway; with w ≤ 0 it does not fall, so no break-even exists.
    """
    if public_per_order <= 0:
        return None, PLATFORM_ORDERS_EARN_NOTHING
    orders = (u_priv - cost / weight) / public_per_order
    if orders < 0:
        return None, LOSS_EVEN_WITH_NO_PLATFORM_ORDERS
    if orders > PUBLIC_ORDERS_MAX:
        return None, PAYS_EVEN_AT_MOST_PLATFORM_ORDERS
    return orders, None


CALCULATOR = Calculator(
    name="pool_migration",
    title=Text("Public-to-private pool migration ROI", "公域转私域引流回报"),
    question=Text("Does moving platform buyers into your own pool pay?", "把平台买家搬进自己的池子划不划算？"),
    fields=FIELDS,
    outputs=OUTPUTS,
    compute=compute,
    constraints=retention_constraints(WHO),
)
