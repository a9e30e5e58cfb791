"""The ltv_cac exercises' answers worked out again, independently of the package's solvers.

Used by tests/calculators/test_exercises.py: INDEPENDENT recomputes every answer
from the spec's formulas, THRESHOLDS lists answers that must hit a target when fed
back into the calculator, SHOWN_ANSWERS what the "see the answer" link displays,
and premises() the qualitative claims the texts make.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import pytest

from calculators import run
from calculators.display import format_number
from tests.calculators.exercise_helpers import correct, g, inputs, monthly, root


def _ltv(v: Mapping[str, Any]) -> float:
    q = (1 - v["monthly_churn"] / 100) / (1 + monthly(v["annual_discount_rate"]))
    return float(v["arpu"] * v["gross_margin"] / 100 * g(q, int(v["horizon_months"])))


def _ltv_read_verdict() -> dict[str, Any]:
    v = inputs("ltv-read-verdict")
    ratio = _ltv(v) / v["cac"]
    m, c = v["arpu"] * v["gross_margin"] / 100, v["monthly_churn"] / 100
    band = "loss" if ratio < 1 else "weak" if ratio < 3 else "healthy" if ratio <= 5 else "under_investing"
    return {"ratio": ratio, "band": band, "payback": math.log(1 - v["cac"] * c / m) / math.log(1 - c)}


def _ltv_max_cac() -> dict[str, Any]:
    ltv = _ltv(inputs("ltv-max-cac"))
    return {"cac_5x": ltv / 5, "cac_3x": ltv / 3}


def _ltv_payback_churn() -> dict[str, Any]:
    v = inputs("ltv-payback-churn")
    m = v["arpu"] * v["gross_margin"] / 100
    return {"churn": 100 * root(lambda c: m * (1 - (1 - c) ** 12) / c - v["cac"], 1e-9, 0.99)}


def _ltv_retention_or_cac() -> dict[str, Any]:
    v = inputs("ltv-retention-or-cac")
    ratio_a = _ltv({**v, "monthly_churn": v["monthly_churn"] - 2}) / v["cac"]
    ratio_b = _ltv(v) / (v["cac"] * 0.8)
    return {"better": "a" if ratio_a > ratio_b else "b", "ratio": max(ratio_a, ratio_b)}


def _ltv_saas_benchmark() -> dict[str, Any]:
    v = inputs("ltv-saas-benchmark")
    return {"churn": root(lambda c: _ltv({**v, "monthly_churn": c}) / v["cac"] - 3, 0, v["monthly_churn"])}


INDEPENDENT: dict[str, Callable[[], dict[str, Any]]] = {
    "ltv-read-verdict": _ltv_read_verdict,
    "ltv-max-cac": _ltv_max_cac,
    "ltv-payback-churn": _ltv_payback_churn,
    "ltv-retention-or-cac": _ltv_retention_or_cac,
    "ltv-saas-benchmark": _ltv_saas_benchmark,
}

# exercise, answer key, field it sets, output, target
THRESHOLDS: list[tuple[str, str, str, str, float]] = [
    ("ltv-payback-churn", "churn", "monthly_churn", "payback_months", 12.0),
    ("ltv-saas-benchmark", "churn", "monthly_churn", "ltv_cac_ratio", 3.0),
    ("ltv-max-cac", "cac_5x", "cac", "ltv_cac_ratio", 5.0),
    ("ltv-max-cac", "cac_3x", "cac", "ltv_cac_ratio", 3.0),
]

# What the calculator displays when opened from each "see the answer" link that changes an input.
SHOWN_ANSWERS: dict[str, tuple[str, Callable[[], str]]] = {
    "ltv-payback-churn": ("payback_months", lambda: "12.0 months"),
    "ltv-saas-benchmark": ("ltv_cac_ratio", lambda: "3.00×"),
    "ltv-max-cac": ("ltv_cac_ratio", lambda: "3.00×"),
    "ltv-retention-or-cac": (
        "ltv_cac_ratio",
        lambda: format_number(float(correct("ltv-retention-or-cac")["ratio"]), "ratio", "en"),
    ),
}


def premises() -> None:
    """The prose's qualitative claims ("below 3×", "activation adds the most") still hold."""
    out = run("ltv_cac", preset="insurance_agent")["outputs"]
    assert out["ltv_cac_ratio"] < 3 and out["payback_months"] > 12
    assert run("ltv_cac", preset="coffee_chain")["outputs"]["ratio_band"] == "under_investing"
    beauty = run("ltv_cac", preset="dtc_beauty")["outputs"]
    assert beauty["payback_months"] is None  # "a new customer never pays back" at about 150 yuan
    assert 145 <= run("ltv_cac", preset="dtc_beauty")["inputs"]["cac"] <= 155
    assert run("ltv_cac", inputs("ltv-payback-churn"))["outputs"]["payback_months"] < 12
    assert run("ltv_cac", inputs("ltv-payback-churn"))["outputs"]["ltv_cac_ratio"] < 3  # "only …"
    answers = correct("ltv-retention-or-cac")
    assert answers["better"] == "a" and float(answers["ratio"]) < 3
    saas = run("ltv_cac", preset="b2b_saas")
    assert saas["outputs"]["simple_payback_months"] == pytest.approx(12)
    assert saas["outputs"]["ltv_cac_ratio"] < 3
