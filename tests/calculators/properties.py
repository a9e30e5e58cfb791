"""What every calculator result must satisfy, and the tolerances the property tests use.

Each calculator's test folder adds its own part (contract.py: which outputs may be null
for which note, and the comparison with its step-by-step simulation).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from hypothesis import settings

from calculators.core import Calculator
from tests.calculators.simulate import cumulative_margin
from tests.calculators.strategies import TINY_INPUT, valid_number, valid_numbers

REL = 1e-9
TINY = 1e-300  # absolute slack for values built from denormal inputs
# A quotient is compared only when its divisor is a normal double: a denormal keeps only
# a few significant bits, so x / denormal is no more precise than those bits.
NORMAL = 1e-290


def close(actual: float, expected: float, scale: float = 0.0, tiny: float = TINY) -> bool:
    """Equal to 1e-9 of the larger magnitude involved (``scale``: the terms before any cancellation).

    ``tiny`` is the absolute error a denormal input can leave: a product that passes
    through the denormal range keeps only a few significant bits, and later factors
    (up to K^50 in the funnel) magnify that absolute error.
    """
    bound = max(abs(actual), abs(expected), abs(scale))
    return abs(actual - expected) <= REL * bound + tiny


def null_exactly_when(value: Any, undefined: bool, codes: set[str]) -> None:
    """Null when the spec says undefined; otherwise a number, unless something overflowed."""
    if undefined:
        assert value is None
    else:
        assert value is not None or "beyond_range" in codes


def finite(x: Any) -> bool:
    return isinstance(x, float | int) and math.isfinite(x)


def check_contract(
    calc: Calculator,
    result: dict[str, Any],
    null_reasons: Mapping[str, set[str]],
    note_nulls: Mapping[str, tuple[str, ...]],
    null_when_not_fitted: tuple[str, ...] = (),
) -> set[str]:
    """Finite JSON, every input and output present, and a null only with a note that explains it.

    ``null_when_not_fitted``: outputs of a fitted retention curve, null (with no note: there is
    nothing to explain) exactly when fewer than two retention points are given.
    """
    json.dumps(result, allow_nan=False)  # no NaN or Infinity anywhere
    outputs, codes = result["outputs"], [n["code"] for n in result["notes"]]
    assert len(codes) == len(set(codes)), codes
    for n in result["notes"]:
        assert n["en"].strip() and n["zh"].strip(), n
    assert set(result["inputs"]) == {f.name for f in calc.fields}
    for spec in calc.fields:
        value = result["inputs"][spec.name]
        assert spec.accepts(value), (spec.name, value)
        assert isinstance(value, int) if spec.integer else isinstance(value, float)
    assert set(outputs) == {o.key for o in calc.outputs}
    reasons = null_reasons
    for key in null_when_not_fitted:
        assert (outputs[key] is None) == (not fitted(result["inputs"])), key
    for spec in calc.outputs:
        value = outputs[spec.key]
        if value is None and spec.key in null_when_not_fitted:
            continue
        if value is None:
            assert reasons.get(spec.key, set()) & set(codes), f"{spec.key} is null without a note ({codes})"
        elif spec.unit == "category":
            assert value in spec.choices, (spec.key, value)
        else:
            assert isinstance(value, float), (spec.key, value)
            assert math.isfinite(value), (spec.key, value)
            assert math.copysign(1.0, value) == 1.0 or value != 0, f"{spec.key} is -0.0"
    for code in codes:
        for key in note_nulls.get(code, ()):
            assert outputs[key] is None, f"note {code} but {key} = {outputs[key]}"
    for key, points in result["series"].items():
        assert all(isinstance(p, float) and math.isfinite(p) for p in points), key
    return set(codes)


def check_payback(payback: float | None, cost: float, per_month: float, factor: float, rounded: bool = False) -> None:
    """P(X, u, r) against the cumulative value u·Σ r^t walked month by month.

    ``rounded``: r is a product of rates that may have rounded to exactly 1 from just below it
    (a discount of 1e-18 a month); the model keeps r - 1 apart, so a null is then possible.
    """
    if payback is None:
        assert cost > 0
        if per_month <= 0 or (rounded and factor == 1):
            return
        if factor >= 1:  # pays back after at most cost/u months: null only if that is beyond a double
            assert not math.isfinite(cost / per_month)
            return
        limit = per_month / (1 - factor)  # the whole future value, Σ u·r^t
        if cost * (1 - factor) > 1e-290 and math.isfinite(limit):  # (denormal products are too coarse)
            assert limit <= cost * (1 + REL), (limit, cost)
        if limit < cost * (1 - REL):
            assert cumulative_margin(per_month, factor, 1200)[-1] < cost
        return
    assert payback >= 0
    if cost <= 0:
        assert payback == 0
        return
    if payback > 1200:
        return  # too long to walk month by month; the limit check above covers the other side
    totals = cumulative_margin(per_month, factor, math.ceil(payback) + 1)
    before, after = math.floor(payback), max(1, math.ceil(payback))
    assert totals[before] <= cost * (1 + REL) + TINY, (payback, totals[before], cost)
    assert totals[after] >= cost * (1 - REL) - TINY, (payback, totals[after], cost)


def moderate(values: dict[str, Any]) -> bool:
    """No input is a tiny non-zero magnitude (see strategies.TINY_INPUT).

    Tiny inputs can push a product into the denormal range, where a double keeps only a
    few significant bits and neither the model nor the simulation is accurate to 1e-9;
    those examples are held to the contract only (finite, or null with a note).
    """
    return all(x == 0 or abs(x) >= TINY_INPUT for x in values.values())


# The main property runs the profile's full count (2,000 / 50,000 with "slow"); the
# cheaper-to-state ones run a quarter of it, to keep the normal run under a minute.
QUARTER = max(100, settings.default.max_examples // 4)


def numbers(calc: Calculator, data: Any) -> dict[str, Any]:
    return data.draw(valid_numbers(calc))


def pair(calc: Calculator, field: str, data: Any) -> tuple[Any, Any]:
    low, high = sorted((data.draw(valid_number(calc.field(field))), data.draw(valid_number(calc.field(field)))))
    return low, high


RETENTION_MONTHS = (1, 3, 6, 12, 24)


def retention_points(v: Mapping[str, Any]) -> list[tuple[int, float]]:
    """(month, fraction) of the retention fields given (not 0)."""
    return [(t, v[f"retention_m{t}"] / 100) for t in RETENTION_MONTHS if v.get(f"retention_m{t}", 0) > 0]


def fitted(v: Mapping[str, Any]) -> bool:
    return len(retention_points(v)) >= 2


def check_fit(result: dict[str, Any], codes: set[str]) -> tuple[float, float] | None:
    """The retention fit's own promises: (α, β) inside the box, fit_rmse_pp the RMS gap they leave at the
    given points (S(t) walked month by month), and the notes that go with them. None if nothing was fitted."""
    v, out = result["inputs"], result["outputs"]
    points = retention_points(v)
    if len(points) < 2:
        assert "using_fitted_retention" not in codes and "poor_fit" not in codes and "extrapolating" not in codes
        assert ("one_retention_point" in codes) == (len(points) == 1)
        return None
    alpha, beta = out["sbg_alpha"], out["sbg_beta"]
    assert 1e-6 <= alpha <= 1e6 and 1e-6 <= beta <= 1e6
    alive, by_month = 1.0, {0: 1.0}
    for t in range(points[-1][0]):
        alive *= (beta + t) / (alpha + beta + t)
        by_month[t + 1] = alive
    gaps = [100 * (by_month[t] - share) for t, share in points]
    rmse = math.sqrt(sum(g * g for g in gaps) / len(gaps))
    assert abs(out["fit_rmse_pp"] - rmse) <= 1e-9 * 100
    assert "using_fitted_retention" in codes
    assert ("poor_fit" in codes) == (out["fit_rmse_pp"] > 2)
    assert ("extrapolating" in codes) == (v["horizon_months"] > 3 * points[-1][0])
    return alpha, beta


def check_summed_payback(
    payback: float | None, cost: float, per_month: float, totals: list[float], scale: float
) -> None:
    """A payback on a fitted curve: where the cumulative margin walked month by month crosses the cost,
    linear within that month; null only if it never does within the months walked (100 years)."""
    slack = REL * max(abs(cost), scale) + TINY
    if payback is None:
        assert cost > 0 and (per_month <= 0 or totals[-1] < cost + slack)
        return
    if cost <= 0:
        assert payback == 0
        return
    month = min(int(payback), len(totals) - 2)
    assert totals[month] <= cost + slack and totals[month + 1] >= cost - slack, (payback, cost)
    expected = month + (cost - totals[month]) / (totals[month + 1] - totals[month])
    assert abs(payback - expected) <= 1e-6 * max(1.0, payback)


def falling_retention(values: dict[str, Any]) -> dict[str, Any]:
    """The drawn retention points, given ones sorted to fall with the month (a rise is a field error,
    core.Constraint, which the monotonic relations do not test): the same values, a valid order."""
    names = [f"retention_m{t}" for t in RETENTION_MONTHS if values.get(f"retention_m{t}", 0) > 0]
    shares = sorted((values[name] for name in names), reverse=True)
    return {**values, **dict(zip(names, shares, strict=True))}
