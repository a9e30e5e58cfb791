"""Goal seek (calculators-spec.md v2, `solve`): against an independent scan and bisection through run()."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest

from calculators import CALCULATORS, UnknownCalculatorError, ValidationError, run, solve
from calculators.cli import main
from calculators.solve import SCAN_POINTS, scan_points

ROOT = Path(__file__).resolve().parents[2]


def output_at(name: str, inputs: dict[str, object], output: str, field: str, x: float) -> float | None:
    value = run(name, {**inputs, field: x})["outputs"][output]
    return None if value is None else float(value)


def reference_root(
    name: str, inputs: dict[str, object], output: str, target: float, field: str, low: float, high: float
) -> float:
    """The one crossing of the target in [low, high]: a fine scan through run(), then plain bisection."""
    xs = [low + (high - low) * i / 2000 for i in range(2001)]
    gaps = [output_at(name, inputs, output, field, x) for x in xs]
    brackets = [
        (xs[i], xs[i + 1])
        for i in range(2000)
        if gaps[i] is not None and gaps[i + 1] is not None and (gaps[i] - target) * (gaps[i + 1] - target) <= 0
    ]
    assert len(brackets) == 1, f"the test's window should hold one crossing, has {len(brackets)}"
    a, b = brackets[0]
    below = (output_at(name, inputs, output, field, a) or 0.0) < target
    while b - a > 1e-14 * abs(b) and a < (a + b) / 2 < b:
        m = (a + b) / 2
        if ((output_at(name, inputs, output, field, m) or 0.0) < target) == below:
            a = m
        else:
            b = m
    return (a + b) / 2


# (calculator, other inputs, output, target, field, a window holding the one crossing nearest the input)
CASES = [
    ("ltv_cac", {}, "ltv_cac_ratio", 3.0, "cac", 100, 1000),
    ("ltv_cac", {}, "ltv", 900.0, "monthly_churn", 0, 50),
    ("ltv_cac", {"arpu_growth": 1}, "ltv", 1500.0, "arpu", 0, 1000),
    ("ltv_cac", {}, "payback_months", 8.0, "cac", 0, 10000),
    ("ltv_cac", {}, "discounted_payback_months", 12.0, "gross_margin", 1, 100),
    ("ltv_cac", {}, "ltv", 1200.0, "arpu_growth", -50, 50),
    ("funnel", {}, "buyers", 500.0, "visitors", 0, 1e6),
    ("funnel", {}, "revenue", 50000.0, "purchase_rate", 0, 100),
    ("funnel", {}, "profit_after_acquisition", 0.0, "cost_per_visitor", 0, 100),
    ("funnel", {"market_size": 50000}, "acquired", 11000.0, "invite_conversion", 0, 100),
    ("pool_migration", {}, "npv_per_member", 0.0, "public_orders_per_month", 0, 100),
    ("pool_migration", {}, "npv_total", 1e6, "add_rate", 0.001, 100),
    ("pool_migration", {}, "roi", 1000.0, "incentive_per_member", 0, 100),
    ("pool_migration", {}, "payback_months", 3.0, "opex_per_member_month", 0, 10),
    ("holdout_test", {}, "power_at_expected_lift", 90.0, "members", 2, 1e6),
    ("holdout_test", {}, "required_members", 20000.0, "expected_lift", 1, 200),
    # U-shaped in the holdout share (smallest at 50 %): two roots, the one nearer the input wins.
    ("holdout_test", {}, "min_detectable_lift", 20.0, "holdout_share", 0.01, 50),
    ("holdout_test", {"holdout_share": 90}, "min_detectable_lift", 20.0, "holdout_share", 50, 99.99),
]


@pytest.mark.parametrize(
    ("name", "inputs", "output", "target", "field", "low", "high"),
    CASES,
    ids=[f"{c[0]}-{c[2]}-{c[4]}" for c in CASES],
)
def test_solve_matches_an_independent_bisection(
    name: str, inputs: dict[str, object], output: str, target: float, field: str, low: float, high: float
) -> None:
    result = solve(name, inputs, output, target, field)
    assert result["note"] is None
    assert result["value"] == pytest.approx(reference_root(name, inputs, output, target, field, low, high), rel=1e-10)
    reached = output_at(name, inputs, output, field, result["value"])
    assert reached == result["output"]
    assert reached == pytest.approx(target, rel=1e-9, abs=1e-8)


def test_the_crossing_nearest_the_input_is_the_one_refined() -> None:
    low = solve("holdout_test", {"holdout_share": 10}, "min_detectable_lift", 20, "holdout_share")["value"]
    high = solve("holdout_test", {"holdout_share": 90}, "min_detectable_lift", 20, "holdout_share")["value"]
    assert low < 50 < high
    assert low == pytest.approx(100 - high, rel=1e-9)  # V is symmetric in h and 1 - h


@pytest.mark.parametrize(
    "inputs", [{}, {"private_orders_per_month": 0.3}, {"aov": 120, "incentive_per_member": 5}, {"roas": 2}]
)
def test_solve_agrees_with_the_closed_form_breakeven(inputs: dict[str, object]) -> None:
    closed = run("pool_migration", inputs)["outputs"]["breakeven_public_orders_per_month"]
    assert closed is not None
    found = solve("pool_migration", inputs, "npv_per_member", 0, "public_orders_per_month")
    assert found["value"] == pytest.approx(closed, rel=1e-9)


def test_break_even_spend_matches_the_closed_form_ratio() -> None:
    found = solve("funnel", {}, "profit_after_acquisition", 0, "cost_per_visitor")
    out = run("funnel", {"cost_per_visitor": found["value"]})["outputs"]
    assert out["revenue_to_spend"] == pytest.approx(out["breakeven_revenue_to_spend"], rel=1e-9)


# ---------------------------------------------------------------- whole numbers


def smallest_integer_reaching(name: str, inputs: dict[str, object], output: str, target: float, field: str) -> int:
    """Brute force: the first whole number, counting up, past which the output has crossed the target."""
    spec = CALCULATORS[name].field(field)
    first = output_at(name, inputs, output, field, spec.minimum)
    assert first is not None
    for n in range(int(spec.minimum), int(spec.maximum) + 1):
        value = output_at(name, inputs, output, field, n)
        if value is not None and (value - target == 0 or (value - target) * (first - target) < 0):
            return n
    raise AssertionError("the target is never reached")


@pytest.mark.parametrize(
    ("name", "inputs", "output", "target", "field"),
    [
        ("ltv_cac", {}, "ltv", 900.0, "horizon_months"),
        ("ltv_cac", {"variable_cost_per_month": 80}, "ltv", -300.0, "horizon_months"),  # falls with H
        ("ltv_cac", {}, "expected_lifetime_months", 15.0, "horizon_months"),
        ("funnel", {}, "buyers", 203.0, "viral_cycles"),
        ("pool_migration", {}, "pv_per_member", 60.0, "horizon_months"),
    ],
)
def test_integer_field_gives_the_smallest_whole_number_reaching_the_target(
    name: str, inputs: dict[str, object], output: str, target: float, field: str
) -> None:
    result = solve(name, inputs, output, target, field)
    expected = smallest_integer_reaching(name, inputs, output, target, field)
    assert result["value"] == expected and isinstance(result["value"], int)
    assert result["output"] == output_at(name, inputs, output, field, expected)
    before = output_at(name, inputs, output, field, expected - 1)
    assert before is not None and result["output"] is not None
    assert (before - target) * (result["output"] - target) < 0  # one step earlier, it had not reached it


def test_integer_field_hit_exactly() -> None:
    inputs = {"monthly_churn": 0, "annual_discount_rate": 0}  # LTV = 60·H exactly
    assert solve("ltv_cac", inputs, "ltv", 1440, "horizon_months") == {"value": 24, "output": 1440.0, "note": None}


def test_toy_integers_up_and_down(toy: str) -> None:
    assert solve(toy, {}, "n_squared", 2500.5, "n")["value"] == 51
    assert solve(toy, {}, "n_squared", 2500, "n") == {"value": 50, "output": 2500.0, "note": None}
    assert solve(toy, {}, "n_falling", 700.5, "n")["value"] == 100  # 1000 - 3n ≤ 700.5 from n = 100
    assert solve(toy, {}, "fraction", 0.5, "n")["note"]["code"] == "no_solution"


# ---------------------------------------------------------------- the scan and its edges


def test_scan_points_follow_the_range(toy: str) -> None:
    calc = CALCULATORS[toy]
    linear = scan_points(calc.field("x"))
    steps = {round(b - a, 9) for a, b in itertools.pairwise(linear)}
    assert len(linear) == SCAN_POINTS and linear[0] == -100 and linear[-1] == 100 and len(steps) == 1
    wide = scan_points(calc.field("wide"))  # 0 to 1e9: more than three decades, from 0
    ratios = [b / a for a, b in itertools.pairwise(wide[1:])]
    assert len(wide) == SCAN_POINTS and wide[:2] == [0, 1e-3] and wide[-1] == 1e9
    assert max(ratios) == pytest.approx(min(ratios), rel=1e-9)
    whole = scan_points(calc.field("n"))
    assert whole == sorted(set(whole)) and whole[0] == 0 and whole[-1] == 1000
    assert all(x == int(x) for x in whole) and len(whole) <= SCAN_POINTS
    inside = scan_points(calc.field("open"))  # 0 < open < 100
    assert 0 < inside[0] < 1e-300 and inside[-1] < 100 and inside[-1] == pytest.approx(100)
    significance = scan_points(CALCULATORS["holdout_test"].field("significance"))  # 0.01 to 50
    assert significance[0] == 0.01 and significance[1] / significance[0] == pytest.approx(5000 ** (1 / 399))


def test_toy_roots_nearest_the_input(toy: str) -> None:
    assert solve(toy, {"x": 0}, "parabola", 0, "x")["value"] == pytest.approx(10, rel=1e-12)
    assert solve(toy, {"x": -6}, "parabola", 0, "x")["value"] == pytest.approx(-20, rel=1e-12)
    # x above the limit breaks a rule between fields: those points are skipped, not a crash.
    assert solve(toy, {"x": 0, "limit": 5}, "parabola", 0, "x")["value"] == pytest.approx(-20, rel=1e-12)


@pytest.mark.parametrize("target", [0.37, 7.5e8, 4e-4])
def test_toy_log_scan_finds_small_and_large_values(toy: str, target: float) -> None:
    assert solve(toy, {}, "wide", target, "wide")["value"] == pytest.approx(target, rel=1e-11)


def test_toy_jumps_and_gaps_are_not_solutions(toy: str) -> None:
    jump = solve(toy, {}, "step", 0, "x")
    assert jump["value"] is None and jump["output"] is None and jump["note"]["code"] == "no_solution"
    assert "jumps past the target" in jump["note"]["en"] and "跳变" in jump["note"]["zh"]
    gap = solve(toy, {}, "hole", 0, "x")
    assert gap["value"] is None and "where it has no value" in gap["note"]["en"]
    assert solve(toy, {}, "hole", 50, "x")["value"] == pytest.approx(50, rel=1e-12)
    # An exclusive bound is never reached: open > 0, so 0 has no solution.
    assert solve(toy, {}, "open", 0, "open")["value"] is None
    assert solve(toy, {}, "open", 99.999, "open")["value"] == pytest.approx(99.999, rel=1e-12)


def test_no_solution_says_which_range_was_searched() -> None:
    result = solve("ltv_cac", {}, "ltv", 1e12, "monthly_churn")
    assert result["value"] is None and result["output"] is None
    note = result["note"]
    assert note["code"] == "no_solution"
    assert note["en"].startswith("No value of monthly churn (at least 0 and below 100%) makes lifetime value (LTV)")
    assert "stays between ¥60.00 and ¥" in note["en"]
    assert note["zh"].startswith(
        "无论月流失率在允许范围内（不小于 0 且小于 100%）取何值，客户终身价值（LTV）都无法等于"
    )
    never = solve("funnel", {}, "buyers", 250, "viral_cycles")
    assert never["value"] is None and "stays between 200 and 203" in never["note"]["en"]


# ---------------------------------------------------------------- bad requests


def test_bad_names_are_errors_listing_every_problem() -> None:
    with pytest.raises(UnknownCalculatorError):
        solve("nope", {}, "ltv", 1, "cac")
    with pytest.raises(ValidationError) as caught:
        solve("ltv_cac", {"arpu": "abc"}, "ratio_band", "x", "clicks")
    assert [(e.field, e.code) for e in caught.value.errors] == [
        ("arpu", "not_a_number"),
        ("ratio_band", "not_numeric_output"),
        ("ratio_band", "target_not_a_number"),
        ("clicks", "unknown_field"),
    ]
    with pytest.raises(ValidationError) as caught:
        solve("ltv_cac", {}, "ltvv", 3, "cac")
    assert [e.to_dict() for e in caught.value.errors] == [
        {
            "field": "ltvv",
            "code": "unknown_output",
            "en": "LTV / CAC has no result called “ltvv”",
            "zh": "LTV / CAC 没有名为“ltvv”的结果",
        }
    ]
    with pytest.raises(ValidationError) as caught:
        solve("holdout_test", {"baseline_purchase_rate": 90}, "required_members", 1000, "members")
    assert [e.code for e in caught.value.errors] == ["inconsistent"]  # 90 % lifted by 25 % passes 100 %
    for target in ("nan", "inf", None, True):
        with pytest.raises(ValidationError):
            solve("ltv_cac", {}, "ltv", target, "cac")


def test_target_reads_like_an_input() -> None:
    assert solve("ltv_cac", {}, "ltv", "1,200", "arpu") == solve("ltv_cac", {}, "ltv", 1200.0, "arpu")


# ---------------------------------------------------------------- CLI


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_text_in_english_and_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "solve", "ltv_cac", "ltv_cac_ratio=3", "--vary", "cac")
    assert code == 0 and err == ""
    assert out.splitlines() == [
        "LTV : CAC equals 3.00× when acquisition cost per customer (CAC) is ¥337.79, other inputs as given.",
        "cac=337.7851941",
    ]
    code, out, _ = cli(capsys, "solve", "ltv_cac", "ltv_cac_ratio=3", "--vary", "cac", "--lang", "zh", "arpu=120")
    assert code == 0
    assert out.splitlines()[0] == "当单客获客成本（CAC）为 ¥405.34 时，LTV : CAC 等于 3.00×（其余输入不变）。"
    code, out, _ = cli(capsys, "solve", "ltv_cac", "ltv=900", "--vary", "horizon_months", "--lang", "zh")
    assert out.splitlines() == [
        "其余输入不变时，计算期至少要取 34 个月，客户终身价值（LTV）才能达到 ¥900.00（此时为 ¥903.98）。",
        "horizon_months=34",
    ]
    code, out, _ = cli(capsys, "solve", "ltv_cac", "ltv=900", "--vary", "horizon_months")
    assert out.splitlines()[0] == (
        "The smallest horizon at which lifetime value (LTV) reaches ¥900.00 is 34 months (there it is ¥903.98),"
        " other inputs as given."
    )


def test_cli_json_is_exactly_solve(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(
        capsys, "solve", "pool_migration", "npv_total=1e6", "cohort_size=50000", "--json", "--vary", "add_rate"
    )
    assert code == 0 and err == ""
    assert json.loads(out) == solve("pool_migration", {"cohort_size": "50000"}, "npv_total", "1e6", "add_rate")


def test_cli_no_solution_exits_1_and_names_the_range(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "solve", "funnel", "buyers=250", "--vary", "viral_cycles")
    assert code == 1 and err == ""
    assert out.strip() == (
        "No value of referral rounds (at least 0 and at most 50) makes buyers equal 250 with the other inputs as"
        " given: over that range it stays between 200 and 203."
    )
    code, out, _ = cli(capsys, "solve", "funnel", "buyers=250", "--vary", "viral_cycles", "--lang", "zh")
    assert code == 1
    assert out.strip() == (
        "无论裂变轮数在允许范围内（不小于 0 且不大于 50）取何值，购买人数都无法等于 250（其余输入不变）："
        "在此范围内，它始终介于 200 与 203 之间。"
    )
    code, out, _ = cli(capsys, "solve", "funnel", "buyers=250", "--vary", "viral_cycles", "--json")
    assert code == 1 and json.loads(out)["note"]["code"] == "no_solution"


def test_cli_bad_input_exits_2_with_one_line_per_problem(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "solve", "ltv_cac", "ratio_band=3", "--vary", "cacx", "arpu=abc")
    assert code == 2 and out == ""
    assert err.splitlines() == [
        "arpu: Monthly revenue per customer must be a number",
        "ratio_band: Verdict on LTV : CAC is a category, not a number: choose a numeric output to solve for",
        "cacx: There is no field called “cacx”",
    ]
    code, _, err = cli(capsys, "solve", "ltv_cac", "ltv=x", "--vary", "cac", "--lang", "zh")
    assert code == 2 and err.splitlines() == ["ltv: 客户终身价值（LTV）的目标值须为数字"]
    code, _, err = cli(capsys, "solve", "ltv_cac", "ltv", "--vary", "cac")
    assert code == 2 and err.strip() == "ltv: expected OUTPUT=TARGET"
    code, _, err = cli(capsys, "solve", "nope", "ltv=1", "--vary", "cac")
    assert code == 2 and "unknown calculator: nope" in err
    with pytest.raises(SystemExit) as caught:  # --vary is required: argparse's usage error, status 2
        main(["solve", "ltv_cac", "ltv=1"])
    assert caught.value.code == 2


def test_cli_solve_as_a_process_has_no_traceback() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "calculators", "solve", "ltv_cac", "ltv=5%", "--vary", "monthly_churn", "cac=-1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and done.stdout == "" and "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        "cac: Acquisition cost per customer (CAC) must be at least 0 and at most 1,000,000,000"
    ]
