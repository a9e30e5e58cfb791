"""Validation, presets plumbing and the finite-result guarantee in calculators.core, and
the shared formulas in calculators.finance."""

from __future__ import annotations

import ast
import math
import random
from pathlib import Path

import pytest

import calculators
from calculators import CALCULATORS, ValidationError, run
from calculators.core import (
    BEYOND_RANGE,
    Note,
    Result,
    UnknownPresetError,
    finite_result,
    range_text,
    validate,
)
from calculators.finance import (
    geometric_sum,
    geometric_sums,
    integer_power,
    ln,
    ln_one_plus,
    monthly_rate,
    payback,
)

LTV = CALCULATORS["ltv_cac"]
POOL = CALCULATORS["pool_migration"]


def errors(name: str, inputs: dict[str, object]) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as info:
        run(name, inputs)
    for e in info.value.errors:
        assert e.en.strip() and e.zh.strip()
        assert e.to_dict() == {"field": e.field, "code": e.code, "en": e.en, "zh": e.zh}
    return [(e.field, e.code) for e in info.value.errors]


# ------------------------------------------------------------------ validation


def test_every_bad_field_is_reported_at_once_with_code_and_both_languages() -> None:
    with pytest.raises(ValidationError) as info:
        run("ltv_cac", {"arpu": "abc", "monthly_churn": 100, "horizon_months": "2.5", "cac": ""})
    by_field = {e.field: e for e in info.value.errors}
    assert list(by_field) == ["arpu", "monthly_churn", "cac", "horizon_months"]  # field order
    churn = by_field["monthly_churn"]
    assert churn.code == "out_of_range"
    assert churn.en == "Monthly churn must be at least 0 and below 100%"  # the spec's own example
    assert churn.zh == "月流失率须不小于 0 且小于 100%"
    assert by_field["arpu"].code == "not_a_number"
    assert by_field["arpu"].zh == "每位客户月均收入须为数字"
    assert by_field["cac"].code == "required"
    assert by_field["horizon_months"].code == "not_integer"
    assert by_field["horizon_months"].en == "Horizon must be a whole number at least 1 and at most 600"
    assert "ValidationError" not in str(info.value) and "arpu: " in str(info.value)


def test_unknown_fields_are_rejected_first() -> None:
    assert errors("ltv_cac", {"churn": 5, "arpu": -1}) == [
        ("churn", "unknown_field"),
        ("arpu", "out_of_range"),
    ]
    with pytest.raises(ValidationError) as info:
        run("funnel", {"x" * 60: 1})
    assert info.value.errors[0].en == f"There is no field called “{'x' * 40}…”"


@pytest.mark.parametrize(
    "value",
    [
        math.nan,
        math.inf,
        -math.inf,
        "nan",
        "NaN",
        "inf",
        "Infinity",
        "-inf",
        True,
        False,
        None,
        [],
        "12abc",
        "1_000",
        "0x10",
        "1e5e5",
    ],
)
def test_non_numbers_are_rejected(value: object) -> None:
    assert errors("ltv_cac", {"arpu": value}) == [("arpu", "not_a_number")]


@pytest.mark.parametrize("value", ["1e999", "-1e999", "１e999", "1,000e400", "−1e999", "¥1e999"])
def test_a_number_too_large_for_a_double_is_out_of_range_not_a_non_number(value: str) -> None:
    with pytest.raises(ValidationError) as info:
        run("ltv_cac", {"arpu": value})
    [error] = info.value.errors
    assert (error.field, error.code) == ("arpu", "out_of_range")
    assert error.en == "Monthly revenue per customer must be at least 0 and at most 1,000,000,000"
    assert error.zh == "每位客户月均收入须不小于 0 且不大于 1,000,000,000"


@pytest.mark.parametrize("value", ["", "   ", "\u3000"])
def test_blank_is_required(value: str) -> None:
    assert errors("ltv_cac", {"cac": value}) == [("cac", "required")]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("-0", 0.0),
        (-0.0, 0.0),
        ("１２", 12.0),
        (" 1,000 ", 1000.0),
        ("5%", 5.0),
        ("¥100", 100.0),
        ("１，０００．５", 1000.5),
        ("+7", 7.0),
        ("1e2", 100.0),
        ("1e-999", 0.0),  # too small for a double: zero, which is in range
        (12, 12.0),
    ],
)
def test_numbers_are_read_as_people_type_them(text: object, number: float) -> None:
    value = validate(LTV, {"arpu": text})["arpu"]
    assert value == number and isinstance(value, float)
    assert math.copysign(1.0, value) == 1.0  # "-0" becomes 0, never -0.0


@pytest.mark.parametrize("text", ["-5", "−5", "－5", "−5%", "-5 %"])
def test_both_minus_signs_are_read(text: str) -> None:
    # Results print U+2212; a reader who copies one back into a field must not be refused.
    assert validate(LTV, {"arpu_growth": text})["arpu_growth"] == -5.0


def test_a_loss_copied_from_the_results_is_read_back() -> None:
    with pytest.raises(ValidationError) as info:
        run("ltv_cac", {"cac": "−¥20.00"})
    assert [e.code for e in info.value.errors] == ["out_of_range"]  # read as −20, below the bound
    assert validate(LTV, {"cac": "¥20.00"})["cac"] == 20.0


@pytest.mark.parametrize("value", [2.5, "2.5", "12.000001", 0.5])
def test_integer_fields_reject_fractions(value: object) -> None:
    assert errors("ltv_cac", {"horizon_months": value}) == [("horizon_months", "not_integer")]


@pytest.mark.parametrize("value", [12, 12.0, "12", "１２", "12.0", "1.2e1"])
def test_integer_fields_accept_whole_numbers_in_any_form(value: object) -> None:
    horizon = validate(LTV, {"horizon_months": value})["horizon_months"]
    assert horizon == 12 and type(horizon) is int


def test_defaults_fill_missing_fields_with_the_right_types() -> None:
    values = validate(POOL, {})
    assert values == {f.name: f.default for f in POOL.fields}
    assert type(values["horizon_months"]) is int and type(values["cohort_size"]) is float


@pytest.mark.parametrize(
    ("name", "field", "value", "ok"),
    [
        ("pool_migration", "add_rate", 0, False),  # 0 < a
        ("pool_migration", "add_rate", "-0", False),
        ("pool_migration", "add_rate", 1e-9, True),
        ("pool_migration", "add_rate", 100, True),  # a ≤ 100
        ("pool_migration", "add_rate", 100.0000001, False),
        ("pool_migration", "roas", 0, False),  # roas > 0
        ("pool_migration", "roas", 1e-300, True),
        ("pool_migration", "monthly_churn", 100, False),  # b < 100
        ("pool_migration", "monthly_churn", 99.999, True),
        ("pool_migration", "horizon_months", 601, False),
        ("funnel", "viral_cycles", 51, False),
        ("funnel", "viral_cycles", 50, True),
        ("funnel", "invites_per_retained", 100.5, False),
        ("funnel", "visitors", 1e12, True),
        ("funnel", "visitors", 1.0000001e12, False),
        ("funnel", "revenue_per_buyer", 1e9, True),
        ("funnel", "revenue_per_buyer", 1.1e9, False),
    ],
)
def test_bounds_including_open_ends(name: str, field: str, value: object, ok: bool) -> None:
    if ok:
        run(name, {field: value})
    else:
        assert errors(name, {field: value}) == [(field, "out_of_range")]


def test_range_text_reads_the_open_ends() -> None:
    add_rate, roas = POOL.field("add_rate"), POOL.field("roas")
    assert range_text(add_rate, "en") == "above 0 and at most 100%"
    assert range_text(add_rate, "zh") == "大于 0 且不大于 100%"
    assert range_text(roas, "en") == "above 0 and at most 1,000"
    assert range_text(POOL.field("monthly_churn"), "zh") == "不小于 0 且小于 100%"


def test_every_field_of_every_calculator_is_fully_specified() -> None:
    for calc in CALCULATORS.values():
        for spec in calc.fields:
            assert spec.accepts(spec.default), (calc.name, spec.name)
            assert math.isfinite(spec.maximum) and math.isfinite(spec.minimum)
            limit = {"money": 1e9, "count": 1e12, "months": 600, "percent": 100}.get(spec.unit)
            if spec.unit == "percent" and spec.minimum == 0 and not spec.min_inclusive:
                limit = 1e4  # a relative rise (a lift) may pass 100%, up to a hundredfold
            if limit is not None:
                assert spec.maximum <= limit, (calc.name, spec.name)
            for text in (spec.label, spec.help):
                assert text.en.strip() and text.zh.strip(), (calc.name, spec.name)
            assert spec.help.en.rstrip().endswith(".") and spec.help.zh.rstrip().endswith("。")
        for output in calc.outputs:
            assert output.label.en.strip() and output.label.zh.strip()
            assert (output.unit == "category") == bool(output.choices), output.key


# ------------------------------------------------------------------ presets plumbing


def test_unknown_preset_names_the_valid_ones() -> None:
    with pytest.raises(UnknownPresetError) as info:
        run("pool_migration", {}, preset="nope")
    message = str(info.value)
    assert "nope" in message
    for preset in POOL.presets:
        assert preset.id in message


def test_defaulted_fields_are_the_ones_a_preset_leaves_out() -> None:
    for calc in CALCULATORS.values():
        for preset in calc.presets:
            kept = calc.defaulted_fields(preset)
            assert set(kept) | set(preset.values) == {f.name for f in calc.fields}
            assert not set(kept) & set(preset.values)


# ------------------------------------------------------------------ finite results


def test_finite_result_turns_overflow_into_null_with_a_note() -> None:
    note = Note("no_margin", "x", "y")
    result = finite_result(
        Result(
            {
                "a": math.inf,
                "b": -math.inf,
                "c": math.nan,
                "d": -0.0,
                "e": 1.5,
                "f": "loss",
                "g": None,
                "h": 3,
            },
            [note],
            {"month": [1.0, 2.0], "value": [1.0, math.inf]},
        )
    )
    assert result.outputs == {
        "a": None,
        "b": None,
        "c": None,
        "d": 0.0,
        "e": 1.5,
        "f": "loss",
        "g": None,
        "h": 3,
    }
    assert math.copysign(1.0, result.outputs["d"]) == 1.0  # type: ignore[arg-type]
    assert result.notes == [note, BEYOND_RANGE]
    assert result.series == {"month": [], "value": []}


def test_finite_result_leaves_a_finite_result_alone() -> None:
    result = Result({"a": 1.0}, [], {"month": [1.0], "v": [-0.0]})
    checked = finite_result(result)
    assert checked.outputs == {"a": 1.0} and checked.notes == []
    assert checked.series == {"month": [1.0], "v": [0.0]}
    assert math.copysign(1.0, checked.series["v"][0]) == 1.0


# ------------------------------------------------------------------ finance


def test_monthly_rate() -> None:
    # (1.1)^(1/12) - 1 = 0.0079741404; 12 % a year → 0.0094887929 a month
    assert monthly_rate(10) == pytest.approx(0.00797414042890376, rel=1e-12)
    assert monthly_rate(12) == pytest.approx(0.009488792934583046, rel=1e-12)
    assert monthly_rate(0) == 0.0


@pytest.mark.parametrize("q", [0.0, 0.5, 0.94, 0.9999995, 1.0, 1.0000001, 2.0, 100.0])
def test_geometric_sums_match_geometric_sum_bit_for_bit(q: float) -> None:
    sums = geometric_sums(q, 60)
    assert sums == [geometric_sum(q, t) for t in range(1, 61)]
    assert geometric_sums(q, 0) == []


def test_geometric_sum_hand_values() -> None:
    assert geometric_sum(1.0, 12) == 12.0
    assert geometric_sum(0.5, 3) == 1.75  # 1 + 0.5 + 0.25
    assert geometric_sum(2.0, 7) == 127.0  # 2^7 - 1
    assert geometric_sum(0.3, 0) == 0.0


def test_churn_adjusted_payback_cases() -> None:
    # P(X, u, 1 - c), written with r - 1 = -c
    # CAC 1200, m 80, c 3 %: ln(1 - 1200·0.03/80)/ln(0.97) = ln(0.55)/ln(0.97) = 19.627 (anchors §1.4)
    assert payback(1200, 80, -0.03) == pytest.approx(19.627, abs=5e-4)
    assert payback(0, 80, -0.03) == 0.0  # nothing to pay back
    assert payback(-5, 0, -0.5) == 0.0
    assert payback(100, 0, -0.03) is None  # nothing comes in
    assert payback(100, -1, 0.0) is None
    assert payback(300, 60, 0.0) == 5.0  # no churn: X/u
    assert payback(300, 60, -0.2) is None  # X·c/u = 1 exactly: only in the limit
    assert payback(300, 60, -0.25) is None


@pytest.mark.parametrize("churn", [1e-40, 1e-17, 1e-12, 1e-9])
def test_churn_adjusted_payback_with_churn_too_small_for_log(churn: float) -> None:
    # Regression: log(1 - c) was log(1.0) = 0 for c < 1.1e-16 (ZeroDivisionError) and
    # imprecise above that. As c → 0 the payback tends to X/u = 5 months:
    # n = ln(1 - 5c)/ln(1 - c) = 5 + 10c + O(c²).
    assert payback(300, 60, -churn) == pytest.approx(5 + 10 * churn, rel=1e-12)


def test_churn_adjusted_payback_with_tiny_cost_and_churn() -> None:
    # Regression: cost·churn underflowed to 0 (payback 0) when both were tiny.
    assert payback(4.3e-273, 2.59e-273, -4.3e-275) == pytest.approx(4.3 / 2.59, rel=1e-9)


# ------------------------------------------------------------------ finance: libm-free functions
# They exist for CPython/Pyodide parity (see calculators/finance.py); here they are held to
# libm's accuracy. ULP = one unit in the last place of 1.0.
ULP = 2.0**-52


def _relative(a: float, b: float) -> float:
    return abs(a - b) / abs(b) if b else abs(a)


def test_ln_matches_math_log() -> None:
    rng = random.Random(1)
    xs = [math.ldexp(0.5 + rng.random() / 2, rng.randint(-1073, 1024)) for _ in range(20000)]
    xs += [rng.uniform(0.5, 2.0) for _ in range(20000)] + [5e-324, 2.2250738585072014e-308, 1.0, 2.0, 1.7e308]
    worst = max(_relative(ln(x), math.log(x)) for x in xs)
    assert worst <= 2 * ULP
    assert ln(1.0) == 0.0 and ln(2.0) == pytest.approx(math.log(2.0), rel=ULP)


def test_ln_one_plus_matches_math_log1p() -> None:
    rng = random.Random(2)
    xs = [rng.uniform(-0.9999, 1.0) for _ in range(20000)]
    xs += [rng.choice((-1, 1)) * math.ldexp(1.0 + rng.random(), -rng.randint(1, 1070)) for _ in range(20000)]
    xs += [0.0, -0.25, 0.25, -0.5, 1e-17, -1e-17, 5e-324, -(1.0 - 2.0**-53)]
    worst = max(_relative(ln_one_plus(x), math.log1p(x)) for x in xs)
    assert worst <= 3 * ULP


def test_monthly_rate_matches_the_twelfth_root() -> None:
    rng = random.Random(3)
    for annual in [rng.uniform(0, 100) for _ in range(5000)] + [0.0, 1e-12, 10.0, 12.0, 100.0]:
        expected = math.expm1(math.log1p(annual / 100) / 12)  # (1 + D)^(1/12) - 1 without cancellation
        assert _relative(monthly_rate(annual), expected) <= 4 * ULP, annual


def test_integer_power_matches_pow_to_n_multiplications() -> None:
    rng = random.Random(4)
    for _ in range(5000):
        q, n = rng.uniform(0.0, 1.0), rng.randint(0, 600)
        expected = q**n
        if expected > 1e-290:  # compare where neither result is denormal
            assert _relative(integer_power(q, n), expected) <= max(n, 1) * ULP
    assert integer_power(100.0, 51) == pytest.approx(1e102, rel=51 * ULP)
    assert integer_power(0.0, 0) == 1.0 and integer_power(7.0, 1) == 7.0


PACKAGE = Path(calculators.__file__).parent
# Every module of the package, the calculator folders' included: found, not listed, so none is missed.
MODEL_MODULES = sorted(path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py"))
LIBM = {
    "log",
    "log1p",
    "log2",
    "log10",
    "exp",
    "expm1",
    "pow",
    "fsum",
    "sin",
    "cos",
    "tan",
    "atan",
    "hypot",
}


@pytest.mark.parametrize("module", MODEL_MODULES)
def test_models_use_no_libm_rounding(module: str) -> None:
    """Guard for CPython/Pyodide parity: no ``**`` between numbers and no libm function in the
    model code (finance.py has the deterministic replacements). math.sqrt is allowed: IEEE 754
    requires it to be correctly rounded, so it is the same in every runtime."""
    source = (PACKAGE / module).read_text(encoding="utf-8")
    for node in ast.walk(ast.parse(source)):
        assert not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow)), f"{module}:{node.lineno} uses **"
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "math":
            assert node.attr not in LIBM, f"{module}:{node.lineno} uses math.{node.attr}"


def test_registered_compute_keeps_the_finite_promise_for_every_caller() -> None:
    # Callers other than run() (the page's sensitivity table, the exercises) call compute directly.
    values = validate(POOL, {"add_rate": 1e-320})
    result = POOL.compute(values)
    assert result.outputs["migration_cost_per_member"] is None
    assert BEYOND_RANGE in result.notes
    assert POOL.compute.__name__ == "compute"


@pytest.mark.parametrize("text", ["$120", "US$120", "€120", "¥120", "120"])
def test_an_amount_typed_in_the_pages_currency_reads_as_the_number(text: str) -> None:
    assert run("ltv_cac", {"arpu": text})["inputs"]["arpu"] == 120
