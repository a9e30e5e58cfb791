"""ltv_cac against values worked out by hand (calculators-spec.md, `ltv_cac`)."""

from __future__ import annotations

import pytest

from calculators import ValidationError, run
from calculators.ltv_cac.model import ratio_band
from calculators.registry import CALCULATORS, PRESENTATIONS


def outputs(**inputs: object) -> dict[str, object]:
    return run("ltv_cac", inputs)["outputs"]


def codes(**inputs: object) -> set[str]:
    return {n["code"] for n in run("ltv_cac", inputs)["notes"]}


def test_defaults() -> None:
    # m = 100·0.60 = 60; d = 1.1^(1/12) - 1 = 0.0079741404; q = 0.95/1.0079741404 = 0.9424846
    # G(q, 60) = (1 - q^60)/(1 - q) = (1 - 0.0286011)/0.0575154 = 16.889260 → LTV = 60·16.889260 = 1013.356
    # ratio = 1013.356/300 = 3.3779 (healthy)
    # payback = ln(1 - 300·0.05/60)/ln(0.95) = ln 0.75/ln 0.95 = 5.6086
    out = outputs()
    assert out["monthly_margin"] == 60.0
    assert out["ltv"] == pytest.approx(1013.3555822775, rel=1e-10)
    assert out["ltv_cac_ratio"] == pytest.approx(3.3778519409, rel=1e-10)
    assert out["ratio_band"] == "healthy"
    assert out["payback_months"] == pytest.approx(5.6085707866, rel=1e-10)
    assert out["simple_payback_months"] == 5.0
    # (1 - 0.95^60)/0.05 = (1 - 0.0460698)/0.05 = 19.078604
    assert out["expected_lifetime_months"] == pytest.approx(19.078604020, rel=1e-9)
    assert codes() == set()


def test_churn_zero_and_no_discount_is_margin_times_horizon() -> None:
    out = outputs(monthly_churn=0, annual_discount_rate=0, horizon_months=24)
    assert out["ltv"] == 1440.0  # 60·24, summed exactly
    assert out["expected_lifetime_months"] == 24.0
    assert out["payback_months"] == 5.0  # c = 0: CAC/m
    assert out["ltv_cac_ratio"] == pytest.approx(4.8)


def test_churn_zero_with_discount_stays_finite() -> None:
    # q = 1/(1+d): a 600-month horizon of 60 a month, discounted at 10 % a year
    out = outputs(monthly_churn=0, horizon_months=600)
    d = 1.1 ** (1 / 12) - 1
    q = 1 / (1 + d)
    assert out["ltv"] == pytest.approx(60 * (1 - q**600) / (1 - q), rel=1e-12)


def test_free_acquisition() -> None:
    out = outputs(cac=0)
    assert out["ltv_cac_ratio"] is None and out["ratio_band"] is None
    assert out["payback_months"] == 0.0 and out["simple_payback_months"] == 0.0
    assert codes(cac=0) == {"free_acquisition"}


def test_zero_margin_never_pays_back() -> None:
    out = outputs(gross_margin=0)
    assert out["ltv"] == 0.0 and out["ltv_cac_ratio"] == 0.0 and out["ratio_band"] == "loss"
    assert out["payback_months"] is None and out["simple_payback_months"] is None
    assert codes(gross_margin=0) == {"never_pays_back", "no_margin"}


def notes(**inputs: object) -> dict[str, tuple[str, str]]:
    return {n["code"]: (n["en"], n["zh"]) for n in run("ltv_cac", inputs)["notes"]}


@pytest.mark.parametrize(
    ("inputs", "en", "zh"),
    [
        ({"arpu": 0}, "Revenue per customer is zero", "每位客户月均收入为零"),
        ({"arpu": 0, "variable_cost_per_month": 5}, "Revenue per customer is zero", "每位客户月均收入为零"),
        ({"gross_margin": 0}, "The gross margin is 0%", "毛利率为 0%"),
        (
            {"variable_cost_per_month": 60},
            "The cost to serve takes up the whole gross margin",
            "每月服务成本吃掉了全部毛利",
        ),
        (
            {"variable_cost_per_month": 80},
            "The cost to serve takes up the whole gross margin",
            "每月服务成本吃掉了全部毛利",
        ),
    ],
)
def test_a_missing_margin_is_explained_by_its_own_cause(inputs: dict[str, object], en: str, zh: str) -> None:
    found = notes(**inputs)
    assert found["no_margin"][0].startswith(en) and found["no_margin"][1].startswith(zh)
    # Churn is not to blame when there is no margin at all, in either language.
    never_en, never_zh = found["never_pays_back"]
    assert "churn" not in never_en and "流失" not in never_zh
    assert "no margin" in never_en and "没有毛利" in never_zh
    # Only the cost to serve is blamed on the cost to serve.
    blames_cost = "cost to serve" in found["no_margin"][0]
    assert blames_cost == ("variable_cost_per_month" in inputs and inputs.get("arpu") != 0)
    assert ("服务成本" in found["no_margin"][1]) == blames_cost


@pytest.mark.parametrize("churn", [20, 25, 99.9])
def test_never_pays_back_when_all_future_margin_is_below_cac(churn: float) -> None:
    # Σ m(1-c)^t = m/c = 60/0.20 = 300 = CAC exactly: reached only in the limit, so never.
    out = outputs(monthly_churn=churn)
    assert out["payback_months"] is None
    assert out["simple_payback_months"] == 5.0
    assert codes(monthly_churn=churn) == {"never_pays_back"}
    en, zh = notes(monthly_churn=churn)["never_pays_back"]
    assert en.startswith("At this churn") and zh.startswith("在这一流失率下")


def test_horizon_one_counts_the_first_month_undiscounted() -> None:
    out = outputs(horizon_months=1)
    assert out["ltv"] == 60.0 and out["expected_lifetime_months"] == 1.0
    assert out["ltv_cac_ratio"] == pytest.approx(0.2) and out["ratio_band"] == "loss"


def test_tiny_churn_no_longer_divides_by_zero() -> None:
    # Regression: ln(1 - 1e-40) evaluated to 0. The payback tends to CAC/m = 5.
    assert outputs(monthly_churn=1e-38)["payback_months"] == pytest.approx(5.0, rel=1e-12)


@pytest.mark.parametrize(
    ("ratio", "band"),
    [
        (None, None),
        (0.0, "loss"),
        (0.999, "loss"),
        (1.0, "weak"),
        (2.999, "weak"),
        (3.0, "healthy"),
        (5.0, "healthy"),
        (5.0001, "under_investing"),
    ],
)
def test_ratio_bands(ratio: float | None, band: str | None) -> None:
    assert ratio_band(ratio) == band


def test_the_verdict_says_its_basis_and_where_each_threshold_comes_from() -> None:
    # The bands stand on the headline ratio and come from calculator sites; Skok's 3× and 12 months stand
    # on margin ÷ churn, so the verdict's formula sends the reader to the benchmark ratio for his test.
    formula = PRESENTATIONS["ltv_cac"].formulas["ratio_band"]
    benchmark = next(o for o in CALCULATORS["ltv_cac"].outputs if o.key == "simple_ltv_cac_ratio").label
    words = (("en", "calculators", "margin ÷ churn"), ("zh", "计算器", "毛利 ÷ 流失率"))
    for lang, calculators_word, skok_basis in words:
        text = formula(lang)
        assert "Skok" in text and "12" in text and "3" in text
        assert calculators_word in text and skok_basis in text
        assert benchmark(lang) in text, lang


def test_series() -> None:
    result = run("ltv_cac", {"horizon_months": 3, "monthly_churn": 0, "annual_discount_rate": 0})
    assert result["series"] == {
        "month": [1.0, 2.0, 3.0],
        "cumulative_value": [60.0, 120.0, 180.0],
        "cac": [300.0, 300.0, 300.0],
        # The retention chart: no churn keeps everyone; no retention points given.
        "retention_curve": [100.0, 100.0, 100.0],
        "retention_given": [],
        "retention_points_month": [],
        "retention_points": [],
    }
    full = run("ltv_cac", {})
    assert full["series"]["cumulative_value"][-1] == pytest.approx(full["outputs"]["ltv"], rel=1e-12)


# ------------------------------------------------------------------ a fitted retention curve (spec v2)
RETENTION = {"retention_m1": 80, "retention_m3": 65, "retention_m12": 45}


def sbg_shares(alpha: float, beta: float, months: int) -> list[float]:
    shares = [1.0]
    for t in range(months):
        shares.append(shares[-1] * (beta + t) / (alpha + beta + t))
    return shares


def test_a_fitted_curve_replaces_the_churn_rate_everywhere() -> None:
    r = run("ltv_cac", RETENTION)
    out = r["outputs"]
    alpha, beta = out["sbg_alpha"], out["sbg_beta"]
    assert alpha == pytest.approx(0.3029, rel=1e-3) and beta == pytest.approx(1.2386, rel=1e-3)
    assert out["fit_rmse_pp"] == pytest.approx(0.2605, rel=1e-3)
    # An independent walk: 60 a month while the customer is still there, discounted at 10 % a year.
    d = 1.1 ** (1 / 12)
    shares = sbg_shares(alpha, beta, 1200)
    assert out["ltv"] == pytest.approx(sum(60 * shares[t] / d**t for t in range(60)), rel=1e-12)
    assert out["expected_lifetime_months"] == pytest.approx(sum(shares[:60]), rel=1e-12)
    running = [sum(60 * shares[s] for s in range(t)) for t in range(9)]
    k = next(t for t in range(9) if running[t + 1] >= 300)  # the month in which 300 is reached
    assert out["payback_months"] == pytest.approx(k + (300 - running[k]) / (60 * shares[k]), rel=1e-12)
    assert out["simple_ltv"] is None  # α < 1: the curve's expected lifetime has no limit
    assert codes(**RETENTION) == {"using_fitted_retention", "extrapolating", "value_outgrows_churn"}
    # The churn field no longer matters.
    assert run("ltv_cac", {**RETENTION, "monthly_churn": 30})["outputs"] == out


def test_constant_churn_points_give_the_constant_churn_model() -> None:
    """Points on (1-c)^t: the fit runs to the geometric edge of its box and the LTV agrees closely."""
    for churn in (2, 5, 12):
        points = {f"retention_m{t}": 100 * (1 - churn / 100) ** t for t in (1, 3, 6, 12, 24)}
        fitted, plain = outputs(**points, monthly_churn=churn), outputs(monthly_churn=churn)
        assert fitted["ltv"] == pytest.approx(plain["ltv"], rel=1e-3)
        assert fitted["expected_lifetime_months"] == pytest.approx(plain["expected_lifetime_months"], rel=1e-3)
        assert fitted["payback_months"] == pytest.approx(plain["payback_months"], rel=2e-2)
        assert fitted["simple_ltv"] == pytest.approx(plain["simple_ltv"], rel=1e-3)
        assert fitted["fit_rmse_pp"] < 0.01


def test_the_benchmark_basis_on_a_fitted_curve_is_its_expected_lifetime() -> None:
    # α > 1: Σ S(t) = (α+β-1)/(α-1); checked against a long sum (the tail beyond is below 1e-6).
    shares = sbg_shares(4.0, 20.0, 24)
    points = {f"retention_m{t}": 100 * shares[t] for t in (1, 3, 6, 12, 24)}
    out = outputs(**points)
    assert out["sbg_alpha"] == pytest.approx(4.0, rel=1e-6)
    long_sum = sum(sbg_shares(out["sbg_alpha"], out["sbg_beta"], 20000))
    assert out["simple_ltv"] == pytest.approx(60 * long_sum, rel=1e-6)
    assert out["simple_ltv_cac_ratio"] == pytest.approx(out["simple_ltv"] / 300)
    assert outputs(**points, arpu_growth=-1)["simple_ltv"] is None
    assert "benchmark_needs_flat_revenue" in codes(**points, arpu_growth=-1)
    assert outputs(**points, arpu_growth=1)["simple_ltv"] is None
    assert "value_outgrows_churn" in codes(**points, arpu_growth=1)


def test_fewer_than_two_points_keep_the_constant_churn_model() -> None:
    plain = run("ltv_cac", {})
    one = run("ltv_cac", {"retention_m3": 70})
    assert one["outputs"] == plain["outputs"] and one["outputs"]["sbg_alpha"] is None
    assert codes(retention_m3=70) == {"one_retention_point"}
    assert codes() == set()


def test_notes_of_a_fit() -> None:
    # H = 36 is 3× the last point: not yet extrapolating; 37 is.
    assert "extrapolating" not in codes(**RETENTION, horizon_months=36)
    assert "extrapolating" in codes(**RETENTION, horizon_months=37)
    # Accelerating churn, which no sBG curve can follow (its hazard only falls with time).
    assert "poor_fit" in codes(retention_m1=98, retention_m3=95, retention_m6=85, retention_m12=40, retention_m24=5)
    assert "poor_fit" not in codes(**RETENTION)


def test_a_fitted_payback_beyond_a_century_is_never() -> None:
    out = outputs(retention_m1=10, retention_m3=2, cac=1e6)
    assert out["payback_months"] is None
    en, zh = notes(retention_m1=10, retention_m3=2, cac=1e6)["never_pays_back"]
    assert "fitted" in en and "1,200 months" in en and "拟合" in zh and "1,200 个月" in zh


@pytest.mark.parametrize(
    ("inputs", "bad"),
    [
        ({"retention_m1": 60, "retention_m3": 70}, ["retention_m3"]),
        ({"retention_m1": 60, "retention_m6": 50, "retention_m24": 55}, ["retention_m24"]),
        ({"retention_m3": 40, "retention_m6": 45, "retention_m12": 50}, ["retention_m6", "retention_m12"]),
        ({"retention_m1": 60, "retention_m12": 60}, []),  # flat is allowed
        ({"retention_m1": 0, "retention_m3": 70, "retention_m6": 65}, []),  # 0 = not given
    ],
)
def test_retention_that_rises_is_an_error_on_the_later_point(inputs: dict[str, float], bad: list[str]) -> None:
    if not bad:
        run("ltv_cac", inputs)
        return
    with pytest.raises(ValidationError) as info:
        run("ltv_cac", inputs)
    assert [e.field for e in info.value.errors] == bad
    e = info.value.errors[0]
    assert e.code == "inconsistent"
    assert "earlier month" in e.en and "前面月份" in e.zh


def test_the_retention_series() -> None:
    series = run("ltv_cac", {**RETENTION, "horizon_months": 12})["series"]
    alpha, beta = outputs(**RETENTION)["sbg_alpha"], outputs(**RETENTION)["sbg_beta"]
    assert series["retention_curve"] == pytest.approx([100 * s for s in sbg_shares(alpha, beta, 12)[1:]])
    assert series["retention_points_month"] == [1.0, 3.0, 12.0] and series["retention_points"] == [80, 65, 45]
    joined = series["retention_given"]
    assert len(joined) == 12 and [joined[i] for i in (0, 1, 2, 11)] == pytest.approx([80, 72.5, 65, 45])
    assert run("ltv_cac", {})["series"]["retention_curve"][:2] == [95.0, 95.0 * 0.95]
