"""The solvers of the LTV / CAC exercises (texts and answers asked for: exercises.toml)."""

from __future__ import annotations

from collections.abc import Mapping

from calculators.core import Number
from calculators.exercises import Given, Shown, Solved, Solver, bisect, choice_label, number, or_infinity, outputs
from calculators.finance import integer_power

LTV = "ltv_cac"
PAYBACK_TARGET_MONTHS = 12.0
HEALTHY_LOW, HEALTHY_HIGH = 3.0, 5.0  # the healthy band of ratio_band
CHURN_CUT_PP = 2.0  # ltv-retention-or-cac, option A
CAC_CUT_SHARE = 0.2  # ltv-retention-or-cac, option B


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
    churn_a = s["monthly_churn"] - CHURN_CUT_PP
    cac_b = s["cac"] * (1 - CAC_CUT_SHARE)
    now = outputs(LTV, s)
    option_a = outputs(LTV, {**s, "monthly_churn": churn_a})
    option_b = outputs(LTV, {**s, "cac": cac_b})
    ratio_a, ratio_b = number(option_a, "ltv_cac_ratio"), number(option_b, "ltv_cac_ratio")
    better = "a" if ratio_a > ratio_b else "b"
    best = max(ratio_a, ratio_b)
    return Solved(
        answers={"better": better, "ratio": best},
        facts={
            "churn_a": Given(churn_a, "percent"),
            "cac_b": Given(cac_b, "money"),
            "ratio_now": Shown(number(now, "ltv_cac_ratio"), "ratio"),
            "ltv_now": Shown(number(now, "ltv"), "money"),
            "ltv_a": Shown(number(option_a, "ltv"), "money"),
            "ratio_a": Shown(ratio_a, "ratio"),
            "ratio_b": Shown(ratio_b, "ratio"),
            "ratio": Shown(best, "ratio"),
            "healthy": Given(HEALTHY_LOW, "ratio"),
        },
        show={"monthly_churn": churn_a} if better == "a" else {"cac": cac_b},
    )


def _solve_ltv_saas_benchmark(s: Mapping[str, Number]) -> Solved:
    def excess(churn: float) -> float:
        return number(outputs(LTV, {**s, "monthly_churn": churn}), "ltv_cac_ratio") - HEALTHY_LOW

    churn = bisect(excess, 0.0, float(s["monthly_churn"]))
    now = outputs(LTV, s)
    return Solved(
        answers={"churn": churn},
        facts={
            "margin": Shown(number(now, "monthly_margin"), "money"),
            "ratio_now": Shown(number(now, "ltv_cac_ratio"), "ratio"),
            "simple_now": Given(round(number(now, "simple_payback_months"), 1), "months"),
            "target_ltv": Shown(HEALTHY_LOW * s["cac"], "money"),
            "churn": Shown(churn, "percent"),
            "annual_churn": Shown((1 - integer_power(1 - churn / 100, 12)) * 100, "percent"),
            "healthy": Given(HEALTHY_LOW, "ratio"),
        },
        show={"monthly_churn": round(churn, 3)},
    )


SOLVERS: dict[str, Solver] = {
    "ltv-read-verdict": _solve_ltv_read_verdict,
    "ltv-max-cac": _solve_ltv_max_cac,
    "ltv-payback-churn": _solve_ltv_payback_churn,
    "ltv-retention-or-cac": _solve_ltv_retention_or_cac,
    "ltv-saas-benchmark": _solve_ltv_saas_benchmark,
}
