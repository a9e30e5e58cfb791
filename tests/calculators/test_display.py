"""How numbers are shown: units, decimals, signs, null and categories, in both languages."""

from __future__ import annotations

import json
import re

import pytest

from calculators import CALCULATORS
from calculators.core import MINUS
from calculators.display import (
    NULL_TEXT,
    format_change,
    format_input,
    format_number,
    format_output,
    format_stated,
    js_number_string,
    unit_label,
)


@pytest.mark.parametrize(
    ("value", "unit", "lang", "text"),
    [
        (1013.3555822775, "money", "en", "¥1,013.36"),
        (620972.2416551948, "money", "en", "¥620,972"),  # no cents from 100,000 up
        (-0.442, "money", "zh", "−¥0.44"),  # typographic minus
        (-0.001, "money", "en", "¥0.00"),  # rounds to zero: no minus
        (-0.004, "percent", "en", "0.00%"),
        (-0.04, "months", "en", "0.0 months"),
        (-0.4, "count", "en", "0"),
        (2.0, "percent", "en", "2.00%"),
        (1774.2064, "percent", "zh", "1,774.2%"),
        (5.6085, "months", "en", "5.6 months"),
        (5.6085, "months", "zh", "5.6 个月"),
        (3.3778, "ratio", "en", "3.38×"),
        (10162.6, "count", "en", "10,163"),
        (0.016, "number", "en", "0.016"),
        (12.3456, "number", "en", "12.35"),
        (1.0101010101e112, "count", "en", "1.010×10^112"),
        (-2e20, "money", "en", "−¥2.000×10^20"),
    ],
)
def test_format_number(value: float, unit: str, lang: str, text: str) -> None:
    assert format_number(value, unit, lang) == text  # type: ignore[arg-type]


def test_format_output_null_and_categories() -> None:
    funnel = CALCULATORS["funnel"]
    step = next(o for o in funnel.outputs if o.key == "weakest_step")
    assert format_output(step, "retention", "en") == "30-day retention"
    assert format_output(step, "retention", "zh") == "30 天留存"
    assert format_output(step, "unexpected", "en") == "unexpected"
    buyers = funnel.outputs[0]
    assert format_output(buyers, None, "zh") == NULL_TEXT == "—"
    assert format_output(buyers, 203.25, "en") == "203"


def test_every_output_formats_in_both_languages() -> None:
    from calculators import run

    for name, calc in CALCULATORS.items():
        result = run(name)
        for spec in calc.outputs:
            for lang in ("en", "zh"):
                text = format_output(spec, result["outputs"][spec.key], lang)  # type: ignore[arg-type]
                assert text and "nan" not in text.lower() and "inf" not in text.lower()


def test_unit_labels() -> None:
    assert unit_label("money", "en") == "¥" and unit_label("months", "zh") == "个月"
    assert unit_label("percent", "zh") == "%" and unit_label("count", "en") == ""


def test_format_input() -> None:
    pool = CALCULATORS["pool_migration"]
    assert format_input(pool.field("horizon_months"), 36) == "36"
    assert format_input(pool.field("payment_fee"), 0.6) == "0.6"
    assert format_input(pool.field("opex_per_member_month"), 0.1 / 12) == "0.008333333333"
    assert format_input(pool.field("cohort_size"), 1e9) == "1000000000"
    assert format_input(pool.field("cohort_size"), 1e12) == "1e+12"  # %.10g; reads back the same


@pytest.mark.parametrize("name", list(CALCULATORS))
def test_format_input_reads_back_to_the_same_value(name: str) -> None:
    from calculators.core import ValidationError, parse_number, validate

    calc = CALCULATORS[name]
    for spec in calc.fields:
        ends = [end for end, ok in ((spec.minimum, spec.min_inclusive), (spec.maximum, spec.max_inclusive)) if ok]
        for value in (spec.default, *ends):
            value = int(value) if spec.integer else float(value)
            text = format_input(spec, value)
            try:
                assert validate(calc, {spec.name: text})[spec.name] == value
            except ValidationError as error:  # an end that breaks a rule between fields: read it alone
                assert {e.code for e in error.errors} == {"inconsistent"}
                assert parse_number(text) == value


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.0, "0"),
        (-0.0, "0"),
        (100.0, "100"),
        (1.5, "1.5"),
        (0.1, "0.1"),
        (1e21, "1e+21"),
        (123456789012345680000.0, "123456789012345680000"),
        (1e-7, "1e-7"),
        (0.000001, "0.000001"),
        (5e-324, "5e-324"),
        (-62.09722416551948, "-62.09722416551948"),
        (1.0101010101010102e112, "1.0101010101010102e+112"),
        (3, "3"),
    ],
)
def test_js_number_string(value: float, text: str) -> None:
    assert js_number_string(value) == text


# Inputs that make every calculator show negative numbers: losses, falling curves, worse cases.
NEGATIVE_SCENARIOS = {
    "ltv_cac": {"variable_cost_per_month": "80"},
    "pool_migration": {"opex_per_member_month": "5"},
    "funnel": {"cost_per_visitor": "50"},
    "holdout_test": {"observed_rate_treated": "6", "observed_rate_holdout": "8"},
}
HYPHEN_MINUS = re.compile(r"(?<![\w])-(?=[\d.¥])")  # "-3", "-¥3", "-.5"; not "30-day", not "1e-7"


def shown_texts(answer: object, skip: frozenset[str] = frozenset({"result", "value"})) -> list[str]:
    """Every string a page would print from a web answer (not the raw numbers in "result"/"value")."""
    if isinstance(answer, str):
        return [answer]
    if isinstance(answer, dict):
        return [text for key, item in answer.items() if key not in skip for text in shown_texts(item)]
    if isinstance(answer, list):
        return [text for item in answer for text in shown_texts(item)]
    return []


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", list(NEGATIVE_SCENARIOS))
def test_every_negative_number_shown_uses_one_minus_sign(name: str, lang: str) -> None:
    from calculators.web import answer

    reply = answer({"calculator": name, "inputs": NEGATIVE_SCENARIOS[name], "lang": lang, "want": ["sensitivity"]})
    texts = shown_texts(reply)
    assert any(MINUS in text for text in texts), "the scenario shows a negative number"
    assert [text for text in texts if HYPHEN_MINUS.search(text)] == []
    steps = reply["sensitivity"]["steps"]
    assert steps == ["−20%", "−10%", "+10%", "+20%"]


def test_cli_text_and_range_messages_use_the_same_minus(capsys: pytest.CaptureFixture[str]) -> None:
    from calculators.cli import main

    assert main(["run", "ltv_cac", "variable_cost_per_month=80", "--lang", "zh"]) == 0
    assert main(["run", "ltv_cac", "arpu_growth=-60"]) == 2
    out, err = capsys.readouterr()
    assert "每客户每月毛利" in out and "−¥20.00" in out and not HYPHEN_MINUS.search(out)
    assert err.strip() == "arpu_growth: Monthly growth in revenue per customer must be at least −50 and at most 50%"


@pytest.mark.parametrize(
    ("percent", "decimals", "text"),
    [(4.34, 1, "+4.3%"), (-10, 1, "−10.0%"), (-20, 0, "−20%"), (10, 0, "+10%"), (-0.04, 1, "0.0%"), (0, 0, "0%")],
)
def test_format_change(percent: float, decimals: int, text: str) -> None:
    assert format_change(percent, decimals) == text


@pytest.mark.parametrize(
    ("value", "unit", "lang", "text"),
    [
        (30, "money", "en", "¥30"),
        (-1.5, "money", "zh", "−¥1.5"),
        (100000, "count", "en", "100,000"),
        (65.7, "percent", "zh", "65.7%"),
        (60, "months", "zh", "60 个月"),
        (-5, "percent", "en", "−5%"),
    ],
)
def test_format_stated(value: float, unit: str, lang: str, text: str) -> None:
    assert format_stated(value, unit, lang) == text  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("currency", "symbol"), [("USD", {"en": "$", "zh": "US$"}), ("EUR", {"en": "€", "zh": "€"})])
def test_a_page_currency_changes_every_symbol_and_no_number(currency: str, symbol: dict[str, str], lang: str) -> None:
    from calculators.web import answer

    request = {"calculator": "pool_migration", "inputs": {}, "lang": lang, "want": ["sensitivity"]}
    yuan = answer(request)
    other = answer({**request, "currency": currency})
    assert other["result"] == yuan["result"], "the model is currency-free"
    shown = json.dumps({k: v for k, v in other.items() if k != "result"}, ensure_ascii=False)
    assert "¥" not in shown
    assert other["outputs"]["npv_per_member"]["text"] == yuan["outputs"]["npv_per_member"]["text"].replace(
        "¥", symbol[lang]
    )
    assert answer({**request, "currency": "XYZ"}) == yuan, "an unknown currency changes nothing"
