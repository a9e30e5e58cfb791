"""The shifted-beta-geometric fit (calculators/retention.py): it finds curves it is shown, fast."""

from __future__ import annotations

import math
import random
import time

import pytest

from calculators.retention import PARAM_MAX, PARAM_MIN, fit_sbg, log_survival, summed_payback, survival

MONTHS = (1, 3, 6, 12, 24)
KNOWN = [(0.7, 3.2), (1.5, 10.0), (0.2, 0.5), (5.0, 95.0), (50.0, 950.0), (0.05, 0.3), (3.0, 1.0), (1.2, 40.0)]


def sbg(alpha: float, beta: float, month: int) -> float:
    """S(t) from its definition, told step by step: each month the share left keeps (β+t-1)/(α+β+t-1)."""
    share = 1.0
    for t in range(1, month + 1):
        share *= (beta + t - 1) / (alpha + beta + t - 1)
    return share


def test_survival_follows_the_recursion() -> None:
    shares = survival(0.7, 3.2, 24)
    assert shares[0] == 1.0 and len(shares) == 25
    assert shares[1] == pytest.approx(3.2 / 3.9, rel=1e-15)
    assert all(shares[t] == pytest.approx(sbg(0.7, 3.2, t), rel=1e-14) for t in range(25))
    logs = log_survival(0.7, 3.2, [1, 6, 24])
    assert logs == pytest.approx([math.log(shares[t]) for t in (1, 6, 24)], rel=1e-14)


def test_log_survival_does_not_underflow() -> None:
    # S(600) with α = 1e6, β = 1e-6 is far below the smallest double; its logarithm is not.
    [log_share] = log_survival(1e6, 1e-6, [600])
    expected = sum(math.log((1e-6 + t) / (1e6 + 1e-6 + t)) for t in range(600))
    assert log_share == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(("alpha", "beta"), KNOWN)
def test_the_fit_recovers_a_curve_from_its_exact_points(alpha: float, beta: float) -> None:
    fit = fit_sbg([(t, sbg(alpha, beta, t)) for t in MONTHS])
    assert fit.alpha == pytest.approx(alpha, rel=1e-6)
    assert fit.beta == pytest.approx(beta, rel=1e-6)
    assert fit.rmse_pp < 1e-8


@pytest.mark.parametrize(("alpha", "beta"), KNOWN[:4])
def test_two_points_are_enough_for_two_parameters(alpha: float, beta: float) -> None:
    fit = fit_sbg([(3, sbg(alpha, beta, 3)), (12, sbg(alpha, beta, 12))])
    assert (fit.alpha, fit.beta) == pytest.approx((alpha, beta), rel=1e-5)


@pytest.mark.parametrize("seed", range(6))
def test_the_fit_finds_the_curve_behind_noisy_points(seed: int) -> None:
    """A cohort table's 36 monthly points with 1 % relative noise: α and β within 15 %, the curve
    within 1 percentage point over three years."""
    rng = random.Random(seed)
    alpha, beta = rng.uniform(0.4, 3.0), rng.uniform(2.0, 30.0)
    points = [(t, sbg(alpha, beta, t) * math.exp(rng.gauss(0, 0.01))) for t in range(1, 37)]
    fit = fit_sbg(points)
    assert fit.alpha == pytest.approx(alpha, rel=0.15) and fit.beta == pytest.approx(beta, rel=0.15)
    assert max(abs(sbg(fit.alpha, fit.beta, t) - sbg(alpha, beta, t)) for t in range(37)) < 0.01
    assert 0 < fit.rmse_pp < 2


@pytest.mark.parametrize("seed", range(6))
def test_five_noisy_points_still_give_the_curve(seed: int) -> None:
    rng = random.Random(100 + seed)
    alpha, beta = rng.uniform(0.4, 3.0), rng.uniform(2.0, 30.0)
    fit = fit_sbg([(t, sbg(alpha, beta, t) * math.exp(rng.gauss(0, 0.01))) for t in MONTHS])
    assert max(abs(sbg(fit.alpha, fit.beta, t) - sbg(alpha, beta, t)) for t in range(37)) < 0.02


@pytest.mark.parametrize("churn", [0.01, 0.05, 0.2, 0.6])
def test_constant_churn_points_give_back_the_constant_curve(churn: float) -> None:
    """(1-c)^t is the limit of large α and β; the fit runs to the edge of its box along that ridge."""
    fit = fit_sbg([(t, (1 - churn) ** t) for t in MONTHS])
    assert fit.alpha / (fit.alpha + fit.beta) == pytest.approx(churn, rel=1e-3)
    assert max(fit.alpha, fit.beta) > 1e4
    for t in range(61):
        assert sbg(fit.alpha, fit.beta, t) == pytest.approx((1 - churn) ** t, rel=2e-3, abs=1e-9)
    assert fit.rmse_pp < 0.01


def test_extreme_points_stay_inside_the_box() -> None:
    for points in (
        [(1, 1.0), (3, 1.0)],  # nobody leaves: α at its floor
        [(1, 1e-300), (3, 1e-305)],  # everybody leaves at once: β at its floor
        [(1, 1.0), (24, 1e-300)],  # impossible for any curve: a poor fit, still finite
        [(1, 0.5), (24, 0.499999)],
    ):
        fit = fit_sbg(points)
        assert PARAM_MIN <= fit.alpha <= PARAM_MAX and PARAM_MIN <= fit.beta <= PARAM_MAX
        assert math.isfinite(fit.rmse_pp)
    assert fit_sbg([(1, 1.0), (3, 1.0)]).alpha == PARAM_MIN


def test_the_fit_is_deterministic_and_ignores_the_order_of_points() -> None:
    points = [(1, 0.8), (3, 0.65), (12, 0.45)]
    assert fit_sbg(points) == fit_sbg(list(reversed(points))) == fit_sbg(points)


def test_fit_rmse_is_the_gap_at_the_points_in_percentage_points() -> None:
    points = [(1, 0.8), (3, 0.65), (12, 0.45)]
    fit = fit_sbg(points)
    gaps = [100 * (sbg(fit.alpha, fit.beta, t) - share) for t, share in points]
    assert fit.rmse_pp == pytest.approx(math.sqrt(sum(g * g for g in gaps) / 3), rel=1e-9)


def test_the_fit_rejects_what_it_cannot_fit() -> None:
    for points in ([(1, 0.8)], [(0, 1.0), (3, 0.5)], [(3, 0.6), (3, 0.5)]):
        with pytest.raises(ValueError):
            fit_sbg(points)


def test_fits_are_fast() -> None:
    """The fits the calculators run (five points, here any falling shares): about 2 ms each in CPython
    (at worst ~4 ms, where the best curve is the constant-churn edge of the box); 10 ms allowed on a busy machine."""
    rng = random.Random(5)
    start = time.perf_counter()
    for _ in range(200):
        shares = sorted((rng.uniform(0.001, 1.0) for _ in MONTHS), reverse=True)
        fit_sbg(list(zip(MONTHS, shares, strict=True)))
    assert (time.perf_counter() - start) / 200 < 0.01


def test_summed_payback_interpolates_inside_the_crossing_month() -> None:
    weights = [1.0, 0.5, 0.25]
    assert summed_payback(0, 10, weights) == 0.0
    assert summed_payback(10, 10, weights) == 1.0  # the first month's cash covers it exactly
    assert summed_payback(12.5, 10, weights) == 1.5  # half of month 2's 5
    assert summed_payback(18, 10, weights) is None  # 17.5 is all there is
    assert summed_payback(5, 0, weights) is None


@pytest.mark.parametrize("module", ["retention.py", "cohort_table.py", "ltv_cac/model.py", "pool_migration/model.py"])
def test_no_builtin_sum_of_floats(module: str) -> None:
    """sum() of floats compensates its rounding from Python 3.12 (Pyodide) but not in 3.11: plain_sum instead."""
    import ast
    from pathlib import Path

    import calculators

    source = (Path(calculators.__file__).parent / module).read_text(encoding="utf-8")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id != "sum", f"{module}:{node.lineno} calls sum()"
