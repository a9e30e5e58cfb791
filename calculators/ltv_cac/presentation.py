"""How the ltv_cac page shows its results: formulas, charts, the sensitivity table."""

from __future__ import annotations

from calculators.core import Text
from calculators.presentation import Chart, Line, Presentation

PRESENTATION = Presentation(
    headline="ltv_cac_ratio",
    formulas={
        "ltv": Text(
            "LTV = m × (1 − qᴴ) ÷ (1 − q), with q = (1 − c) ÷ (1 + d): each month's margin, "
            "weighted by the chance the customer is still there and discounted",
            "LTV = m ×（1 − qᴴ）÷（1 − q），其中 q =（1 − c）÷（1 + d）：逐月毛利按客户仍留存的概率加权并折现后累加",
        ),
        "ltv_cac_ratio": Text("LTV ÷ CAC", "LTV ÷ CAC"),
        "ratio_band": Text(
            "below 1× loss · 1–3× weak · 3–5× healthy · above 5× under-investing",
            "低于 1 倍亏损 · 1–3 倍偏弱 · 3–5 倍健康 · 高于 5 倍投入不足",
        ),
        "payback_months": Text(
            "n = ln(1 − CAC × c ÷ m) ÷ ln(1 − c); never if CAC × c ≥ m",
            "n = ln(1 − CAC × c ÷ m) ÷ ln(1 − c)；若 CAC × c ≥ m 则永远无法回本",
        ),
        "simple_payback_months": Text("CAC ÷ m (ignores churn)", "CAC ÷ m（不考虑流失）"),
        "monthly_margin": Text("m = ARPU × gross margin", "m = 月均收入 × 毛利率"),
        "expected_lifetime_months": Text(
            "(1 − (1 − c)ᴴ) ÷ c: months an average customer stays, within the horizon H",
            "（1 − (1 − c)ᴴ）÷ c：计算期 H 内客户平均留存的月数",
        ),
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
            marker="payback_months",
            marker_label=Text("Break-even:", "回本点："),
            x_unit="months",
        ),
    ),
    sensitivity_fields=("arpu", "gross_margin", "monthly_churn", "cac", "annual_discount_rate"),
)
