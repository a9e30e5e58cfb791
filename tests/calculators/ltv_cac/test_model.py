"""ltv_cac against values worked out by hand (calculators-spec.md, `ltv_cac`)."""

from __future__ import annotations

import pytest

from calculators import run
from calculators.ltv_cac.model import ratio_band


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


def test_series() -> None:
    result = run("ltv_cac", {"horizon_months": 3, "monthly_churn": 0, "annual_discount_rate": 0})
    assert result["series"] == {
        "month": [1.0, 2.0, 3.0],
        "cumulative_value": [60.0, 120.0, 180.0],
        "cac": [300.0, 300.0, 300.0],
    }
    full = run("ltv_cac", {})
    assert full["series"]["cumulative_value"][-1] == pytest.approx(full["outputs"]["ltv"], rel=1e-12)
