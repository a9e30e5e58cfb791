"""The holdout_test exercises' answers worked out again, independently of the package's solvers.

Used by tests/calculators/test_exercises.py: INDEPENDENT recomputes every answer
from the spec's formulas with statistics.NormalDist, THRESHOLDS lists answers that
must hit a target when fed back into the calculator, SHOWN_ANSWERS what the "see
the answer" link displays, and premises() the claims the texts make.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from statistics import NormalDist
from typing import Any

from calculators import CALCULATORS, run
from tests.calculators.exercise_helpers import correct, inputs, root
from tests.calculators.holdout_test.simulate import simulate_holdout_test

Z = NormalDist()


def _plan(v: Mapping[str, Any]) -> dict[str, Any]:
    return simulate_holdout_test(v)


def _power_at(v: Mapping[str, Any], share: float) -> float:
    return float(_plan({**v, "holdout_share": share})["power_at_expected_lift"])  # type: ignore[arg-type]


def _read_power() -> dict[str, Any]:
    s = _plan(inputs("holdout-read-power"))
    return {"required": s["required_members"], "power": s["power_at_expected_lift"]}


def _smallest_holdout() -> dict[str, Any]:
    v = inputs("holdout-smallest-holdout")
    share = root(lambda h: _power_at(v, h) - v["power"], 0.01, 50)
    return {"share": share, "forgone": v["members"] * share / 100 * v["baseline_purchase_rate"] / 100 * 0.25}


def _read_result() -> dict[str, Any]:
    v = inputs("holdout-read-result")
    pt, pc = v["observed_rate_treated"] / 100, v["observed_rate_holdout"] / 100
    n_t, n_c = v["members"] * 0.9, v["members"] * 0.1
    low = 100 * ((pt - pc) - Z.inv_cdf(0.975) * math.sqrt(pt * (1 - pt) / n_t + pc * (1 - pc) / n_c))
    return {"verdict": "significant_gain", "low": low, "anyway": 100 * pc / pt}


def _small_book() -> dict[str, Any]:
    s = _plan(inputs("holdout-small-book"))
    return {"required": s["required_members"], "mde": s["min_detectable_lift"]}


def _not_significant() -> dict[str, Any]:
    s = _plan(inputs("holdout-not-significant"))
    return {"verdict": "not_significant", "high": s["difference_ci_high_pp"]}


INDEPENDENT: dict[str, Callable[[], dict[str, Any]]] = {
    "holdout-read-power": _read_power,
    "holdout-smallest-holdout": _smallest_holdout,
    "holdout-read-result": _read_result,
    "holdout-small-book": _small_book,
    "holdout-not-significant": _not_significant,
}

# exercise, answer key, field it sets, output, target
THRESHOLDS: list[tuple[str, str, str, str, float]] = [
    ("holdout-smallest-holdout", "share", "holdout_share", "power_at_expected_lift", 80.0),
]

# What the calculator displays when opened from each "see the answer" link that changes an input.
SHOWN_ANSWERS: dict[str, tuple[str, Callable[[], str]]] = {
    "holdout-smallest-holdout": ("power_at_expected_lift", lambda: "80.0%"),
}


def premises() -> None:
    """The prose's claims: the textbook test is a little stronger than needed, the smallest
    detectable lift sits just under the hoped-for 25%, the measured result is a gain even at the
    low end, the small book cannot be tested, and "not significant" still allows more than 2 pp."""
    textbook = run("holdout_test", preset="textbook")
    out, v = textbook["outputs"], textbook["inputs"]
    assert out["required_members"] < v["members"] and out["power_at_expected_lift"] > v["power"]
    assert 20 < out["min_detectable_lift"] < v["expected_lift"]
    assert float(correct("holdout-smallest-holdout")["share"]) < v["holdout_share"]
    measured = run("holdout_test", preset="textbook_measured")["outputs"]
    assert measured["difference_ci_low_pp"] > 0 and measured["verdict"] == "significant_gain"
    small = run("holdout_test", preset="insurance_agent")
    assert small["outputs"]["required_members"] > 10 * small["inputs"]["members"]
    assert small["outputs"]["min_detectable_lift"] > 3 * small["inputs"]["expected_lift"]
    assert small["outputs"]["power_at_expected_lift"] < 20
    weak = correct("holdout-not-significant")
    hoped = v["baseline_purchase_rate"] * v["expected_lift"] / 100  # 2 pp
    assert weak["verdict"] == "not_significant" and float(weak["high"]) > hoped
    assert "holdout_test" in CALCULATORS
