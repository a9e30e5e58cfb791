"""The solvers of the LTV / CAC exercises (texts and answers asked for: exercises.toml)."""

from __future__ import annotations

from collections.abc import Mapping

from calculators.core import Number
from calculators.exercises import Given, Shown, Solved, Solver, bisect, choice_label, number, or_infinity, outputs
from calculators.finance import integer_power, monthly_rate

LTV = "ltv_cac"
PAYBACK_TARGET_MONTHS = 12.0
HEALTHY_LOW, HEALTHY_HIGH = 3.0, 5.0  # the healthy band of ratio_band
# ltv-retention-or-cac: A, a membership programme (lower churn, a cost every member-month);
# B, a cheaper channel whose bargain hunters churn faster.
CHURN_A, PROGRAMME_COST = 7.0, 1.5
CAC_B, CHURN_B = 120.0, 10.0
LONGEST_HORIZON = 600  # ltv-saas-benchmark: the horizon field's bound, as good as none at 2 % churn


def _solve_ltv_read_verdict(s: Mapping[str, Number]) -> Solved:
    out = outputs(LTV, s)
    ratio, payback = number(out, "ltv_cac_ratio"), number(out, "payback_months")
    simple, band = number(out, "simple_payback_months"), str(out["ratio_band"])
    return Solved(
        answers={"ratio": ratio, "band": band, "payback": payback},
        facts={
            "margin": Shown(number(out, "monthly_margin"), "money"),
            "ltv": Shown(number(out, "ltv"), "money"),
            "ratio": Shown(ratio, "ratio"),
            "band_label": choice_label(LTV, "ratio_band", band),
            "payback": Shown(payback, "months"),
            "simple": Shown(simple, "months"),
            "gap": Shown(payback - simple, "months"),
            "simple_ratio": Shown(number(out, "simple_ltv_cac_ratio"), "ratio"),
        },
    )


def _solve_ltv_max_cac(s: Mapping[str, Number]) -> Solved:
    out = outputs(LTV, s)
    ltv = number(out, "ltv")  # LTV does not depend on CAC, so CAC = LTV ÷ ratio
    cac_high, cac_low = ltv / HEALTHY_HIGH, ltv / HEALTHY_LOW
    return Solved(
        answers={"cac_5x": cac_high, "cac_3x": cac_low},
        facts={
            "ltv": Shown(ltv, "money"),
            "ratio": Shown(number(out, "ltv_cac_ratio"), "ratio"),
            "band_label": choice_label(LTV, "ratio_band", str(out["ratio_band"])),
            "cac_5x": Shown(cac_high, "money"),
            "cac_3x": Shown(cac_low, "money"),
            "high": Given(HEALTHY_HIGH, "ratio"),
            "low": Given(HEALTHY_LOW, "ratio"),
        },
        show={"cac": round(cac_low, 2)},
    )


def _solve_ltv_payback_churn(s: Mapping[str, Number]) -> Solved:
    def excess(churn: float) -> float:
        payback = or_infinity(outputs(LTV, {**s, "monthly_churn": churn}), "payback_months")
        return payback - PAYBACK_TARGET_MONTHS

    churn = bisect(excess, 0.0, 99.0)
    now = outputs(LTV, s)
    return Solved(
        answers={"churn": churn},
        facts={
            "margin": Shown(number(now, "monthly_margin"), "money"),
            "churn": Shown(churn, "percent"),
            "payback_now": Shown(number(now, "payback_months"), "months"),
            "ratio_now": Shown(number(now, "ltv_cac_ratio"), "ratio"),
            "target": Given(PAYBACK_TARGET_MONTHS, "months"),
            "target_shown": Shown(PAYBACK_TARGET_MONTHS, "months"),
        },
        show={"monthly_churn": round(churn, 2)},
    )


def _solve_ltv_retention_or_cac(s: Mapping[str, Number]) -> Solved:
    option_a = {**s, "monthly_churn": CHURN_A, "variable_cost_per_month": PROGRAMME_COST}
    option_b = {**s, "cac": CAC_B, "monthly_churn": CHURN_B}
    now, out_a, out_b = outputs(LTV, s), outputs(LTV, option_a), outputs(LTV, option_b)
    value_a = number(out_a, "ltv") - float(s["cac"])
    value_b = number(out_b, "ltv") - CAC_B
    better = "a" if value_a > value_b else "b"

    def gap(cost: float) -> float:  # A's value per customer less B's, as the programme's cost varies
        return number(outputs(LTV, {**option_a, "variable_cost_per_month": cost}), "ltv") - float(s["cac"]) - value_b

    # A's LTV falls one for one with the programme's monthly cost (times the discounted lifetime), so
    # A matches B at one cost; below zero A loses whatever it costs.
    margin_now = number(now, "monthly_margin")
    max_cost = bisect(gap, 0.0, margin_now) if gap(0.0) > 0 else 0.0
    # Without the costs: A's churn for free, B's cheaper CAC with the old churn.
    ratio_a_free = number(outputs(LTV, {**s, "monthly_churn": CHURN_A}), "ltv_cac_ratio")
    ratio_b_free = number(now, "ltv") / CAC_B
    return Solved(
        answers={"better": better, "value": max(value_a, value_b), "max_cost": max_cost},
        facts={
            "churn_a": Given(CHURN_A, "percent"),
            "cost_a": Given(PROGRAMME_COST, "money"),
            "cac_b": Given(CAC_B, "money"),
            "churn_b": Given(CHURN_B, "percent"),
            "ratio_now": Shown(number(now, "ltv_cac_ratio"), "ratio"),
            "ltv_now": Shown(number(now, "ltv"), "money"),
            "margin_now": Shown(margin_now, "money"),
            "margin_a": Shown(number(out_a, "monthly_margin"), "money"),
            "ltv_a": Shown(number(out_a, "ltv"), "money"),
            "ltv_b": Shown(number(out_b, "ltv"), "money"),
            "value_a": Shown(value_a, "money"),
            "value_b": Shown(value_b, "money"),
            "ratio_a": Shown(number(out_a, "ltv_cac_ratio"), "ratio"),
            "ratio_b": Shown(number(out_b, "ltv_cac_ratio"), "ratio"),
            "ratio_a_free": Shown(ratio_a_free, "ratio"),
            "ratio_b_free": Shown(ratio_b_free, "ratio"),
            "value": Shown(max(value_a, value_b), "money"),
            "max_cost": Shown(max_cost, "money"),
        },
        show={"monthly_churn": CHURN_A, "variable_cost_per_month": PROGRAMME_COST}
        if better == "a"
        else {"cac": CAC_B, "monthly_churn": CHURN_B},
    )


def _solve_ltv_saas_benchmark(s: Mapping[str, Number]) -> Solved:
    now = outputs(LTV, s)
    simple_ltv, ltv = number(now, "simple_ltv"), number(now, "ltv")
    simple_ratio, ratio = number(now, "simple_ltv_cac_ratio"), number(now, "ltv_cac_ratio")
    verdict = "pass" if simple_ratio >= HEALTHY_LOW else "fail"
    # One restriction at a time: the horizon without discounting, discounting with (almost) no horizon.
    capped = number(outputs(LTV, {**s, "annual_discount_rate": 0.0}), "ltv_cac_ratio")
    discounted = number(outputs(LTV, {**s, "horizon_months": LONGEST_HORIZON}), "ltv_cac_ratio")
    horizon = int(s["horizon_months"])
    beyond = integer_power(1 - s["monthly_churn"] / 100, horizon)  # undiscounted value after the horizon
    return Solved(
        answers={
            "simple_ratio": simple_ratio,
            "ratio": ratio,
            "verdict": verdict,
            "lost": (1 - ltv / simple_ltv) * 100,
        },
        facts={
            "margin": Shown(number(now, "monthly_margin"), "money"),
            "simple_now": Given(round(number(now, "simple_payback_months"), 1), "months"),
            "payback_now": Shown(number(now, "payback_months"), "months"),
            "healthy": Given(HEALTHY_LOW, "ratio"),
            "simple_ltv": Shown(simple_ltv, "money"),
            "ltv": Shown(ltv, "money"),
            "simple_ratio": Shown(simple_ratio, "ratio"),
            "ratio": Shown(ratio, "ratio"),
            "lost": Shown((1 - ltv / simple_ltv) * 100, "percent"),
            "lifetime": Shown(100 / s["monthly_churn"], "months"),
            "beyond": Shown(beyond * 100, "percent"),
            "capped": Shown(capped, "ratio"),
            "discounted": Shown(discounted, "ratio"),
            "band_label": choice_label(LTV, "ratio_band", str(now["ratio_band"])),
        },
    )


def _solve_ltv_discounted_payback(s: Mapping[str, Number]) -> Solved:
    out = outputs(LTV, s)
    horizon = float(s["horizon_months"])

    def short_of_horizon(rate: float) -> float:
        # Discounted payback less the horizon; "never" counts as beyond it.
        return or_infinity(outputs(LTV, {**s, "annual_discount_rate": rate}), "discounted_payback_months") - horizon

    max_rate = bisect(short_of_horizon, 0.0, float(s["annual_discount_rate"]))
    margin = number(out, "monthly_margin")
    q = (1 - s["monthly_churn"] / 100) / (1 + monthly_rate(s["annual_discount_rate"]))
    return Solved(
        answers={
            "payback": number(out, "payback_months"),
            "ratio": number(out, "ltv_cac_ratio"),
            "max_rate": max_rate,
        },
        facts={
            "margin": Shown(margin, "money"),
            "payback": Shown(number(out, "payback_months"), "months"),
            "ratio": Shown(number(out, "ltv_cac_ratio"), "ratio"),
            "ltv": Shown(number(out, "ltv"), "money"),
            "limit": Shown(margin / (1 - q), "money"),  # the discounted value with no horizon at all
            "max_rate": Shown(max_rate, "percent"),
            "horizon_shown": Shown(horizon, "months"),
            "band_label": choice_label(LTV, "ratio_band", str(out["ratio_band"])),
        },
        show={"annual_discount_rate": round(max_rate, 4)},
    )


SOLVERS: dict[str, Solver] = {
    "ltv-read-verdict": _solve_ltv_read_verdict,
    "ltv-max-cac": _solve_ltv_max_cac,
    "ltv-payback-churn": _solve_ltv_payback_churn,
    "ltv-retention-or-cac": _solve_ltv_retention_or_cac,
    "ltv-saas-benchmark": _solve_ltv_saas_benchmark,
    "ltv-discounted-payback": _solve_ltv_discounted_payback,
}
