"""How the ltv_cac page shows its results: formulas, charts, the sensitivity table."""

from __future__ import annotations

from calculators.core import Text
from calculators.presentation import RETENTION_GROUP, Chart, FieldGroup, Line, Presentation, retention_chart

PRESENTATION = Presentation(
    headline="ltv_cac_ratio",
    loss_below=("ltv_cac_ratio", 1.0),
    formulas={
        "ltv": Text(
            "LTV = m × (1 − qᴴ) ÷ (1 − q), with q = (1 − c)(1 + g) ÷ (1 + d): each month's margin, "
            "weighted by the chance the customer is still there, grown and discounted",
            "LTV = m ×（1 − qᴴ）÷（1 − q），其中 q =（1 − c）(1 + g) ÷（1 + d）：逐月毛利按客户仍留存的概率加权、"
            "计入增长并折现后累加",
        ),
        "ltv_cac_ratio": Text(
            "LTV ÷ CAC, on the LTV above: discounted and counted within the horizon H",
            "LTV ÷ CAC，所用 LTV 即上面的口径：折现，且只计到计算期 H",
        ),
        "ratio_band": Text(
            "On LTV : CAC as computed here (discounted, within H). The 1×, 3× and 5× edges are the bands common "
            "online calculators use, not a study. David Skok's own test, at least 3× with CAC earned back within "
            "12 months, stands on margin ÷ churn: hold it against the Benchmark LTV : CAC below",
            "依据本页口径的 LTV : CAC（折现、计到 H）。1 倍、3 倍、5 倍这几档是常见在线计算器的分档，并非研究结论。"
            "David Skok 自己的标准（至少 3 倍，且 12 个月内收回 CAC）用的是毛利 ÷ 流失率的口径：应拿下方的"
            "对标口径 LTV : CAC 去比",
        ),
        "discounted_payback_months": Text(
            "n = ln(1 − CAC × (1 − q) ÷ m) ÷ ln q: when the discounted running total reaches CAC, "
            "where the chart's curve crosses the CAC line",
            "n = ln(1 − CAC ×（1 − q）÷ m）÷ ln q：折现后的累计价值达到 CAC 的时点，也就是图中曲线与 CAC 线的交点",
        ),
        "payback_months": Text(
            "n = ln(1 − CAC × (1 − r) ÷ m) ÷ ln r, with r = (1 − c)(1 + g); never if CAC × (1 − r) ≥ m",
            "n = ln(1 − CAC ×（1 − r）÷ m）÷ ln r，其中 r =（1 − c）(1 + g)；若 CAC ×（1 − r）≥ m 则永远无法回本",
        ),
        "simple_payback_months": Text("CAC ÷ m (ignores churn)", "CAC ÷ m（不考虑流失）"),
        "simple_ltv": Text(
            "m ÷ (1 − r): undiscounted and without a horizon, the basis of most published benchmarks (Skok's m ÷ c)",
            "m ÷（1 − r）：不折现、不设计算期，大多数公开对标数据用的就是这个口径（即 Skok 的 m ÷ c）",
        ),
        "simple_ltv_cac_ratio": Text(
            "benchmark LTV ÷ CAC: compare this one with published ratios",
            "对标口径 LTV ÷ CAC：与公开发布的倍数对比时用这一项",
        ),
        "monthly_margin": Text(
            "m = ARPU × gross margin − cost to serve per month",
            "m = 月均收入 × 毛利率 − 每月服务成本",
        ),
        "expected_lifetime_months": Text(
            "(1 − (1 − c)ᴴ) ÷ c: months an average customer stays, within the horizon H",
            "（1 − (1 − c)ᴴ）÷ c：计算期 H 内客户平均留存的月数",
        ),
        "sbg_alpha": Text(
            "α, β of the shifted-beta-geometric curve S(t) = S(t − 1) × (β + t − 1) ÷ (α + β + t − 1), S(0) = 1, "
            "fitted to the retention points you gave (least squares on ln S); with two or more points S(t) "
            "replaces the constant-churn survival in every result",
            "按你填写的留存数据点拟合的移位贝塔几何曲线 S(t) = S(t − 1) ×（β + t − 1）÷（α + β + t − 1），S(0) = 1，"
            "的参数 α、β（对 ln S 做最小二乘）；填了两个及以上的点时，所有结果都用 S(t) 代替固定流失率下的留存",
        ),
        "sbg_beta": Text(
            "α ÷ (α + β) is the first month's churn; the smaller α and β, the more customers differ, and the "
            "more the curve flattens as the fickle leave and the loyal stay",
            "α ÷（α + β）即第一个月的流失率；α、β 越小，客户之间差异越大，易流失的先走、忠诚的留下，曲线后段越平",
        ),
        "fit_rmse_pp": Text(
            "√(mean of (100·S(t) − your retention at t)²) over your points, in percentage points; above 2 the "
            "calculator warns that the curve does not follow your data",
            "各数据点上（100·S(t) − 你填写的留存率）² 的平均值再开方，单位为百分点；超过 2 时提示曲线与数据不符",
        ),
    },
    symbols={
        "m": Text("margin per customer per month, after the cost to serve", "每客户每月毛利（扣除服务成本后）"),
        "c": Text("monthly churn, as a fraction", "月流失率（小数）"),
        "g": Text("monthly growth in revenue per customer", "每客户收入月增长率"),
        "d": Text("monthly discount rate, from the annual one", "月折现率（由年折现率换算）"),
        "r": Text(
            "(1 − c)(1 + g): what a surviving month carries into the next",
            "(1 − c)(1 + g)：留下来的一个月带到下个月的比例",
        ),
        "q": Text("r ÷ (1 + d): the same, discounted", "r ÷（1 + d）：再折现后的比例"),
        "H": Text("horizon in months", "计算期（月）"),
        "CAC": Text("acquisition cost per customer", "单客获客成本"),
        "S(t)": Text(
            "share still active after t months: the fitted curve, or (1 − churn)^t without one",
            "t 个月后仍活跃的比例：拟合出的曲线；未拟合时为（1 − 流失率）^t",
        ),
        "α, β": Text("the retention curve's two parameters", "留存曲线的两个参数"),
    },
    charts=(
        Chart(
            id="value",
            kind="line",
            title=Text(
                "Cumulative value of one customer against what it cost to win them",
                "单个客户的累计价值与获客成本",
            ),
            x="month",
            x_label=Text("Month", "月份"),
            y_label=Text("Cumulative discounted margin (¥)", "累计折现毛利（¥）"),
            y_unit="money",
            lines=(
                Line("cumulative_value", Text("Cumulative value", "累计价值")),
                Line("cac", Text("Acquisition cost (CAC)", "获客成本（CAC）"), dashed=True),
            ),
            # The discounted payback: the curve drawn is discounted, so this is where it meets CAC.
            marker="discounted_payback_months",
            marker_label=Text("Break-even (discounted):", "折现回本点："),
            x_unit="months",
        ),
        retention_chart(Text("customers", "客户")),
    ),
    sensitivity_fields=(
        "arpu",
        "gross_margin",
        "monthly_churn",
        "cac",
        "annual_discount_rate",
    ),
    groups=(
        FieldGroup(
            Text("What a customer brings in", "客户收入与毛利"),
            ("arpu", "arpu_growth", "gross_margin", "variable_cost_per_month"),
        ),
        FieldGroup(Text("How long they stay and what they cost", "流失与获客成本"), ("monthly_churn", "cac")),
        FieldGroup(Text("Time and the value of money", "计算期与折现"), ("annual_discount_rate", "horizon_months")),
        RETENTION_GROUP,
    ),
)
