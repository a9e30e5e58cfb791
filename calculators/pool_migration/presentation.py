"""How the pool_migration page shows its results: formulas, charts, the sensitivity table."""

from __future__ import annotations

from calculators.core import Text
from calculators.presentation import RETENTION_GROUP, Chart, FieldGroup, Line, Presentation, retention_chart

PRESENTATION = Presentation(
    headline="npv_per_member",
    loss_below=("npv_per_member", 0.0),
    formulas={
        "npv_per_member": Text("PV per member − M", "每位会员增量毛利现值 − M"),
        "npv_total": Text("members × NPV per member", "会员数 × 每位会员净现值"),
        "roi": Text("NPV per member ÷ M", "每位会员净现值 ÷ M"),
        "payback_months": Text(
            "n = ln(1 − M × b ÷ Δ) ÷ ln(1 − b); never if Δ ≤ 0 or M × b ≥ Δ",
            "n = ln(1 − M × b ÷ Δ) ÷ ln(1 − b)；若 Δ ≤ 0 或 M × b ≥ Δ 则无法回本",
        ),
        "discounted_payback_months": Text(
            "n = ln(1 − M × (1 − q) ÷ Δ) ÷ ln q: where the chart's net-value curve crosses zero",
            "n = ln(1 − M ×（1 − q）÷ Δ）÷ ln q：即图中累计净价值曲线穿过零的时点",
        ),
        "breakeven_public_orders_per_month": Text(
            "the platform orders a month at which NPV = 0: (u_priv − M ÷ G) ÷ (public margin per order), "
            "G = (1 − qᴴ) ÷ (1 − q). If members would buy more than this on the platform anyway, migration loses",
            "让净现值为零的平台月订单数：（私域月毛利 − M ÷ G）÷ 公域每单毛利，G =（1 − qᴴ）÷（1 − q）。"
            "会员不进私域也会在平台下更多单的话，引流就亏",
        ),
        "migration_cost_per_member": Text(
            "M = incentive + cost per exposure ÷ add rate", "M = 单人激励 + 单次曝光成本 ÷ 添加率"
        ),
        "incremental_margin_per_member_month": Text("Δ = u_priv − u_pub", "Δ = 私域月毛利 − 公域月毛利"),
        "private_margin_per_member_month": Text(
            "u_priv = private orders × AOV × (margin − member discount − fee) − opex; the fee is the payment fee, "
            "or the platform commission on orders checked out in the platform store",
            "私域月毛利 = 私域月订单数 × 客单价 ×（毛利率 − 会员优惠 − 费率）− 运营成本；费率为支付手续费，"
            "回平台店铺成交的订单按平台佣金计",
        ),
        "public_margin_per_member_month": Text(
            "u_pub = public orders × AOV × ((1 − s) × (margin − fee) + s × max(0, margin − fee − 1 ÷ ROAS)), "
            "s = paid share: re-reach that loses money is not bought",
            "公域月毛利 = 公域月订单数 × 客单价 ×（(1 − s) ×（毛利率 − 佣金率）"
            "+ s × max(0, 毛利率 − 佣金率 − 1 ÷ ROAS)），s 为需付费召回的占比：亏钱的再触达广告不会投",
        ),
        "pv_per_member": Text(
            "Δ × (1 − qᴴ) ÷ (1 − q), q = (1 − b) ÷ (1 + d)", "Δ ×（1 − qᴴ）÷（1 − q），q =（1 − b）÷（1 + d）"
        ),
        "members": Text("cohort × add rate", "覆盖人数 × 添加率"),
        "total_migration_cost": Text(
            "cohort × cost per exposure + members × incentive", "覆盖人数 × 单次曝光成本 + 会员数 × 单人激励"
        ),
        "public_ad_cost_per_repeat_order": Text("paid share × AOV ÷ ROAS", "付费召回占比 × 客单价 ÷ ROAS"),
        "private_opex_per_order": Text("opex ÷ private orders per month", "运营成本 ÷ 私域月订单数"),
        "sbg_alpha": Text(
            "α, β of the shifted-beta-geometric curve S(t) = S(t − 1) × (β + t − 1) ÷ (α + β + t − 1), S(0) = 1, "
            "fitted to the retention points you gave (least squares on ln S); with two or more points S(t) "
            "replaces the constant-churn survival in every result",
            "按你填写的留存数据点拟合的移位贝塔几何曲线 S(t) = S(t − 1) ×（β + t − 1）÷（α + β + t − 1），S(0) = 1，"
            "的参数 α、β（对 ln S 做最小二乘）；填了两个及以上的点时，所有结果都用 S(t) 代替固定流失率下的留存",
        ),
        "sbg_beta": Text(
            "α ÷ (α + β) is the first month's churn; the smaller α and β, the more members differ, and the "
            "more the curve flattens as the fickle leave and the loyal stay",
            "α ÷（α + β）即第一个月的流失率；α、β 越小，会员之间差异越大，易流失的先走、忠诚的留下，曲线后段越平",
        ),
        "fit_rmse_pp": Text(
            "√(mean of (100·S(t) − your retention at t)²) over your points, in percentage points; above 2 the "
            "calculator warns that the curve does not follow your data",
            "各数据点上（100·S(t) − 你填写的留存率）² 的平均值再开方，单位为百分点；超过 2 时提示曲线与数据不符",
        ),
    },
    symbols={
        "M": Text(
            "cost to bring in one member: incentive + exposure cost ÷ add rate",
            "拉一位会员的成本：激励 + 曝光成本 ÷ 添加率",
        ),
        "Δ": Text(
            "extra margin per member per month: private pool minus public pool", "每位会员每月的增量毛利：私域减公域"
        ),
        "u_priv, u_pub": Text(
            "margin per member per month in the private and the public pool", "私域、公域中每位会员的月毛利"
        ),
        "b": Text("monthly member loss, as a fraction", "会员月流失率（小数）"),
        "d": Text("monthly discount rate, from the annual one", "月折现率（由年折现率换算）"),
        "q": Text("(1 − b) ÷ (1 + d)", "(1 − b) ÷（1 + d）"),
        "G": Text(
            "(1 − qᴴ) ÷ (1 − q): a member's discounted months within the horizon",
            "(1 − qᴴ) ÷（1 − q）：计算期内一位会员折现后的月数",
        ),
        "H": Text("horizon in months", "计算期（月）"),
        "s": Text("share of public repeat orders that need a paid ad", "公域复购中需要付费召回的比例"),
        "S(t)": Text(
            "share still active after t months: the fitted curve, or (1 − churn)^t without one",
            "t 个月后仍活跃的比例：拟合出的曲线；未拟合时为（1 − 流失率）^t",
        ),
        "α, β": Text("the retention curve's two parameters", "留存曲线的两个参数"),
    },
    charts=(
        Chart(
            id="net_value",
            kind="line",
            title=Text("Cumulative net value of one member", "单个会员的累计净价值"),
            x="month",
            x_label=Text("Month", "月份"),
            y_label=Text("Cumulative net value (¥)", "累计净价值（¥）"),
            y_unit="money",
            lines=(Line("cumulative_net_value", Text("Net value per member", "每位会员净价值")),),
            # The curve drawn is discounted, so it crosses zero at the discounted payback.
            marker="discounted_payback_months",
            marker_label=Text("Break-even (discounted):", "折现回本点："),
            x_unit="months",
        ),
        Chart(
            id="reach_cost",
            kind="line",
            title=Text(
                "Pay every time or pay once: cumulative cost of reaching one member",
                "每次付费 vs 一次付费：触达一位会员的累计成本",
            ),
            x="month",
            x_label=Text("Month", "月份"),
            y_label=Text("Cumulative cost (¥)", "累计成本（¥）"),
            y_unit="money",
            lines=(
                Line("public_reach_cost", Text("Public pool: paid re-reach worth buying", "公域：值得投的付费召回")),
                Line("private_reach_cost", Text("Private pool: M + running costs", "私域：M + 运营成本"), dashed=True),
            ),
            x_unit="months",
        ),
        retention_chart(Text("members", "会员")),
    ),
    sensitivity_fields=(
        "add_rate",
        "incentive_per_member",
        "aov",
        "gross_margin",
        "private_orders_per_month",
        "public_orders_per_month",
        "opex_per_member_month",
        "monthly_churn",
    ),
    groups=(
        FieldGroup(
            Text("Bringing customers in", "引流入池"),
            ("cohort_size", "add_rate", "incentive_per_member", "cost_per_exposure"),
        ),
        FieldGroup(
            Text("What an order earns", "每单收益"),
            ("aov", "gross_margin", "payment_fee", "platform_fee", "private_discount", "platform_checkout_share"),
        ),
        FieldGroup(
            Text("How members buy", "会员购买行为"),
            ("private_orders_per_month", "public_orders_per_month", "paid_reach_share", "roas"),
        ),
        FieldGroup(Text("Running the pool", "运营成本与流失"), ("opex_per_member_month", "monthly_churn")),
        FieldGroup(Text("Time and the value of money", "计算期与折现"), ("annual_discount_rate", "horizon_months")),
        RETENTION_GROUP,
    ),
)
