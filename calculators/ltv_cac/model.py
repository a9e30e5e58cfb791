"""ltv_cac — customer lifetime value against acquisition cost."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from calculators.core import Calculator, Field, Note, Number, Output, OutputValue, Result, Text
from calculators.finance import discounted_growth, geometric_sum, monthly_rate, payback
from calculators.retention import (
    PAYBACK_MONTHS_MAX,
    Fit,
    constant_survival,
    fitted_curve,
    plain_sum,
    retention_constraints,
    retention_fields,
    retention_notes,
    retention_series,
    summed_payback,
    survival,
)

MONEY_MAX = 1e9
WHO = Text("customers", "客户")  # who the retention fields count

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
        "arpu_growth",
        "percent",
        0,
        -50,
        50,
        Text("Monthly growth in revenue per customer", "每客户收入月增长率"),
        Text(
            "How much a customer who stays spends more each month (upsell, bigger baskets); negative if"
            " spending fades. 0 keeps revenue flat.",
            "留下来的客户每月多花多少（加购、客单价提升）；消费逐月减少时填负数。填 0 表示收入不变。",
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
        "variable_cost_per_month",
        "money",
        0,
        0,
        MONEY_MAX,
        Text("Cost to serve per customer per month", "每客户每月服务成本"),
        Text(
            "What keeping an active customer costs each month beyond the goods: service staff, payment fees,"
            " retention coupons, SCRM seats. It turns gross margin into contribution margin.",
            "商品成本之外，维护一位活跃客户每月的花费：客服与运营人力、支付手续费、复购券、SCRM 席位。"
            "扣除后得到的是贡献毛利，而不只是毛利。",
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
            "The share of customers you lose each month. At 5% a customer stays 20 months on average, but half"
            " are gone by month 13.5: the mean is pulled up by the few who stay for years.",
            "每月流失的客户比例。5% 时客户平均留存 20 个月，但到第 13.5 个月已流失一半：少数留存多年的客户"
            "拉高了平均数。",
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
    *retention_fields(WHO),
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
    Output("ratio_band", "category", Text("Verdict on LTV : CAC", "LTV : CAC 评估"), BANDS),
    Output(
        "discounted_payback_months",
        "months",
        Text("Payback (churn-adjusted, discounted)", "回本周期（计流失、折现）"),
    ),
    Output("payback_months", "months", Text("Payback (churn-adjusted)", "回本周期（计流失）")),
    Output("simple_payback_months", "months", Text("Simple payback", "简单回本周期")),
    Output(
        "simple_ltv", "money", Text("Benchmark LTV (undiscounted, no horizon)", "对标口径 LTV（不折现、不设计算期）")
    ),
    Output(
        "simple_ltv_cac_ratio",
        "ratio",
        Text("Benchmark LTV : CAC", "对标口径 LTV : CAC"),
    ),
    Output("monthly_margin", "money", Text("Margin per customer per month", "每客户每月毛利")),
    Output(
        "expected_lifetime_months",
        "months",
        Text("Expected lifetime within horizon", "计算期内预期留存时长"),
    ),
    # The fitted retention curve (spec v2); null when fewer than two retention points are given.
    Output("sbg_alpha", "number", Text("Retention curve α", "留存曲线 α")),
    Output("sbg_beta", "number", Text("Retention curve β", "留存曲线 β")),
    Output("fit_rmse_pp", "points", Text("Fit error (RMS)", "拟合误差（均方根）")),
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
# Same code when churn is not to blame: with no margin coming in, no churn rate would pay back.
NEVER_PAYS_BACK_NO_MARGIN = Note(
    "never_pays_back",
    "With no margin coming in each month, nothing ever repays the acquisition cost.",
    "每月没有毛利进账，获客成本永远收不回来。",
)
# Same code: the discounted payback is null, but the undiscounted one exists.
NEVER_PAYS_BACK_DISCOUNTED = Note(
    "never_pays_back",
    "Counted at face value the margin repays the acquisition cost, but discounted at your cost of capital it"
    " never does: in today's money this customer never pays back.",
    "按账面累计，毛利能收回获客成本；但按你的资金成本折现后永远收不回：以今天的钱计，这位客户回不了本。",
)
# One code, three causes of a margin that is zero or negative; the note names the one at hand.
NO_REVENUE = Note(
    "no_margin",
    "Revenue per customer is zero, so a customer brings in no margin and the simple payback is undefined.",
    "每位客户月均收入为零，带不来任何毛利，简单回本周期无法计算。",
)
NO_GROSS_MARGIN = Note(
    "no_margin",
    "The gross margin is 0%, so the revenue leaves no margin and the simple payback is undefined.",
    "毛利率为 0%，收入留不下毛利，简单回本周期无法计算。",
)
COST_TO_SERVE_EATS_MARGIN = Note(
    "no_margin",
    "The cost to serve takes up the whole gross margin, so the margin per month is zero or negative and the"
    " simple payback is undefined.",
    "每月服务成本吃掉了全部毛利，每客户每月毛利为零或为负，简单回本周期无法计算。",
)
PAYBACK_BEYOND_HORIZON = Note(
    "payback_beyond_horizon",
    "A payback shown here comes only after the horizon you set: within the horizon the customer does not pay back.",
    "这里显示的回本周期超出了你设定的计算期：在计算期内这位客户回不了本。",
)
NEVER_PAYS_BACK_FITTED = Note(
    "never_pays_back",
    "On the retention curve fitted to your data, the margin a customer brings in does not add up to the"
    " acquisition cost within 100 years (1,200 months).",
    "按你的留存数据拟合出的曲线，客户贡献的毛利在 100 年（1,200 个月）内累计都达不到获客成本。",
)
# Benchmark basis on a fitted curve: m × Σ S(t), the curve's whole expected lifetime, at face value.
VALUE_OUTGROWS_FITTED_CURVE = Note(
    "value_outgrows_churn",
    "The fitted retention curve flattens out so much (α ≤ 1) that the customers who remain almost never leave:"
    " undiscounted value with no horizon has no limit, so the benchmark LTV and its ratio are left blank.",
    "拟合出的留存曲线后段非常平（α ≤ 1），留下来的客户几乎不再流失：不折现、不设计算期的价值没有上限，"
    "因此对标口径的 LTV 及其倍数留空。",
)
GROWTH_OUTGROWS_FITTED_CURVE = Note(
    "value_outgrows_churn",
    "Revenue per customer grows every month, while the fitted retention curve falls more and more slowly:"
    " undiscounted value with no horizon has no limit, so the benchmark LTV and its ratio are left blank.",
    "每客户收入逐月增长，而拟合出的留存曲线下降得越来越慢：不折现、不设计算期的价值没有上限，"
    "因此对标口径的 LTV 及其倍数留空。",
)
BENCHMARK_NEEDS_FLAT_REVENUE = Note(
    "benchmark_needs_flat_revenue",
    "On a fitted retention curve the benchmark LTV is the margin times the curve's expected lifetime, which"
    " assumes flat revenue per customer; with revenue growth or decay it is left blank, together with its ratio.",
    "在拟合的留存曲线下，对标口径 LTV 等于每月毛利乘以曲线的预期留存时长，前提是每客户收入不变；"
    "设了收入增长或下降时，它和对应的倍数都留空。",
)
VALUE_OUTGROWS_CHURN = Note(
    "value_outgrows_churn",
    "With no churn, or revenue per customer growing as fast as customers leave, undiscounted value has no limit,"
    " so the benchmark LTV and its ratio are left blank.",
    "没有流失，或每客户收入的增长抵得上流失时，不折现的价值没有上限，因此对标口径的 LTV 及其倍数留空。",
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


def no_margin_note(v: Mapping[str, Number]) -> Note:
    """Why the monthly margin is not positive: no revenue, no gross margin, or the cost to serve."""
    if v["arpu"] == 0:
        return NO_REVENUE
    if v["gross_margin"] == 0:
        return NO_GROSS_MARGIN
    return COST_TO_SERVE_EATS_MARGIN


def compute(v: Mapping[str, Number]) -> Result:
    horizon = int(v["horizon_months"])
    # Contribution margin: what a month of an active customer leaves after goods and cost to serve.
    margin = v["arpu"] * v["gross_margin"] / 100 - v["variable_cost_per_month"]
    discount = monthly_rate(v["annual_discount_rate"])
    cac = float(v["cac"])
    fit = fitted_curve(v)
    curve = _constant_churn(v, margin, cac, discount) if fit is None else _fitted(v, fit, margin, cac, discount)

    notes: list[Note] = []
    ratio = curve.ltv / cac if cac > 0 else None
    # A ratio too large for a double becomes null (finite_result); its band goes with it.
    band = ratio_band(ratio) if ratio is not None and ratio < float("inf") else None
    if ratio is None:
        notes.append(FREE_ACQUISITION)
    undiscounted, discounted = curve.payback, curve.discounted_payback
    if undiscounted is None:
        notes.append(curve.never_pays_back if margin > 0 else NEVER_PAYS_BACK_NO_MARGIN)
    elif discounted is None:
        notes.append(NEVER_PAYS_BACK_DISCOUNTED)
    simple = cac / margin if margin > 0 else None
    if simple is None:
        notes.append(no_margin_note(v))
    if any(p is not None and horizon < p < float("inf") for p in (undiscounted, discounted, simple)):
        notes.append(PAYBACK_BEYOND_HORIZON)
    simple_ltv = curve.simple_ltv
    if simple_ltv is None and curve.why_no_simple_ltv is not None:
        notes.append(curve.why_no_simple_ltv)
    simple_ratio = simple_ltv / cac if simple_ltv is not None and cac > 0 else None
    notes += retention_notes(v, fit)

    outputs: dict[str, OutputValue] = {
        "monthly_margin": margin,
        "expected_lifetime_months": curve.lifetime,
        "ltv": curve.ltv,
        "ltv_cac_ratio": ratio,
        "payback_months": undiscounted,
        "discounted_payback_months": discounted,
        "simple_payback_months": simple,
        "ratio_band": band,
        "simple_ltv": simple_ltv,
        "simple_ltv_cac_ratio": simple_ratio,
        "sbg_alpha": None if fit is None else fit.alpha,
        "sbg_beta": None if fit is None else fit.beta,
        "fit_rmse_pp": None if fit is None else fit.rmse_pp,
    }
    series = {
        "month": [float(t + 1) for t in range(horizon)],
        "cumulative_value": curve.running,
        "cac": [cac] * horizon,
        **retention_series(v, curve.shares, horizon),
    }
    return Result(outputs, notes, series)


@dataclass(frozen=True)
class _Curve:
    """What the retention assumption gives: value, lifetime, paybacks, the benchmark basis, the series."""

    ltv: float
    lifetime: float
    payback: float | None
    discounted_payback: float | None
    never_pays_back: Note
    simple_ltv: float | None
    why_no_simple_ltv: Note | None
    running: list[float]  # m·Σ of the discounted weights by month, the chart's curve
    shares: list[float]  # S(0), S(1), …: who is still there


def _constant_churn(v: Mapping[str, Number], margin: float, cac: float, discount: float) -> _Curve:
    """The spec's closed forms for one constant churn c (fewer than two retention points)."""
    horizon = int(v["horizon_months"])
    churn = v["monthly_churn"] / 100
    growth = v["arpu_growth"] / 100
    # r = (1-c)(1+g), the value a surviving month carries forward, kept as r - 1 for its digits.
    r_minus_one = growth - churn * (1 + growth)
    q = (1 + r_minus_one) / (1 + discount)
    q_minus_one = discounted_growth(r_minus_one, discount)
    # The benchmark basis (Skok's m / c): undiscounted, uncapped.
    simple_ltv = margin / -r_minus_one if r_minus_one < 0 else None
    return _Curve(
        ltv=margin * geometric_sum(q, horizon),
        lifetime=geometric_sum(1 - churn, horizon),
        payback=payback(cac, margin, r_minus_one),
        discounted_payback=payback(cac, margin, q_minus_one),
        never_pays_back=NEVER_PAYS_BACK,
        simple_ltv=simple_ltv,
        why_no_simple_ltv=VALUE_OUTGROWS_CHURN,
        running=_running_total(margin, q, horizon),
        shares=constant_survival(churn, horizon),
    )


def _fitted(v: Mapping[str, Number], fit: Fit, margin: float, cac: float, discount: float) -> _Curve:
    """S(t) of the fitted curve in place of (1-c)^t, summed month by month (spec v2)."""
    horizon = int(v["horizon_months"])
    growth = v["arpu_growth"] / 100
    shares = survival(fit.alpha, fit.beta, PAYBACK_MONTHS_MAX)
    # Month t's weight: still there, grown by (1+g)^t; and the same discounted by (1+d)^t.
    value_weights, discounted_weights = [], []
    grown, discounted = 1.0, 1.0
    for share in shares[:PAYBACK_MONTHS_MAX]:
        value_weights.append(share * grown)
        discounted_weights.append(share * grown * discounted)
        grown *= 1 + growth
        discounted /= 1 + discount
    running = _running_sums(margin, discounted_weights[:horizon])
    return _Curve(
        ltv=running[-1],
        lifetime=plain_sum(shares[:horizon]),
        payback=summed_payback(cac, margin, value_weights),
        discounted_payback=summed_payback(cac, margin, discounted_weights),
        never_pays_back=NEVER_PAYS_BACK_FITTED,
        simple_ltv=_fitted_benchmark(margin, growth, fit),
        why_no_simple_ltv=_why_no_benchmark(growth),
        running=running,
        shares=shares,
    )


def _fitted_benchmark(margin: float, growth: float, fit: Fit) -> float | None:
    """m·Σ_{t≥0} S(t) = m·(α+β-1)/(α-1), the sBG's expected lifetime E[1/p] (finite only for α > 1).

    Exact, not a sum to some cap: on a fitted curve the uncapped sum rests entirely on the curve's
    tail, and for α ≤ 1 it has no limit. Only with flat revenue: Σ S(t)(1+g)^t has no closed form,
    and for g > 0 no limit either (S falls like t^-α, slower than any growth compounds).
    """
    if growth != 0 or fit.alpha <= 1:
        return None
    return margin * (fit.alpha + fit.beta - 1) / (fit.alpha - 1)


def _why_no_benchmark(growth: float) -> Note:
    if growth > 0:
        return GROWTH_OUTGROWS_FITTED_CURVE
    return VALUE_OUTGROWS_FITTED_CURVE if growth == 0 else BENCHMARK_NEEDS_FLAT_REVENUE


def _running_sums(first: float, weights: list[float]) -> list[float]:
    """first·Σ_{s≤t} weights[s] for each t, month by month."""
    totals, total = [], 0.0
    for weight in weights:
        total += first * weight
        totals.append(total)
    return totals


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
    constraints=retention_constraints(WHO),
)
