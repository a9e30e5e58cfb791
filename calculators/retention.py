"""Retention curves: the shifted-beta-geometric (sBG) survival and its fit to a few points.

calculators-spec.md, Version 2, "Retention curves instead of one churn rate".
Fader & Hardie (2007), "How to project customer retention": each customer
leaves in a month with their own probability p, and p varies across customers
as Beta(α, β). The share still there after t months is

    S(0) = 1,  S(t) = S(t-1)·(β+t-1)/(α+β+t-1),

which falls fast at first (the fickle leave) and then flattens (the loyal stay),
unlike one constant churn rate. Large α and β with α/(α+β) = c give back (1-c)^t.

The fit minimises Σ_k (ln S(t_k) - ln Ŝ_k)² over (a, b) = (ln α, ln β) by
Levenberg–Marquardt: two parameters, an analytic Jacobian (sums of 1/(β+i-1)
and 1/(α+β+i-1), no special functions), so each iteration costs one pass over
the months and a 2×2 solve, and it converges in a few dozen iterations where
Nelder–Mead needs hundreds of evaluations. It runs from three starting points
along the constant-churn line and keeps the best, so a poor start cannot strand
it; (a, b) stay inside a box (α, β in [1e-6, 1e6]) because data that a constant
churn fits perfectly pull α and β to infinity along a ridge. Everything is
+ − × ÷ and finance.ln / normal.exp, so CPython and Pyodide agree to the bit.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from calculators.core import Constraint, Field, Note, Number, Text
from calculators.finance import LN2_HI, LN2_LO, ln
from calculators.normal import exp

PARAM_MIN, PARAM_MAX = 1e-6, 1e6
LN2 = LN2_HI + LN2_LO
LOG_MIN, LOG_MAX = ln(PARAM_MIN), ln(PARAM_MAX)
START_CONCENTRATIONS = (1.0, 10.0, 100.0)  # α + β of each start: very mixed, mixed, nearly uniform
MAX_ITERATIONS = 100  # (a few dozen suffice; the cap only stops a slow walk along the constant-churn ridge)
SHARE_MIN = 1e-300  # a share typed smaller is held here, so that its logarithm stays finite


@dataclass(frozen=True)
class Fit:
    """The fitted curve and how far it misses the points (root-mean-square, in percentage points)."""

    alpha: float
    beta: float
    rmse_pp: float


def survival(alpha: float, beta: float, months: int) -> list[float]:
    """[S(0), S(1), …, S(months)] by the recursion (a product of ratios below 1: it may reach 0, never overflows)."""
    shares, share = [1.0], 1.0
    for t in range(1, months + 1):
        share *= (beta + t - 1) / (alpha + beta + t - 1)
        shares.append(share)
    return shares


def log_survival(alpha: float, beta: float, months: Sequence[int]) -> list[float]:
    """ln S(t) at the given months (ascending): the product of the ratios, with its binary exponent
    taken out whenever it gets small (so it cannot underflow), and a logarithm only at each month asked."""
    logs, share, exponent, t = [], 1.0, 0, 0
    for month in months:
        while t < month:
            share *= (beta + t) / (alpha + beta + t)
            t += 1
            if share < 1e-200:
                share, shift = math.frexp(share)
                exponent += shift
        logs.append(ln(share) + exponent * LN2)
    return logs


def fit_sbg(points: Sequence[tuple[int, float]]) -> Fit:
    """α, β of the sBG curve nearest the points on a log scale.

    ``points`` are (month ≥ 1, share still active as a fraction, 0 < share ≤ 1), at least two,
    months distinct. Deterministic: the same points give the same bits in every runtime.
    """
    ordered = sorted(points)
    if any(not 0 < share <= 1 for _, share in ordered):
        raise ValueError("fit_sbg needs shares in (0, 1]")
    months = [month for month, _ in ordered]
    targets = [ln(share) for _, share in ordered]
    if len(ordered) < 2 or months[0] < 1 or len(set(months)) != len(months):
        raise ValueError("fit_sbg needs two or more points at distinct months ≥ 1")
    churn = _equivalent_churn(months[-1], targets[-1])
    best: tuple[float, float, float] | None = None
    for concentration in START_CONCENTRATIONS:
        start = (_clamp(ln(churn * concentration)), _clamp(ln((1 - churn) * concentration)))
        found = _levenberg_marquardt(start, months, targets)
        if best is None or found[2] < best[2]:
            best = found
    assert best is not None
    alpha, beta = _parameter(best[0]), _parameter(best[1])
    fitted = log_survival(alpha, beta, months)
    squares = 0.0
    for log_fitted, (_, share) in zip(fitted, ordered, strict=True):
        gap = 100 * (exp(log_fitted) - share)
        squares += gap * gap
    return Fit(alpha, beta, math.sqrt(squares / len(ordered)))


def _equivalent_churn(month: int, log_share: float) -> float:
    """The constant churn that reaches the last point: 1 - Ŝ^(1/t), kept inside (0, 1)."""
    churn = -(exp(log_share / month) - 1)
    return min(max(churn, 1e-4), 1 - 1e-4)


def plain_sum(values: Iterable[float]) -> float:
    """Left-to-right addition. Not builtin sum(): from Python 3.12 it compensates float rounding, so the
    3.11 tests and the 3.12 of Pyodide would disagree in the last bits."""
    total = 0.0
    for value in values:
        total += value
    return total


def _parameter(log_value: float) -> float:
    """α or β from its logarithm; a bound exactly (1e6, not exp(ln 1e6) = 999999.9999999995)."""
    if log_value <= LOG_MIN:
        return PARAM_MIN
    return PARAM_MAX if log_value >= LOG_MAX else exp(log_value)


def _clamp(x: float) -> float:
    return min(max(x, LOG_MIN), LOG_MAX)


def _residuals(a: float, b: float, months: Sequence[int], targets: Sequence[float]) -> tuple[list[float], float]:
    residuals = [fit - target for fit, target in zip(log_survival(exp(a), exp(b), months), targets, strict=True)]
    return residuals, plain_sum(r * r for r in residuals)


def _jacobian(a: float, b: float, months: Sequence[int]) -> list[tuple[float, float]]:
    """d ln S(t)/d(ln α) = -α·Σ 1/(α+β+i-1) and d ln S(t)/d(ln β) = β·Σ (1/(β+i-1) - 1/(α+β+i-1))."""
    alpha, beta = exp(a), exp(b)
    rows, sum_total, sum_beta, t = [], 0.0, 0.0, 0
    for month in months:
        while t < month:
            t += 1
            sum_total += 1 / (alpha + beta + t - 1)
            sum_beta += 1 / (beta + t - 1)
        rows.append((-alpha * sum_total, beta * (sum_beta - sum_total)))
    return rows


def _levenberg_marquardt(
    start: tuple[float, float], months: Sequence[int], targets: Sequence[float]
) -> tuple[float, float, float]:
    """(ln α, ln β, objective) at the end of a damped Gauss–Newton descent kept inside the box."""
    a, b = start
    residuals, objective = _residuals(a, b, months, targets)
    damping, step, gain = 1e-3, 0.0, 0.0
    for _ in range(MAX_ITERATIONS):
        jac = _jacobian(a, b, months)
        h11 = plain_sum(ja * ja for ja, _ in jac)
        h12 = plain_sum(ja * jb for ja, jb in jac)
        h22 = plain_sum(jb * jb for _, jb in jac)
        g1 = plain_sum(ja * r for (ja, _), r in zip(jac, residuals, strict=True))
        g2 = plain_sum(jb * r for (_, jb), r in zip(jac, residuals, strict=True))
        improved = False
        while damping < 1e12:
            # (JᵀJ + λ·diag) δ = -Jᵀr; the small constant keeps a flat direction from dividing by zero.
            m11, m22 = h11 + damping * (h11 + 1e-12), h22 + damping * (h22 + 1e-12)
            det = m11 * m22 - h12 * h12
            if det <= 0:
                damping *= 4
                continue
            trial_a = _clamp(a - (m22 * g1 - h12 * g2) / det)
            trial_b = _clamp(b - (m11 * g2 - h12 * g1) / det)
            trial_residuals, trial_objective = _residuals(trial_a, trial_b, months, targets)
            if trial_objective < objective:
                step = max(abs(trial_a - a), abs(trial_b - b))
                gain = objective - trial_objective
                a, b, residuals = trial_a, trial_b, trial_residuals
                objective, improved = trial_objective, True
                damping = max(damping / 3, 1e-12)
                break
            damping *= 4
        if not improved or step < 1e-9 or gain <= 1e-12 * objective:
            break
    return a, b, objective


# ------------------------------------------------------------------ what the calculators share
# The retention fields, their rule, notes and series, used alike by every calculator that
# counts months of a customer's life (each passes the word for who stays: customers, members).

RETENTION_MONTHS = (1, 3, 6, 12, 24)
PAYBACK_MONTHS_MAX = 1200  # a payback on a fitted curve is looked for over 100 years, twice the longest horizon
EXTRAPOLATION_FACTOR = 3  # note `extrapolating` when the horizon exceeds the last point by this factor
POOR_FIT_PP = 2.0


def retention_field_name(month: int) -> str:
    return f"retention_m{month}"


def retention_fields(who: Text) -> tuple[Field, ...]:
    """retention_m1 … retention_m24: percent, 0 = not given (spec v2)."""
    return tuple(
        Field(
            retention_field_name(month),
            "percent",
            0,
            0,
            100,
            Text(f"Still active after {_months_en(month)}", f"{month} 个月后仍活跃的比例"),
            Text(
                f"Of {who.en} who started in the same month, the share still active (buying, not deleted)"
                f" {_months_en(month)} later. Give two months or more and the calculator fits a retention"
                " curve to them and uses it instead of the monthly churn; 0 = not given.",
                f"同一个月开始的{who.zh}中，{month} 个月后仍活跃（还在购买、没有删除或屏蔽）的比例。"
                "填两个及以上月份，计算器会据此拟合留存曲线，代替月流失率参与计算；填 0 表示不提供。",
            ),
        )
        for month in RETENTION_MONTHS
    )


def _months_en(month: int) -> str:
    return "1 month" if month == 1 else f"{month} months"


def retention_constraints(who: Text) -> tuple[Constraint, ...]:
    """A later point above an earlier one is an error on the later point: a cohort only shrinks."""
    return tuple(
        Constraint(
            retention_field_name(month),
            _not_above_earlier(month),
            Text(
                f"Cannot be above the retention you gave for an earlier month: a group of {who.en} only shrinks",
                f"不能高于前面月份填写的留存率：同一批{who.zh}只会越来越少",
            ),
        )
        for month in RETENTION_MONTHS[1:]
    )


def _not_above_earlier(month: int) -> Callable[[Mapping[str, Number]], bool]:
    def holds(v: Mapping[str, Number]) -> bool:
        share = v[retention_field_name(month)]
        earlier = [v[retention_field_name(m)] for m in RETENTION_MONTHS if m < month]
        return share == 0 or all(e == 0 or e >= share for e in earlier)

    return holds


def given_points(v: Mapping[str, Number]) -> list[tuple[int, float]]:
    """(month, share as a fraction) of the retention fields that are given (not 0)."""
    return [
        (month, max(v[retention_field_name(month)] / 100, SHARE_MIN))
        for month in RETENTION_MONTHS
        if v[retention_field_name(month)] > 0
    ]


def fitted_curve(v: Mapping[str, Number]) -> Fit | None:
    """The sBG fit to the given points, or None with fewer than two (the constant-churn model)."""
    points = given_points(v)
    return fit_sbg(points) if len(points) >= 2 else None


USING_FITTED_RETENTION = Note(
    "using_fitted_retention",
    "Retention follows the curve fitted to the retention points you gave (shifted-beta-geometric), so the"
    " monthly churn field is not used.",
    "留存按你填写的留存数据拟合出的曲线（移位贝塔几何分布）计算，月流失率一栏不再使用。",
)
EXTRAPOLATING = Note(
    "extrapolating",
    "The horizon is more than three times as long as your last retention point: much of the value counted"
    " comes from extending the curve beyond your data, so read it as a projection.",
    "计算期超过你最后一个留存数据点所在月份的 3 倍：计入的价值有很大一部分来自曲线在数据之外的外推，"
    "请把它当作预测来看。",
)
POOR_FIT = Note(
    "poor_fit",
    "The fitted curve misses your retention points by more than 2 percentage points (root mean square): they"
    " may not follow one retention pattern, so check them for a change in the business or a data error.",
    "拟合曲线与你填写的留存数据点相差超过 2 个百分点（均方根）：这些点可能不符合同一种留存规律，"
    "请核对业务是否有过变化、数据是否有误。",
)
ONE_RETENTION_POINT = Note(
    "one_retention_point",
    "One retention point is not enough to fit a curve: give at least two months. Until then the monthly churn"
    " field is used.",
    "只有一个留存数据点，无法拟合曲线，至少需要两个月份；在此之前仍按月流失率计算。",
)


def retention_notes(v: Mapping[str, Number], fit: Fit | None) -> list[Note]:
    """using_fitted_retention, extrapolating and poor_fit for a fitted curve; one_retention_point for one point."""
    points = given_points(v)
    if fit is None:
        return [ONE_RETENTION_POINT] if points else []
    notes = [USING_FITTED_RETENTION]
    if v["horizon_months"] > EXTRAPOLATION_FACTOR * points[-1][0]:
        notes.append(EXTRAPOLATING)
    if fit.rmse_pp > POOR_FIT_PP:
        notes.append(POOR_FIT)
    return notes


def summed_payback(cost: float, per_month: float, weights: Sequence[float]) -> float | None:
    """The smallest real n with per_month·Σ_{t<n} weights[t] ≥ cost, linear inside the crossing month.

    The month-by-month form of finance.payback for a survival curve with no closed form;
    None if the weights given (PAYBACK_MONTHS_MAX of them) never get there.
    """
    if cost <= 0:
        return 0.0
    if per_month <= 0:
        return None
    total = 0.0
    for month, weight in enumerate(weights):
        step = per_month * weight
        if total + step >= cost:
            return month + (cost - total) / step
        total += step
    return None


def retention_series(v: Mapping[str, Number], shares: Sequence[float], horizon: int) -> dict[str, list[float]]:
    """For the retention chart, months 1 … H: the curve the model uses, and the given points joined.

    ``shares`` is S(0), S(1), … (fitted, or (1-c)^t). The given points are joined by straight lines
    from 100 % at month 0 and stop at the last one; the points themselves are there too.
    """
    points = given_points(v)
    joined: list[float] = []
    known = [(0, 1.0), *points]
    for (m0, s0), (m1, s1) in itertools.pairwise(known):
        joined += [100 * (s0 + (s1 - s0) * (t - m0) / (m1 - m0)) for t in range(m0 + 1, min(m1, horizon) + 1)]
    return {
        "retention_curve": [100 * shares[t] for t in range(1, horizon + 1)],
        "retention_given": joined,
        "retention_points_month": [float(month) for month, _ in points],
        "retention_points": [100 * share for _, share in points],
    }


def constant_survival(churn: float, months: int) -> list[float]:
    """[(1-c)^0, …, (1-c)^months] by running product (the chart's curve without a fit)."""
    shares, share = [1.0], 1.0
    for _ in range(months):
        share *= 1 - churn
        shares.append(share)
    return shares
