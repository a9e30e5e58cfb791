"""ltv_cac — customer lifetime value against acquisition cost."""

from __future__ import annotations

from collections.abc import Mapping

from calculators.core import Calculator, Field, Note, Number, Output, OutputValue, Result, Text
from calculators.finance import churn_adjusted_payback, geometric_sum, monthly_rate

MONEY_MAX = 1e9

FIELDS = (
    Field(
        "arpu",
        "money",
        100,
        0,
        MONEY_MAX,
        Text("Monthly revenue per customer", "每位客户月均收入"),
        Text(
            "What one active customer spends with you in an average month (ARPU).",
            "一位仍在活跃的客户平均每月为你带来的收入（ARPU）。",
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
            "The share of that revenue left after the cost of the goods or service.",
            "收入扣除商品或服务成本后剩下的比例。",
        ),
    ),
    Field(
        "monthly_churn",
        "percent",
        5,
        0,
        100,
        Text("Monthly churn", "月流失率"),
        Text(
            "The share of customers you lose each month; 5% means a typical customer stays about 20 months.",
            "每月流失的客户比例；5% 大约意味着一位客户平均留存 20 个月。",
        ),
        max_inclusive=False,
    ),
    Field(
        "cac",
        "money",
        300,
        0,
        MONEY_MAX,
        Text("Acquisition cost per customer (CAC)", "单客获客成本（CAC）"),
        Text(
            "Everything it costs to win one customer: ads, red packets and coupons, staff time.",
            "获得一位客户的全部花费：广告、红包与优惠券、人工。",
        ),
    ),
    Field(
        "annual_discount_rate",
        "percent",
        10,
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
        60,
        1,
        600,
        Text("Horizon", "计算期"),
        Text(
            "How many months of future margin to count; value after that is ignored.",
            "计入多少个月的未来毛利；超出这段时间的价值不计。",
        ),
        integer=True,
    ),
)

BANDS = {
    "loss": Text("Loss-making (below 1×)", "亏损（低于 1 倍）"),
    "weak": Text("Weak (1× to 3×)", "偏弱（1–3 倍）"),
    "healthy": Text("Healthy (3× to 5×)", "健康（3–5 倍）"),
    "under_investing": Text("Under-investing (above 5×)", "投入不足（高于 5 倍）"),
}

OUTPUTS = (
    Output("ltv", "money", Text("Lifetime value (LTV)", "客户终身价值（LTV）")),
    Output("ltv_cac_ratio", "ratio", Text("LTV : CAC", "LTV : CAC")),
    Output("ratio_band", "category", Text("Verdict", "评估"), BANDS),
    Output("payback_months", "months", Text("Payback (churn-adjusted)", "回本周期（计流失）")),
    Output("simple_payback_months", "months", Text("Simple payback", "简单回本周期")),
    Output("monthly_margin", "money", Text("Margin per customer per month", "每客户每月毛利")),
    Output(
        "expected_lifetime_months",
        "months",
        Text("Expected lifetime within horizon", "计算期内预期留存时长"),
    ),
)

FREE_ACQUISITION = Note(
    "free_acquisition",
    "Acquisition costs nothing, so LTV : CAC has no finite value.",
    "获客成本为零，LTV : CAC 没有有限值。",
)
NEVER_PAYS_BACK = Note(
    "never_pays_back",
    "At this churn the margin a customer brings in never adds up to the acquisition cost.",
    "在这一流失率下，客户贡献的毛利累计永远达不到获客成本。",
)
NO_MARGIN = Note(
    "no_margin",
    "With zero margin per month the simple payback is undefined.",
    "每月毛利为零，简单回本周期无法计算。",
)


def ratio_band(ratio: float | None) -> str | None:
    if ratio is None:
        return None
    if ratio < 1:
        return "loss"
    if ratio < 3:
        return "weak"
    if ratio <= 5:
        return "healthy"
    return "under_investing"


def compute(v: Mapping[str, Number]) -> Result:
    horizon = int(v["horizon_months"])
    margin = v["arpu"] * v["gross_margin"] / 100
    churn = v["monthly_churn"] / 100
    q = (1 - churn) / (1 + monthly_rate(v["annual_discount_rate"]))
    cac = float(v["cac"])
    ltv = margin * geometric_sum(q, horizon)

    notes: list[Note] = []
    ratio = ltv / cac if cac > 0 else None
    # A ratio too large for a double becomes null (finite_result); its band goes with it.
    band = ratio_band(ratio) if ratio is not None and ratio < float("inf") else None
    if ratio is None:
        notes.append(FREE_ACQUISITION)
    payback = churn_adjusted_payback(cac, margin, churn)
    if payback is None:
        notes.append(NEVER_PAYS_BACK)
    simple = cac / margin if margin > 0 else None
    if simple is None:
        notes.append(NO_MARGIN)

    outputs: dict[str, OutputValue] = {
        "monthly_margin": margin,
        "expected_lifetime_months": geometric_sum(1 - churn, horizon),
        "ltv": ltv,
        "ltv_cac_ratio": ratio,
        "payback_months": payback,
        "simple_payback_months": simple,
        "ratio_band": band,
    }
    series = {
        "month": [float(t + 1) for t in range(horizon)],
        "cumulative_value": _running_total(margin, q, horizon),
        "cac": [cac] * horizon,
    }
    return Result(outputs, notes, series)


def _running_total(first: float, q: float, months: int) -> list[float]:
    """m·G(q, t+1) for t = 0 … months-1, built month by month (O(months))."""
    totals, total, term = [], 0.0, first
    for _ in range(months):
        total += term
        term *= q
        totals.append(total)
    return totals


CALCULATOR = Calculator(
    name="ltv_cac",
    title=Text("LTV / CAC", "LTV / CAC"),
    question=Text("Is a customer worth what it costs to win them?", "花钱拉来的客户值不值？"),
    fields=FIELDS,
    outputs=OUTPUTS,
    compute=compute,
)
