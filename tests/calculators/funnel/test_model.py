"""funnel against values worked out by hand (calculators-spec.md, `funnel`)."""

from __future__ import annotations

import pytest

from calculators import run
from calculators.funnel.model import STAGES, weakest_step


def result(**inputs: object) -> dict[str, object]:
    return run("funnel", inputs)


def codes(**inputs: object) -> set[str]:
    return {n["code"] for n in run("funnel", inputs)["notes"]}


def approx(x: float) -> object:
    return pytest.approx(x, rel=1e-12)


def test_defaults() -> None:
    # K = 0.2·0.4·2·0.1 = 0.016; S = Σ_{g=0}^{6} 0.016^g = (1 - 0.016^7)/0.984 = 1.01626016260...
    # acquired = 10,000·S = 10,162.6016; referred 162.6016; activated ·0.2 = 2,032.5203;
    # retained ·0.4 = 813.0081; buyers ·0.25 = 203.2520; revenue ·150 = 30,487.80; spend 10,000·2 = 20,000
    s = (1 - 0.016**7) / 0.984
    out = result()["outputs"]
    assert out["k_factor"] == approx(0.016)
    assert out["viral_amplification_limit"] == approx(1 / 0.984)  # 1.01626
    assert out["acquired"] == approx(10000 * s)
    assert out["referred"] == approx(10000 * (s - 1))
    assert out["activated"] == approx(2000 * s)
    assert out["retained"] == approx(800 * s)
    assert out["buyers"] == approx(200 * s)
    assert out["revenue"] == approx(30000 * s)
    assert out["acquisition_spend"] == 20000.0
    assert out["cost_per_buyer"] == approx(100 / s)  # 98.40
    assert out["overall_conversion"] == approx(2.0)  # 0.2·0.4·0.25 = 2 %
    assert out["revenue_to_spend"] == approx(1.5 * s)  # 1.524
    assert out["weakest_step"] == "activation"
    # +5 pp: activation 25 % → K = 0.02, buyers = 10,000·G(0.02, 7)·0.25·0.4·0.25 = 250·1.020408 = 255.10
    assert out["buyers_if_activation_plus_5pp"] == approx(250 * (1 - 0.02**7) / 0.98)
    # retention 45 % → K = 0.018, buyers = 10,000·G(0.018, 7)·0.2·0.45·0.25 = 225·1.018330 = 229.12
    assert out["buyers_if_retention_plus_5pp"] == approx(225 * (1 - 0.018**7) / 0.982)
    # purchase 30 %: K unchanged, buyers = 10,000·S·0.2·0.4·0.3 = 240·S = 243.90
    assert out["buyers_if_purchase_plus_5pp"] == approx(240 * s)
    # Version 2: at 60 % margin the gross profit 30,487.80·0.6 = 18,292.68 is below the 20,000
    # of ads: revenue per yuan 1.524 against a break-even of 1/0.6 = 1.667.
    assert out["gross_profit"] == approx(18000 * s)
    assert out["profit_after_acquisition"] == approx(18000 * s - 20000)  # −1,707.32
    assert out["breakeven_revenue_to_spend"] == approx(1 / 0.6)
    assert out["referral_cost"] == 0.0
    assert out["blended_cost_per_buyer"] == out["cost_per_buyer"]
    assert codes() == {"spend_not_recovered"}


def test_referral_rewards_are_a_cost() -> None:
    # 162.6016 referred users at ¥5 (both sides together) = 813.01; blended (20,000 + 813.01) / 203.252 = 102.40
    s = (1 - 0.016**7) / 0.984
    out = result(referral_reward=5)["outputs"]
    assert out["referral_cost"] == approx(10000 * (s - 1) * 5)
    assert out["profit_after_acquisition"] == approx(18000 * s - 20000 - 50000 * (s - 1))
    assert out["blended_cost_per_buyer"] == approx((20000 + 50000 * (s - 1)) / (200 * s))
    assert out["cost_per_buyer"] == approx(100 / s)  # the paid cost alone is unchanged


def test_market_size_saturates_referral() -> None:
    # K = 0.2·0.4·20·0.1 = 0.16, N = 20,000: n1 = min(10,000, 0.16·10,000·(1 − 10,000/20,000)) = 800;
    # n2 = min(9,200, 0.16·800·(1 − 10,800/20,000)) = 128·0.46 = 58.88; acquired 10,858.88 (11,856 unlimited)
    out = result(invites_per_retained=20, market_size=20000, viral_cycles=2)["outputs"]
    assert out["acquired"] == approx(10858.88)
    assert out["referred"] == approx(858.88)
    series = result(invites_per_retained=20, market_size=20000, viral_cycles=2)["series"]
    assert series["acquired_by_generation"] == [10000.0, approx(800), approx(58.88)]
    assert result(invites_per_retained=20, viral_cycles=2)["outputs"]["acquired"] == approx(11856)


def test_self_sustaining_referral_stops_at_the_market() -> None:
    # K = 1.6: unlimited, 50 rounds would give about 10,000·1.6^50 ≈ 3e14 people. With N = 50,000 each
    # round finds fewer new people, K·(1 − A/N) drops below 1 and referral dies out short of N
    # (42,244 here, like the final size of an epidemic), long before round 50.
    found = result(invites_per_retained=20, invite_conversion=100, market_size=50000, viral_cycles=50)
    assert 40000 < found["outputs"]["acquired"] < 50000
    assert found["series"]["acquired_by_generation"][-1] < 1e-6
    assert result(invites_per_retained=20, invite_conversion=100, viral_cycles=50)["outputs"]["acquired"] > 1e14


def test_market_smaller_than_visitors_is_a_field_error() -> None:
    from calculators import ValidationError

    with pytest.raises(ValidationError) as info:
        run("funnel", {"market_size": 5000})
    assert [e.field for e in info.value.errors] == ["market_size"]
    assert run("funnel", {"market_size": 10000})["outputs"]["referred"] == 0.0  # everyone already reached


def test_no_gross_margin_has_no_break_even() -> None:
    out = result(gross_margin=0)["outputs"]
    assert out["breakeven_revenue_to_spend"] is None and out["profit_after_acquisition"] == -20000.0
    assert codes(gross_margin=0) == {"no_gross_margin", "spend_not_recovered"}


def test_no_referral_rounds() -> None:
    out = result(viral_cycles=0)["outputs"]
    assert out["acquired"] == 10000.0 and out["referred"] == 0.0
    assert out["buyers"] == approx(200.0)  # 10,000·0.2·0.4·0.25
    assert out["buyers_if_activation_plus_5pp"] == approx(250.0)
    assert out["buyers_if_retention_plus_5pp"] == approx(225.0)
    assert out["buyers_if_purchase_plus_5pp"] == approx(240.0)


def test_k_of_exactly_one_has_no_multiplier() -> None:
    # K = 1·1·10·0.1 = 1: every generation is 10,000 people; 7 generations.
    r = result(activation_rate=100, retention_rate=100, invites_per_retained=10)
    out = r["outputs"]
    assert out["k_factor"] == 1.0 and out["viral_amplification_limit"] is None
    assert out["acquired"] == 70000.0 and out["referred"] == 60000.0 and out["buyers"] == 17500.0
    assert {n["code"] for n in r["notes"]} == {"self_sustaining_referral"}
    assert r["series"]["acquired_by_generation"] == [10000.0] * 7


def test_k_above_one_grows_geometrically() -> None:
    # K = 2: S = 2^7 - 1 = 127
    out = result(activation_rate=100, retention_rate=100, invites_per_retained=20)["outputs"]
    assert out["acquired"] == 1270000.0 and out["referred"] == 1260000.0
    assert out["viral_amplification_limit"] is None
    assert codes(activation_rate=100, retention_rate=100, invites_per_retained=20) == {"self_sustaining_referral"}


def test_no_buyers() -> None:
    out = result(purchase_rate=0)["outputs"]
    assert out["buyers"] == 0.0 and out["revenue"] == 0.0 and out["cost_per_buyer"] is None
    assert out["revenue_to_spend"] == 0.0 and out["overall_conversion"] == 0.0
    assert out["weakest_step"] == "purchase"
    assert codes(purchase_rate=0) == {"no_buyers", "spend_not_recovered"}


def test_nobody_acquired() -> None:
    out = result(visitors=0)["outputs"]
    assert out["acquired"] == out["buyers"] == out["acquisition_spend"] == 0.0
    assert out["cost_per_buyer"] is None and out["overall_conversion"] is None and out["revenue_to_spend"] is None
    assert codes(visitors=0) == {"no_buyers", "nobody_acquired", "no_spend"}


def test_free_traffic_has_no_revenue_to_spend_ratio() -> None:
    out = result(cost_per_visitor=0)["outputs"]
    assert out["acquisition_spend"] == 0.0 and out["cost_per_buyer"] == 0.0 and out["revenue_to_spend"] is None
    assert codes(cost_per_visitor=0) == {"no_spend"}


def test_referral_alone_without_invites() -> None:
    out = result(invites_per_retained=0)["outputs"]
    assert out["k_factor"] == 0.0 and out["viral_amplification_limit"] == 1.0 and out["referred"] == 0.0


@pytest.mark.parametrize(
    ("rates", "step"),
    [
        ((20, 40, 25), "activation"),
        ((30, 30, 30), "activation"),
        ((50, 10, 10), "retention"),
        ((50, 40, 10), "purchase"),
        ((0, 0, 0), "activation"),
    ],
)
def test_weakest_step_earliest_on_a_tie(rates: tuple[float, float, float], step: str) -> None:
    assert weakest_step(*rates) == step
    a, r, p = rates
    assert result(activation_rate=a, retention_rate=r, purchase_rate=p)["outputs"]["weakest_step"] == step


def test_lifts_are_capped_at_100_percent() -> None:
    out = result(activation_rate=100, retention_rate=97, purchase_rate=100)["outputs"]
    assert out["buyers_if_activation_plus_5pp"] == out["buyers"]
    assert out["buyers_if_purchase_plus_5pp"] == out["buyers"]
    assert out["buyers_if_retention_plus_5pp"] > out["buyers"]


def test_largest_inputs_stay_finite() -> None:
    # K = 100 and 50 rounds: S = (100^51 - 1)/99 ≈ 1.0101e100; revenue ≈ 1e12·1.0101e100·1e9 = 1.0101e121
    big = {
        "visitors": 1e12,
        "cost_per_visitor": 1e9,
        "activation_rate": 100,
        "retention_rate": 100,
        "purchase_rate": 100,
        "revenue_per_buyer": 1e9,
        "invites_per_retained": 100,
        "invite_conversion": 100,
        "viral_cycles": 50,
    }
    r = run("funnel", big)
    assert r["outputs"]["revenue"] == pytest.approx(1e21 * (100.0**51 - 1) / 99, rel=1e-12)
    assert r["outputs"]["cost_per_buyer"] == pytest.approx(1e21 / (1e12 * (100.0**51 - 1) / 99), rel=1e-12)


def test_series() -> None:
    r = result(viral_cycles=2)
    out, series = r["outputs"], r["series"]
    assert series["stage"] == [0.0, 1.0, 2.0, 3.0]
    assert series["stage_counts"] == [out[stage] for stage in STAGES]
    assert series["generation"] == [0.0, 1.0, 2.0]
    assert series["acquired_by_generation"] == pytest.approx([10000.0, 160.0, 2.56])
    assert series["buyers_by_generation"] == pytest.approx([200.0, 3.2, 0.0512])  # each generation ·0.02
    assert sum(series["acquired_by_generation"]) == pytest.approx(out["acquired"], rel=1e-12)
    assert sum(series["buyers_by_generation"]) == pytest.approx(out["buyers"], rel=1e-12)


def test_first_output_is_the_headline() -> None:
    from calculators import CALCULATORS

    assert CALCULATORS["funnel"].outputs[0].key == "buyers"
    assert CALCULATORS["pool_migration"].outputs[0].key == "npv_per_member"
