"""pool_migration against values worked out by hand (calculators-spec.md, `pool_migration`)."""

from __future__ import annotations

import math

import pytest

from calculators import ValidationError, run

DELTA = 7.128 - 0.08 * (48 - 40 / 3)  # u_priv - u_pub at the defaults, see test_defaults


def result(**inputs: object) -> dict[str, object]:
    return run("pool_migration", inputs)


def codes(**inputs: object) -> set[str]:
    return {n["code"] for n in run("pool_migration", inputs)["notes"]}


def q_sum(churn: float = 0.05, annual: float = 0.12, months: int = 36) -> float:
    """G(q, H) summed month by month, for the hand checks."""
    q = (1 - churn) / (1 + annual) ** (1 / 12)
    return sum(q**t for t in range(months))


def test_spec_defaults() -> None:
    # M = 1.5 + 0.2/0.10 = 3.5
    # u_priv = 0.15·80·(0.65 - 0.006) - 0.6 = 7.728 - 0.6 = 7.128
    # ad cost per public repeat order = 0.5·80/3 = 13.333; u_pub = 0.08·(80·0.60 - 13.333) = 2.77333
    # Δ = 4.354667; q = 0.95/1.12^(1/12) = 0.941070; G(q, 36) = 15.0638 → PV = 65.597, NPV = 62.097
    # members = 100,000·0.10 = 10,000 → NPV total 620,972; ROI = 62.097/3.5 = 1,774 %
    # payback = ln(1 - 3.5·0.05/4.354667)/ln(0.95) = ln(0.959813)/ln(0.95) = 0.7996 months
    out = result()["outputs"]
    assert out["migration_cost_per_member"] == 3.5
    assert out["private_margin_per_member_month"] == pytest.approx(7.128, rel=1e-12)
    assert out["public_ad_cost_per_repeat_order"] == pytest.approx(40 / 3, rel=1e-12)
    assert out["public_margin_per_member_month"] == pytest.approx(2.7733333333, rel=1e-10)
    assert out["incremental_margin_per_member_month"] == pytest.approx(4.3546666667, rel=1e-10)
    assert out["pv_per_member"] == pytest.approx(DELTA * q_sum(), rel=1e-12)
    assert out["npv_per_member"] == pytest.approx(62.10, abs=0.005)
    assert out["npv_total"] == pytest.approx(620972, abs=0.5)
    assert out["members"] == 10000.0 and out["total_migration_cost"] == 35000.0
    assert out["roi"] == pytest.approx(62.0972241655 / 3.5 * 100, rel=1e-10)
    assert out["payback_months"] == pytest.approx(0.80, abs=0.005)
    assert out["payback_months"] == pytest.approx(math.log(1 - 3.5 * 0.05 / DELTA) / math.log(0.95), rel=1e-12)
    assert out["private_opex_per_order"] == pytest.approx(4.0)  # 0.6/0.15
    assert codes() == set()


def test_free_migration() -> None:
    out = result(incentive_per_member=0, cost_per_exposure=0)["outputs"]
    assert out["migration_cost_per_member"] == 0.0 and out["roi"] is None and out["payback_months"] == 0.0
    assert out["npv_per_member"] == out["pv_per_member"]
    assert codes(incentive_per_member=0, cost_per_exposure=0) == {"free_migration"}


def test_no_private_orders() -> None:
    out = result(private_orders_per_month=0)["outputs"]
    # u_priv = -opex = -0.6; Δ = -0.6 - 2.77333 = -3.37333 ≤ 0
    assert out["private_margin_per_member_month"] == -0.6
    assert out["incremental_margin_per_member_month"] == pytest.approx(-3.3733333333, rel=1e-10)
    assert out["private_opex_per_order"] is None and out["payback_months"] is None
    assert codes(private_orders_per_month=0) == {"never_pays_back", "no_private_orders", "no_breakeven_public_orders"}


def test_zero_increment_never_pays_back() -> None:
    # AOV 0 and no opex: both pools earn nothing, Δ = 0; NPV = -M; ROI = -100 %
    out = result(aov=0, opex_per_member_month=0)["outputs"]
    assert out["incremental_margin_per_member_month"] == 0.0
    assert out["npv_per_member"] == -3.5 and out["roi"] == -100.0 and out["payback_months"] is None
    assert codes(aov=0, opex_per_member_month=0) == {"never_pays_back", "no_breakeven_public_orders"}


def never_pays_back_note(**inputs: object) -> tuple[str, str]:
    [note] = [n for n in run("pool_migration", inputs)["notes"] if n["code"] == "never_pays_back"]
    return note["en"], note["zh"]


@pytest.mark.parametrize("inputs", [{"aov": 0, "opex_per_member_month": 0}, {"private_orders_per_month": 0}])
def test_no_extra_margin_is_not_blamed_on_churn(inputs: dict[str, object]) -> None:
    en, zh = never_pays_back_note(**inputs)
    assert en.startswith("The private pool earns no more a month") and zh.startswith("私域每月赚的并不比公域多")
    assert "leave" not in en and "流失" not in zh


def test_churn_that_outruns_the_margin_is_named() -> None:
    en, zh = never_pays_back_note(incentive_per_member=10, monthly_churn=50)
    assert en.startswith("Members leave too fast") and zh.startswith("会员流失得太快")


def test_negative_increment_loses_money_every_month() -> None:
    # opex 5: u_priv = 7.728 - 5 = 2.728 < u_pub = 2.77333 → Δ = -0.04533
    out = result(opex_per_member_month=5)["outputs"]
    assert out["incremental_margin_per_member_month"] == pytest.approx(2.728 - 2.7733333333, rel=1e-9)
    assert out["payback_months"] is None
    assert out["npv_per_member"] < -3.5


def test_churn_so_high_it_never_pays_back() -> None:
    # M = 12; all future Δ: Δ/b = 4.3547/0.5 = 8.709 < 12 → never
    out = result(incentive_per_member=10, monthly_churn=50)["outputs"]
    assert out["migration_cost_per_member"] == 12.0 and out["payback_months"] is None
    assert codes(incentive_per_member=10, monthly_churn=50) == {"never_pays_back"}


def test_no_churn_no_discount() -> None:
    # q = 1: PV = 12·Δ = 52.256; payback = M/Δ = 3.5/4.354667 = 0.8037
    out = result(monthly_churn=0, annual_discount_rate=0, horizon_months=12)["outputs"]
    assert out["pv_per_member"] == pytest.approx(12 * DELTA, rel=1e-12)
    assert out["payback_months"] == pytest.approx(3.5 / DELTA, rel=1e-12)


def test_horizon_one() -> None:
    out = result(horizon_months=1)["outputs"]
    assert out["pv_per_member"] == pytest.approx(DELTA, rel=1e-12)  # the first month, undiscounted
    assert out["npv_per_member"] == pytest.approx(DELTA - 3.5, rel=1e-12)


def test_empty_cohort_keeps_per_member_figures() -> None:
    out = result(cohort_size=0)["outputs"]
    assert out["members"] == 0.0 and out["npv_total"] == 0.0 and out["total_migration_cost"] == 0.0
    assert out["npv_per_member"] == pytest.approx(62.0972241655, rel=1e-10)


def test_everyone_adds() -> None:
    out = result(add_rate=100)["outputs"]
    assert out["migration_cost_per_member"] == pytest.approx(1.7)  # 1.5 + 0.2/1
    assert out["members"] == 100000.0


def test_churned_members_revert_so_more_churn_limits_a_loss() -> None:
    # With Δ < 0, members who leave stop losing money: NPV rises with churn.
    low = result(opex_per_member_month=5, monthly_churn=1)["outputs"]["npv_per_member"]
    high = result(opex_per_member_month=5, monthly_churn=30)["outputs"]["npv_per_member"]
    assert low < high < 0


def test_denormal_add_rate_is_beyond_range_not_infinity() -> None:
    r = result(add_rate=1e-320)
    out = r["outputs"]
    assert out["migration_cost_per_member"] is None and out["npv_per_member"] is None and out["roi"] is None
    assert out["total_migration_cost"] == pytest.approx(20000.0)  # 100,000 cards at 0.2
    assert {n["code"] for n in r["notes"]} == {"never_pays_back", "beyond_range", "no_breakeven_public_orders"}
    assert all(points == [] for points in r["series"].values())


def test_denormal_roas_is_beyond_range_not_infinity() -> None:
    r = result(roas=1e-320)
    out = r["outputs"]
    # The ad cost of such re-reach is beyond a double, but nobody buys it (the floor): the
    # public pool keeps its organic half, 0.08·80·0.5·0.6 = 1.92 a month.
    assert out["public_ad_cost_per_repeat_order"] is None
    assert out["public_margin_per_member_month"] == pytest.approx(1.92, rel=1e-12)
    assert out["private_margin_per_member_month"] == pytest.approx(7.128)
    assert {n["code"] for n in r["notes"]} == {"beyond_range", "unprofitable_paid_reach"}


def test_re_reach_ads_that_lose_money_are_not_bought() -> None:
    # Break-even ROAS = 1/(gm - τ) = 1/0.6 = 1.667. Below it the paid half of the repeat orders does
    # not happen: u_pub = 1.92, Δ = 7.128 - 1.92 = 5.208, NPV = 5.208·G(q, 36) - 3.5 = 74.95, whatever
    # the ROAS. Before the floor, ROAS 0.1 gave an NPV of 528 (the ads' losses counted as savings).
    at_break_even = result(roas=1 / 0.6)["outputs"]["npv_per_member"]
    for roas in (1.6, 1, 0.5, 0.1):
        r = result(roas=roas)
        assert r["outputs"]["public_margin_per_member_month"] == pytest.approx(1.92, rel=1e-12)
        assert r["outputs"]["npv_per_member"] == pytest.approx(5.208 * q_sum() - 3.5, rel=1e-12)
        assert "unprofitable_paid_reach" in {n["code"] for n in r["notes"]}
    assert at_break_even == pytest.approx(5.208 * q_sum() - 3.5, rel=1e-9)  # continuous at the threshold
    assert result(roas=3)["outputs"]["npv_per_member"] < at_break_even  # cheaper re-reach: a better public pool


def test_member_discount_and_platform_checkout() -> None:
    # δ = 10 %, k = 40 %: a private order keeps 0.6·(0.65 - 0.1 - 0.006) + 0.4·(0.65 - 0.1 - 0.05) = 0.5264
    # of its 80: u_priv = 0.15·80·0.5264 - 0.6 = 5.7168
    out = result(private_discount=10, platform_checkout_share=40)["outputs"]
    assert out["private_margin_per_member_month"] == pytest.approx(0.15 * 80 * 0.5264 - 0.6, rel=1e-12)


def test_discounted_payback_and_break_even_counterfactual() -> None:
    # P(M, Δ, q): ln(1 - 3.5·(1 - q)/Δ)/ln q; f* = (u_priv - M/G)/w, w = 80·(0.5·0.6 + 0.5·(0.6 - 1/3)) = 34.667
    q = 0.95 / 1.12 ** (1 / 12)
    out = result()["outputs"]
    assert out["discounted_payback_months"] == pytest.approx(
        math.log(1 - 3.5 * (1 - q) / DELTA) / math.log(q), rel=1e-9
    )
    w = 80 * (0.5 * 0.6 + 0.5 * (0.6 - 1 / 3))
    assert out["breakeven_public_orders_per_month"] == pytest.approx((7.128 - 3.5 / q_sum()) / w, rel=1e-9)  # 0.1989
    at = result(public_orders_per_month=out["breakeven_public_orders_per_month"])["outputs"]
    assert at["npv_per_member"] == pytest.approx(0.0, abs=1e-9)


def test_payback_after_the_horizon_is_kept_with_a_note() -> None:
    r = result(incentive_per_member=60, horizon_months=12)
    assert r["outputs"]["payback_months"] is not None and r["outputs"]["payback_months"] > 12
    assert "payback_beyond_horizon" in {n["code"] for n in r["notes"]}


def test_no_paid_share_means_no_ad_cost_even_with_a_denormal_roas() -> None:
    out = result(roas=1e-320, paid_reach_share=0)["outputs"]
    assert out["public_ad_cost_per_repeat_order"] == 0.0
    assert out["public_margin_per_member_month"] == pytest.approx(0.08 * 48)  # f_pub·aov·(gm - τ)


def test_tiny_aov_over_tiny_roas_does_not_underflow() -> None:
    # aov/roas = 1: each public repeat order needs 0.5 of ads, even though 0.5·aov underflows to 0.
    out = result(aov=5e-324, roas=5e-324)["outputs"]
    assert out["public_ad_cost_per_repeat_order"] == 0.5


def test_series() -> None:
    r = result()
    out, series = r["outputs"], r["series"]
    assert series["month"] == [float(t) for t in range(1, 37)]
    assert series["cumulative_net_value"][0] == pytest.approx(DELTA - 3.5, rel=1e-12)
    assert series["cumulative_net_value"][-1] == out["npv_per_member"]  # exactly
    assert series["public_reach_cost"][0] == pytest.approx(0.08 * 40 / 3, rel=1e-12)  # 1.0667
    assert series["private_reach_cost"][0] == pytest.approx(3.5 + 0.6, rel=1e-12)
    # Same weights as the NPV: survival and discount; the month-36 points use G(q, 36).
    assert series["public_reach_cost"][-1] == pytest.approx(0.08 * 40 / 3 * q_sum(), rel=1e-12)
    assert series["private_reach_cost"][-1] == pytest.approx(3.5 + 0.6 * q_sum(), rel=1e-12)
    assert all(len(series[key]) == 36 for key in ("month", "cumulative_net_value", "public_reach_cost"))
    assert len(series["private_reach_cost"]) == len(series["retention_curve"]) == 36


def test_longest_horizon_near_q_one_is_fast_enough() -> None:
    # q = 1 exactly sums month by month; 600 months of series must stay O(H).
    import time

    start = time.perf_counter()
    out = result(monthly_churn=0, annual_discount_rate=0, horizon_months=600)["outputs"]
    assert out["pv_per_member"] == pytest.approx(600 * DELTA, rel=1e-12)
    assert time.perf_counter() - start < 0.5


# ------------------------------------------------------------------ a fitted retention curve (spec v2)
RETENTION = {"retention_m1": 80, "retention_m3": 65, "retention_m12": 45}


def test_a_fitted_curve_replaces_the_member_loss_everywhere() -> None:
    r = result(**RETENTION)
    out, series = r["outputs"], r["series"]
    alpha, beta = out["sbg_alpha"], out["sbg_beta"]
    shares = [1.0]
    for t in range(1200):
        shares.append(shares[-1] * (beta + t) / (alpha + beta + t))
    d = 1.12 ** (1 / 12)
    weights = [shares[t] / d**t for t in range(36)]
    assert out["pv_per_member"] == pytest.approx(DELTA * sum(weights), rel=1e-12)
    assert out["npv_per_member"] == pytest.approx(DELTA * sum(weights) - 3.5, rel=1e-12)
    assert series["cumulative_net_value"][-1] == out["npv_per_member"]
    # Δ·S(0) = 4.35 ≥ 3.5 already in the first month: 3.5/4.35 of it.
    assert out["payback_months"] == pytest.approx(3.5 / DELTA, rel=1e-12)
    assert out["discounted_payback_months"] == pytest.approx(3.5 / DELTA, rel=1e-12)
    at = result(**RETENTION, public_orders_per_month=out["breakeven_public_orders_per_month"])["outputs"]
    assert at["npv_per_member"] == pytest.approx(0, abs=1e-9)
    assert codes(**RETENTION) == {"using_fitted_retention"}  # H = 36 is 3× the last point, no more
    assert result(**RETENTION, monthly_churn=40)["outputs"] == out


def test_constant_churn_points_give_the_constant_churn_model() -> None:
    points = {f"retention_m{t}": 100 * 0.95**t for t in (1, 3, 6, 12, 24)}
    fitted, plain = result(**points)["outputs"], result()["outputs"]
    assert fitted["npv_per_member"] == pytest.approx(plain["npv_per_member"], rel=1e-3)
    assert fitted["breakeven_public_orders_per_month"] == pytest.approx(
        plain["breakeven_public_orders_per_month"], rel=1e-3
    )


def test_a_rising_member_retention_is_an_error_on_the_later_point() -> None:
    with pytest.raises(ValidationError) as info:
        result(retention_m3=50, retention_m6=60)
    [e] = info.value.errors
    assert (e.field, e.code) == ("retention_m6", "inconsistent")
    assert "members" in e.en and "会员" in e.zh


def test_a_fitted_curve_that_never_pays_back_says_so() -> None:
    out = result(retention_m1=5, retention_m3=1, incentive_per_member=500)["outputs"]
    assert out["payback_months"] is None
    [note] = [
        n
        for n in run("pool_migration", {"retention_m1": 5, "retention_m3": 1, "incentive_per_member": 500})["notes"]
        if n["code"] == "never_pays_back"
    ]
    assert "fitted" in note["en"] and "拟合" in note["zh"]
